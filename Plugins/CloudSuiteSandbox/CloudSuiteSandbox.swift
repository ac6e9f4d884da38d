import Foundation
import MLCCore
import MLCHTTP

/// A simulated ION API gateway for one tenant, over real HTTP: the OAuth token and revoke endpoints, bearer
/// checks (401 on expired tokens), the tenant's request limit (429 + Retry-After), the admin endpoints, and
/// the product lines mounted under their path prefixes, all serving one canonical seeded dataset through
/// their own views. Built from `reference/`, never from adapter code.
public final class CloudSuiteSandbox: @unchecked Sendable {
    public struct Options: Sendable {
        public var tenant = "ACME_TST"
        public var port: UInt16 = 0
        public var tokenLifetime = 7200
        public var issueRefreshTokens = true
        /// `expires_in` as a string (`"3600"`), as some token servers send it, instead of RFC 6749's number.
        public var expiresInAsText = false
        /// The app is registered for the client-credentials grant: its .ionapi has no saak/sask, and the token
        /// endpoint takes `client_credentials` (without a refresh token) instead of the password grant.
        public var clientCredentialsApp = false
        /// Requests per minute per tenant on the API (not the token endpoint); nil = unlimited.
        public var requestsPerMinute: Int?
        /// How a 429 says when to come back (reference: the header's form is unconfirmed).
        public var retryAfter: RetryAfterForm = .seconds
        public enum RetryAfterForm: String, Sendable, CaseIterable {
            /// `Retry-After: 2`
            case seconds
            /// `Retry-After: Fri, 04 Dec 2026 18:00:02 GMT` (RFC 9110's other form)
            case httpDate
            /// no header: the client backs off on its own
            case absent
        }
        public var seed: UInt64 = 1
        /// Rows per canonical entity (`suppliers`, `ap_invoices` …); an unknown name is an error.
        public var sizes: [String: Int] = [:]
        public var clientID = "ACME_TST~mlc-sandbox-client"
        public var clientSecret = "sandbox-client-secret"
        public var accessKey = "ACME_TST#sandbox-access-key"
        public var secretKey = "sandbox-secret-key"
        public var mongooseConfig = "ACME_TST_SITE1"
        /// Date form and property set of this tenant (see `TenantShape`).
        public var shape = TenantShape()
        /// M3's company number (CONO) and how its answers look (see `M3Shape`).
        public var m3Company = "100"
        public var m3 = M3Shape()
        /// How the LN tenant answers (see `LNShape`).
        public var ln = LNShape()
        /// How the Financials tenant answers (see `FSMShape`).
        public var fsm = FSMShape()
        /// How the Distribution tenant answers (see `SXShape`).
        public var sxe = SXShape()
        public init() {}
    }

    /// What the sandbox saw; tests assert on it.
    public struct Stats: Sendable {
        public var apiRequests = 0
        public var throttled = 0
        public var expiredTokenRequests = 0
        public var unknownTokenRequests = 0
        public var grants: [String] = []
        public var revocations = 0
    }

    public let options: Options
    let dataset: CanonicalDataset
    /// The product lines' APIs, by path prefix.
    let lines: [any ProductLineHandler]
    private let lock = NSLock()
    private var tokens: [String: Date] = [:]
    var refreshTokens: Set<String> = []
    private var bucket: (tokens: Double, at: Date)?
    var stats = Stats()
    /// The next this-many API requests are refused with 401 and their tokens forgotten (`/admin/reject-next`).
    var rejectNext = 0
    /// The next `count` API requests get this status and body from the gateway (`/admin/fail-next`).
    var failNext: (status: Int, body: JSON, count: Int)?
    /// Every token issued (`/admin/issued`).
    var issued: [String] = []
    private var server: HTTPServer!

    public init(options: Options) throws {
        self.options = options
        dataset = try CanonicalDataset(seed: options.seed, sizes: options.sizes)
        lines = [
            SyteLineHandler(dataset: dataset, shape: options.shape, mongooseConfig: options.mongooseConfig),
            M3Handler(dataset: dataset, shape: options.m3, companies: [options.m3Company] + options.m3.otherCompanies),
            LNHandler(dataset: dataset, shape: options.ln),
            FSMHandler(dataset: dataset, shape: options.fsm),
            SXHandler(dataset: dataset, shape: options.sxe),
        ]
    }

    /// The canonical entities, as `--size` and the admin endpoints name them.
    public static var entities: [String] { CanonicalDataset.entities }

    public var port: UInt16 { server.port }
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    public var statistics: Stats { lock.withLock { stats } }

    public func start() throws {
        server = HTTPServer(port: options.port) { [unowned self] request in
            self.lock.withLock { self.route(request) }
        }
        try server.start()
    }

    public func stop() { server?.stop() }

    /// The `.ionapi` file a customer would download for this tenant.
    public var ionapi: JSON {
        .object(
            [
                JSONMember("ti", .string(options.tenant)), JSONMember("cn", .string("mlc-sandbox")),
                JSONMember("dt", .string("12")),
                JSONMember("ci", .string(options.clientID)), JSONMember("cs", .string(options.clientSecret)),
                JSONMember("iu", .string(baseURL)), JSONMember("pu", .string("\(baseURL)/\(options.tenant)/as/")),
                JSONMember("oa", .string("authorization.oauth2")), JSONMember("ot", .string("token.oauth2")),
                JSONMember("or", .string("revoke_token.oauth2")), JSONMember("ev", .string("U00000000001")),
                JSONMember("v", .string("1.1")),
            ]
                + (options.clientCredentialsApp
                    ? []
                    : [JSONMember("saak", .string(options.accessKey)), JSONMember("sask", .string(options.secretKey))]))
    }

    private func route(_ request: ServerRequest) -> HTTPResponse {
        let path = request.path
        let tenantPrefix = "/\(options.tenant)"
        if path.hasPrefix("/admin/") { return admin(request) }
        guard path.hasPrefix(tenantPrefix + "/") else { return json(404, ["error": "unknown tenant or path"]) }
        let rest = String(path.dropFirst(tenantPrefix.count))
        switch (request.method, rest) {
        case ("POST", "/as/token.oauth2"): return token(request)
        case ("POST", "/as/revoke_token.oauth2"): return revoke(request)
        default: break
        }
        // Everything below is the gateway: bearer check, then the tenant's limit.
        guard let auth = request.header("authorization"), auth.hasPrefix("Bearer ") else {
            return json(401, ["error": "missing bearer token"])
        }
        let token = String(auth.dropFirst(7))
        guard let expiry = tokens[token] else {
            stats.unknownTokenRequests += 1
            return json(401, ["error": "invalid token"])
        }
        if rejectNext > 0 {
            // A token the gateway stopped honouring before its expiry (a restart, a revoked grant).
            rejectNext -= 1
            tokens[token] = nil
            stats.expiredTokenRequests += 1
            return json(401, ["error": "token expired"])
        }
        if expiry <= Date() {
            stats.expiredTokenRequests += 1
            return json(401, ["error": "token expired"])
        }
        if let limit = options.requestsPerMinute {
            // A spike-arrest style limit: `limit` per minute, smoothed per second (burst of one second's worth).
            let now = Date()
            let perSecond = Double(limit) / 60
            let burst = max(1, perSecond)
            var (tokens, at) = bucket ?? (burst, now)
            tokens = min(burst, tokens + now.timeIntervalSince(at) * perSecond)
            if tokens < 1 {
                bucket = (tokens, now)
                stats.throttled += 1
                let retryAfter = max(1, Int(((1 - tokens) / perSecond).rounded(.up)))
                var headers = [("Content-Type", "application/json")]
                switch options.retryAfter {
                case .seconds: headers.append(("Retry-After", String(retryAfter)))
                case .httpDate:
                    headers.append(("Retry-After", Self.httpDate(now.addingTimeInterval(Double(retryAfter)))))
                case .absent: break
                }
                return HTTPResponse(status: 429, headers: headers, body: Array(#"{"error":"quota exceeded"}"#.utf8))
            }
            bucket = (tokens - 1, now)
        }
        stats.apiRequests += 1
        if let failure = failNext {
            failNext = failure.count > 1 ? (failure.status, failure.body, failure.count - 1) : nil
            return json(failure.status, failure.body)
        }
        guard let line = lines.first(where: { rest.hasPrefix($0.prefix) }) else {
            return json(404, ["error": "no such API"])
        }
        return line.handle(request, path: rest)
    }

    /// `Fri, 04 Dec 2026 18:00:02 GMT`, rounded up to the next whole second (the form has no fraction).
    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.up)))
    }

    private func token(_ request: ServerRequest) -> HTTPResponse {
        var form = ServerRequest.decodeForm(String(decoding: request.body, as: UTF8.self))
        // Client authentication as form fields or HTTP Basic (RFC 6749 §2.3.1 allows both).
        if let basic = request.header("authorization"), basic.hasPrefix("Basic "),
            let decoded = Data(base64Encoded: String(basic.dropFirst(6))).map({ String(decoding: $0, as: UTF8.self) }),
            let colon = decoded.firstIndex(of: ":")
        {
            form["client_id"] = String(decoded[..<colon])
            form["client_secret"] = String(decoded[decoded.index(after: colon)...])
        }
        guard form["client_id"] == options.clientID, form["client_secret"] == options.clientSecret else {
            return json(401, ["error": "invalid_client", "error_description": "client authentication failed"])
        }
        switch form["grant_type"] {
        case "client_credentials" where options.clientCredentialsApp: break
        case "password" where !options.clientCredentialsApp:
            guard form["username"] == options.accessKey, form["password"] == options.secretKey else {
                return json(
                    400, ["error": "invalid_grant", "error_description": "service account credentials are not valid"])
            }
        case "refresh_token":
            guard let rt = form["refresh_token"], refreshTokens.remove(rt) != nil else {
                return json(400, ["error": "invalid_grant", "error_description": "refresh token is not valid"])
            }
        default:
            return json(400, ["error": "unsupported_grant_type"])
        }
        stats.grants.append(form["grant_type"]!)
        let access = "sbx." + UUID().uuidString
        tokens[access] = Date().addingTimeInterval(Double(options.tokenLifetime))
        issued.append(access)
        var body: [JSONMember] = [
            JSONMember("access_token", .string(access)), JSONMember("token_type", .string("Bearer")),
            JSONMember(
                "expires_in",
                options.expiresInAsText
                    ? .string(String(options.tokenLifetime)) : .number(String(options.tokenLifetime))),
        ]
        if options.issueRefreshTokens && !options.clientCredentialsApp {
            let refresh = "sbr." + UUID().uuidString
            refreshTokens.insert(refresh)
            issued.append(refresh)
            body.append(JSONMember("refresh_token", .string(refresh)))
        }
        return HTTPResponse(
            status: 200, headers: [("Content-Type", "application/json")],
            body: Array(JSON.object(body).serialized().utf8))
    }

    private func revoke(_ request: ServerRequest) -> HTTPResponse {
        let form = ServerRequest.decodeForm(String(decoding: request.body, as: UTF8.self))
        if let t = form["token"] {
            refreshTokens.remove(t)
            tokens[t] = nil
            stats.revocations += 1
        }
        return HTTPResponse(status: 200)
    }

}

func json(_ status: Int, _ body: JSON) -> HTTPResponse {
    HTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: Array(body.serialized().utf8))
}
