/// One page from a source, and the cursor that is safe to store once every record of it is acknowledged.
public struct Page: Sendable {
    public var records: [Record]
    public var cursor: Cursor
    /// Requests the source spent on this page (for the run summary).
    public var requests: Int
    /// Records the source read but could not type (a value that does not parse, a missing key): the
    /// pipeline parks them with the reason, so they are never written and never lost.
    public var refused: [RejectedRecord]
    /// What the run summary and `mlc check` should say without failing the entity (a property the
    /// tenant lacks, for example). Usually only the first page carries any.
    public var warnings: [String]

    public init(
        records: [Record], cursor: Cursor, requests: Int = 0, refused: [RejectedRecord] = [], warnings: [String] = []
    ) {
        self.records = records
        self.cursor = cursor
        self.requests = requests
        self.refused = refused
        self.warnings = warnings
    }
}
