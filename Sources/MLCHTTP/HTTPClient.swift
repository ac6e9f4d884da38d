import CCurl
import Foundation
import MLCCore

/// Transport settings. Proxies come from the environment (`https_proxy`, `http_proxy`, `no_proxy`),
/// which libcurl reads itself; TLS verification is on unless explicitly turned off.
public struct HTTPClientConfiguration: Sendable {
    public var connectTimeout: Double = 10
    public var totalTimeout: Double = 120
    public var caBundle: String?
    public var verifyTLS = true
    public var userAgent = "mlc/\(mlcVersion)"
    /// An answer larger than this is refused (a runaway body must not take the machine's memory).
    public var maxResponseBytes = 256 << 20

    public init() {}
}

/// One HTTP exchange per call on libcurl. Easy handles are pooled so connections are reused
/// (keep-alive); responses are decompressed (gzip/deflate) transparently.
public final class HTTPClient: @unchecked Sendable {
    public let configuration: HTTPClientConfiguration
    private let lock = NSLock()
    private var idle: [UnsafeMutableRawPointer] = []
    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration()) {
        _ = Self.globalInit
        self.configuration = configuration
    }

    deinit { for h in idle { curl_easy_cleanup(h) } }

    /// Sends one request, once. Transport failures throw `MLCError` (.timeout / .network, retryable).
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { [self] in
                continuation.resume(with: Result { try perform(request) })
            }
        }
    }

    private func checkout() -> UnsafeMutableRawPointer {
        lock.lock()
        defer { lock.unlock() }
        if let h = idle.popLast() { return h }
        return curl_easy_init()!
    }

    private func checkin(_ handle: UnsafeMutableRawPointer) {
        curl_easy_reset(handle)  // keeps the connection cache
        lock.lock()
        defer { lock.unlock() }
        idle.append(handle)
    }

    func perform(_ request: HTTPRequest) throws -> HTTPResponse {
        let handle = checkout()
        defer { checkin(handle) }
        let sink = ResponseSink()
        sink.limit = configuration.maxResponseBytes
        let box = Unmanaged.passRetained(sink)
        defer { box.release() }

        var headerList: UnsafeMutablePointer<curl_slist>?
        for (name, value) in request.headers { headerList = curl_slist_append(headerList, "\(name): \(value)") }
        if request.body != nil, !request.headers.contains(where: { $0.0.lowercased() == "expect" }) {
            headerList = curl_slist_append(headerList, "Expect:")  // no 100-continue round trip
        }
        defer { curl_slist_free_all(headerList) }

        mlc_curl_setopt_string(handle, CURLOPT_URL, request.url)
        mlc_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)
        mlc_curl_setopt_string(handle, CURLOPT_USERAGENT, configuration.userAgent)
        mlc_curl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")
        mlc_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(configuration.connectTimeout * 1000))
        mlc_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(configuration.totalTimeout * 1000))
        mlc_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        mlc_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, configuration.verifyTLS ? 1 : 0)
        mlc_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, configuration.verifyTLS ? 2 : 0)
        if let ca = configuration.caBundle { mlc_curl_setopt_string(handle, CURLOPT_CAINFO, ca) }
        mlc_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, box.toOpaque())
        mlc_curl_setopt_write(handle, CURLOPT_WRITEFUNCTION) { data, size, count, user in
            let sink = Unmanaged<ResponseSink>.fromOpaque(user!).takeUnretainedValue()
            guard sink.body.count + size * count <= sink.limit else {
                sink.tooLarge = true
                return 0  // libcurl stops the transfer
            }
            sink.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: size * count))
            return size * count
        }
        mlc_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, box.toOpaque())
        mlc_curl_setopt_write(handle, CURLOPT_HEADERFUNCTION) { data, size, count, user in
            let sink = Unmanaged<ResponseSink>.fromOpaque(user!).takeUnretainedValue()
            sink.header(line: String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self))
            return size * count
        }
        switch request.method {
        case "GET": break
        case "POST": mlc_curl_setopt_long(handle, CURLOPT_POST, 1)
        default: mlc_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
        }
        if let body = request.body {
            mlc_curl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            _ = body.withUnsafeBytes {
                mlc_curl_setopt_pointer(
                    handle, CURLOPT_COPYPOSTFIELDS,
                    UnsafeMutableRawPointer(mutating: $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!))
            }
        }

        let code = curl_easy_perform(handle)
        guard code == CURLE_OK else {
            let reason = String(cString: curl_easy_strerror(code))
            let context = MLCError.Context(url: request.redactedURL)
            if sink.tooLarge {
                throw MLCError(
                    .http, "the answer is larger than \(configuration.maxResponseBytes >> 20) MB and was refused",
                    hint: "ask for less per request (a smaller pageSize), or raise maxResponseMegabytes",
                    context: context)
            }
            switch code {
            case CURLE_OPERATION_TIMEDOUT:
                throw MLCError(
                    .timeout, "request timed out: \(reason)",
                    hint: "the server did not answer in time; it is retried with backoff",
                    retryable: true, context: context)
            case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CONNECT_ERROR:
                throw MLCError(
                    .network, "TLS failure: \(reason)",
                    hint: "check the server certificate, or set a CA bundle for a private CA",
                    retryable: false, context: context)
            default:
                throw MLCError(.network, "network error: \(reason)", retryable: true, context: context)
            }
        }
        var status = 0
        mlc_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: sink.headers, body: sink.body)
    }
}

/// Collects the body and the headers of the final response (earlier ones, e.g. 100-continue, are dropped).
final class ResponseSink {
    var body: [UInt8] = []
    var limit = Int.max
    var tooLarge = false
    var headers: [(String, String)] = []

    func header(line: String) {
        if line.hasPrefix("HTTP/") {
            headers.removeAll()
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        headers.append((name, value))
    }
}
