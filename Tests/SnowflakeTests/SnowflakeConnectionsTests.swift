import Foundation
import MLCCore
import MLCCrypto
import MLCTestKit
import XCTest

@testable import Snowflake

/// `"connection": "NAME"`: Snowflake's connections.toml / config.toml with Snowflake's precedence, then a
/// real sync through a connection into the Snowflake test server.
final class SnowflakeConnectionsTests: XCTestCase {
    var home: String!

    override func setUp() {
        home = NSTemporaryDirectory() + "mlc-sfhome-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(atPath: home) }

    func write(_ file: String, _ text: String) throws {
        try text.write(toFile: home + "/" + file, atomically: true, encoding: .utf8)
    }

    func expand(_ sink: String, _ environment: [String: String] = [:]) throws -> (JSON, [ManifestIssue]) {
        SnowflakeConnections.expand(
            try JSONParser.parse(sink), at: "$.sink",
            environment: environment.merging(["SNOWFLAKE_HOME": home]) { a, _ in a })
    }

    func testConnectionsTomlWinsOverConfigTomlAndVariablesAndTheManifestOverBoth() throws {
        try write(
            "config.toml",
            """
            default_connection_name = "loader"
            [connections.loader]
            account = "from-config"
            user = "CONFIG_USER"
            private_key_file = "/keys/config.p8"
            """)
        // Only config.toml: its [connections.loader].
        var (sink, issues) = try expand(
            #"{"type": "snowflake", "connection": "loader", "database": "FINANCE", "schema": "RAW"}"#)
        XCTAssertEqual(issues, [])
        XCTAssertEqual(sink["account"], .string("from-config"))
        XCTAssertNil(sink["connection"], "the reference is replaced by what it names")

        try write(
            "connections.toml",
            """
            [loader]
            account = "myorg-acme"
            user = "MLC_LOADER"
            private_key_file = "/keys/rsa_key.p8"
            database = "FINANCE"
            schema = "INFOR"
            warehouse = "LOAD_WH"
            role = "MLC_LOADER"
            """)
        (sink, issues) = try expand(
            #"{"type": "snowflake", "connection": "loader", "schema": "RAW_TEST"}"#,
            ["SNOWFLAKE_CONNECTIONS_LOADER_WAREHOUSE": "BIG_WH", "SNOWFLAKE_CONNECTIONS_LOADER_SCHEMA": "ENV_SCHEMA"])
        XCTAssertEqual(issues, [])
        XCTAssertEqual(sink["account"], .string("myorg-acme"), "connections.toml wins over config.toml")
        XCTAssertEqual(sink["user"], .string("MLC_LOADER"))
        XCTAssertEqual(sink["warehouse"], .string("BIG_WH"), "a SNOWFLAKE_CONNECTIONS_ variable wins over the file")
        XCTAssertEqual(sink["schema"], .string("RAW_TEST"), "the manifest wins over everything")
        XCTAssertEqual(sink["auth"]?["type"], .string("keypair"))
        XCTAssertEqual(sink["auth"]?["privateKey"], .object([JSONMember("file", "/keys/rsa_key.p8")]))
        XCTAssertNil(sink["auth"]?["passphrase"])

        (sink, _) = try expand(#"{"type": "snowflake", "connection": "loader"}"#, ["PRIVATE_KEY_PASSPHRASE": "x"])
        XCTAssertEqual(sink["auth"]?["passphrase"], .object([JSONMember("env", "PRIVATE_KEY_PASSPHRASE")]))
    }

    func testATokenInTheFileIsReferredToNeverCopiedAndAMissingConnectionIsNamed() throws {
        let token = "pat-secret-value-xyzzy"
        try write(
            "connections.toml",
            """
            [pat_conn]
            account = "myorg-acme"
            user = "MLC_LOADER"
            authenticator = "PROGRAMMATIC_ACCESS_TOKEN"
            token = "\(token)"
            [other]
            account = "x"
            """)
        let (sink, issues) = try expand(#"{"type": "snowflake", "connection": "pat_conn"}"#)
        XCTAssertEqual(issues, [])
        XCTAssertEqual(sink["auth"]?["type"], .string("pat"))
        XCTAssertFalse(sink.serialized().contains(token), "the token is referred to, not copied into the manifest")
        let variable = try XCTUnwrap(sink["auth"]?["token"]?["env"]?.stringValue)
        XCTAssertEqual(ProcessInfo.processInfo.environment[variable], token)

        let (_, missing) = try expand(#"{"type": "snowflake", "connection": "nope"}"#)
        XCTAssertEqual(missing.map(\.path), ["$.sink.connection"])
        XCTAssertTrue(missing[0].message.contains(#"no Snowflake connection "nope""#), missing[0].message)
        XCTAssertEqual(missing[0].hint, "connections there: other, pat_conn")
        let (_, keyless) = try expand(#"{"type": "snowflake", "connection": "other"}"#)
        XCTAssertTrue(keyless[0].message.contains("has no private_key_file"), keyless[0].message)
        try write("connections.toml", "[broken\naccount = ")
        let (_, broken) = try expand(#"{"type": "snowflake", "connection": "x"}"#)
        XCTAssertTrue(broken[0].message.contains("is not valid TOML"), broken[0].message)
    }

    func testASyncThroughAConnectionLoadsTheTestServer() async throws {
        let server = try await SnowflakeTestServer(engine: SnowflakeTestServer.Engine.allCases[0])
        let key = try RSAPrivateKey(pem: Array(FileManager.default.contents(atPath: server.keyPath)!))
        let admin = SnowflakeSQLClient(
            baseURL: server.baseURL,
            auth: SnowflakeKeyPairAuth(account: try SnowflakeAccount("acme"), user: "mlc_loader", key: key),
            context: SnowflakeContext(database: "FINANCE", schema: "RAW", warehouse: nil, role: nil))
        _ = try await admin.execute("CREATE DATABASE IF NOT EXISTS FINANCE")
        _ = try await admin.execute("CREATE SCHEMA IF NOT EXISTS FINANCE.RAW")
        let url = try XCTUnwrap(URL(string: server.baseURL))
        try write(
            "connections.toml",
            """
            [acme_loader]
            account = "acme"
            user = "mlc_loader"
            private_key_file = "\(server.encryptedKeyPath)"
            database = "FINANCE"
            schema = "RAW"
            warehouse = "LOAD_WH"
            role = "MLC_LOADER"
            host = "\(url.host!)"
            port = \(url.port!)
            protocol = "\(url.scheme!)"
            """)
        let m = server.dir + "/conn.json"
        try """
        {"version": 1, "name": "conn",
         "source": {"type": "synthetic", "seed": 3, "size": {"suppliers": 40}, "entities": ["suppliers"]},
         "sink": {"type": "snowflake", "connection": "acme_loader", "maxAttempts": 2}}
        """.write(toFile: m, atomically: true, encoding: .utf8)
        let environment = ["SNOWFLAKE_HOME": home!, "PRIVATE_KEY_PASSPHRASE": SnowflakeTestServer.passphrase]
        let validated = try MLCProcess.run(["validate", m], environment: environment)
        XCTAssertEqual(validated.status, 0, validated.stderr)
        let run = try MLCProcess.run(["run", m, "--log-format", "json"], environment: environment)
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertEqual(
            try JSONParser.parse(run.stdout)["entities"]?.arrayValue?.first?["written"], .number("40"), run.stdout)
        XCTAssertFalse((run.stdout + run.stderr).contains(SnowflakeTestServer.passphrase))
    }
}
