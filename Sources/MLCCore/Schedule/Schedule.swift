import Foundation

/// When a pipeline runs unattended (`schedule` in the manifest), in one time zone: a cron expression, the
/// presets `daily` and `weekly`, or `monthEndClose` — the last business days of each month and the first of
/// the next, when finance closes its books and wants the freshest data. Run times are civil times of the
/// zone: a time the clocks skip (spring forward) runs at the first minute after the gap; a time they repeat
/// (fall back) runs once, at its first occurrence.
public struct Schedule: Sendable {
    public struct LocalTime: Sendable, Comparable, CustomStringConvertible {
        public let hour: Int
        public let minute: Int
        public static func < (a: LocalTime, b: LocalTime) -> Bool { (a.hour, a.minute) < (b.hour, b.minute) }
        public var description: String { String(format: "%02d:%02d", hour, minute) }
    }

    public struct MonthEndClose: Sendable {
        /// Runs on this many business days at the end of each month …
        public var lastBusinessDays: Int
        /// … and this many at the start of the next.
        public var firstBusinessDays: Int
        public var times: [LocalTime]
        /// Days that are no business days (`2026-12-25`), besides Saturdays and Sundays.
        public var holidays: Set<String>
    }

    public enum Rule: Sendable {
        case cron(CronExpression)
        case daily([LocalTime])
        /// Weekdays 0 = Sunday … 6 = Saturday.
        case weekly(Set<Int>, [LocalTime])
        case monthEndClose(MonthEndClose)
    }

    public let rule: Rule
    public let timeZone: TimeZone

    public init(rule: Rule, timeZone: TimeZone) {
        self.rule = rule
        self.timeZone = timeZone
    }

    /// The first run time strictly after `instant`; nil when none comes within eight years (`0 0 30 2 *`).
    public func next(after instant: Date) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let start = calendar.dateComponents([.year, .month, .day], from: instant)
        var day = Timestamp.days(fromCivil: Int64(start.year!), Int64(start.month!), Int64(start.day!))
        for _ in 0..<(8 * 366) {
            let (y, m, d) = Timestamp.civil(fromDays: day)
            let slots = times(year: Int(y), month: Int(m), day: Int(d)).compactMap { time in
                calendar.date(
                    from: DateComponents(year: Int(y), month: Int(m), day: Int(d), hour: time.hour, minute: time.minute)
                )
            }
            if let first = slots.filter({ $0 > instant }).min() { return first }
            day += 1
        }
        return nil
    }

    /// Whether a service starting at `now` owes a run: none was ever made, the last did not finish (failed,
    /// interrupted, abandoned), or a run time fell between the last run's start and now. Once, however many
    /// run times were missed.
    public func owesRun(lastStarted: Date?, lastFinished: Bool, now: Date) -> Bool {
        guard let lastStarted, lastFinished else { return true }
        return next(after: lastStarted).map { $0 <= now } ?? false
    }

    /// The next `count` run times after `instant`.
    public func upcoming(after instant: Date, count: Int) -> [Date] {
        var out: [Date] = []
        var at = instant
        while out.count < count, let next = next(after: at) {
            out.append(next)
            at = next
        }
        return out
    }

    /// The civil times a day runs at, in order; empty when it does not run.
    public func times(year: Int, month: Int, day: Int) -> [LocalTime] {
        let weekday = Self.weekday(year, month, day)
        switch rule {
        case .cron(let cron):
            guard cron.runs(month: month, day: day, weekday: weekday) else { return [] }
            return cron.hours.sorted().flatMap { h in cron.minutes.sorted().map { LocalTime(hour: h, minute: $0) } }
        case .daily(let times): return times
        case .weekly(let days, let times): return days.contains(weekday) ? times : []
        case .monthEndClose(let close):
            let business = Self.businessDays(year, month, holidays: close.holidays)
            let chosen = business.prefix(close.firstBusinessDays) + business.suffix(close.lastBusinessDays)
            return chosen.contains(day) ? close.times : []
        }
    }

    /// 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday).
    static func weekday(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let days = Timestamp.days(fromCivil: Int64(y), Int64(m), Int64(d))
        return Int(((days + 4) % 7 + 7) % 7)
    }

    /// The month's days that are neither weekend nor holiday.
    static func businessDays(_ y: Int, _ m: Int, holidays: Set<String>) -> [Int] {
        let first = Timestamp.days(fromCivil: Int64(y), Int64(m), 1)
        let next =
            m == 12
            ? Timestamp.days(fromCivil: Int64(y + 1), 1, 1) : Timestamp.days(fromCivil: Int64(y), Int64(m + 1), 1)
        return (1...Int(next - first)).filter { d in
            let w = weekday(y, m, d)
            return w != 0 && w != 6 && !holidays.contains(String(format: "%04d-%02d-%02d", y, m, d))
        }
    }

    /// A five-field cron expression with the same run times, where one exists (`--print-crontab`); for the
    /// month-end close, whose days cron cannot name, a superset to combine with `mlc run --due`.
    public var cronLines: [(expression: String, exact: Bool)] {
        func hoursAndMinutes(_ times: [LocalTime]) -> [(String, String)] {
            // One line per minute value keeps each line exact: `0,30 6,18` would also run 06:30 for 06:00/18:30.
            Dictionary(grouping: times, by: \.minute).sorted { $0.key < $1.key }.map { minute, group in
                (String(minute), group.map { String($0.hour) }.sorted { Int($0)! < Int($1)! }.joined(separator: ","))
            }
        }
        switch rule {
        case .cron(let cron): return [(cron.description, true)]
        case .daily(let times): return hoursAndMinutes(times).map { ("\($0.0) \($0.1) * * *", true) }
        case .weekly(let days, let times):
            let list = days.sorted().map(String.init).joined(separator: ",")
            return hoursAndMinutes(times).map { ("\($0.0) \($0.1) * * \(list)", true) }
        case .monthEndClose(let close):
            // The first business days fall within the month's first 3 + n days, the last within its last 3 + n.
            let early = min(28, close.firstBusinessDays + 5)
            let late = max(1, 28 - close.lastBusinessDays - 5)
            let days =
                (close.firstBusinessDays > 0 ? ["1-\(early)"] : []) + (close.lastBusinessDays > 0 ? ["\(late)-31"] : [])
            return hoursAndMinutes(close.times).map { ("\($0.0) \($0.1) \(days.joined(separator: ",")) * 1-5", false) }
        }
    }
}
