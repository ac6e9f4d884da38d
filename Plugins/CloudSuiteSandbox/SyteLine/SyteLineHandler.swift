import Foundation
import MLCCore
import MLCHTTP

/// SyteLine's IDO REST v2 under `/CSI/IDORequestService/ido/`: `load` and `info` over the IDO views of the
/// canonical dataset, the Mongoose configuration header, the tenant's shape (date forms, properties) and the
/// armed answer faults.
final class SyteLineHandler: ProductLineHandler {
    let dataset: CanonicalDataset
    let shape: TenantShape
    let mongooseConfig: String
    let faults = AnswerFaults()
    private var tables: [String: IDOTable] = [:]
    private var builtAt = -1

    init(dataset: CanonicalDataset, shape: TenantShape, mongooseConfig: String) {
        self.dataset = dataset
        self.shape = shape
        self.mongooseConfig = mongooseConfig
        _ = table("")  // built before the gateway listens, not on a run's first request
    }

    var prefix: String { "/CSI/" }

    /// The IDO tables, rebuilt from the canonical rows after they changed.
    func table(_ ido: String) -> IDOTable? {
        if builtAt != dataset.version {
            tables = Dictionary(uniqueKeysWithValues: IDOView.all.map { ($0.ido.lowercased(), $0.table(dataset)) })
            builtAt = dataset.version
        }
        return tables[ido.lowercased()]
    }

    func handle(_ request: ServerRequest, path: String) -> HTTPResponse {
        let idoPrefix = "/CSI/IDORequestService/ido/"
        guard path.hasPrefix(idoPrefix) else { return json(404, ["error": "no such API"]) }
        let operation = path.dropFirst(idoPrefix.count).split(separator: "/", maxSplits: 1).map(String.init)
        guard request.method == "GET" else { return json(405, ["error": "method not allowed"]) }
        guard request.header("x-infor-mongooseconfig") == mongooseConfig else {
            return json(
                200,
                [
                    "Success": false, "Items": .null,
                    "Message": .string(
                        "X-Infor-MongooseConfig must name a configuration of this tenant (\(mongooseConfig)); found \(request.header("x-infor-mongooseconfig") ?? "none")"
                    ),
                ])
        }
        let load = SyteLineLoad(table: operation.count == 2 ? table(operation[1]) : nil, shape: shape)
        switch (operation.first, operation.count) {
        case ("load", 2):
            return faults.apply(ido: operation[1], to: load.respond(ido: operation[1], query: request.query))
        case ("info", 2): return load.info(ido: operation[1])
        default: return json(404, ["error": "unknown IDO operation"])
        }
    }

    func rows(of resource: String) -> [JSON]? {
        guard let table = table(resource) else { return nil }
        let load = SyteLineLoad(table: table, shape: shape)
        return table.rows.map { row in
            .object(
                shape.properties(of: table).map { p in
                    JSONMember(shape.spelling(p), load.value(p, of: row).map(JSON.string) ?? .null)
                })
        }
    }

    func corrupt(resource: String, kind: AnswerFaults.Kind, call: Int) -> Bool {
        guard table(resource) != nil else { return false }
        faults.arm(ido: resource, kind: kind, call: call)
        return true
    }
}
