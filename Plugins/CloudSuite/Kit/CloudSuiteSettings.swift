import Foundation
import MLCCore
import MLCHTTP

/// Settings every CloudSuite product line shares, and the objects built from them: one token manager,
/// one HTTP client and one rate limiter per tenant, shared by all of the pipeline's entities.
public struct CloudSuiteSettings {
    static let rateLimitFields = [
        ConfigField(
            "requestsPerMinute", .int, required: true, "requests per minute", range: 1...100_000,
            default: .number("100"))
    ]

    public static let fields: [ConfigField] = [
        ConfigField(
            "credentials", .secret, required: true,
            "the tenant's .ionapi file: {\"secret\": NAME} (mlc secrets add NAME --ionapi FILE) or {\"file\": path}"),
        ConfigField("rateLimit", .object, "the tenant's limit, shared by every entity", nested: rateLimitFields),
        ConfigField(
            "lookback", .any,
            "overlap re-read before the cursor: ISO 8601 duration (\"PT15M\") or seconds", default: "PT5M"),
        ConfigField(
            "settle", .any, "skip rows modified in the last …: ISO 8601 duration or seconds", default: .number("0")),
        ConfigField(
            "tokenRefreshMargin", .int,
            "renew the token this many seconds before expiry (capped at a fifth of its lifetime)",
            range: 0...86_400, default: .number("300")),
        ConfigField(
            "maxAttempts", .int,
            "attempts per request on 429/5xx/network errors before the run checkpoints and exits 3",
            range: 1...100, default: .number("8")),
        ConfigField(
            "timeoutSeconds", .int, "total timeout per request (the gateway gives up at 60)",
            range: 1...3_600, default: .number("90")),
        ConfigField(
            "maxResponseMegabytes", .int, "an answer larger than this is refused", range: 1...4_096,
            default: .number("256")),
        ConfigField("caBundle", .string, "a CA bundle file for a private CA"),
        ConfigField(
            "columns", .string,
            "column names: \"canonical\" (the same on every product line), \"native\" (the product's own) or \"both\"; _raw keeps the whole object",
            allowed: ColumnsMode.allCases.map(\.rawValue), default: "canonical"),
        ConfigField(
            "company", .string,
            "the company or site written into the canonical company column (default: the product line's own, e.g. SyteLine's Mongoose configuration)"
        ),
        ConfigField(
            "timeZoneOffset", .string,
            "UTC offset of the tenant's zone-less change stamps (the cursor, e.g. RecordDate, and the window's filter), e.g. \"+01:00\" (unconfirmed publicly; values with a zone keep theirs); other dates are stored as sent",
            default: "+00:00"),
        ConfigField(
            "recordDateOffset", .string, "the former name of timeZoneOffset (read when timeZoneOffset is absent)"),
        ConfigField(
            "clientAuthentication", .string,
            "how the token request carries ci/cs: \"body\" (form fields, default) or \"basic\" (HTTP Basic); both are seen in the wild",
            allowed: ["body", "basic"], default: "body"),
    ]

    public let credentials: IONAPICredentials
    public let auth: IONAuth
    public let http: RetryingClient
    public let limiter: RateLimiter
    public let window: IncrementalWindow
    public let columns: ColumnsMode
    /// The manifest's `company`, when it set one.
    public let company: String?

    public static func validate(_ config: JSON, at path: String) -> [ManifestIssue] {
        CloudSuiteOptions.parse(config, at: path).issues
    }

    public init(config: JSON, context: ConnectorContext) throws {
        let (options, issues) = CloudSuiteOptions.parse(config, at: "$.source")
        if let issue = issues.first {
            throw MLCError(.configuration, issue.message, hint: issue.hint, context: .init(manifestPath: issue.path))
        }
        guard let ref = options.credentials else {
            throw MLCError(
                .configuration, "credentials must be a secret reference",
                context: .init(manifestPath: "$.source.credentials"))
        }
        credentials =
            context.offline
            ? .offline
            : try IONAPICredentials.parse(
                try context.secrets.resolve(ref, at: "$.source.credentials"), source: "the .ionapi (\(ref))")
        var transport = HTTPClientConfiguration()
        transport.totalTimeout = Double(options.timeoutSeconds)
        transport.caBundle = options.caBundle.map(context.path)
        transport.maxResponseBytes = options.maxResponseMegabytes << 20
        let client = HTTPClient(configuration: transport)
        // A burst of one spaces requests evenly: the gateway's own bucket never runs dry at the configured rate.
        limiter = RateLimiter(requestsPerMinute: Double(options.requestsPerMinute), burst: 1)
        http = RetryingClient(
            client: client, policy: RetryPolicy(maxAttempts: options.maxAttempts), limiter: limiter, log: context.log)
        auth = IONAuth(
            credentials: credentials,
            http: RetryingClient(client: client, policy: RetryPolicy(maxAttempts: 4), log: context.log),
            refreshMargin: Double(options.tokenRefreshMargin),
            basicClientAuthentication: options.basicClientAuthentication)
        window = IncrementalWindow(
            lookback: options.lookback, settle: options.settle, offsetSeconds: options.offsetSeconds)
        columns = options.columns
        company = options.company
    }
}

extension Duration {
    /// The longest lookback or settle window a manifest may set: 366 days, in seconds.
    static let longestWindow = 366.0 * 86_400

    /// Seconds from an ISO 8601 duration (`P1D`, `PT1H30M`, `PT45S`) or a number.
    static func seconds(of json: JSON) -> Double? {
        if case .number(let n) = json { return Double(n).flatMap { $0 >= 0 && $0.isFinite ? $0 : nil } }
        guard let text = json.stringValue?.uppercased(), text.hasPrefix("P"), text.count > 1 else { return nil }
        var total = 0.0
        var number = ""
        var inTime = false
        for c in text.dropFirst() {
            if c == "T" {
                inTime = true
                continue
            }
            if c.isNumber || c == "." {
                number.append(c)
                continue
            }
            guard let v = Double(number) else { return nil }
            number = ""
            switch (c, inTime) {
            case ("D", false): total += v * 86400
            case ("W", false): total += v * 604800
            case ("H", true): total += v * 3600
            case ("M", true): total += v * 60
            case ("S", true): total += v
            default: return nil
            }
        }
        return number.isEmpty ? total : nil
    }
}
