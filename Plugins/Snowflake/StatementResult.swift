import Foundation
import MLCCore
import MLCHTTP

/// A finished statement: column names and rows of strings (Snowflake's `jsonv2` encoding), all partitions.
public struct StatementResult: Sendable {
    public var handle: String
    public var columns: [String]
    /// Column types as `rowType` gives them (`fixed`, `text`, `timestamp_ntz`…) and their scales.
    public var types: [(type: String, scale: Int?)] = []
    public var rows: [[String?]]
    public var stats: JSON?

    /// Row values read by their column types.
    public var typedRows: [[Value]] {
        rows.map { row in
            row.enumerated().map { i, text in
                i < types.count
                    ? SnowflakeValues.decode(text, type: types[i].type, scale: types[i].scale)
                    : (text.map(Value.string) ?? .null)
            }
        }
    }
}
