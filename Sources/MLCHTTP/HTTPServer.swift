import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A request as the embedded server saw it.
public struct ServerRequest: Sendable {
    public var method: String
    /// Path and query as sent, e.g. `/ido/load/SLVendors?filter=…`.
    public var target: String
    public var headers: [(String, String)]
    public var body: [UInt8]
    /// Which accepted connection carried it (tests use it to see keep-alive at work).
    public var connectionID: Int

    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.last { $0.0 == lower }?.1
    }

    public var path: String {
        String(target.prefix { $0 != "?" }).removingPercentEncoding ?? String(target.prefix { $0 != "?" })
    }

    /// Query parameters, percent-decoded ('+' as space, as in forms).
    public var query: [String: String] {
        Self.decodeForm(target.firstIndex(of: "?").map { String(target[target.index(after: $0)...]) } ?? "")
    }

    public static func decodeForm(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            out[decode(kv[0])] = kv.count > 1 ? decode(kv[1]) : ""
        }
        return out
    }
}

/// A small HTTP/1.1 server on POSIX sockets (thread per connection, keep-alive), for the CloudSuite
/// sandbox and for tests that need a real peer on loopback.
public final class HTTPServer: @unchecked Sendable {
    public typealias Handler = @Sendable (ServerRequest) -> HTTPResponse

    private let handler: Handler
    private let host: String
    private var listener: Int32 = -1
    public private(set) var port: UInt16
    private let lock = NSLock()
    private var connections: Set<Int32> = []
    private var stopped = false
    private var accepted = 0

    public init(host: String = "127.0.0.1", port: UInt16 = 0, handler: @escaping Handler) {
        self.host = host
        self.port = port
        self.handler = handler
    }

    /// Binds and starts accepting; `port` holds the bound port afterwards (0 picks a free one).
    public func start() throws {
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw ServerError("socket() failed: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(listener, 128) == 0 else {
            let reason = String(cString: strerror(errno))
            close(listener)
            throw ServerError("cannot listen on \(host):\(port): \(reason)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        let fd = listener
        Thread.detachNewThread { [self] in acceptLoop(fd) }
    }

    /// Idempotent. File descriptors are shut down and closed under the lock, so none is touched after
    /// the system has handed its number to another socket.
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for c in connections { shutdown(c, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop(_ fd: Int32) {
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            lock.lock()
            if stopped {
                lock.unlock()
                close(client)
                return
            }
            connections.insert(client)
            accepted += 1
            let id = accepted
            lock.unlock()
            var one: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            Thread.detachNewThread { [self] in
                serve(client, id: id)
                lock.lock()
                defer { lock.unlock() }
                connections.remove(client)
                close(client)
            }
        }
    }

    private func serve(_ fd: Int32, id: Int) {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            // Read the head.
            var headEnd: Int?
            while headEnd == nil {
                headEnd = find(buffer, [13, 10, 13, 10])
                if headEnd != nil { break }
                let n = read(fd, &chunk, chunk.count)
                if n <= 0 { return }
                buffer.append(contentsOf: chunk[0..<n])
                // Not HTTP (a TLS ClientHello starts with 0x16): hang up rather than wait for a header end.
                if let first = buffer.first, !(UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first) { return }
            }
            let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
            var lines = head.components(separatedBy: "\r\n")
            let requestLine = lines.removeFirst().split(separator: " ")
            guard requestLine.count >= 2 else { return }
            let headers: [(String, String)] = lines.compactMap { line in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (
                    line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                )
            }
            let length = Int(headers.last { $0.0 == "content-length" }?.1 ?? "0") ?? 0
            let bodyStart = headEnd! + 4
            while buffer.count < bodyStart + length {
                let n = read(fd, &chunk, chunk.count)
                if n <= 0 { return }
                buffer.append(contentsOf: chunk[0..<n])
            }
            let request = ServerRequest(
                method: String(requestLine[0]), target: String(requestLine[1]), headers: headers,
                body: Array(buffer[bodyStart..<(bodyStart + length)]), connectionID: id)
            buffer.removeFirst(bodyStart + length)
            let response = handler(request)
            let keepAlive =
                request.header("connection")?.lowercased() != "close"
                && response.header("connection")?.lowercased() != "close"
            var out = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
            for (name, value) in response.headers where name.lowercased() != "content-length" {
                out += "\(name): \(value)\r\n"
            }
            out += "Content-Length: \(response.body.count)\r\n"
            if response.header("connection") == nil { out += "Connection: \(keepAlive ? "keep-alive" : "close")\r\n" }
            out += "\r\n"
            guard writeAll(fd, Array(out.utf8) + response.body), keepAlive else { return }
        }
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    private func find(_ haystack: [UInt8], _ needle: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if Array(haystack[i..<(i + needle.count)]) == needle { return i }
        }
        return nil
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 202: return "Accepted"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 404: return "Not Found"
        case 422: return "Unprocessable Entity"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }
}

public struct ServerError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
