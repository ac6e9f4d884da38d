import Foundation
import MLCCore
import MLCHTTP

/// M3's MI REST v2 under `/M3/m3api-rest/v2/execute/{PROGRAM}/{TRANSACTION};matrix?inputs` (reference §1.1–1.3):
/// `maxrecs` (0 = all, default 100), `returncols`, `cono`; lists ordered by their key and started at a key
/// (inclusive, so the next page repeats the last row); values right-padded to their field widths; dates
/// `yyyyMMdd`; errors as `nrOfFailedTransactions` with the transaction's `errorMessage`, in HTTP 400 (or 200).
final class M3Handler: ProductLineHandler {
    let dataset: CanonicalDataset
    let shape: M3Shape
    /// The companies (CONO) this tenant has; the first is the API user's.
    let companies: [String]
    /// Each table's rows as `EXPORTMI` reads them, in change-date order, while the dataset does not change.
    private var tables = VersionedAnswers<[[String: String]]>()

    func rows(_ table: ExportTable) -> [[String: String]] {
        tables.value(table.name, at: dataset.version) {
            table.rows(dataset).sorted { ($0["LMDT"] ?? "") < ($1["LMDT"] ?? "") }
        }
    }

    init(dataset: CanonicalDataset, shape: M3Shape, companies: [String]) {
        self.dataset = dataset
        self.shape = shape
        self.companies = companies
    }

    var prefix: String { "/M3/" }

    func handle(_ request: ServerRequest, path: String) -> HTTPResponse {
        let base = "/M3/m3api-rest/v2/execute/"
        guard path.hasPrefix(base), request.method == "GET" else { return json(404, ["error": "no such API"]) }
        let parts = path.dropFirst(base.count).split(separator: ";").map(String.init)
        let call = parts.first?.split(separator: "/").map(String.init) ?? []
        guard call.count == 2 else { return json(404, ["error": "expected {PROGRAM}/{TRANSACTION}"]) }
        var matrix: [String: String] = [:]
        for pair in parts.dropFirst() {
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            matrix[kv[0].lowercased()] = kv.count > 1 ? kv[1] : ""
        }
        let inputs = request.query
        let company = matrix["cono"] ?? inputs["CONO"] ?? companies[0]
        guard companies.contains(company) else {
            return failure(call, "Company \(company) does not exist", field: "CONO")
        }
        if call == ["MRS001MI", "LstFields"] { return fieldList(call, inputs) }
        if call == ["EXPORTMI", "Select"] {
            return select(call, inputs, maxrecs: Int(matrix["maxrecs"] ?? "100") ?? 100, company: company)
        }
        guard let list = self.list(call[0], call[1], inputs) else {
            return failure(call, "Transaction \(call[1]) does not exist in program \(call[0])", field: nil)
        }
        if let (input, _) = list.required.first, inputs[input] == nil {
            return failure(call, "\(input) must be entered", field: input)
        }
        let maxrecs = Int(matrix["maxrecs"] ?? "100") ?? 100
        let columns = matrix["returncols"].map { $0.split(separator: ",").map(String.init) }
        let from = inputs[list.fromInput]?.trimmingCharacters(in: .whitespaces) ?? ""
        let rows = (dataset.tables[list.entity]?.rows ?? [])
            .filter { row in list.holds(row) && list.required.allSatisfy { $0.value(inputs[$0.key] ?? "", row) } }
            .filter { row in changed(row, list, inputs) }
            .map { row in (key: value(list.keyField, of: row, in: list, company: company) ?? "", row: row) }
            .filter { $0.key >= from }
            .sorted { $0.key < $1.key }
        let page = maxrecs == 0 ? rows[...] : rows.prefix(maxrecs)
        let names = columns ?? outputs(list)
        if let unknown = names.first(where: { !known($0, list) }) {
            return failure(call, "Field \(unknown) does not exist in \(call[1])", field: unknown)
        }
        let records: [JSON] = page.map { entry in
            .object(
                names.map {
                    JSONMember(
                        $0, .string(shape.render($0, value($0, of: entry.row, in: list, company: company) ?? "")))
                })
        }
        return answer(call[1], records)
    }

    /// A successful MI answer (reference §1.2): one transaction's records, no failed transaction.
    func answer(_ transaction: String, _ records: [JSON]) -> HTTPResponse {
        json(
            200,
            .object([
                JSONMember(
                    "results",
                    .array([
                        .object([
                            JSONMember("transaction", .string(transaction)), JSONMember("records", .array(records)),
                        ])
                    ])),
                JSONMember("wasTerminated", .bool(false)), JSONMember("nrOfSuccessfullTransactions", .number("1")),
                JSONMember("nrOfFailedTransactions", .number("0")),
            ]))
    }

    func list(_ program: String, _ transaction: String, _ inputs: [String: String]) -> MIList? {
        if program == "CRS630MI", transaction == "LstAccountID", let aitp = inputs["AITP"], aitp != "1" {
            return MIList.dimensions
        }
        return MIList.all.first { $0.program == program && $0.transaction == transaction }
    }

    func known(_ field: String, _ list: MIList) -> Bool { outputs(list).contains(field) }

    /// The list's output fields (reference §1.4).
    func outputs(_ list: MIList) -> [String] {
        ((list.company ? ["CONO"] : []) + list.fields.map(\.key) + (list.stamps ? ["RGDT", "LMDT"] : []))
            .filter { !shape.lacking.contains($0) }
    }

    /// Whether the row's change date is within the list's from/to change-date inputs (when given).
    func changed(_ row: [String: String?], _ list: MIList, _ inputs: [String: String]) -> Bool {
        guard let dates = list.changeDates else { return true }
        let day = Self.m3Date((row["modified_at"] ?? nil) ?? "")
        return (inputs[dates.from].map { day >= $0 } ?? true) && (inputs[dates.to].map { day <= $0 } ?? true)
    }

    /// A field's value on a canonical row (unpadded); nil for a field the transaction does not have.
    func value(_ field: String, of row: [String: String?], in list: MIList, company: String) -> String? {
        switch field {
        case "CONO": return company
        case "LMDT": return (row["modified_at"] ?? nil).map(Self.m3Date) ?? ""
        case "RGDT": return (row["created_at"] ?? nil).map(Self.m3Date) ?? ""
        case "AITP" where list.entity == "gl_dimensions": return String(Int((row["dimension"] ?? nil) ?? "0")! + 1)
        default:
            guard let member = list.fields.first(where: { $0.key == field })?.value else { return nil }
            if member.hasPrefix("=") { return String(member.dropFirst()) }
            return (row[member] ?? nil) ?? ""
        }
    }

    /// `yyyy-MM-dd …` as M3's `yyyyMMdd`.
    static func m3Date(_ stored: String) -> String { String(stored.prefix(10).filter { $0 != "-" }) }

    /// A failed transaction: M3 answers with the transaction's error, in HTTP 400 (the SDK's reading) or 200.
    func failure(_ call: [String], _ message: String, field: String?) -> HTTPResponse {
        var result: [JSONMember] = [
            JSONMember("transaction", .string(call.count > 1 ? call[1] : "")), JSONMember("records", .array([])),
            JSONMember("errorMessage", .string(message)), JSONMember("errorType", .string("ServerReturnedNOK")),
        ]
        if let field { result.append(JSONMember("errorField", .string(field))) }
        return json(
            shape.errorStatus,
            .object([
                JSONMember("results", .array([.object(result)])), JSONMember("wasTerminated", .bool(false)),
                JSONMember("nrOfSuccessfullTransactions", .number("0")),
                JSONMember("nrOfFailedTransactions", .number("1")),
            ]))
    }

    func rows(of resource: String) -> [JSON]? {
        let call = resource.split(separator: "/").map(String.init)
        if call.count == 4, call[0] == "EXPORTMI", let table = ExportTable.all[call[2]] {
            let fields = call[3].split(separator: ",").map(String.init)
            return rows(table).map {
                .object([JSONMember("REPL", .string(repl(table, $0, fields, "|", company: companies[0])))])
            }
        }
        guard call.count >= 2 else { return nil }
        let inputs = call.count > 2 ? ["AITP": call[2]] : [:]
        guard let list = list(call[0], call[1], inputs) else { return nil }
        let names = outputs(list)
        return (dataset.tables[list.entity]?.rows ?? [])
            .filter { row in list.holds(row) && list.required.allSatisfy { $0.value(inputs[$0.key] ?? "", row) } }
            .map { row in
                .object(
                    names.map {
                        JSONMember(
                            $0, .string(shape.render($0, value($0, of: row, in: list, company: companies[0]) ?? "")))
                    })
            }
    }

    func corrupt(resource: String, kind: AnswerFaults.Kind, call: Int) -> Bool { false }
}

/// How this simulated M3 tenant answers where the reference leaves it open: values padded to their field
/// widths (the SDK trims them) or not, failed transactions in HTTP 400 (the SDK's comment) or 200, whether
/// the API user may call `MRS001MI`, and output fields this tenant's release lacks.
public struct M3Shape: Sendable {
    public var padded = true
    public var errorStatus = 400
    public var fieldLists = true
    public var lacking: Set<String> = []
    /// Companies beyond the API user's (`m3Company`): each serves the same dataset under its own CONO.
    public var otherCompanies: [String] = []
    public init() {}

    func render(_ field: String, _ value: String) -> String {
        guard padded, let width = MIList.widths[field], value.count < width else { return value }
        return value + String(repeating: " ", count: width - value.count)
    }
}
