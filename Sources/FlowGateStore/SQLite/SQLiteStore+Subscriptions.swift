import FlowGateCore
import Foundation
import GRDB

extension SQLiteStore {
    public func createWebhookSubscription(
        _ subscription: WorkflowWebhookSubscription, codePrefix: String,
        register: @escaping @Sendable (WebhookRegistrationContext) throws -> WebhookRegistration
    ) async throws -> WorkflowWebhookSubscription {
        let sealed = try subscription.sealingSecrets(with: secrets)
        return try await writer.write { db in
            let companyId = subscription.companyId
            let registration = try register(try Self.registrationContext(db, companyId: companyId, codePrefix: codePrefix, clientId: subscription.clientId))
            var workflow = registration.workflow
            // The store decides where the workflow lives; the registration decides everything else.
            workflow.companyId = companyId
            let code = workflow.code
            for id in registration.disabledSubscriptions {
                guard var earlier = try Self.subscription(db, id: id), earlier.companyId == companyId, earlier.enabled else { continue }
                earlier.enabled = false
                try Self.updateSubscription(db, earlier)
            }
            for disabled in registration.disabledWorkflows.sorted() { try Self.disableWorkflow(db, companyId: companyId, code: disabled) }
            _ = try CompanyKeyedTable.workflows.put(db, workflow, companyId: companyId, key: code, precondition: .none)

            var stored = sealed
            stored.workflowCode = code
            try Self.mapConstraint("Webhook subscription \(subscription.id.storeKey) already exists.") {
                try db.execute(
                    sql: """
                        INSERT INTO workflow_webhook_subscriptions (id, company_id, workflow_code, client_id, enabled, created_at, body)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        stored.id.storeKey, companyId.storeKey, code, stored.clientId, stored.enabled,
                        stored.createdAt.timeIntervalSince1970, try Self.encode(stored),
                    ]
                )
            }
            stored.secrets = subscription.secrets
            return stored
        }
    }

    public func webhookSubscriptions(companyId: UUID, _ page: PageRequest) async throws -> Page<WorkflowWebhookSubscription> {
        let page = try await writer.read { db in
            try Self.page(
                db, WorkflowWebhookSubscription.self, sql: "SELECT seq, body FROM workflow_webhook_subscriptions WHERE company_id = ?",
                arguments: [companyId.storeKey], page
            )
        }
        return Page(items: try page.items.map { try $0.openingSecrets(with: secrets) }, nextCursor: page.nextCursor)
    }

    public func webhookSubscription(companyId: UUID, id: UUID) async throws -> WorkflowWebhookSubscription? {
        try await writer.read { db in try Self.subscription(db, id: id).flatMap { $0.companyId == companyId ? $0 : nil } }?
            .openingSecrets(with: secrets)
    }

    public func webhookSubscription(id: UUID) async throws -> WorkflowWebhookSubscription? {
        try await writer.read { db in try Self.subscription(db, id: id) }?.openingSecrets(with: secrets)
    }

    public func webhookSubscription(companyId: UUID, workflowCode: String) async throws -> WorkflowWebhookSubscription? {
        try await writer.read { db in
            try Self.bodies(
                db, WorkflowWebhookSubscription.self,
                sql: """
                    SELECT body FROM workflow_webhook_subscriptions WHERE company_id = ? AND workflow_code = ? AND enabled = 1
                    ORDER BY seq DESC LIMIT 1
                    """,
                [companyId.storeKey, workflowCode]
            ).first
        }?.openingSecrets(with: secrets)
    }

    public func deleteWebhookSubscription(
        id: UUID, disposal: @escaping @Sendable (_ workflowHasActiveRuns: Bool) -> WorkflowDisposal
    ) async throws -> Bool {
        try await writer.write { db in
            guard let subscription = try Self.subscription(db, id: id) else { return false }
            try db.execute(sql: "DELETE FROM workflow_webhook_subscriptions WHERE id = ?", arguments: [id.storeKey])
            let (companyId, code) = (subscription.companyId, subscription.workflowCode)
            switch disposal(try Self.hasActiveInstances(db, companyId: companyId, workflowCode: code)) {
            case .disable: try Self.disableWorkflow(db, companyId: companyId, code: code)
            case .delete: try db.execute(sql: "DELETE FROM workflows WHERE company_id = ? AND code = ?", arguments: [companyId.storeKey, code])
            }
            return true
        }
    }

    public func updateWebhookSubscription(
        companyId: UUID, id: UUID, _ change: @escaping @Sendable (inout WorkflowWebhookSubscription) throws -> Void
    ) async throws -> WorkflowWebhookSubscription? {
        let secrets = secrets
        return try await writer.write { db in
            guard let stored = try Self.subscription(db, id: id), stored.companyId == companyId else { return nil }
            var subscription = try stored.openingSecrets(with: secrets)
            try change(&subscription)
            // Where it lives and which workflow it registered are the store's to keep.
            (subscription.id, subscription.companyId, subscription.workflowCode) = (stored.id, stored.companyId, stored.workflowCode)
            try Self.updateSubscription(db, try subscription.sealingSecrets(with: secrets))
            return subscription
        }
    }

    // MARK: Helpers

    /// A subscription as its row holds it, secrets sealed: open them before they leave the store.
    static func subscription(_ db: Database, id: UUID) throws -> WorkflowWebhookSubscription? {
        try bodies(db, WorkflowWebhookSubscription.self, sql: "SELECT body FROM workflow_webhook_subscriptions WHERE id = ?", [id.storeKey]).first
    }

    private static func updateSubscription(_ db: Database, _ subscription: WorkflowWebhookSubscription) throws {
        try db.execute(
            sql: "UPDATE workflow_webhook_subscriptions SET workflow_code = ?, enabled = ?, body = ? WHERE id = ?",
            arguments: [subscription.workflowCode, subscription.enabled, try encode(subscription), subscription.id.storeKey]
        )
    }

    /// What the registration rules read: codes beginning with `codePrefix` (of workflows and of subscriptions),
    /// the client's enabled subscriptions, and the codes of its enabled workflows.
    private static func registrationContext(_ db: Database, companyId: UUID, codePrefix: String, clientId: String) throws -> WebhookRegistrationContext {
        let length = codePrefix.unicodeScalars.count
        let taken = try String.fetchAll(
            db,
            sql: """
                SELECT code FROM workflows WHERE company_id = ? AND substr(code, 1, ?) = ?
                UNION SELECT workflow_code FROM workflow_webhook_subscriptions WHERE company_id = ? AND substr(workflow_code, 1, ?) = ?
                """,
            arguments: [companyId.storeKey, length, codePrefix, companyId.storeKey, length, codePrefix]
        )
        let earlier = try bodies(
            db, WorkflowWebhookSubscription.self,
            sql: "SELECT body FROM workflow_webhook_subscriptions WHERE company_id = ? AND client_id = ? AND enabled = 1 ORDER BY seq",
            [companyId.storeKey, clientId]
        )
        let clientWorkflows = try CompanyKeyedTable.workflows.all(db, Workflow.self, companyId: companyId)
            .filter { $0.enabled && $0.clientId == clientId }.map(\.code)
        return WebhookRegistrationContext(takenCodes: Set(taken), earlierSubscriptions: earlier, enabledClientWorkflows: Set(clientWorkflows))
    }

    /// Disables the workflow if it is enabled, growing its version as any change through `putWorkflow` does.
    private static func disableWorkflow(_ db: Database, companyId: UUID, code: String) throws {
        guard var workflow = try CompanyKeyedTable.workflows.get(db, Workflow.self, companyId: companyId, key: code), workflow.enabled else {
            return
        }
        workflow.enabled = false
        _ = try CompanyKeyedTable.workflows.put(db, workflow, companyId: companyId, key: code, precondition: .none)
    }
}
