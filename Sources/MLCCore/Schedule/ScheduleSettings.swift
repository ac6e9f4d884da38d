import Foundation

extension Schedule {
    static let forms =
        #"{"cron": "0 6 * * 1-5"}, {"daily": "06:30"}, {"weekly": {"days": ["mon"], "at": "07:00"}} or {"monthEndClose": {"lastBusinessDays": 2, "firstBusinessDays": 3, "at": ["07:00", "13:00"], "holidays": ["2026-12-25"]}}, each with an optional "timeZone" (default UTC)"#

    /// The manifest's `schedule`, or what is wrong with it (every problem, with its path).
    public static func parse(_ json: JSON, at path: String) -> (Schedule?, [ManifestIssue]) {
        guard let members = json.objectValue else {
            return (
                nil, [ManifestIssue(path, "expected an object, found \(json.serialized().prefix(40))", hint: forms)]
            )
        }
        var issues: [ManifestIssue] = []
        let kinds = ["cron", "daily", "weekly", "monthEndClose"]
        for member in members where !kinds.contains(member.key) && member.key != "timeZone" {
            issues.append(
                ManifestIssue(
                    "\(path).\(member.key)", "unknown schedule setting",
                    hint: closest(to: member.key, in: kinds + ["timeZone"]).map { "did you mean \"\($0)\"?" } ?? forms))
        }
        let present = kinds.filter { json[$0] != nil }
        guard present.count == 1, let kind = present.first, let value = json[kind] else {
            issues.append(
                ManifestIssue(
                    path,
                    present.isEmpty
                        ? "no rule: the schedule says nothing of when to run"
                        : "several rules: \(present.joined(separator: ", "))",
                    hint: "give exactly one of " + forms))
            return (nil, issues)
        }
        var zone = TimeZone(identifier: "UTC")!
        if let name = json["timeZone"] {
            if let id = name.stringValue, let found = TimeZone(identifier: id) {
                zone = found
            } else {
                issues.append(
                    ManifestIssue(
                        "\(path).timeZone", "\(name.serialized()) is not a time zone",
                        hint: "an IANA name such as \"Europe/Berlin\" or \"America/Chicago\""))
            }
        }
        let at = "\(path).\(kind)"
        var rule: Rule?
        switch kind {
        case "cron":
            do { rule = .cron(try CronExpression(value.stringValue ?? "")) } catch {
                issues.append(ManifestIssue(at, "\(error)", hint: "e.g. \"0 6 * * 1-5\": 06:00 on weekdays"))
            }
        case "daily":
            rule = times(value, at: at, &issues).map(Rule.daily)
        case "weekly":
            let days = weekdays(value["days"] ?? value["day"], at: "\(at).days", &issues)
            let clock = times(value["at"] ?? .null, at: "\(at).at", &issues)
            if let days, let clock { rule = .weekly(days, clock) }
        default:
            rule = monthEnd(value, at: at, &issues).map(Rule.monthEndClose)
        }
        guard issues.isEmpty, let rule else { return (nil, issues) }
        return (Schedule(rule: rule, timeZone: zone), [])
    }

    /// `"06:30"` or a list of them.
    static func times(_ value: JSON, at path: String, _ issues: inout [ManifestIssue]) -> [LocalTime]? {
        let texts = value.stringValue.map { [$0] } ?? value.arrayValue?.compactMap(\.stringValue) ?? []
        let parsed = texts.compactMap { text -> LocalTime? in
            let parts = text.split(separator: ":")
            guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]),
                let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m)
            else { return nil }
            return LocalTime(hour: h, minute: m)
        }
        guard !texts.isEmpty, parsed.count == texts.count, parsed.count == (value.arrayValue?.count ?? 1) else {
            issues.append(
                ManifestIssue(
                    path, "expected a time \"HH:MM\" or a list of them, found \(value.serialized().prefix(40))",
                    hint: #"e.g. "06:30" or ["07:00", "13:00"] (24-hour, in the schedule's time zone)"#))
            return nil
        }
        return Array(Set(parsed.map { $0.hour * 60 + $0.minute })).sorted().map {
            LocalTime(hour: $0 / 60, minute: $0 % 60)
        }
    }

    static func weekdays(_ value: JSON?, at path: String, _ issues: inout [ManifestIssue]) -> Set<Int>? {
        let names = value?.stringValue.map { [$0] } ?? value?.arrayValue?.compactMap(\.stringValue) ?? []
        let days = names.compactMap { name in
            CronExpression.dayNames.firstIndex(of: String(name.lowercased().prefix(3)))
        }
        guard !names.isEmpty, days.count == names.count else {
            issues.append(
                ManifestIssue(
                    path, "expected a weekday or a list of them, found \(value?.serialized().prefix(40) ?? "nothing")",
                    hint: #"e.g. "monday" or ["mon", "thu"]"#))
            return nil
        }
        return Set(days)
    }

    static func monthEnd(_ value: JSON, at path: String, _ issues: inout [ManifestIssue]) -> MonthEndClose? {
        func count(_ name: String) -> Int? {
            guard let member = value[name] else { return 0 }
            guard let n = member.intValue, (0...10).contains(n) else {
                issues.append(
                    ManifestIssue("\(path).\(name)", "expected 0 to 10 business days, found \(member.serialized())"))
                return nil
            }
            return n
        }
        let last = count("lastBusinessDays")
        let first = count("firstBusinessDays")
        let clock = times(value["at"] ?? .null, at: "\(path).at", &issues)
        var holidays: Set<String> = []
        for (i, day) in (value["holidays"]?.arrayValue ?? []).enumerated() {
            guard let text = day.stringValue, text.count == 10, Timestamp(parsing: text) != nil else {
                issues.append(
                    ManifestIssue("\(path).holidays[\(i)]", "expected a date \"YYYY-MM-DD\", found \(day.serialized())")
                )
                continue
            }
            holidays.insert(text)
        }
        guard let last, let first, let clock else { return nil }
        guard last + first > 0 else {
            issues.append(
                ManifestIssue(path, "no business day chosen", hint: "set lastBusinessDays and/or firstBusinessDays"))
            return nil
        }
        return MonthEndClose(lastBusinessDays: last, firstBusinessDays: first, times: clock, holidays: holidays)
    }
}
