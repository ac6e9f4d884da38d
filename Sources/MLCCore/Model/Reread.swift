/// A re-read by key: the reader of the current versions and the keys it asks for. A key it cannot ask for
/// (no key, a key that does not split into the entity's key properties) stays parked as it is.
public struct Reread {
    public var reader: any PageReader
    public var keys: Set<String>

    public init(reader: any PageReader, keys: Set<String>) {
        self.reader = reader
        self.keys = keys
    }
}
