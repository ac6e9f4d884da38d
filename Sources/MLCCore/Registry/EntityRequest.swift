/// An entity the manifest asks for, with its per-entity overrides.
public struct EntityRequest: Sendable {
    public var name: String
    public var options: JSON
    public var manifestPath: String
    public init(name: String, options: JSON = .object([]), manifestPath: String) {
        self.name = name
        self.options = options
        self.manifestPath = manifestPath
    }
}
