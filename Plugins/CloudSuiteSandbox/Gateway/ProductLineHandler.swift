import MLCCore
import MLCHTTP

/// One product line's API, mounted by the gateway under its path prefix (`/CSI/`, `/M3/` …). The gateway
/// has already checked the tenant, the bearer token and the request limit; a handler serves its API from
/// `reference/` over the canonical dataset, through its own view of it.
protocol ProductLineHandler: AnyObject {
    /// The path prefix below the tenant (`/CSI/`).
    var prefix: String { get }
    /// Answers a request whose path starts with `prefix`; `path` is the rest after the tenant.
    func handle(_ request: ServerRequest, path: String) -> HTTPResponse
    /// The rows of one of the line's own resources (an IDO …) as it serves them, for `/admin/rows/{resource}`.
    func rows(of resource: String) -> [JSON]?
    /// Arms an answer fault on one of the line's resources.
    func corrupt(resource: String, kind: AnswerFaults.Kind, call: Int) -> Bool
}
