import MLCCore
import MLCHTTP

/// `MRS001MI/LstFields` (`MINM`, `TRNM`, `TRTP` = I/O): the fields of a transaction as this tenant has them —
/// `FLNM` (name), `FLDS` (description), `LENG`, `TYPE` — or M3's refusal when the API user may not call it.
extension M3Handler {
    func fieldList(_ call: [String], _ inputs: [String: String]) -> HTTPResponse {
        guard shape.fieldLists else { return failure(call, "Not authorized to program MRS001MI", field: nil) }
        let program = inputs["MINM"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let transaction = inputs["TRNM"]?.trimmingCharacters(in: .whitespaces) ?? ""
        guard let list = MIList.all.first(where: { $0.program == program && $0.transaction == transaction }) else {
            return failure(call, "Transaction \(transaction) does not exist in program \(program)", field: "TRNM")
        }
        let records: [JSON] = outputs(list).map { name in
            .object([
                JSONMember("FLNM", .string(shape.render("FLNM", name))), JSONMember("FLDS", .string(name.lowercased())),
                JSONMember("LENG", .string(String(MIList.widths[name] ?? 10))), JSONMember("TYPE", .string("A")),
            ])
        }
        return answer("LstFields", records)
    }
}
