import FlowGateDelivery
import Foundation
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

@Suite struct WebhookSubscriptionStoreTests {
    @Test("Registered workflows get -01, -02, and the first free number again once -01 is gone (IncStr)", arguments: StoreBackend.all)
    func workflowCodes(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let first = try await store.subscribe(webhookSubscription(company, clientId: "flow-a"))
            let second = try await store.subscribe(webhookSubscription(company, clientId: "flow-b"))
            #expect(first.workflowCode == "MS-SDAW-WH-01")
            #expect(second.workflowCode == "MS-SDAW-WH-02")
            let workflow = try #require(try await store.workflow(companyId: company.id, code: "MS-SDAW-WH-01"))
            #expect(workflow.enabled && workflow.source == .flow && workflow.subscriptionId == first.id && workflow.version == 1)

            #expect(try await store.unsubscribe(first.id))
            let third = try await store.subscribe(webhookSubscription(company, clientId: "flow-c"))
            #expect(third.workflowCode == "MS-SDAW-WH-01")
            // Another prefix and another company count on their own.
            #expect(try await store.subscribe(webhookSubscription(company, clientId: "flow-d"), prefix: "MS-CUSTAW-WH-").workflowCode == "MS-CUSTAW-WH-01")
            let other = try await store.makeCompany("FABRIKAM")
            #expect(try await store.subscribe(webhookSubscription(other, clientId: "flow-a")).workflowCode == "MS-SDAW-WH-01")
        }
    }

    @Test("Codes other company workflows hold are skipped, the gaps between them used", arguments: StoreBackend.all)
    func takenCodesSkipped(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            for code in ["MS-SDAW-WH-01", "MS-SDAW-WH-03"] {
                _ = try await store.putWorkflow(Workflow(companyId: company.id, code: code, description: "Imported"), precondition: .none) { new, _, _ in new }
            }
            #expect(try await store.subscribe(webhookSubscription(company, clientId: "a")).workflowCode == "MS-SDAW-WH-02")
            #expect(try await store.subscribe(webhookSubscription(company, clientId: "b")).workflowCode == "MS-SDAW-WH-04")
            // The imported workflows stay as they were.
            #expect(try await store.workflow(companyId: company.id, code: "MS-SDAW-WH-03")?.version == 1)
        }
    }

    @Test("Subscribing again with the same client id disables the previous subscription and its workflow", arguments: StoreBackend.all)
    func sameClientDisablesPrevious(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let previous = try await store.subscribe(webhookSubscription(company, clientId: "flow-1"))
            let unrelated = try await store.subscribe(webhookSubscription(company, clientId: "flow-2"))
            let current = try await store.subscribe(webhookSubscription(company, clientId: "flow-1"))
            #expect(current.workflowCode == "MS-SDAW-WH-03" && current.enabled)

            #expect(try await store.webhookSubscription(companyId: company.id, id: previous.id)?.enabled == false)
            let oldWorkflow = try #require(try await store.workflow(companyId: company.id, code: previous.workflowCode))
            #expect(!oldWorkflow.enabled && oldWorkflow.version == 2)
            #expect(try await store.webhookSubscription(companyId: company.id, workflowCode: previous.workflowCode) == nil)
            #expect(try await store.webhookSubscription(companyId: company.id, workflowCode: current.workflowCode) == current)
            #expect(try await store.webhookSubscription(companyId: company.id, id: unrelated.id)?.enabled == true)
            #expect(try await store.workflow(companyId: company.id, code: unrelated.workflowCode)?.enabled == true)
        }
    }

    @Test("A workflow that cannot be built registers nothing and leaves the previous registration enabled", arguments: StoreBackend.all)
    func failedRegistrationChangesNothing(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let previous = try await store.subscribe(webhookSubscription(company, clientId: "flow-1"))
            let error = await flowGateError {
                _ = try await store.createWebhookSubscription(webhookSubscription(company, clientId: "flow-1"), codePrefix: salesFlowPrefix) { _ in
                    throw FlowGateError.validation(field: "conditions", "not a filter")
                }
            }
            #expect(error?.type == "validation-failed")
            #expect(try await store.webhookSubscriptions(companyId: company.id, PageRequest()).items == [previous])
            #expect(try await store.workflow(companyId: company.id, code: previous.workflowCode)?.enabled == true)
            #expect(try await store.workflow(companyId: company.id, code: "MS-SDAW-WH-02") == nil)
        }
    }

    @Test("Deleting a subscription deletes its workflow, or only disables it while a run of it is active", arguments: StoreBackend.all)
    func deleteSubscription(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let idle = try await store.subscribe(webhookSubscription(company, clientId: "idle"))
            let busy = try await store.subscribe(webhookSubscription(company, clientId: "busy"))
            let record = try await store.makeCustomer(company)
            let workflow = try #require(try await store.workflow(companyId: company.id, code: busy.workflowCode))
            let template = try #require(WorkflowTemplates.all.first { !$0.steps.isEmpty })
            var waiting = WorkflowStepInstance(
                instanceId: UUID(), workflow: workflow, step: template.steps[0], record: record, userId: "ALICE", now: fixedDate
            )
            waiting.status = .active
            let snapshot = try #require(try await store.workflowSnapshot(companyId: company.id, entitySet: .customers, recordId: record.id))
            _ = try await store.apply(outcome(snapshot.record, stepInstances: [waiting]), outboxMessages: [])

            #expect(try await store.unsubscribe(idle.id))
            #expect(try await store.workflow(companyId: company.id, code: idle.workflowCode) == nil)
            #expect(try await store.unsubscribe(busy.id))
            let kept = try #require(try await store.workflow(companyId: company.id, code: busy.workflowCode))
            #expect(!kept.enabled && kept.version == 2)

            #expect(try await store.webhookSubscription(id: busy.id) == nil)
            #expect(try await store.unsubscribe(busy.id) == false)
            #expect(try await store.webhookSubscriptions(companyId: company.id, PageRequest()).items.isEmpty)
            // The kept workflow's code stays taken.
            #expect(try await store.subscribe(webhookSubscription(company, clientId: "new")).workflowCode == "MS-SDAW-WH-01")
        }
    }

    @Test("Rotating a secret keeps the previous one valid until it expires, never later than already set", arguments: StoreBackend.all)
    func rotateSecret(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let original = SigningSecret(secret: WebhookSecret.generate().text)
            let subscription = try await store.subscribe(webhookSubscription(company, secrets: [original]))
            let second = SigningSecret(secret: WebhookSecret.generate().text)
            let dayLater = fixedDate.addingTimeInterval(86_400)

            let rotated = try #require(
                try await store.rotateSecret(companyId: company.id, id: subscription.id, to: second, previousExpireAt: dayLater, now: fixedDate)
            )
            #expect(rotated.secrets == [second, SigningSecret(secret: original.secret, expiresAt: dayLater)])
            #expect(rotated.validSecrets(at: fixedDate).count == 2)
            #expect(rotated.validSecrets(at: dayLater) == [second])
            #expect(try await store.webhookSubscription(companyId: company.id, id: subscription.id) == rotated)

            // A later rotation does not extend the original; one at a time after its expiry drops it.
            let third = SigningSecret(secret: WebhookSecret.generate().text)
            let twoDaysLater = dayLater.addingTimeInterval(86_400)
            let again = try #require(
                try await store.rotateSecret(companyId: company.id, id: subscription.id, to: third, previousExpireAt: twoDaysLater, now: fixedDate)
            )
            #expect(again.secrets.map(\.expiresAt) == [nil, twoDaysLater, dayLater])
            let fourth = SigningSecret(secret: WebhookSecret.generate().text)
            let last = try #require(
                try await store.rotateSecret(companyId: company.id, id: subscription.id, to: fourth, previousExpireAt: twoDaysLater, now: dayLater)
            )
            #expect(last.secrets.map(\.secret) == [fourth.secret, third.secret, second.secret])

            #expect(try await store.rotateSecret(companyId: UUID(), id: subscription.id, to: third, previousExpireAt: dayLater, now: fixedDate) == nil)
            #expect(try await store.rotateSecret(companyId: company.id, id: UUID(), to: third, previousExpireAt: dayLater, now: fixedDate) == nil)
        }
    }

    @Test("Snapshots see registered, replaced and removed workflows at once", arguments: StoreBackend.all)
    func snapshotsFollowWorkflowChanges(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let record = try await store.makeCustomer(company)
            func enabledCodes() async throws -> [String] {
                try #require(try await store.workflowSnapshot(companyId: company.id, entitySet: .customers, recordId: record.id)).workflows.map(\.code)
            }
            #expect(try await enabledCodes() == [])
            let first = try await store.subscribe(webhookSubscription(company, clientId: "flow"))
            #expect(try await enabledCodes() == [first.workflowCode])
            let second = try await store.subscribe(webhookSubscription(company, clientId: "flow"))
            #expect(try await enabledCodes() == [second.workflowCode])
            var edited = try #require(try await store.workflow(companyId: company.id, code: first.workflowCode))
            edited.enabled = true
            _ = try await store.putWorkflow(edited, precondition: .none) { new, _, _ in new }
            #expect(try await enabledCodes() == [first.workflowCode, second.workflowCode])
            #expect(try await store.unsubscribe(second.id))
            #expect(try await enabledCodes() == [first.workflowCode])
        }
    }

    @Test("Subscriptions list per company, oldest first, by pages; another company's is not found by id", arguments: StoreBackend.all)
    func listAndLookup(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let other = try await store.makeCompany("FABRIKAM")
            var created: [WorkflowWebhookSubscription] = []
            for client in ["a", "b", "c"] { created.append(try await store.subscribe(webhookSubscription(company, clientId: client))) }
            let foreign = try await store.subscribe(webhookSubscription(other, clientId: "a"))

            let firstPage = try await store.webhookSubscriptions(companyId: company.id, PageRequest(limit: 2))
            #expect(firstPage.items == Array(created.prefix(2)))
            let rest = try await store.webhookSubscriptions(companyId: company.id, try PageRequest(limit: "2", cursor: firstPage.nextCursor))
            #expect(rest.items == [created[2]] && rest.nextCursor == nil)
            #expect(try await store.webhookSubscription(companyId: company.id, id: foreign.id) == nil)
            #expect(try await store.webhookSubscription(id: foreign.id) == foreign)
        }
    }
}
