import Foundation
import MLCCore
import MLCHTTP

/// The SQL API v2: every statement carries a `requestId`; 429/5xx/network errors resend the identical body
/// with the same `requestId` and `retry=true` (so a statement that already ran is not run twice); 202 is
/// polled by handle with backoff; 401 renews the credential once; 422 is a SQL error with its code,
/// sqlState, message and statement handle.
public final class SnowflakeSQLClient: @unchecked Sendable {
    let baseURL: String
    let auth: any Auth
    let context: SnowflakeContext
    let policy: RetryPolicy
    /// The one retry loop (429/5xx/network with back-off, one renewal on 401), shared with the ION client.
    let http: RetryingClient
    /// Replaced in tests to avoid real waiting (back-offs and polls).
    var sleep: @Sendable (Double) async -> Void {
        get { http.sleep }
        set { http.sleep = newValue }
    }
    /// Statements submitted (a resend of the same `requestId` is the same statement).
    public private(set) var statements = 0

    public init(
        baseURL: String, auth: any Auth, context: SnowflakeContext, http: HTTPClient = HTTPClient(),
        policy: RetryPolicy = RetryPolicy(maxAttempts: 6)
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.auth = auth
        self.context = context
        self.policy = policy
        self.http = RetryingClient(client: http, policy: policy)
    }

    /// The request body, exactly as it is sent (its size counts against the 1 MB statement budget).
    public func body(_ statement: String, bindings: [SnowflakeBinding], timeout: Int?) -> [UInt8] {
        var w = JSONWriter(
            capacity: statement.utf8.count + bindings.reduce(0) { $0 + ($1.value?.utf8.count ?? 0) } + 256)
        w.writeRaw("{\"statement\":")
        w.writeString(statement)
        for (name, value) in [
            ("database", context.database), ("schema", context.schema), ("warehouse", context.warehouse),
            ("role", context.role),
        ] {
            if let value {
                w.writeRaw(",\"\(name)\":")
                w.writeString(value)
            }
        }
        if let timeout { w.writeRaw(",\"timeout\":\(timeout)") }
        if !bindings.isEmpty {
            w.writeRaw(",\"bindings\":{")
            for (i, b) in bindings.enumerated() {
                if i > 0 { w.writeRaw(",") }
                w.writeRaw("\"\(i + 1)\":{\"type\":")
                w.writeString(b.type)
                w.writeRaw(",\"value\":")
                if let v = b.value { w.writeString(v) } else { w.writeRaw("null") }
                w.writeRaw("}")
            }
            w.writeRaw("}")
        }
        w.writeRaw(",\"resultSetMetaData\":{\"format\":\"jsonv2\"}}")
        return w.bytes
    }

    public func execute(
        _ statement: String, bindings: [SnowflakeBinding] = [], timeout: Int? = nil
    ) async throws -> StatementResult {
        let url = "\(baseURL)/api/v2/statements?requestId=\(UUID().uuidString.lowercased())"
        let summary = String(statement.prefix(80))
        let request = HTTPRequest(
            method: "POST", url: url, headers: headers, body: body(statement, bindings: bindings, timeout: timeout))
        statements += 1
        let response = try await send(request, statement: summary) { attempt in
            var resend = request
            if attempt > 1 { resend.url += "&retry=true" }
            return resend
        }
        switch response.status {
        case 200: return try await result(response)
        case 202: return try await poll(response, statement: summary)
        default: throw failure(response, statement: summary)
        }
    }

    let headers = [
        ("Content-Type", "application/json"), ("Accept", "application/json"), ("User-Agent", "mlc/\(mlcVersion)"),
    ]

    /// One call through the shared retry loop; past its budget Snowflake is unavailable and records are parked.
    private func send(
        _ request: HTTPRequest, statement: String, attempt: ((Int) -> HTTPRequest)? = nil
    ) async throws -> HTTPResponse {
        do {
            return try await http.send(request, auth: auth, attempt: attempt)
        } catch let e as MLCError where e.retryable {
            throw unavailable(e.message, statement: statement, status: e.context.httpStatus)
        }
    }

    /// Polls `statementStatusUrl` until the statement finishes.
    private func poll(_ accepted: HTTPResponse, statement: String) async throws -> StatementResult {
        guard let json = try? JSONParser.parse(accepted.body), let path = json["statementStatusUrl"]?.stringValue else {
            throw MLCError(.sinkFailed, "Snowflake answered 202 without a statementStatusUrl")
        }
        var delay = 0.05
        while true {
            await sleep(delay)
            delay = min(delay * 2, 2)
            let response = try await send(HTTPRequest(url: baseURL + path, headers: headers), statement: statement)
            switch response.status {
            case 200: return try await result(response)
            case 202: continue
            default: throw failure(response, statement: statement)
            }
        }
    }

    /// Decodes the rows of every partition (partitions after the first arrive gzip-compressed; libcurl inflates them).
    private func result(_ response: HTTPResponse) async throws -> StatementResult {
        guard let json = try? JSONParser.parse(response.body) else {
            throw MLCError(.sinkFailed, "Snowflake answered 200 with a body that is not JSON")
        }
        let handle = json["statementHandle"]?.stringValue ?? ""
        let rowType = json["resultSetMetaData"]?["rowType"]?.arrayValue ?? []
        let columns = rowType.compactMap { $0["name"]?.stringValue }
        let types = rowType.map { (type: $0["type"]?.stringValue ?? "text", scale: $0["scale"]?.intValue) }
        var rows = Self.rows(json["data"])
        let partitions = json["resultSetMetaData"]?["partitionInfo"]?.arrayValue?.count ?? 1
        if partitions > 1 {
            for partition in 1..<partitions {
                let page = try await send(
                    HTTPRequest(url: "\(baseURL)/api/v2/statements/\(handle)?partition=\(partition)", headers: headers),
                    statement: "partition \(partition)")
                guard page.status == 200, let data = try? JSONParser.parse(page.body) else {
                    throw failure(page, statement: "partition \(partition)")
                }
                rows += Self.rows(data["data"] ?? data)
            }
        }
        return StatementResult(handle: handle, columns: columns, types: types, rows: rows, stats: json["stats"])
    }

    static func rows(_ data: JSON?) -> [[String?]] {
        (data?.arrayValue ?? []).map { row in (row.arrayValue ?? []).map { $0.stringValue } }
    }

    private func unavailable(_ reason: String, statement: String, status: Int?) -> MLCError {
        MLCError(
            .sinkUnavailable, "Snowflake is not answering (\(reason), statement: \(statement))",
            hint: "records are parked for replay; `mlc replay` or the next run sends them", retryable: true,
            context: .init(httpStatus: status, url: baseURL + "/api/v2/statements"))
    }

    private func failure(_ response: HTTPResponse, statement: String) -> MLCError {
        let json = try? JSONParser.parse(response.body)
        let code = json?["code"]?.stringValue ?? "?"
        let state = json?["sqlState"]?.stringValue ?? "?"
        let handle = json?["statementHandle"]?.stringValue
        let message = json?["message"]?.stringValue ?? response.text
        let kind: MLCError.Code = response.status == 401 ? .auth : .sinkFailed
        return MLCError(
            kind,
            "Snowflake refused the statement (code \(code), sqlState \(state)\(handle.map { ", handle \($0)" } ?? "")): \(message)",
            hint: response.status == 401
                ? "check the user's RSA_PUBLIC_KEY_FP (DESCRIBE USER) against the key's fingerprint, or the access token"
                : "statement: \(statement)…",
            context: .init(httpStatus: response.status, url: baseURL + "/api/v2/statements"))
    }
}
