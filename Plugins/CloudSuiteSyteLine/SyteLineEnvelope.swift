import CloudSuite
import MLCCore

/// One IDO load response, read without re-serialising anything: each item comes with its own text.
enum IDOLoadAnswer {
    static func page(_ body: [UInt8]) throws -> IONPage {
        var page = IONPage(more: false)
        var success = true
        var message: String?
        for member in try JSONParser.memberRanges(body) {
            switch String(decoding: body[member.key], as: UTF8.self) {
            case "Items": page.items = try IONItem.items(body, array: member.range)
            case "Bookmark": page.token = try JSONParser.parse(body, range: member.range).stringValue
            case "MoreRowsExist":
                page.more = try EnvelopeFlag.read(JSONParser.parse(body, range: member.range), name: "MoreRowsExist")
            case "Success": success = try JSONParser.parse(body, range: member.range).boolValue != false
            case "Message": message = try JSONParser.parse(body, range: member.range).stringValue
            default: continue
            }
        }
        if !success { page.refusal = message ?? "no message" }
        return page
    }
}

/// `GET /ido/info/{IDO}`: the properties this tenant's IDO has (its release and customisations decide).
enum IDOInfoAnswer {
    static func properties(_ body: [UInt8]) throws -> Result<[String], IONRefusal> {
        let json = try JSONParser.parse(body)
        guard json["Success"]?.boolValue != false else {
            return .failure(IONRefusal(json["Message"]?.stringValue ?? "no properties listed"))
        }
        // Entries are objects with a Name; a bare list of names is read too.
        return .success(
            (json["Properties"]?.arrayValue ?? []).compactMap { p in
                p.stringValue ?? p["Name"]?.stringValue ?? p["name"]?.stringValue ?? p["PropertyName"]?.stringValue
            })
    }
}
