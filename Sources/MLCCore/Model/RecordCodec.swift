/// Lossless JSON form of records, for the replay journal: field types survive the round trip.
public enum RecordCodec {
    public static func encode(_ records: [Record]) -> [UInt8] {
        var w = JSONWriter(capacity: records.count * 1200)
        w.writeRaw(UInt8(ascii: "["))
        for (i, r) in records.enumerated() {
            if i > 0 { w.writeRaw(UInt8(ascii: ",")) }
            w.writeRaw("{\"entity\":")
            w.writeString(r.entity)
            w.writeRaw(",\"key\":")
            w.writeString(r.key)
            w.writeRaw(",\"modifiedAt\":")
            if let m = r.modifiedAt { w.writeRaw(String(m.microseconds)) } else { w.writeRaw("null") }
            w.writeRaw(",\"raw\":")
            w.writeString(r.raw)
            w.writeRaw(",\"fields\":{")
            for (j, (name, value)) in r.fields.sorted(by: { $0.key < $1.key }).enumerated() {
                if j > 0 { w.writeRaw(UInt8(ascii: ",")) }
                w.writeString(name)
                w.writeRaw(UInt8(ascii: ":"))
                switch value {
                case .null: w.writeRaw("null")
                case .bool(let b): w.writeRaw(b ? "[\"b\",true]" : "[\"b\",false]")
                case .int(let n): w.writeRaw("[\"i\",\(n)]")
                case .decimal(let d):
                    w.writeRaw("[\"d\",")
                    w.writeString(d)
                    w.writeRaw("]")
                case .double(let d):
                    w.writeRaw("[\"f\",")
                    w.writeString(String(d))
                    w.writeRaw("]")
                case .string(let s):
                    w.writeRaw("[\"s\",")
                    w.writeString(s)
                    w.writeRaw("]")
                case .timestamp(let t): w.writeRaw("[\"t\",\(t.microseconds)]")
                }
            }
            w.writeRaw("}}")
        }
        w.writeRaw(UInt8(ascii: "]"))
        return w.bytes
    }

    public static func decode(_ bytes: [UInt8]) throws -> [Record] {
        guard case .array(let items) = try JSONParser.parse(bytes) else {
            throw MLCError(.state, "journal payload is not an array of records")
        }
        return try items.map { item in
            guard let entity = item["entity"]?.stringValue, let key = item["key"]?.stringValue,
                let raw = item["raw"]?.stringValue, case .object(let fields)? = item["fields"]
            else {
                throw MLCError(.state, "journal record is missing entity, key, raw or fields")
            }
            var values = Fields(minimumCapacity: fields.count)
            for f in fields {
                values[f.key] = try decodeValue(f.value)
            }
            let modified = item["modifiedAt"]?.intValue.map { Timestamp(microseconds: Int64($0)) }
            return Record(entity: entity, key: key, modifiedAt: modified, fields: values, raw: raw)
        }
    }

    private static func decodeValue(_ json: JSON) throws -> Value {
        if case .null = json { return .null }
        guard case .array(let pair) = json, pair.count == 2, let tag = pair[0].stringValue else {
            throw MLCError(.state, "journal field value has an unknown form: \(json.serialized())")
        }
        switch (tag, pair[1]) {
        case ("b", .bool(let b)): return .bool(b)
        case ("i", .number(let n)): if let i = Int64(n) { return .int(i) }
        case ("d", .string(let d)): return .decimal(d)
        case ("f", .string(let d)): if let v = Double(d) { return .double(v) }
        case ("s", .string(let s)): return .string(s)
        case ("t", .number(let n)): if let i = Int64(n) { return .timestamp(Timestamp(microseconds: i)) }
        default: break
        }
        throw MLCError(.state, "journal field value has an unknown form: \(json.serialized())")
    }
}
