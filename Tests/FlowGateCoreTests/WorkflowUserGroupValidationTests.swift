import Foundation
import Testing

@testable import FlowGateCore

@Suite struct WorkflowUserGroupValidationTests {
    let users: Set<String> = ["ALICE", "BOB", "CAROL"]

    func group(_ members: [(String, Int)]) -> WorkflowUserGroup {
        WorkflowUserGroup(
            companyId: UUID(), code: "FINANCE", description: "Finance approvers",
            members: members.map { WorkflowUserGroup.Member(userName: $0.0, sequenceNo: $0.1) }
        )
    }

    @Test("Known members in sequence, some in parallel, are accepted unchanged")
    func validGroupAccepted() throws {
        let value = group([("ALICE", 1), ("BOB", 1), ("CAROL", 2)])
        #expect(try value.validated(knownUserNames: users) == value)
    }

    @Test("An empty group is accepted")
    func emptyGroupAccepted() throws {
        #expect(try group([]).validated(knownUserNames: users).members.isEmpty)
    }

    @Test("A member who is not a user is refused, naming the member's position")
    func unknownMemberRefused() {
        let error = #expect(throws: FlowGateError.self) {
            try group([("ALICE", 1), ("ZED", 2)]).validated(knownUserNames: users)
        }
        #expect(error?.kind == .badRequest)
        #expect(fieldNames(error) == ["members[1].userName"])
        #expect(message(error, for: "members[1].userName")?.contains("ZED") == true)
    }

    @Test("A user listed twice is refused at the second listing")
    func duplicateMemberRefused() {
        let error = #expect(throws: FlowGateError.self) {
            try group([("ALICE", 1), ("BOB", 2), ("ALICE", 3)]).validated(knownUserNames: users)
        }
        #expect(fieldNames(error) == ["members[2].userName"])
        #expect(message(error, for: "members[2].userName")?.contains("twice") == true)
    }

    @Test("Sequence numbers below 1 are refused", arguments: [0, -1])
    func sequenceBelowOneRefused(sequenceNo: Int) {
        let error = #expect(throws: FlowGateError.self) {
            try group([("ALICE", 1), ("BOB", sequenceNo)]).validated(knownUserNames: users)
        }
        #expect(fieldNames(error) == ["members[1].sequenceNo"])
    }

    @Test("Several bad members are all reported at once")
    func allProblemsReported() {
        let error = #expect(throws: FlowGateError.self) {
            try group([("ZED", 0), ("ALICE", 1), ("ALICE", 1)]).validated(knownUserNames: users)
        }
        #expect(
            Set(fieldNames(error)) == ["members[0].userName", "members[0].sequenceNo", "members[2].userName"]
        )
    }
}
