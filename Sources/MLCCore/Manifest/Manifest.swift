import Foundation

/// Pipeline-wide knobs from the manifest's `pipeline` section.
public struct PipelineOptions: Sendable {
    /// Entities read concurrently.
    public var concurrency = fields.int("concurrency", in: [:])
    /// A batch is flushed to the sink once its records reach this many bytes.
    public var batchBytes = fields.int("batchBytes", in: [:])
    /// …or this many records, whichever comes first.
    public var batchRecords = fields.int("batchRecords", in: [:])

    public init() {}

    static let fields: [ConfigField] = [
        ConfigField("concurrency", .int, "entities read concurrently", range: 1...32, default: .number("2")),
        ConfigField(
            "batchBytes", .int, "flush a batch to the sink at this many bytes", range: 1_000...1_000_000_000,
            default: .number("4000000")),
        ConfigField(
            "batchRecords", .int, "flush a batch to the sink at this many records", range: 1...10_000_000,
            default: .number("20000")),
    ]
}

/// A validated manifest: one source, its entities, ordered transforms, one sink.
public struct Manifest {
    public static let currentVersion = 1

    public struct Section {
        public var type: String
        public var config: JSON
        public var path: String
    }

    public var file: String
    public var directory: String
    public var name: String
    public var source: Section
    public var entities: [EntityRequest]
    public var transforms: [Section]
    public var sink: Section
    public var pipeline: PipelineOptions
    /// The state store (cursors, runs, replay journal) for this pipeline.
    public var statePath: String
    /// When `mlc schedule` runs it; nil: only when called.
    public var schedule: Schedule?

    static let topFields: [ConfigField] = [
        ConfigField(
            "version", .int, required: true, "manifest format version; this mlc reads version \(currentVersion)"),
        ConfigField(
            "name", .string, required: true, "the pipeline's name (letters, digits, '-', '_', '.'); keys its state"),
        ConfigField("source", .object, required: true, "the source connector: {\"type\": …, \"entities\": […], …}"),
        ConfigField("transforms", .array, "ordered transforms: [{\"type\": …, …}]"),
        ConfigField("sink", .object, required: true, "the sink connector: {\"type\": …, …}"),
        ConfigField("pipeline", .object, "concurrency and batch sizes"),
        ConfigField(
            "schedule", .any,
            "when `mlc schedule` runs the pipeline: {\"cron\": …}, {\"daily\": …}, {\"weekly\": …} or {\"monthEndClose\": …}, with \"timeZone\""
        ),
        ConfigField(
            "state", .object,
            "{\"path\": …}: where cursors and the replay journal live (default .mlc/<name>.state.sqlite)"),
    ]
}
