import Foundation
import MLCCore
import MLCTestKit
import XCTest

final class SecretsCLITests: XCTestCase {
    func testStoredIonapiDrivesARunAndAWrongMasterKeyIsRefused() throws {
        let h = try SandboxHarness()
        let env = ["MLC_HOME": h.dir + "/home"]
        let added = try MLCProcess.run(
            ["secrets", "add", "acme-tst", "--ionapi", h.dir + "/tenant.ionapi"], environment: env)
        XCTAssertEqual(added.status, 0, added.stderr)
        let listed = try MLCProcess.run(["secrets", "list"], environment: env)
        XCTAssertTrue(listed.stdout.hasPrefix("acme-tst\tionapi\t"), listed.stdout)
        XCTAssertFalse(listed.stdout.contains("sandbox"), "names and kinds only")

        try FileManager.default.removeItem(atPath: h.dir + "/tenant.ionapi")
        let m = try h.manifest(#"["suppliers"]"#, source: ["credentials": ["secret": "acme-tst"]])
        let run = try MLCProcess.run(["run", m], environment: env)
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertEqual(try h.warehouse.query("SELECT count(*) FROM suppliers")[0][0], .int(120))

        let wrong = try MLCProcess.run(
            ["run", m],
            environment: env.merging(["MLC_MASTER_KEY": "q83vEjRWeJAvWlL1+7YVQ8GmH3c+cgmGiHfW4iiD1aQ="]) { $1 })
        XCTAssertEqual(wrong.status, 2)
        XCTAssertTrue(wrong.stderr.contains("master key does not match"), wrong.stderr)

        let unknown = try h.manifest(#"["suppliers"]"#, source: ["credentials": ["secret": "nope"]], name: "u.json")
        let missing = try MLCProcess.run(["run", unknown], environment: env)
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("no stored secret named nope"), missing.stderr)

        try "{\"ti\": 1}".write(toFile: h.dir + "/bad.ionapi", atomically: true, encoding: .utf8)
        let bad = try MLCProcess.run(["secrets", "add", "bad", "--ionapi", h.dir + "/bad.ionapi"], environment: env)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("missing or has empty keys"), bad.stderr)
        XCTAssertEqual(try MLCProcess.run(["secrets", "remove", "acme-tst"], environment: env).status, 0)
        XCTAssertEqual(try MLCProcess.run(["secrets", "list"], environment: env).stdout, "")
    }

    func testCheckReportsEveryMissingSecretInOnePass() throws {
        let h = try SandboxHarness()
        let text = """
            {"version": 1, "name": "all-missing",
             "source": {"type": "cloudsuite.syteline", "credentials": {"secret": "gone-ionapi"}, "mongooseConfig": "ACME_TST_SITE1",
                        "entities": ["suppliers"]},
             "sink": {"type": "snowflake", "account": "acme", "user": "mlc_loader", "database": "FINANCE", "schema": "RAW",
                      "auth": {"type": "keypair", "privateKey": {"file": "gone.p8"}, "passphrase": {"env": "MLC_TEST_UNSET_PASS"}}}}
            """
        try text.write(toFile: h.dir + "/missing.json", atomically: true, encoding: .utf8)
        let check = try MLCProcess.run(["check", h.dir + "/missing.json"], environment: ["MLC_HOME": h.dir + "/home"])
        XCTAssertEqual(check.status, 2, check.stdout + check.stderr)
        let lines = check.stdout.split(separator: "\n").filter { $0.hasPrefix("FAIL secrets: ") }
        XCTAssertEqual(lines.count, 3, check.stdout)
        XCTAssertTrue(
            lines.contains { $0.contains("no stored secret named gone-ionapi") && $0.contains("$.source.credentials") },
            check.stdout)
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: h.dir + "/home"), "check created no store and no master key")
        XCTAssertTrue(lines.contains { $0.contains("gone.p8") && $0.contains("$.sink.auth.privateKey") }, check.stdout)
        XCTAssertTrue(
            lines.contains { $0.contains("MLC_TEST_UNSET_PASS") && $0.contains("$.sink.auth.passphrase") }, check.stdout
        )
    }

    func testCheckAndDiscover() throws {
        let h = try SandboxHarness()
        let good = try MLCProcess.run(["check", try h.manifest(#"["suppliers", "items"]"#)])
        XCTAssertEqual(good.status, 0, good.stdout + good.stderr)
        XCTAssertTrue(good.stdout.contains("ok   token"), good.stdout)
        XCTAssertTrue(good.stdout.contains("ok   items: IDO SLItems: the run's request works"), good.stdout)
        let bad = try MLCProcess.run([
            "check", try h.manifest(#"["suppliers", {"name": "items", "ido": "SLSecret"}]"#, name: "b.json"),
        ])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stdout.contains("FAIL items"), bad.stdout)
        XCTAssertTrue(bad.stdout.contains("ok   suppliers"), bad.stdout)
        let discovered = try JSONParser.parse(try MLCProcess.run(["discover", h.dir + "/b.json"]).stdout)
        XCTAssertEqual(
            discovered.arrayValue?.first?["schema"]?["columns"]?.arrayValue?.first?["name"], .string("VendNum"))
        XCTAssertEqual(discovered.arrayValue?.first?["missing"], .array([]))
        XCTAssertNotNil(discovered.arrayValue?.last?["error"], "an IDO the tenant does not have is named")
    }
}

/// State and warehouse files are the owner's alone.
final class FileModeTests: XCTestCase {
    func testStateAndWarehouseFilesAreCreated0600() throws {
        let h = try SandboxHarness()
        let m = try h.manifest(#"["suppliers"]"#)
        XCTAssertEqual(try MLCProcess.run(["run", m]).status, 0)
        let files =
            try FileManager.default.contentsOfDirectory(atPath: h.dir + "/.mlc").map { h.dir + "/.mlc/" + $0 }
            + [h.dir + "/warehouse.sqlite"]
        XCTAssertTrue(files.contains { $0.hasSuffix(".state.sqlite") }, "\(files)")
        for file in files {
            let mode = (try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber)?
                .intValue
            XCTAssertEqual(mode, 0o600, file)
        }
    }
}
