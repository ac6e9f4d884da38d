import Foundation

/// Pipeline-wide knobs from the manifest's `pipeline` section.
public struct PipelineOptions: Sendable {
    /// Entities read concurrently.
    public var concurrency: Int = 2
    /// A batch is flushed to the sink once its records reach this many bytes.
    public var batchBytes: Int = 4_000_000
    /// …or this many records, whichever comes first.
    public var batchRecords: Int = 20_000

    public init() {}

    static let fields: [ConfigField] = [
        ConfigField("concurrency", .int, "entities read concurrently (1–32, default 2)", range: 1...32),
        ConfigField(
            "batchBytes", .int, "flush a batch to the sink at this many bytes (default 4000000)",
            range: 1_000...1_000_000_000),
        ConfigField(
            "batchRecords", .int, "flush a batch to the sink at this many records (default 20000)",
            range: 1...10_000_000),
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
            "state", .object,
            "{\"path\": …}: where cursors and the replay journal live (default .mlc/<name>.state.sqlite)"),
    ]
}
