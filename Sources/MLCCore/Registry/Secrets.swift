import Foundation

/// A reference to a secret in a manifest. Secrets are never literals in a manifest.
public enum SecretReference: Equatable, Sendable, CustomStringConvertible {
    case env(String)
    case file(String)
    case store(String)

    public static let forms = #"{"env": "VAR"}, {"file": "path"} or {"secret": "NAME"} (stored with `mlc secrets add`)"#

    public init?(json: JSON) {
        guard case .object(let m) = json, m.count == 1, let v = m[0].value.stringValue, !v.isEmpty else { return nil }
        switch m[0].key {
        case "env": self = .env(v)
        case "file": self = .file(v)
        case "secret": self = .store(v)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .env(let v): return "env \(v)"
        case .file(let v): return "file \(v)"
        case .store(let v): return "secret \(v)"
        }
    }
}

/// Resolves secret references to their bytes. The store lookup is supplied by the state store's
/// encrypted secrets when available.
public struct SecretResolver {
    public var manifestDirectory: String
    public var store: ((String) throws -> [UInt8]?)?
    /// Answers every reference with placeholder bytes: `validate` builds transforms to check their fields
    /// without reading (or needing) any secret.
    public private(set) var placeholders = false

    public static func placeholders(manifestDirectory: String) -> SecretResolver {
        var resolver = SecretResolver(manifestDirectory: manifestDirectory)
        resolver.placeholders = true
        return resolver
    }

    public init(manifestDirectory: String, store: ((String) throws -> [UInt8]?)? = nil) {
        self.manifestDirectory = manifestDirectory
        self.store = store
    }

    public func resolve(_ ref: SecretReference, at path: String) throws -> [UInt8] {
        if placeholders { return [UInt8](repeating: 0, count: 32) }
        switch ref {
        case .env(let name):
            guard let v = ProcessInfo.processInfo.environment[name], !v.isEmpty else {
                throw MLCError(
                    .configuration, "environment variable \(name) is not set or empty",
                    hint: "export \(name) before running mlc", context: .init(manifestPath: path))
            }
            return Array(v.utf8)
        case .file(let p):
            let full = p.hasPrefix("/") ? p : manifestDirectory + "/" + p
            guard let data = FileManager.default.contents(atPath: full) else {
                throw MLCError(
                    .configuration, "secret file \(full) cannot be read",
                    hint: "check the path (relative paths are relative to the manifest) and its permissions",
                    context: .init(manifestPath: path))
            }
            return Array(data)
        case .store(let name):
            guard let store else {
                throw MLCError(
                    .configuration, "stored secret \(name) cannot be read: no secret store is open",
                    context: .init(manifestPath: path))
            }
            guard let v = try store(name) else {
                throw MLCError(
                    .configuration, "no stored secret named \(name)",
                    hint: "add it with `mlc secrets add \(name) …`, or list them with `mlc secrets list`",
                    context: .init(manifestPath: path))
            }
            return v
        }
    }
}

extension Manifest {
    /// Every secret reference the manifest makes, with its manifest path, in document order, so `check` can
    /// report all that do not resolve in one pass instead of stopping at the first.
    public var secretReferences: [(path: String, reference: SecretReference)] {
        var found: [(String, SecretReference)] = []
        func walk(_ json: JSON, _ path: String) {
            if let reference = SecretReference(json: json) { return found.append((path, reference)) }
            switch json {
            case .object(let members): for m in members { walk(m.value, path + "." + m.key) }
            case .array(let items): for (i, item) in items.enumerated() { walk(item, path + "[\(i)]") }
            default: break
            }
        }
        for section in [source] + transforms + [sink] { walk(section.config, section.path) }
        return found
    }
}
