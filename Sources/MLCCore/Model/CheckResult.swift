/// The outcome of a connectivity check, one per thing checked.
public struct CheckResult: Sendable, Equatable {
    public var subject: String
    public var ok: Bool
    public var detail: String
    /// What works but deserves attention (a property the tenant lacks): printed, never a failure.
    public var warnings: [String]
    /// The failure without what is particular to this subject: results sharing one are one cause, shown once.
    public var cause: String?
    public init(subject: String, ok: Bool, detail: String, warnings: [String] = [], cause: String? = nil) {
        self.subject = subject
        self.ok = ok
        self.detail = detail
        self.warnings = warnings
        self.cause = cause
    }
}
