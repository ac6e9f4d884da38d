/// One field of a product's view of a canonical entity: its name, its kind, and how its value is made from
/// the canonical row (a member, the row's company, or a composition such as Financials' `FinanceCodeBlock`).
typealias ServedField = (name: String, kind: ServedFieldKind, value: @Sendable (ServedFieldContext) -> String?)

enum ServedFieldKind {
    case text, decimal, int
    /// A date without time, in the product's form.
    case date
    /// The update stamp, in the tenant's form.
    case stamp
}

/// What a field's value is made of: the canonical row, the row's company, and a lookup into another entity.
struct ServedFieldContext {
    let row: [String: String?]
    let company: String
    var invoiceNumber: @Sendable (String) -> String? = { _ in nil }
    func callAsFunction(_ member: String) -> String? { row[member] ?? nil }
}

enum ServedFields {
    static func text(_ name: String, _ member: String) -> ServedField { (name, .text, { $0(member) }) }
    static func company(_ name: String) -> ServedField { (name, .text, { $0.company }) }
}
