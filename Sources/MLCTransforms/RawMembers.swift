import Foundation
import MLCCore

/// The raw-object members a transform cleans, per entity: each field's own name and, when the column was
/// filled from a product field of another name (canonical `tax_id` from SyteLine's `TaxRegNum1`), that name
/// too — so a hashed column never leaves its value in clear in `_raw`. Learnt from each entity's schema in
/// `transform(schema:)`, which runs before the entity's records.
final class RawMembers: @unchecked Sendable {
    private let names: [String]
    private let plain: [[UInt8]]
    private let lock = NSLock()
    private var byEntity: [String: [[UInt8]]] = [:]

    init(_ names: [String]) {
        self.names = names
        plain = names.map { Array($0.utf8) }
    }

    func learn(_ schema: EntitySchema) {
        let sources = names.compactMap { name in schema.columns.first { $0.name == name }?.source }
        let bytes = plain + sources.map { Array($0.utf8) }
        lock.withLock { byEntity[schema.name] = bytes }
    }

    func members(of entity: String) -> [[UInt8]] { lock.withLock { byEntity[entity] } ?? plain }
}
