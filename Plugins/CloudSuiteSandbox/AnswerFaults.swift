import Foundation
import MLCCore
import MLCHTTP

/// Load answers corrupted on purpose, so the tests can show what mlc does with what a real gateway, proxy or
/// tenant sometimes sends: paging members of the wrong kind, bytes that are not UTF-8, bodies cut short,
/// a proxy's HTML error page. Armed per IDO and load call (`POST /admin/corrupt`); each fires once.
final class AnswerFaults: @unchecked Sendable {
    enum Kind: String, CaseIterable, Sendable {
        /// `"MoreRowsExist": "maybe"`
        case moreRowsNotBoolean
        /// `"MoreRowsExist": true` with `"Bookmark": null`
        case moreRowsWithoutBookmark
        /// The first item's first text value carries the bytes FF FE.
        case invalidUTF8
        /// The body cut in the middle.
        case truncated
        /// HTTP 200 with a proxy's HTML error page.
        case html
        /// A valid answer padded with 3 MB of whitespace-free filler in an extra member.
        case huge
        /// The answer, three seconds late.
        case slow
    }

    private let lock = NSLock()
    /// IDO (lower-cased) → (load call number, fault) still to fire.
    private var armed: [String: [(call: Int, kind: Kind)]] = [:]
    private var calls: [String: Int] = [:]

    /// The `call`-th load of `ido` from now (1 = the next one) gets `kind`.
    func arm(ido: String, kind: Kind, call: Int) {
        lock.withLock {
            let name = ido.lowercased()
            armed[name, default: []].append((call + (calls[name] ?? 0), kind))
        }
    }

    /// The answer for this load call, corrupted when a fault is armed for it.
    func apply(ido: String, to response: HTTPResponse) -> HTTPResponse {
        let kind: Kind? = lock.withLock {
            let name = ido.lowercased()
            let call = (calls[name] ?? 0) + 1
            calls[name] = call
            guard let i = armed[name]?.firstIndex(where: { $0.call == call }) else { return nil }
            return armed[name]!.remove(at: i).kind
        }
        guard let kind else { return response }
        var out = response
        let text = String(decoding: response.body, as: UTF8.self)
        switch kind {
        case .moreRowsNotBoolean:
            out.body = Array(
                text.replacingOccurrences(of: #""MoreRowsExist":false"#, with: #""MoreRowsExist":"maybe""#)
                    .replacingOccurrences(of: #""MoreRowsExist":true"#, with: #""MoreRowsExist":"maybe""#).utf8)
        case .moreRowsWithoutBookmark:
            let unbooked = text.replacingOccurrences(
                of: #""Bookmark":"[^"]*""#, with: #""Bookmark":null"#, options: .regularExpression)
            out.body = Array(
                unbooked.replacingOccurrences(of: #""MoreRowsExist":false"#, with: #""MoreRowsExist":true"#).utf8)
        case .invalidUTF8:
            // Inside the first string value after the first item's opening brace.
            guard let items = text.range(of: #""Items":[{""#),
                let colon = text.range(of: #"":""#, range: items.upperBound..<text.endIndex)
            else { break }
            let at = text.utf8.distance(from: text.utf8.startIndex, to: colon.upperBound)
            out.body = Array(response.body[..<at]) + [0xFF, 0xFE] + Array(response.body[at...])
        case .truncated:
            out.body = Array(response.body.prefix(response.body.count / 2))
        case .huge:
            let padding =
                Array(#"{"Padding":""#.utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 3 << 20)
                + Array(#"","#.utf8)
            out.body = padding + response.body.dropFirst()
        case .slow:
            Thread.sleep(forTimeInterval: 3)
        case .html:
            out.headers = [("Content-Type", "text/html")]
            out.body = Array(
                "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>".utf8)
        }
        return out
    }
}
