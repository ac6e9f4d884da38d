import MLCCore

extension EntityRequest {
    /// The entity with the cursor a source-wide setting names (LN's `modifiedProperty`, Financials'
    /// `updateStamp`: one stamp name for every entity of a tenant), unless the entity names its own.
    public func withCursor(fromSetting setting: String, of config: JSON) -> EntityRequest {
        guard let cursor = config[setting]?.stringValue, options["cursor"] == nil, case .object(var members) = options
        else { return self }
        members.append(JSONMember("cursor", .string(cursor)))
        var out = self
        out.options = .object(members)
        return out
    }
}
