import CloudSuite
import MLCCore

/// The properties of one entity set in an OData service's `$metadata` (EDMX, XML): the set's `EntityType`
/// (`<EntitySet Name="Orders" EntityType="ns.Order"/>`), then that type's `<Property Name="…"/>` elements.
/// A scan of the elements it needs — the document is the service's own and small — not a general XML parser.
enum ODataMetadata {
    static func properties(_ body: [UInt8], set: String) throws -> Result<[String], IONRefusal> {
        let text = String(decoding: body, as: UTF8.self)
        guard text.contains("<edmx:Edmx") || text.contains("<Edmx") else {
            if let message = ODataAnswer.errorMessage(body) { return .failure(IONRefusal(message)) }
            throw EnvelopeFault("the $metadata answer is not an EDMX document")
        }
        let sets = elements("EntitySet", in: text)
        guard let type = sets.first(where: { attribute("Name", $0) == set }).flatMap({ attribute("EntityType", $0) })
        else {
            return .failure(
                IONRefusal(
                    "the service has no entity set \(set) (it has \(sets.compactMap { attribute("Name", $0) }.joined(separator: ", ")))"
                ))
        }
        let typeName = type.split(separator: ".").last.map(String.init) ?? type
        guard let start = text.range(of: "<EntityType Name=\"\(typeName)\""),
            let end = text.range(of: "</EntityType>", range: start.upperBound..<text.endIndex)
        else { return .failure(IONRefusal("the $metadata has no entity type \(type)")) }
        return .success(
            elements("Property", in: String(text[start.lowerBound..<end.lowerBound])).compactMap {
                attribute("Name", $0)
            })
    }

    /// The opening tags `<name …>` in `text`, each as its attribute text.
    static func elements(_ name: String, in text: String) -> [Substring] {
        var out: [Substring] = []
        var rest = text[...]
        while let open = rest.range(of: "<\(name) ") {
            guard let close = rest.range(of: ">", range: open.upperBound..<rest.endIndex) else { break }
            out.append(rest[open.upperBound..<close.lowerBound])
            rest = rest[close.upperBound...]
        }
        return out
    }

    /// `name="value"` of one tag's attributes.
    static func attribute(_ name: String, _ tag: Substring) -> String? {
        guard
            let start = tag.range(of: " \(name)=\"")
                ?? (tag.hasPrefix("\(name)=\"") ? tag.range(of: "\(name)=\"") : nil),
            let end = tag[start.upperBound...].firstIndex(of: "\"")
        else { return nil }
        return String(tag[start.upperBound..<end])
    }
}
