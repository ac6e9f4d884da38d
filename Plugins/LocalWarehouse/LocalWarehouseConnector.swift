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
            "mode", .string, "merge (upsert by key) or append (every version kept)",
            allowed: ["merge", "append"], default: "merge"),
        ConfigField(
            "journal", .string,
            "rollback (each row written once, every commit synced) or wal (other programs can read the file during a load)",
            allowed: ["rollback", "wal"], default: "rollback"),
        ConfigField(
            "busyTimeoutMs", .int, "how long a write waits for another process holding the file",
            range: 0...3_600_000, default: .number("10000")),
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
        let mode: LocalWarehouse.Mode = fields.string("mode", in: config) == "append" ? .append : .merge
        // A plan neither creates the file nor waits on a load that holds it.
        if context.offline { return PlanOnlySink(type: type) { LocalWarehouse.plan($0, mode: mode) } }
        do {
            return try LocalWarehouse(
                path: context.path(fields.string("path", in: config)), mode: mode,
                journal: fields.string("journal", in: config) == "wal" ? .wal : .rollback,
                busyTimeoutMs: fields.int("busyTimeoutMs", in: config))
        } catch {
            throw MLCError.wrap(error, .sinkFailed).with(manifestPath: "$.sink.path")
        }
    }
}
