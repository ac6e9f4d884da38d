/// A record's typed fields, kept in the order the source produced them.
///
/// A record has tens of fields and is touched by a few transforms and one sink, so an array searched by
/// name beats a hash table: no hashing, one allocation, and a sink reading columns in schema order finds
/// each field where the previous one ended (`value(of:near:)`). Names are unique; equality ignores order.
public struct Fields: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    public typealias Element = (key: String, value: Value)

    private var storage: [Element]

    public init() { storage = [] }

    public init(minimumCapacity: Int) {
        storage = []
        storage.reserveCapacity(minimumCapacity)
    }

    /// Fields from name–value pairs; a repeated name keeps its last value.
    public init<S: Sequence>(_ pairs: S) where S.Element == (String, Value) {
        storage = []
        storage.reserveCapacity(pairs.underestimatedCount)
        for (name, value) in pairs { self[name] = value }
    }

    /// Fields from parallel arrays of names known to be distinct (a catalog's columns) and their values:
    /// no search per name. Room is left for the columns transforms add.
    public init(unique names: [String], _ values: [Value]) {
        precondition(
            names.count == values.count, "Fields(unique:_:) given \(names.count) names for \(values.count) values")
        storage = []
        storage.reserveCapacity(names.count + 8)
        for i in names.indices { storage.append((names[i], values[i])) }
        assert(Set(names).count == names.count, "Fields(unique:_:) given a repeated name")
    }

    public init(dictionaryLiteral elements: (String, Value)...) { self.init(elements) }

    public var count: Int { storage.count }
    public var isEmpty: Bool { storage.isEmpty }
    public var names: [String] { storage.map(\.key) }

    public func makeIterator() -> IndexingIterator<[Element]> { storage.makeIterator() }

    public func index(of name: String) -> Int? {
        // Comparing lengths first skips most string comparisons (cheap for small and native strings).
        let length = name.utf8.count
        return storage.firstIndex { $0.key.utf8.count == length && $0.key == name }
    }

    /// The value named `name`, or nil when the record has no such field. Setting nil removes the field;
    /// setting a new name appends it.
    public subscript(name: String) -> Value? {
        get { index(of: name).map { storage[$0].value } }
        set {
            switch (index(of: name), newValue) {
            case (let i?, let v?): storage[i].value = v
            case (let i?, nil): storage.remove(at: i)
            case (nil, let v?): storage.append((name, v))
            case (nil, nil): break
            }
        }
    }

    /// Looks at `position` first and leaves it just past the field found, so reading columns in the
    /// order the fields were produced costs one comparison each; any other order still finds the field.
    public func value(of name: String, near position: inout Int) -> Value? {
        if position < storage.count, storage[position].key == name {
            position += 1
            return storage[position - 1].value
        }
        guard let i = index(of: name) else { return nil }
        position = i + 1
        return storage[i].value
    }

    @discardableResult
    public mutating func removeValue(forKey name: String) -> Value? {
        guard let i = index(of: name) else { return nil }
        return storage.remove(at: i).value
    }

    /// Renames a field in place (its position is kept); false when there is no field `old`.
    @discardableResult
    public mutating func rename(_ old: String, to new: String) -> Bool {
        guard index(of: old) != nil else { return false }
        if new != old { removeValue(forKey: new) }
        storage[index(of: old)!].key = new
        return true
    }

    public static func == (a: Fields, b: Fields) -> Bool {
        guard a.count == b.count else { return false }
        return a.storage.allSatisfy { b[$0.key] == $0.value }
    }

    public var description: String {
        "[" + storage.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "]"
    }
}
