import CloudSuite
import Foundation
import MLCCore
import MLCTestKit
import XCTest

final class BadInputTests: XCTestCase {
    func testIonapiParsingNamesWhatIsMissing() throws {
        XCTAssertThrowsError(try IONAPICredentials.parse(Array("{\"ti\": \"X\",".utf8))) {
            XCTAssertTrue("\($0)".contains("not valid JSON (line 1"), "\($0)")
        }
        XCTAssertThrowsError(
            try IONAPICredentials.parse(Array(#"{"ti": "X", "ci": "", "cs": "s", "iu": "u", "pu": "p"}"#.utf8))
        ) {
            XCTAssertTrue("\($0)".contains("missing or has empty keys: ci, ot"), "\($0)")
        }
        XCTAssertThrowsError(
            try IONAPICredentials.parse(
                Array(#"{"ti": "X", "ci": "c", "cs": "s", "iu": "u", "pu": "p", "ot": "t", "saak": "k"}"#.utf8))
        ) {
            XCTAssertTrue("\($0)".contains("no service account keys (sask)"), "one key without the other: \($0)")
            XCTAssertTrue("\($0)".contains("Create Service Account"))
        }
        let ok = try IONAPICredentials.parse(
            Array(
                #"{"ti": "ACME", "ci": "c", "cs": "topsecret", "iu": "https://gw/", "pu": "https://sso/ACME/as/", "ot": "token.oauth2", "or": "revoke_token.oauth2", "saak": "ACME#k", "sask": "alsosecret", "sc": ["Infor-ION"]}"#
                    .utf8))
        XCTAssertEqual(ok.tokenURL, "https://sso/ACME/as/token.oauth2")
        XCTAssertEqual(ok.revokeURL, "https://sso/ACME/as/revoke_token.oauth2")
        XCTAssertEqual(ok.tenantURL, "https://gw/ACME")
        XCTAssertFalse("\(ok)".contains("secret"), "description never shows secrets")
    }

    func testWrongClientSecretIsAClearErrorWithoutSecrets() throws {
        let h = try SandboxHarness()
        try h.writeIonapi(setting: "cs", to: "wrong-client-secret")
        let result = try MLCProcess.run(["run", try h.manifest(#"["suppliers"]"#)])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("refused the password grant (invalid_client"), result.stdout)
        XCTAssertTrue(result.stdout.contains("HTTP 401"), result.stdout)
        XCTAssertTrue(result.stdout.contains("client id/secret"), result.stdout)
        for secret in ["wrong-client-secret", "sandbox-secret-key", "ACME_TST#sandbox-access-key"] {
            XCTAssertFalse(result.stdout.contains(secret) || result.stderr.contains(secret), "\(secret) leaked")
        }
    }

    func testMalformedIonapiExitsTwo() throws {
        let h = try SandboxHarness()
        try "{\"ti\": \"ACME_TST\", \"ci\": \"x\"".write(
            toFile: h.dir + "/tenant.ionapi", atomically: true, encoding: .utf8)
        let result = try MLCProcess.run(["run", try h.manifest(#"["suppliers"]"#)])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("not valid JSON"), result.stderr)
    }

    func testUnknownIDOAndSuccessFalseNameTheIDOAndInforsMessage() throws {
        let h = try SandboxHarness()
        let m = try h.manifest(#"["suppliers", {"name": "items", "ido": "SLNoSuchThing"}]"#)
        let result = try MLCProcess.run(["run", m])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(
            result.stdout.contains("IDO SLNoSuchThing refused the load: The IDO SLNoSuchThing does not exist"),
            result.stdout)
        XCTAssertEqual(
            try h.warehouse.query("SELECT count(*) FROM suppliers")[0][0], .int(120), "the other entity still loads")

        let badFilter = try h.manifest(#"[{"name": "items", "filter": "Colour = 'red'"}]"#, name: "f.json")
        let filtered = try MLCProcess.run(["run", badFilter])
        XCTAssertEqual(filtered.status, 1)
        XCTAssertTrue(filtered.stdout.contains("property Colour not found"), filtered.stdout)

        let wrongConfig = try h.manifest(#"["items"]"#, source: ["mongooseConfig": "OTHER_SITE"], name: "c.json")
        let configured = try MLCProcess.run(["run", wrongConfig])
        XCTAssertEqual(configured.status, 1)
        XCTAssertTrue(configured.stdout.contains("X-Infor-MongooseConfig"), configured.stdout)
    }
}
