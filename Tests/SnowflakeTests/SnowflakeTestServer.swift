import Foundation
import XCTest
import MLCCore
import MLCHTTP

/// snowduck (the SQL API on DuckDB with Snowflake's dialect) behind Tests/snowflake-test-server/fault_layer.py,
/// both real processes on loopback, with a fresh RSA key pair registered for ACME.MLC_LOADER.
final class SnowflakeTestServer {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let venv = ProcessInfo.processInfo.environment["MLC_SNOWFLAKE_VENV"] ?? repository + "/.build/snowflake-venv"
    static let pat = "pat-test-token-\(UUID().uuidString.prefix(8))"

    let dir: String
    let port: UInt16
    private var processes: [Process] = []
    var baseURL: String { "http://127.0.0.1:\(port)" }
    var keyPath: String { dir + "/key.p8" }
    var encryptedKeyPath: String { dir + "/enc.p8" }
    static let passphrase = "correct horse battery"

    init() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.venv + "/bin/snowduck") else {
            throw MLCError(.configuration, "the Snowflake test server is not installed in \(Self.venv)",
                           hint: "run the README's test command (bash .ci/test), which creates it from Tests/snowflake-test-server/requirements.txt")
        }
        dir = NSTemporaryDirectory() + "mlc-sf-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Self.run("/usr/bin/openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", dir + "/key.p8"])
        try Self.run("/usr/bin/openssl", ["pkey", "-in", dir + "/key.p8", "-pubout", "-out", dir + "/key.pub"])
        try Self.run("/usr/bin/openssl", ["pkcs8", "-topk8", "-in", dir + "/key.p8", "-out", dir + "/enc.p8", "-v2", "aes-256-cbc", "-passout", "pass:\(Self.passphrase)"])
        let upstream = try Self.freePort()
        port = try Self.freePort()
        processes.append(try Self.start(Self.venv + "/bin/snowduck", ["--port", String(upstream)], log: dir + "/snowduck.log"))
        processes.append(try Self.start(Self.venv + "/bin/python", [Self.repository + "/Tests/snowflake-test-server/fault_layer.py", "--port", String(port),
                                                               "--upstream", "http://127.0.0.1:\(upstream)", "--public-key", dir + "/key.pub",
                                                               "--account", "ACME", "--user", "MLC_LOADER", "--pat", Self.pat,
                                                               "--warehouses", "LOAD_WH"], log: dir + "/layer.log"))
        try waitUntilReady(upstream: upstream)
    }

    deinit {
        for p in processes where p.isRunning { p.terminate(); p.waitUntilExit() }
        try? FileManager.default.removeItem(atPath: dir)
    }

    private func waitUntilReady(upstream: UInt16) throws {
        let deadline = Date().addingTimeInterval(60)
        let client = HTTPClient()
        for url in ["http://127.0.0.1:\(upstream)/api/v2/query-history", baseURL + "/_log"] {
            while true {
                let done = DispatchSemaphore(value: 0)
                final class Box: @unchecked Sendable { var ok = false }
                let box = Box()
                Task { box.ok = (try? await client.send(HTTPRequest(url: url))) != nil; done.signal() }
                done.wait()
                if box.ok { break }
                guard Date() < deadline, processes.allSatisfy(\.isRunning) else {
                    let logs = (try? String(contentsOfFile: dir + "/snowduck.log", encoding: .utf8)) ?? ""
                    throw MLCError(.internalError, "the Snowflake test server did not start: \(logs.suffix(2000))")
                }
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
    }

    func control(_ path: String, _ body: JSON = [:]) async throws -> JSON {
        let response = try await HTTPClient().send(HTTPRequest(method: path == "/_log" ? "GET" : "POST", url: baseURL + path,
                                                              body: path == "/_log" ? nil : Array(body.serialized().utf8)))
        return try JSONParser.parse(response.body)
    }

    static func run(_ tool: String, _ arguments: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw MLCError(.internalError, "\(tool) \(arguments.first ?? "") failed") }
    }

    static func start(_ tool: String, _ arguments: [String], log: String) throws -> Process {
        FileManager.default.createFile(atPath: log, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        let handle = FileHandle(forWritingAtPath: log)
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        return p
    }

    static func freePort() throws -> UInt16 {
        let probe = HTTPServer { _ in HTTPResponse(status: 200) }
        try probe.start()
        let port = probe.port
        probe.stop()
        return port
    }
}
