import Foundation
import MLCCore
import MLCCrypto

/// Secrets (`.ionapi` files, key passphrases) sealed with AES-256-GCM under a master key, in SQLite.
/// The master key comes from `MLC_MASTER_KEY` (32 bytes as base64 or hex) or from a key file created
/// with mode 0600 on first use. Each secret's name and kind are authenticated with it, so a swapped or
/// edited row fails to open instead of yielding garbage.
public final class SecretStore: @unchecked Sendable {
    public struct Entry: Equatable, Sendable {
        public var name: String
        public var kind: String
        public var createdAt: String
    }

    let db: SQLiteDatabase
    let key: [UInt8]
    static let verifier = "mlc-master-key-check"

    /// Where a newly created master key is announced (it must be backed up); standard error by default.
    nonisolated(unsafe) public static var notice: (String) -> Void = {
        FileHandle.standardError.write(($0 + "\n").data(using: .utf8)!)
    }

    /// `home` holds `secrets.sqlite` and, without `MLC_MASTER_KEY`, `master.key`.
    public init(home: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        try FileManager.default.createDirectory(
            atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        db = try Self.open(home: home)
        key = try Self.masterKey(home: home, environment: environment, sealed: try Self.hasSealedRows(db))
        try checkMasterKey()
    }

    private static func open(home: String) throws -> SQLiteDatabase {
        let db = try SQLiteDatabase(path: home + "/secrets.sqlite")
        try db.execute(
            """
            CREATE TABLE IF NOT EXISTS secrets (name TEXT PRIMARY KEY, kind TEXT NOT NULL, sealed BLOB NOT NULL, created_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, sealed BLOB NOT NULL);
            """)
        return db
    }

    static func hasSealedRows(_ db: SQLiteDatabase) throws -> Bool {
        try db.query("SELECT (SELECT count(*) FROM meta) + (SELECT count(*) FROM secrets)").first?[0].int ?? 0 > 0
    }

    /// Names, kinds and dates only: nothing is opened, so no master key is needed.
    public static func list(home: String) throws -> [Entry] {
        guard FileManager.default.fileExists(atPath: home + "/secrets.sqlite") else { return [] }
        return try open(home: home).query("SELECT name, kind, created_at FROM secrets ORDER BY name")
            .map { Entry(name: $0[0].text ?? "", kind: $0[1].text ?? "", createdAt: $0[2].text ?? "") }
    }

    public static var defaultHome: String {
        ProcessInfo.processInfo.environment["MLC_HOME"] ?? (NSHomeDirectory() + "/.mlc")
    }

    static func masterKey(home: String, environment: [String: String], sealed: Bool) throws -> [UInt8] {
        if let text = environment["MLC_MASTER_KEY"] {
            if let key = decodeKey(text) { return key }
            throw MLCError(
                .configuration, "MLC_MASTER_KEY is not a 32-byte key",
                hint: "generate one with `openssl rand -base64 32` (base64 or 64 hex digits)")
        }
        let path = home + "/master.key"
        if let data = FileManager.default.contents(atPath: path) {
            guard let key = decodeKey(String(decoding: data, as: UTF8.self)) else {
                throw MLCError(
                    .configuration, "the master key file \(path) does not hold a 32-byte key",
                    hint: "restore it from your backup")
            }
            return key
        }
        // A second key beside rows sealed under the first would make them unreadable for good.
        guard !sealed else {
            throw MLCError(
                .configuration,
                "\(home)/secrets.sqlite holds sealed secrets, but no master key was found: MLC_MASTER_KEY is not set and \(path) does not exist",
                hint:
                    "set MLC_MASTER_KEY to the key they were sealed with, or restore \(path) from your backup; mlc does not create a new key beside them"
            )
        }
        let key = try Digest.randomBytes(32)
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data((Base64.encode(key) + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw MLCError(.configuration, "cannot create the master key file \(path)")
        }
        notice(
            "created a new master key at \(path) (mode 0600): back it up; without it the stored secrets cannot be read")
        return key
    }

    static func decodeKey(_ text: String) -> [UInt8]? {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.count == 64, t.allSatisfy(\.isHexDigit) {
            var out: [UInt8] = []
            var i = t.startIndex
            while i < t.endIndex {
                let j = t.index(i, offsetBy: 2)
                out.append(UInt8(t[i..<j], radix: 16)!)
                i = j
            }
            return out
        }
        guard let bytes = try? Base64.decode(t), bytes.count == 32 else { return nil }
        return bytes
    }

    /// The first use seals a known value; later uses must open it, or the key is wrong.
    private func checkMasterKey() throws {
        let aad = Array("meta:\(Self.verifier)".utf8)
        if let sealed = try db.query("SELECT sealed FROM meta WHERE name = ?", [.text(Self.verifier)]).first?[0].blob {
            guard (try? AESGCM.open(sealed, key: key, aad: aad)) == Array(Self.verifier.utf8) else {
                throw MLCError(
                    .crypto, "the master key does not match the one these secrets were sealed with",
                    hint:
                        "set MLC_MASTER_KEY (or the master.key file) to the original key; secrets cannot be read without it"
                )
            }
        } else {
            try db.run(
                "INSERT INTO meta (name, sealed) VALUES (?, ?)",
                [.text(Self.verifier), .blob(try AESGCM.seal(Array(Self.verifier.utf8), key: key, aad: aad))])
        }
    }

    private func aad(_ name: String, _ kind: String) -> [UInt8] { Array("secret:\(name):\(kind)".utf8) }

    public func put(name: String, kind: String, value: [UInt8]) throws {
        try db.run(
            """
            INSERT INTO secrets (name, kind, sealed, created_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, sealed = excluded.sealed, created_at = excluded.created_at
            """,
            [
                .text(name), .text(kind), .blob(try AESGCM.seal(value, key: key, aad: aad(name, kind))),
                .text(Timestamp.now().iso8601),
            ])
    }

    public func get(_ name: String) throws -> [UInt8]? {
        guard let row = try db.query("SELECT kind, sealed FROM secrets WHERE name = ?", [.text(name)]).first,
            let kind = row[0].text, let sealed = row[1].blob
        else { return nil }
        do { return try AESGCM.open(sealed, key: key, aad: aad(name, kind)) } catch {
            throw MLCError(
                .crypto, "stored secret \(name) does not open: it was tampered with or sealed under another key",
                hint: "add it again with `mlc secrets add \(name) …`")
        }
    }

    public func list() throws -> [Entry] {
        try db.query("SELECT name, kind, created_at FROM secrets ORDER BY name").map {
            Entry(name: $0[0].text ?? "", kind: $0[1].text ?? "", createdAt: $0[2].text ?? "")
        }
    }

    @discardableResult
    public func remove(_ name: String) throws -> Bool {
        try db.run("DELETE FROM secrets WHERE name = ?", [.text(name)])
        return db.changes > 0
    }
}
