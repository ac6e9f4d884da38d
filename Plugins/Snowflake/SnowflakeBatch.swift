import MLCCore

/// Encodes records as the JSON array the MERGE reads, split so statement plus binding stay under the
/// 1 MB budget (Snowflake dedupes retried requests only for statements up to 1 MB).
struct SnowflakeBatchEncoder {
    let schema: EntitySchema
    let budget: Int

    struct Chunk {
        var json: [UInt8]
        var records: [Record]
    }

    /// Latest version per key (Snowflake's MERGE refuses several source rows for one target row).
    static func dedupe(_ records: [Record]) -> [Record] {
        var index: [String: Int] = [:]
        var out: [Record] = []
        out.reserveCapacity(records.count)
        for r in records {
            if let i = index[r.key] {
                if (out[i].modifiedAt ?? Timestamp(microseconds: .min))
                    <= (r.modifiedAt ?? Timestamp(microseconds: .min))
                {
                    out[i] = r
                }
            } else {
                index[r.key] = out.count
                out.append(r)
            }
        }
        return out
    }

    /// One record's element, or why it cannot be loaded (a value that does not fit its column).
    func element(_ r: Record) throws -> [UInt8] {
        var w = JSONWriter(capacity: r.raw.utf8.count * 2 + 64)
        w.writeRaw("{\"k\":")
        w.writeString(r.key)
        w.writeRaw(",\"m\":")
        if let m = r.modifiedAt { w.writeString(Self.ntz(m)) } else { w.writeRaw("null") }
        w.writeRaw(",\"v\":{")
        var position = 0
        for (i, column) in schema.columns.enumerated() {
            if i > 0 { w.writeRaw(",") }
            w.writeString(column.name)
            w.writeRaw(":")
            switch try (r.fields.value(of: column.name, near: &position) ?? .null).cast(to: column.type) {
            case .null: w.writeRaw("null")
            case .bool(let b): w.writeRaw(b ? "true" : "false")
            case .int(let n): w.writeString(String(n))
            case .decimal(let d): w.writeString(d)
            case .double(let d): w.writeString(String(d))
            case .string(let s): w.writeString(s)
            case .timestamp(let t): w.writeString(column.type == .date ? String(t.iso8601.prefix(10)) : Self.ntz(t))
            }
        }
        // The raw object is valid JSON already: it goes in as it is, never re-escaped.
        w.writeRaw("},\"r\":")
        w.writeRaw(r.raw.isEmpty ? "null" : r.raw)
        w.writeRaw("}")
        return w.bytes
    }

    /// `YYYY-MM-DD HH:MI:SS.FFFFFF` in UTC, which TIMESTAMP_NTZ reads without a format.
    static func ntz(_ t: Timestamp) -> String {
        let iso = t.iso8601
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(15))
    }

    func chunks(_ records: [Record]) -> (chunks: [Chunk], rejected: [RejectedRecord]) {
        var chunks: [Chunk] = []
        var rejected: [RejectedRecord] = []
        var current = Chunk(json: [UInt8(ascii: "[")], records: [])
        for r in records {
            let bytes: [UInt8]
            do { bytes = try element(r) } catch {
                rejected.append(RejectedRecord(record: r, reason: "\(error)"))
                continue
            }
            if !current.records.isEmpty, current.json.count + bytes.count + 2 > budget {
                current.json.append(UInt8(ascii: "]"))
                chunks.append(current)
                current = Chunk(json: [UInt8(ascii: "[")], records: [])
            }
            if !current.records.isEmpty { current.json.append(UInt8(ascii: ",")) }
            current.json.append(contentsOf: bytes)
            current.records.append(r)
        }
        if !current.records.isEmpty {
            current.json.append(UInt8(ascii: "]"))
            chunks.append(current)
        }
        return (chunks, rejected)
    }
}
