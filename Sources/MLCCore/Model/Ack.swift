/// The sink's acknowledgement of a batch: everything not rejected is durably written.
public struct Ack: Sendable {
    /// Records that changed the warehouse.
    public var written: Int
    /// Records accepted but already there (same or newer version stored): overlap re-reads, replays.
    public var unchanged: Int
    public var rejected: [RejectedRecord]
    public init(written: Int, unchanged: Int = 0, rejected: [RejectedRecord] = []) {
        self.written = written
        self.unchanged = unchanged
        self.rejected = rejected
    }
}
