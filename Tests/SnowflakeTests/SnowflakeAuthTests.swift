import Foundation
import MLCCore
import MLCCrypto
import XCTest

@testable import Snowflake

final class SnowflakeAccountTests: XCTestCase {
    func testAccountIdentifierForms() throws {
        let cases: [(String, String, String)] = [
            ("xy12345", "XY12345", "https://xy12345.snowflakecomputing.com"),
            ("xy12345.us-east-1", "XY12345", "https://xy12345.us-east-1.snowflakecomputing.com"),
            ("XY12345.us-east-2.aws", "XY12345", "https://xy12345.us-east-2.aws.snowflakecomputing.com"),
            ("xy12345.canada-central.azure", "XY12345", "https://xy12345.canada-central.azure.snowflakecomputing.com"),
            ("myorg-myacct", "MYORG-MYACCT", "https://myorg-myacct.snowflakecomputing.com"),
            ("myorg.myacct", "MYORG-MYACCT", "https://myorg-myacct.snowflakecomputing.com"),
            (
                "https://myorg-myacct.snowflakecomputing.com/", "MYORG-MYACCT",
                "https://myorg-myacct.snowflakecomputing.com"
            ),
            ("myorg-myacct.privatelink", "MYORG-MYACCT", "https://myorg-myacct.privatelink.snowflakecomputing.com"),
            (
                "xy12345.us-east-1.privatelink", "XY12345",
                "https://xy12345.us-east-1.privatelink.snowflakecomputing.com"
            ),
            ("myorg-myacct_dr.global", "MYORG", "https://myorg-myacct_dr.global.snowflakecomputing.com"),
        ]
        for (input, account, url) in cases {
            let a = try SnowflakeAccount(input)
            XCTAssertEqual(a.jwtAccount, account, input)
            XCTAssertEqual(a.baseURL, url, input)
        }
        XCTAssertThrowsError(try SnowflakeAccount("my org!")) {
            XCTAssertTrue("\($0)".contains("not a Snowflake account identifier"))
        }
    }

    func testJWTClaimsForEachAccountForm() async throws {
        let dir = NSTemporaryDirectory() + "mlc-jwt-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try SnowflakeTestServer.run(
            "/usr/bin/openssl",
            ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", dir + "/k.p8"])
        try SnowflakeTestServer.run(
            "/usr/bin/openssl", ["pkey", "-in", dir + "/k.p8", "-pubout", "-outform", "DER", "-out", dir + "/k.der"])
        let key = try RSAPrivateKey(pem: Array(FileManager.default.contents(atPath: dir + "/k.p8")!))
        let fingerprint =
            "SHA256:" + Base64.encode(Digest.sha256(Array(FileManager.default.contents(atPath: dir + "/k.der")!)))
        for (input, account) in [
            ("myorg.myacct", "MYORG-MYACCT"), ("xy12345.eu-west-1", "XY12345"), ("MyOrg-MyAcct", "MYORG-MYACCT"),
        ] {
            let auth = SnowflakeKeyPairAuth(
                account: try SnowflakeAccount(input), user: "mlc_loader", key: key, lifetime: 7200)
            let headers = try await auth.headers()
            XCTAssertEqual(headers.first { $0.0 == "X-Snowflake-Authorization-Token-Type" }?.1, "KEYPAIR_JWT")
            let token = String(headers[0].1.dropFirst("Bearer ".count))
            let claims = try JWT.verifyRS256(token, key: try key.publicKey)
            XCTAssertEqual(claims["sub"], .string("\(account).MLC_LOADER"))
            XCTAssertEqual(
                claims["iss"], .string("\(account).MLC_LOADER.\(fingerprint)"), "the fingerprint matches openssl's")
            let lifetime = (claims["exp"]!.intValue ?? 0) - (claims["iat"]!.intValue ?? 0)
            XCTAssertEqual(lifetime, 59 * 60, "capped at 59 minutes")
        }
    }
}
