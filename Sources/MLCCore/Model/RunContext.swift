/// Identifies the run a batch belongs to (for sync metadata and audit rows).
public struct RunContext: Sendable {
    public var runID: String
    public var startedAt: Timestamp
    public init(runID: String, startedAt: Timestamp) {
        self.runID = runID
        self.startedAt = startedAt
    }
}
