import MLCCore

/// An answer whose envelope cannot be trusted (paging members of the wrong kind): the entity stops.
struct EnvelopeFault: Error, CustomStringConvertible {
    var description: String
}

/// One IDO load response, read without re-serialising anything: each item comes with its own text.
struct IDOPage {
    /// `validUTF8` false: the item's bytes are not UTF-8, so its text cannot be stored faithfully (a value fault).
    var items: [(item: JSON, raw: String, validUTF8: Bool)] = []
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
                    let valid = String(validating: body[range], as: UTF8.self)
                    return (
                        try JSONParser.parse(body, range: range), valid ?? String(decoding: body[range], as: UTF8.self),
                        valid != nil
                    )
                }
            case "Bookmark": bookmark = try JSONParser.parse(body, range: member.range).stringValue
            case "MoreRowsExist": moreRowsExist = try Self.flag(JSONParser.parse(body, range: member.range))
            case "Success": success = try JSONParser.parse(body, range: member.range).boolValue != false
            case "Message": message = try JSONParser.parse(body, range: member.range).stringValue
            default: continue
            }
        }
    }

    /// A JSON boolean, or the strings "true"/"false" in any case (.NET serialisers write both); anything else
    /// would make paging guess, so it is refused.
    static func flag(_ value: JSON) throws -> Bool {
        if let b = value.boolValue { return b }
        switch value.stringValue?.lowercased() {
        case "true": return true
        case "false": return false
        default: throw EnvelopeFault(description: "MoreRowsExist is \(value.serialized().prefix(40)), not a boolean")
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
