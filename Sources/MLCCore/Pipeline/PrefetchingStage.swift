/// A page after the transforms: the records that passed, and those a transform refused.
struct TransformedPage {
    var records: [Record]
    var rejected: [RejectedRecord]
    var cursor: Cursor
    var readCount: Int
    var requests: Int
}

/// The ordered transforms of one entity. A record a step refuses is returned as it came from the source,
/// so replaying it runs every step again.
struct TransformChain {
    let steps: [any Transform]

    func apply(_ records: [Record]) -> (passed: [Record], rejected: [RejectedRecord]) {
        var passed: [Record] = []
        var rejected: [RejectedRecord] = []
        passed.reserveCapacity(records.count)
        for var record in records {
            let original = record
            do {
                for t in steps { try t.apply(&record) }
                passed.append(record)
            } catch {
                rejected.append(RejectedRecord(record: original, reason: "transform: \(error)"))
            }
        }
        return (passed, rejected)
    }
}

/// Reads and transforms the next page while the sink is busy with the current batch, so source and
/// sink use both cores. Exactly one page is in flight: memory stays bounded.
final class PrefetchingStage: @unchecked Sendable {
    private let reader: PageReader
    private let chain: TransformChain
    private var pending: Task<TransformedPage?, Error>?

    init(reader: PageReader, steps: [any Transform]) {
        self.reader = reader; self.chain = TransformChain(steps: steps)
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
        let (passed, rejected) = chain.apply(page.records)
        return TransformedPage(records: passed, rejected: rejected, cursor: page.cursor, readCount: page.records.count, requests: page.requests)
    }
}
