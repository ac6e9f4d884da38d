import MLCCore

/// One finance entity as every product line delivers it: the same columns, names and types whatever line
/// filled them, so a finance team can `UNION ALL` the SyteLine plant's suppliers with the M3 plant's.
public struct CanonicalEntity: Sendable {
    public struct Column: Sendable {
        public var name: String
        public var type: ColumnType
        public var meaning: String

        public init(_ name: String, _ type: ColumnType, _ meaning: String) {
            self.name = name
            self.type = type
            self.meaning = meaning
        }
    }

    /// The entity kind (`suppliers`); several entities may share one (SyteLine's four unit-code tables are all
    /// `gl_dimensions`).
    public var name: String
    public var meaning: String
    public var columns: [Column]
    /// What identifies a row across product lines (the company first).
    public var key: [String]

    public func column(_ name: String) -> Column? { columns.first { $0.name == name } }
}
