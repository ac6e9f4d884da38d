import Foundation

/// A request to stop (SIGINT, SIGTERM), raised from a signal handler and read by the running pipeline
/// between pages: the batch in flight is acknowledged, nothing new is started, the run ends `interrupted`.
public final class Interruption: @unchecked Sendable {
    private let lock = NSLock()
    private var raised: Int32?

    public init() {}

    /// Returns false when a stop was already requested (a second signal: the caller stops at once).
    @discardableResult
    public func raise(_ signal: Int32) -> Bool {
        lock.withLock {
            guard raised == nil else { return false }
            raised = signal
            return true
        }
    }

    public var signal: Int32? { lock.withLock { raised } }

    public var name: String {
        switch signal {
        case SIGINT: return "SIGINT"
        case SIGTERM: return "SIGTERM"
        case let s?: return "signal \(s)"
        case nil: return "-"
        }
    }

    /// The error an entity stops with, naming what was kept and what the next run does.
    func error(detail: String) -> MLCError {
        MLCError(
            .interrupted, "interrupted by \(name): \(detail)",
            hint: "nothing is lost: the next run resumes from the last acknowledged batch")
    }
}
