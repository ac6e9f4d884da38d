import MLCCore

/// One IDO load response, read without re-serialising anything: each item comes with its own text.
struct IDOPage {
    var items: [(item: JSON, raw: String)] = []
    var bookmark: String?
    var moreRowsExist = false
    var success = true
    var message: String?

    init(_ body: [UInt8]) throws {
        for member in try JSONParser.memberRanges(body) {
            switch String(decoding: body[member.key], as: UTF8.self) {
            case "Items":
                if body[member.range.lowerBound] == UInt8(ascii: "n") { continue }  // "Items": null
                items = try JSONParser.elementRanges(body, array: member.range).map { range in
                    (try JSONParser.parse(body, range: range), String(decoding: body[range], as: UTF8.self))
                }
            case "Bookmark": bookmark = try JSONParser.parse(body, range: member.range).stringValue
            case "MoreRowsExist": moreRowsExist = try JSONParser.parse(body, range: member.range).boolValue == true
            case "Success": success = try JSONParser.parse(body, range: member.range).boolValue != false
            case "Message": message = try JSONParser.parse(body, range: member.range).stringValue
            default: continue
            }
        }
    }
}

/// `GET /ido/info/{IDO}`: the properties this tenant's IDO has (its release and customisations decide).
struct IDOInfo {
    var properties: [String] = []
    var success = true
    var message: String?

    init(properties: [String]) { self.properties = properties }

    init(_ body: [UInt8]) throws {
        let json = try JSONParser.parse(body)
        success = json["Success"]?.boolValue != false
        message = json["Message"]?.stringValue
        // Entries are objects with a Name; a bare list of names is read too.
        properties = (json["Properties"]?.arrayValue ?? []).compactMap { p in
            p.stringValue ?? p["Name"]?.stringValue ?? p["name"]?.stringValue ?? p["PropertyName"]?.stringValue
        }
    }

    /// The tenant's spelling of a property (IDO property names are matched case-insensitively).
    func spelling(of name: String) -> String? {
        properties.first { $0 == name } ?? properties.first { $0.lowercased() == name.lowercased() }
    }
}
