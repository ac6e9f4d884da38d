import LocalWarehouse
import MLCTransforms
import Synthetic
import XCTest

@testable import MLCCore

final class ManifestTests: XCTestCase {
    let registry = Registry(connectors: [
        SyntheticConnector.self, LocalWarehouseConnector.self, GLSegmentsTransform.self,
        HashTransform.self, RenameTransform.self,
    ])

    func load(_ text: String) throws -> Manifest {
        try ManifestLoader(registry: registry).parse(Array(text.utf8), file: "m.json", directory: "/tmp")
    }

    func issues(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [ManifestIssue] {
        do {
            _ = try load(text)
            XCTFail("expected the manifest to be refused", file: file, line: line)
            return []
        } catch let e as ManifestError {
            return e.issues
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
            return []
        }
    }

    let valid =
        #"{"version": 1, "name": "t", "source": {"type": "synthetic", "entities": ["suppliers"]}, "sink": {"type": "localwarehouse", "path": "w.sqlite"}}"#

    func testValidManifestLoadsWithDefaults() throws {
        let m = try load(valid)
        XCTAssertEqual(m.name, "t")
        XCTAssertEqual(m.entities.map(\.name), ["suppliers"])
        XCTAssertEqual(m.statePath, "/tmp/.mlc/t.state.sqlite")
        XCTAssertEqual(m.pipeline.concurrency, 2)
    }

    func testMalformedJSONGivesLineAndColumn() {
        let found = issues("{\n \"version\": 1,\n \"name\": \"t\"\n \"source\": {}\n}")
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found[0].message.contains("line 4, column 2"), found[0].message)
    }

    func testUnknownConnectorTypeListsRegisteredOnes() {
        let found = issues(
            #"{"version": 1, "name": "t", "source": {"type": "cloudsuite.nope", "entities": ["x"]}, "sink": {"type": "localwarehous", "path": "w"}}"#
        )
        XCTAssertEqual(found.map(\.path), ["$.source.type", "$.sink.type"])
        XCTAssertTrue(found[0].hint!.contains("synthetic"))
        XCTAssertTrue(found[1].hint!.contains("did you mean \"localwarehouse\""), found[1].hint!)
    }

    func testUnknownEntityListsTheCatalog() {
        let found = issues(
            #"{"version": 1, "name": "t", "source": {"type": "synthetic", "entities": ["suppliers", "ap_invoice"]}, "sink": {"type": "localwarehouse", "path": "w"}}"#
        )
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found[0].path, "$.source.entities[1]")
        XCTAssertTrue(found[0].hint!.contains("did you mean \"ap_invoices\""))
        XCTAssertTrue(found[0].hint!.contains("gl_accounts"))
    }

    func testLiteralSecretIsRefusedAndReferenceFormsShown() {
        let found = issues(
            #"{"version": 1, "name": "t", "source": {"type": "synthetic", "entities": ["suppliers"]}, "transforms": [{"type": "hash", "fields": ["tax_id"], "salt": "hunter2"}], "sink": {"type": "localwarehouse", "path": "w"}}"#
        )
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found[0].path, "$.transforms[0].salt")
        XCTAssertTrue(found[0].message.contains("literal secret"))
        XCTAssertTrue(found[0].hint!.contains(#"{"env": "VAR"}"#) && found[0].hint!.contains(#"{"secret": "NAME"}"#))
        XCTAssertFalse(found.description.contains("hunter2"), "the secret must not be echoed back")
    }

    func testEveryMistakeIsReportedAtOnce() {
        let found = issues(
            """
            {"version": 2, "name": "bad name!", "extra": true,
             "source": {"type": "synthetic", "entities": ["suppliers", 5], "pageSize": "big"},
             "transforms": [{"type": "gl.segments", "entity": "nope", "field": "account", "separator": "-", "names": []}],
             "sink": {"type": "localwarehouse"},
             "pipeline": {"concurrency": 0}}
            """)
        let paths = Set(found.map(\.path))
        for p in [
            "$.version", "$.name", "$.extra", "$.source.entities[1]", "$.source.pageSize", "$.transforms[0].entity",
            "$.transforms[0].names", "$.sink.path", "$.pipeline.concurrency",
        ] {
            XCTAssertTrue(paths.contains(p), "missing issue at \(p); got \(found)")
        }
        XCTAssertTrue(
            found.first { $0.path == "$.source.pageSize" }!.message.contains("expected an integer, found a string"))
        XCTAssertTrue(found.first { $0.path == "$.extra" }!.hint!.contains("known settings"))
    }

    func testSecretResolverReadsEnvAndFilesAndExplainsMissingOnes() throws {
        let resolver = SecretResolver(manifestDirectory: NSTemporaryDirectory())
        setenv("MLC_TEST_SECRET", "s3cr3t", 1)
        XCTAssertEqual(try resolver.resolve(.env("MLC_TEST_SECRET"), at: "$.x"), Array("s3cr3t".utf8))
        XCTAssertThrowsError(try resolver.resolve(.env("MLC_TEST_UNSET_\(UUID().uuidString.prefix(6))"), at: "$.x")) {
            XCTAssertTrue("\($0)".contains("export"))
        }
        XCTAssertThrowsError(try resolver.resolve(.store("prd"), at: "$.x"))
    }
}
