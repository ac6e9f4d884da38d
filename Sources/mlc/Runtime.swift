import ArgumentParser
import Foundation
import MLCCore
import MLCState

/// Everything a run needs, built from a validated manifest.
struct Runtime {
    let manifest: Manifest
    let state: StateStore
    let source: any Source
    let sink: any Sink
    let transforms: [any Transform]
    let log: EventLog

    /// `offline`: to describe the pipeline (`plan`), with no secret read and nothing connected.
    init(manifest: Manifest, log: EventLog, offline: Bool = false) throws {
        self.manifest = manifest
        self.log = log
        // The encrypted store is opened only when a manifest references {"secret": …}.
        let secrets = SecretResolver(manifestDirectory: manifest.directory) { name in
            try SecretStore(home: SecretStore.defaultHome).get(name)
        }
        let context =
            offline
            ? ConnectorContext.offline(manifestDirectory: manifest.directory, log: log)
            : ConnectorContext(manifestDirectory: manifest.directory, secrets: secrets, log: log)
        do {
            state = try StateStore(path: manifest.statePath, pipeline: manifest.name)
            guard let sourceType = registry.source(manifest.source.type),
                let sinkType = registry.sink(manifest.sink.type)
            else {
                throw MLCError(.invalidManifest, "connector types changed after validation")
            }
            source = try sourceType.makeSource(
                config: manifest.source.config, entities: manifest.entities, context: context)
            sink = try sinkType.makeSink(config: manifest.sink.config, context: context)
            transforms = try manifest.transforms.map { section in
                do {
                    return try registry.transform(section.type)!.makeTransform(config: section.config, context: context)
                } catch {
                    throw MLCError.wrap(error, .configuration).with(manifestPath: section.path)
                }
            }
        }
    }

    private init(
        manifest: Manifest, state: StateStore, source: any Source, sink: any Sink, transforms: [any Transform],
        log: EventLog
    ) {
        self.manifest = manifest
        self.state = state
        self.source = source
        self.sink = sink
        self.transforms = transforms
        self.log = log
    }

    func replacingSink(_ sink: any Sink) -> Runtime {
        Runtime(manifest: manifest, state: state, source: source, sink: sink, transforms: transforms, log: log)
    }

    /// The source (its token revoked) and the sink (its last checkpoint), closed by their one owner once every
    /// run that uses them is over: a pipeline may run more than once on them (`--wait`), a check reads both.
    func close() async {
        await source.close()
        await sink.close()
    }

    func pipeline(progress: Pipeline.ProgressHandler?, interruption: Interruption? = nil) -> Pipeline {
        Pipeline(
            name: manifest.name, source: source, sink: sink, transforms: transforms, state: state,
            options: manifest.pipeline, log: log, progress: progress, interruption: interruption)
    }
}

/// Builds the runtime, mapping configuration errors to exit code 2.
func makeRuntime(_ options: ManifestOptions, only entities: [String] = [], offline: Bool = false) throws -> Runtime {
    var manifest = try loadManifest(options.manifest)
    if !entities.isEmpty {
        try requireEntities(entities, of: manifest)
        manifest.entities = manifest.entities.filter { entities.contains($0.name) }
    }
    // On a terminal that redraws, events print above the live display, warnings and errors by default.
    let log =
        options.logFormat == .text && TerminalDisplay.usable
        ? EventLog(format: .text, level: options.verbosity.level ?? .warning) { TerminalDisplay.shared.event($0) }
        : EventLog(format: options.logFormat, level: options.verbosity.level)
    do { return try Runtime(manifest: manifest, log: log, offline: offline) } catch {
        printError("\(error)")
        throw ExitStatus.invalidInput
    }
}

/// Exit 2, listing the manifest's entities, when a command names one it does not have (`--entity`).
func requireEntities(_ names: [String], of manifest: Manifest) throws {
    let known = manifest.entities.map(\.name)
    guard let unknown = names.first(where: { !known.contains($0) }) else { return }
    printError("entity \"\(unknown)\" is not in \(manifest.file); entities: \(known.joined(separator: ", "))")
    throw ExitStatus.invalidInput
}

/// The pipeline's state store alone: what `state`, `runs` and `plan` read needs no credentials.
func openState(_ manifest: Manifest) throws -> StateStore {
    do { return try StateStore(path: manifest.statePath, pipeline: manifest.name) } catch {
        printError("\(error)")
        throw ExitCode(1)
    }
}

/// A table for a person at a terminal, JSON for a program reading a pipe.
enum OutputFormat: String, ExpressibleByArgument {
    case table, json
    static var forStandardOutput: OutputFormat { isatty(1) == 1 ? .table : .json }
}

/// Columns padded to their widest cell, the last left ragged.
func table(_ header: [String], _ rows: [[String]]) -> String {
    let widths = header.indices.map { i in ([header[i]] + rows.map { $0[i] }).map(\.count).max() ?? 0 }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { i, c in
            i == cells.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
        }
        .joined(separator: "  ")
    }
    return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)).joined(
        separator: "\n")
}

/// Runs a pipeline, prints the summary table (stdout) and returns the exit code.
/// `wait`: while another run holds the pipeline's lease, try again every two seconds instead of exiting 2.
/// Where a one-shot run's metrics go, besides nowhere.
struct MetricsOutput {
    var file: String?
    var pushgateway: String?
}

func execute(
    _ runtime: Runtime, options: ManifestOptions, replayOnly: Bool, wait: Bool = false,
    metrics: MetricsOutput = MetricsOutput()
) async -> Int32 {
    if metrics.file != nil || metrics.pushgateway != nil { RunMetrics.start() }
    let terminal = options.logFormat == .text && TerminalDisplay.usable ? TerminalDisplay.shared : nil
    terminal?.start(entities: runtime.source.entities.map(\.name))
    let interruption = Interruption()
    let signals = StopSignals(interruption: interruption, log: runtime.log)
    let progress: Pipeline.ProgressHandler? = terminal.map { t in { @Sendable in t.update($0) } }
    var summary = await runtime.pipeline(progress: progress, interruption: interruption)
        .run(replayOnly: replayOnly)
    var announced = false
    while wait, summary.refusedAsBusy, interruption.signal == nil {
        if !announced {
            printError("waiting: \(summary.entities.first?.error?.message ?? "another run holds the pipeline")")
            announced = true
        }
        try? await Task.sleep(for: .seconds(2))
        summary = await runtime.pipeline(progress: progress, interruption: interruption)
            .run(replayOnly: replayOnly)
    }
    signals.cancel()
    terminal?.finish()
    await runtime.close()
    if metrics.file != nil || metrics.pushgateway != nil {
        RunMetrics.record(summary, pipeline: runtime.manifest.name, state: runtime.state)
        do {
            if let file = metrics.file { try RunMetrics.write(to: file) }
            if let gateway = metrics.pushgateway {
                try await RunMetrics.push(to: gateway, pipeline: runtime.manifest.name)
            }
        } catch {
            // The run itself is done and recorded: a metrics outage is worth a warning, not a failed run.
            runtime.log.warning("metrics.failed", [("error", "\(error)")])
        }
    }
    if options.logFormat == .json {
        print(summary.json.serialized())
    } else {
        // On a terminal the summary wraps at its width; in a pipe or a file it stays as it is.
        print(isatty(1) == 1 ? TerminalDisplay.wrap(summary.table, width: TerminalDisplay.width(of: 1)) : summary.table)
    }
    // 128 + the signal, as shells report a process stopped by it: 130 for SIGINT, 143 for SIGTERM.
    if summary.status == .interrupted, let signal = interruption.signal { return 128 + signal }
    return summary.exitCode
}
