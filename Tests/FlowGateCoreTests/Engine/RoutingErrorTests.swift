import Foundation
import Testing

@testable import FlowGateCore

/// A send that routing refuses, and Business Central's text for it (approval-routing.md §9).
struct RoutingErrorCase: Sendable, CustomTestStringConvertible {
    let name: String
    let type: ApproverType
    let limit: ApproverLimitType
    var setups: [ApprovalUserSetup] = ApproverMatrixTests.setups
    var groups: [WorkflowUserGroup] = [ApproverMatrixTests.finance]
    var specific: String? = nil
    var salesperson = "BO"
    var sender = "ALICE"
    let detail: String
    var testDescription: String { name }
}

@Suite("Engine: sends that routing refuses, with Business Central's texts, and nothing changed")
struct RoutingErrorTests {
    static let topless = [EngineFixture.setup("ALICE", approver: "BOB", limit: 100, code: "AL"), EngineFixture.setup("BOB", limit: 5000, code: "BO")]
    static let cycle = [EngineFixture.setup("ALICE", approver: "BOB", limit: 100), EngineFixture.setup("BOB", approver: "ALICE", limit: 5000, code: "BO")]
    static let dangling = [EngineFixture.setup("ALICE", approver: "BOB", limit: 100), EngineFixture.setup("BOB", approver: "GHOST", limit: 5000)]
    static let loneAlice = [EngineFixture.setup("ALICE", limit: 100), EngineFixture.setup("BOB", code: "BO")]
    static let aliceToGhost = [EngineFixture.setup("ALICE", approver: "GHOST", limit: 100), EngineFixture.setup("BOB", code: "BO")]

    static let cases: [RoutingErrorCase] = [
        .init(name: "chain ends without a sufficient approver", type: .approver, limit: .approverChain, setups: topless, detail: "No qualified approver was found."),
        .init(
            name: "first qualified from the salesperson, chain ends", type: .salespersonPurchaser, limit: .firstQualifiedApprover, setups: topless,
            detail: "No qualified approver was found."
        ),
        .init(
            name: "the chain is a cycle", type: .approver, limit: .approverChain, setups: cycle,
            detail: "No sufficient approver was found in the approver chain."
        ),
        .init(
            name: "the chain names a user without setup", type: .approver, limit: .approverChain, setups: dangling,
            detail: "You must set up an approver for user ID BOB in the Approval User Setup window."
        ),
        .init(
            name: "direct: the sender has no setup", type: .approver, limit: .directApprover, sender: "ZED",
            detail: "User ID ZED does not exist in the Approval User Setup window."
        ),
        .init(
            name: "direct: the sender has no approver", type: .approver, limit: .directApprover, setups: loneAlice,
            detail: "You must set up an approver for user ID ALICE in the Approval User Setup window."
        ),
        .init(
            name: "direct: the sender's approver has no setup", type: .approver, limit: .directApprover, setups: aliceToGhost,
            detail: "You must set up an approver for user ID ALICE in the Approval User Setup window."
        ),
        .init(
            name: "specific: the approver has no setup", type: .approver, limit: .specificApprover, specific: "GHOST",
            detail: "User ID GHOST does not exist in the Approval User Setup window."
        ),
        .init(
            name: "salesperson + specific: the approver has no setup", type: .salespersonPurchaser, limit: .specificApprover, specific: "GHOST",
            detail: "User ID GHOST does not exist in the Approval User Setup window."
        ),
        .init(
            name: "group without members", type: .workflowUserGroup, limit: .directApprover, groups: [EngineFixture.group("FINANCE", [])],
            detail: "A workflow user group with at least one member must be set up."
        ),
        .init(
            name: "group that does not exist", type: .workflowUserGroup, limit: .directApprover, groups: [],
            detail: "A workflow user group with at least one member must be set up."
        ),
        .init(
            name: "group member without setup", type: .workflowUserGroup, limit: .directApprover,
            groups: [EngineFixture.group("FINANCE", [("BOB", 1), ("GHOST", 2)])],
            detail: "The workflow user group member with user ID GHOST does not exist in the Approval User Setup window."
        ),
        .init(
            name: "group: the sender has no setup", type: .workflowUserGroup, limit: .directApprover, sender: "ZED",
            detail: "User ID ZED does not exist in the Approval User Setup window."
        ),
    ]

    @Test("Refused with Business Central's message; the order stays Open, unrestricted, without entries or runs", arguments: cases)
    func refused(_ c: RoutingErrorCase) throws {
        var fixture = EngineFixture(
            record: EngineFixture.salesOrder(amount: 8000, salesperson: c.salesperson), setups: c.setups,
            edit: EngineFixture.approvers(c.type, c.limit, group: "FINANCE", specific: c.specific)
        )
        fixture.groups = c.groups
        let error = #expect(throws: FlowGateError.self) { try fixture.send(by: c.sender) }
        #expect(error?.detail == c.detail)
        #expect(error?.kind == .conflict)
        #expect(fixture.record.status == .open && !fixture.record.restricted)
        #expect(fixture.entries.isEmpty && fixture.stepInstances.isEmpty && fixture.notifications.isEmpty)
    }

    @Test("Salesperson/Purchaser: a code no user has, and a document without a code")
    func salespersonNotSetUp() throws {
        for type in ApproverLimitType.allCases {
            var unknown = EngineFixture(
                record: EngineFixture.salesOrder(amount: 8000, salesperson: "ZZ"),
                edit: EngineFixture.approvers(.salespersonPurchaser, type, specific: "BOB")
            )
            let error = #expect(throws: FlowGateError.self) { try unknown.send() }
            #expect(error?.detail.hasPrefix("The salesperson/purchaser user ID  does not exist in the Approval User Setup window for") == true)
            #expect(error?.detail.contains("ZZ") == true)
        }
        var blank = EngineFixture(record: EngineFixture.salesOrder(amount: 8000, salesperson: nil))
        let error = #expect(throws: FlowGateError.self) { try blank.send() }
        #expect(error?.kind == .conflict && error?.detail.contains("Salespers./Purch. Code") == true)
    }

    @Test("A send step with no approval requests before it: Business Central's 'No approval requests exist.'")
    func noApprovalRequests() throws {
        var fixture = EngineFixture(record: EngineFixture.salesOrder(amount: 3000), templates: [])
        fixture.workflows = [
            Workflow(
                companyId: EngineFixture.company, code: "SENDONLY", description: "Send without creating", enabled: true,
                steps: [
                    WorkflowStep(id: 1, entryPoint: true, type: .event, functionName: WorkflowEvents.sendSalesDocForApproval),
                    WorkflowStep(id: 2, previousStepId: 1, type: .response, functionName: WorkflowResponses.sendApprovalRequestForApproval),
                ]
            )
        ]
        let error = #expect(throws: FlowGateError.self) { try fixture.send() }
        #expect(error?.detail == "No approval requests exist.")
        #expect(fixture.stepInstances.isEmpty)
    }

    @Test("Approver Chain / First Qualified with a sender who has no setup: the chain's ApproverUserIdNotInSetupErr", arguments: [
        ApproverLimitType.approverChain, .firstQualifiedApprover,
    ])
    func chainSenderWithoutSetup(limit: ApproverLimitType) throws {
        var fixture = EngineFixture(record: EngineFixture.salesOrder(amount: 8000), edit: EngineFixture.approvers(.approver, limit))
        let error = #expect(throws: FlowGateError.self) { try fixture.send(by: "ZED") }
        // approval-routing.md §1: Chain / First Qualified make the sender's entry without any setup check, then the chain
        // walk's UserSetup.Get(start) fails with ApproverUserIdNotInSetupErr (its %1 is the Sender ID, often blank).
        #expect(error?.detail.hasPrefix("You must set up an approver for user ID ") == true)
    }
}
