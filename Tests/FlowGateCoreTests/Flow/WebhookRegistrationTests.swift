import Foundation
import Testing

@testable import FlowGateCore

/// The registration rules of codeunit 1540 and table 469, and codeunit 1547's removal, without a store.
@Suite struct WebhookRegistrationTests {
    let companyId = UUID()
    let prefix = "MS-SDAW-WH-"

    func subscription(clientId: String = "flow-1", code: String, enabled: Bool = true) -> WorkflowWebhookSubscription {
        WorkflowWebhookSubscription(
            id: UUID(), companyId: companyId, workflowCode: code, notificationUrl: "https://flow.example/hook",
            eventCode: WorkflowEvents.sendSalesDocForApproval, conditions: nil, clientType: "Flow", clientId: clientId, enabled: enabled,
            userId: "FLOWUSER", createdAt: Date(timeIntervalSince1970: 0), secrets: [SigningSecret(secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
        )
    }

    @Test("Codes count up from 01 past every taken one, two digits until 99 (Business Central's IncStr)")
    func firstFreeCode() {
        #expect(FlowWorkflowRegistration.firstFreeCode(prefix: prefix, taken: []) == "MS-SDAW-WH-01")
        #expect(FlowWorkflowRegistration.firstFreeCode(prefix: prefix, taken: ["MS-SDAW-WH-01", "MS-SDAW-WH-03"]) == "MS-SDAW-WH-02")
        let nine = Set((1...9).map { "MS-SDAW-WH-0\($0)" })
        #expect(FlowWorkflowRegistration.firstFreeCode(prefix: prefix, taken: nine) == "MS-SDAW-WH-10")
    }

    @Test("A template's code is never given to a registered workflow")
    func templateCodesTaken() throws {
        let template = try #require(WorkflowTemplates.all.first)
        let prefix = String(template.code.dropLast(2))
        let code = FlowWorkflowRegistration.firstFreeCode(prefix: prefix, taken: [])
        #expect(code != template.code)
        #expect(WorkflowTemplates.template(code) == nil)
    }

    @Test("Registering disables the client's earlier subscriptions and every enabled workflow it registered, and nothing else")
    func registrationDisablesEarlierOnes() throws {
        let earlier = subscription(code: "MS-SDAW-WH-01")
        let context = WebhookRegistrationContext(
            takenCodes: ["MS-SDAW-WH-01"], earlierSubscriptions: [earlier], enabledClientWorkflows: ["MS-SDAW-WH-07"]
        )
        let registration = try FlowWorkflowRegistration.register(prefix: prefix, in: context) { code in
            Workflow(companyId: companyId, code: "IGNORED", description: "Sales Document Approval Workflow", enabled: true)
        }
        #expect(registration.workflow.code == "MS-SDAW-WH-02")
        #expect(registration.disabledSubscriptions == [earlier.id])
        #expect(registration.disabledWorkflows == ["MS-SDAW-WH-01", "MS-SDAW-WH-07"])
    }

    @Test("A workflow maker that refuses refuses the registration")
    func makerErrorsPropagate() {
        let context = WebhookRegistrationContext(takenCodes: [], earlierSubscriptions: [], enabledClientWorkflows: [])
        #expect(throws: FlowGateError.self) {
            _ = try FlowWorkflowRegistration.register(prefix: prefix, in: context) { _ in
                throw FlowGateError.validation(field: "conditions", "bad")
            }
        }
    }

    @Test("Unsubscribing deletes the workflow, or only disables it while a run still waits on it (codeunit 1547)")
    func disposal() {
        #expect(FlowWorkflowRegistration.disposalOnUnsubscribe(workflowHasActiveRuns: false) == .delete)
        #expect(FlowWorkflowRegistration.disposalOnUnsubscribe(workflowHasActiveRuns: true) == .disable)
    }

    @Test("A disabled subscription signs nothing; an enabled one signs with the secrets still valid")
    func signingSecrets() {
        let now = Date(timeIntervalSince1970: 1000)
        var enabled = subscription(code: "MS-SDAW-WH-01")
        enabled.secrets = [SigningSecret(secret: "a"), SigningSecret(secret: "b", expiresAt: now), SigningSecret(secret: "c", expiresAt: now + 1)]
        #expect(enabled.signingSecrets(at: now)?.map(\.secret) == ["a", "c"])
        #expect(subscription(code: "MS-SDAW-WH-01", enabled: false).signingSecrets(at: now) == nil)
    }

    @Test("Rotating puts the new secret first, never extends an old one's life, and drops those expired")
    func rotation() {
        let now = Date(timeIntervalSince1970: 1000)
        var subscription = subscription(code: "MS-SDAW-WH-01")
        subscription.secrets = [SigningSecret(secret: "old"), SigningSecret(secret: "older", expiresAt: now + 10), SigningSecret(secret: "gone", expiresAt: now)]
        subscription.rotateSecret(to: SigningSecret(secret: "new"), previousExpireAt: now + 100, now: now)
        #expect(subscription.secrets == [
            SigningSecret(secret: "new"), SigningSecret(secret: "old", expiresAt: now + 100), SigningSecret(secret: "older", expiresAt: now + 10),
        ])
    }
}
