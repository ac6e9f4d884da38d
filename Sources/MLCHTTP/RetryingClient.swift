import Foundation
import MLCCore

/// Counters for the run summary: requests sent, 429s received, retries made.
public final class HTTPStatistics: @unchecked Sendable {
    private let lock = NSLock()
    private var _requests = 0, _throttled = 0, _retries = 0
    public init() {}
    func count(requests: Int = 0, throttled: Int = 0, retries: Int = 0) {
        lock.lock()
        _requests += requests
        _throttled += throttled
        _retries += retries
        lock.unlock()
    }
    public var requests: Int {
        lock.lock()
        defer { lock.unlock() }
        return _requests
    }
    public var throttled: Int {
        lock.lock()
        defer { lock.unlock() }
        return _throttled
    }
    public var retries: Int {
        lock.lock()
        defer { lock.unlock() }
        return _retries
    }
}

/// HTTP with the policies every connector needs: a shared rate limit, retries with jittered backoff
/// that honour Retry-After, and on 401 exactly one fresh credential and one retry.
public final class RetryingClient: @unchecked Sendable {
    public let client: HTTPClient
    public let policy: RetryPolicy
    public let limiter: RateLimiter?
    public let statistics = HTTPStatistics()
    /// Replaced in tests to avoid real waiting; receives the seconds to wait.
    public var sleep: @Sendable (Double) async -> Void = { try? await Task.sleep(for: .milliseconds(Int($0 * 1000))) }

    /// Each retry and its back-off is logged here (`http.retry`), so an unattended run shows why it was slow.
    public let log: EventLog?

    public init(
        client: HTTPClient = HTTPClient(), policy: RetryPolicy = RetryPolicy(), limiter: RateLimiter? = nil,
        log: EventLog? = nil
    ) {
        self.client = client
        self.policy = policy
        self.limiter = limiter
        self.log = log
    }

    private func backOff(attempt: Int, retryAfter: Double?, request: HTTPRequest, cause: String) async {
        statistics.count(retries: 1)
        let delay = policy.delay(afterAttempt: attempt, retryAfter: retryAfter)
        log?.warning(
            "http.retry",
            [
                ("url", request.redactedURL), ("attempt", String(attempt)), ("of", String(policy.maxAttempts)),
                ("cause", cause), ("backoffSeconds", String(format: "%.2f", delay)),
            ])
        await sleep(delay)
    }

    /// Sends with retries. Returns the final response (which may be a non-retryable error status);
    /// throws when retries are exhausted on transport errors or retryable statuses.
    /// `classify` says which answers are transient (the policy's statuses by default); `attempt` builds the
    /// request for each try (Snowflake marks resends `retry=true` so a statement never runs twice).
    public func send(
        _ request: HTTPRequest, auth: (any Auth)? = nil, classify: ResponseClassifier? = nil,
        attempt makeAttempt: ((Int) -> HTTPRequest)? = nil
    ) async throws -> HTTPResponse {
        var attempt = 0
        var refreshedAfter401 = false
        while true {
            attempt += 1
            if let limiter { await limiter.acquire() }
            var prepared = makeAttempt?(attempt) ?? request
            let credentials = try await auth?.headers() ?? []
            prepared.headers += credentials
            statistics.count(requests: 1)
            let response: HTTPResponse
            do {
                response = try await client.send(prepared)
            } catch let error as MLCError where error.retryable && attempt < policy.maxAttempts {
                await backOff(attempt: attempt, retryAfter: nil, request: request, cause: error.message)
                continue
            }
            if response.status == 401, let auth, !refreshedAfter401 {
                refreshedAfter401 = true
                await auth.invalidate(rejected: credentials)
                attempt -= 1  // the retry with a fresh token is not a backoff attempt
                continue
            }
            if response.status == 429 { statistics.count(throttled: 1) }
            guard (classify ?? policy.classify)(response) == .retry else { return response }
            let retryAfter = RetryPolicy.retryAfter(response.header("retry-after"))
            guard attempt < policy.maxAttempts else {
                throw MLCError(
                    response.status == 429 ? .rateLimited : .http,
                    "HTTP \(response.status) after \(attempt) attempts",
                    hint: response.status == 429
                        ? "lower requestsPerMinute to the tenant's limit" : "the server keeps failing; try again later",
                    retryable: true, context: .init(httpStatus: response.status, url: request.redactedURL),
                    retryAfter: retryAfter)
            }
            await backOff(attempt: attempt, retryAfter: retryAfter, request: request, cause: "HTTP \(response.status)")
        }
    }
}
