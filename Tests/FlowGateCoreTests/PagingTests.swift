import Foundation
import Testing

@testable import FlowGateCore

@Suite struct PageRequestTests {
    @Test("Without parameters a page holds 50 items from the start")
    func defaults() throws {
        let page = try PageRequest(limit: nil, cursor: nil)
        #expect(page.limit == 50)
        #expect(page.after == nil)
    }

    @Test("Limits from 1 to 1000 are accepted", arguments: ["1", "50", "1000"])
    func limitsAccepted(raw: String) throws {
        #expect(try PageRequest(limit: raw, cursor: nil).limit == Int(raw))
    }

    @Test("Limits outside 1...1000 or not integers are refused", arguments: ["0", "-1", "1001", "abc", "", "2.5"])
    func limitsRefused(raw: String) {
        let error = #expect(throws: FlowGateError.self) { try PageRequest(limit: raw, cursor: nil) }
        #expect(error?.kind == .badRequest)
        #expect(fieldNames(error) == ["limit"])
        #expect(message(error, for: "limit")?.contains("1000") == true)
    }

    @Test("A cursor the server did not issue is refused", arguments: ["garbage!", "cDpmb28", "", "MTIz"])
    func badCursorRefused(raw: String) {
        let error = #expect(throws: FlowGateError.self) { try PageRequest(limit: nil, cursor: raw) }
        #expect(fieldNames(error) == ["cursor"])
    }

    @Test("A cursor round-trips to the position it was made from", arguments: [Int64(0), 1, 62, 120, 9_876_543_210])
    func cursorRoundTrip(position: Int64) throws {
        let cursor = PageCursor.encode(position)
        #expect(PageCursor.decode(cursor) == position)
        #expect(!cursor.contains("=") && !cursor.contains("+") && !cursor.contains("/"))
        let page = try PageRequest(limit: "10", cursor: cursor)
        #expect(page.after == position)
        #expect(page.limit == 10)
    }
}

@Suite struct VersionPreconditionTests {
    @Test("No If-Match accepts any version and a missing resource")
    func noneAcceptsAnything() {
        #expect(throws: Never.self) { try VersionPrecondition.none.check(current: nil) }
        #expect(throws: Never.self) { try VersionPrecondition.none.check(current: 7) }
    }

    @Test("If-Match: * accepts an existing resource and refuses a missing one with 412")
    func existsPrecondition() {
        #expect(throws: Never.self) { try VersionPrecondition.exists.check(current: 3) }
        let error = #expect(throws: FlowGateError.self) { try VersionPrecondition.exists.check(current: nil) }
        #expect(error?.kind == .preconditionFailed)
    }

    @Test("If-Match with the current version is accepted")
    func matchingVersionAccepted() {
        #expect(throws: Never.self) { try VersionPrecondition.version(4).check(current: 4) }
    }

    @Test("If-Match with a stale version is refused with 412, naming the current ETag")
    func staleVersionRefused() {
        let error = #expect(throws: FlowGateError.self) { try VersionPrecondition.version(3).check(current: 4) }
        #expect(error?.kind == .preconditionFailed)
        #expect(error?.type == "version-mismatch")
        #expect(error?.detail.contains("\"4\"") == true)
    }

    @Test("If-Match with a version on a missing resource is refused with 412")
    func versionOnMissingRefused() {
        let error = #expect(throws: FlowGateError.self) { try VersionPrecondition.version(1).check(current: nil) }
        #expect(error?.kind == .preconditionFailed)
    }
}
