import Foundation
import MLCCore

/// The generators of the canonical rows: deterministic functions of the seed and the row number.
struct SeededRows {
    let seed: UInt64
    /// Supplier numbers other entities refer to fall within this many suppliers.
    let suppliers: Int

    static let names = [
        "Müller GmbH", "株式会社 山田製作所", "O'Brien & Sons, Ltd.", "Acme \"Industrial\" Supply", "Société Générale d'Acier",
        "Nordic Steel AB", "", "Łódź Metal Works", "Fábrica São João, S.A.", "Ωmega Components",
    ]
    static let words = [
        "Bracket", "Bearing", "Valve", "Gasket", "Housing", "Shaft", "Coupling", "Flange", "Seal", "Spring",
    ]

    func random(_ i: Int, _ salt: UInt64) -> UInt64 {
        var z = seed &+ UInt64(i) &* 0x9E37_79B9_7F4A_7C15 &+ salt &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
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
        String(
            CanonicalDataset.storedDate(CanonicalDataset.base.adding(seconds: -Double(random(i, salt) % 120) * 86400))
                .prefix(10)) + " 00:00:00.000"
    }
    func unit(_ n: Int, _ i: Int, _ salt: UInt64) -> String {
        "U\(n)\(String(format: "%02d", Int(random(i, salt) % 10)))"
    }
    func supplier(_ i: Int, _ salt: UInt64) -> String { id("V", Int(random(i, salt) % UInt64(max(1, suppliers)))) }

    func rowID(_ entity: String, _ i: Int) -> String {
        let h = random(i, entity.utf8.reduce(UInt64(17)) { $0 &* 31 &+ UInt64($1) })
        let hex = String(h, radix: 16)
        let padded = String(repeating: "0", count: max(0, 16 - hex.count)) + hex
        return
            "\(padded.prefix(8))-\(padded.dropFirst(8).prefix(4))-4\(padded.dropFirst(12).prefix(3))-8\(String(format: "%03x", i % 4096))-\(String(format: "%012x", i))"
    }

    func tables() -> [CanonicalTable] {
        [
            CanonicalTable(entity: "suppliers") { i in
                [
                    "supplier_id": id("V", i), "name": pick(Self.names, i, 1),
                    "currency": pick(["USD", "EUR", "GBP", "JPY"], i, 2),
                    "payment_terms": pick(["N30", "N45", "N60"], i, 3), "status": pick(["A", "A", "I"], i, 4),
                    "tax_id": random(i, 5) % 6 == 0 ? nil : "DE\(100_000_000 + random(i, 6) % 899_999_999)",
                    "email": random(i, 7) % 5 == 0 ? "" : "ap\(i)@vendor.example",
                    "city": pick(["München", "Osaka", "Dublin", "Lyon, Rhône", "Göteborg"], i, 8),
                    "country": pick(["DE", "JP", "IE", "FR", "SE"], i, 9),
                ]
            },
            CanonicalTable(entity: "ap_invoices") { i in
                [
                    "supplier_id": supplier(i, 1), "invoice_id": String(100_000 + i),
                    "invoice_number": "INV-\(random(i, 2) % 1_000_000)", "invoice_date": date(i, 3),
                    "due_date": date(i, 4), "amount": amount(i, 5, 90_000), "tax_amount": amount(i, 6, 9_000),
                    "paid_amount": random(i, 7) % 3 == 0 ? "0.00" : amount(i, 8, 9_000),
                    "currency": pick(["USD", "EUR", "GBP"], i, 9),
                    "po_number": random(i, 10) % 4 == 0 ? nil : id("P", Int(random(i, 11) % 300)),
                    "gl_account": "20\(random(i, 12) % 10)00", "dimension_1": unit(1, i, 13),
                    "dimension_2": unit(2, i, 14),
                    "description": pick(["", "Rush, expedite", "Ref \"Q3\"", "Prüfung OK"], i, 15),
                ]
            },
            CanonicalTable(entity: "ap_invoice_lines") { i in
                [
                    "supplier_id": supplier(i / 2, 1), "invoice_id": String(100_000 + i / 2),
                    "line_number": String((i % 2 + 1) * 5), "gl_account": "5\(random(i, 2) % 10)000",
                    "dimension_1": unit(1, i, 3), "dimension_2": unit(2, i, 4), "amount": amount(i, 5, 45_000),
                ]
            },
            CanonicalTable(entity: "purchase_orders") { i in
                [
                    "po_number": id("P", i), "supplier_id": supplier(i, 1), "order_date": date(i, 2),
                    "status": pick(["O", "F", "C"], i, 3), "currency": pick(["USD", "EUR"], i, 4),
                    "total_amount": amount(i, 5, 200_000), "buyer": pick(["jsmith", "mkato", "", "lmüller"], i, 6),
                ]
            },
            CanonicalTable(entity: "purchase_order_lines") { i in
                [
                    "po_number": id("P", i / 3), "line_number": String(i % 3 + 1), "release": "0",
                    "item_id": id("IT", Int(random(i, 1) % 400), width: 6),
                    "description": pick(Self.words, i, 2) + ", " + pick(["steel", "brass", "Ø 20 mm"], i, 3),
                    "quantity": String(1 + random(i, 4) % 500) + ".000", "unit_price": amount(i, 5, 900),
                    "due_date": date(i, 6), "status": pick(["O", "F"], i, 7),
                ]
            },
            CanonicalTable(entity: "gl_accounts") { i in
                [
                    "account": String(10_000 + i * 10),
                    "description": pick(["Cash", "Accounts Payable", "Freight – inbound", "Rohstoffe", "売上高"], i, 1)
                        + " \(i)",
                    "account_type": pick(["A", "L", "E", "R"], i, 2), "x_access_unit_1": pick(["N", "O", "R"], i, 3),
                    "x_access_unit_2": pick(["N", "O"], i, 4),
                ]
            },
            // Four dimensions in turn (SyteLine's unit codes 1–4: cost centers, departments …).
            CanonicalTable(entity: "gl_dimensions") { i in
                let n = i % 4 + 1
                let j = i / 4
                return [
                    "dimension": "\(n)", "code": "U\(n)\(String(format: "%02d", j))",
                    "description": pick(["Plant Ost", "Vertrieb", "R&D, Lab", "工場", "Admin"], j, UInt64(n)),
                ]
            },
            CanonicalTable(entity: "customers") { i in
                [
                    "customer_id": id("C", i / 2), "ship_to": String(i % 2), "name": pick(Self.names, i, 1),
                    "city": pick(["Köln", "Kyoto", "Cork"], i, 2), "country": pick(["DE", "JP", "IE"], i, 3),
                    "currency": pick(["EUR", "JPY"], i, 4),
                    "credit_limit": random(i, 5) % 4 == 0 ? nil : amount(i, 6, 500_000),
                ]
            },
            CanonicalTable(entity: "items") { i in
                [
                    "item_id": id("IT", i, width: 6),
                    "description": pick(Self.words, i, 1) + " \"\(pick(["A", "B", "XL"], i, 2))\"",
                    "unit_of_measure": pick(["EA", "KG", "M"], i, 3), "status": pick(["A", "O"], i, 4),
                    "unit_cost": amount(i, 5, 900), "product_group": pick(["FG", "RM", ""], i, 6),
                ]
            },
        ]
    }
}
