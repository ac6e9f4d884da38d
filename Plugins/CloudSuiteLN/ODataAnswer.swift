import CloudSuite
import MLCCore

/// One OData v4 answer (reference §2.1): the collection in `value`, `@odata.nextLink` when the service pages
/// itself, and an error object (`error.code`, `error.message`) — LN documents it in a 200 as well as in a
/// 4xx — as the product's refusal.
enum ODataAnswer {
    static func page(_ body: [UInt8]) throws -> IONPage {
        var page = IONPage()
        var sawValue = false
        for member in try JSONParser.memberRanges(body) {
            switch String(decoding: body[member.key], as: UTF8.self) {
            case "value":
                page.items = try IONItem.items(body, array: member.range)
                sawValue = true
            case "@odata.nextLink":
                let link = try JSONParser.parse(body, range: member.range)
                guard link == .null || link.stringValue != nil else {
                    throw EnvelopeFault("@odata.nextLink is \(link.serialized()), not a link")
                }
                page.token = link.stringValue
            case "error": page.refusal = message(try JSONParser.parse(body, range: member.range))
            default: continue
            }
        }
        if !sawValue && page.refusal == nil { throw EnvelopeFault("the answer has no \"value\" collection") }
        return page
    }

    /// `code: message` of an OData error object.
    static func message(_ error: JSON) -> String {
        let text = error["message"]?.stringValue ?? error["message"]?["value"]?.stringValue ?? error.serialized()
        return error["code"]?.stringValue.map { "\($0): \(text)" } ?? text
    }

    static func errorMessage(_ body: [UInt8]) -> String? {
        (try? JSONParser.parse(body))?["error"].map(message)
    }
}
