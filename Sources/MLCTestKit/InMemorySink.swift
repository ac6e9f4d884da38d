import Foundation
import MLCCore

/// A sink that keeps rows in memory and counts every delivery per key, so tests can prove
/// "nothing lost, nothing doubled". Failures can be injected by batch number or record key.
public final class InMemorySink: Sink, @unchecked Sendable {
    private let lock = NSLock()
    public private(set) var rows: [String: [String: Record]] = [:]
    /// How many times each key was handed to `write` and accepted.
    public private(set) var deliveries: [String: Int] = [:]
    public private(set) var batches = 0
    public private(set) var prepared: [EntitySchema] = []
    /// Batch numbers (1-based, counting attempts) that throw a sink-unavailable error.
    public var failingBatches: Set<Int> = []
    /// While true, every write throws (the sink is "down").
    public var down = false
    /// Keys the sink rejects record by record.
    public var rejectKeys: Set<String> = []

    public init() {}

    public func prepare(_ schema: EntitySchema) async throws {
        lock.withLock { prepared.append(schema) }
    }

    public func write(_ batch: RecordBatch, schema: EntitySchema, run: RunContext) async throws -> Ack {
        try lock.withLock {
            batches += 1
            if down || failingBatches.contains(batches) {
                throw MLCError(.sinkUnavailable, "in-memory sink is down (batch \(batches))", retryable: true)
            }
            var rejected: [RejectedRecord] = []
            var written = 0
            for r in batch.records {
                if rejectKeys.contains(r.key) {
                    rejected.append(RejectedRecord(record: r, reason: "rejected by test"))
                    continue
                }
                if let existing = rows[batch.entity]?[r.key], let old = existing.modifiedAt, let new = r.modifiedAt,
                    new < old
                {
                    // keep the newer row (the modified-at guard)
                } else {
                    rows[batch.entity, default: [:]][r.key] = r
                }
                deliveries[r.key, default: 0] += 1
                written += 1
            }
            return Ack(written: written, rejected: rejected)
        }
    }

    public func check() async -> [CheckResult] {
        [CheckResult(subject: "memory", ok: !down, detail: down ? "down" : "up")]
    }
}
