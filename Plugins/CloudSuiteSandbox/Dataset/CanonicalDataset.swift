import Foundation
import MLCCore

/// The seeded dataset of a mid-market manufacturer, in canonical entities: the same seed and sizes give the
/// same rows, and every product line serves them through its own view (the same supplier is an `SLVendors`
/// row, an M3 supplier and an LN business partner). Every third row shares its modified-at with its
/// neighbours (ties on the cursor boundary); names carry non-ASCII text, quotes, commas, empty strings, nulls.
final class CanonicalDataset {
    let seed: UInt64
    private(set) var tables: [String: CanonicalTable] = [:]
    /// Bumped on every change: views built from the rows rebuild when it moves.
    private(set) var version = 0
    static let base = Timestamp(parsing: "2024-01-02T08:00:00Z")!

    static let defaultSizes: [String: Int] = [
        "suppliers": 200, "ap_invoices": 1000, "ap_invoice_lines": 2000, "purchase_orders": 300,
        "purchase_order_lines": 900, "gl_accounts": 150, "gl_dimensions": 60, "customers": 300, "items": 400,
    ]

    /// The canonical entity names, for `--size` and the admin endpoints.
    static var entities: [String] { defaultSizes.keys.sorted() }

    init(seed: UInt64, sizes: [String: Int]) throws {
        if let unknown = sizes.keys.sorted().first(where: { Self.defaultSizes[$0] == nil }) {
            throw SandboxError(
                "no canonical entity \"\(unknown)\": sizes take \(Self.entities.joined(separator: ", "))")
        }
        self.seed = seed
        let generator = SeededRows(seed: seed, suppliers: sizes["suppliers"] ?? Self.defaultSizes["suppliers"]!)
        for table in generator.tables() {
            let count = sizes[table.entity] ?? Self.defaultSizes[table.entity]!
            table.rows = (0..<count).map {
                row(table, $0, date: Self.storedDate(Self.base.adding(seconds: Double($0 / 3) * 37)))
            }
            tables[table.entity] = table
        }
    }

    /// `yyyy-MM-dd HH:mm:ss.fff` — the form rows are stored and sorted in; each line renders its own.
    static func storedDate(_ t: Timestamp) -> String {
        let iso = t.iso8601
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(12))
    }

    func row(_ table: CanonicalTable, _ i: Int, date: String) -> [String: String?] {
        var r = table.make(i)
        r["modified_at"] = date
        r["created_at"] = String(date.prefix(10)) + " 00:00:00.000"
        r["row_id"] = SeededRows(seed: seed, suppliers: 0).rowID(table.entity, i)
        return r
    }

    func table(_ entity: String) throws -> CanonicalTable {
        guard let table = tables[entity] else {
            throw SandboxError(
                "no canonical entity \"\(entity)\": the sandbox has \(Self.entities.joined(separator: ", "))")
        }
        return table
    }

    /// Changes a row (its modified-at becomes `date`, now by default): what a user editing in the ERP does.
    func mutate(entity: String, row: Int, set: [String: String?], date: String) throws {
        let table = try table(entity)
        guard table.rows.indices.contains(row) else { throw SandboxError("no row \(row) in \(entity)") }
        // A misspelt column would turn a test's change into a no-op that still bumps the modified-at.
        if let unknown = set.keys.sorted().first(where: { !table.rows[row].keys.contains($0) || $0 == "row_id" }) {
            throw SandboxError(
                "\(entity) has no column \"\(unknown)\": it has \(table.rows[row].keys.filter { $0 != "row_id" }.sorted().joined(separator: ", "))"
            )
        }
        for (k, v) in set { table.rows[row][k] = v }
        table.rows[row]["modified_at"] = date
        version += 1
    }

    func insert(entity: String, count: Int, date: String) throws -> [Int] {
        let table = try table(entity)
        let start = table.rows.count
        for i in start..<(start + count) { table.rows.append(row(table, i, date: date)) }
        version += 1
        return Array(start..<(start + count))
    }
}

extension CanonicalDataset {
    /// Stored `yyyy-MM-dd HH:mm:ss.fff` as `yyyy-MM-ddTHH:mm:ssZ` (milliseconds when there are any).
    static func isoInstant(_ stored: String) -> String {
        let date = stored.prefix(10)
        let time = stored.dropFirst(11)
        let seconds = time.prefix(8)
        let fraction = time.dropFirst(8)
        return "\(date)T\(seconds)\(fraction == ".000" || fraction.isEmpty ? "" : String(fraction))Z"
    }
}

struct SandboxError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
