import Foundation
import MLCCore

/// One IDO's rows. Values are strings or null, as the IDO REST API returns them.
final class IDOTable {
    let name: String
    let properties: [String]
    let keys: [String]
    var rows: [[String: String?]] = [] { didSet { sortedByRecordDate = nil } }
    let make: (Int) -> [String: String?]
    /// Row indexes in (RecordDate, RowPointer) order — the order incremental readers ask for — kept until rows change.
    private var sortedByRecordDate: [(key: [String], row: Int)]?

    func recordDateOrder() -> [(key: [String], row: Int)] {
        if let sorted = sortedByRecordDate { return sorted }
        let sorted = rows.indices.map { i in
            (key: [(rows[i]["RecordDate"] ?? nil) ?? "", (rows[i]["RowPointer"] ?? nil) ?? ""], row: i)
        }
        .sorted { $0.key.lexicographicallyPrecedes($1.key) }
        sortedByRecordDate = sorted
        return sorted
    }

    init(name: String, properties: [String], keys: [String], make: @escaping (Int) -> [String: String?]) {
        self.name = name
        self.properties = properties + ["RecordDate", "RowPointer"]
        self.keys = keys
        self.make = make
    }
}

/// The seeded dataset of a mid-market manufacturer: the same seed and sizes give the same rows.
/// Every third row shares its RecordDate with its neighbours (ties on the cursor boundary); names
/// carry non-ASCII text, quotes, commas, empty strings and nulls.
final class SandboxDataset {
    let seed: UInt64
    private(set) var tables: [String: IDOTable] = [:]
    static let base = Timestamp(parsing: "2024-01-02T08:00:00Z")!

    static let defaultSizes: [String: Int] = [
        "SLVendors": 200, "SLAptrxps": 1000, "SLAptrxds": 2000, "SLPos": 300, "SLPoItems": 900, "SLChartAlls": 150,
        "SLUnitcd1s": 20, "SLUnitcd2s": 20, "SLUnitcd3s": 10, "SLUnitcd4s": 10, "SLCustomers": 300, "SLItems": 400,
    ]

    static let names = [
        "Müller GmbH", "株式会社 山田製作所", "O'Brien & Sons, Ltd.", "Acme \"Industrial\" Supply", "Société Générale d'Acier",
        "Nordic Steel AB", "", "Łódź Metal Works", "Fábrica São João, S.A.", "Ωmega Components",
    ]
    static let words = [
        "Bracket", "Bearing", "Valve", "Gasket", "Housing", "Shaft", "Coupling", "Flange", "Seal", "Spring",
    ]

    init(seed: UInt64, sizes: [String: Int]) {
        self.seed = seed
        for table in makeTables() {
            let count = sizes[table.name] ?? Self.defaultSizes[table.name] ?? 50
            table.rows = (0..<count).map {
                row(table, $0, date: Self.recordDate(Self.base.adding(seconds: Double($0 / 3) * 37)))
            }
            tables[table.name] = table
        }
    }

    /// `yyyy-MM-dd HH:mm:ss.fff` — the SQL form; the real service's exact format is unconfirmed.
    static func recordDate(_ t: Timestamp) -> String {
        let iso = t.iso8601
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(12))
    }

    func row(_ table: IDOTable, _ i: Int, date: String) -> [String: String?] {
        var r = table.make(i)
        r["RecordDate"] = date
        r["RowPointer"] = rowPointer(table.name, i)
        return r
    }

    func rowPointer(_ ido: String, _ i: Int) -> String {
        let h = random(i, ido.utf8.reduce(UInt64(17)) { $0 &* 31 &+ UInt64($1) })
        let hex = String(h, radix: 16)
        let padded = String(repeating: "0", count: max(0, 16 - hex.count)) + hex
        return
            "\(padded.prefix(8))-\(padded.dropFirst(8).prefix(4))-4\(padded.dropFirst(12).prefix(3))-8\(String(format: "%03x", i % 4096))-\(String(format: "%012x", i))"
    }

    func random(_ i: Int, _ salt: UInt64) -> UInt64 {
        var z = seed &+ UInt64(i) &* 0x9E3779B97F4A7C15 &+ salt &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }

    func pick(_ list: [String], _ i: Int, _ salt: UInt64) -> String { list[Int(random(i, salt) % UInt64(list.count))] }
    func amount(_ i: Int, _ salt: UInt64, _ max: UInt64) -> String {
        let cents = random(i, salt) % (max * 100)
        return String(format: "%d.%02d", Int(cents / 100), Int(cents % 100))
    }
    func id(_ prefix: String, _ i: Int, width: Int = 7) -> String {
        let digits = String(i)
        return prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    func date(_ i: Int, _ salt: UInt64) -> String {
        String(Self.recordDate(Self.base.adding(seconds: -Double(random(i, salt) % 120) * 86400)).prefix(10))
            + " 00:00:00.000"
    }
    func unit(_ n: Int, _ i: Int, _ salt: UInt64) -> String {
        "U\(n)\(String(format: "%02d", Int(random(i, salt) % 10)))"
    }

    private func makeTables() -> [IDOTable] {
        let vendors = Self.defaultSizes["SLVendors"]!
        return [
            IDOTable(
                name: "SLVendors",
                properties: [
                    "VendNum", "Name", "CurrCode", "TermsCode", "Stat", "TaxRegNum1", "ExternalEmailAddr", "VadCity",
                    "VadCountry",
                ],
                keys: ["VendNum"]
            ) { [self] i in
                [
                    "VendNum": id("V", i), "Name": pick(Self.names, i, 1),
                    "CurrCode": pick(["USD", "EUR", "GBP", "JPY"], i, 2),
                    "TermsCode": pick(["N30", "N45", "N60"], i, 3), "Stat": pick(["A", "A", "I"], i, 4),
                    "TaxRegNum1": random(i, 5) % 6 == 0 ? nil : "DE\(100_000_000 + random(i, 6) % 899_999_999)",
                    "ExternalEmailAddr": random(i, 7) % 5 == 0 ? "" : "ap\(i)@vendor.example",
                    "VadCity": pick(["München", "Osaka", "Dublin", "Lyon, Rhône", "Göteborg"], i, 8),
                    "VadCountry": pick(["DE", "JP", "IE", "FR", "SE"], i, 9),
                ]
            },
            IDOTable(
                name: "SLAptrxps",
                properties: [
                    "VendNum", "Voucher", "InvNum", "InvDate", "DueDate", "InvAmt", "SalesTax", "AmtPaid",
                    "VenCurrCode", "PoNum", "ApAcct", "ApAcctUnit1", "ApAcctUnit2", "Txt",
                ],
                keys: ["Voucher"]
            ) { [self] i in
                [
                    "VendNum": id("V", Int(random(i, 1) % UInt64(vendors))), "Voucher": String(100_000 + i),
                    "InvNum": "INV-\(random(i, 2) % 1_000_000)",
                    "InvDate": date(i, 3), "DueDate": date(i, 4), "InvAmt": amount(i, 5, 90_000),
                    "SalesTax": amount(i, 6, 9_000),
                    "AmtPaid": random(i, 7) % 3 == 0 ? "0.00" : amount(i, 8, 9_000),
                    "VenCurrCode": pick(["USD", "EUR", "GBP"], i, 9),
                    "PoNum": random(i, 10) % 4 == 0 ? nil : id("P", Int(random(i, 11) % 300)),
                    "ApAcct": "20\(random(i, 12) % 10)00",
                    "ApAcctUnit1": unit(1, i, 13), "ApAcctUnit2": unit(2, i, 14),
                    "Txt": pick(["", "Rush, expedite", "Ref \"Q3\"", "Prüfung OK"], i, 15),
                ]
            },
            IDOTable(
                name: "SLAptrxds",
                properties: ["VendNum", "Voucher", "DistSeq", "Acct", "AcctUnit1", "AcctUnit2", "Amount"],
                keys: ["Voucher", "DistSeq"]
            ) { [self] i in
                [
                    "VendNum": id("V", Int(random(i / 2, 1) % UInt64(vendors))), "Voucher": String(100_000 + i / 2),
                    "DistSeq": String((i % 2 + 1) * 5),
                    "Acct": "5\(random(i, 2) % 10)000", "AcctUnit1": unit(1, i, 3), "AcctUnit2": unit(2, i, 4),
                    "Amount": amount(i, 5, 45_000),
                ]
            },
            IDOTable(
                name: "SLPos", properties: ["PoNum", "VendNum", "OrderDate", "Stat", "VenCurrCode", "PoCost", "Buyer"],
                keys: ["PoNum"]
            ) { [self] i in
                [
                    "PoNum": id("P", i), "VendNum": id("V", Int(random(i, 1) % UInt64(vendors))),
                    "OrderDate": date(i, 2), "Stat": pick(["O", "F", "C"], i, 3),
                    "VenCurrCode": pick(["USD", "EUR"], i, 4), "PoCost": amount(i, 5, 200_000),
                    "Buyer": pick(["jsmith", "mkato", "", "lmüller"], i, 6),
                ]
            },
            IDOTable(
                name: "SLPoItems",
                properties: [
                    "PoNum", "PoLine", "PoRelease", "Item", "Description", "QtyOrdered", "ItemCost", "DueDate", "Stat",
                ],
                keys: ["PoNum", "PoLine", "PoRelease"]
            ) { [self] i in
                [
                    "PoNum": id("P", i / 3), "PoLine": String(i % 3 + 1), "PoRelease": "0",
                    "Item": id("IT", Int(random(i, 1) % 400), width: 6),
                    "Description": pick(Self.words, i, 2) + ", " + pick(["steel", "brass", "Ø 20 mm"], i, 3),
                    "QtyOrdered": String(1 + random(i, 4) % 500) + ".000",
                    "ItemCost": amount(i, 5, 900), "DueDate": date(i, 6), "Stat": pick(["O", "F"], i, 7),
                ]
            },
            IDOTable(
                name: "SLChartAlls", properties: ["Acct", "Description", "Type", "AccessUnit1", "AccessUnit2"],
                keys: ["Acct"]
            ) { [self] i in
                [
                    "Acct": String(10_000 + i * 10),
                    "Description": pick(["Cash", "Accounts Payable", "Freight – inbound", "Rohstoffe", "売上高"], i, 1)
                        + " \(i)",
                    "Type": pick(["A", "L", "E", "R"], i, 2), "AccessUnit1": pick(["N", "O", "R"], i, 3),
                    "AccessUnit2": pick(["N", "O"], i, 4),
                ]
            },
        ]
            + (1...4).map { n in
                IDOTable(name: "SLUnitcd\(n)s", properties: ["UnitCode\(n)", "Description"], keys: ["UnitCode\(n)"]) {
                    [self] i in
                    [
                        "UnitCode\(n)": "U\(n)\(String(format: "%02d", i))",
                        "Description": pick(["Plant Ost", "Vertrieb", "R&D, Lab", "工場", "Admin"], i, UInt64(n)),
                    ]
                }
            } + [
                IDOTable(
                    name: "SLCustomers",
                    properties: ["CustNum", "CustSeq", "Name", "City", "Country", "CurrCode", "CreditLimit"],
                    keys: ["CustNum", "CustSeq"]
                ) { [self] i in
                    [
                        "CustNum": id("C", i / 2), "CustSeq": String(i % 2), "Name": pick(Self.names, i, 1),
                        "City": pick(["Köln", "Kyoto", "Cork"], i, 2),
                        "Country": pick(["DE", "JP", "IE"], i, 3), "CurrCode": pick(["EUR", "JPY"], i, 4),
                        "CreditLimit": random(i, 5) % 4 == 0 ? nil : amount(i, 6, 500_000),
                    ]
                },
                IDOTable(
                    name: "SLItems", properties: ["Item", "Description", "UM", "Stat", "UnitCost", "ProductCode"],
                    keys: ["Item"]
                ) { [self] i in
                    [
                        "Item": id("IT", i, width: 6),
                        "Description": pick(Self.words, i, 1) + " \"\(pick(["A", "B", "XL"], i, 2))\"",
                        "UM": pick(["EA", "KG", "M"], i, 3),
                        "Stat": pick(["A", "O"], i, 4), "UnitCost": amount(i, 5, 900),
                        "ProductCode": pick(["FG", "RM", ""], i, 6),
                    ]
                },
            ]
    }

    /// Changes a row (its RecordDate becomes `date`, now by default): what a user editing in SyteLine does.
    func mutate(ido: String, row: Int, set: [String: String?], date: String) throws {
        guard let table = tables[ido], table.rows.indices.contains(row) else {
            throw SandboxError("no row \(row) in \(ido)")
        }
        for (k, v) in set where table.properties.contains(k) && k != "RowPointer" { table.rows[row][k] = v }
        table.rows[row]["RecordDate"] = date
    }

    func insert(ido: String, count: Int, date: String) throws -> [Int] {
        guard let table = tables[ido] else { throw SandboxError("no IDO \(ido)") }
        let start = table.rows.count
        for i in start..<(start + count) { table.rows.append(row(table, i, date: date)) }
        return Array(start..<(start + count))
    }
}

struct SandboxError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
