import CSQLite
import Foundation
import MLCCore

/// A thin, serialised SQLite connection. One lock per connection: SQLite has one writer anyway,
/// and the pipeline's concurrent entities share it.
public final class SQLiteDatabase: @unchecked Sendable {
    let handle: OpaquePointer
    public let path: String
    private let lock = NSRecursiveLockShim()
    private var statements: [String: OpaquePointer] = [:]

    /// How commits reach the file. `wal`: readers never wait for the writer, but every page is written
    /// twice (log, then checkpoint). `rollback`: each commit writes its pages once and is synced, and
    /// appended pages need no journal; readers wait while a commit is written.
    public enum Journal: String, Sendable { case wal, rollback }

    public init(path: String, busyTimeoutMs: Int = 10_000, journal: Journal? = .wal) throws {
        // State, warehouse and secrets are the customer's data: a new file is the owner's alone (0600), and
        // SQLite gives its -wal/-shm/-journal files the database file's mode.
        if path != ":memory:", !FileManager.default.fileExists(atPath: path) {
            // A failure here (no such folder, no permission) is reported by the open below, with its reason.
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        guard sqlite3_open_v2(path, &db, flags, nil) == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close(db) }
            throw MLCError(
                .state, "cannot open SQLite database \(path): \(message)",
                hint: "check that the directory exists and is writable")
        }
        handle = db
        self.path = path
        sqlite3_busy_timeout(db, Int32(busyTimeoutMs))
        // Rows carry their raw JSON (1–3 KB): 16 KB pages hold several rows each instead of one per 4 KB
        // page. Takes effect when the file is created; an existing file keeps its page size.
        try execute("PRAGMA page_size=16384")
        // nil leaves the file's mode alone (a reader of somebody else's file).
        if let journal { try setJournal(journal) }
        try execute("PRAGMA synchronous=NORMAL")
    }

    private func setJournal(_ journal: Journal) throws {
        // PERSIST keeps the rollback journal file between commits instead of creating and deleting it.
        let wanted = journal == .wal ? "wal" : "persist"
        let found = try query("PRAGMA journal_mode=\(wanted)").first?.first?.text?.lowercased()
        guard found == wanted else {
            throw MLCError(
                .state, "cannot switch \(path) to journal mode \(wanted) (it stays \(found ?? "unknown"))",
                hint: "another process has the file open; close it and run again")
        }
        if journal == .rollback { try execute("PRAGMA journal_size_limit=16777216") }
    }

    deinit {
        for s in statements.values { sqlite3_finalize(s) }
        sqlite3_close(handle)
    }

    /// Runs `body` with exclusive use of the connection.
    public func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    public func execute(_ sql: String) throws {
        try locked {
            var err: UnsafeMutablePointer<CChar>?
            let rc = sqlite3_exec(handle, sql, nil, nil, &err)
            if rc != SQLITE_OK {
                let message = err.map { String(cString: $0) } ?? "unknown error"
                sqlite3_free(err)
                throw failure(rc, "\(message) in: \(sql.prefix(200))")
            }
        }
    }

    /// Runs `body` inside BEGIN IMMEDIATE … COMMIT; any throw rolls back.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try locked {
            try execute("BEGIN IMMEDIATE")
            do {
                let result = try body()
                try execute("COMMIT")
                return result
            } catch {
                try? execute("ROLLBACK")
                throw error
            }
        }
    }

    /// A cached prepared statement, reset and with bindings cleared.
    public func statement(_ sql: String) throws -> Statement {
        try locked {
            if let s = statements[sql] {
                sqlite3_reset(s)
                sqlite3_clear_bindings(s)
                return Statement(handle: s, db: self)
            }
            var s: OpaquePointer?
            guard sqlite3_prepare_v2(handle, sql, -1, &s, nil) == SQLITE_OK, let s else {
                throw MLCError(.state, "SQLite: \(lastError) in: \(sql.prefix(200))")
            }
            statements[sql] = s
            return Statement(handle: s, db: self)
        }
    }

    public var lastError: String { String(cString: sqlite3_errmsg(handle)) }

    /// A locked database is worth retrying later (another process holds it); anything else is not.
    func failure(_ rc: Int32, _ message: String) -> MLCError {
        if rc & 0xFF == SQLITE_BUSY || rc & 0xFF == SQLITE_LOCKED {
            return MLCError(
                .state, "SQLite: \(path) is locked by another process (\(message))",
                hint: "close the program holding it; parked work is retried by the next run or `mlc replay`",
                retryable: true)
        }
        return MLCError(.state, "SQLite: \(message)")
    }
    public var changes: Int { Int(sqlite3_changes(handle)) }
    public var lastInsertID: Int64 { sqlite3_last_insert_rowid(handle) }

    public func query(_ sql: String, _ params: [SQLValue] = []) throws -> [[SQLValue]] {
        try locked {
            let s = try statement(sql)
            try s.bind(params)
            var rows: [[SQLValue]] = []
            while try s.step() { rows.append(s.row()) }
            return rows
        }
    }

    public func run(_ sql: String, _ params: [SQLValue] = []) throws {
        try locked {
            let s = try statement(sql)
            try s.bind(params)
            while try s.step() {}
        }
    }
}

public enum SQLValue: Equatable, Sendable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case blob([UInt8])

    public var text: String? {
        switch self {
        case .text(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        default: return nil
        }
    }
    public var int: Int64? {
        if case .int(let i) = self { return i }
        return nil
    }
    public var blob: [UInt8]? {
        switch self {
        case .blob(let b): return b
        case .text(let s): return Array(s.utf8)
        default: return nil
        }
    }
}

public struct Statement {
    let handle: OpaquePointer
    let db: SQLiteDatabase

    public func bind(_ values: [SQLValue]) throws {
        for (i, v) in values.enumerated() { try bind(v, at: Int32(i + 1)) }
    }

    public func bind(_ value: SQLValue, at index: Int32) throws {
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(handle, index)
        case .int(let i): rc = sqlite3_bind_int64(handle, index, i)
        case .double(let d): rc = sqlite3_bind_double(handle, index, d)
        case .text(let s):
            rc =
                s.utf8.withContiguousStorageIfAvailable { buf in
                    buf.withMemoryRebound(to: CChar.self) {
                        mlc_sqlite_bind_text(handle, index, $0.baseAddress, Int32(buf.count))
                    }
                }
                ?? {
                    var copy = s
                    return copy.withUTF8 { buf in
                        buf.withMemoryRebound(to: CChar.self) {
                            mlc_sqlite_bind_text(handle, index, $0.baseAddress, Int32(buf.count))
                        }
                    }
                }()
        case .blob(let b):
            rc = b.withUnsafeBytes { mlc_sqlite_bind_blob(handle, index, $0.baseAddress, Int32($0.count)) }
        }
        guard rc == SQLITE_OK else { throw MLCError(.state, "SQLite bind: \(db.lastError)") }
    }

    /// Steps once; true while a row is available.
    public func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let rc: throw db.failure(rc, db.lastError)
        }
    }

    public func reset() { sqlite3_reset(handle) }

    public func row() -> [SQLValue] {
        (0..<sqlite3_column_count(handle)).map { column($0) }
    }

    public func column(_ i: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, i) {
        case SQLITE_INTEGER: return .int(sqlite3_column_int64(handle, i))
        case SQLITE_FLOAT: return .double(sqlite3_column_double(handle, i))
        case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(handle, i)))
        case SQLITE_BLOB:
            let n = Int(sqlite3_column_bytes(handle, i))
            guard n > 0, let p = sqlite3_column_blob(handle, i) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: p, count: n)))
        default: return .null
        }
    }
}

/// NSRecursiveLock under a local name so callers can nest `locked` (query inside transaction).
final class NSRecursiveLockShim: @unchecked Sendable {
    private let l = NSRecursiveLock()
    func lock() { l.lock() }
    func unlock() { l.unlock() }
}
