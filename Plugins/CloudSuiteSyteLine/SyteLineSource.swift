import Foundation
import CloudSuite
import MLCCore
import MLCHTTP

/// Reads IDOs page by page with `loadType=NEXT` + `Bookmark`, ordered by (RecordDate, RowPointer), from
/// `RecordDate >= cursor − lookback`. Rows re-read in the overlap are harmless: sinks upsert by key
/// with a modified-at guard, and ties on the boundary are never skipped.
public final class SyteLineSource: Source, @unchecked Sendable {
    let settings: CloudSuiteSettings
    let mongooseConfig: String
    let pageSize: Int
    let mappings: [String: (request: EntityRequest, entity: SyteLineEntity)]
    public let entities: [EntitySchema]
    let dates: SyteLineDates
    let lowercaseParameters: Bool

    init(settings: CloudSuiteSettings, mongooseConfig: String, pageSize: Int, entities: [(EntityRequest, SyteLineEntity)],
         dates: SyteLineDates, lowercaseParameters: Bool) {
        self.settings = settings; self.mongooseConfig = mongooseConfig; self.pageSize = pageSize
        self.dates = dates; self.lowercaseParameters = lowercaseParameters
        mappings = Dictionary(uniqueKeysWithValues: entities.map { ($0.1.name, ($0.0, $0.1)) })
        self.entities = entities.map { $0.1.schema }
    }

    public var statistics: HTTPStatistics { settings.http.statistics }

    func loadURL(_ entity: SyteLineEntity) -> String {
        settings.credentials.tenantURL + "/CSI/IDORequestService/ido/load/" + FormEncoding.escape(entity.ido)
    }

    public func read(entity schema: EntitySchema, from cursor: Cursor?) throws -> PageReader {
        guard let mapping = mappings[schema.name] else { throw MLCError(.internalError, "no mapping for \(schema.name)") }
        var filters: [String] = []
        if let since = cursor?.modifiedTimestamp {
            filters.append("\(mapping.entity.cursor) >= '\(dates.format(since.adding(seconds: -settings.lookback)))'")
        }
        if settings.settle > 0 {
            filters.append("\(mapping.entity.cursor) < '\(dates.format(Timestamp.now().adding(seconds: -settings.settle)))'")
        }
        if let extra = mapping.request.options["filter"]?.stringValue, !extra.isEmpty { filters.append("(\(extra))") }
        return SyteLineReader(source: self, entity: mapping.entity, filter: filters.joined(separator: " AND "),
                              pageSize: mapping.request.options["pageSize"]?.intValue ?? pageSize,
                              mongooseConfig: mapping.request.options["mongooseConfig"]?.stringValue ?? mongooseConfig)
    }

    /// Fetches one page; shared by the reader and `check`.
    func load(_ entity: SyteLineEntity, query: [(String, String)], mongooseConfig: String) async throws -> IDOPage {
        let url = loadURL(entity) + "?" + query.map { "\(lowercaseParameters ? $0.0.lowercased() : $0.0)=\(FormEncoding.escape($0.1))" }.joined(separator: "&")
        let context = MLCError.Context(entity: entity.name, url: loadURL(entity))
        let response: HTTPResponse
        do {
            response = try await settings.http.send(HTTPRequest(url: url, headers: [("Accept", "application/json"), ("X-Infor-MongooseConfig", mongooseConfig)]),
                                                     auth: settings.auth)
        } catch var e as MLCError {
            e.context.entity = entity.name
            throw e
        }
        guard response.status == 200 else {
            throw MLCError(response.status == 401 ? .auth : .sourceFailed, "the ION gateway answered HTTP \(response.status) for IDO \(entity.ido)",
                           hint: response.status == 401 ? "the token was refused twice: check the authorized app and its service account"
                               : response.status == 404 ? "check the tenant URL (iu/ti) and that CSI is deployed for this tenant" : nil,
                           context: .init(entity: entity.name, httpStatus: response.status, url: loadURL(entity)))
        }
        guard let page = try? IDOPage(response.body) else {
            throw MLCError(.sourceFailed, "IDO \(entity.ido) answered with a body that is not a JSON load response", context: context)
        }
        guard page.success else {
            let message = page.message ?? "no message"
            throw MLCError(.sourceFailed, "IDO \(entity.ido) refused the load: \(message)",
                           hint: message.contains("privilege") || message.contains("authorized")
                               ? "grant the service account's user Read on \(entity.ido) (Object Authorizations), or override the entity's \"ido\""
                               : "check the entity's ido, properties and filter in the manifest (`mlc discover` lists them)",
                           context: context)
        }
        return page
    }

    public func check() async -> [CheckResult] {
        var results: [CheckResult] = []
        do {
            _ = try await settings.auth.headers()
            results.append(CheckResult(subject: "token", ok: true, detail: "ION token obtained from \(settings.credentials.tokenURL)"))
        } catch {
            return [CheckResult(subject: "token", ok: false, detail: "\(error)")]
        }
        for schema in entities {
            guard let m = mappings[schema.name] else { continue }
            do {
                _ = try await load(m.entity, query: [("properties", m.entity.requestedProperties.joined(separator: ",")), ("recordCap", "1")],
                                   mongooseConfig: m.request.options["mongooseConfig"]?.stringValue ?? mongooseConfig)
                results.append(CheckResult(subject: schema.name, ok: true, detail: "IDO \(m.entity.ido) readable"))
            } catch {
                results.append(CheckResult(subject: schema.name, ok: false, detail: "\(error)"))
            }
        }
        return results
    }

    public func close() async { await settings.auth.revoke() }

    /// Requests, 429s, retries and how much of the tenant's limit the run used.
    public func runStatistics(seconds: Double) async -> [(String, String)] {
        let stats = settings.http.statistics
        let rpm = settings.limiter.requestsPerMinute
        let capacity = settings.limiter.burst + rpm / 60 * seconds
        let utilisation = capacity > 0 ? Double(stats.requests) / capacity * 100 : 0
        return [("requests", String(stats.requests)), ("429s", String(stats.throttled)), ("retries", String(stats.retries)),
                ("limit", "\(Int(rpm))/min"), ("utilisation", String(format: "%.1f%%", utilisation))]
    }
}

final class SyteLineReader: PageReader {
    let source: SyteLineSource
    let entity: SyteLineEntity
    let filter: String
    let pageSize: Int
    let mongooseConfig: String
    var bookmark: String?
    var done = false

    init(source: SyteLineSource, entity: SyteLineEntity, filter: String, pageSize: Int, mongooseConfig: String) {
        self.source = source; self.entity = entity; self.filter = filter; self.pageSize = pageSize; self.mongooseConfig = mongooseConfig
    }

    func next() async throws -> Page? {
        guard !done else { return nil }
        var query: [(String, String)] = [("properties", entity.requestedProperties.joined(separator: ",")),
                                         ("orderBy", "\(entity.cursor),RowPointer"), ("recordCap", String(pageSize)), ("loadType", "NEXT")]
        if !filter.isEmpty { query.insert(("filter", filter), at: 1) }
        if let bookmark { query.append(("bookmark", bookmark)) }
        let page = try await source.load(entity, query: query, mongooseConfig: mongooseConfig)
        bookmark = page.bookmark
        done = !page.moreRowsExist || page.items.isEmpty || bookmark == nil
        if page.items.isEmpty { return nil }
        let records = page.items.map { record($0.item, raw: $0.raw) }
        let last = records[records.count - 1]
        return Page(records: records, cursor: Cursor(modifiedAt: records.compactMap(\.modifiedAt).max(), key: last.key), requests: 1)
    }

    /// Where each requested property goes in a record's fields: the item's members are read once.
    private lazy var propertyIndex: [String: Int] = Dictionary(entity.requestedProperties.enumerated().map { ($1, $0) }) { a, _ in a }

    /// A record from one item. `raw` is the item's text exactly as the gateway sent it.
    func record(_ item: JSON, raw: String) -> Record {
        let properties = entity.requestedProperties
        var values = [Value](repeating: .null, count: properties.count)
        for member in item.objectValue ?? [] {
            guard let i = propertyIndex[member.key] else { continue }
            switch member.value {
            case .null: values[i] = .null
            case .string(let s): values[i] = .string(s)
            // IDO values arrive as strings; anything else is kept as its JSON text, never dropped.
            default: values[i] = .string(member.value.serialized())
            }
        }
        func text(_ name: String) -> String? { propertyIndex[name].flatMap { values[$0].text } }
        let key = entity.key.map { text($0) ?? "" }.joined(separator: "|")
        let modified = text(entity.cursor).flatMap(source.dates.parse)
        // The cursor column holds the instant (with the configured offset applied), not the zone-less text.
        if let modified, let i = propertyIndex[entity.cursor] { values[i] = .timestamp(modified) }
        return Record(entity: entity.name, key: key, modifiedAt: modified, fields: Fields(unique: properties, values), raw: raw)
    }
}

/// One IDO load response, read without re-serialising anything: each item comes with its own text.
struct IDOPage {
    var items: [(item: JSON, raw: String)] = []
    var bookmark: String?
    var moreRowsExist = false
    var success = true
    var message: String?

    init(_ body: [UInt8]) throws {
        for member in try JSONParser.memberRanges(body) {
            switch String(decoding: body[member.key], as: UTF8.self) {
            case "Items":
                if body[member.range.lowerBound] == UInt8(ascii: "n") { continue }  // "Items": null
                items = try JSONParser.elementRanges(body, array: member.range).map { range in
                    (try JSONParser.parse(body, range: range), String(decoding: body[range], as: UTF8.self))
                }
            case "Bookmark": bookmark = try JSONParser.parse(body, range: member.range).stringValue
            case "MoreRowsExist": moreRowsExist = try JSONParser.parse(body, range: member.range).boolValue == true
            case "Success": success = try JSONParser.parse(body, range: member.range).boolValue != false
            case "Message": message = try JSONParser.parse(body, range: member.range).stringValue
            default: continue
            }
        }
    }
}

/// SyteLine's date literal form (`yyyy-MM-dd HH:mm:ss.fff`). RecordDate carries no zone; whether it is
/// UTC or the server's local time is unconfirmed publicly, so the offset is a setting (default UTC).
struct SyteLineDates {
    let offsetSeconds: Double

    func format(_ t: Timestamp) -> String {
        let iso = t.adding(seconds: offsetSeconds).iso8601
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(12))
    }

    /// A RecordDate as an instant; values with their own zone (ISO 8601 with Z or an offset) keep it.
    func parse(_ text: String) -> Timestamp? {
        guard let t = Timestamp(parsing: text) else { return nil }
        let zoned = text.hasSuffix("Z") || text.dropFirst(19).contains(where: { $0 == "+" || $0 == "-" })
        return zoned ? t : t.adding(seconds: -offsetSeconds)
    }

    static func offsetSeconds(_ text: String) -> Double? {
        let parts = text.dropFirst().split(separator: ":")
        guard let sign = text.first, sign == "+" || sign == "-", parts.count == 2, let h = Double(parts[0]), let m = Double(parts[1]), h < 15, m < 60 else { return nil }
        return (sign == "-" ? -1 : 1) * (h * 3600 + m * 60)
    }
}
