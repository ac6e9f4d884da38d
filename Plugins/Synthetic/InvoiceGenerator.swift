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
        self.seed = seed; self.base = base
        invoiceDates = (0..<90).map { String(base.adding(seconds: -Double($0) * 86400).iso8601.prefix(10)) }
    }

    static let suppliers = ["Müller GmbH", "株式会社 山田製作所", "O'Brien & Sons, Ltd.", "Acme \"Industrial\" Supply",
                            "Société Générale d'Acier", "Nordic Steel AB", "Ωmega Components", "Fábrica São João",
                            "", "Łódź Metal Works"]
    static let currencies = ["USD", "EUR", "GBP", "JPY", "SEK"]
    static let statuses = ["open", "approved", "paid", "on_hold"]
    static let words = ["steel", "bracket", "freight", "machining", "coating", "bearing", "assembly", "tooling",
                        "inspection", "packaging", "fasteners", "hydraulic", "valve", "gasket", "welding", "casting"]

    /// 256 fixed line descriptions (~400 bytes each), so generation cost stays out of the benchmark's way.
    static let descriptions: [String] = (0..<256).map { n in
        (0..<40).map { words[(n * 7 + $0 * 13 + $0 * $0) % words.count] }.joined(separator: " ")
    }

    /// `"name":` as bytes, encoded once per field name.
    static let encodedNames: [String: [UInt8]] = {
        let names = ["invoice_id", "supplier_id", "supplier_name", "invoice_number", "invoice_date", "currency", "amount", "tax_amount",
                     "status", "po_number", "gl_account", "tax_id", "line_count", "description", "modified_at", "name", "payment_terms",
                     "email", "active", "account_id", "account", "type"]
        return Dictionary(uniqueKeysWithValues: names.map { name in
            var w = JSONWriter()
            w.writeString(name)
            w.writeRaw(UInt8(ascii: ":"))
            return (name, w.bytes)
        })
    }()

    static func encodedName(_ name: String) -> [UInt8] {
        if let bytes = encodedNames[name] { return bytes }
        var w = JSONWriter()
        w.writeString(name)
        w.writeRaw(UInt8(ascii: ":"))
        return w.bytes
    }

    public func modifiedAt(_ i: Int) -> Timestamp { base.adding(seconds: Double(i / 3)) }

    public func key(_ entity: String, _ i: Int) -> String {
        let prefix: String
        switch entity {
        case "suppliers": prefix = "V"
        case "gl_accounts": prefix = "GL"
        default: prefix = "INV"
        }
        let digits = String(i)
        return prefix + String(repeating: "0", count: max(0, 9 - digits.count)) + digits
    }

    private func random(_ i: Int, _ salt: UInt64) -> UInt64 {
        var z = seed &+ UInt64(i) &* 0x9E3779B97F4A7C15 &+ salt &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }

    private func pick<T>(_ list: [T], _ i: Int, _ salt: UInt64) -> T { list[Int(random(i, salt) % UInt64(list.count))] }

    private func amount(_ i: Int, _ salt: UInt64, max: UInt64) -> String {
        let cents = random(i, salt) % (max * 100)
        let c = cents % 100
        return String(cents / 100) + (c < 10 ? ".0" : ".") + String(c)
    }

    public func record(_ entity: String, _ i: Int) -> Record {
        var fields: [(String, Value)]
        let key = key(entity, i)
        let modified = modifiedAt(i)
        switch entity {
        case "suppliers":
            fields = [("supplier_id", .string(key)), ("name", .string(pick(Self.suppliers, i, 1))),
                      ("currency", .string(pick(Self.currencies, i, 2))), ("payment_terms", .string("NET\(30 + Int(random(i, 3) % 4) * 15)")),
                      ("tax_id", .string("DE\(100_000_000 + Int(random(i, 4) % 899_999_999))")),
                      ("email", random(i, 5) % 7 == 0 ? .null : .string("ap\(i)@supplier.example")),
                      ("active", .bool(random(i, 6) % 10 != 0))]
        case "gl_accounts":
            fields = [("account_id", .string(key)),
                      ("account", .string("\(100 + Int(random(i, 1) % 3) * 100)-\(4000 + Int(random(i, 2) % 60) * 10)-CC\(10 + Int(random(i, 3) % 40))")),
                      ("description", .string(pick(Self.words, i, 4).capitalized + " expense")),
                      ("type", .string(pick(["expense", "asset", "liability", "revenue"], i, 5)))]
        default:
            let desc = Self.descriptions[Int(random(i, 10) % UInt64(Self.descriptions.count))]
            fields = [("invoice_id", .string(key)),
                      ("supplier_id", .string(self.key("suppliers", Int(random(i, 1) % 5000)))),
                      ("supplier_name", .string(pick(Self.suppliers, i, 2))),
                      ("invoice_number", .string("SI-\(random(i, 3) % 1_000_000)")),
                      ("invoice_date", .string(invoiceDates[Int(random(i, 4) % 90)])),
                      ("currency", .string(pick(Self.currencies, i, 5))),
                      ("amount", .decimal(amount(i, 6, max: 250_000))),
                      ("tax_amount", .decimal(amount(i, 7, max: 40_000))),
                      ("status", .string(pick(Self.statuses, i, 8))),
                      ("po_number", random(i, 9) % 5 == 0 ? .null : .string("PO\(random(i, 10) % 100_000)")),
                      ("gl_account", .string("\(100 + Int(random(i, 11) % 3) * 100)-\(4000 + Int(random(i, 12) % 60) * 10)-CC\(10 + Int(random(i, 13) % 40))")),
                      ("tax_id", .string("DE\(100_000_000 + Int(random(i, 14) % 899_999_999))")),
                      ("line_count", .int(Int64(1 + random(i, 15) % 12))),
                      ("description", .string(desc))]
        }
        fields.append(("modified_at", .timestamp(modified)))
        var w = JSONWriter(capacity: 1100)
        w.writeRaw(UInt8(ascii: "{"))
        for (n, (name, value)) in fields.enumerated() {
            if n > 0 { w.writeRaw(UInt8(ascii: ",")) }
            w.bytes.append(contentsOf: Self.encodedName(name))
            w.write(value)
        }
        w.writeRaw(UInt8(ascii: "}"))
        // Room for the columns transforms add, so they do not force a rehash.
        var dictionary = [String: Value](minimumCapacity: fields.count + 8)
        for (name, value) in fields { dictionary[name] = value }
        return Record(entity: entity, key: key, modifiedAt: modified, fields: dictionary, raw: w.string)
    }

    /// The index of the first record strictly after the cursor (modified-at, key).
    public func firstIndex(after cursor: Cursor?, entity: String, count: Int) -> Int {
        guard let cursor, let m = cursor.modifiedTimestamp else { return 0 }
        let k = cursor.key ?? ""
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            let mm = modifiedAt(mid), mk = key(entity, mid)
            if mm < m || (mm == m && mk <= k) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
