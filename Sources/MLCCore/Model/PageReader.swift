/// Reads one entity, page by page. Pull-based, so a slow sink slows the source (flat memory).
public protocol PageReader: AnyObject {
    /// The next page, or nil when the entity is exhausted for this run.
    func next() async throws -> Page?
}
