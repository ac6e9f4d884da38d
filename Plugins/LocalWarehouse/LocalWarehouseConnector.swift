import Foundation
import MLCCore

/// The `localwarehouse` sink: an embedded SQLite warehouse, the default for first runs and demos.
public struct LocalWarehouseConnector: SinkConnector {
    public static let type = "localwarehouse"
    public static let summary =
        "Embedded SQLite warehouse: one table per entity, upsert by key, audit table — no account needed"
    public static let fields: [ConfigField] = [
        ConfigField("path", .string, required: true, "the SQLite file (relative to the manifest); created if missing"),
        ConfigField(
            "mode", .string, "merge (upsert by key, default) or append (every version kept)",
            allowed: ["merge", "append"]),
        ConfigField(
            "journal", .string,
            "rollback (default: each row written once, every commit synced) or wal (other programs can read the file during a load)",
            allowed: ["rollback", "wal"]),
        ConfigField(
            "busyTimeoutMs", .int, "how long a write waits for another process holding the file (default 10000)",
            range: 0...3_600_000),
    ]

    public static func validate(config: JSON, at path: String) -> [ManifestIssue] {
        guard let file = config["path"]?.stringValue else { return [] }
        if file.trimmingCharacters(in: .whitespaces).isEmpty || file.hasSuffix("/") || file.contains("\u{0}") {
            return [
                ManifestIssue(
                    "\(path).path", "expected a file name, found \(JSON.string(file).serialized())",
                    hint: "e.g. \"warehouse.sqlite\"")
            ]
        }
        return []
    }

    public static func makeSink(config: JSON, context: ConnectorContext) throws -> any Sink {
        do {
            return try LocalWarehouse(
                path: context.path(config["path"]?.stringValue ?? "warehouse.sqlite"),
                mode: config["mode"]?.stringValue == "append" ? .append : .merge,
                journal: config["journal"]?.stringValue == "wal" ? .wal : .rollback,
                busyTimeoutMs: config["busyTimeoutMs"]?.intValue ?? 10_000)
        } catch {
            throw MLCError.wrap(error, .sinkFailed).with(manifestPath: "$.sink.path")
        }
    }
}
