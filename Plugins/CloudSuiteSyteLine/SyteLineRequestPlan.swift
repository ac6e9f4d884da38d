import MLCCore

/// What an entity asks its IDO for in this run, after comparing the catalog with what the tenant's IDO has:
/// the properties that exist are requested; a missing one is a warning (its column stays null); only a
/// missing key or cursor property fails the entity. An explicit manifest `properties` list is sent as written.
struct SyteLineRequestPlan {
    /// Properties in the load request, in the tenant's spelling.
    var properties: [String]
    var orderBy: String
    var missing: [String] = []
    var extra: [String] = []
    var warnings: [String] = []

    /// The catalog's request unchecked (an explicit list, or no `/info` answer).
    init(entity: SyteLineEntity, warnings: [String] = []) {
        properties = entity.requestedProperties
        orderBy = "\(entity.cursor),RowPointer"
        self.warnings = warnings
    }

    init(entity: SyteLineEntity, info: IDOInfo) throws {
        properties = []
        var tieBreaker = "RowPointer"
        for name in entity.requestedProperties {
            if let spelled = info.spelling(of: name) {
                properties.append(spelled)
                continue
            }
            if entity.key.contains(name) || name == entity.cursor {
                throw MLCError(
                    .sourceFailed,
                    "IDO \(entity.ido) has no property \(name), the entity's \(name == entity.cursor ? "cursor" : "key")",
                    hint:
                        "set the entity's \"\(name == entity.cursor ? "cursor" : "key")\" to properties this IDO has (`mlc discover` lists them), or its \"ido\"",
                    context: .init(entity: entity.name))
            }
            if name == "RowPointer" { tieBreaker = entity.key.joined(separator: ",") } else { missing.append(name) }
        }
        orderBy = "\(info.spelling(of: entity.cursor) ?? entity.cursor),\(tieBreaker)"
        let requested = Set(properties.map { $0.lowercased() })
        extra = info.properties.filter { !requested.contains($0.lowercased()) }
        if !missing.isEmpty {
            warnings.append(
                "IDO \(entity.ido) has no \(missing.joined(separator: ", ")): \(missing.count == 1 ? "its column stays" : "their columns stay") null "
                    + "(this tenant's release or customisation lacks \(missing.count == 1 ? "it" : "them"); `mlc discover` shows what it has)"
            )
        }
        if tieBreaker != "RowPointer" {
            warnings.append(
                "IDO \(entity.ido) has no RowPointer: pages are ordered by \(entity.cursor) and the key instead")
        }
    }
}
