/// Answers computed from the dataset, kept while it does not change: a reader pages through one query, so
/// filtering and sorting a whole table again for every page would make a long read quadratic. The sandbox
/// routes one request at a time, so no lock is needed.
struct VersionedAnswers<Value> {
    private var values: [String: Value] = [:]
    private var version = -1

    /// The answer for `key` under the dataset's `current` version, made once.
    mutating func value(_ key: String, at current: Int, make: () throws -> Value) rethrows -> Value {
        if version != current {
            values = [:]
            version = current
        }
        if let value = values[key] { return value }
        let value = try make()
        values[key] = value
        return value
    }
}
