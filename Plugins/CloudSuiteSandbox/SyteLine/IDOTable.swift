/// One IDO's rows, as the IDO REST API returns them: strings or null. Built from the canonical rows by its
/// `IDOView` and rebuilt when they change.
final class IDOTable {
    let name: String
    let properties: [String]
    let keys: [String]
    var rows: [[String: String?]] = []
    /// The canonical row each IDO row shows.
    var canonicalRows: [Int] = []
    /// Row indexes in (RecordDate, RowPointer) order — the order incremental readers ask for.
    private var sortedByRecordDate: [(key: [String], row: Int)]?

    init(name: String, properties: [String], keys: [String]) {
        self.name = name
        self.properties = properties + ["RecordDate", "RowPointer"]
        self.keys = keys
    }

    func recordDateOrder() -> [(key: [String], row: Int)] {
        if let sorted = sortedByRecordDate { return sorted }
        let sorted = rows.indices.map { i in
            (key: [(rows[i]["RecordDate"] ?? nil) ?? "", (rows[i]["RowPointer"] ?? nil) ?? ""], row: i)
        }
        .sorted { $0.key.lexicographicallyPrecedes($1.key) }
        sortedByRecordDate = sorted
        return sorted
    }
}
