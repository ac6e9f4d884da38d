import Foundation

/// A page after the transforms: the records that passed, and those a transform refused.
struct TransformedPage {
    var records: [Record]
    /// Records a transform refused, as the source sent them.
    var rejected: [RejectedRecord]
    /// Records the source itself could not type.
    var refused: [RejectedRecord]
    var cursor: Cursor
    var readCount: Int
    var requests: Int
    var warnings: [String]
}

/// The ordered transforms of one entity. A record a step refuses is returned as it came from the source,
/// so replaying it runs every step again. Records are transformed in place; the source's version of
/// each record is kept aside only when some step may refuse one (`Transform.mayReject`).
struct TransformChain {
    let steps: [any Transform]
    private let mayReject: Bool

    init(steps: [any Transform]) {
        self.steps = steps
        mayReject = steps.contains { $0.mayReject }
    }

    /// Transforms `records` in place and takes out the ones a step refused.
    func apply(_ records: inout [Record]) -> [RejectedRecord] {
        guard !steps.isEmpty else { return [] }
        var rejected: [RejectedRecord] = []
        var refused: Set<Int> = []
        for i in records.indices {
            let original = mayReject ? records[i] : nil
            do {
                for t in steps { try t.apply(&records[i]) }
            } catch {
                rejected.append(RejectedRecord(record: original ?? records[i], reason: "transform: \(error)"))
                refused.insert(i)
            }
        }
        if !refused.isEmpty {
            records = records.indices.filter { !refused.contains($0) }.map { records[$0] }
        }
        return rejected
    }
}

/// Keeps the next pages coming while the sink writes: the following page is read while the next one is
/// transformed, so a source waiting on the network, the transforms and the sink overlap. At most one
/// page is being read and one transformed ahead of the consumer: memory stays bounded.
final class PrefetchingStage: @unchecked Sendable {
    private let reader: PageReader
    private let chain: TransformChain
    private var pending: Task<TransformedPage?, Error>?
    /// Set by the transforming task (one at a time) and read by `cancel` on the consumer's: under the lock.
    private var pendingRead: Task<PageBox, Error>?
    private let readLock = NSLock()

    /// Hands a page over without the task keeping a reference to its records, so the transforms
    /// own them alone and change them in place instead of copying.
    final class PageBox: @unchecked Sendable {
        private var page: Page?
        init(_ page: Page?) { self.page = page }
        func take() -> Page? {
            defer { page = nil }
            return page
        }
    }

    init(reader: PageReader, steps: [any Transform]) {
        self.reader = reader
        self.chain = TransformChain(steps: steps)
    }

    func next() async throws -> TransformedPage? {
        let current = pending ?? Task { try await self.transformNext() }
        pending = nil
        guard let page = try await current.value else { return nil }
        pending = Task { try await self.transformNext() }
        return page
    }

    /// Stops the read-ahead (the entity is stopping).
    func cancel() {
        pending?.cancel()
        readLock.withLock { pendingRead }?.cancel()
    }

    private func transformNext() async throws -> TransformedPage? {
        let read = readLock.withLock { pendingRead.take() } ?? Task { PageBox(try await self.reader.next()) }
        guard var page = try await read.value.take() else { return nil }
        // A stage cancelled meanwhile (the entity is stopping) starts no further read.
        if !Task.isCancelled {
            let following = Task { PageBox(try await self.reader.next()) }
            readLock.withLock { pendingRead = following }
        }
        let readCount = page.records.count + page.refused.count
        let rejected = chain.apply(&page.records)
        return TransformedPage(
            records: page.records, rejected: rejected, refused: page.refused, cursor: page.cursor, readCount: readCount,
            requests: page.requests, warnings: page.warnings)
    }
}
