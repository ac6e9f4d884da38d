import CloudSuite
import MLCCore

/// The two answers Distribution gives (reference §4.1, §4.3). An SXAPI call answers
/// `{"response": {cErrorMessage, moreRecordsFlag | moreRecordsAvailable, "tXxx": {"t-xxx": [rows]}, …}}`; a
/// gateway refusal is a top-level `error` / `error_description`. A `FetchWhere` answer's shape is
/// **unconfirmed**: its rows are the array named `rowsName` (or, unnamed, the first array of objects, at the top
/// or under `response`, or the whole answer when it is an array), its restart id the member `restartName`
/// (matched in any case), its error any `cErrorMessage`/`ErrorMessage`/`error`.
enum SXAnswer {
    static let tablesNotRows: Set<String> = ["toutfieldvalue", "tinfieldvalue", "t-outfieldvalue", "t-infieldvalue"]

    static func list(_ body: [UInt8]) throws -> IONPage {
        var page = IONPage()
        let top = try JSONParser.memberRanges(body)
        guard let response = top.first(where: { name(body, $0.key) == "response" }) else {
            if let message = refusal(try JSONParser.parse(body)) { return IONPage(refusal: message) }
            throw EnvelopeFault("the answer has no \"response\" object")
        }
        for member in try JSONParser.memberRanges(body, object: response.range) {
            let key = name(body, member.key)
            switch key {
            case "cErrorMessage":
                let message = try JSONParser.parse(body, range: member.range)
                if let text = message.stringValue, !text.isBlank { page.refusal = text }
            case "moreRecordsFlag", "moreRecordsAvailable":
                page.more = try EnvelopeFlag.read(JSONParser.parse(body, range: member.range), name: key)
            default:
                guard !tablesNotRows.contains(key.lowercased()), body[member.range.lowerBound] == UInt8(ascii: "{")
                else { continue }
                for inner in try JSONParser.memberRanges(body, object: member.range)
                where name(body, inner.key).hasPrefix("t-") && body[inner.range.lowerBound] == UInt8(ascii: "[") {
                    page.items = try IONItem.items(body, array: inner.range)
                }
            }
        }
        // No row table and no error is an empty list: SXAPI may leave an empty table out.
        return page
    }

    static func fetchWhere(_ body: [UInt8], rowsName: String?, restartName: String) throws -> IONPage {
        guard let first = body.first(where: { $0 > 0x20 }) else { throw EnvelopeFault("the answer is empty") }
        if first == UInt8(ascii: "[") { return IONPage(items: try IONItem.items(body, array: 0..<body.count)) }
        var members = try JSONParser.memberRanges(body)
        if let wrapped = members.first(where: { name(body, $0.key) == "response" }),
            body[wrapped.range.lowerBound] == UInt8(ascii: "{")
        {
            members = try JSONParser.memberRanges(body, object: wrapped.range)
        }
        var page = IONPage()
        var rows: Range<Int>?
        for member in members {
            let key = name(body, member.key)
            let value = body[member.range.lowerBound]
            if key.lowercased() == restartName.lowercased() {
                let id = try JSONParser.parse(body, range: member.range)
                page.token = id.stringValue ?? (id == .null ? nil : id.serialized())
            } else if ["cerrormessage", "errormessage", "error"].contains(key.lowercased()) {
                let message = try JSONParser.parse(body, range: member.range)
                if let text = message.stringValue ?? message["message"]?.stringValue, !text.isBlank {
                    page.refusal = text
                }
            } else if value == UInt8(ascii: "["), rows == nil, rowsName.map({ $0 == key }) ?? true {
                rows = member.range
            }
        }
        if page.refusal != nil { return page }
        guard let rows else {
            throw EnvelopeFault(
                rowsName.map { "the answer has no \"\($0)\" row list" } ?? "the answer holds no list of rows")
        }
        page.items = try IONItem.items(body, array: rows)
        return page
    }

    static func name(_ body: [UInt8], _ key: Range<Int>) -> String { String(decoding: body[key], as: UTF8.self) }

    /// A gateway's `error` / `error_description`, or an SXAPI message outside a response.
    static func refusal(_ json: JSON) -> String? {
        let text =
            json["error_description"]?.stringValue ?? json["cErrorMessage"]?.stringValue ?? json["error"]?.stringValue
            ?? json["error"]?["message"]?.stringValue ?? json["message"]?.stringValue
        guard let text, !text.isBlank else { return nil }
        return text
    }

    static func errorMessage(_ body: [UInt8]) -> String? {
        guard let json = try? JSONParser.parse(body) else { return nil }
        return refusal(json["response"] ?? json) ?? refusal(json)
    }
}

extension String {
    /// Empty or spaces only: SXAPI's `cErrorMessage` when nothing went wrong.
    var isBlank: Bool { allSatisfy { $0 == " " } }
}
