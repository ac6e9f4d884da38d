import MLCCore
import XCTest

@testable import CloudSuite

/// Each paging rule: where the next page starts, when the last page was, and that none goes round in circles.
final class PagerTests: XCTestCase {
    func page(_ rows: [String], more: Bool? = nil, token: String? = nil) throws -> IONPage {
        IONPage(
            items: try rows.map {
                IONItem(json: try JSONParser.parse(Array(#"{"K": "\#($0)"}"#.utf8)), raw: $0, validUTF8: true)
            },
            more: more, token: token)
    }

    func testBookmarkPagerFollowsBookmarksAndRefusesOneSeenBefore() throws {
        var pager = BookmarkPager()
        var first = try page(["a", "b"], more: true, token: "B1")
        XCTAssertEqual(try pager.next(after: &first, pageSize: 2, place: "p"), .bookmark("B1"))
        var last = try page(["c"], more: false, token: "B2")
        XCTAssertNil(try pager.next(after: &last, pageSize: 2, place: "p"))
        var again = try page(["a"], more: true, token: "B1")
        XCTAssertThrowsError(try pager.next(after: &again, pageSize: 2, place: "p"))
        var bare = try page(["a"], more: true, token: nil)
        XCTAssertThrowsError(try pager.next(after: &bare, pageSize: 2, place: "p")) { error in
            XCTAssertTrue("\(error)".contains("MoreRowsExist is true but no Bookmark"), "\(error)")
        }
    }

    func testFromKeyPagerDropsTheRepeatedRowStopsShortAndRefusesACycle() throws {
        var pager = FromKeyPager { [$0["K"]?.stringValue ?? ""] }
        var first = try page(["a", "b", "c"])
        XCTAssertEqual(try pager.next(after: &first, pageSize: 3, place: "p"), .fromKey(["c"]))
        var second = try page(["c", "d", "e"])
        XCTAssertEqual(try pager.next(after: &second, pageSize: 3, place: "p"), .fromKey(["e"]))
        XCTAssertEqual(second.items.map(\.raw), ["d", "e"], "the row the call started from is not read twice")
        var short = try page(["e", "f"])
        XCTAssertNil(try pager.next(after: &short, pageSize: 3, place: "p"))
        XCTAssertEqual(short.items.map(\.raw), ["f"])

        var cycling = FromKeyPager { [$0["K"]?.stringValue ?? ""] }
        var one = try page(["a", "b"])
        _ = try cycling.next(after: &one, pageSize: 2, place: "p")
        var two = try page(["b", "a", "c"])
        _ = try cycling.next(after: &two, pageSize: 3, place: "p")
        var back = try page(["c", "a", "b"])
        XCTAssertThrowsError(try cycling.next(after: &back, pageSize: 3, place: "p"), "b again: a cycle")
    }

    func testSkipPagerCountsRowsStopsShortAndRefusesAnIgnoredSkip() throws {
        var pager = SkipPager()
        var first = try page(["a", "b"])
        XCTAssertEqual(try pager.next(after: &first, pageSize: 2, place: "p"), .skip(2))
        var same = try page(["a", "b"])
        XCTAssertThrowsError(try pager.next(after: &same, pageSize: 2, place: "p"), "the server ignored $skip")
        var fresh = SkipPager()
        var short = try page(["a"])
        XCTAssertNil(try fresh.next(after: &short, pageSize: 2, place: "p"))
    }

    func testNextLinkPagerStaysOnTheTenantAndRefusesALoop() throws {
        let tenant = "https://ion.example:8443/ACME_PRD"
        var pager = NextLinkPager(tenantURL: tenant)
        var first = try page(["a"], token: tenant + "/LN/lnapi/odata/s/Set?$skiptoken=2")
        XCTAssertEqual(
            try pager.next(after: &first, pageSize: 1, place: "p"), .link(tenant + "/LN/lnapi/odata/s/Set?$skiptoken=2")
        )
        var relative = try page(["b"], token: "/ACME_PRD/LN/lnapi/odata/s/Set?$skiptoken=3")
        XCTAssertEqual(
            try pager.next(after: &relative, pageSize: 1, place: "p"),
            .link(tenant + "/LN/lnapi/odata/s/Set?$skiptoken=3"))
        var away = try page(["c"], token: "https://evil.example/ACME_PRD/steal")
        XCTAssertThrowsError(try pager.next(after: &away, pageSize: 1, place: "p")) { error in
            XCTAssertTrue("\(error)".contains("leads away from the tenant"), "\(error)")
        }
        var loop = try page(["d"], token: tenant + "/LN/lnapi/odata/s/Set?$skiptoken=2")
        XCTAssertThrowsError(try pager.next(after: &loop, pageSize: 1, place: "p"))
        var last = try page(["e"], token: nil)
        XCTAssertNil(try pager.next(after: &last, pageSize: 1, place: "p"))
    }

    /// A tenant whose rows cluster on a few days (a month-end close) and are sparse elsewhere: every row is read
    /// exactly once, windows never overlap or leave a gap, a crowded day is asked whole, and the read ends.
    func testDateWindowPagerReadsEveryRowOnceAcrossDenseAndEmptyDays() throws {
        let start = DayWindow.day(of: Timestamp(parsing: "2024-01-01T00:00:00Z")!)
        var rowsOnDay: [Int: Int] = [start + 30: 700, start + 31: 40, start + 200: 3]
        for d in stride(from: start, to: start + 366, by: 17) { rowsOnDay[d, default: 0] += 2 }
        let total = rowsOnDay.values.reduce(0, +)
        var pager = DateWindowPager(covering: DayWindow(from: start, to: start + 365))
        var token = pager.first
        var read = 0
        var nextDay = start
        var requests = 0
        while case .window(let window)? = token {
            requests += 1
            XCTAssertLessThan(requests, 200, "the read ends")
            let served = (window.from...window.to).reduce(0) { $0 + (rowsOnDay[$1] ?? 0) }
            let pageSize = 100
            var page = try page((0..<(window.all ? served : min(served, pageSize))).map(String.init))
            token = try pager.next(after: &page, pageSize: pageSize, place: "p")
            if !page.items.isEmpty || served < pageSize || window.all {
                XCTAssertEqual(window.from, nextDay, "no gap, no overlap")
                XCTAssertEqual(page.items.count, served, "a kept answer holds the whole window")
                read += page.items.count
                nextDay = window.to + 1
            }
            if window.all { XCTAssertEqual(window.from, window.to, "only a single day is asked whole") }
        }
        XCTAssertNil(token)
        XCTAssertEqual(read, total)
        XCTAssertEqual(nextDay, start + 366, "the range is covered to its last day")
    }

    func testDaysPrintAsM3DatesAcrossLeapYearsAndCenturies() {
        for text in ["1900-01-01", "1970-01-01", "2000-02-29", "2024-02-29", "2024-12-31", "2100-03-01"] {
            let day = DayWindow.day(of: Timestamp(parsing: text + "T13:45:00Z")!)
            XCTAssertEqual(DayWindow.yyyyMMdd(day), text.replacingOccurrences(of: "-", with: ""))
        }
    }
}
