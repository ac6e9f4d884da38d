import ArgumentParser
import Foundation
import MLCCore

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Sync every entity of a manifest (parked records first).")
    @OptionGroup var options: ManifestOptions
    @Flag(
        help:
            "Run only if the manifest's schedule has a run time in the last 15 minutes (for a cron or Kubernetes schedule that fires on a superset, as the month-end close needs)."
    )
    var due = false
    @Flag(help: "While another run of the pipeline is under way, wait for it instead of exiting 2.") var wait = false

    func run() async throws {
        if due {
            let schedule = try scheduleOf(try loadManifest(options.manifest))
            guard let slot = schedule.next(after: Date().addingTimeInterval(-900)), slot <= Date() else {
                let next = schedule.next(after: Date()).map { describe($0, in: schedule.timeZone) } ?? "never"
                print("not due: the schedule's next run time is \(next)")
                return
            }
        }
        let runtime = try makeRuntime(options)
        let code = await execute(runtime, options: options, replayOnly: false, wait: wait)
        if code != 0 { throw ExitCode(code) }
    }
}

struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "Send the records parked in the replay journal, without reading the source.")
    @OptionGroup var options: ManifestOptions

    func run() async throws {
        let runtime = try makeRuntime(options)
        let code = await execute(runtime, options: options, replayOnly: true)
        if code != 0 { throw ExitCode(code) }
    }
}

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check a manifest without running it; every problem is listed.")
    @Argument(help: "The pipeline manifest (JSON).") var manifest: String

    func run() async throws {
        let m = try loadManifest(manifest)
        print(
            "\(manifest): valid — \(m.source.type) → \(m.sink.type), entities: \(m.entities.map(\.name).joined(separator: ", ")), transforms: \(m.transforms.count)"
        )
    }
}

struct ConnectorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connectors", abstract: "List the connectors compiled into this mlc.")

    func run() async throws {
        let rows = registry.all.map { ($0.connector.type, $0.kind.rawValue, $0.connector.summary) }
        let w0 = rows.map(\.0.count).max() ?? 0
        let w1 = rows.map(\.1.count).max() ?? 0
        for (type, kind, summary) in rows {
            print(
                type.padding(toLength: w0, withPad: " ", startingAt: 0) + "  "
                    + kind.padding(toLength: w1, withPad: " ", startingAt: 0) + "  " + summary)
        }
    }
}

struct SpecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spec", abstract: "Print a connector's settings (and a source's entity catalog) as JSON.")
    @Argument(help: "A connector type; all when omitted.") var type: String?
    @Flag(help: "Print the type's manifest section as a JSON Schema (draft 2020-12) for editors.") var jsonSchema =
        false

    func run() async throws {
        let selected = registry.all.filter { type == nil || $0.connector.type == type }
        guard !selected.isEmpty else {
            printError(
                "unknown connector type \"\(type ?? "")\"; registered: \(registry.all.map { $0.connector.type }.joined(separator: ", "))"
            )
            throw ExitStatus.invalidInput
        }
        if jsonSchema {
            guard type != nil, let (kind, connector) = selected.first else {
                printError("--json-schema needs one connector type, e.g. `mlc spec cloudsuite.syteline --json-schema`")
                throw ExitStatus.invalidInput
            }
            let source = connector as? any SourceConnector.Type
            print(
                SettingsSchema.section(
                    type: connector.type, kind: kind, fields: connector.fields,
                    entityFields: source?.entityFields, entityNames: source?.catalog.map(\.name)
                )
                .serialized())
            return
        }
        let specs: [JSON] = selected.map { kind, connector in
            var members = [
                JSONMember("type", .string(connector.type)), JSONMember("kind", .string(kind.rawValue)),
                JSONMember("summary", .string(connector.summary)),
                JSONMember("fields", .array(connector.fields.map(\.json))),
            ]
            if let source = connector as? any SourceConnector.Type {
                members.append(JSONMember("entityFields", .array(source.entityFields.map(\.json))))
                if !source.unservedEntities.isEmpty {
                    members.append(
                        JSONMember(
                            "unserved",
                            .object(
                                source.unservedEntities.sorted { $0.key < $1.key }.map {
                                    JSONMember($0.key, .string($0.value))
                                })))
                }
                let unfilled = source.unfilledColumns
                members.append(
                    JSONMember(
                        "catalog",
                        .array(
                            source.catalog.map { schema in
                                guard case .object(var m) = schema.json, let columns = unfilled[schema.name] else {
                                    return schema.json
                                }
                                m.append(JSONMember("unfilled", .array(columns.map(JSON.string))))
                                return .object(m)
                            })))
            }
            return .object(members)
        }
        print((specs.count == 1 ? specs[0] : .array(specs)).serialized())
    }
}

struct StateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state", abstract: "Show or reset a pipeline's cursors, runs and replay journal.",
        subcommands: [Show.self, Reset.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print cursors, recent runs and parked records.")
        @OptionGroup var options: ManifestOptions

        func run() async throws {
            let runtime = try makeRuntime(options)
            let cursors = try runtime.state.cursors()
            let journal = try runtime.state.journal()
            let runs = try runtime.state.runs()
            let out: JSON = .object([
                JSONMember("pipeline", .string(runtime.manifest.name)),
                JSONMember("stateStore", .string(runtime.manifest.statePath)),
                JSONMember(
                    "cursors",
                    .array(
                        cursors.map { c in
                            .object([
                                JSONMember("entity", .string(c.entity)),
                                JSONMember("cursor", (try? JSONParser.parse(c.cursor)) ?? .null),
                                JSONMember("updatedAt", .string(c.updatedAt)),
                            ])
                        })),
                // Distinct records: a record parked again supersedes its earlier copy.
                JSONMember("parkedRecords", .number(String(journal.reduce(0) { $0 + $1.count }))),
                JSONMember(
                    "journal",
                    .array(
                        journal.map { e in
                            .object([
                                JSONMember("id", .number(String(e.id))), JSONMember("entity", .string(e.entity)),
                                JSONMember("stage", .string(e.stage.rawValue)),
                                JSONMember("records", .number(String(e.count))),
                                JSONMember("reason", .string(e.reason)), JSONMember("runId", .string(e.runID)),
                            ])
                        })),
                JSONMember(
                    "runs",
                    .array(
                        runs.map { r in
                            .object([
                                JSONMember("runId", .string(r.runID)), JSONMember("startedAt", .string(r.startedAt)),
                                JSONMember("status", .string(r.status)),
                                JSONMember("summary", r.summary.flatMap { try? JSONParser.parse($0) } ?? .null),
                            ])
                        })),
            ])
            print(out.serialized())
        }
    }

    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Forget cursors so the next run reads from the beginning (the journal is kept).")
        @OptionGroup var options: ManifestOptions
        @Option(help: "Reset only this entity.") var entity: String?

        func run() async throws {
            let runtime = try makeRuntime(options)
            if let entity, !runtime.manifest.entities.contains(where: { $0.name == entity }) {
                printError(
                    "entity \"\(entity)\" is not in \(options.manifest); entities: \(runtime.manifest.entities.map(\.name).joined(separator: ", "))"
                )
                throw ExitStatus.invalidInput
            }
            try runtime.state.reset(entity: entity)
            print("reset \(entity ?? "all entities") of \(runtime.manifest.name)")
        }
    }
}
