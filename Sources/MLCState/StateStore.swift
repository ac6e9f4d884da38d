import Foundation
import MLCCore

/// The embedded state store: cursors, runs and the replay journal of one pipeline, in SQLite (WAL).
/// Every cursor move and journal write is one transaction, so a kill -9 at any instant leaves it consistent.
public final class StateStore: PipelineState, @unchecked Sendable {
    public let db: SQLiteDatabase
    public let pipeline: String

    public init(path: String, pipeline: String) throws {
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        db = try SQLiteDatabase(path: path)
        self.pipeline = pipeline
        try db.execute(
            """
            CREATE TABLE IF NOT EXISTS cursors (pipeline TEXT NOT NULL, entity TEXT NOT NULL, cursor TEXT NOT NULL,
              run_id TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (pipeline, entity));
            CREATE TABLE IF NOT EXISTS runs (run_id TEXT PRIMARY KEY, pipeline TEXT NOT NULL, started_at TEXT NOT NULL,
              ended_at TEXT, status TEXT NOT NULL, summary TEXT);
            CREATE TABLE IF NOT EXISTS journal (id INTEGER PRIMARY KEY AUTOINCREMENT, pipeline TEXT NOT NULL,
              entity TEXT NOT NULL, stage TEXT NOT NULL, reason TEXT NOT NULL, record_count INTEGER NOT NULL,
              run_id TEXT NOT NULL, created_at TEXT NOT NULL, payload BLOB NOT NULL);
            CREATE INDEX IF NOT EXISTS journal_entity ON journal (pipeline, entity, id);
            CREATE TABLE IF NOT EXISTS journal_keys (pipeline TEXT NOT NULL, entity TEXT NOT NULL, key TEXT NOT NULL,
              modified_at INTEGER NOT NULL, entry_id INTEGER NOT NULL, PRIMARY KEY (pipeline, entity, key));
            CREATE INDEX IF NOT EXISTS journal_keys_entry ON journal_keys (entry_id);
            """)
        // State files from before runs recorded their process.
        let columns = try db.query("SELECT name FROM pragma_table_info('runs')").compactMap { $0[0].text }
        for (column, type) in [("pid", "INTEGER"), ("host", "TEXT"), ("heartbeat", "TEXT")]
        where !columns.contains(column) {
            try db.execute("ALTER TABLE runs ADD COLUMN \(column) \(type)")
        }
    }

    public func cursor(entity: String) throws -> Cursor? {
        let rows = try db.query(
            "SELECT cursor FROM cursors WHERE pipeline = ? AND entity = ?", [.text(pipeline), .text(entity)])
        guard let text = rows.first?[0].text else { return nil }
        return Cursor(json: try JSONParser.parse(text))
    }

    public func cursors() throws -> [(entity: String, cursor: String, updatedAt: String)] {
        try db.query(
            "SELECT entity, cursor, updated_at FROM cursors WHERE pipeline = ? ORDER BY entity", [.text(pipeline)]
        )
        .map { ($0[0].text ?? "", $0[1].text ?? "", $0[2].text ?? "") }
    }

    public func commit(entity: String, cursor: Cursor, runID: String) throws {
        try db.transaction { try writeCursor(entity: entity, cursor: cursor, runID: runID) }
    }

    private func writeCursor(entity: String, cursor: Cursor, runID: String) throws {
        try db.run(
            """
            INSERT INTO cursors (pipeline, entity, cursor, run_id, updated_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (pipeline, entity) DO UPDATE SET cursor = excluded.cursor, run_id = excluded.run_id,
              updated_at = excluded.updated_at
            """,
            [
                .text(pipeline), .text(entity), .text(cursor.json.serialized()), .text(runID),
                .text(Timestamp.now().iso8601),
            ])
    }

    public func park(
        entity: String, stage: ParkedStage, reason: String, records: [Record], runID: String, thenCommit cursor: Cursor?
    ) throws {
        try db.transaction {
            if !records.isEmpty {
                try insertJournal(entity: entity, stage: stage, reason: reason, records: records, runID: runID)
            }
            if let cursor { try writeCursor(entity: entity, cursor: cursor, runID: runID) }
        }
    }

    /// A run's heartbeat older than this says its holder is gone (a host that died, a process that hung).
    public static let staleHeartbeat: Double = 90

    /// Takes the pipeline's lease and records the run as `running` with its process, host and heartbeat. A
    /// `running` run whose holder lives refuses this one (`busy`); one whose process is gone (kill -9, power
    /// loss) or whose heartbeat went stale is marked `abandoned` and taken over, never left `running` for ever.
    public func beginRun(runID: String, pipeline: String) throws {
        let host = ProcessInfo.processInfo.hostName
        try db.transaction {
            for row in try db.query(
                "SELECT run_id, pid, host, heartbeat, started_at FROM runs WHERE pipeline = ? AND status = 'running'",
                [.text(pipeline)])
            {
                let beat = (row[3].text ?? row[4].text).flatMap(Timestamp.init(parsing:))
                let age = beat.map { Double(Timestamp.now().microseconds - $0.microseconds) / 1e6 } ?? .infinity
                let pid = row[1].int ?? 0
                let sameHost = (row[2].text ?? host) == host
                // This very process holds no lease it is asking for (a restarted container's pid 1, a run whose
                // end could not be recorded): only another process can be alive.
                let alive =
                    sameHost
                    ? pid > 0 && pid != Int64(getpid()) && (kill(pid_t(pid), 0) == 0 || errno == EPERM)
                    : age < Self.staleHeartbeat
                if alive && age < 10 * Self.staleHeartbeat {
                    throw MLCError(
                        .busy,
                        "pipeline \(pipeline) is already running: run \(row[0].text ?? "?") (pid \(pid) on \(row[2].text ?? host), started \(row[4].text ?? "?"), heartbeat \(Int(age)) s ago)",
                        hint:
                            "one run per pipeline at a time: wait for it (mlc run --wait) or stop it; a run whose process died is taken over at once on its host, elsewhere once its heartbeat is \(Int(Self.staleHeartbeat)) s old"
                    )
                }
                try db.run(
                    "UPDATE runs SET status = 'abandoned', ended_at = ? WHERE run_id = ?",
                    [.text(Timestamp.now().iso8601), row[0]])
            }
            let now = Timestamp.now().iso8601
            try db.run(
                "INSERT INTO runs (run_id, pipeline, started_at, status, pid, host, heartbeat) VALUES (?, ?, ?, 'running', ?, ?, ?)",
                [.text(runID), .text(pipeline), .text(now), .int(Int64(getpid())), .text(host), .text(now)])
        }
    }

    /// The run's holder is alive: a second run on another host sees it within `staleHeartbeat`.
    public func heartbeat(runID: String) throws {
        // Only while the run still holds the lease: one taken over (abandoned) stays as the taker left it.
        try db.run(
            "UPDATE runs SET heartbeat = ? WHERE run_id = ? AND status = 'running'",
            [.text(Timestamp.now().iso8601), .text(runID)])
    }

    public func endRun(runID: String, status: String, summary: JSON) throws {
        try db.run(
            "UPDATE runs SET ended_at = ?, status = ?, summary = ? WHERE run_id = ?",
            [.text(Timestamp.now().iso8601), .text(status), .text(summary.serialized()), .text(runID)])
    }

    public func runs(limit: Int = 10) throws -> [(runID: String, startedAt: String, status: String, summary: String?)] {
        try db.query(
            "SELECT run_id, started_at, status, summary FROM runs WHERE pipeline = ? ORDER BY started_at DESC LIMIT ?",
            [.text(pipeline), .int(Int64(limit))]
        ).map { ($0[0].text ?? "", $0[1].text ?? "", $0[2].text ?? "", $0[3].text) }
    }

    /// Forgets cursors (all, or one entity's) so the next run reads from the beginning. The journal is kept.
    public func reset(entity: String?) throws {
        if let entity {
            try db.run("DELETE FROM cursors WHERE pipeline = ? AND entity = ?", [.text(pipeline), .text(entity)])
        } else {
            try db.run("DELETE FROM cursors WHERE pipeline = ?", [.text(pipeline)])
        }
    }
}
