import CloudSuiteSandbox
import Foundation
import MLCCore
import MLCState
import MLCTestKit
import XCTest

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A sandbox tenant on loopback, its .ionapi file and a working directory for manifests and warehouses.
final class SandboxHarness {
    let sandbox: CloudSuiteSandbox
    let dir: String

    init(_ configure: (inout CloudSuiteSandbox.Options) -> Void = { _ in }) throws {
        var options = CloudSuiteSandbox.Options()
        options.sizes = [
            "suppliers": 120, "ap_invoices": 400, "ap_invoice_lines": 300, "purchase_orders": 60,
            "purchase_order_lines": 150, "gl_accounts": 40,
            "gl_dimensions": 34, "customers": 80, "items": 90,
        ]
        configure(&options)
        sandbox = try CloudSuiteSandbox(options: options)
        try sandbox.start()
        dir = NSTemporaryDirectory() + "mlc-cs-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try sandbox.ionapi.serialized().write(toFile: dir + "/tenant.ionapi", atomically: true, encoding: .utf8)
    }

    /// Rewrites `tenant.ionapi` with one member changed (a wrong secret, an unreachable gateway).
    func writeIonapi(setting key: String, to value: JSON) throws {
        var ionapi = sandbox.ionapi
        if case .object(var members) = ionapi {
            for i in members.indices where members[i].key == key { members[i].value = value }
            ionapi = .object(members)
        }
        try ionapi.serialized().write(toFile: dir + "/tenant.ionapi", atomically: true, encoding: .utf8)
    }

    deinit {
        sandbox.stop()
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Writes a manifest reading `entities` from the sandbox into `warehouse.sqlite`; `source` overrides
    /// or adds source settings.
    func manifest(
        _ entities: String, source overrides: [String: JSON] = [:], name: String = "m.json",
        line: ProductLineUnderTest = .syteLine
    ) throws -> String {
        var settings: [String: JSON] = line.settings(sandbox).merging([
            "type": .string(line.type), "credentials": ["file": "tenant.ionapi"],
            "rateLimit": ["requestsPerMinute": 60000], "pageSize": 50, "lookback": 0,
            // These tests compare the product's own properties with the sandbox; the canonical names have theirs.
            "columns": "native",
        ]) { _, new in new }
        settings.merge(overrides) { _, new in new }
        settings["entities"] = try JSONParser.parse(entities)
        let source = JSON.object(
            settings.sorted { $0.key < $1.key }.filter { $0.value != .null }.map { JSONMember($0.key, $0.value) })
        let text = """
            {"version": 1, "name": "cs", "source": \(source.serialized()),
             "sink": {"type": "localwarehouse", "path": "warehouse.sqlite"}, "pipeline": {"batchRecords": 200}}
            """
        try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
        return dir + "/" + name
    }

    var warehouse: SQLiteDatabase { try! SQLiteDatabase(path: dir + "/warehouse.sqlite", journal: nil) }

    func admin(_ method: String, _ path: String, _ body: JSON? = nil) throws -> JSON {
        var request = URLRequest(url: URL(string: sandbox.baseURL + path)!)
        request.httpMethod = method
        request.httpBody = body.map { Data($0.serialized().utf8) }
        let done = DispatchSemaphore(value: 0)
        final class Box: @unchecked Sendable { var data = Data() }
        let box = Box()
        URLSession.shared.dataTask(with: request) { data, _, _ in
            box.data = data ?? Data()
            done.signal()
        }.resume()
        done.wait()
        return try JSONParser.parse(Array(box.data))
    }

    /// The sandbox's rows of an IDO, straight from its admin endpoint (never through the adapter).
    func truth(_ ido: String) throws -> [JSON] { try admin("GET", "/admin/rows/\(ido)").arrayValue ?? [] }

    func stats() throws -> JSON { try admin("GET", "/admin/stats") }

    /// Asserts the warehouse table equals the sandbox's rows: every property of every row, and `_raw`.
    func assertWarehouseEqualsTruth(
        entity: String, ido: String, key: [String], types: [String: ColumnType] = [:],
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let rows = try truth(ido)
        let properties = rows.first?.objectValue?.map(\.key) ?? []
        let stored = try warehouse.query(
            "SELECT _mlc_key, _raw, \(properties.map { "\"\($0)\"" }.joined(separator: ", ")) FROM \"\(entity)\"")
        XCTAssertEqual(stored.count, rows.count, "\(entity): row count", file: file, line: line)
        let byKey = Dictionary(uniqueKeysWithValues: stored.map { ($0[0].text!, $0) })
        for row in rows {
            let k = key.map { row[$0]?.stringValue ?? "" }.joined(separator: "|")
            guard let s = byKey[k] else {
                return XCTFail("\(entity): key \(k) missing from the warehouse", file: file, line: line)
            }
            let raw = try JSONParser.parse(s[1].text!)
            for (i, p) in properties.enumerated() {
                let expected = row[p]!
                XCTAssertEqual(raw[p], expected, "\(entity) \(k) _raw.\(p)", file: file, line: line)
                let value = s[i + 2]
                switch (types[p] ?? (p == "RecordDate" ? .timestamp : .string), expected) {
                case (_, .null):
                    XCTAssertEqual(value, .null, "\(entity) \(k).\(p)", file: file, line: line)
                case (.timestamp, .string(let t)):
                    XCTAssertEqual(
                        value.text, Timestamp(parsing: t)?.iso8601, "\(entity) \(k).\(p)", file: file, line: line)
                case (.int, .string(let t)):
                    XCTAssertEqual(value.int, Int64(t), "\(entity) \(k).\(p)", file: file, line: line)
                case (_, .string(let t)):
                    XCTAssertEqual(value.text, t, "\(entity) \(k).\(p)", file: file, line: line)
                default:
                    XCTFail("\(entity) \(k).\(p): unexpected \(expected)", file: file, line: line)
                }
            }
        }
    }
}

extension SandboxHarness {
    /// One entity's line of a `--log-format json` run summary.
    /// Asserts `manifest` reads its suppliers in full on every run with the `warning` (a cursor field the tenant
    /// lacks): the first run writes every row, the next, after one edit, reads every row and writes the edit.
    func assertSuppliersReadInFullEveryRun(
        _ manifest: String, warning: String, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let rows = try truth("suppliers").count
        let first = try MLCProcess.run(["run", manifest, "--log-format", "json"])
        XCTAssertEqual(first.status, 0, first.stdout + first.stderr, file: file, line: line)
        XCTAssertTrue((first.stdout + first.stderr).contains(warning), first.stdout, file: file, line: line)
        XCTAssertEqual(try Self.entry(first, "suppliers")?["written"], .number(String(rows)), file: file, line: line)
        _ = try admin("POST", "/admin/mutate", ["entity": "suppliers", "row": 9, "set": ["name": "Neu GmbH"]])
        let again = try MLCProcess.run(["run", manifest, "--log-format", "json"])
        XCTAssertEqual(again.status, 0, again.stdout + again.stderr, file: file, line: line)
        XCTAssertEqual(
            try Self.entry(again, "suppliers")?["read"], .number(String(rows)), again.stdout, file: file, line: line)
        XCTAssertEqual(
            try Self.entry(again, "suppliers")?["written"], .number("1"), again.stdout, file: file, line: line)
    }

    static func entry(_ result: MLCProcess.Result, _ entity: String) throws -> JSON? {
        try JSONParser.parse(result.stdout)["entities"]?.arrayValue?.first { $0["entity"]?.stringValue == entity }
    }
}
