import Foundation
import MLCCore
import XCTest

@testable import MLCHTTP

/// Records the waits a RetryingClient asks for instead of sleeping (one test below sleeps for real).
final class SleepRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var _delays: [Double] = []
    var delays: [Double] {
        lock.lock()
        defer { lock.unlock() }
        return _delays
    }
    func record(_ d: Double) {
        lock.lock()
        _delays.append(d)
        lock.unlock()
    }
}

final class CountingAuth: Auth, @unchecked Sendable {
    private let lock = NSLock()
    var generation = 1
    var invalidations = 0
    func headers() async throws -> [(String, String)] {
        lock.withLock { [("Authorization", "Bearer token-\(generation)")] }
    }
    func invalidate(rejected: [(String, String)]) async {
        lock.withLock {
            invalidations += 1
            generation += 1
        }
    }
}

final class HTTPTests: XCTestCase {
    var server: HTTPServer!
    var base: String { "http://127.0.0.1:\(server.port)" }

    func serve(_ handler: @escaping HTTPServer.Handler) throws {
        server = HTTPServer(handler: handler)
        try server.start()
    }

    override func tearDown() { server?.stop() }

    func retrying(_ recorder: SleepRecorder, attempts: Int = 4) -> RetryingClient {
        let client = RetryingClient(policy: RetryPolicy(maxAttempts: attempts, baseDelay: 0.2, maxDelay: 10))
        client.sleep = { recorder.record($0) }
        return client
    }

    func testRoundTripReusesTheConnection() async throws {
        try serve { req in
            HTTPResponse(
                status: 200, headers: [("X-Conn", String(req.connectionID)), ("Content-Type", "application/json")],
                body: Array(
                    "\(req.method) \(req.path) \(req.query["q"] ?? "") \(req.header("x-test") ?? "") \(String(decoding: req.body, as: UTF8.self))"
                        .utf8))
        }
        let client = HTTPClient()
        let first = try await client.send(
            HTTPRequest(url: base + "/a?q=M%C3%BCller%20GmbH", headers: [("X-Test", "1")]))
        XCTAssertEqual(first.status, 200)
        XCTAssertEqual(first.text, "GET /a Müller GmbH 1 ")
        let second = try await client.send(
            HTTPRequest(method: "POST", url: base + "/b", body: Array("grant_type=password".utf8)))
        XCTAssertEqual(second.text, "POST /b   grant_type=password")
        XCTAssertEqual(first.header("x-conn"), second.header("X-Conn"), "keep-alive: one connection for both requests")
    }

    func testGzipBodiesAreDecompressed() async throws {
        let plain = String(repeating: "{\"VendNum\":\"1001\",\"Name\":\"Müller GmbH\"},", count: 200)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-c"]
        let input = Pipe()
        let output = Pipe()
        gzip.standardInput = input
        gzip.standardOutput = output
        try gzip.run()
        input.fileHandleForWriting.write(plain.data(using: .utf8)!)
        try input.fileHandleForWriting.close()
        let compressed = Array(output.fileHandleForReading.readDataToEndOfFile())
        gzip.waitUntilExit()
        XCTAssertLessThan(compressed.count, plain.utf8.count / 5)
        try serve { req in
            XCTAssertTrue(req.header("accept-encoding")?.contains("gzip") ?? false)
            return HTTPResponse(status: 200, headers: [("Content-Encoding", "gzip")], body: compressed)
        }
        let response = try await HTTPClient().send(HTTPRequest(url: base + "/gz"))
        XCTAssertEqual(response.text, plain)
    }

    func testTotalTimeoutIsARetryableTimeoutError() async throws {
        try serve { _ in
            Thread.sleep(forTimeInterval: 2)
            return HTTPResponse(status: 200)
        }
        var configuration = HTTPClientConfiguration()
        configuration.totalTimeout = 0.3
        let started = Date()
        do {
            _ = try await HTTPClient(configuration: configuration).send(HTTPRequest(url: base + "/slow"))
            XCTFail("expected a timeout")
        } catch let e as MLCError {
            XCTAssertEqual(e.code, .timeout)
            XCTAssertTrue(e.retryable)
            XCTAssertEqual(e.context.url, base + "/slow")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 1.5)
    }

    func testConnectionRefusedIsARetryableNetworkError() async throws {
        try serve { _ in HTTPResponse(status: 200) }
        let port = server.port
        server.stop()
        do {
            _ = try await HTTPClient().send(HTTPRequest(url: "http://127.0.0.1:\(port)/gone"))
            XCTFail("expected a network error")
        } catch let e as MLCError {
            XCTAssertEqual(e.code, .network)
            XCTAssertTrue(e.retryable)
        }
    }

    func testRetriesTransientStatusesWithJitteredBackoff() async throws {
        let counter = Counter()
        try serve { _ in
            counter.next() <= 2 ? HTTPResponse(status: 503) : HTTPResponse(status: 200, body: Array("ok".utf8))
        }
        let recorder = SleepRecorder()
        let client = retrying(recorder)
        let response = try await client.send(HTTPRequest(url: base + "/flaky"))
        XCTAssertEqual(response.text, "ok")
        XCTAssertEqual(client.statistics.requests, 3)
        XCTAssertEqual(recorder.delays.count, 2)
        XCTAssertTrue((0.1...0.2).contains(recorder.delays[0]), "\(recorder.delays)")
        XCTAssertTrue((0.2...0.4).contains(recorder.delays[1]), "\(recorder.delays)")
    }

    func testRetryAfterSecondsAndHTTPDateAreHonoured() async throws {
        let counter = Counter()
        let date = Date().addingTimeInterval(5)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        try serve { _ in
            switch counter.next() {
            case 1: return HTTPResponse(status: 429, headers: [("Retry-After", "7")])
            case 2: return HTTPResponse(status: 503, headers: [("Retry-After", formatter.string(from: date))])
            default: return HTTPResponse(status: 200)
            }
        }
        let recorder = SleepRecorder()
        let client = retrying(recorder)
        let response = try await client.send(HTTPRequest(url: base + "/limited"))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(recorder.delays.first, 7)
        XCTAssertEqual(recorder.delays[1], 5, accuracy: 1.1)
        XCTAssertEqual(client.statistics.throttled, 1)
        XCTAssertNil(RetryPolicy.retryAfter("soon"))
        XCTAssertEqual(
            RetryPolicy.retryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now: Date(timeIntervalSince1970: 784_111_770)), 7)
    }

    func testRetryAfterIsReallyWaited() async throws {
        let counter = Counter()
        try serve { _ in
            counter.next() == 1 ? HTTPResponse(status: 429, headers: [("Retry-After", "1")]) : HTTPResponse(status: 200)
        }
        let started = Date()
        let response = try await RetryingClient().send(HTTPRequest(url: base + "/wait"))
        XCTAssertEqual(response.status, 200)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.95)
    }

    func testExhaustedRetriesThrowWithTheStatus() async throws {
        try serve { _ in HTTPResponse(status: 503) }
        let recorder = SleepRecorder()
        do {
            _ = try await retrying(recorder, attempts: 3).send(HTTPRequest(url: base + "/down?secret=no"))
            XCTFail("expected an error")
        } catch let e as MLCError {
            XCTAssertEqual(e.context.httpStatus, 503, e.description)
            XCTAssertEqual(e.context.url, base + "/down", "the query string stays out of errors")
            XCTAssertTrue(e.message.contains("after 3 attempts"), e.description)
        }
        XCTAssertEqual(recorder.delays.count, 2)
    }

    func testA401GetsExactlyOneFreshTokenAndOneRetry() async throws {
        try serve { req in
            req.header("authorization") == "Bearer token-2" ? HTTPResponse(status: 200) : HTTPResponse(status: 401)
        }
        let auth = CountingAuth()
        let recorder = SleepRecorder()
        let response = try await retrying(recorder).send(HTTPRequest(url: base + "/private"), auth: auth)
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(auth.invalidations, 1)

        // A token that is still refused after renewal is reported, not retried forever.
        let stale = CountingAuth()
        stale.generation = 5
        let refused = try await retrying(recorder).send(HTTPRequest(url: base + "/private"), auth: stale)
        XCTAssertEqual(refused.status, 401)
        XCTAssertEqual(stale.invalidations, 1)
    }

    func testProxyComesFromTheEnvironment() async throws {
        // A proxy receives the absolute URL in its request line.
        try serve { req in HTTPResponse(status: 200, body: Array("via proxy: \(req.target)".utf8)) }
        setenv("http_proxy", base, 1)
        defer { unsetenv("http_proxy") }
        let response = try await HTTPClient().send(HTTPRequest(url: "http://erp.example.invalid/ido/load/SLVendors"))
        XCTAssertEqual(response.text, "via proxy: http://erp.example.invalid/ido/load/SLVendors")
    }

    func testTLSIsVerifiedByDefaultAndABadCABundleIsReported() async throws {
        XCTAssertTrue(HTTPClientConfiguration().verifyTLS)
        try serve { _ in HTTPResponse(status: 200) }
        let https = "https://127.0.0.1:\(server.port)/"
        do {
            _ = try await HTTPClient().send(HTTPRequest(url: https))
            XCTFail("a plain HTTP server cannot pass a TLS handshake")
        } catch let e as MLCError {
            XCTAssertEqual(e.code, .network)
            XCTAssertTrue(e.message.contains("TLS") || e.message.contains("SSL"), e.message)
        }
        var configuration = HTTPClientConfiguration()
        configuration.caBundle = "/nonexistent/ca.pem"
        do {
            _ = try await HTTPClient(configuration: configuration).send(HTTPRequest(url: https))
            XCTFail("expected an error")
        } catch let e as MLCError {
            XCTAssertFalse(e.retryable, "a TLS setup problem is not retried: \(e.message)")
        }
    }

    func testRateLimiterIsSharedByConcurrentUsers() async throws {
        let limiter = RateLimiter(requestsPerMinute: 600, burst: 1)  // 10 per second
        let started = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<3 {
                group.addTask { for _ in 0..<4 { await limiter.acquire() } }
            }
        }
        let elapsed = ContinuousClock.now - started
        // 12 tokens at 10/s with a burst of 1: the 12th is available after 1.1 s.
        XCTAssertGreaterThanOrEqual(elapsed, .milliseconds(1050))
        XCTAssertLessThan(elapsed, .milliseconds(2000))
        let acquired = await limiter.acquired
        XCTAssertEqual(acquired, 12)
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
