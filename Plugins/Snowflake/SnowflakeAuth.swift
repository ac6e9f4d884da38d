import Foundation
import MLCCore
import MLCCrypto

/// Key-pair authentication: an RS256 JWT with `iss = ACCOUNT.USER.SHA256:<fingerprint>`,
/// `sub = ACCOUNT.USER`, a lifetime of at most 59 minutes, renewed before it expires.
public actor SnowflakeKeyPairAuth: Auth {
    public nonisolated let issuer: String
    public nonisolated let subject: String
    public nonisolated let fingerprint: String
    let key: RSAPrivateKey
    let lifetime: Double
    let renewBefore: Double
    private var current: (token: String, expires: Double)?

    public init(
        account: SnowflakeAccount, user: String, key: RSAPrivateKey, lifetime: Double = 59 * 60,
        renewBefore: Double = 300
    ) {
        subject = "\(account.jwtAccount).\(user.uppercased())"
        fingerprint = key.publicKeyFingerprint
        issuer = "\(subject).\(fingerprint)"
        self.key = key
        self.lifetime = min(lifetime, 59 * 60)
        self.renewBefore = min(renewBefore, self.lifetime / 5)
    }

    public func headers() async throws -> [(String, String)] {
        let now = Date().timeIntervalSince1970
        if let current, now < current.expires - renewBefore {
            return [
                ("Authorization", "Bearer \(current.token)"), ("X-Snowflake-Authorization-Token-Type", "KEYPAIR_JWT"),
            ]
        }
        let token = try JWT.signRS256(claims: claims(now: now), key: key)
        current = (token, now + lifetime)
        return [("Authorization", "Bearer \(token)"), ("X-Snowflake-Authorization-Token-Type", "KEYPAIR_JWT")]
    }

    public func claims(now: Double) -> JSON {
        [
            "iss": .string(issuer), "sub": .string(subject), "iat": .number(String(Int(now))),
            "exp": .number(String(Int(now + lifetime))),
        ]
    }

    public func invalidate(rejected: [(String, String)]) async {
        guard let current, rejected.contains(where: { $0.1 == "Bearer \(current.token)" }) else { return }
        self.current = nil
    }
}

/// A programmatic access token, sent as a bearer token with its token type.
public final class SnowflakePATAuth: Auth, @unchecked Sendable {
    let token: String
    public init(token: String) { self.token = token }
    public func headers() async throws -> [(String, String)] {
        [("Authorization", "Bearer \(token)"), ("X-Snowflake-Authorization-Token-Type", "PROGRAMMATIC_ACCESS_TOKEN")]
    }
    public func invalidate(rejected: [(String, String)]) async {}  // nothing to renew: the next 401 is reported
}
