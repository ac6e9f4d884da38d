import MLCCore

/// An answer whose envelope cannot be trusted (paging members of the wrong kind): the entity stops.
public struct EnvelopeFault: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
