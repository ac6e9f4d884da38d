import Foundation
import MLCCore

/// Deterministic, invoice-like data of a mid-market manufacturer: the same seed and index always give
/// the same record, so a run can be compared with the truth without holding it in memory.
/// Records are ordered by (modified-at, key); every three share a modified-at (ties on the cursor).
public struct InvoiceGenerator: Sendable {
    public let seed: UInt64
    public let base: Timestamp

    /// The 90 days before `base`, as invoice dates.
    let invoiceDates: [String]

    public init(seed: UInt64, base: Timestamp = Timestamp(parsing: "2024-01-01T00:00:00Z")!) {
        self.seed = seed
        self.base = base
        invoiceDates = (0..<90).map { String(base.adding(seconds: -Double($0) * 86400).iso8601.prefix(10)) }
    }

    static let suppliers = [
        "Müller GmbH", "株式会社 山田製作所", "O'Brien & Sons, Ltd.", "Acme \"Industrial\" Supply",
        "Société Générale d'Acier", "Nordic Steel AB", "Ωmega Components", "Fábrica São João",
        "", "Łódź Metal Works",
    ]
    static let currencies = ["USD", "EUR", "GBP", "JPY", "SEK"]
    static let statuses = ["open", "approved", "paid", "on_hold"]
    static let words = [
        "steel", "bracket", "freight", "machining", "coating", "bearing", "assembly", "tooling",
        "inspection", "packaging", "fasteners", "hydraulic", "valve", "gasket", "welding", "casting",
    ]

    /// 256 fixed line descriptions (~400 bytes each), so generation cost stays out of the benchmark's way.
    static let descriptions: [String] = (0..<256).map { n in
        (0..<40).map { words[(n * 7 + $0 * 13 + $0 * $0) % words.count] }.joined(separator: " ")
    }

    /// Each entity's field names in catalog order, with `"name":` encoded once.
    struct Layout {
        let names: [String]
        let encoded: [[UInt8]]
        init(_ names: [String]) {
            self.names = names
            encoded = names.map { name in
                var w = JSONWriter()
                w.writeString(name)
                w.writeRaw(UInt8(ascii: ":"))
                return w.bytes
            }
        }
    }

    static let supplierLayout = Layout([
        "supplier_id", "name", "currency", "payment_terms", "tax_id", "email", "active", "modified_at",
    ])
    static let accountLayout = Layout(["account_id", "account", "description", "type", "modified_at"])
    static let invoiceLayout = Layout([
        "invoice_id", "supplier_id", "supplier_name", "invoice_number", "invoice_date", "currency",
        "amount", "tax_amount", "status", "po_number", "gl_account", "tax_id", "line_count",
        "description", "modified_at",
    ])

    public func modifiedAt(_ i: Int) -> Timestamp { base.adding(seconds: Double(i / 3)) }

    public func key(_ entity: String, _ i: Int) -> String {
        switch entity {
        case "suppliers": return Self.padded("V", i, 9)
        case "gl_accounts": return Self.padded("GL", i, 9)
        default: return Self.padded("INV", i, 9)
        }
    }

    /// `prefix` then `n` in at least `width` digits, zero-padded ("INV000000042").
    static func padded(_ prefix: StaticString, _ n: Int, _ width: Int) -> String {
        ShortText.make {
            $0.put(prefix)
            $0.put(n, width: width)
        }
    }

    private func random(_ i: Int, _ salt: UInt64) -> UInt64 {
        var z = seed &+ UInt64(i) &* 0x9E3779B97F4A7C15 &+ salt &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }

    private func pick<T>(_ list: [T], _ i: Int, _ salt: UInt64) -> T { list[Int(random(i, salt) % UInt64(list.count))] }

    private func amount(_ i: Int, _ salt: UInt64, max: UInt64) -> String {
        let cents = Int(random(i, salt) % (max * 100))
        return ShortText.make {
            $0.put(cents / 100)
            $0.put(".")
            $0.put(cents % 100, width: 2)
        }
    }

    private func glAccount(_ i: Int, _ salt: UInt64) -> String {
        ShortText.make {
            $0.put(100 + Int(random(i, salt) % 3) * 100)
            $0.put("-")
            $0.put(4000 + Int(random(i, salt + 1) % 60) * 10)
            $0.put("-CC")
            $0.put(10 + Int(random(i, salt + 2) % 40))
        }
    }

    public func record(_ entity: String, _ i: Int) -> Record {
        let key = key(entity, i)
        let modified = modifiedAt(i)
        let layout: Layout
        let values: [Value]
        switch entity {
        case "suppliers":
            layout = Self.supplierLayout
            values = [
                .string(key), .string(pick(Self.suppliers, i, 1)), .string(pick(Self.currencies, i, 2)),
                .string("NET\(30 + Int(random(i, 3) % 4) * 15)"),
                .string(Self.padded("DE", 100_000_000 + Int(random(i, 4) % 899_999_999), 9)),
                random(i, 5) % 7 == 0 ? .null : .string("ap\(i)@supplier.example"), .bool(random(i, 6) % 10 != 0),
                .timestamp(modified),
            ]
        case "gl_accounts":
            layout = Self.accountLayout
            values = [
                .string(key), .string(glAccount(i, 1)), .string(pick(Self.words, i, 4).capitalized + " expense"),
                .string(pick(["expense", "asset", "liability", "revenue"], i, 5)), .timestamp(modified),
            ]
        default:
            layout = Self.invoiceLayout
            values = [
                .string(key),
                .string(self.key("suppliers", Int(random(i, 1) % 5000))),
                .string(pick(Self.suppliers, i, 2)),
                .string(Self.padded("SI-", Int(random(i, 3) % 1_000_000), 1)),
                .string(invoiceDates[Int(random(i, 4) % 90)]),
                .string(pick(Self.currencies, i, 5)),
                .decimal(amount(i, 6, max: 250_000)),
                .decimal(amount(i, 7, max: 40_000)),
                .string(pick(Self.statuses, i, 8)),
                random(i, 9) % 5 == 0 ? .null : .string(Self.padded("PO", Int(random(i, 10) % 100_000), 1)),
                .string(glAccount(i, 11)),
                .string(Self.padded("DE", 100_000_000 + Int(random(i, 14) % 899_999_999), 9)),
                .int(Int64(1 + random(i, 15) % 12)),
                .string(Self.descriptions[Int(random(i, 10) % UInt64(Self.descriptions.count))]),
                .timestamp(modified),
            ]
        }
        var w = JSONWriter(capacity: 1100)
        w.writeRaw(UInt8(ascii: "{"))
        for (n, value) in values.enumerated() {
            if n > 0 { w.writeRaw(UInt8(ascii: ",")) }
            w.bytes.append(contentsOf: layout.encoded[n])
            w.write(value)
        }
        w.writeRaw(UInt8(ascii: "}"))
        return Record(
            entity: entity, key: key, modifiedAt: modified, fields: Fields(unique: layout.names, values), raw: w.string)
    }

    /// The index of the first record strictly after the cursor (modified-at, key).
    public func firstIndex(after cursor: Cursor?, entity: String, count: Int) -> Int {
        guard let cursor, let m = cursor.modifiedTimestamp else { return 0 }
        let k = cursor.key ?? ""
        var lo = 0
        var hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            let mm = modifiedAt(mid)
            let mk = key(entity, mid)
            if mm < m || (mm == m && mk <= k) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
