import Foundation
import MLCCore
import MLCHTTP

/// The source every product line runs on: the entity table, reads and re-reads through the line's pager,
/// the per-run metadata check, `check`, `discover`, `close` (revoke) and the run statistics. A line supplies
/// only its `IONProductLine`.
public final class IONSource: Source, @unchecked Sendable {
    public let line: any IONProductLine
    let settings: CloudSuiteSettings
    let client: IONClient
    /// Each entity as configured, once per company it is read for.
    let configured: [String: [IONConfiguredEntity]]
    public let entities: [EntitySchema]
    public let window: IncrementalWindow
    public let columns: ColumnsMode
    private let lock = NSLock()
    /// One metadata call per resource per run, shared by every entity reading it.
    private var metadata: [String: Task<[String], Error>] = [:]

    public init(
        line: any IONProductLine, settings: CloudSuiteSettings, entities: [IONConfiguredEntity],
        window: IncrementalWindow, columns: ColumnsMode
    ) {
        self.line = line
        self.settings = settings
        self.window = window
        self.columns = columns
        client = IONClient(settings: settings, line: line)
        configured = Dictionary(grouping: entities, by: \.entity.name)
        var seen: Set<String> = []
        self.entities = entities.filter { seen.insert($0.entity.name).inserted }.map { $0.entity.schema(columns) }
    }

    public var statistics: HTTPStatistics { settings.http.statistics }

    func variants(_ schema: EntitySchema) throws -> [IONConfiguredEntity] {
        guard let variants = configured[schema.name], !variants.isEmpty else {
            throw MLCError(.internalError, "no entity \(schema.name)")
        }
        return variants
    }

    public func read(entity schema: EntitySchema, from cursor: Cursor?) throws -> PageReader {
        let readers = try variants(schema).map { entity in
            IONPagedReader(
                source: self, entity: entity, selection: .changed(since: window.since(cursor), until: window.until()),
                from: cursor)
        }
        return readers.count == 1 ? readers[0] : CompanyPages(readers: readers, from: cursor)
    }

    /// Records by key, `keysPerRequest` keys to a request, read like a run (typed and refused the same way).
    /// A key that is empty or does not split into the key fields cannot be asked for and stays parked.
    public func reread(entity schema: EntitySchema, keys: [String]) throws -> Reread? {
        guard line.rereadsByKey else { return nil }
        var readers: [any PageReader] = []
        var asked: Set<String> = []
        for entity in try variants(schema) {
            let (some, keys) = reread(entity, keys: keys, skipping: asked)
            readers += some
            asked.formUnion(keys)
        }
        return Reread(reader: SequentialPages(readers: readers), keys: asked)
    }

    /// The re-reads of one company's keys (those its key prefix claims).
    private func reread(
        _ entity: IONConfiguredEntity, keys: [String], skipping done: Set<String>
    ) -> ([IONPagedReader], Set<String>) {
        let prefix = entity.entity.keyPrefix(columns, company: entity.company)
        var asked: Set<String> = []
        var values: [[String]] = []
        for key in keys where done.contains(key) { asked.insert(key) }
        for key in keys {
            var parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            // A key from canonical names starts with the company this source writes; another site's is not ours.
            if let prefix {
                guard parts.first == prefix else { continue }
                parts.removeFirst()
            }
            guard parts.count == entity.entity.key.count, !parts.contains(where: \.isEmpty),
                asked.insert(key).inserted
            else { continue }
            values.append(parts)
        }
        let readers = stride(from: 0, to: values.count, by: line.keysPerRequest).map {
            IONPagedReader(
                source: self, entity: entity,
                selection: .keys(Array(values[$0..<min($0 + line.keysPerRequest, values.count)])), from: nil)
        }
        return (readers, asked.subtracting(done))
    }

    /// What the entity requests this run: the catalog checked against the tenant, or the manifest's list.
    func plan(_ entity: IONConfiguredEntity) async throws -> IONRequestPlan {
        guard !entity.explicitFields, line.metadataURL(entity.entity, base: settings.credentials.tenantURL) != nil
        else { return IONRequestPlan(entity: entity.entity) }
        do {
            return try IONRequestPlan(
                entity: entity.entity, tenantFields: try await tenantFields(entity), fieldWord: line.fieldWord,
                locatorSetting: line.locatorSetting)
        } catch let e as MLCError where e.context.httpStatus != nil || e.message.contains("metadata") {
            // A gateway that does not expose the metadata call: the catalog goes out unchecked, and the summary says so.
            return IONRequestPlan(
                entity: entity.entity,
                warnings: [
                    "could not read \(entity.entity.locator)'s \(line.fieldWord)s (\(e.message)): "
                        + "the catalog's \(line.fieldWord)s are requested unchecked"
                ])
        }
    }

    func tenantFields(_ entity: IONConfiguredEntity) async throws -> [String] {
        let task = lock.withLock {
            if let existing = metadata[entity.entity.locator.metadataKey] { return existing }
            let task = Task { try await self.fetchFields(entity) }
            metadata[entity.entity.locator.metadataKey] = task
            return task
        }
        return try await task.value
    }

    private func fetchFields(_ entity: IONConfiguredEntity) async throws -> [String] {
        let url = line.metadataURL(entity.entity, base: settings.credentials.tenantURL)!
        let body = try await get(url, entity)
        let answer: Result<[String], IONRefusal>
        do { answer = try line.fields(body, of: entity.entity) } catch {
            throw MLCError(
                .sourceFailed, "\(entity.entity.locator): the metadata answer is not JSON",
                context: .init(entity: entity.entity.name))
        }
        switch answer {
        case .failure(let refusal): throw self.refusal(entity, refusal.message, operation: "metadata call")
        case .success(let fields) where fields.isEmpty:
            throw refusal(entity, "no \(line.fieldWord)s listed", operation: "metadata call")
        case .success(let fields): return fields
        }
    }

    func get(_ url: String, body: [UInt8]? = nil, _ entity: IONConfiguredEntity) async throws -> [UInt8] {
        try await client.get(
            url, body: body, headers: entity.headers + line.headers(scope: entity.scope),
            subject: "\(entity.entity.locator)", entity: entity.entity.name
        ) { [self] message in hint(entity, message) }
    }

    /// One page: fetched, parsed by the product's envelope parser, refused when the product said no.
    func fetch(_ call: IONPageCall, _ entity: IONConfiguredEntity, page number: Int) async throws -> IONPage {
        let url = line.url(call, base: settings.credentials.tenantURL)
        let body = try await get(url, body: line.body(call), entity)
        let page: IONPage
        do { page = try line.page(body, call: call) } catch {
            throw MLCError(
                .sourceFailed,
                "\(entity.entity.locator), page \(number): the answer is not a load response: \(IONClient.describe(body, error))",
                hint:
                    "nothing from this page was loaded and the cursor stays before it; a proxy or gateway error page, "
                    + "or an answer cut short, usually passes: run again, and report it to the tenant if it repeats",
                context: .init(entity: entity.entity.name, url: String(url.prefix { $0 != "?" })))
        }
        if let message = page.refusal { throw refusal(entity, message, operation: "load") }
        return page
    }

    func hint(_ entity: IONConfiguredEntity, _ message: String) -> String {
        line.refusalHint(message, entity: entity.entity, path: entity.request.manifestPath)
    }

    /// The product's refusal, with the setting that fixes it.
    func refusal(_ entity: IONConfiguredEntity, _ message: String, operation: String) -> MLCError {
        MLCError(
            .sourceFailed, "\(entity.entity.locator) refused the \(operation): \(message)",
            hint: hint(entity, message), context: .init(entity: entity.entity.name))
    }

    /// A refusal without the entity's own words: the product's message and the hint, so that a wrong setting
    /// failing every entity is reported as one cause.
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
            for entity in configured[schema.name] ?? [] {
                let subject =
                    schema.name
                    + (entity.scope.isEmpty || configured[schema.name]!.count == 1 ? "" : " (company \(entity.scope))")
                // The exact request a run sends (fields, incremental filter in the configured form), one row.
                let since = Cursor(modifiedAt: Timestamp.now().adding(seconds: -86_400), key: nil)
                let reader = IONPagedReader(
                    source: self, entity: entity,
                    selection: .changed(since: window.since(since), until: window.until()),
                    from: since, singlePage: true)
                do {
                    let page = try await reader.next()
                    let refused = page?.refused.first.map { ["a record would be parked: \($0.reason)"] } ?? []
                    results.append(
                        CheckResult(
                            subject: subject, ok: true, detail: "\(entity.entity.locator): the run's request works",
                            warnings: (page?.warnings ?? []) + refused))
                } catch {
                    results.append(
                        CheckResult(subject: subject, ok: false, detail: "\(error)", cause: Self.cause(error)))
                }
            }
        }
        return results
    }

    /// Per entity: the catalog's fields the tenant has, those it lacks, and what it has beyond them.
    public func discover() async -> [DiscoveredEntity] {
        var out: [DiscoveredEntity] = []
        for schema in entities {
            guard let entity = configured[schema.name]?.first else { continue }
            let locator = "\(entity.entity.locator)"
            do {
                guard line.metadataURL(entity.entity, base: settings.credentials.tenantURL) != nil else {
                    throw MLCError(.sourceFailed, "\(line.productName) has no metadata call: the catalog is shown")
                }
                let plan = try IONRequestPlan(
                    entity: entity.entity, tenantFields: try await tenantFields(entity), fieldWord: line.fieldWord,
                    locatorSetting: line.locatorSetting)
                out.append(
                    DiscoveredEntity(
                        schema: schema, locator: locator, mapped: plan.fields, missing: plan.missing, extra: plan.extra)
                )
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
            ("token grants", String(await settings.auth.grants.count)),
            ("limit", "\(Int(rpm))/min"), ("utilisation", String(format: "%.1f%%", utilisation)),
        ]
    }
}
