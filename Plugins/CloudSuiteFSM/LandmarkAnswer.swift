import CloudSuite
import MLCCore

/// One Landmark list answer with `_out=JSON` (reference §3.2): an array whose element 0 is metadata (`_count`,
/// `_links` with the page-navigation links) and whose other elements are records with their values wrapped in
/// `_fields`. The links' names and form are unconfirmed, so both an array of `{rel, href}` and an object of
/// `name: href` (or `name: {href}`) are read, for the names `pageLinks` gives. An error answer is an object (or
/// an element) with a message.
enum LandmarkAnswer {
    static func page(_ body: [UInt8], pageLinks: [String]) throws -> IONPage {
        guard let (start, end) = bounds(body), body[start] == UInt8(ascii: "[") else {
            if let message = errorMessage(body) { return IONPage(refusal: message) }
            throw EnvelopeFault("the answer is not a JSON list (element 0 metadata, then records)")
        }
        var page = IONPage()
        for element in try JSONParser.elementRanges(body, array: start..<end) {
            let json = try JSONParser.parse(body, range: element)
            if let fields = json["_fields"] {
                let valid = String(validating: body[element], as: UTF8.self)
                // One record the list could not give its fields parks alone; the rest of the page loads.
                let problem =
                    fields.objectValue == nil ? "its _fields is \(fields.serialized().prefix(40)), not an object" : nil
                page.items.append(
                    IONItem(
                        json: fields.objectValue == nil ? .object([]) : fields,
                        raw: valid ?? String(decoding: body[element], as: UTF8.self), validUTF8: valid != nil,
                        problem: problem))
            } else if let message = message(json) {
                page.refusal = message
            } else if json["_count"] != nil || json["_links"] != nil {
                page.total = json["_count"].flatMap { $0.intValue ?? $0.stringValue.flatMap { Int($0) } }
                page.token = try link(json["_links"], named: pageLinks)
            } else {
                let text = String(decoding: body[element].prefix(60), as: UTF8.self)
                page.items.append(
                    IONItem(
                        json: json, raw: String(decoding: body[element], as: UTF8.self), validUTF8: true,
                        problem: "the element \(text) has no _fields (not a record)"))
            }
        }
        return page
    }

    /// The first non-blank and one past the last non-blank byte.
    static func bounds(_ body: [UInt8]) -> (Int, Int)? {
        let blank: Set<UInt8> = [0x20, 0x0A, 0x0D, 0x09]
        guard let start = body.firstIndex(where: { !blank.contains($0) }),
            let last = body.lastIndex(where: { !blank.contains($0) })
        else { return nil }
        return (start, last + 1)
    }

    /// The next-page link among `_links`, by the first of `names` it has.
    static func link(_ links: JSON?, named names: [String]) throws -> String? {
        guard let links, links != .null else { return nil }
        var found: [String: JSON] = [:]
        if let list = links.arrayValue {
            for entry in list {
                guard let name = (entry["rel"] ?? entry["_rel"] ?? entry["name"])?.stringValue else { continue }
                found[name] = entry["href"] ?? entry["_href"] ?? entry["url"] ?? entry["link"]
            }
        } else if let members = links.objectValue {
            for member in members { found[member.key] = member.value["href"] ?? member.value }
        } else {
            throw EnvelopeFault("_links is \(links.serialized().prefix(40)), neither a list nor an object")
        }
        for name in names {
            guard let value = found[name] else { continue }
            guard value == .null || value.stringValue != nil else {
                throw EnvelopeFault("the \(name) link is \(value.serialized().prefix(40)), not a link")
            }
            return value.stringValue
        }
        return nil
    }

    /// The message of an error object: `message`, `Message`, `_message`, `errorMessage` or `error` (a text or an
    /// object with a message), with its code when it has one.
    static func message(_ json: JSON) -> String? {
        guard json.objectValue != nil else { return nil }
        let error = json["error"] ?? json["_error"]
        let text =
            (json["message"] ?? json["Message"] ?? json["_message"] ?? json["errorMessage"])?.stringValue
            ?? error?.stringValue ?? error.flatMap { message($0) }
        guard let text else { return nil }
        let code = (json["code"] ?? json["status"])?.stringValue ?? json["code"]?.intValue.map(String.init)
        return code.map { "\($0): \(text)" } ?? text
    }

    static func errorMessage(_ body: [UInt8]) -> String? {
        guard let json = try? JSONParser.parse(body) else { return nil }
        return message(json) ?? json.arrayValue?.lazy.compactMap(message).first
    }
}
