import CloudSuite
import Foundation
import MLCCore
import MLCState
import MLCTestKit
import XCTest

/// The same sandbox dataset synced through two product lines: every canonical column both lines fill agrees
/// row for row (the company aside, which each line names its own way), so their tables `UNION ALL`.
final class CrossLineTests: XCTestCase {
    func testSyteLineAndM3AgreeOnEveryColumnBothFill() throws {
        try agree(
            .m3,
            [
                "suppliers", "customers", "items", "gl_accounts", "purchase_orders", "purchase_order_lines",
                "ap_invoices", "ap_invoice_lines",
            ])
    }

    func testSyteLineAndLNAgreeOnEveryColumnBothFill() throws {
        try agree(.ln, ["suppliers", "customers", "items", "gl_accounts", "purchase_orders", "purchase_order_lines"])
    }

    func testSyteLineAndFinancialsAgreeOnEveryColumnBothFill() throws {
        try agree(
            .fsm,
            [
                "suppliers", "customers", "items", "gl_accounts", "purchase_orders", "purchase_order_lines",
                "ap_invoices", "ap_invoice_lines",
            ])
    }

    func testSyteLineAndDistributionAgreeOnEveryColumnBothFill() throws {
        try agree(
            .sxe,
            [
                "suppliers", "customers", "items", "gl_accounts", "purchase_orders", "purchase_order_lines",
                "ap_invoices",
            ])
    }

    func agree(_ other: ProductLineUnderTest, _ entities: [String]) throws {
        let h = try SandboxHarness()
        let lines = [ProductLineUnderTest.syteLine, other]
        for line in lines {
            let m = try h.manifest(
                "[" + entities.map { "\"\($0)\"" }.joined(separator: ", ") + "]", source: ["columns": .null],
                name: "\(line.type).json", line: line)
            let text = try String(contentsOfFile: m, encoding: .utf8)
                .replacingOccurrences(of: "warehouse.sqlite", with: "\(line.type).sqlite")
                // Each line is its own pipeline (its own cursors), not a second run of the first.
                .replacingOccurrences(of: #""name": "cs""#, with: "\"name\": \"\(line.type)\"")
            try text.write(toFile: m, atomically: true, encoding: .utf8)
            let run = try MLCProcess.run(["run", m])
            XCTAssertEqual(run.status, 0, line.type + run.stdout + run.stderr)
        }
        for entity in entities {
            let mapped = lines.map { line in line.catalog.entities.first { $0.name == entity }! }
            let both = CanonicalSchema.entity(named: entity)!.columns.map(\.name).filter { column in
                column != "company"
                    && mapped.allSatisfy { $0.canonical.assignments.contains { $0.column == column } }
            }
            XCTAssertGreaterThanOrEqual(both.count, 3, "\(entity): columns both lines fill: \(both)")
            let key = CanonicalSchema.entity(named: entity)!.key.filter { $0 != "company" }
            // A stamp one line fills with a date only (M3's yyyyMMdd) is compared on the day.
            let days = both.map { column in lines.contains { $0.dayPrecision.contains(column) } }
            // Values as the other line holds them (SX.e numbers its vendors: V0000012 is 12).
            let tables = try lines.enumerated().map { index, line -> [String: [String?]] in
                let held = { (column: String, value: String?) in
                    index == 0 ? other.served(entity, column, value) : value
                }
                let db = try SQLiteDatabase(path: h.dir + "/\(line.type).sqlite", journal: nil)
                let rows = try db.query(
                    "SELECT \((key + both).map { "\"\($0)\"" }.joined(separator: ", ")) FROM \"\(entity)\"")
                return Dictionary(
                    uniqueKeysWithValues: rows.map { row in
                        (
                            zip(key, row.prefix(key.count)).map { held($0, $1.text) ?? "" }.joined(separator: "|"),
                            // The same value: M3 has no null, so an empty text and null are one.
                            zip(zip(both, row.dropFirst(key.count)), days).map { pair, day in
                                held(pair.0, pair.1.text).flatMap {
                                    $0.isEmpty ? nil : day ? String($0.prefix(10)) : $0
                                }
                            }
                        )
                    })
            }
            XCTAssertGreaterThan(tables[1].count, 10, entity)
            for (k, m3) in tables[1] {
                XCTAssertEqual(tables[0][k], m3, "\(entity) \(k): \(both)")
            }
        }
    }
}
