import Foundation
import Testing

@testable import FlowGateCore

/// The workflow a webhook subscription registers (codeunit 1540 "Workflow Webhook Setup"), kind by kind.
@Suite("Flow: the workflows webhook subscriptions register")
struct FlowRegistrationTests {
    typealias E = WorkflowEvents

    /// Checks the registered workflow's code, description, category, the subscription's marks and its whole tree.
    func expectRegistered(
        _ eventCode: String, _ code: String, _ description: String, _ category: WorkflowCategory, conditions: EventConditions? = nil,
        _ expectedTree: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let workflow = try FlowFixture.registered(eventCode, conditions: conditions)
        #expect(workflow.code == code, sourceLocation: sourceLocation)
        #expect(workflow.description == description, sourceLocation: sourceLocation)
        #expect(workflow.category == category, sourceLocation: sourceLocation)
        #expect(workflow.enabled && !workflow.template, sourceLocation: sourceLocation)
        #expect(workflow.companyId == EngineFixture.company, sourceLocation: sourceLocation)
        #expect(workflow.source == .flow, sourceLocation: sourceLocation)
        #expect(workflow.clientId == FlowFixture.clientId, sourceLocation: sourceLocation)
        #expect(workflow.subscriptionId == FlowFixture.subscriptionId, sourceLocation: sourceLocation)
        // Codeunit 1540 gives the entry event sequence 1 and every response sequence 0.
        #expect(workflow.rootStep?.id == 1 && workflow.rootStep?.sequenceNo == 1, sourceLocation: sourceLocation)
        #expect(workflow.steps.filter { $0.type == .response }.allSatisfy { $0.sequenceNo == 0 }, sourceLocation: sourceLocation)
        let actual = WorkflowTreeText.render(workflow).split(separator: "\n").map(String.init)
        let expected = expectedTree.split(separator: "\n").map(String.init)
        #expect(actual == expected, sourceLocation: sourceLocation)
    }

    @Test("Sales documents: restrict, Pending Approval, ask FLOWBOT; Continue releases, Reject reopens, Cancel allows and reopens")
    func salesDocument() throws {
        try expectRegistered(
            E.sendSalesDocForApproval, "MS-SDAW-WH-01", "Sales Document Approval Workflow", .salesDoc,
            conditions: EventConditions(header: [FieldCondition(field: "documentType", filter: "Order")]),
            """
            1 Event RUNWORKFLOWONSENDSALESDOCFORAPPROVAL [documentType=Order]
              2 Response RESTRICTRECORDUSAGE
                3 Response SETSTATUSTOPENDINGAPPROVAL
                  4 Response SENDNOTIFICATIONTOWEBHOOK {responseType=User ID, responseUserId="FLOWBOT"}
                    5 Event WORKFLOWWEBHOOKRESPONSERECEIVEDEVENT seq=2 [response=Continue]
                      6 Response ALLOWRECORDUSAGE
                        7 Response RELEASEDOCUMENT
                    8 Event WORKFLOWWEBHOOKRESPONSERECEIVEDEVENT seq=3 [response=Reject]
                      9 Response OPENDOCUMENT
                    10 Event WORKFLOWWEBHOOKRESPONSERECEIVEDEVENT seq=4 [response=Cancel]
                      11 Response ALLOWRECORDUSAGE
                        12 Response OPENDOCUMENT
            """
        )
    }

    @Test("Purchase documents: the same steps as sales documents, category PURCHDOC")
    func purchaseDocument() throws {
        try expectRegistered(
            E.sendPurchaseDocForApproval, "MS-PDAW-WH-01", "Purchase Document Approval Workflow", .purchDoc,
            """
            1 Event RUNWORKFLOWONSENDPURCHASEDOCFORAPPROVAL
              2 Response RESTRICTRECORDUSAGE
                3 Response SETSTATUSTOPENDINGAPPROVAL
                  4 Response SENDNOTIFICATIONTOWEBHOOK {responseType=User ID, responseUserId="FLOWBOT"}
                    5 Event WORKFLOWWEBHOOKRESPONSERECEIVEDEVENT seq=2 [response=Continue]
                      6 Response ALLOWRECORDUSAGE
                        7 Response RELEASEDOCUMENT
                    8 Event WORKFLOWWEBHOOKRESPONSERECEIVEDEVENT seq=3 [response=Reject]
                      9 Response OPENDOCUMENT
                    10 Event WORKFLOWWEBHOOKRESPONSERECEIVEDEVENT seq=4 [response=Cancel]
                      11 Response ALLOWRECORDUSAGE
                        12 Response OPENDOCUMENT
            """
        )
    }

    /// Customer, item and vendor share codeunit 1540's CreateCustomerItemApprovalWorkflow.
    static func recordTree(_ sendEvent: String) -> String {
        """
        1 Event \(sendEvent)
          2 Response RESTRICTRECORDUSAGE
            3 Response SENDNOTIFICATIONTOWEBHOOK {responseType=User ID, responseUserId="FLOWBOT"}
              4 Event WORKFLOWWEBHOOKRESPONSERECEIVEDEVENT seq=2 [response=Continue]
                5 Response ALLOWRECORDUSAGE
              6 Event WORKFLOWWEBHOOKRESPONSERECEIVEDEVENT seq=3 [response=Reject]
              7 Event WORKFLOWWEBHOOKRESPONSERECEIVEDEVENT seq=4 [response=Cancel]
                8 Response ALLOWRECORDUSAGE
        """
    }

    @Test("Customers: no status steps; Continue and Cancel allow usage, Reject does nothing")
    func customer() throws {
        try expectRegistered(
            E.sendCustomerForApproval, "MS-CUSTAW-WH-01", "Customer Approval Workflow", .sales, Self.recordTree(E.sendCustomerForApproval)
        )
    }

    @Test("Items: the customer's steps, category SALES")
    func item() throws {
        try expectRegistered(E.sendItemForApproval, "MS-ITEMAW-WH-01", "Item Approval Workflow", .sales, Self.recordTree(E.sendItemForApproval))
    }

    @Test("Vendors: the customer's steps, category PURCH (codeunit 1540 passes PurchPayCategoryTxt = 'PURCH')")
    func vendor() throws {
        try expectRegistered(E.sendVendorForApproval, "MS-VENDAW-WH-01", "Vendor Approval Workflow", .purch, Self.recordTree(E.sendVendorForApproval))
    }

    @Test("General journal batches: the balance check first; balanced → restrict and ask; not balanced → Business Central's message")
    func generalJournalBatch() throws {
        try expectRegistered(
            E.sendGeneralJournalBatchForApproval, "MS-GJBAW-WH-01", "General Journal Batch Approval Workflow", .fin,
            conditions: EventConditions(header: [FieldCondition(field: "templateType", filter: "General")]),
            """
            1 Event RUNWORKFLOWONSENDGENERALJOURNALBATCHFORAPPROVAL [templateType=General]
              2 Response CHECKGENERALJOURNALBATCHBALANCE
                3 Event RUNWORKFLOWONGENERALJOURNALBATCHBALANCED seq=0
                  4 Response RESTRICTRECORDUSAGE
                    5 Response SENDNOTIFICATIONTOWEBHOOK {responseType=User ID, responseUserId="FLOWBOT"}
                      6 Event WORKFLOWWEBHOOKRESPONSERECEIVEDEVENT seq=2 [response=Continue]
                        7 Response ALLOWRECORDUSAGE
                      8 Event WORKFLOWWEBHOOKRESPONSERECEIVEDEVENT seq=3 [response=Reject]
                      9 Event WORKFLOWWEBHOOKRESPONSERECEIVEDEVENT seq=4 [response=Cancel]
                10 Event RUNWORKFLOWONGENERALJOURNALBATCHNOTBALANCED seq=0
                  11 Response SHOWMESSAGE {message="The selected general journal batch is not balanced and cannot be sent for approval."}
            """
        )
    }

    @Test("General journal lines: restrict and ask; only Continue allows usage again")
    func generalJournalLine() throws {
        try expectRegistered(
            E.sendGeneralJournalLineForApproval, "MS-GJLAW-WH-01", "General Journal Line Approval Workflow", .fin,
            """
            1 Event RUNWORKFLOWONSENDGENERALJOURNALLINEFORAPPROVAL
              2 Response RESTRICTRECORDUSAGE
                3 Response SENDNOTIFICATIONTOWEBHOOK {responseType=User ID, responseUserId="FLOWBOT"}
                  4 Event WORKFLOWWEBHOOKRESPONSERECEIVEDEVENT seq=2 [response=Continue]
                    5 Response ALLOWRECORDUSAGE
                  6 Event WORKFLOWWEBHOOKRESPONSERECEIVEDEVENT seq=3 [response=Reject]
                  7 Event WORKFLOWWEBHOOKRESPONSERECEIVEDEVENT seq=4 [response=Cancel]
            """
        )
    }

    @Test("The seven kinds are the seven approval-requested events, each registered for its own entity set")
    func sevenKinds() throws {
        let kinds = FlowWorkflowRegistration.kinds
        #expect(kinds.count == 7)
        #expect(Set(kinds.map(\.entitySet)) == Set(EntitySet.allCases))
        for kind in kinds {
            #expect(kind.eventCode == E.sendForApproval(kind.entitySet))
            #expect(kind.codePrefix.hasPrefix("MS-") && kind.codePrefix.hasSuffix("-WH-"))
            #expect(try FlowWorkflowRegistration.kind(eventCode: kind.eventCode.lowercased()) == kind, "event codes are matched in any case")
        }
    }

    @Test("Any other event code is refused with Business Central's text", arguments: [
        E.approveApprovalRequest, E.sendOverdueNotifications, E.webhookResponseReceived, "RUNWORKFLOWONSENDFOOFORAPPROVAL", "",
    ])
    func unsupportedEventCode(_ eventCode: String) {
        let error = #expect(throws: FlowGateError.self) { try FlowWorkflowRegistration.kind(eventCode: eventCode) }
        #expect(error?.kind == .badRequest)
        #expect(error?.errors == [.init(field: "eventCode", message: "Unsupported workflow event code '\(eventCode)'.")])
        #expect(error?.detail.hasSuffix("Unsupported workflow event code '\(eventCode)'.") == true)
    }

    @Test("Empty conditions register an entry event without conditions, taking every record of the kind")
    func emptyConditions() throws {
        let workflow = try FlowFixture.registered(E.sendSalesDocForApproval, conditions: EventConditions())
        #expect(workflow.rootStep?.argument?.eventConditions == nil)
    }

    @Test("Every registered workflow passes the checks for enabling, with and without conditions", arguments: FlowWorkflowRegistration.kinds)
    func validForEnabling(_ kind: FlowWorkflowRegistration.Kind) throws {
        let plain = try FlowFixture.registered(kind.eventCode)
        try plain.validateForEnabling(catalog: .standard, otherEnabled: [])
        let conditions = EventConditions(
            header: [FieldCondition(field: "no", filter: "C1*|V1*")], lines: kind.entitySet.isDocument ? [FieldCondition(field: "type", filter: "Item")] : []
        )
        let conditioned = try FlowFixture.registered(kind.eventCode, conditions: conditions)
        try conditioned.validateForEnabling(catalog: .standard, otherEnabled: [])
    }
}
