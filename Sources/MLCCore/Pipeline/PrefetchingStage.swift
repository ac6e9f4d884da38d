/// A page after the transforms: the records that passed, and those a transform refused.
struct TransformedPage {
    var records: [Record]
    var rejected: [RejectedRecord]
    var cursor: Cursor
    var readCount: Int
    var requests: Int
}

/// Reads and transforms the next page while the sink is busy with the current batch, so source and
/// sink use both cores. Exactly one page is in flight: memory stays bounded.
final class PrefetchingStage: @unchecked Sendable {
    private let reader: PageReader
    private let steps: [any Transform]
    private var pending: Task<TransformedPage?, Error>?

    init(reader: PageReader, steps: [any Transform]) {
        self.reader = reader; self.steps = steps
    }

    func next() async throws -> TransformedPage? {
        let current = pending ?? Task { try await self.produce() }
        pending = nil
        guard let page = try await current.value else { return nil }
        pending = Task { try await self.produce() }
        return page
    }

    /// Stops the read-ahead (the entity is stopping).
    func cancel() { pending?.cancel() }

    private func produce() async throws -> TransformedPage? {
        guard let page = try await reader.next() else { return nil }
        var out = TransformedPage(records: [], rejected: [], cursor: page.cursor, readCount: page.records.count, requests: page.requests)
        out.records.reserveCapacity(page.records.count)
        for var record in page.records {
            let original = record
            do {
                for t in steps { try t.apply(&record) }
                out.records.append(record)
            } catch {
                out.rejected.append(RejectedRecord(record: original, reason: "transform: \(error)"))
            }
        }
        return out
    }
}
