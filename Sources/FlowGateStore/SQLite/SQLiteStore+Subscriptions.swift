import FlowGateCore
import Foundation
import GRDB

extension SQLiteStore {
    public func createWebhookSubscription(
        _ subscription: WorkflowWebhookSubscription, codePrefix: String, makeWorkflow: @Sendable (_ code: String) throws -> Workflow
    ) async throws -> WorkflowWebhookSubscription {
        let sealed = try subscription.sealingSecrets(with: secrets)
        return try await writer.write { db in
            let companyId = subscription.companyId
            let code = try Self.firstFreeWorkflowCode(db, companyId: companyId, prefix: codePrefix)
            var workflow = try makeWorkflow(code)
            // The store decides where the workflow lives and under which code; the maker decides everything else.
            (workflow.companyId, workflow.code) = (companyId, code)
            try Self.disableEarlierRegistrations(db, companyId: companyId, clientId: subscription.clientId)
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

    public func deleteWebhookSubscription(id: UUID) async throws -> Bool {
        try await writer.write { db in
            guard let subscription = try Self.subscription(db, id: id) else { return false }
            try db.execute(sql: "DELETE FROM workflow_webhook_subscriptions WHERE id = ?", arguments: [id.storeKey])
            let companyId = subscription.companyId
            let code = subscription.workflowCode
            // Codeunit 1547 "Workflow Webhook Sub Delete": disable, and delete only when no run still waits on it.
            if try Self.hasActiveInstances(db, companyId: companyId, workflowCode: code) {
                try Self.disableWorkflow(db, companyId: companyId, code: code)
            } else {
                try db.execute(sql: "DELETE FROM workflows WHERE company_id = ? AND code = ?", arguments: [companyId.storeKey, code])
            }
            return true
        }
    }

    public func rotateWebhookSecret(
        companyId: UUID, id: UUID, secret: SigningSecret, previousExpireAt: Date
    ) async throws -> WorkflowWebhookSubscription? {
        try await rotateWebhookSecret(companyId: companyId, id: id, secret: secret, previousExpireAt: previousExpireAt, now: Date())
    }

    /// `rotateWebhookSecret` at a given time: secrets expired by `now` are dropped.
    func rotateWebhookSecret(
        companyId: UUID, id: UUID, secret: SigningSecret, previousExpireAt: Date, now: Date
    ) async throws -> WorkflowWebhookSubscription? {
        let secrets = secrets
        return try await writer.write { db in
            guard let stored = try Self.subscription(db, id: id), stored.companyId == companyId else { return nil }
            var subscription = try stored.openingSecrets(with: secrets)
            // A secret already set to expire earlier keeps its date: rotating never extends an old secret's life.
            let previous = subscription.secrets.map { old in
                SigningSecret(secret: old.secret, expiresAt: min(old.expiresAt ?? previousExpireAt, previousExpireAt))
            }
            subscription.secrets = [secret] + previous.filter { $0.expiresAt.map { $0 > now } ?? true }
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

    /// Business Central's IncStr from `prefix` + `01`: the first number whose code no workflow of the company, no
    /// subscription and no template holds (a template code shadows a company workflow of the same code).
    static func firstFreeWorkflowCode(_ db: Database, companyId: UUID, prefix: String) throws -> String {
        let length = prefix.unicodeScalars.count
        let taken = Set(
            try String.fetchAll(
                db,
                sql: """
                    SELECT code FROM workflows WHERE company_id = ? AND substr(code, 1, ?) = ?
                    UNION SELECT workflow_code FROM workflow_webhook_subscriptions WHERE company_id = ? AND substr(workflow_code, 1, ?) = ?
                    """,
                arguments: [companyId.storeKey, length, prefix, companyId.storeKey, length, prefix]
            )
        ).union(WorkflowTemplates.all.map(\.code))
        var number = 1
        while taken.contains(prefix + (number < 10 ? "0" : "") + String(number)) { number += 1 }
        return prefix + (number < 10 ? "0" : "") + String(number)
    }

    /// A flow registers one live workflow: subscribing again (Power Automate's update is a new POST and a DELETE)
    /// disables the subscriptions and workflows the same client registered before, as table 469's insert does.
    private static func disableEarlierRegistrations(_ db: Database, companyId: UUID, clientId: String) throws {
        let earlier = try bodies(
            db, WorkflowWebhookSubscription.self,
            sql: "SELECT body FROM workflow_webhook_subscriptions WHERE company_id = ? AND client_id = ? AND enabled = 1 ORDER BY seq",
            [companyId.storeKey, clientId]
        )
        var codes = Set<String>()
        for var subscription in earlier {
            subscription.enabled = false
            try updateSubscription(db, subscription)
            codes.insert(subscription.workflowCode)
        }
        // Business Central looks at the workflows too: one of the client's may have been enabled again by hand.
        codes.formUnion(
            try CompanyKeyedTable.workflows.all(db, Workflow.self, companyId: companyId)
                .filter { $0.enabled && $0.clientId == clientId }.map(\.code)
        )
        for code in codes.sorted() { try disableWorkflow(db, companyId: companyId, code: code) }
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
