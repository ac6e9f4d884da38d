/// Where a product line serves an entity, in its own terms.
public enum IONLocator: Sendable, Equatable, CustomStringConvertible {
    /// SyteLine: an IDO (`SLVendors`).
    case ido(String)
    /// M3: an MI program and transaction (`CRS620MI` / `LstSuppliers`).
    case program(String, transaction: String)
    /// LN: an OData service and entity set.
    case odata(service: String, set: String)
    /// Financials: a business class and one of its lists.
    case businessClass(String, list: String)
    /// Distribution: an SXAPI call or a FetchWhere table.
    case sxe(String)
    /// A generic read of one table by its change date (M3's `EXPORTMI/Select` on `MPHEAD`).
    case table(String)

    public var description: String {
        switch self {
        case .ido(let ido): return "IDO \(ido)"
        case .program(let program, let transaction): return "\(program)/\(transaction)"
        case .odata(let service, let set): return "OData \(service)/\(set)"
        case .businessClass(let bc, let list): return "business class \(bc), list \(list)"
        case .sxe(let call): return "SX.e \(call)"
        case .table(let table): return "table \(table)"
        }
    }

    /// The resource's own name (the IDO, the program, the entity set …).
    public var resource: String {
        switch self {
        case .ido(let name), .program(let name, _), .businessClass(let name, _), .sxe(let name), .table(let name):
            return name
        case .odata(_, let set): return set
        }
    }

    /// One metadata call per resource per run: entities on the same IDO (program, set …) share it.
    var metadataKey: String { description.lowercased() }
}
