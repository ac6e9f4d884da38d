import ArgumentParser
import Foundation
import MLCCore

/// `mlc plan`: the DDL and load statements the sink would run, per entity (after transforms), and what would sync.
/// Built offline: no secret is read and nothing is connected, so a plan can be reviewed before any credential
/// exists (a change request, a CI job).
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract:
            "Print the DDL and the MERGE the sink would run, and where each entity resumes (no credentials needed).")
    @OptionGroup var options: ManifestOptions

    @Option(help: "table (SQL with a comment per entity; default on a terminal) or json (default otherwise).")
    var format: OutputFormat?

    func run() async throws {
        let runtime = try makeRuntime(options, offline: true)
        var plans: [EntityPlan] = []
        for sourceSchema in runtime.source.entities {
            let steps = runtime.transforms.filter { $0.entity == nil || $0.entity == sourceSchema.name }
            let schema = try steps.reduce(sourceSchema) { try $1.transform(schema: $0) }
            plans.append(
                EntityPlan(
                    entity: schema.name, cursor: try runtime.state.cursor(entity: schema.name),
                    parked: try runtime.state.journal(entity: schema.name).reduce(0) { $0 + $1.count },
                    statements: runtime.sink.plan(schema)))
        }
        if (format ?? .forStandardOutput) == .json {
            print(JSON.array(plans.map(\.json)).serialized())
        } else {
            print(plans.map(\.text).joined(separator: "\n"))
        }
    }
}

/// One entity's part of a plan.
struct EntityPlan {
    var entity: String
    var cursor: Cursor?
    var parked: Int
    var statements: [String]

    var resumes: String { cursor.map { "resumes after \($0.modifiedAt ?? "?") / \($0.key ?? "?")" } ?? "full read" }

    /// A SQL script: the entity's line as a comment, then its statements.
    var text: String {
        let header = "-- \(entity): \(resumes)" + (parked > 0 ? "; \(parked) parked record(s) are sent first" : "")
        return ([header] + statements.map { $0 + ";" }).joined(separator: "\n") + "\n"
    }

    var json: JSON {
        .object([
            JSONMember("entity", .string(entity)), JSONMember("cursor", cursor?.json ?? .null),
            JSONMember("parked", .number(String(parked))),
            JSONMember("statements", .array(statements.map(JSON.string))),
        ])
    }
}
