/// Where records come from: a product line of an ERP, a synthetic generator, an in-memory fixture.
public protocol Source: AnyObject, Sendable {
    /// Figures for the run summary beyond records (requests, 429s, rate-limit utilisation).
    func runStatistics(seconds: Double) async -> [(String, String)]
    /// The entities this source was configured to read (catalog defaults merged with manifest overrides).
    var entities: [EntitySchema] { get }
    func check() async -> [CheckResult]
    func read(entity: EntitySchema, from cursor: Cursor?) throws -> PageReader
    /// Called once when the run ends (revoke tokens, close connections).
    func close() async
    /// The entities as the live system has them (a source with a metadata call asks it).
    func discover() async -> [DiscoveredEntity]
    /// The current versions of records by key, for replaying records the source's own data got parked: the
    /// tenant may have fixed them since. Keys the source no longer has are absent from the pages. `nil`: this
    /// source cannot read by key, and the stored copies are replayed.
    func reread(entity: EntitySchema, keys: [String]) throws -> Reread?
}
extension Source {
    public func close() async {}
    public func discover() async -> [DiscoveredEntity] {
        entities.map { DiscoveredEntity(schema: $0, locator: $0.name, mapped: $0.columns.map(\.name)) }
    }
    public func runStatistics(seconds: Double) async -> [(String, String)] { [] }
    public func reread(entity: EntitySchema, keys: [String]) throws -> Reread? { nil }
}
