import MLCCore

/// The CloudSuite settings of a manifest, read once: `parse` gives the typed value *and* the issues, so
/// `validate` reports the issues and construction takes the value — the same reading, never two. Defaults
/// come from the declarations (`CloudSuiteSettings.fields`), never from here.
public struct CloudSuiteOptions: Sendable {
    public var credentials: SecretReference?
    public var requestsPerMinute: Int
    public var lookback: Double
    public var settle: Double
    public var offsetSeconds: Double
    public var tokenRefreshMargin: Int
    public var maxAttempts: Int
    public var timeoutSeconds: Int
    public var maxResponseMegabytes: Int
    public var caBundle: String?
    public var basicClientAuthentication: Bool
    public var columns: ColumnsMode
    public var company: String?

    /// The value (with the declared default wherever a setting is absent or wrong) and what is wrong.
    public static func parse(_ config: JSON, at path: String) -> (value: CloudSuiteOptions, issues: [ManifestIssue]) {
        let fields = CloudSuiteSettings.fields
        var issues: [ManifestIssue] = []
        let rate = config["rateLimit"] ?? [:]
        if config["rateLimit"] != nil {
            issues += FieldValidator.validate(rate, fields: CloudSuiteSettings.rateLimitFields, at: "\(path).rateLimit")
        }
        // `recordDateOffset` is the setting's former name: manifests written for it keep working.
        let offsetName =
            config["timeZoneOffset"] == nil && config["recordDateOffset"] != nil ? "recordDateOffset" : "timeZoneOffset"
        let offsetText = config[offsetName]?.stringValue ?? fields.string("timeZoneOffset", in: config)
        let offset = IncrementalWindow.offsetSeconds(offsetText)
        if offset == nil {
            issues.append(
                ManifestIssue(
                    "\(path).\(offsetName)",
                    "expected an offset like \"+01:00\" or \"-05:30\", found \"\(offsetText)\""))
        }
        func window(_ name: String) -> Double {
            guard let v = fields.value(name, in: config) else { return 0 }
            guard let seconds = Duration.seconds(of: v) else {
                issues.append(
                    ManifestIssue(
                        "\(path).\(name)",
                        "expected an ISO 8601 duration like \"PT15M\" or a number of seconds, found \(v.serialized())"))
                return 0
            }
            if seconds > Duration.longestWindow {
                issues.append(
                    ManifestIssue(
                        "\(path).\(name)", "expected at most 366 days (P366D), found \(v.serialized())",
                        hint:
                            "a longer window re-reads the whole history each run: drop the state's cursor for a full read instead"
                    ))
            }
            return seconds
        }
        let value = CloudSuiteOptions(
            credentials: config["credentials"].flatMap(SecretReference.init(json:)),
            requestsPerMinute: CloudSuiteSettings.rateLimitFields.int("requestsPerMinute", in: rate),
            lookback: window("lookback"), settle: window("settle"), offsetSeconds: offset ?? 0,
            tokenRefreshMargin: fields.int("tokenRefreshMargin", in: config),
            maxAttempts: fields.int("maxAttempts", in: config),
            timeoutSeconds: fields.int("timeoutSeconds", in: config),
            maxResponseMegabytes: fields.int("maxResponseMegabytes", in: config),
            caBundle: config["caBundle"]?.stringValue,
            basicClientAuthentication: fields.string("clientAuthentication", in: config) == "basic",
            columns: ColumnsMode(rawValue: fields.string("columns", in: config)) ?? .canonical,
            company: config["company"]?.stringValue)
        return (value, issues)
    }
}
