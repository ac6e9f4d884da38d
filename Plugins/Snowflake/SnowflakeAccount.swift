import Foundation
import MLCCore

/// An account identifier as users write it, and what Snowflake needs from it: the host for the URL and
/// the upper-case account part of the JWT's `iss`/`sub` (reference §8.1).
public struct SnowflakeAccount: Sendable, Equatable {
    /// `ACCOUNT` as the JWT claims need it: the locator without region/cloud, or `ORG-ACCOUNT`.
    public let jwtAccount: String
    /// `https://<identifier>.snowflakecomputing.com`.
    public let baseURL: String

    /// Accepts `xy12345`, `xy12345.us-east-1`, `xy12345.us-east-1.aws`, `myorg-myacct`, `myorg.myacct`,
    /// `…privatelink`, `…global` and full hosts or URLs ending in `.snowflakecomputing.com`.
    public init(_ raw: String) throws {
        var s = raw.trimmingCharacters(in: .whitespaces).lowercased()
        for scheme in ["https://", "http://"] where s.hasPrefix(scheme) { s.removeFirst(scheme.count) }
        if let slash = s.firstIndex(of: "/") { s = String(s[..<slash]) }
        if s.hasSuffix(".snowflakecomputing.com") { s.removeLast(".snowflakecomputing.com".count) }
        guard !s.isEmpty, s.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw MLCError(
                .configuration, "\"\(raw)\" is not a Snowflake account identifier",
                hint: "use the org-account form (myorg-myacct) or the account locator (xy12345.us-east-1)")
        }
        let parts = s.split(separator: ".").map(String.init)
        let qualifiers: Set<String> = ["aws", "azure", "gcp", "privatelink", "global"]
        // `myorg.myacct`: periods are not allowed in the JWT, and the host is `myorg-myacct`.
        let orgDotAccount =
            parts.count >= 2 && !parts.contains("global") && !parts[1].contains("-") && !qualifiers.contains(parts[1])
        let account: String
        if parts.contains("global") {
            // Replication (global) hosts: the account is the part before the first '-'.
            account = String(parts[0].prefix { $0 != "-" })
        } else if orgDotAccount {
            account = parts[0] + "-" + parts[1]
        } else {
            // A locator, optionally with region/cloud/privatelink: only the locator goes into the claims.
            account = parts[0]
        }
        jwtAccount = account.uppercased()
        let host = orgDotAccount ? ([account] + parts.dropFirst(2)).joined(separator: ".") : s
        baseURL = "https://\(host).snowflakecomputing.com"
    }
}
