/// How one entity of a product line fills its canonical entity: each canonical column from a native field,
/// a constant (which dimension a unit-code table is), or the source's company setting. Columns it leaves out
/// stay null and `mlc spec` lists them.
public struct CanonicalMap: Sendable {
    public enum Origin: Sendable, Equatable {
        case field(String)
        /// One part of a composite field (Financials' `GROUP^VENDOR`, its `FinanceCodeBlock` of `|`-separated
        /// parts): the part at `index`, counted from 0; an empty or absent part is null.
        case part(String, separator: String, index: Int)
        case constant(String)
        case company
    }

    public struct Assignment: Sendable {
        public var column: String
        public var origin: Origin

        public init(column: String, origin: Origin) {
            self.column = column
            self.origin = origin
        }
    }

    /// The canonical entity kind (`suppliers`).
    public var kind: String
    public var assignments: [Assignment]

    /// `["supplier_id": "VendNum", …]` plus company, constants and parts of composite fields.
    public init(
        _ kind: String, company: Bool = true, constants: [String: String] = [:], fields: KeyValuePairs<String, String>,
        parts: [String: Origin] = [:]
    ) {
        self.kind = kind
        assignments =
            (company ? [Assignment(column: "company", origin: .company)] : [])
            + constants.sorted { $0.key < $1.key }.map { Assignment(column: $0.key, origin: .constant($0.value)) }
            + fields.map { Assignment(column: $0.key, origin: .field($0.value)) }
            + parts.sorted { $0.key < $1.key }.map { Assignment(column: $0.key, origin: $0.value) }
    }

    /// The native field an assignment reads, whole or in part.
    public static func field(of origin: Origin) -> String? {
        switch origin {
        case .field(let field), .part(let field, _, _): return field
        case .constant, .company: return nil
        }
    }

    /// The canonical column a native field fills, if any.
    public func column(for field: String) -> String? {
        assignments.first { $0.origin == .field(field) }?.column
    }

    /// The canonical entity's columns this line leaves null.
    public var unfilled: [String] {
        let filled = Set(assignments.map(\.column))
        return (CanonicalSchema.entity(named: kind)?.columns ?? []).map(\.name).filter { !filled.contains($0) }
    }
}
