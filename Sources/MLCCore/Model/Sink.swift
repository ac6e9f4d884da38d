/// Where records go. `write` returns only once the batch is durable; it throws when it could take
/// none of it (the pipeline then parks the whole batch).
public protocol Sink: AnyObject, Sendable {
    func prepare(_ schema: EntitySchema) async throws
    func write(_ batch: RecordBatch, schema: EntitySchema, run: RunContext) async throws -> Ack
    func check() async -> [CheckResult]
    func close() async
    /// The statements this sink would run for an entity (`mlc plan`).
    func plan(_ schema: EntitySchema) -> [String]
    /// Figures for the run summary (statements, batch fill…).
    func statistics() -> [(String, String)]
    /// Audit rows (`rejected`, with the reason) for records parked before they reached the sink — refused by
    /// the source or a transform — so the audit has a row for every record read.
    func audit(parked: [RejectedRecord], schema: EntitySchema, run: RunContext) async throws
    /// Drops an entity's table and its column catalog (`mlc resync`), so the next run creates both anew. The
    /// audit rows stay. Idempotent: an interrupted drop is completed by running it again.
    func drop(entity: String) async throws
}
extension Sink {
    public func close() async {}
    public func plan(_ schema: EntitySchema) -> [String] { [] }
    public func statistics() -> [(String, String)] { [] }
    public func audit(parked: [RejectedRecord], schema: EntitySchema, run: RunContext) async throws {}
    public func drop(entity: String) async throws {
        throw MLCError(
            .sinkFailed, "this sink cannot drop tables", hint: "drop the table by hand, then `mlc state reset`")
    }
}
