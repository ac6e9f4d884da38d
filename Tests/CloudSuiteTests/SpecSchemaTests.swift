import Foundation
import MLCCore
import MLCTestKit
import XCTest

/// `mlc spec TYPE --json-schema` is a valid JSON Schema (checked by the `jsonschema` package, not by us) that
/// accepts the shipped templates and refuses what `validate` refuses, with the declared defaults and ranges.
final class SpecSchemaTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let python =
        (ProcessInfo.processInfo.environment["MLC_SNOWFLAKE_VENV"] ?? repository + "/.build/snowflake-venv")
        + "/bin/python"

    /// Validates `section` against `schema` with Python's jsonschema; returns the error messages.
    func errors(schema: String, section: JSON) throws -> [String] {
        let dir = NSTemporaryDirectory() + "mlc-schema-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try schema.write(toFile: dir + "/schema.json", atomically: true, encoding: .utf8)
        try section.serialized().write(toFile: dir + "/section.json", atomically: true, encoding: .utf8)
        let script = """
            import json, jsonschema
            schema = json.load(open('\(dir)/schema.json'))
            jsonschema.Draft202012Validator.check_schema(schema)
            for e in jsonschema.Draft202012Validator(schema).iter_errors(json.load(open('\(dir)/section.json'))):
                print(e.message)
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.python)
        p.arguments = ["-c", script]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "the schema itself is valid")
        return text.split(separator: "\n").map(String.init)
    }

    func schema(_ type: String) throws -> String {
        let result = try MLCProcess.run(["spec", type, "--json-schema"])
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout
    }

    func testSchemasAcceptTheTemplatesAndRefuseWhatValidateRefuses() throws {
        let demo = try JSONParser.parse(
            String(contentsOfFile: Self.repository + "/Templates/demo.json", encoding: .utf8))
        let syteline = try schema("cloudsuite.syteline")
        XCTAssertEqual(try errors(schema: syteline, section: demo["source"]!), [])
        XCTAssertEqual(try errors(schema: try schema("localwarehouse"), section: demo["sink"]!), [])
        let snowflake = try JSONParser.parse(
            String(contentsOfFile: Self.repository + "/Templates/syteline-to-snowflake.json", encoding: .utf8))
        XCTAssertEqual(try errors(schema: try schema("snowflake"), section: snowflake["sink"]!), [])

        let parsed = try JSONParser.parse(syteline)
        let pageSize = parsed["properties"]?["pageSize"]
        XCTAssertEqual(pageSize?["default"], .number("200"))
        XCTAssertEqual(pageSize?["minimum"], .number("1"))
        XCTAssertEqual(
            parsed["properties"]?["rateLimit"]?["properties"]?["requestsPerMinute"]?["default"], .number("100"))

        // What validate refuses, the schema refuses: a range, a literal secret, an unknown setting or entity.
        guard case .object(var members) = demo["source"]! else { return XCTFail("source is an object") }
        func with(_ key: String, _ value: JSON) -> JSON {
            var m = members
            if let i = m.firstIndex(where: { $0.key == key }) {
                m[i].value = value
            } else {
                m.append(JSONMember(key, value))
            }
            return .object(m)
        }
        XCTAssertFalse(try errors(schema: syteline, section: with("pageSize", .number("0"))).isEmpty)
        XCTAssertFalse(try errors(schema: syteline, section: with("credentials", "a-literal-secret")).isEmpty)
        XCTAssertFalse(try errors(schema: syteline, section: with("pagesize", .number("10"))).isEmpty)
        XCTAssertFalse(try errors(schema: syteline, section: with("entities", ["vendors"])).isEmpty)
        members.removeAll { $0.key == "mongooseConfig" }
        XCTAssertFalse(try errors(schema: syteline, section: .object(members)).isEmpty)

        XCTAssertEqual(try MLCProcess.run(["spec", "--json-schema"]).status, 2, "one type at a time")
    }
}
