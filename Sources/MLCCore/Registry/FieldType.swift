/// The type of a value a connector expects in its manifest section.
public enum FieldType: String, Sendable {
    case string, int, number, bool, object, array, secret, any
}
