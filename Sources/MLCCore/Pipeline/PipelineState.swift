/// Why records sit in the replay journal, which decides how they are replayed.
public enum ParkedStage: String, Sendable {
    /// The sink could not take them: replay sends them to the sink as they are (already transformed).
    case sink
    /// A transform failed on them: replay runs the transforms again (the manifest may have been fixed).
    case transform
    /// The source could not type them (a value that does not parse, a missing key): replay runs the transforms
    /// and the sink's column casts again, and a value that still does not fit is parked again with its reason.
    case source
}

/// A journal entry's header; its records are loaded only when it is replayed.
public struct JournalEntry: Sendable, Equatable {
    public var id: Int64
    public var entity: String
    public var stage: ParkedStage
    public var reason: String
    public var count: Int
    public var runID: String
    public init(id: Int64, entity: String, stage: ParkedStage, reason: String, count: Int, runID: String) {
        self.id = id
        self.entity = entity
        self.stage = stage
        self.reason = reason
        self.count = count
        self.runID = runID
    }
}

/// What the pipeline needs from the durable state store (implemented by MLCState on SQLite).
/// Each method is one transaction: a cursor never moves unless what came before it is either
/// acknowledged by the sink or safe in the journal.
public protocol PipelineState: AnyObject, Sendable {
    func cursor(entity: String) throws -> Cursor?
    func commit(entity: String, cursor: Cursor, runID: String) throws
    /// Writes records to the journal and, in the same transaction, moves the cursor (when given).
    func park(
        entity: String, stage: ParkedStage, reason: String, records: [Record], runID: String, thenCommit cursor: Cursor?
    ) throws
    func journal(entity: String) throws -> [JournalEntry]
    func journalRecords(id: Int64) throws -> [Record]
    /// Removes a replayed entry and, in the same transaction, parks what the sink rejected on replay.
    func finishReplay(id: Int64, reparked: [ParkedStage: [RejectedRecord]], runID: String) throws
    func beginRun(runID: String, pipeline: String) throws
    func endRun(runID: String, status: String, summary: JSON) throws
    /// Tells other processes the run's holder is alive (the lease of `beginRun`).
    func heartbeat(runID: String) throws
}

extension PipelineState {
    public func heartbeat(runID: String) throws {}
}
