import FlowGateCore
import FlowGateDelivery
import Foundation
import PostgresNIO

extension PostgresStore {
    // MARK: Subscriptions

    public func createWebhookSubscription(
        _ subscription: WorkflowWebhookSubscription, codePrefix: String,
        register: @escaping @Sendable (WebhookRegistrationContext) throws -> WebhookRegistration
    ) async throws -> WorkflowWebhookSubscription {
        let sealed = try subscription.sealingSecrets(with: secrets)
        return try await transaction { connection in
            let companyId = subscription.companyId
            // Registrations of one company are serialized, so two instances never hand out the same code.
            try await self.lockWorkflows(companyId: companyId, on: connection)
            let company = companyId.storeKey
            let taken = try await self.column(
                String.self,
                """
                SELECT code FROM workflows WHERE company_id = \(company) AND starts_with(code, \(codePrefix))
                UNION SELECT workflow_code FROM workflow_webhook_subscriptions WHERE company_id = \(company) AND starts_with(workflow_code, \(codePrefix))
                """,
                on: connection
            )
            let earlier = try await self.bodies(
                WorkflowWebhookSubscription.self,
                """
                SELECT body FROM workflow_webhook_subscriptions WHERE company_id = \(company) AND client_id = \(subscription.clientId) AND enabled
                ORDER BY seq
                """,
                on: connection
            )
            let clientWorkflows = try await PostgresCompanyTable.workflows.all(self, Workflow.self, companyId: companyId, on: connection)
                .filter { $0.enabled && $0.clientId == subscription.clientId }.map(\.code)
            let registration = try register(
                WebhookRegistrationContext(takenCodes: Set(taken), earlierSubscriptions: earlier, enabledClientWorkflows: Set(clientWorkflows))
            )
            var workflow = registration.workflow
            workflow.companyId = companyId
            let code = workflow.code
            for var disabled in earlier where registration.disabledSubscriptions.contains(disabled.id) {
                disabled.enabled = false
                try await self.updateSubscription(disabled, on: connection)
            }
            for disabled in registration.disabledWorkflows.sorted() { try await self.disableWorkflow(companyId: companyId, code: disabled, on: connection) }
            _ = try await PostgresCompanyTable.workflows.put(self, workflow, companyId: companyId, key: code, precondition: .none, on: connection)

            var stored = sealed
            stored.workflowCode = code
            let body = try Self.encode(stored)
            try await Self.mapConstraint("Webhook subscription \(subscription.id.storeKey) already exists.") {
                try await self.run(
                    """
                    INSERT INTO workflow_webhook_subscriptions (id, company_id, workflow_code, client_id, enabled, created_at, body)
                    VALUES (\(stored.id.storeKey), \(company), \(code), \(stored.clientId), \(stored.enabled),
                    \(stored.createdAt.timeIntervalSince1970), \(body))
                    """,
                    on: connection
                )
            }
            stored.secrets = subscription.secrets
            return stored
        }
    }

    public func webhookSubscriptions(companyId: UUID, _ page: PageRequest) async throws -> Page<WorkflowWebhookSubscription> {
        let page = try await self.page(
            WorkflowWebhookSubscription.self,
            """
            SELECT seq, body FROM workflow_webhook_subscriptions WHERE company_id = \(companyId.storeKey)
            AND seq > \(page.afterSeq) ORDER BY seq LIMIT \(page.fetchLimit)
            """,
            page
        )
        return Page(items: try page.items.map { try $0.openingSecrets(with: secrets) }, nextCursor: page.nextCursor)
    }

    public func webhookSubscription(companyId: UUID, id: UUID) async throws -> WorkflowWebhookSubscription? {
        try await subscription(id: id).flatMap { $0.companyId == companyId ? $0 : nil }?.openingSecrets(with: secrets)
    }

    public func webhookSubscription(id: UUID) async throws -> WorkflowWebhookSubscription? {
        try await subscription(id: id)?.openingSecrets(with: secrets)
    }

    public func webhookSubscription(companyId: UUID, workflowCode: String) async throws -> WorkflowWebhookSubscription? {
        try await bodies(
            WorkflowWebhookSubscription.self,
            """
            SELECT body FROM workflow_webhook_subscriptions WHERE company_id = \(companyId.storeKey) AND workflow_code = \(workflowCode) AND enabled
            ORDER BY seq DESC LIMIT 1
            """
        ).first?.openingSecrets(with: secrets)
    }

    public func deleteWebhookSubscription(id: UUID, disposal: @escaping @Sendable (_ workflowHasActiveRuns: Bool) -> WorkflowDisposal) async throws -> Bool {
        try await transaction { connection in
            guard let subscription = try await self.subscription(id: id, on: connection, forUpdate: true) else { return false }
            try await self.lockWorkflows(companyId: subscription.companyId, on: connection)
            try await self.run("DELETE FROM workflow_webhook_subscriptions WHERE id = \(id.storeKey)", on: connection)
            let (companyId, code) = (subscription.companyId, subscription.workflowCode)
            switch disposal(try await self.hasActiveRuns(companyId: companyId, workflowCode: code, on: connection)) {
            case .disable: try await self.disableWorkflow(companyId: companyId, code: code, on: connection)
            case .delete: try await self.run("DELETE FROM workflows WHERE company_id = \(companyId.storeKey) AND code = \(code)", on: connection)
            }
            return true
        }
    }

    public func updateWebhookSubscription(
        companyId: UUID, id: UUID, _ change: @escaping @Sendable (inout WorkflowWebhookSubscription) throws -> Void
    ) async throws -> WorkflowWebhookSubscription? {
        let secrets = secrets
        return try await transaction { connection in
            guard let stored = try await self.subscription(id: id, on: connection, forUpdate: true), stored.companyId == companyId else { return nil }
            var subscription = try stored.openingSecrets(with: secrets)
            try change(&subscription)
            (subscription.id, subscription.companyId, subscription.workflowCode) = (stored.id, stored.companyId, stored.workflowCode)
            try await self.updateSubscription(try subscription.sealingSecrets(with: secrets), on: connection)
            return subscription
        }
    }

    /// A subscription as its row holds it, secrets sealed: open them before they leave the store.
    func subscription(id: UUID, on connection: PostgresConnection? = nil, forUpdate: Bool = false) async throws -> WorkflowWebhookSubscription? {
        try await bodies(
            WorkflowWebhookSubscription.self,
            "SELECT body FROM workflow_webhook_subscriptions WHERE id = \(id.storeKey) \(unescaped: forUpdate ? "FOR UPDATE" : "")", on: connection
        ).first
    }

    private func updateSubscription(_ subscription: WorkflowWebhookSubscription, on connection: PostgresConnection) async throws {
        let body = try Self.encode(subscription)
        try await run(
            """
            UPDATE workflow_webhook_subscriptions SET workflow_code = \(subscription.workflowCode), enabled = \(subscription.enabled), body = \(body)
            WHERE id = \(subscription.id.storeKey)
            """,
            on: connection
        )
    }

    // MARK: Flow entries

    static let webhookEntrySelect = """
        SELECT e.entry_no, e.body, m.status, m.last_error
        FROM workflow_webhook_entries e
        LEFT JOIN outbox_messages m ON m.seq = (SELECT seq FROM outbox_messages WHERE source_id = e.id ORDER BY seq DESC LIMIT 1)
        """

    public func webhookEntries(companyId: UUID, _ query: WebhookEntryQuery, _ page: PageRequest) async throws -> Page<WorkflowWebhookEntry> {
        let rows = try await run(
            """
            \(unescaped: Self.webhookEntrySelect) WHERE e.company_id = \(companyId.storeKey)
            AND (\(query.recordId?.storeKey)::text IS NULL OR e.record_id = \(query.recordId?.storeKey))
            AND (\(query.response?.rawValue)::text IS NULL OR e.response = \(query.response?.rawValue))
            AND e.entry_no > \(page.afterSeq) ORDER BY e.entry_no LIMIT \(page.fetchLimit)
            """
        )
        var found: [(Int64, WorkflowWebhookEntry)] = []
        for row in try rows.decode((Int64, String, String?, String?).self) { found.append((row.0, try Self.webhookEntry(row))) }
        let kept = found.prefix(page.limit)
        let next = found.count > page.limit ? kept.last.map { PageCursor.encode($0.0) } : nil
        return Page(items: kept.map(\.1), nextCursor: next)
    }

    public func webhookEntry(companyId: UUID, entryNo: Int) async throws -> WorkflowWebhookEntry? {
        try await webhookEntry(where: "WHERE e.company_id = \(companyId.storeKey) AND e.entry_no = \(entryNo)")
    }

    public func webhookEntry(workflowStepInstanceId: UUID) async throws -> WorkflowWebhookEntry? {
        try await webhookEntry(where: "WHERE e.instance_id = \(workflowStepInstanceId.storeKey) ORDER BY e.entry_no DESC LIMIT 1")
    }

    public func resubmitWebhookEntry(
        companyId: UUID, entryNo: Int, now: Date, rule: @escaping @Sendable (WorkflowWebhookEntry) throws -> Void
    ) async throws -> WorkflowWebhookEntry? {
        try await transaction { connection in
            let condition: PostgresQuery = "WHERE e.company_id = \(companyId.storeKey) AND e.entry_no = \(entryNo)"
            guard let entry = try await self.webhookEntry(where: condition, on: connection) else { return nil }
            try rule(entry)
            let resubmitted = try await self.column(
                String.self,
                """
                UPDATE outbox_messages SET status = 'pending', next_attempt_at = \(now.timeIntervalSince1970), lease_until = NULL, lease_owner = NULL
                WHERE seq = (SELECT seq FROM outbox_messages WHERE source_id = \(entry.id.storeKey) ORDER BY seq DESC LIMIT 1) RETURNING id
                """,
                on: connection
            )
            guard !resubmitted.isEmpty else { throw FlowGateError.notFound("Flow entry \(entryNo) has no message to resubmit.") }
            try await self.run("SELECT pg_notify('flowgate_outbox', '')", on: connection)
            return try await self.webhookEntry(where: condition, on: connection)
        }
    }

    private func webhookEntry(where condition: PostgresQuery, on connection: PostgresConnection? = nil) async throws -> WorkflowWebhookEntry? {
        var query = condition
        query.sql = Self.webhookEntrySelect + " " + condition.sql
        for row in try await run(query, on: connection).decode((Int64, String, String?, String?).self) {
            return try Self.webhookEntry(row)
        }
        return nil
    }

    private static func webhookEntry(_ row: (Int64, String, String?, String?)) throws -> WorkflowWebhookEntry {
        var entry = try decode(WorkflowWebhookEntry.self, row.1)
        entry.attachDeliveryState(status: row.2.flatMap(DeliveryStatus.init(rawValue:)), lastError: row.3)
        return entry
    }

    // MARK: Scheduled jobs

    public func acquireJobLease(_ job: String, owner: String, now: Date, until: Date) async throws -> Bool {
        try await !column(
            String.self,
            """
            INSERT INTO job_leases (job, owner, lease_until) VALUES (\(job), \(owner), \(until.timeIntervalSince1970))
            ON CONFLICT (job) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
            WHERE job_leases.lease_until <= \(now.timeIntervalSince1970) OR job_leases.owner = excluded.owner
            RETURNING job
            """
        ).isEmpty
    }

    public func releaseJobLease(_ job: String, owner: String) async throws {
        try await run("DELETE FROM job_leases WHERE job = \(job) AND owner = \(owner)")
    }
}

extension PostgresStore: Store {
    public func checkReady() async throws {
        try await run("SELECT 1")
    }
}
