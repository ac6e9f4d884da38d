import MLCCore

/// One item of an answer with its own bytes: parsed once, and its text kept exactly as the product sent it
/// (`_raw`). `validUTF8` false: the bytes are not UTF-8, so the text cannot be stored faithfully.
public struct IONItem {
    public var json: JSON
    public var raw: String
    public var validUTF8: Bool

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

/// What a product's envelope parser read from one answer: the items, what the product said about paging,
/// and the product's own refusal (an error envelope carried in a 200).
public struct IONPage {
    public var items: [IONItem] = []
    /// More rows follow (SyteLine MoreRowsExist, SX.e's more-records flag); nil when the product does not say.
    public var more: Bool?
    /// The paging token the product returned: a bookmark, a next link, a restart row id.
    public var token: String?
    /// The product's refusal message (`Success: false`, an OData error object …).
    public var refusal: String?

    public init(items: [IONItem] = [], more: Bool? = nil, token: String? = nil, refusal: String? = nil) {
        self.items = items
        self.more = more
        self.token = token
        self.refusal = refusal
    }
}

/// An answer whose envelope cannot be trusted (paging members of the wrong kind): the entity stops.
public struct EnvelopeFault: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
