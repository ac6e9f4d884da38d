import Foundation
import MLCState

/// Copies the write-ahead log into the database from a second connection on a background thread, so
/// the writer never stalls on a checkpoint's fsync (SQLite's automatic checkpoints run inside the
/// committing transaction). A final TRUNCATE checkpoint at close leaves a small WAL.
final class Checkpointer: @unchecked Sendable {
    private let connection: SQLiteDatabase
    private let stopped = NSCondition()
    private var running = true
    private var finished = false

    init(path: String, every interval: Double = 1) throws {
        // Never wait long for a lock: a missed checkpoint is simply done later.
        connection = try SQLiteDatabase(path: path, busyTimeoutMs: 200)
        Thread.detachNewThread { [self] in
            stopped.lock()
            while running {
                stopped.unlock()
                try? connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
                stopped.lock()
                if running { _ = stopped.wait(until: Date().addingTimeInterval(interval)) }
            }
            finished = true
            stopped.broadcast()
            stopped.unlock()
        }
    }

    func stop() {
        stopped.lock()
        running = false
        stopped.broadcast()
        while !finished { stopped.wait() }
        stopped.unlock()
        try? connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }
}
