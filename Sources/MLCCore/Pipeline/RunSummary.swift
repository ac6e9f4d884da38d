import Foundation

/// Per-entity figures for the summary table and the run record.
public struct EntitySummary: Sendable {
    public var entity: String
    /// Where the entity is while it runs, for a live display; `done` once its summary is final.
    public var phase = EntityPhase.reading
    /// Pages read from the source so far.
    public var pages = 0
    public var read = 0
    public var written = 0
    public var unchanged = 0
    public var parked = 0
    public var replayed = 0
    public var requests = 0
    public var seconds: Double = 0
    public var error: MLCError?
    /// Worth knowing, not failures: a property the tenant lacks (its column stays null).
    public var warnings: [String] = []

    public init(entity: String) { self.entity = entity }

    public var json: JSON {
        var m: [JSONMember] = [
            JSONMember("entity", .string(entity)), JSONMember("read", .number(String(read))),
            JSONMember("written", .number(String(written))), JSONMember("unchanged", .number(String(unchanged))),
            JSONMember("parked", .number(String(parked))),
            JSONMember("replayed", .number(String(replayed))), JSONMember("requests", .number(String(requests))),
            JSONMember("seconds", .number(String(format3(seconds)))),
        ]
        if !warnings.isEmpty { m.append(JSONMember("warnings", .array(warnings.map(JSON.string)))) }
        if let error { m.append(JSONMember("error", .string(error.description))) }
        return .object(m)
    }
}

/// What an entity is doing, as progress reports it.
public enum EntityPhase: Sendable {
    /// Reading pages from the source.
    case reading
    /// Waiting for the sink: preparing its table, or acknowledging the batch before the one that is full.
    case waitingOnSink
    case done
}

/// The outcome of a run; `exitCode` follows the CLI contract (0 ok, 1 failed, 3 partial).
public struct RunSummary: Sendable {
    public enum Status: String, Sendable { case ok, failed, partial, interrupted }

    public var runID: String
    public var entities: [EntitySummary]
    public var seconds: Double
    /// Source figures: requests, 429s, rate-limit utilisation…
    public var statistics: [(String, String)] = []

    public init(runID: String, entities: [EntitySummary], seconds: Double, statistics: [(String, String)] = []) {
        self.runID = runID
        self.entities = entities
        self.seconds = seconds
        self.statistics = statistics
    }

    public var status: Status {
        // A sink or source that is down, or a tenant limit that keeps answering 429, is "partial": the run checkpointed.
        if entities.contains(where: { $0.error?.code == .interrupted }) { return .interrupted }
        let checkpointed: Set<MLCError.Code> = [.sinkUnavailable, .sourceUnavailable, .rateLimited]
        if entities.contains(where: { $0.error.map { !checkpointed.contains($0.code) } ?? false }) { return .failed }
        if entities.contains(where: { $0.parked > 0 || $0.error != nil }) { return .partial }
        return .ok
    }

    /// Another run held the pipeline's lease: nothing was read or written.
    public var refusedAsBusy: Bool { entities.contains { $0.error?.code == .busy } }

    public var exitCode: Int32 {
        if refusedAsBusy { return 2 }
        switch status {
        case .ok: return 0
        case .failed: return 1
        case .partial: return 3
        // The caller answers with 128 + the signal (130, 143); without one, as partial.
        case .interrupted: return 3
        }
    }

    public var parked: Int { entities.reduce(0) { $0 + $1.parked } }

    public var json: JSON {
        .object([
            JSONMember("runId", .string(runID)), JSONMember("status", .string(status.rawValue)),
            JSONMember("seconds", .number(format3(seconds))), JSONMember("entities", .array(entities.map(\.json))),
            JSONMember("source", .object(statistics.map { JSONMember($0.0, .string($0.1)) })),
        ])
    }

    /// A fixed-width table: entity, read, written, parked, requests, duration.
    public var table: String {
        let header = ["entity", "read", "written", "unchanged", "parked", "replayed", "requests", "duration"]
        func cells(_ e: EntitySummary, _ duration: Double) -> [String] {
            [
                e.entity, String(e.read), String(e.written), String(e.unchanged), String(e.parked), String(e.replayed),
                String(e.requests), format3(duration) + "s",
            ]
        }
        var rows = entities.map { cells($0, $0.seconds) }
        let total = entities.reduce(into: EntitySummary(entity: "total")) {
            $0.read += $1.read
            $0.written += $1.written
            $0.unchanged += $1.unchanged
            $0.parked += $1.parked
            $0.replayed += $1.replayed
            $0.requests += $1.requests
        }
        rows.append(cells(total, seconds))
        let widths = header.indices.map { i in ([header[i]] + rows.map { $0[i] }).map(\.count).max()! }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i == 0
                    ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[i] - c.count) + c
            }.joined(separator: "  ")
        }
        var out = [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        out += rows.dropLast().map(line)
        out.append(line(rows.last!))
        let errors = entities.compactMap { e in e.error.map { "\(e.entity): \($0)" } }
        let warnings = entities.flatMap { e in e.warnings.map { "\(e.entity): \($0)" } }
        let source = statistics.isEmpty ? [] : ["", statistics.map { "\($0.0): \($0.1)" }.joined(separator: "  ·  ")]
        return
            (out + source + (warnings.isEmpty ? [] : ["", "warnings:"] + warnings)
            + (errors.isEmpty ? [] : ["", "errors:"] + errors) + [
                "",
                "run \(runID): \(status.rawValue)"
                    + (parked > 0
                        ? ", \(parked) record(s) parked for replay (`mlc replay` or the next run sends them)" : ""),
            ]).joined(separator: "\n")
    }
}

func format3(_ d: Double) -> String { String(format: "%.3f", d) }
