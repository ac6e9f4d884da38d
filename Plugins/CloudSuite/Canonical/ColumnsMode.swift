/// Which names the warehouse columns carry: the canonical schema's (the default, the same on every product
/// line), the product's own (`VendNum`), or both side by side. `_raw` keeps the product's whole object always.
public enum ColumnsMode: String, Sendable, CaseIterable {
    case canonical, native, both
}
