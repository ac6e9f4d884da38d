import Foundation
import XCTest

@testable import MLCCore

/// Schedules computed on a fixed clock: every instant is given, nothing waits.
final class ScheduleTests: XCTestCase {
    func at(_ text: String) -> Date {
        Date(timeIntervalSince1970: Double(Timestamp(parsing: text)!.microseconds) / 1e6)
    }
    func iso(_ date: Date) -> String {
        String(Timestamp(microseconds: Int64(date.timeIntervalSince1970 * 1e6)).iso8601.prefix(16))
    }

    func schedule(_ json: String) throws -> Schedule {
        let (schedule, issues) = Schedule.parse(try JSONParser.parse(json), at: "$.schedule")
        XCTAssertEqual(issues, [])
        return try XCTUnwrap(schedule)
    }

    func issues(_ json: String) throws -> [ManifestIssue] {
        Schedule.parse(try JSONParser.parse(json), at: "$.schedule").1
    }

    func testCronRunsOnItsMinutesHoursAndDays() throws {
        let weekdays = try schedule(#"{"cron": "0 6 * * 1-5"}"#)
        // After Friday's run the next is Monday's.
        XCTAssertEqual(iso(weekdays.next(after: at("2026-12-04T06:00:00Z"))!), "2026-12-07T06:00")
        XCTAssertEqual(iso(weekdays.next(after: at("2026-12-07T05:59:59Z"))!), "2026-12-07T06:00")
        let stepped = try schedule(#"{"cron": "*/20 9-10 * jan,jul MON-FRI"}"#)
        XCTAssertEqual(
            stepped.upcoming(after: at("2026-12-31T23:00:00Z"), count: 7).map(iso),
            [
                "2027-01-01T09:00", "2027-01-01T09:20", "2027-01-01T09:40", "2027-01-01T10:00", "2027-01-01T10:20",
                "2027-01-01T10:40", "2027-01-04T09:00",
            ])
        // Both day fields restricted: a day matching either runs (the 13th, and every Friday).
        let either = try schedule(#"{"cron": "0 0 13 * 5"}"#)
        XCTAssertEqual(
            either.upcoming(after: at("2026-11-05T00:00:00Z"), count: 3).map(iso),
            ["2026-11-06T00:00", "2026-11-13T00:00", "2026-11-20T00:00"])
        // A day field starting with `*` does not restrict, as in cron: odd days that are weekdays, not either.
        let odd = try schedule(#"{"cron": "0 6 */2 * 1-5"}"#)
        XCTAssertEqual(
            odd.upcoming(after: at("2026-12-04T07:00:00Z"), count: 3).map(iso),
            ["2026-12-07T06:00", "2026-12-09T06:00", "2026-12-11T06:00"])
        // Sunday is 0 or 7; a leap day comes every four years.
        XCTAssertEqual(
            try schedule(#"{"cron": "0 12 * * 7"}"#).times(year: 2026, month: 12, day: 6).map(\.description), ["12:00"])
        XCTAssertEqual(
            iso(try schedule(#"{"cron": "0 0 29 2 *"}"#).next(after: at("2026-03-01T00:00:00Z"))!), "2028-02-29T00:00")
        XCTAssertNil(try schedule(#"{"cron": "0 0 30 2 *"}"#).next(after: at("2026-03-01T00:00:00Z")))
    }

    func testDailyRunsAtTheZonesCivilTimeAcrossDaylightSavingChanges() throws {
        let berlin = try schedule(#"{"daily": "06:30", "timeZone": "Europe/Berlin"}"#)
        XCTAssertEqual(
            berlin.upcoming(after: at("2026-03-27T12:00:00Z"), count: 3).map(iso),
            ["2026-03-28T05:30", "2026-03-29T04:30", "2026-03-30T04:30"])
        // 02:30 does not exist on 29 March (clocks go 02:00 → 03:00): it runs at the first minute after the gap.
        let gap = try schedule(#"{"daily": "02:30", "timeZone": "Europe/Berlin"}"#)
        XCTAssertEqual(
            gap.upcoming(after: at("2026-03-28T00:00:00Z"), count: 3).map(iso),
            ["2026-03-28T01:30", "2026-03-29T01:30", "2026-03-30T00:30"])
        // 02:30 happens twice on 25 October (03:00 → 02:00): it runs once, at the first.
        XCTAssertEqual(
            gap.upcoming(after: at("2026-10-24T12:00:00Z"), count: 2).map(iso),
            ["2026-10-25T00:30", "2026-10-26T01:30"])
    }

    func testWeeklyRunsOnItsDaysAndTimes() throws {
        let chicago = try schedule(
            #"{"weekly": {"days": ["monday", "thu"], "at": ["07:00", "17:45"]}, "timeZone": "America/Chicago"}"#)
        XCTAssertEqual(
            chicago.upcoming(after: at("2026-12-02T00:00:00Z"), count: 4).map(iso),
            ["2026-12-03T13:00", "2026-12-03T23:45", "2026-12-07T13:00", "2026-12-07T23:45"])
    }

    func testMonthEndCloseRunsOnTheLastAndFirstBusinessDaysSkippingWeekendsAndHolidays() throws {
        let close = try schedule(
            #"{"monthEndClose": {"lastBusinessDays": 2, "firstBusinessDays": 3, "at": ["07:00", "13:00"], "holidays": ["2026-12-31", "2027-01-01"]}}"#
        )
        // 31 December is a holiday: the last two business days are the 29th and 30th; 1 January is one too, and
        // 2–3 January a weekend, so the first three are the 4th to the 6th.
        XCTAssertEqual(
            close.upcoming(after: at("2026-12-28T00:00:00Z"), count: 10).map(iso),
            [
                "2026-12-29T07:00", "2026-12-29T13:00", "2026-12-30T07:00", "2026-12-30T13:00", "2027-01-04T07:00",
                "2027-01-04T13:00", "2027-01-05T07:00", "2027-01-05T13:00", "2027-01-06T07:00", "2027-01-06T13:00",
            ])
        // Then the end of January: its last two business days are Thursday the 28th and Friday the 29th.
        XCTAssertEqual(iso(close.next(after: at("2027-01-06T13:00:00Z"))!), "2027-01-28T07:00")
        // A leap February ends on Tuesday the 29th.
        let leap = try schedule(#"{"monthEndClose": {"lastBusinessDays": 2, "at": "18:00"}}"#)
        XCTAssertEqual(
            leap.upcoming(after: at("2028-02-20T00:00:00Z"), count: 2).map(iso),
            ["2028-02-28T18:00", "2028-02-29T18:00"])
    }

    func testCrontabLinesMatchTheRunTimesOrSayTheyNeedDue() throws {
        XCTAssertEqual(
            try schedule(#"{"daily": ["06:00", "18:30", "07:00"]}"#).cronLines.map(\.expression),
            ["0 6,7 * * *", "30 18 * * *"])
        XCTAssertEqual(try schedule(#"{"cron": "5 4 * * *"}"#).cronLines.map(\.exact), [true])
        let close = try schedule(#"{"monthEndClose": {"lastBusinessDays": 2, "firstBusinessDays": 3, "at": "07:00"}}"#)
        XCTAssertEqual(close.cronLines.map(\.expression), ["0 7 1-8,21-31 * 1-5"])
        XCTAssertEqual(close.cronLines.map(\.exact), [false])
        // The superset fires on every run time of a year.
        let cron = try CronExpression(close.cronLines[0].expression)
        var at = self.at("2026-01-01T00:00:00Z")
        for _ in 0..<60 {
            at = close.next(after: at)!
            let day = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: at)
            XCTAssertTrue(cron.runs(month: day.month!, day: day.day!, weekday: day.weekday! - 1), iso(at))
        }
    }

    func testScheduleMistakesAreRefusedWithTheirPaths() throws {
        XCTAssertEqual(try issues(#"{"timeZone": "UTC"}"#).map(\.path), ["$.schedule"])
        XCTAssertTrue(try issues(#"{"daily": "06:00", "cron": "0 6 * * *"}"#)[0].message.contains("several rules"))
        XCTAssertEqual(try issues(#"{"daily": "6:30"}"#).map(\.path), ["$.schedule.daily"])
        XCTAssertEqual(
            try issues(#"{"daily": "06:30", "timeZone": "Mars/Olympus"}"#).map(\.path), ["$.schedule.timeZone"])
        let misspelt = try issues(#"{"daily": "06:30", "timezone": "UTC"}"#)
        XCTAssertEqual(misspelt.map(\.path), ["$.schedule.timezone"])
        XCTAssertEqual(misspelt.first?.hint, "did you mean \"timeZone\"?")
        XCTAssertTrue(try issues(#"{"cron": "61 * * * *"}"#)[0].message.contains("minute 61 is outside 0-59"))
        XCTAssertTrue(try issues(#"{"cron": "0 6 * *"}"#)[0].message.contains("expected 5 fields"))
        XCTAssertEqual(
            try issues(#"{"weekly": {"days": ["funday"], "at": "07:00"}}"#).map(\.path), ["$.schedule.weekly.days"])
        XCTAssertEqual(
            try issues(#"{"monthEndClose": {"lastBusinessDays": 2, "at": "07:00", "holidays": ["12/25/2026"]}}"#).map(
                \.path),
            ["$.schedule.monthEndClose.holidays[0]"])
        XCTAssertTrue(try issues(#"{"monthEndClose": {"at": "07:00"}}"#)[0].message.contains("no business day"))
    }

    func testAServiceOwesOneRunForMissedTimesAndUnfinishedRunsOnly() throws {
        let daily = try schedule(#"{"daily": "06:00", "timeZone": "Europe/Berlin"}"#)
        // Never ran: owed.
        XCTAssertTrue(daily.owesRun(lastStarted: nil, lastFinished: false, now: at("2026-12-03T12:00:00Z")))
        // Ran this morning at 06:00 Berlin (05:00Z), the next is tomorrow: nothing owed.
        XCTAssertFalse(
            daily.owesRun(lastStarted: at("2026-12-03T05:00:10Z"), lastFinished: true, now: at("2026-12-03T12:00:00Z")))
        // Down for three days: one run owed, not three.
        XCTAssertTrue(
            daily.owesRun(lastStarted: at("2026-11-30T05:00:10Z"), lastFinished: true, now: at("2026-12-03T12:00:00Z")))
        // The last run was interrupted or failed: owed at once, whatever the clock says.
        XCTAssertTrue(
            daily.owesRun(lastStarted: at("2026-12-03T05:00:10Z"), lastFinished: false, now: at("2026-12-03T05:30:00Z"))
        )
        // A month-end close missed over a long weekend, across the year's end.
        let close = try schedule(#"{"monthEndClose": {"lastBusinessDays": 1, "firstBusinessDays": 1, "at": "07:00"}}"#)
        XCTAssertTrue(
            close.owesRun(lastStarted: at("2026-12-30T07:00:00Z"), lastFinished: true, now: at("2027-01-02T09:00:00Z")))
        // Ran on the 31st (the last business day); the next run time is Friday 1 January at 07:00.
        XCTAssertFalse(
            close.owesRun(lastStarted: at("2026-12-31T07:00:05Z"), lastFinished: true, now: at("2027-01-01T06:59:00Z")))
        XCTAssertTrue(
            close.owesRun(lastStarted: at("2026-12-31T07:00:05Z"), lastFinished: true, now: at("2027-01-01T07:00:00Z")))
    }
}
