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
}
