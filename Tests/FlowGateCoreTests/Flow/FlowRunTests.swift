import Foundation
import Testing

@testable import FlowGateCore

/// The registered sales document workflow (conditions documentType=Order, subscriber FLOWBOT) driven through the
/// engine: ALICE sends, the platform answers through the callbacks (codeunit 1543's Continue, Reject, Cancel).
@Suite("Flow: a sales order under the workflow a subscription registered")
struct FlowSalesDocumentRunTests {
    static let orders = EventConditions(header: [FieldCondition(field: "documentType", filter: "Order")])
    static let responseEvents = Array(repeating: WorkflowEvents.webhookResponseReceived, count: 3)

    static func order(_ type: DocumentType = .order) throws -> EngineFixture {
        try EngineFixture.flow(WorkflowEvents.sendSalesDocForApproval, record: EngineFixture.salesOrder(amount: 3000, type: type), conditions: orders)
    }

    /// An order ALICE has sent: the request is out with the platform.
    static func sentOrder() throws -> EngineFixture {
        var fixture = try order()
        try fixture.send(by: "ALICE")
        return fixture
    }

    @Test("Sending an order: Pending Approval and restricted, one Pending Flow entry for FLOWBOT to answer, three answers awaited")
    func send() throws {
        var fixture = try Self.order()
        let outcome = try fixture.send(by: "ALICE")
        #expect(outcome.workflowCode == "MS-SDAW-WH-01")
        #expect(fixture.record.status == .pendingApproval)
        #expect(fixture.record.restricted)
        #expect(fixture.webhookSummary == ["Pending@ALICE"])
        let entry = try #require(fixture.webhookEntries.first)
        #expect(entry.entryNo == 1)
        #expect(entry.responseUserId == "FLOWBOT")
        #expect(entry.workflowCode == "MS-SDAW-WH-01")
        #expect(entry.recordId == fixture.record.id && entry.entitySet == .salesDocuments && entry.companyId == EngineFixture.company)
        #expect(entry.workflowStepInstanceId == fixture.latestInstanceId)
        #expect(entry.initiatedAt == fixture.now && entry.modifiedBy == "ALICE")
        #expect(outcome.newWebhookEntries.map(\.entryNo) == [1], "the new entry is the request that goes out")
        #expect(fixture.stepIds(.completed) == [1, 2, 3, 4])
        #expect(fixture.stepIds(.active) == [5, 8, 10])
        #expect(fixture.activeEvents == Self.responseEvents)
        #expect(fixture.entries.isEmpty && fixture.notifications.isEmpty, "no approval entries: the platform does the approving")

        let again = #expect(throws: FlowGateError.self) { try fixture.send(by: "ALICE") }
        #expect(again?.type == "approval-pending")
    }

    @Test("An invoice does not meet the conditions: no workflow takes it, nothing is sent")
    func invoiceDoesNotMatch() throws {
        var fixture = try Self.order(.invoice)
        let error = #expect(throws: FlowGateError.self) { try fixture.send(by: "ALICE") }
        #expect(error?.type == "no-approval-workflow")
        #expect(fixture.webhookEntries.isEmpty && fixture.stepInstances.isEmpty)
        #expect(fixture.record.status == .open && !fixture.record.restricted)
    }

    @Test("Continue by FLOWBOT: usage allowed, the order Released, the run over")
    func continueReleases() throws {
        var fixture = try Self.sentOrder()
        try fixture.respond(.continue, by: "FLOWBOT")
        #expect(fixture.record.status == .released)
        #expect(!fixture.record.restricted)
        #expect(fixture.webhookSummary == ["Continue@ALICE"])
        #expect(fixture.webhookEntries[0].modifiedBy == "FLOWBOT")
        #expect(fixture.stepIds(.completed) == [1, 2, 3, 4, 5, 6, 7])
        #expect(fixture.stepIds(.ignored) == [8, 10])
        #expect(fixture.activeStepIds.isEmpty && !fixture.anyStepProcessing)
    }

    @Test("Reject by FLOWBOT: the order reopens but stays restricted — codeunit 1540's reject branch only has OPENDOCUMENT")
    func rejectReopens() throws {
        var fixture = try Self.sentOrder()
        try fixture.respond(.reject, by: "FLOWBOT")
        #expect(fixture.record.status == .open)
        #expect(fixture.record.restricted)
        #expect(fixture.webhookSummary == ["Reject@ALICE"])
        #expect(fixture.stepIds(.completed) == [1, 2, 3, 4, 8, 9])
        #expect(fixture.stepIds(.ignored) == [5, 10])
        #expect(fixture.activeStepIds.isEmpty)
    }

    @Test("Cancel by ALICE, who sent it: usage allowed and the order Open")
    func cancelBySender() throws {
        var fixture = try Self.sentOrder()
        try fixture.respond(.cancel, by: "ALICE")
        #expect(fixture.record.status == .open)
        #expect(!fixture.record.restricted)
        #expect(fixture.webhookSummary == ["Cancel@ALICE"])
        #expect(fixture.stepIds(.completed) == [1, 2, 3, 4, 10, 11, 12])
        #expect(fixture.activeStepIds.isEmpty)
    }

    @Test("Continue or Reject by anyone but FLOWBOT — the sender included — is 403 with Business Central's text; nothing changes")
    func onlyTheSubscriberContinues() throws {
        var fixture = try Self.sentOrder()
        let before = fixture.record
        for (response, user) in [(WebhookResponse.continue, "BOB"), (.reject, "ALICE"), (.continue, "CAROL")] {
            let error = #expect(throws: FlowGateError.self) { try fixture.respond(response, by: user) }
            #expect(error?.kind == .forbidden)
            #expect(
                error?.detail
                    == "User \(user) cannot act on this step. Make sure the user who created the webhook (FLOWBOT) is the same who is trying to act."
            )
        }
        #expect(fixture.record == before)
        #expect(fixture.webhookSummary == ["Pending@ALICE"])
        #expect(fixture.stepIds(.active) == [5, 8, 10])
    }

    @Test("Cancel by a stranger is 403; the approval administrator CAROL may cancel")
    func cancelByStrangerAndAdministrator() throws {
        var fixture = try Self.sentOrder()
        for user in ["BOB", "FLOWBOT"] {
            let error = #expect(throws: FlowGateError.self) { try fixture.respond(.cancel, by: user) }
            #expect(error?.kind == .forbidden)
        }
        #expect(fixture.webhookSummary == ["Pending@ALICE"])
        try fixture.respond(.cancel, by: "CAROL")
        #expect(fixture.record.status == .open && !fixture.record.restricted)
        #expect(fixture.webhookEntries[0].response == .cancel && fixture.webhookEntries[0].modifiedBy == "CAROL")
    }

    @Test("After an answer, a different one — or the same by someone else — is 409 'A response has already been received.'")
    func secondAnswer() throws {
        var fixture = try Self.sentOrder()
        try fixture.respond(.continue, by: "FLOWBOT")
        for (response, user) in [(WebhookResponse.reject, "FLOWBOT"), (.cancel, "ALICE"), (.cancel, "CAROL"), (.continue, "ALICE")] {
            let error = #expect(throws: FlowGateError.self) { try fixture.respond(response, by: user) }
            #expect(error?.kind == .conflict)
            #expect(error?.type == "response-already-received")
            #expect(error?.detail == "A response has already been received.")
        }
        #expect(fixture.record.status == .released)
        #expect(fixture.webhookSummary == ["Continue@ALICE"])
    }

    @Test("The same answer again by the same user succeeds and changes nothing, so a platform may retry")
    func repeatedAnswer() throws {
        var fixture = try Self.sentOrder()
        try fixture.respond(.reject, by: "FLOWBOT")
        let record = fixture.record
        let steps = fixture.stepInstances
        let entries = fixture.webhookEntries
        fixture.now = fixture.now.addingTimeInterval(3600)
        let outcome = try fixture.respond(.reject, by: "FLOWBOT")
        #expect(outcome.isEmpty)
        #expect(outcome.newWebhookEntries.isEmpty)
        #expect(fixture.record == record && fixture.stepInstances == steps && fixture.webhookEntries == entries)
    }

    @Test("An unknown Flow entry is 404")
    func unknownEntry() throws {
        var fixture = try Self.sentOrder()
        let error = #expect(throws: FlowGateError.self) { try fixture.respond(.continue, entryNo: 2, by: "FLOWBOT") }
        #expect(error?.kind == .notFound)
    }

    /// A workflow of its own (not registered by a subscription): the send event, then SENDNOTIFICATIONTOWEBHOOK with
    /// `notify`, then `answers` response-received events.
    static func notifying(_ notify: WorkflowStepArgument, answers: Bool) -> Workflow {
        var steps = [
            WorkflowStep(id: 1, entryPoint: true, type: .event, functionName: WorkflowEvents.sendSalesDocForApproval),
            WorkflowStep(id: 2, previousStepId: 1, type: .response, functionName: WorkflowResponses.sendNotificationToWebhook, sequenceNo: 0, argument: notify),
        ]
        if answers {
            steps.append(
                WorkflowStep(
                    id: 3, previousStepId: 2, type: .event, functionName: WorkflowEvents.webhookResponseReceived, sequenceNo: 0,
                    argument: WorkflowStepArgument(eventConditions: EventConditions(header: [FieldCondition(field: "response", filter: "Continue")]))
                )
            )
            steps.append(WorkflowStep(id: 4, previousStepId: 3, type: .response, functionName: WorkflowResponses.allowRecordUsage, sequenceNo: 0))
        }
        return Workflow(companyId: EngineFixture.company, code: "NOTIFY", description: "Tell the platform", enabled: true, steps: steps)
    }

    /// Why nobody is to answer a Flow entry (codeunit 1543's GetInitialResponseValue).
    enum NoAnswer: String, CaseIterable, CustomTestStringConvertible {
        case noResponseEvent = "no response-received event in the run"
        case responseTypeNotExpected = "Response Type Not Expected"
        var testDescription: String { rawValue }
    }

    @Test("A Flow entry nobody is to answer is NotExpected; answering it is 409 'A response is not expected.'", arguments: NoAnswer.allCases)
    func responseNotExpected(_ reason: NoAnswer) throws {
        let workflow = switch reason {
        case .noResponseEvent: Self.notifying(WorkflowStepArgument(responseType: .userId, responseUserId: "FLOWBOT"), answers: false)
        case .responseTypeNotExpected: Self.notifying(WorkflowStepArgument(responseType: .notExpected), answers: true)
        }
        try workflow.validateForEnabling(catalog: .standard, otherEnabled: [])
        var fixture = EngineFixture(record: EngineFixture.salesOrder(amount: 3000), workflows: [workflow])
        try fixture.send(by: "ALICE")
        #expect(fixture.webhookSummary == ["NotExpected@ALICE"])
        for (response, user) in [(WebhookResponse.continue, "FLOWBOT"), (.cancel, "ALICE")] {
            let error = #expect(throws: FlowGateError.self) { try fixture.respond(response, by: user) }
            #expect(error?.kind == .conflict)
            #expect(error?.type == "response-not-expected")
            #expect(error?.detail == "A response is not expected.")
        }
        #expect(fixture.webhookSummary == ["NotExpected@ALICE"])
    }

    @Test("With Response Type User ID and a response-received event after it, the entry is Pending")
    func responseExpected() throws {
        let workflow = Self.notifying(WorkflowStepArgument(responseType: .userId, responseUserId: "FLOWBOT"), answers: true)
        var fixture = EngineFixture(record: EngineFixture.salesOrder(amount: 3000), workflows: [workflow])
        try fixture.send(by: "ALICE")
        #expect(fixture.webhookSummary == ["Pending@ALICE"])
        try fixture.respond(.continue, by: "FLOWBOT")
        #expect(fixture.webhookSummary == ["Continue@ALICE"])
        #expect(fixture.stepIds(.completed) == [1, 2, 3, 4])
    }

    @Test("Cancel Request on the order itself cancels its pending Flow entry: the order Open and usable again")
    func nativeCancel() throws {
        var fixture = try Self.sentOrder()
        let stranger = #expect(throws: FlowGateError.self) { try fixture.cancel(by: "BOB") }
        #expect(stranger?.kind == .forbidden)
        try fixture.cancel(by: "ALICE")
        #expect(fixture.record.status == .open)
        #expect(!fixture.record.restricted)
        #expect(fixture.webhookSummary == ["Cancel@ALICE"])
        #expect(fixture.activeStepIds.isEmpty)
        let nothingLeft = #expect(throws: FlowGateError.self) { try fixture.cancel(by: "ALICE") }
        #expect(nothingLeft?.type == "no-approval-request")
        try fixture.send(by: "ALICE")
        #expect(fixture.webhookSummary == ["Cancel@ALICE", "Pending@ALICE"], "a new request gets a new Flow entry")
        #expect(fixture.record.status == .pendingApproval)
    }

    @Test("The reference's base64 conditions, decoded and registered, decide which orders go to the platform")
    func decodedConditions() throws {
        let json = #"{"HeaderConditions":[{"Name":"documentType","Value":"Order"},{"Name":"status","Value":"Open"},{"Name":"amount","Value":">0"}]}"#
        let conditions = try FlowConditions.decode(FlowFixture.base64(json, padding: false), for: .salesDocuments)
        var zero = try EngineFixture.flow(WorkflowEvents.sendSalesDocForApproval, record: EngineFixture.salesOrder(amount: 0), conditions: conditions)
        #expect(throws: FlowGateError.self) { try zero.send(by: "ALICE") }
        #expect(zero.webhookEntries.isEmpty)
        var order = try EngineFixture.flow(WorkflowEvents.sendSalesDocForApproval, record: EngineFixture.salesOrder(amount: 250), conditions: conditions)
        try order.send(by: "ALICE")
        #expect(order.webhookSummary == ["Pending@ALICE"])
    }
}

@Suite("Flow: customers and general journal batches under registered workflows")
struct FlowRecordRunTests {
    static func customer() throws -> EngineFixture {
        var fixture = try EngineFixture.flow(WorkflowEvents.sendCustomerForApproval, record: EngineFixture.masterRecord(.customers, number: "C10000"))
        try fixture.send(by: "ALICE")
        return fixture
    }

    static func batch(lines: [Decimal]) throws -> EngineFixture {
        var fixture = try EngineFixture.flow(
            WorkflowEvents.sendGeneralJournalBatchForApproval, record: EngineFixture.masterRecord(.generalJournalBatches, number: "GENERAL-DEFAULT")
        )
        fixture.journalLines = lines.enumerated().map { index, amount in
            EngineFixture.masterRecord(.generalJournalLines, number: "GJL\(index + 1)", amount: amount)
        }
        return fixture
    }

    @Test("A customer sent for approval is restricted (no status change) with a Pending Flow entry; Continue lifts the restriction")
    func customerContinue() throws {
        var fixture = try Self.customer()
        #expect(fixture.record.restricted && fixture.record.status == .open)
        #expect(fixture.webhookSummary == ["Pending@ALICE"])
        #expect(fixture.webhookEntries[0].entitySet == .customers && fixture.webhookEntries[0].workflowCode == "MS-CUSTAW-WH-01")
        #expect(fixture.stepIds(.active) == [4, 6, 7])
        try fixture.respond(.continue, by: "FLOWBOT")
        #expect(!fixture.record.restricted)
        #expect(fixture.activeStepIds.isEmpty)
    }

    @Test("Reject ends the customer's run with the customer still restricted (codeunit 1540's reject branch is empty)")
    func customerReject() throws {
        var fixture = try Self.customer()
        try fixture.respond(.reject, by: "FLOWBOT")
        #expect(fixture.record.restricted)
        #expect(fixture.webhookSummary == ["Reject@ALICE"])
        #expect(fixture.stepIds(.completed) == [1, 2, 3, 6])
        #expect(fixture.activeStepIds.isEmpty && !fixture.anyStepProcessing)
    }

    @Test("Cancel by ALICE lifts the customer's restriction")
    func customerCancel() throws {
        var fixture = try Self.customer()
        try fixture.cancel(by: "ALICE")
        #expect(!fixture.record.restricted)
        #expect(fixture.webhookSummary == ["Cancel@ALICE"])
    }

    @Test("An unbalanced batch gets Business Central's message only: no Flow entry, no restriction")
    func batchNotBalanced() throws {
        var fixture = try Self.batch(lines: [1500, -1000])
        try fixture.send(by: "ALICE")
        #expect(fixture.messages == ["The selected general journal batch is not balanced and cannot be sent for approval."])
        #expect(fixture.webhookEntries.isEmpty)
        #expect(!fixture.record.restricted)
        #expect(fixture.stepIds(.completed) == [1, 2, 10, 11])
        #expect(fixture.stepIds(.ignored) == [3])
        #expect(fixture.activeStepIds.isEmpty)
    }

    @Test("A balanced batch is restricted and asked about; Continue allows it, Cancel leaves it restricted (no response under Cancel)")
    func batchBalanced() throws {
        var fixture = try Self.batch(lines: [1500, -1000, -500])
        try fixture.send(by: "ALICE")
        #expect(fixture.messages.isEmpty)
        #expect(fixture.record.restricted)
        #expect(fixture.webhookSummary == ["Pending@ALICE"])
        #expect(fixture.stepIds(.active) == [6, 8, 9])
        var continued = fixture
        try continued.respond(.continue, by: "FLOWBOT")
        #expect(!continued.record.restricted)
        try fixture.respond(.cancel, by: "ALICE")
        #expect(fixture.record.restricted)
        #expect(fixture.activeStepIds.isEmpty)
    }
}
