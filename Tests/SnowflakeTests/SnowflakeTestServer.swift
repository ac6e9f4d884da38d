import Foundation
import MLCCore
import MLCHTTP
import XCTest

/// A Snowflake-dialect engine serving the SQL API behind Tests/snowflake-test-server/fault_layer.py, both real
/// processes on loopback, with a fresh RSA key pair registered for ACME.MLC_LOADER. Two independent engines:
/// snowduck (its own SQL API) and fakesnow (through fakesnow_api.py); mlc's statements run on both as sent.
final class SnowflakeTestServer {
    enum Engine: String, CaseIterable {
        case snowduck, fakesnow
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let venv = ProcessInfo.processInfo.environment["MLC_SNOWFLAKE_VENV"] ?? repository + "/.build/snowflake-venv"
    /// fakesnow needs its own venv: it pins a DuckDB and a connector that snowduck's cannot share.
    static let fakesnowVenv =
        ProcessInfo.processInfo.environment["MLC_FAKESNOW_VENV"] ?? repository + "/.build/fakesnow-venv"
    static let pat = "pat-test-token-\(UUID().uuidString.prefix(8))"

    let engine: Engine
    let dir: String
    let port: UInt16
    private var processes: [Process] = []
    var baseURL: String { "http://127.0.0.1:\(port)" }
    var keyPath: String { dir + "/key.p8" }
    var encryptedKeyPath: String { dir + "/enc.p8" }
    static let passphrase = "correct horse battery"

    init(engine: Engine = .snowduck) async throws {
        self.engine = engine
        let installed = [Self.venv + "/bin/snowduck", Self.fakesnowVenv + "/bin/python"]
        guard installed.allSatisfy(FileManager.default.isExecutableFile(atPath:)) else {
            throw MLCError(
                .configuration, "the Snowflake test servers are not installed in \(Self.venv) and \(Self.fakesnowVenv)",
                hint:
                    "run the README's test command (bash .ci/test), which creates them from Tests/snowflake-test-server/"
            )
        }
        dir = NSTemporaryDirectory() + "mlc-sf-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Self.run(
            "/usr/bin/openssl",
            ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", dir + "/key.p8"])
        try Self.run("/usr/bin/openssl", ["pkey", "-in", dir + "/key.p8", "-pubout", "-out", dir + "/key.pub"])
        try Self.run(
            "/usr/bin/openssl",
            [
                "pkcs8", "-topk8", "-in", dir + "/key.p8", "-out", dir + "/enc.p8", "-v2", "aes-256-cbc", "-passout",
                "pass:\(Self.passphrase)",
            ])
        let upstream = try Self.freePort()
        port = try Self.freePort()
        switch engine {
        case .snowduck:
            processes.append(
                try Self.start(Self.venv + "/bin/snowduck", ["--port", String(upstream)], log: dir + "/engine.log"))
        case .fakesnow:
            processes.append(
                try Self.start(
                    Self.fakesnowVenv + "/bin/python",
                    [
                        Self.repository + "/Tests/snowflake-test-server/fakesnow_api.py",
                        "--port", String(upstream),
                    ], log: dir + "/engine.log"))
        }
        processes.append(
            try Self.start(
                Self.venv + "/bin/python",
                [
                    Self.repository + "/Tests/snowflake-test-server/fault_layer.py", "--port", String(port),
                    "--upstream", "http://127.0.0.1:\(upstream)", "--public-key", dir + "/key.pub",
                    "--account", "ACME", "--user", "MLC_LOADER", "--pat", Self.pat,
                    "--warehouses", "LOAD_WH",
                ], log: dir + "/layer.log"))
        try await waitUntilReady(
            upstream: upstream, health: engine == .snowduck ? "/api/v2/query-history" : "/api/v2/health")
    }

    deinit {
        // SIGKILL: a child started from a concurrency-pool thread inherits its blocked SIGTERM. Nothing to flush.
        for p in processes where p.isRunning {
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: dir)
    }

    private func waitUntilReady(upstream: UInt16, health: String) async throws {
        let deadline = Date().addingTimeInterval(60)
        let client = HTTPClient()
        for url in ["http://127.0.0.1:\(upstream)" + health, baseURL + "/_log"] {
            while (try? await client.send(HTTPRequest(url: url))) == nil {
                guard Date() < deadline, processes.allSatisfy(\.isRunning) else {
                    let logs = (try? String(contentsOfFile: dir + "/engine.log", encoding: .utf8)) ?? ""
                    throw MLCError(
                        .internalError, "the Snowflake test server (\(engine)) did not start: \(logs.suffix(2000))")
                }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    func control(_ path: String, _ body: JSON = [:]) async throws -> JSON {
        let response = try await HTTPClient().send(
            HTTPRequest(
                method: path == "/_log" ? "GET" : "POST", url: baseURL + path,
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
        guard p.terminationStatus == 0 else {
            throw MLCError(.internalError, "\(tool) \(arguments.first ?? "") failed")
        }
    }

    static func start(_ tool: String, _ arguments: [String], log: String) throws -> Process {
        _ = FileManager.default.createFile(atPath: log, contents: nil)
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
