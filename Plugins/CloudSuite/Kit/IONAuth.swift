import Foundation
import MLCCore
import MLCHTTP

/// OAuth 2.0 for an ION API backend service: the password grant with the service-account keys, the
/// refresh_token grant when one was issued (falling back to the password grant), renewal *before*
/// expiry, one shared token for every concurrent entity (a single renewal in flight), revoke at the end.
public actor IONAuth: Auth {
    struct Token {
        var access: String
        var refresh: String?
        var expiresAt: ContinuousClock.Instant
        var lifetime: Double
    }

    let credentials: IONAPICredentials
    let http: RetryingClient
    /// Renew this many seconds before expiry (capped at a fifth of the token's lifetime).
    let refreshMargin: Double
    private var token: Token?
    private var renewal: Task<Token, Error>?
    public private(set) var grants: [String] = []

    /// Send ci/cs as HTTP Basic instead of form fields (the Infor SDK's .NET sample does; most clients do not).
    let basicClientAuthentication: Bool

    public init(
        credentials: IONAPICredentials, http: RetryingClient = RetryingClient(policy: RetryPolicy(maxAttempts: 4)),
        refreshMargin: Double = 300, basicClientAuthentication: Bool = false
    ) {
        self.credentials = credentials
        self.http = http
        self.refreshMargin = refreshMargin
        self.basicClientAuthentication = basicClientAuthentication
    }

    private var basicHeader: (String, String) {
        (
            "Authorization",
            "Basic " + Data("\(credentials.clientID):\(credentials.clientSecret)".utf8).base64EncodedString()
        )
    }

    public func headers() async throws -> [(String, String)] {
        if let token, ContinuousClock.now < renewAt(token) { return [("Authorization", "Bearer \(token.access)")] }
        return [("Authorization", "Bearer \(try await renew().access)")]
    }

    public func invalidate(rejected: [(String, String)]) async {
        guard let token, rejected.contains(where: { $0.0 == "Authorization" && $0.1 == "Bearer \(token.access)" })
        else { return }
        self.token?.expiresAt = .now  // renewed on the next headers(); a newer token is kept
    }

    private func renewAt(_ token: Token) -> ContinuousClock.Instant {
        token.expiresAt - .milliseconds(Int(min(refreshMargin, token.lifetime / 5) * 1000))
    }

    /// One renewal at a time; concurrent callers wait for the same result.
    private func renew() async throws -> Token {
        if let renewal { return try await renewal.value }
        let previous = token
        let task = Task { try await self.requestToken(previous: previous) }
        renewal = task
        defer { renewal = nil }
        let fresh = try await task.value
        token = fresh
        // Never the token itself: which grant, and how long the new one lives.
        http.log?.info(
            "auth.token",
            [
                ("grant", grants.last ?? "?"), ("renewal", previous == nil ? "first" : "renewed"),
                ("lifetimeSeconds", String(Int(fresh.lifetime))),
            ])
        return fresh
    }

    private func requestToken(previous: Token?) async throws -> Token {
        if let refresh = previous?.refresh {
            do {
                return try await grant(
                    ["grant_type": "refresh_token", "refresh_token": refresh], name: "refresh_token")
            } catch {
                // An expired or revoked refresh token: the service-account keys still work.
            }
        }
        let name = credentials.usesClientCredentials ? "client_credentials" : "password"
        var form =
            credentials.usesClientCredentials
            ? ["grant_type": name]
            : ["grant_type": name, "username": credentials.accessKey, "password": credentials.secretKey]
        if !credentials.scopes.isEmpty { form["scope"] = credentials.scopes.joined(separator: " ") }
        return try await grant(form, name: name)
    }

    private func grant(_ fields: [String: String], name: String) async throws -> Token {
        var form = fields
        var headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")]
        if basicClientAuthentication {
            headers.append(basicHeader)
        } else {
            form["client_id"] = credentials.clientID
            form["client_secret"] = credentials.clientSecret
        }
        let request = HTTPRequest(
            method: "POST", url: credentials.tokenURL, headers: headers, body: Array(FormEncoding.encode(form).utf8))
        let response = try await http.send(request)
        grants.append(name)
        guard response.status == 200 else {
            // RFC 6749 error JSON when the server sends it; never the request (it holds the secrets).
            let body = (try? JSONParser.parse(response.body))
            let reason = [body?["error"]?.stringValue, body?["error_description"]?.stringValue].compactMap { $0 }
                .joined(separator: ": ")
            throw MLCError(
                .auth, "the ION token endpoint refused the \(name) grant" + (reason.isEmpty ? "" : " (\(reason))"),
                hint: response.status == 401 || reason.contains("invalid_client")
                    ? "check the client id/secret (ci/cs) of the .ionapi file; download it again if the app was changed"
                    : name == "client_credentials"
                        ? "the .ionapi has no service-account keys (saak/sask), so a client-credentials token was asked "
                            + "for and refused: download the credentials again with \"Create Service Account\" switched on"
                        : "check the service-account keys (saak/sask); they may have been regenerated",
                context: .init(httpStatus: response.status, url: credentials.tokenURL))
        }
        guard let json = try? JSONParser.parse(response.body), let access = json["access_token"]?.stringValue,
            !access.isEmpty
        else {
            throw MLCError(
                .auth, "the ION token endpoint answered without an access_token",
                context: .init(httpStatus: 200, url: credentials.tokenURL))
        }
        let lifetime = Self.lifetime(json["expires_in"])
        return Token(
            access: access, refresh: json["refresh_token"]?.stringValue,
            expiresAt: .now + .milliseconds(Int(lifetime * 1000)), lifetime: lifetime)
    }

    /// `expires_in` in seconds: RFC 6749 says a number, some servers send it as a string or with a fraction. When
    /// absent or unreadable, the shortest lifetime a tenant may have (1 h) rather than a guess that runs past it.
    static func lifetime(_ value: JSON?) -> Double {
        let seconds =
            value.flatMap { $0.stringValue.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } }
            ?? value.flatMap { Double($0.serialized()) }
        guard let seconds, seconds.isFinite, seconds > 0 else { return 3_600 }
        // A second at least (no grant per request), 30 days at most (no overflow, no token trusted for ever).
        return min(max(seconds, 1), 30 * 86_400)
    }

    /// Revokes the refresh token (or the access token) so nothing outlives the run.
    public func revoke() async {
        guard let token, let url = credentials.revokeURL else { return }
        let (value, hint) = token.refresh.map { ($0, "refresh_token") } ?? (token.access, "access_token")
        _ = try? await http.send(
            HTTPRequest(
                method: "POST", url: url,
                headers: [("Content-Type", "application/x-www-form-urlencoded"), basicHeader],
                body: Array(FormEncoding.encode(["token": value, "token_type_hint": hint]).utf8)))
        self.token = nil
    }
}

/// application/x-www-form-urlencoded (saak contains '#', secrets contain '+', '/', '=').
public enum FormEncoding {
    static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    public static func encode(_ fields: [String: String]) -> String {
        fields.sorted { $0.key < $1.key }.map { "\(escape($0.key))=\(escape($0.value))" }.joined(separator: "&")
    }

    public static func escape(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: unreserved) ?? s }
}
