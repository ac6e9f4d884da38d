import Foundation
import MLCCore
import MLCHTTP
import XCTest

@testable import CloudSuite

final class IONAuthTests: XCTestCase {
    func credentials(_ h: SandboxHarness) throws -> IONAPICredentials {
        try IONAPICredentials.parse(Array(h.sandbox.ionapi.serialized().utf8))
    }

    func testConcurrentEntitiesShareOneTokenAndNeverStampede() async throws {
        let h = try SandboxHarness()
        let auth = IONAuth(credentials: try credentials(h))
        let tokens = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 { group.addTask { try await auth.headers()[0].1 } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        XCTAssertEqual(tokens.count, 1)
        XCTAssertEqual(h.sandbox.statistics.grants, ["password"], "one grant for twenty concurrent callers")
    }

    func testA401GetsOneFreshTokenEvenWhenManyRequestsSeeIt() async throws {
        let h = try SandboxHarness()
        let auth = IONAuth(credentials: try credentials(h))
        let first = try await auth.headers()
        // Twenty requests were refused with the same token: one renewal, not twenty.
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<20 { group.addTask { await auth.invalidate(rejected: first) } }
        }
        let second = try await auth.headers()
        XCTAssertNotEqual(first[0].1, second[0].1)
        await auth.invalidate(rejected: first)  // stale news: the current token is kept
        let third = try await auth.headers()
        XCTAssertEqual(second[0].1, third[0].1)
        XCTAssertEqual(h.sandbox.statistics.grants, ["password", "refresh_token"])
    }

    /// An app registered for the client-credentials grant: its file has no service-account keys, its token is
    /// asked for with ci/cs alone; a tenant refusing that grant gets the hint to download a service account.
    func testAFileWithoutServiceAccountKeysUsesTheClientCredentialsGrant() async throws {
        let h = try SandboxHarness { $0.clientCredentialsApp = true }
        let file = try credentials(h)
        XCTAssertTrue(file.usesClientCredentials)
        let auth = IONAuth(credentials: file)
        let header = try await auth.headers()[0].1
        XCTAssertTrue(header.hasPrefix("Bearer sbx."), "a token with ci/cs alone")
        XCTAssertEqual(h.sandbox.statistics.grants, ["client_credentials"])

        let passwordOnly = try SandboxHarness()
        var keyless = try credentials(passwordOnly)
        (keyless.accessKey, keyless.secretKey) = ("", "")
        do {
            _ = try await IONAuth(credentials: keyless).headers()
            XCTFail("a tenant without the grant refuses it")
        } catch {
            XCTAssertTrue("\(error)".contains("refused the client_credentials grant"), "\(error)")
            XCTAssertTrue("\(error)".contains("Create Service Account"), "\(error)")
        }
    }

    func testAnyExpiresInIsALifetimeWithinBounds() {
        XCTAssertEqual(IONAuth.lifetime(.number("7200")), 7200)
        XCTAssertEqual(IONAuth.lifetime(.string(" 3600 ")), 3600)
        XCTAssertEqual(IONAuth.lifetime(.number("599.5")), 599.5)
        XCTAssertEqual(IONAuth.lifetime(nil), 3600, "absent: the shortest tenant lifetime")
        XCTAssertEqual(IONAuth.lifetime(.string("soon")), 3600)
        XCTAssertEqual(IONAuth.lifetime(.number("1e20")), 30 * 86_400, "no overflow")
        XCTAssertEqual(IONAuth.lifetime(.string("0.01")), 1, "no grant per request")
    }

    func testARefusedRefreshTokenFallsBackToThePasswordGrant() async throws {
        let h = try SandboxHarness { $0.tokenLifetime = 2 }
        let auth = IONAuth(credentials: try credentials(h), refreshMargin: 0)
        _ = try await auth.headers()
        _ = try h.admin("POST", "/admin/revoke-grants")  // the refresh token we hold is now refused
        try await Task.sleep(for: .milliseconds(2100))
        _ = try await auth.headers()
        let attempted = await auth.grants
        XCTAssertEqual(attempted, ["password", "refresh_token", "password"])
        XCTAssertEqual(h.sandbox.statistics.grants, ["password", "password"])
        XCTAssertEqual(h.sandbox.statistics.expiredTokenRequests, 0)
    }

    /// `expires_in` as RFC 6749's number and as the string some servers send: either way the token is renewed
    /// before it expires.
    func testRenewalHappensBeforeExpiry() async throws {
        for asText in [false, true] {
            let h = try SandboxHarness {
                $0.tokenLifetime = 5
                $0.expiresInAsText = asText
            }
            let auth = IONAuth(credentials: try credentials(h), refreshMargin: 1)
            let first = try await auth.headers()
            try await Task.sleep(for: .milliseconds(4200))  // inside the margin, before expiry
            let second = try await auth.headers()
            XCTAssertNotEqual(first[0].1, second[0].1, "expires_in as text \(asText): renewed while still valid")
            XCTAssertEqual(h.sandbox.statistics.expiredTokenRequests, 0)
        }
    }
}
