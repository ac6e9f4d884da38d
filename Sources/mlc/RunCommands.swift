import ArgumentParser
import Foundation
import MLCCore

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Sync every entity of a manifest (parked records first).")
    @OptionGroup var options: ManifestOptions
    @Flag(
        help:
            "Run only if the manifest's schedule has a run time in the last hour (for a cron or Kubernetes schedule that fires on a superset, as the month-end close needs)."
    )
    var due = false
    @Flag(help: "While another run of the pipeline is under way, wait for it instead of exiting 2.") var wait = false
    @Option(name: .customLong("entity"), help: "Run only this entity (repeatable).") var entities: [String] = []
    @Option(help: "Write the run's metrics to this node-exporter textfile (Prometheus text format).")
    var metricsFile: String?
    @Option(help: "Push the run's metrics to this Prometheus Pushgateway (e.g. http://pushgateway:9091).")
    var pushgateway: String?

    func run() async throws {
        if due {
            let schedule = try scheduleOf(try loadManifest(options.manifest))
            // An hour, as the printed CronJob's startingDeadlineSeconds: a late start still runs its slot.
            guard let slot = schedule.next(after: Date().addingTimeInterval(-3600)), slot <= Date() else {
                let next = schedule.next(after: Date()).map { describe($0, in: schedule.timeZone) } ?? "never"
                print("not due: the schedule's next run time is \(next)")
                return
            }
        }
        let runtime = try makeRuntime(options, only: entities)
        let code = await execute(
            runtime, options: options, replayOnly: false, wait: wait,
            metrics: MetricsOutput(file: metricsFile, pushgateway: pushgateway))
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
        commandName: "state",
        abstract: "Show or reset a pipeline's cursors, runs and replay journal (no credentials needed).",
        subcommands: [Show.self, Reset.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print cursors, recent runs and parked records.")
        @Argument(help: "The pipeline manifest (JSON).") var manifest: String
        @Option(help: "table (default on a terminal) or json (default otherwise).") var format: OutputFormat?

        func run() async throws {
            let manifest = try loadManifest(self.manifest)
            let state = try openState(manifest)
            let cursors = try state.cursors()
            let journal = try state.journal()
            let runs = try state.runs()
            if (format ?? .forStandardOutput) == .table {
                print("pipeline \(manifest.name) — state in \(manifest.statePath)\n")
                print(
                    table(
                        ["entity", "resumes after", "updated"],
                        cursors.map { c in
                            let cursor = (try? JSONParser.parse(c.cursor)) ?? .null
                            return [c.entity, cursor["modifiedAt"]?.stringValue ?? "-", c.updatedAt]
                        }))
                print("\nparked records: \(journal.reduce(0) { $0 + $1.count })")
                for e in journal { print("  \(e.entity): \(e.count) (\(e.stage.rawValue)) \(e.reason.prefix(100))") }
                print("\n" + table(["run", "started", "status"], runs.map { [$0.runID, $0.startedAt, $0.status] }))
                return
            }
            let out: JSON = .object([
                JSONMember("pipeline", .string(manifest.name)),
                JSONMember("stateStore", .string(manifest.statePath)),
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
                JSONMember("runs", .array(runs.map(RunsCommand.json))),
            ])
            print(out.serialized())
        }
    }

    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Forget cursors so the next run reads from the beginning (the journal is kept).")
        @Argument(help: "The pipeline manifest (JSON).") var manifest: String
        @Option(help: "Reset only this entity.") var entity: String?
        @Flag(help: "Reset every entity without asking.") var yes = false

        func run() async throws {
            let manifest = try loadManifest(self.manifest)
            try requireEntities(entity.map { [$0] } ?? [], of: manifest)
            if entity == nil, !yes {
                guard
                    confirm(
                        "reset the cursors of every entity of \(manifest.name), so the next run reads everything again?"
                    )
                else {
                    printError(
                        "not reset: every entity's cursor would be forgotten\n  hint: add --yes, or reset one with --entity E"
                    )
                    throw ExitStatus.invalidInput
                }
            }
            try openState(manifest).reset(entity: entity)
            print("reset \(entity ?? "all entities") of \(manifest.name)")
        }
    }
}

/// Asks on a terminal; without one (a script, a pipe) the answer is no.
func confirm(_ question: String) -> Bool {
    guard isatty(0) == 1, isatty(2) == 1 else { return false }
    printError(question + " [y/N] ")
    return readLine().map { ["y", "yes"].contains($0.lowercased()) } ?? false
}

struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List a pipeline's recent runs (no credentials needed).")
    @Argument(help: "The pipeline manifest (JSON).") var manifest: String
    @Option(help: "How many runs.") var count = 20
    @Option(help: "table (default on a terminal) or json (default otherwise).") var format: OutputFormat?

    static func json(_ r: (runID: String, startedAt: String, status: String, summary: String?)) -> JSON {
        .object([
            JSONMember("runId", .string(r.runID)), JSONMember("startedAt", .string(r.startedAt)),
            JSONMember("status", .string(r.status)),
            JSONMember("summary", r.summary.flatMap { try? JSONParser.parse($0) } ?? .null),
        ])
    }

    func run() async throws {
        let manifest = try loadManifest(self.manifest)
        let runs = try openState(manifest).runs(limit: max(1, count))
        guard (format ?? .forStandardOutput) == .table else {
            return print(JSON.array(runs.map(Self.json)).serialized())
        }
        print(
            table(
                ["run", "started", "status", "written", "parked", "seconds"],
                runs.map { r in
                    let summary = r.summary.flatMap { try? JSONParser.parse($0) }
                    let entities = summary?["entities"]?.arrayValue ?? []
                    func total(_ name: String) -> String {
                        summary == nil ? "-" : String(entities.reduce(0) { $0 + ($1[name]?.intValue ?? 0) })
                    }
                    return [
                        r.runID, r.startedAt, r.status, total("written"), total("parked"),
                        summary?["seconds"].map { $0.serialized() } ?? "-",
                    ]
                }))
    }
}
