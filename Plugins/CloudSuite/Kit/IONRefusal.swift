import MLCCore

/// The product's own "no" (`Success: false` and its message).
public struct IONRefusal: Error {
    public var message: String
    public init(_ message: String) { self.message = message }
}
