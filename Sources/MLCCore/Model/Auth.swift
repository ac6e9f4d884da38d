/// Produces request credentials, renews them before they expire, and is told about a 401.
public protocol Auth: AnyObject, Sendable {
    /// Headers to add to a request (e.g. `Authorization: Bearer …`). Never logged.
    func headers() async throws -> [(String, String)]
    /// The server answered 401 to a request made with `rejected` (headers from `headers()`): obtain fresh
    /// credentials, unless they were already renewed since (concurrent requests must not stampede).
    func invalidate(rejected: [(String, String)]) async
}
