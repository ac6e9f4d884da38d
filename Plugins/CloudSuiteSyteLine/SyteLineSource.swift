import CloudSuite
import Foundation
import MLCCore
import MLCHTTP

/// Reads IDOs from `cursor − lookback`, ordered by (RecordDate, RowPointer). Rows re-read in the overlap are
/// harmless: sinks upsert by key with a modified-at guard, and ties on the boundary are never skipped.
public final class SyteLineSource: Source, @unchecked Sendable {
    /// A configured entity: the manifest's request and the catalog entry with its overrides.
    struct Mapping {
        var request: EntityRequest
        var entity: SyteLineEntity
        var mongooseConfig: String
        var pageSize: Int
        /// The manifest listed `properties`: they are sent as written (plus key and cursor), unchecked.
        var explicitProperties: Bool
    }

    let settings: CloudSuiteSettings
    let mappings: [String: Mapping]
    public let entities: [EntitySchema]
    let dates: SyteLineDates
    let lowercaseParameters: Bool
    private let lock = NSLock()
    /// One `/info` call per IDO per run, shared by every entity on that IDO.
    private var infos: [String: Task<IDOInfo, Error>] = [:]

    init(settings: CloudSuiteSettings, mappings: [Mapping], dates: SyteLineDates, lowercaseParameters: Bool) {
        self.settings = settings
        self.dates = dates
        self.lowercaseParameters = lowercaseParameters
        self.mappings = Dictionary(uniqueKeysWithValues: mappings.map { ($0.entity.name, $0) })
        entities = mappings.map(\.entity.schema)
    }

    public var statistics: HTTPStatistics { settings.http.statistics }

    func url(_ operation: String, _ entity: SyteLineEntity) -> String {
        settings.credentials.tenantURL + "/CSI/IDORequestService/ido/\(operation)/" + FormEncoding.escape(entity.ido)
    }

    /// The run's filter: the incremental window from `cursor`, the settle margin, the entity's own filter.
    func filter(_ mapping: Mapping, from cursor: Cursor?) -> String {
        var filters: [String] = []
        if let since = cursor?.modifiedTimestamp {
            filters.append("\(mapping.entity.cursor) >= '\(dates.literal(since.adding(seconds: -settings.lookback)))'")
        }
        if settings.settle > 0 {
            filters.append(
                "\(mapping.entity.cursor) < '\(dates.literal(Timestamp.now().adding(seconds: -settings.settle)))'")
        }
        if let extra = mapping.request.options["filter"]?.stringValue, !extra.isEmpty { filters.append("(\(extra))") }
        return filters.joined(separator: " AND ")
    }

    public func read(entity schema: EntitySchema, from cursor: Cursor?) throws -> PageReader {
        guard let mapping = mappings[schema.name] else {
            throw MLCError(.internalError, "no mapping for \(schema.name)")
        }
        return SyteLineReader(
            source: self, mapping: mapping, filter: filter(mapping, from: cursor), pageSize: mapping.pageSize,
            from: cursor)
    }

    /// Records by key, `keysPerRequest` keys to a filter of `(K1 = 'a' AND K2 = 'b') OR …` (quotes doubled),
    /// ANDed with the entity's own filter; read like a run, so values are typed and refused the same way.
    public func reread(entity schema: EntitySchema, keys: [String]) throws -> Reread? {
        guard let mapping = mappings[schema.name] else {
            throw MLCError(.internalError, "no mapping for \(schema.name)")
        }
        let names = mapping.entity.key
        var asked: Set<String> = []
        var conditions: [String] = []
        for key in keys {
            let parts = key.split(separator: "|", omittingEmptySubsequences: false)
            // A key that is empty or does not split into the key properties cannot be asked for.
            guard parts.count == names.count, !parts.contains(where: \.isEmpty), asked.insert(key).inserted else {
                continue
            }
            conditions.append(
                "("
                    + zip(names, parts).map { "\($0) = '\($1.replacingOccurrences(of: "'", with: "''"))'" }
                    .joined(separator: " AND ") + ")")
        }
        let extra = mapping.request.options["filter"]?.stringValue.flatMap { $0.isEmpty ? nil : " AND (\($0))" } ?? ""
        let filters = stride(from: 0, to: conditions.count, by: Self.keysPerRequest).map {
            "(" + conditions[$0..<min($0 + Self.keysPerRequest, conditions.count)].joined(separator: " OR ") + ")"
                + extra
        }
        let readers = filters.map {
            SyteLineReader(source: self, mapping: mapping, filter: $0, pageSize: mapping.pageSize, from: nil)
        }
        return Reread(reader: SequentialPages(readers: readers), keys: asked)
    }

    /// Keeps each re-read's URL well under the gateway's request-line limit.
    static let keysPerRequest = 40

    /// What the entity requests this run: the catalog checked against the tenant's IDO, or the manifest's list.
    func plan(_ mapping: Mapping) async throws -> SyteLineRequestPlan {
        if mapping.explicitProperties { return SyteLineRequestPlan(entity: mapping.entity) }
        do {
            return try SyteLineRequestPlan(entity: mapping.entity, info: try await info(mapping))
        } catch let e as MLCError where e.context.httpStatus != nil || e.message.contains("/info") {
            // A gateway that does not expose /info: the catalog goes out unchecked, and the summary says so.
            return SyteLineRequestPlan(
                entity: mapping.entity,
                warnings: [
                    "could not read IDO \(mapping.entity.ido)'s properties (\(e.message)): "
                        + "the catalog's properties are requested unchecked"
                ])
        }
    }

    func info(_ mapping: Mapping) async throws -> IDOInfo {
        let ido = mapping.entity.ido.lowercased()
        let task = lock.withLock {
            if let existing = infos[ido] { return existing }
            let task = Task { try await self.fetchInfo(mapping) }
            infos[ido] = task
            return task
        }
        return try await task.value
    }

    private func fetchInfo(_ mapping: Mapping) async throws -> IDOInfo {
        let body = try await get(
            url("info", mapping.entity), entity: mapping.entity, mongooseConfig: mapping.mongooseConfig)
        guard let info = try? IDOInfo(body) else {
            throw MLCError(
                .sourceFailed, "IDO \(mapping.entity.ido): the /info answer is not JSON",
                context: .init(entity: mapping.entity.name))
        }
        guard info.success, !info.properties.isEmpty else {
            throw refusal(mapping.entity, info.message ?? "no properties listed", operation: "/info")
        }
        return info
    }

    /// One gateway GET with the Mongoose configuration header; the ION error mapping for both operations.
    func get(_ url: String, entity: SyteLineEntity, mongooseConfig: String) async throws -> [UInt8] {
        let bare = String(url.prefix { $0 != "?" })
        let response: HTTPResponse
        do {
            response = try await settings.http.send(
                HTTPRequest(
                    url: url, headers: [("Accept", "application/json"), ("X-Infor-MongooseConfig", mongooseConfig)]),
                auth: settings.auth)
        } catch var e as MLCError {
            e.context.entity = entity.name
            guard e.retryable, e.code != .rateLimited else { throw e }
            // Unreachable past the retry budget: the run checkpoints (exit 3) and says where to look.
            throw MLCError(
                .sourceUnavailable, "the ION gateway could not be reached for IDO \(entity.ido): \(e.message)",
                hint:
                    "the run checkpointed and the next one resumes; check iu and pu in the .ionapi, the proxy variables "
                    + "(HTTPS_PROXY, NO_PROXY) and that the gateway's host name resolves (DNS)",
                retryable: true, context: e.context)
        }
        guard response.status == 200 else {
            throw MLCError(
                response.status == 401 ? .auth : .sourceFailed,
                "the ION gateway answered HTTP \(response.status) for IDO \(entity.ido)",
                hint: response.status == 401
                    ? "the token was refused twice: check the authorized app and its service account"
                    : response.status == 404
                        ? "check the tenant URL (iu/ti) and that CSI is deployed for this tenant" : nil,
                context: .init(entity: entity.name, httpStatus: response.status, url: bare))
        }
        return response.body
    }

    /// Fetches one load page; shared by the reader and `check`.
    func load(
        _ entity: SyteLineEntity, query: [(String, String)], mongooseConfig: String, page number: Int = 1
    ) async throws -> IDOPage {
        let url =
            url("load", entity) + "?"
            + query.map { "\(lowercaseParameters ? $0.0.lowercased() : $0.0)=\(FormEncoding.escape($0.1))" }.joined(
                separator: "&")
        let body = try await get(url, entity: entity, mongooseConfig: mongooseConfig)
        let page: IDOPage
        do { page = try IDOPage(body) } catch {
            throw MLCError(
                .sourceFailed,
                "IDO \(entity.ido), page \(number): the answer is not a load response: \(Self.describe(body, error))",
                hint:
                    "nothing from this page was loaded and the cursor stays before it; a proxy or gateway error page, "
                    + "or an answer cut short, usually passes: run again, and report it to the tenant if it repeats",
                context: .init(entity: entity.name, url: self.url("load", entity)))
        }
        guard page.success else { throw refusal(entity, page.message ?? "no message", operation: "load") }
        return page
    }

    /// What a body that is not a load response looks like, without echoing it: HTML (with its title), empty,
    /// cut short, or the envelope fault.
    static func describe(_ body: [UInt8], _ error: Error) -> String {
        let text = String(decoding: body.prefix(4096), as: UTF8.self)
        if text.drop(while: \.isWhitespace).hasPrefix("<") {
            let title = text.range(of: "<title>", options: .caseInsensitive).flatMap { start in
                text.range(of: "</title>", options: .caseInsensitive, range: start.upperBound..<text.endIndex).map {
                    String(text[start.upperBound..<$0.lowerBound])
                }
            }
            return "an HTML page" + (title.map { " (\"\($0.prefix(80))\")" } ?? "") + ", \(body.count) bytes"
        }
        if body.isEmpty { return "an empty body" }
        if let fault = error as? EnvelopeFault { return fault.description }
        return "\(body.count) bytes of JSON that do not parse (\(error)); the answer may have been cut short"
    }

    /// An IDO's `Success: false`, with the setting that fixes it.
    func refusal(_ entity: SyteLineEntity, _ message: String, operation: String) -> MLCError {
        let path = mappings[entity.name]?.request.manifestPath ?? "$.source.entities"
        let lower = message.lowercased()
        let hint: String
        if lower.contains("mongooseconfig") || lower.contains("configuration") {
            hint =
                "set source.mongooseConfig (or the entity's \"mongooseConfig\") to a configuration of this tenant (X-Infor-MongooseConfig)"
        } else if lower.contains("privilege") || lower.contains("authorized") || lower.contains("licensed") {
            hint = "grant the service account's user Read on \(entity.ido) (Object Authorizations), or set \(path).ido"
        } else if lower.contains("filter") || lower.contains("conversion failed") || lower.contains("date") {
            hint =
                "the tenant refused the filter: set source.filterDateForm (mongoose, sql or iso) to a date form it reads, or fix \(path).filter"
        } else if lower.contains("property") {
            hint = "fix \(path).properties (`mlc discover` lists the properties this IDO has)"
        } else {
            hint = "check \(path) (ido, properties, filter); `mlc discover` shows what the tenant has"
        }
        return MLCError(
            .sourceFailed, "IDO \(entity.ido) refused the \(operation): \(message)", hint: hint,
            context: .init(entity: entity.name))
    }

    /// An IDO refusal without the entity's own words (its IDO, its name): Infor's message and the hint, so that
    /// a wrong Mongoose configuration failing every entity is reported as one cause.
    static func cause(_ error: Error) -> String? {
        guard let e = error as? MLCError, let refused = e.message.range(of: " refused the "),
            let colon = e.message[refused.upperBound...].range(of: ": ")
        else { return nil }
        return String(e.message[colon.upperBound...]) + (e.hint.map { "\n  hint: \($0)" } ?? "")
    }

    public func check() async -> [CheckResult] {
        do {
            _ = try await settings.auth.headers()
        } catch {
            return [CheckResult(subject: "token", ok: false, detail: "\(error)")]
        }
        var results = [
            CheckResult(subject: "token", ok: true, detail: "ION token obtained from \(settings.credentials.tokenURL)")
        ]
        for schema in entities {
            guard let mapping = mappings[schema.name] else { continue }
            // The exact request a run sends — properties, incremental filter in the configured date form — capped at one row.
            let since = Cursor(modifiedAt: Timestamp.now().adding(seconds: -86_400), key: nil)
            let reader = SyteLineReader(
                source: self, mapping: mapping, filter: filter(mapping, from: since), pageSize: 1, from: since,
                singlePage: true)
            do {
                let page = try await reader.next()
                let refused = page?.refused.first.map { ["a record would be parked: \($0.reason)"] } ?? []
                results.append(
                    CheckResult(
                        subject: schema.name, ok: true, detail: "IDO \(mapping.entity.ido): the run's request works",
                        warnings: (page?.warnings ?? []) + refused))
            } catch {
                results.append(
                    CheckResult(subject: schema.name, ok: false, detail: "\(error)", cause: Self.cause(error)))
            }
        }
        return results
    }

    /// Per entity: the catalog's properties the tenant's IDO has, those it lacks, and what it has beyond them.
    public func discover() async -> [DiscoveredEntity] {
        var out: [DiscoveredEntity] = []
        for schema in entities {
            guard let mapping = mappings[schema.name] else { continue }
            let locator = "IDO \(mapping.entity.ido)"
            do {
                let plan = try SyteLineRequestPlan(entity: mapping.entity, info: try await info(mapping))
                out.append(
                    DiscoveredEntity(
                        schema: schema, locator: locator, mapped: plan.properties, missing: plan.missing,
                        extra: plan.extra))
            } catch {
                out.append(DiscoveredEntity(schema: schema, locator: locator, mapped: [], error: "\(error)"))
            }
        }
        return out
    }

    public func close() async { await settings.auth.revoke() }

    /// Requests, 429s, retries and how much of the tenant's limit the run used.
    public func runStatistics(seconds: Double) async -> [(String, String)] {
        let stats = settings.http.statistics
        let rpm = settings.limiter.requestsPerMinute
        let capacity = settings.limiter.burst + rpm / 60 * seconds
        let utilisation = capacity > 0 ? Double(stats.requests) / capacity * 100 : 0
        return [
            ("requests", String(stats.requests)), ("429s", String(stats.throttled)), ("retries", String(stats.retries)),
            ("limit", "\(Int(rpm))/min"), ("utilisation", String(format: "%.1f%%", utilisation)),
        ]
    }
}
