import MLCCore

/// The replay journal: parked records, one entry per parking, each record at most once per entity and key.
/// A record parked again (a nightly run failing on the same rows, a replay refused once more) supersedes its
/// earlier parked version, so ten failing runs keep one copy and the newest modified-at is what is replayed.
extension StateStore {
    func insertJournal(entity: String, stage: ParkedStage, reason: String, records: [Record], runID: String) throws {
        // Only a record with a key can supersede or be superseded: keyless records (all keyed "") are distinct
        // records as far as anyone can tell, so each one is kept. Between versions of a key, the newer modified-at
        // wins; without one (an entity read in full every run), the later parking does.
        let identified = records.filter(Self.supersedable)
        let incoming = newestPerKey(identified)
        var kept: [Record] = records.filter { !Self.supersedable($0) }
        var superseded: [Int64: Set<String>] = [:]
        for record in incoming {
            let parked = try db.query(
                "SELECT modified_at, entry_id FROM journal_keys WHERE pipeline = ? AND entity = ? AND key = ?",
                [.text(pipeline), .text(entity), .text(record.key)]
            ).first
            if let parked, let at = parked[0].int, let entry = parked[1].int {
                // An older version arriving after a newer one is already superseded by what is parked; when either
                // has no date, the later parking is the later read.
                if record.modifiedAt != nil, at != Self.order(nil), at > Self.order(record.modifiedAt) { continue }
                superseded[entry, default: []].insert(record.key)
            }
            kept.append(record)
        }
        for (entry, keys) in superseded { try remove(keys: keys, fromEntry: entry) }
        guard !kept.isEmpty else { return }
        try db.run(
            """
            INSERT INTO journal (pipeline, entity, stage, reason, record_count, run_id, created_at, payload)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(pipeline), .text(entity), .text(stage.rawValue), .text(String(reason.prefix(2000))),
                .int(Int64(kept.count)), .text(runID), .text(Timestamp.now().iso8601), .blob(RecordCodec.encode(kept)),
            ])
        let entry = db.lastInsertID
        for record in kept where Self.supersedable(record) {
            try db.run(
                """
                INSERT INTO journal_keys (pipeline, entity, key, modified_at, entry_id) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (pipeline, entity, key) DO UPDATE SET modified_at = excluded.modified_at, entry_id = excluded.entry_id
                """,
                [.text(pipeline), .text(entity), .text(record.key), .int(Self.order(record.modifiedAt)), .int(entry)])
        }
    }

    /// Drops superseded records from an earlier entry; an entry left empty is deleted.
    private func remove(keys: Set<String>, fromEntry id: Int64) throws {
        let left = try journalRecords(id: id).filter { !keys.contains($0.key) }
        if left.isEmpty {
            try db.run("DELETE FROM journal WHERE id = ?", [.int(id)])
        } else {
            try db.run(
                "UPDATE journal SET payload = ?, record_count = ? WHERE id = ?",
                [.blob(RecordCodec.encode(left)), .int(Int64(left.count)), .int(id)])
        }
    }

    /// One record per key, the newest modified-at (the order a batch's duplicates arrive in breaks ties).
    private func newestPerKey(_ records: [Record]) -> [Record] {
        var index: [String: Int] = [:]
        var out: [Record] = []
        for r in records {
            if let i = index[r.key] {
                if Self.order(out[i].modifiedAt) <= Self.order(r.modifiedAt) { out[i] = r }
            } else {
                index[r.key] = out.count
                out.append(r)
            }
        }
        return out
    }

    static func order(_ t: Timestamp?) -> Int64 { t?.microseconds ?? .min }

    static func supersedable(_ record: Record) -> Bool { !record.key.isEmpty }

    public func journal(entity: String) throws -> [JournalEntry] {
        try journalEntries(where: "AND entity = ?", [.text(entity)])
    }

    public func journal() throws -> [JournalEntry] { try journalEntries(where: "", []) }

    private func journalEntries(where clause: String, _ params: [SQLValue]) throws -> [JournalEntry] {
        try db.query(
            "SELECT id, entity, stage, reason, record_count, run_id FROM journal WHERE pipeline = ? \(clause) ORDER BY id",
            [.text(pipeline)] + params
        ).map {
            JournalEntry(
                id: $0[0].int ?? 0, entity: $0[1].text ?? "", stage: ParkedStage(rawValue: $0[2].text ?? "") ?? .sink,
                reason: $0[3].text ?? "", count: Int($0[4].int ?? 0), runID: $0[5].text ?? "")
        }
    }

    public func journalRecords(id: Int64) throws -> [Record] {
        guard let payload = try db.query("SELECT payload FROM journal WHERE id = ?", [.int(id)]).first?[0].blob else {
            throw MLCError(.state, "journal entry \(id) does not exist")
        }
        return try RecordCodec.decode(payload)
    }

    public func finishReplay(id: Int64, reparked: [ParkedStage: [RejectedRecord]], runID: String) throws {
        try db.transaction {
            try db.run("DELETE FROM journal WHERE id = ?", [.int(id)])
            try db.run("DELETE FROM journal_keys WHERE entry_id = ?", [.int(id)])
            for stage in [ParkedStage.source, .transform, .sink] {
                guard let records = reparked[stage], let first = records.first else { continue }
                try insertJournal(
                    entity: first.record.entity, stage: stage, reason: first.reason, records: records.map(\.record),
                    runID: runID)
            }
        }
    }
}
