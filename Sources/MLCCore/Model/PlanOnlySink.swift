/// A sink built to describe a pipeline (`mlc plan`, offline): it knows the statements its connector would run
/// and refuses everything that would touch the warehouse, so a plan never creates or locks one.
public final class PlanOnlySink: Sink {
    private let type: String
    private let statements: @Sendable (EntitySchema) -> [String]

    public init(type: String, statements: @escaping @Sendable (EntitySchema) -> [String]) {
        self.type = type
        self.statements = statements
    }

    public func plan(_ schema: EntitySchema) -> [String] { statements(schema) }

    public func prepare(_ schema: EntitySchema) async throws { throw refusal }

    public func write(_ batch: RecordBatch, schema: EntitySchema, run: RunContext) async throws -> Ack {
        throw refusal
    }

    public func check() async -> [CheckResult] {
        [CheckResult(subject: type, ok: false, detail: refusal.message)]
    }

    private var refusal: MLCError {
        MLCError(
            .configuration, "the \(type) sink was built offline, to describe the pipeline only",
            hint: "run the pipeline with `mlc run`, which opens the sink")
    }
}
