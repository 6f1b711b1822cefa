import FlowGateCore
import Testing

@Suite("The workflow event and response catalogue")
struct WorkflowCatalogTests {
    let catalog = WorkflowCatalog.standard

    @Test("Every record entity set has its send and cancel approval events on its own table")
    func approvalEventsPerEntitySet() throws {
        for entitySet in EntitySet.allCases {
            let send = try #require(catalog.event(WorkflowEvents.sendForApproval(entitySet)))
            let cancel = try #require(catalog.event(WorkflowEvents.cancelApprovalRequest(entitySet)))
            #expect(send.table.entitySet == entitySet)
            #expect(cancel.table.entitySet == entitySet)
            #expect(cancel.predecessors == [send.functionName])
        }
        #expect(catalog.event("RUNWORKFLOWONSENDSALESDOCFORAPPROVAL")?.description == "Approval of a sales document is requested.")
    }

    @Test("The approval entry, release, credit-limit, journal-balance and record-change events exist")
    func otherEvents() throws {
        for name in [
            "RUNWORKFLOWONAPPROVEAPPROVALREQUEST", "RUNWORKFLOWONREJECTAPPROVALREQUEST", "RUNWORKFLOWONDELEGATEAPPROVALREQUEST",
            "RUNWORKFLOWONAFTERRELEASESALESDOC", "RUNWORKFLOWONAFTERRELEASEPURCHASEDOC", "RUNWORKFLOWONAFTERPOSTPURCHASEDOC",
            "RUNWORKFLOWONCUSTOMERCREDITLIMITEXCEEDED", "RUNWORKFLOWONCUSTOMERCREDITLIMITNOTEXCEEDED",
            "RUNWORKFLOWONGENERALJOURNALBATCHBALANCED", "RUNWORKFLOWONGENERALJOURNALBATCHNOTBALANCED",
            "RUNWORKFLOWONSENDOVERDUENOTIFICATIONS", "WORKFLOWWEBHOOKRESPONSERECEIVEDEVENT",
        ] {
            #expect(catalog.event(name) != nil, "\(name)")
        }
        for name in ["RUNWORKFLOWONCUSTOMERCHANGEDCODE", "RUNWORKFLOWONVENDORCHANGEDCODE", "RUNWORKFLOWONITEMCHANGEDCODE"] {
            #expect(catalog.event(name)?.usedForRecordChange == true, "\(name)")
        }
        #expect(catalog.event(WorkflowEvents.approveApprovalRequest)?.table == .approvalEntries)
    }

    @Test("Every response the issue names exists, with the options it reads")
    func responses() throws {
        let names = [
            "CREATEAPPROVALREQUESTS", "SENDAPPROVALREQUESTFORAPPROVAL", "APPROVEALLAPPROVALREQUESTS", "REJECTALLAPPROVALREQUESTS",
            "CANCELALLAPPROVALREQUESTS", "CREATEANDAPPROVEAPPROVALREQUESTAUTOMATICALLY", "SETSTATUSTOPENDINGAPPROVAL", "RELEASEDOCUMENT",
            "OPENDOCUMENT", "RESTRICTRECORDUSAGE", "ALLOWRECORDUSAGE", "CREATENOTIFICATIONENTRY", "SHOWMESSAGE", "DONOTHING",
            "CHECKCUSTOMERCREDITLIMIT", "CHECKGENERALJOURNALBATCHBALANCE", "REVERTVALUEFORFIELD", "APPLYNEWVALUES", "DISCARDNEWVALUES",
            "SENDNOTIFICATIONTOWEBHOOK",
        ]
        for name in names { #expect(catalog.response(name) != nil, "\(name)") }
        let create = try #require(catalog.response(WorkflowResponses.createApprovalRequests))
        #expect(create.requiredOptions == [.approverType, .approverLimitType])
        #expect(create.options.contains(.workflowUserGroupCode))
        #expect(catalog.response("showmessage")?.requiredOptions == [.message])
        #expect(catalog.response(WorkflowResponses.releaseDocument)?.tables == [.salesDocuments, .purchaseDocuments])
    }

    /// What a deployment writes to add its own event and response, as a Business Central partner would.
    struct ContractApprovals: WorkflowCatalogExtension {
        var events: [WorkflowEventDefinition] {
            [.init(functionName: "RunWorkflowOnSendContractForApproval", description: "Approval of a service contract is requested.", table: .customers)]
        }
        var responses: [WorkflowResponseDefinition] {
            [.init(functionName: "NotifyLegalTeam", description: "Notify the legal team.", options: [.message], requiredOptions: [.message])]
        }
    }

    @Test("A deployment adds its own events and responses through WorkflowCatalogExtension")
    func extensionPoint() throws {
        let extended = try catalog.adding(ContractApprovals())
        #expect(extended.event("RUNWORKFLOWONSENDCONTRACTFORAPPROVAL")?.description == "Approval of a service contract is requested.")
        #expect(extended.response("NOTIFYLEGALTEAM")?.requiredOptions == [.message])
        #expect(extended.events.count == catalog.events.count + 1)
        #expect(catalog.event("RUNWORKFLOWONSENDCONTRACTFORAPPROVAL") == nil, "the standard catalogue is unchanged")
        #expect(throws: FlowGateError.self) { try extended.adding(ContractApprovals()) }
    }
}
