import MLCCore
import MLCHTTP

/// The gateway call every product line makes, and the one reading of what went wrong: unreachable past the
/// retry budget (the run checkpoints, exit 3), 401 twice (the credentials), 404 (the tenant URL or the
/// deployment), the product's error envelope in a 4xx/5xx, and a body that is not the product's answer.
public struct IONClient {
    let settings: CloudSuiteSettings
    let line: any IONProductLine

    public init(settings: CloudSuiteSettings, line: any IONProductLine) {
        self.settings = settings
        self.line = line
    }

    /// GET `url` (or POST `body` as JSON, for products whose calls carry their arguments in the body); the body
    /// of a 200, or the error. `subject` names the resource in messages ("IDO SLVendors").
    public func get(
        _ url: String, body: [UInt8]? = nil, headers: [(String, String)], subject: String, entity: String,
        hint refusalHint: (String) -> String
    ) async throws -> [UInt8] {
        let bare = String(url.prefix { $0 != "?" })
        let response: HTTPResponse
        do {
            // A 5xx carrying the product's own error envelope is its answer, not an outage: not retried. A 502, 503
            // or 504 is the gateway's (a node restarting, a timeout), whatever its body looks like: retried.
            response = try await settings.http.send(
                HTTPRequest(
                    method: body == nil ? "GET" : "POST", url: url,
                    headers: [("Accept", "application/json")]
                        + (body == nil ? [] : [("Content-Type", "application/json")]) + headers, body: body),
                auth: settings.auth
            ) { [line, policy = settings.http.policy] answer in
                answer.status >= 500 && !(502...504).contains(answer.status) && line.errorMessage(answer.body) != nil
                    ? .final : policy.classify(answer)
            }
        } catch var e as MLCError {
            e.context.entity = entity
            guard e.retryable, e.code != .rateLimited else { throw e }
            throw MLCError(
                .sourceUnavailable, "the ION gateway could not be reached for \(subject): \(e.message)",
                hint:
                    "the run checkpointed and the next one resumes; check iu and pu in the .ionapi, the proxy variables "
                    + "(HTTPS_PROXY, NO_PROXY) and that the gateway's host name resolves (DNS)",
                retryable: true, context: e.context)
        }
        guard response.status == 200 else {
            let context = MLCError.Context(entity: entity, httpStatus: response.status, url: bare)
            if response.status != 401, response.status != 404, let message = line.errorMessage(response.body) {
                throw MLCError(
                    .sourceFailed, "\(subject) refused the request (HTTP \(response.status)): \(message)",
                    hint: refusalHint(message), context: context)
            }
            throw MLCError(
                response.status == 401 ? .auth : .sourceFailed,
                "the ION gateway answered HTTP \(response.status) for \(subject)"
                    + (Self.isHTML(response.body) ? ": " + Self.describe(response.body, nil) : ""),
                hint: response.status == 401
                    ? "the token was refused twice: check the authorized app and its service account"
                    : response.status == 404
                        ? "check the tenant URL (iu/ti) and that \(line.deployment) is deployed for this tenant" : nil,
                context: context)
        }
        return response.body
    }

    /// What a body that is not the product's answer looks like, without echoing it: HTML (with its title from a
    /// proxy's error page), empty, cut short, or the envelope fault.
    public static func describe(_ body: [UInt8], _ error: Error?) -> String {
        let text = String(decoding: body.prefix(4096), as: UTF8.self)
        if isHTML(body) {
            let title = text.range(of: "<title>", options: .caseInsensitive).flatMap { start in
                text.range(of: "</title>", options: .caseInsensitive, range: start.upperBound..<text.endIndex).map {
                    String(text[start.upperBound..<$0.lowerBound])
                }
            }
            return "an HTML page" + (title.map { " (\"\($0.prefix(80))\")" } ?? "") + ", \(body.count) bytes"
        }
        if body.isEmpty { return "an empty body" }
        if let fault = error as? EnvelopeFault { return fault.description }
        return "\(body.count) bytes of JSON that do not parse (\(error.map { "\($0)" } ?? "?")); "
            + "the answer may have been cut short"
    }

    static func isHTML(_ body: [UInt8]) -> Bool {
        body.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 } == UInt8(ascii: "<")
    }
}
