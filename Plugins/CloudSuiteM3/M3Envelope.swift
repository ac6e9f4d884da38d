import CloudSuite
import MLCCore

/// One MI REST v2 answer (reference §1.2): `results[0].records[]`, each record with its own text; a failed
/// transaction (`nrOfFailedTransactions` > 0 or `wasTerminated`) carries M3's `errorMessage`.
enum MIAnswer {
    static func page(_ body: [UInt8]) throws -> IONPage {
        var page = IONPage()
        var failed = false
        var terminated: String?
        for member in try JSONParser.memberRanges(body) {
            switch String(decoding: body[member.key], as: UTF8.self) {
            case "results":
                guard let first = try JSONParser.elementRanges(body, array: member.range).first else { continue }
                for field in try JSONParser.memberRanges(body, object: first) {
                    switch String(decoding: body[field.key], as: UTF8.self) {
                    case "records": page.items = try IONItem.items(body, array: field.range)
                    case "errorMessage": page.refusal = try JSONParser.parse(body, range: field.range).stringValue
                    default: continue
                    }
                }
            case "nrOfFailedTransactions": failed = (try JSONParser.parse(body, range: member.range).intValue ?? 0) > 0
            case "wasTerminated":
                let terminatedFlag = try JSONParser.parse(body, range: member.range).boolValue ?? false
                failed = failed || terminatedFlag
            case "terminationReason": terminated = try JSONParser.parse(body, range: member.range).stringValue
            default: continue
            }
        }
        if failed {
            page.refusal = page.refusal ?? terminated ?? "the transaction failed without a message"
        } else {
            page.refusal = nil
        }
        return page
    }

    /// M3's message in a failed answer (v2 answers errors with HTTP 400 and the same body).
    static func errorMessage(_ body: [UInt8]) -> String? { (try? page(body))?.refusal }

    /// An `EXPORTMI/Select` row (`{"REPL": "100|P0000001|…"}`) as an object of the fields the query named, in
    /// their order; `_raw` stays the row as sent. A row that splits into another number of values holds the
    /// separator in its text: it is parked with that reason, never loaded shifted.
    static func row(_ item: IONItem, fields: [String], separator: String) -> IONItem {
        var row = item
        let text = item.json["REPL"]?.stringValue ?? ""
        let values = text.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
        guard values.count == fields.count, item.json["REPL"]?.stringValue != nil else {
            // Nothing is typed from a row that does not split: its values would land in the wrong columns.
            row.json = .object([])
            row.problem =
                item.json["REPL"]?.stringValue == nil
                ? "the row has no REPL text"
                : "the row splits into \(values.count) values for \(fields.count) fields at separator \"\(separator)\": a value holds it; set source.exportSeparator to a character the data does not contain, then `mlc state reset --entity` to read the table again"
            return row
        }
        row.json = .object(zip(fields, values).map { JSONMember($0, .string($1)) })
        return row
    }
}
