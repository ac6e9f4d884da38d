import MLCCore

/// A paging flag of an envelope (`MoreRowsExist`, SX.e's more-records flag): a JSON boolean, or the strings
/// "true"/"false" in any case (.NET serialisers write both); anything else would make paging guess, so it is
/// refused as an envelope that cannot be trusted.
public enum EnvelopeFlag {
    public static func read(_ value: JSON, name: String) throws -> Bool {
        if let b = value.boolValue { return b }
        switch value.stringValue?.lowercased() {
        case "true": return true
        case "false": return false
        default: throw EnvelopeFault("\(name) is \(value.serialized().prefix(40)), not a boolean")
        }
    }
}
