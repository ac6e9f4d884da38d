import Foundation
import MLCCore
import MLCCrypto
import XCTest

@testable import MLCState

final class SecretStoreTests: XCTestCase {
    var home: String!
    override func setUp() { home = NSTemporaryDirectory() + "mlc-secrets-\(UUID().uuidString)" }
    override func tearDown() { try? FileManager.default.removeItem(atPath: home) }

    func testRoundTripWithAKeyFileCreatedPrivate() throws {
        let store = try SecretStore(home: home, environment: [:])
        try store.put(name: "acme-prd", kind: "ionapi", value: Array("{\"cs\":\"s3cr3t\"}".utf8))
        XCTAssertEqual(try store.get("acme-prd"), Array("{\"cs\":\"s3cr3t\"}".utf8))
        XCTAssertNil(try store.get("other"))
        XCTAssertEqual(try store.list().map(\.name), ["acme-prd"])
        let attributes = try FileManager.default.attributesOfItem(atPath: home + "/master.key")
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        // Nothing readable at rest.
        let file = try Data(contentsOf: URL(fileURLWithPath: home + "/secrets.sqlite"))
        XCTAssertNil(file.range(of: Data("s3cr3t".utf8)))
        // A second open reuses the key file.
        XCTAssertEqual(try SecretStore(home: home, environment: [:]).get("acme-prd"), Array("{\"cs\":\"s3cr3t\"}".utf8))
        XCTAssertTrue(try store.remove("acme-prd"))
        XCTAssertFalse(try store.remove("acme-prd"))
    }

    func testALostMasterKeyIsSaidExactlyAndNeverReplacedBesideSealedRows() throws {
        var notices: [String] = []
        SecretStore.notice = { notices.append($0) }
        defer { SecretStore.notice = { FileHandle.standardError.write(($0 + "\n").data(using: .utf8)!) } }
        try SecretStore(home: home, environment: [:]).put(name: "acme-prd", kind: "ionapi", value: Array("x".utf8))
        XCTAssertEqual(notices.count, 1)
        XCTAssertTrue(notices[0].contains(home + "/master.key") && notices[0].contains("back it up"), notices[0])
        XCTAssertEqual(
            (try FileManager.default.attributesOfItem(atPath: home + "/secrets.sqlite")[.posixPermissions] as? NSNumber)?
                .intValue, 0o600)

        try FileManager.default.removeItem(atPath: home + "/master.key")
        XCTAssertThrowsError(try SecretStore(home: home, environment: [:])) {
            XCTAssertTrue("\($0)".contains("holds sealed secrets, but no master key was found"), "\($0)")
            XCTAssertTrue("\($0)".contains("MLC_MASTER_KEY"), "\($0)")
        }
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: home + "/master.key"), "no second key beside the sealed rows")
        XCTAssertEqual(notices.count, 1)
        // Listing needs no key: nothing is opened.
        XCTAssertEqual(try SecretStore.list(home: home).map(\.name), ["acme-prd"])
    }

    func testAWrongMasterKeyIsAClearErrorNeverGarbage() throws {
        let key = Base64.encode(try Digest.randomBytes(32))
        let store = try SecretStore(home: home, environment: ["MLC_MASTER_KEY": key])
        try store.put(name: "k", kind: "text", value: Array("v".utf8))
        let other = Base64.encode(try Digest.randomBytes(32))
        XCTAssertThrowsError(try SecretStore(home: home, environment: ["MLC_MASTER_KEY": other])) {
            XCTAssertTrue("\($0)".contains("master key does not match"), "\($0)")
        }
        XCTAssertThrowsError(try SecretStore(home: home, environment: ["MLC_MASTER_KEY": "too-short"])) {
            XCTAssertTrue("\($0)".contains("openssl rand -base64 32"))
        }
    }

    func testATamperedOrSwappedRowDoesNotOpen() throws {
        let store = try SecretStore(home: home, environment: [:])
        try store.put(name: "a", kind: "text", value: Array("alpha".utf8))
        try store.put(name: "b", kind: "text", value: Array("bravo".utf8))
        // Move b's ciphertext under a's name: authenticated data binds it to "b".
        try store.db.execute(
            "UPDATE secrets SET sealed = (SELECT sealed FROM secrets WHERE name = 'b') WHERE name = 'a'")
        XCTAssertThrowsError(try store.get("a")) { XCTAssertTrue("\($0)".contains("tampered")) }
        XCTAssertEqual(try store.get("b"), Array("bravo".utf8))
    }
}
