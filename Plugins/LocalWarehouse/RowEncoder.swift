import Dispatch
import MLCCore
import MLCState

/// Casts and formats a batch's rows on another thread, a chunk ahead of the thread inserting them, so
/// that work (a quarter of the sink's) overlaps SQLite's serial part instead of adding to it.
final class RowEncoder: @unchecked Sendable {
    static let chunkSize = 256

    enum Outcome {
        case row(Int)
        case rejected(String)
    }

    /// One chunk's rows in one buffer, and what became of each record of the chunk, in order.
    struct Chunk {
        var rows = ParameterBuffer(capacity: 64 * 1024)
        var outcomes: [Outcome] = []
    }

    let chunkCount: Int
    // Chunk k is written by the encoding thread before `ready[k]` is signalled and read only after it
    // is waited on, so the two threads never touch the same slot at the same time.
    private let chunks: UnsafeMutableBufferPointer<Chunk?>
    private let ready: [DispatchSemaphore]

    init(records: [Record], encode: @escaping @Sendable (Record, inout ParameterBuffer) throws -> Void) {
        chunkCount = (records.count + Self.chunkSize - 1) / Self.chunkSize
        chunks = .allocate(capacity: chunkCount)
        chunks.initialize(repeating: nil)
        ready = (0..<chunkCount).map { _ in DispatchSemaphore(value: 0) }
        DispatchQueue.global().async { [self] in
            for k in 0..<chunkCount {
                var chunk = Chunk()
                for record in records[(k * Self.chunkSize)..<min(records.count, (k + 1) * Self.chunkSize)] {
                    do {
                        try encode(record, &chunk.rows)
                        chunk.outcomes.append(.row(chunk.rows.endRow()))
                    } catch {
                        chunk.rows.discardOpenRow()
                        chunk.outcomes.append(.rejected("\(error)"))
                    }
                }
                chunks[k] = chunk
                ready[k].signal()
            }
        }
    }

    /// Chunk `k` (records `k * chunkSize …`), waiting until it is encoded; each chunk is taken once.
    /// The wait blocks the caller (like SQLite's own I/O does); the encoder runs on a Dispatch thread
    /// outside Swift's cooperative pool, so it always makes progress.
    func take(_ k: Int) -> Chunk {
        ready[k].wait()
        defer { chunks[k] = nil }
        return chunks[k]!
    }

    deinit {
        // The encoding thread holds a reference until it is done, so nothing writes here any more.
        chunks.deinitialize()
        chunks.deallocate()
    }
}
