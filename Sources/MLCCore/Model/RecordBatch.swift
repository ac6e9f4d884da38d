/// Records of one entity travelling together from transforms to the sink.
public struct RecordBatch: Sendable {
    public var entity: String
    public var records: [Record]

    public init(entity: String, records: [Record]) {
        self.entity = entity
        self.records = records
    }
    public var count: Int { records.count }
}
