import CloudSuite
import MLCCore

/// One IDO load response, read without re-serialising anything: each item comes with its own text. Items come
/// as objects (REST v2, Swagger), as lists of `{"Name", "Value"}` pairs (Infor's own load example) or as lists of
/// values in the order of the requested properties (REST v1): the reference leaves open which a tenant sends.
/// `MoreRowsExist` may be absent: the pager then goes on after a full page.
enum IDOLoadAnswer {
    static func page(_ body: [UInt8], properties: [String] = []) throws -> IONPage {
        var page = IONPage()
        var success = true
        var message: String?
        for member in try JSONParser.memberRanges(body) {
            switch String(decoding: body[member.key], as: UTF8.self) {
            case "Items":
                page.items = try IONItem.items(body, array: member.range).map { named($0, properties: properties) }
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

    /// An item in object form: a list of pairs or of values becomes the object it stands for, and that object is
    /// its `_raw` (transforms that mask or drop a property find it there by name).
    static func named(_ item: IONItem, properties: [String]) -> IONItem {
        guard case .array(let elements) = item.json else { return item }
        var members: [JSONMember] = []
        if !elements.isEmpty, elements.allSatisfy({ $0["Name"]?.stringValue != nil }) {
            members = elements.map { JSONMember($0["Name"]!.stringValue!, $0["Value"] ?? .null) }
        } else if !elements.isEmpty, elements.count >= properties.count,
            elements.allSatisfy({ $0.objectValue == nil && $0.arrayValue == nil })
        {
            // Values beyond the requested ones (Infor's v1 example lists three for two properties) are kept by
            // position, so `_raw` still holds everything the product sent.
            members = elements.enumerated().map { i, value in
                JSONMember(i < properties.count ? properties[i] : "_value\(i + 1)", value)
            }
        } else {
            var refused = item
            refused.problem =
                "the item is a list of \(elements.count) value(s) for \(properties.count) requested properties: "
                + "they cannot be named"
            return refused
        }
        let object = JSON.object(members)
        return IONItem(json: object, raw: object.serialized(), validUTF8: item.validUTF8, problem: item.problem)
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
