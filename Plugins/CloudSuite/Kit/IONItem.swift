import MLCCore

/// One item of an answer with its own bytes: parsed once, and its text kept exactly as the product sent it
/// (`_raw`). `validUTF8` false: the bytes are not UTF-8, so the text cannot be stored faithfully.
public struct IONItem {
    public var json: JSON
    public var raw: String
    public var validUTF8: Bool
    /// What the envelope parser found wrong with this item alone (a table row that does not split into its
    /// fields): the record is refused and parked with it, the rest of the page loads.
    public var problem: String?

    public init(json: JSON, raw: String, validUTF8: Bool, problem: String? = nil) {
        self.json = json
        self.raw = raw
        self.validUTF8 = validUTF8
        self.problem = problem
    }

    /// The elements of the array at `range` of `body`, each with its text.
    public static func items(_ body: [UInt8], array range: Range<Int>) throws -> [IONItem] {
        if body[range.lowerBound] == UInt8(ascii: "n") { return [] }  // null
        return try JSONParser.elementRanges(body, array: range).map { element in
            let valid = String(validating: body[element], as: UTF8.self)
            return IONItem(
                json: try JSONParser.parse(body, range: element),
                raw: valid ?? String(decoding: body[element], as: UTF8.self), validUTF8: valid != nil)
        }
    }
}
