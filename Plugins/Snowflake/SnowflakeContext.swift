import Foundation
import MLCCore
import MLCHTTP

/// Where statements run: database, schema, warehouse and role, as the manifest spells them.
public struct SnowflakeContext: Sendable {
    public var database: String?
    public var schema: String?
    public var warehouse: String?
    public var role: String?
    public init(database: String?, schema: String?, warehouse: String?, role: String?) {
        self.database = database
        self.schema = schema
        self.warehouse = warehouse
        self.role = role
    }
}
