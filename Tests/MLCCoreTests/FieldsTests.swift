import XCTest

@testable import MLCCore

final class FieldsTests: XCTestCase {
    func testLookupSetRemoveAndOrder() {
        var f: Fields = ["id": .string("1"), "amount": .decimal("2.50"), "note": .null]
        XCTAssertEqual(f.names, ["id", "amount", "note"], "fields keep the order they were given")
        XCTAssertEqual(f["amount"], .decimal("2.50"))
        XCTAssertEqual(f["note"], .null, "a null field is present")
        XCTAssertNil(f["missing"], "an absent field is nil, not null")

        f["amount"] = .decimal("3.00")
        f["currency"] = .string("EUR")
        XCTAssertEqual(
            f.names, ["id", "amount", "note", "currency"], "replacing keeps the position, a new name is appended")
        f["note"] = nil
        XCTAssertEqual(f.names, ["id", "amount", "currency"])
        XCTAssertEqual(f.removeValue(forKey: "id"), .string("1"))
        XCTAssertNil(f.removeValue(forKey: "id"))
        XCTAssertEqual(f.count, 2)
    }

    func testARepeatedNameKeepsItsLastValue() {
        let f = Fields([("a", .int(1)), ("b", .int(2)), ("a", .int(3))])
        XCTAssertEqual(f.names, ["a", "b"])
        XCTAssertEqual(f["a"], .int(3))
    }

    func testRenameKeepsThePositionAndReplacesAnExistingTarget() {
        var f: Fields = ["a": .int(1), "b": .int(2), "c": .int(3)]
        XCTAssertTrue(f.rename("b", to: "beta"))
        XCTAssertEqual(f.names, ["a", "beta", "c"])
        XCTAssertTrue(f.rename("a", to: "c"))
        XCTAssertEqual(f.names, ["c", "beta"], "the old c is replaced by the renamed a")
        XCTAssertEqual(f["c"], .int(1))
        XCTAssertFalse(f.rename("zzz", to: "y"))
    }

    func testEqualityIgnoresOrderButNotValues() {
        let a: Fields = ["x": .int(1), "y": .string("s")]
        XCTAssertEqual(a, ["y": .string("s"), "x": .int(1)])
        XCTAssertNotEqual(a, ["x": .int(1), "y": .string("t")])
        XCTAssertNotEqual(a, ["x": .int(1)])
        XCTAssertNotEqual(a, ["x": .int(1), "z": .string("s")])
    }

    func testPositionalLookupFindsFieldsInAnyOrder() {
        let f = Fields(unique: ["a", "b", "c", "d"], [.int(1), .int(2), .int(3), .int(4)])
        var position = 0
        // In order: one comparison each, and the position follows.
        XCTAssertEqual(f.value(of: "a", near: &position), .int(1))
        XCTAssertEqual(f.value(of: "b", near: &position), .int(2))
        XCTAssertEqual(position, 2)
        // Out of order (a dropped or moved column): still found, and the position resyncs.
        XCTAssertEqual(f.value(of: "d", near: &position), .int(4))
        XCTAssertEqual(position, 4)
        XCTAssertEqual(f.value(of: "a", near: &position), .int(1))
        XCTAssertEqual(position, 1)
        XCTAssertNil(f.value(of: "nope", near: &position))
        XCTAssertEqual(position, 1, "a miss leaves the position alone")
    }
}
