/// A record the sink refused, with the reason. The pipeline parks it in the replay journal.
public struct RejectedRecord: Sendable {
    public var record: Record
    public var reason: String
    public init(record: Record, reason: String) {
        self.record = record
        self.reason = reason
    }
}
