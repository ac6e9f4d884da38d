import Foundation
import MLCCore
import MLCHTTP

/// A bind value for `?` placeholders: Snowflake's binding type and the value as a string.
public struct SnowflakeBinding: Sendable {
    public var type: String
    public var value: String?
    public init(_ type: String, _ value: String?) {
        self.type = type
        self.value = value
    }
    public static func text(_ s: String) -> SnowflakeBinding { SnowflakeBinding("TEXT", s) }
}
