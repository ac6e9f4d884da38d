import Foundation

/// A token bucket shared by every user of one budget (e.g. all entities of one tenant):
/// `requestsPerMinute` tokens refill continuously, up to `burst`.
public actor RateLimiter {
    public nonisolated let requestsPerMinute: Double
    public nonisolated let burst: Double
    private var tokens: Double
    private var last: ContinuousClock.Instant
    public private(set) var acquired = 0
    public private(set) var waitedSeconds = 0.0

    public init(requestsPerMinute: Double, burst: Double? = nil) {
        self.requestsPerMinute = requestsPerMinute
        self.burst = burst ?? max(1, requestsPerMinute / 60)
        self.tokens = self.burst
        self.last = .now
    }

    /// Waits until a token is available and takes it. Waiters are served in arrival order.
    public func acquire() async {
        refill()
        tokens -= 1
        acquired += 1
        if tokens >= 0 { return }
        // Reserve the token now (tokens goes negative) and sleep until it exists: arrival order is kept.
        let wait = -tokens / (requestsPerMinute / 60)
        waitedSeconds += wait
        try? await Task.sleep(for: .milliseconds(Int(wait * 1000)))
    }

    private func refill() {
        let now = ContinuousClock.now
        let elapsed = now - last
        last = now
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        tokens = min(burst, tokens + seconds * requestsPerMinute / 60)
    }
}
