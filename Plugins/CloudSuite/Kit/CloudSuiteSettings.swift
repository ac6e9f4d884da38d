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
            "UTC offset of the tenant's zone-less date-times, e.g. \"+01:00\" (unconfirmed publicly; values with a zone keep theirs)",
            default: "+00:00"),
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
        var issues: [ManifestIssue] = []
        if let rate = config["rateLimit"] {
            issues += FieldValidator.validate(rate, fields: rateLimitFields, at: "\(path).rateLimit")
        }
        if let offset = config["timeZoneOffset"]?.stringValue, IncrementalWindow.offsetSeconds(offset) == nil {
            issues.append(
                ManifestIssue(
                    "\(path).timeZoneOffset", "expected an offset like \"+01:00\" or \"-05:30\", found \"\(offset)\""))
        }
        for name in ["lookback", "settle"] {
            guard let v = config[name] else { continue }
            if let seconds = Duration.seconds(of: v) {
                if seconds > Duration.longestWindow {
                    issues.append(
                        ManifestIssue(
                            "\(path).\(name)", "expected at most 366 days (P366D), found \(v.serialized())",
                            hint:
                                "a longer window re-reads the whole history each run: drop the state's cursor for a full read instead"
                        ))
                }
            } else {
                issues.append(
                    ManifestIssue(
                        "\(path).\(name)",
                        "expected an ISO 8601 duration like \"PT15M\" or a number of seconds, found \(v.serialized())"))
            }
        }
        return issues
    }

    public init(config: JSON, context: ConnectorContext) throws {
        guard let ref = config["credentials"].flatMap(SecretReference.init(json:)) else {
            throw MLCError(
                .configuration, "credentials must be a secret reference",
                context: .init(manifestPath: "$.source.credentials"))
        }
        credentials = try IONAPICredentials.parse(
            try context.secrets.resolve(ref, at: "$.source.credentials"), source: "the .ionapi (\(ref))")
        var transport = HTTPClientConfiguration()
        let fields = Self.fields
        transport.totalTimeout = Double(fields.int("timeoutSeconds", in: config))
        transport.caBundle = config["caBundle"]?.stringValue.map(context.path)
        transport.maxResponseBytes = fields.int("maxResponseMegabytes", in: config) << 20
        let client = HTTPClient(configuration: transport)
        // A burst of one spaces requests evenly: the gateway's own bucket never runs dry at the configured rate.
        limiter = RateLimiter(
            requestsPerMinute: Double(Self.rateLimitFields.int("requestsPerMinute", in: config["rateLimit"] ?? [:])),
            burst: 1)
        http = RetryingClient(
            client: client, policy: RetryPolicy(maxAttempts: fields.int("maxAttempts", in: config)), limiter: limiter,
            log: context.log)
        auth = IONAuth(
            credentials: credentials,
            http: RetryingClient(client: client, policy: RetryPolicy(maxAttempts: 4), log: context.log),
            refreshMargin: Double(fields.int("tokenRefreshMargin", in: config)),
            basicClientAuthentication: fields.string("clientAuthentication", in: config) == "basic")
        window = IncrementalWindow(
            lookback: fields.value("lookback", in: config).flatMap(Duration.seconds(of:)) ?? 0,
            settle: fields.value("settle", in: config).flatMap(Duration.seconds(of:)) ?? 0,
            offsetSeconds: IncrementalWindow.offsetSeconds(fields.string("timeZoneOffset", in: config)) ?? 0)
        columns = ColumnsMode(rawValue: fields.string("columns", in: config)) ?? .canonical
        company = config["company"]?.stringValue
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
