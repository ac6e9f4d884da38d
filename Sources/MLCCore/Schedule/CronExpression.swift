/// A 5-field cron expression (`minute hour day-of-month month day-of-week`) as crontab(5) reads it: `*`,
/// numbers, ranges `a-b`, steps `*/n` and `a-b/n`, lists `a,b`, month and day names (`jan`, `mon`), 0 or 7 for
/// Sunday. When both day fields are restricted a day matching either runs, as in cron.
public struct CronExpression: Sendable, Equatable, CustomStringConvertible {
    public let minutes: Set<Int>
    public let hours: Set<Int>
    public let days: Set<Int>
    public let months: Set<Int>
    /// 0 = Sunday … 6 = Saturday.
    public let weekdays: Set<Int>
    let daysRestricted: Bool
    let weekdaysRestricted: Bool
    public let description: String

    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    public init(_ text: String) throws {
        let fields = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard fields.count == 5 else {
            throw CronError("expected 5 fields (minute hour day-of-month month day-of-week), found \(fields.count)")
        }
        minutes = try Self.field(fields[0], "minute", 0...59)
        hours = try Self.field(fields[1], "hour", 0...23)
        days = try Self.field(fields[2], "day of month", 1...31)
        months = try Self.field(fields[3], "month", 1...12, names: Self.monthNames, firstName: 1)
        weekdays = Set(
            try Self.field(fields[4], "day of week", 0...7, names: Self.dayNames, firstName: 0).map { $0 % 7 })
        // As cron reads them: a field starting with `*` (`*/2` too) does not restrict the day.
        daysRestricted = !fields[2].hasPrefix("*") && fields[2] != "?"
        weekdaysRestricted = !fields[4].hasPrefix("*") && fields[4] != "?"
        description = fields.joined(separator: " ")
    }

    /// Whether a civil day (`weekday` 0 = Sunday) is one the expression runs on.
    public func runs(month: Int, day: Int, weekday: Int) -> Bool {
        guard months.contains(month) else { return false }
        if daysRestricted && weekdaysRestricted { return days.contains(day) || weekdays.contains(weekday) }
        return days.contains(day) && weekdays.contains(weekday)
    }

    static func field(
        _ text: String, _ name: String, _ range: ClosedRange<Int>, names: [String] = [], firstName: Int = 0
    ) throws -> Set<Int> {
        func value(_ token: Substring) throws -> Int {
            if let n = Int(token) {
                guard range.contains(n) else {
                    throw CronError("\(name) \(n) is outside \(range.lowerBound)-\(range.upperBound)")
                }
                return n
            }
            if let i = names.firstIndex(of: token.lowercased()) { return i + firstName }
            throw CronError("\(name) \"\(token)\" is not a number\(names.isEmpty ? "" : " or a name (\(names[0]), …)")")
        }
        var out: Set<Int> = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2, !pieces[0].isEmpty else {
                throw CronError("\(name) \"\(part)\" is not a cron field")
            }
            var step = 1
            if pieces.count == 2 {
                guard let n = Int(pieces[1]), n > 0 else {
                    throw CronError("\(name) step \"\(pieces[1])\" is not a positive number")
                }
                step = n
            }
            var bounds: ClosedRange<Int>
            if pieces[0] == "*" || pieces[0] == "?" {
                bounds = range
            } else if let dash = pieces[0].firstIndex(of: "-") {
                let low = try value(pieces[0][..<dash])
                let high = try value(pieces[0][pieces[0].index(after: dash)...])
                guard low <= high else { throw CronError("\(name) range \(part) runs backwards") }
                bounds = low...high
            } else {
                let single = try value(pieces[0])
                bounds = single...(pieces.count == 2 ? range.upperBound : single)
            }
            out.formUnion(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
        }
        return out
    }
}

public struct CronError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
