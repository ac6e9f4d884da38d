/// The one error type mlc reports (in the spirit of swift-service-lifecycle: a struct with a code).
/// It carries where things went wrong — entity, record id, HTTP status, manifest path — and a hint
/// on how to fix it. It never carries a secret: callers pass redacted text only.
public struct MLCError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let invalidManifest = Code("invalid_manifest")
        public static let invalidInput = Code("invalid_input")
        public static let configuration = Code("configuration")
        public static let sourceFailed = Code("source_failed")
        public static let sinkFailed = Code("sink_failed")
        public static let sinkUnavailable = Code("sink_unavailable")
        /// The source could not be reached past its retry budget: the run checkpointed (exit 3).
        public static let sourceUnavailable = Code("source_unavailable")
        public static let recordRejected = Code("record_rejected")
        public static let http = Code("http")
        public static let timeout = Code("timeout")
        public static let network = Code("network")
        public static let auth = Code("auth")
        public static let rateLimited = Code("rate_limited")
        public static let state = Code("state")
        /// Another run of the pipeline holds its lease (exit 2, or `--wait`).
        public static let busy = Code("busy")
        /// The run was asked to stop (SIGINT/SIGTERM) and stopped cleanly.
        public static let interrupted = Code("interrupted")
        public static let crypto = Code("crypto")
        public static let transform = Code("transform")
        public static let internalError = Code("internal")
    }

    public struct Context: Sendable, Equatable {
        public var entity: String?
        public var recordID: String?
        public var httpStatus: Int?
        public var manifestPath: String?
        public var url: String?

        public init(
            entity: String? = nil, recordID: String? = nil, httpStatus: Int? = nil,
            manifestPath: String? = nil, url: String? = nil
        ) {
            self.entity = entity
            self.recordID = recordID
            self.httpStatus = httpStatus
            self.manifestPath = manifestPath
            self.url = url
        }
    }

    public var code: Code
    public var message: String
    public var hint: String?
    public var retryable: Bool
    public var context: Context
    /// Seconds the peer asked us to wait (Retry-After), when it said so.
    public var retryAfter: Double?

    public init(
        _ code: Code, _ message: String, hint: String? = nil, retryable: Bool = false,
        context: Context = Context(), retryAfter: Double? = nil
    ) {
        self.code = code
        self.message = message
        self.hint = hint
        self.retryable = retryable
        self.context = context
        self.retryAfter = retryAfter
    }

    public func with(entity: String? = nil, recordID: String? = nil, manifestPath: String? = nil) -> MLCError {
        var e = self
        if let entity { e.context.entity = entity }
        if let recordID { e.context.recordID = recordID }
        if let manifestPath { e.context.manifestPath = manifestPath }
        return e
    }

    public var description: String {
        var parts: [String] = []
        if let p = context.manifestPath { parts.append("at \(p)") }
        if let e = context.entity { parts.append("entity \(e)") }
        if let r = context.recordID { parts.append("record \(r)") }
        if let s = context.httpStatus { parts.append("HTTP \(s)") }
        if let u = context.url { parts.append(u) }
        var text = "[\(code)] \(message)"
        if !parts.isEmpty { text += " (" + parts.joined(separator: ", ") + ")" }
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}

extension MLCError {
    /// Wraps any error as an MLCError, keeping an existing one as it is.
    public static func wrap(_ error: Error, _ code: Code = .internalError) -> MLCError {
        if let e = error as? MLCError { return e }
        return MLCError(code, String(describing: error))
    }
}
