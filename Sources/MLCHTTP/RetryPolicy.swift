import Foundation
import MLCCore

/// Jittered exponential backoff that honours `Retry-After`, for retryable statuses and transport errors.
public struct RetryPolicy: Sendable {
    public var maxAttempts = 6
    public var baseDelay = 0.5
    public var maxDelay = 60.0
    public var retryableStatuses: Set<Int> = [429, 500, 502, 503, 504]

    public init(maxAttempts: Int = 6, baseDelay: Double = 0.5, maxDelay: Double = 60) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The default verdict: the retryable statuses are transient, every other answer is final.
    public func classify(_ response: HTTPResponse) -> ResponseVerdict {
        retryableStatuses.contains(response.status) ? .retry : .final
    }

    /// "Full jitter": a random delay up to base·2^attempt (capped); a server's Retry-After wins when given.
    public func delay(afterAttempt attempt: Int, retryAfter: Double?) -> Double {
        if let retryAfter { return min(max(retryAfter, 0), maxDelay) }
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(attempt - 1)))
        return Double.random(in: (ceiling / 2)...ceiling)
    }

    /// Parses `Retry-After`: delta-seconds, or an HTTP-date (RFC 9110 §10.2.3), relative to `now`.
    public static func retryAfter(_ value: String?, now: Date = Date()) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds >= 0 { return seconds }
        guard let date = parseHTTPDate(value) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }

    /// IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func parseHTTPDate(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let year = Int(parts[3]) else { return nil }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard let month = months.firstIndex(of: String(parts[2])) else { return nil }
        let time = parts[4].split(separator: ":").compactMap { Int($0) }
        guard time.count == 3 else { return nil }
        let iso = String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month + 1, day, time[0], time[1], time[2])
        guard let t = Timestamp(parsing: iso) else { return nil }
        return Date(timeIntervalSince1970: Double(t.microseconds) / 1e6)
    }
}

/// Whether an answer is final or worth sending the request again (after the back-off).
public enum ResponseVerdict: Sendable {
    case final, retry
}

/// One client's reading of its answers: which are transient. The retry loop itself is shared.
public typealias ResponseClassifier = @Sendable (HTTPResponse) -> ResponseVerdict
