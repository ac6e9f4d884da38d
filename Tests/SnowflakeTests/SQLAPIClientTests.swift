import Foundation
import MLCCore
import MLCCrypto
import MLCHTTP
import XCTest

@testable import Snowflake

final class SQLAPIClientTests: XCTestCase {
    var server: SnowflakeTestServer!

    override func setUp() async throws { server = try await SnowflakeTestServer() }
    override func tearDown() { server = nil }

    func client(key: String? = nil, passphrase: String? = nil, auth: (any Auth)? = nil) throws -> SnowflakeSQLClient {
        let pem = Array(FileManager.default.contents(atPath: key ?? server.keyPath)!)
        let resolved =
            try auth
            ?? SnowflakeKeyPairAuth(
                account: SnowflakeAccount("acme"), user: "mlc_loader",
                key: RSAPrivateKey(pem: pem, passphrase: passphrase.map { Array($0.utf8) }))
        let c = SnowflakeSQLClient(
            baseURL: server.baseURL, auth: resolved,
            context: SnowflakeContext(database: "FINANCE", schema: "RAW", warehouse: "LOAD_WH", role: "MLC"))
        c.sleep = { _ in }
        return c
    }

    func prepare(_ c: SnowflakeSQLClient) async throws {
        _ = try await c.execute("CREATE DATABASE IF NOT EXISTS FINANCE")
        _ = try await c.execute("CREATE SCHEMA IF NOT EXISTS FINANCE.RAW")
        _ = try await c.execute("CREATE OR REPLACE TABLE T (ID VARCHAR, NAME VARCHAR)")
    }

    func testStatementsRunAndSQLErrorsCarryCodeStateAndHandle() async throws {
        let c = try client()
        try await prepare(c)
        _ = try await c.execute("INSERT INTO T VALUES (?, ?)", bindings: [.text("1"), .text("Müller GmbH")])
        let rows = try await c.execute("SELECT ID, NAME FROM T")
        XCTAssertEqual(rows.columns, ["ID", "NAME"])
        XCTAssertEqual(rows.rows, [["1", "Müller GmbH"]])
        do {
            _ = try await c.execute("SELECT NOPE FROM T")
            XCTFail("expected a SQL error")
        } catch let e as MLCError {
            XCTAssertEqual(e.context.httpStatus, 422)
            XCTAssertTrue(e.message.contains("sqlState 42"), e.message)
            XCTAssertTrue(e.message.contains("handle "), e.message)
            XCTAssertTrue(e.hint!.contains("SELECT NOPE FROM T"))
        }
        let log = try await server.control("/_log")
        let first = log["requests"]!.arrayValue!.first!
        XCTAssertEqual(first["tokenType"], .string("KEYPAIR_JWT"))
        XCTAssertEqual(first["userAgent"], .string("mlc/\(mlcVersion)"))
        XCTAssertEqual(log["rejected"], .array([]), "the layer verified every JWT")
    }

    func testRetriesReuseTheRequestIdAndNeverRunAStatementTwice() async throws {
        let c = try client()
        try await prepare(c)
        _ = try await server.control("/_reset")
        // 429 and 503 before execution, then an execution whose answer is lost.
        _ = try await server.control("/_faults", ["status429": 1, "status503": 1, "lose": 1])
        _ = try await c.execute("INSERT INTO T VALUES ('7', 'once')")
        let log = try await server.control("/_log")
        let requests = log["requests"]!.arrayValue!
        XCTAssertEqual(
            Set(requests.compactMap { $0["requestId"]?.stringValue }).count, 1, "one requestId for every attempt")
        XCTAssertEqual(requests.map { $0["retry"] }, [.bool(false), .bool(true), .bool(true), .bool(true)])
        XCTAssertEqual(log["executions"], .number("1"))
        let count = try await c.execute("SELECT COUNT(*) FROM T WHERE ID = '7'")
        XCTAssertEqual(count.rows, [["1"]], "not doubled")
    }

    func testResultsAcrossGzipPartitionsAreDecodedInOrder() async throws {
        let c = try client()
        try await prepare(c)
        for i in 1...5 {
            _ = try await c.execute("INSERT INTO T VALUES (?, ?)", bindings: [.text(String(i)), .text("row \(i)")])
        }
        _ = try await server.control("/_faults", ["partitionRows": 2])
        let result = try await c.execute("SELECT ID, NAME FROM T ORDER BY ID")
        XCTAssertEqual(
            result.rows.map { $0[0] }, ["1", "2", "3", "4", "5"], "three partitions, the last two gzip-compressed")
        XCTAssertEqual(result.typedRows[4], [.string("5"), .string("row 5")])
    }

    func testSlowStatementsArePolledUntilDone() async throws {
        let c = try client()
        try await prepare(c)
        _ = try await server.control("/_faults", ["slow202": 3])
        let result = try await c.execute("SELECT 'late' AS A")
        XCTAssertEqual(result.rows, [["late"]])
    }

    func testA401RenewsTheTokenOnceAndAnEncryptedKeyWorks() async throws {
        let c = try client(key: server.encryptedKeyPath, passphrase: SnowflakeTestServer.passphrase)
        _ = try await server.control("/_faults", ["expire": 1])
        let result = try await c.execute("SELECT 1 AS ONE")
        XCTAssertEqual(result.rows, [["1"]])
        XCTAssertThrowsError(
            try RSAPrivateKey(
                pem: Array(FileManager.default.contents(atPath: server.encryptedKeyPath)!),
                passphrase: Array("wrong".utf8))
        ) {
            XCTAssertTrue("\($0)".contains("wrong passphrase"))
        }
    }

    func testProgrammaticAccessTokens() async throws {
        let good = try client(auth: SnowflakePATAuth(token: SnowflakeTestServer.pat))
        let two = try await good.execute("SELECT 2 AS TWO")
        XCTAssertEqual(two.rows, [["2"]])
        let bad = try client(auth: SnowflakePATAuth(token: "revoked"))
        do {
            _ = try await bad.execute("SELECT 2")
            XCTFail("expected 401")
        } catch let e as MLCError {
            XCTAssertEqual(e.code, .auth)
            XCTAssertEqual(e.context.httpStatus, 401)
            XCTAssertFalse(e.description.contains("revoked"), "the token is not echoed")
        }
        let log = try await server.control("/_log")
        XCTAssertTrue(log["requests"]!.arrayValue!.contains { $0["tokenType"] == .string("PROGRAMMATIC_ACCESS_TOKEN") })
    }

    func testSnowflakeDownPastTheBudgetIsARetryableUnavailableError() async throws {
        let c = try client()
        _ = try await server.control("/_faults", ["down": true])
        do {
            _ = try await c.execute("SELECT 1")
            XCTFail("expected unavailable")
        } catch let e as MLCError {
            XCTAssertEqual(e.code, .sinkUnavailable)
            XCTAssertTrue(e.retryable)
            XCTAssertTrue(e.message.contains("after 6 attempts"), e.message)
        }
    }
}
