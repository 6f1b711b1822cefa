import FlowGateCore
import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL schema, one named migration per version; never edit a released one.
///
/// Migrations run in one transaction under a transaction-scoped advisory lock, so instances starting together
/// apply each one once: the others wait for the lock, then find it applied.
enum PostgresMigrations {
    /// The advisory lock key of FlowGate's migrations ("FLOWGATE" in ASCII).
    static let lockKey: Int64 = 0x464C_4F57_4741_5445

    static let all: [(name: String, sql: [String])] = [
        ("v1-schema", schema),
        ("v2-job-leases", ["CREATE TABLE job_leases (job TEXT PRIMARY KEY, owner TEXT NOT NULL, lease_until DOUBLE PRECISION NOT NULL)"]),
        // The last entry number handed out per company and table, taken outside the writing transaction.
        ("v3-entry-counters", ["CREATE TABLE entry_counters (company_id TEXT NOT NULL, kind TEXT NOT NULL, last_no BIGINT NOT NULL, PRIMARY KEY (company_id, kind))"]),
        ("v4-flows", flowsSchema),
    ]

    /// Applies the migrations this build knows and the database lacks; returns the names applied now.
    @discardableResult
    static func migrate(_ pool: PostgresPool) async throws -> [String] {
        let logger = pool.logger
        return try await pool.transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS flowgate_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                logger: logger
            )
            var applied = Set<String>()
            for try await name in try await connection.query("SELECT name FROM flowgate_migrations", logger: logger).decode(String.self) {
                applied.insert(name)
            }
            let known = Set(all.map(\.name))
            if let unknown = applied.subtracting(known).sorted().first {
                throw FlowGateError(
                    .unavailable, type: "database-newer",
                    detail: "The database was migrated by a newer FlowGate (\(unknown)); run that version or newer."
                )
            }
            var now: [String] = []
            for migration in all where !applied.contains(migration.name) {
                for statement in migration.sql { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
                try await connection.query("INSERT INTO flowgate_migrations (name) VALUES (\(migration.name))", logger: logger)
                now.append(migration.name)
            }
            return now
        }
    }

    /// The migrations applied to the database, oldest first.
    static func applied(_ pool: PostgresPool) async throws -> [String] {
        try await pool.query("SELECT name FROM flowgate_migrations ORDER BY applied_at, name").decode(String.self)
    }

    /// Automated, instant and scheduled flows in one table, the record changes waiting in each subscription's
    /// window, and the slots each scheduled flow fired (as in SQLite's `v8-flows`).
    private static let flowsSchema = [
        """
        CREATE TABLE flows (
            seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, company_id TEXT NOT NULL REFERENCES companies(id),
            entity_set TEXT, notification_url TEXT NOT NULL, secret TEXT NOT NULL, live BOOLEAN NOT NULL, expires_at DOUBLE PRECISION,
            due_at DOUBLE PRECISION, deleted_at DOUBLE PRECISION, version INTEGER NOT NULL, body TEXT NOT NULL
        )
        """,
        "CREATE INDEX flows_by_company ON flows(kind, company_id, seq)",
        "CREATE INDEX flows_watching ON flows(company_id, entity_set) WHERE kind = 'recordSubscription' AND live",
        "CREATE INDEX flows_due ON flows(due_at) WHERE due_at IS NOT NULL",
        """
        CREATE TABLE pending_record_changes (
            subscription_id TEXT NOT NULL, record_id TEXT NOT NULL, created BOOLEAN NOT NULL, deleted BOOLEAN NOT NULL,
            last_modified_at DOUBLE PRECISION NOT NULL, first_changed_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (subscription_id, record_id)
        )
        """,
        "CREATE INDEX pending_record_changes_by_time ON pending_record_changes(first_changed_at)",
        """
        CREATE TABLE scheduled_flow_runs (
            flow_id TEXT NOT NULL, scheduled_for DOUBLE PRECISION NOT NULL, company_id TEXT NOT NULL, fired_at DOUBLE PRECISION NOT NULL,
            message_id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (flow_id, scheduled_for)
        )
        """,
    ]

    /// The whole schema of the first version: the SQLite schema's tables, with PostgreSQL's types. Ids are
    /// lower-case UUID strings and dates in columns are seconds since 1970, as in SQLite, so both backends share
    /// their row mapping; bodies are JSON text.
    private static let schema = [
        "CREATE TABLE store_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """
        CREATE TABLE companies (
            seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, name_key TEXT NOT NULL UNIQUE, body TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE users (seq BIGSERIAL PRIMARY KEY, user_name TEXT NOT NULL UNIQUE, version INTEGER NOT NULL, body TEXT NOT NULL)
        """,
        """
        CREATE TABLE api_keys (
            seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, user_name TEXT NOT NULL REFERENCES users(user_name),
            key_hash TEXT NOT NULL UNIQUE, body TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE salespersons_purchasers (
            seq BIGSERIAL PRIMARY KEY, company_id TEXT NOT NULL REFERENCES companies(id), code TEXT NOT NULL,
            version INTEGER NOT NULL, body TEXT NOT NULL, UNIQUE (company_id, code)
        )
        """,
        """
        CREATE TABLE approval_user_setups (
            seq BIGSERIAL PRIMARY KEY, company_id TEXT NOT NULL REFERENCES companies(id),
            user_name TEXT NOT NULL REFERENCES users(user_name), version INTEGER NOT NULL, body TEXT NOT NULL, UNIQUE (company_id, user_name)
        )
        """,
        """
        CREATE TABLE workflow_user_groups (
            seq BIGSERIAL PRIMARY KEY, company_id TEXT NOT NULL REFERENCES companies(id), code TEXT NOT NULL,
            version INTEGER NOT NULL, body TEXT NOT NULL, UNIQUE (company_id, code)
        )
        """,
        """
        CREATE TABLE records (
            seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, company_id TEXT NOT NULL REFERENCES companies(id),
            entity_set TEXT NOT NULL, document_type TEXT NOT NULL DEFAULT '', number TEXT NOT NULL, status TEXT NOT NULL,
            version INTEGER NOT NULL, body TEXT NOT NULL, UNIQUE (company_id, entity_set, document_type, number)
        )
        """,
        "CREATE INDEX records_by_set ON records(company_id, entity_set, seq)",
        """
        CREATE TABLE number_series (
            company_id TEXT NOT NULL, series TEXT NOT NULL, last_no INTEGER NOT NULL, PRIMARY KEY (company_id, series)
        )
        """,
        """
        CREATE TABLE workflows (
            seq BIGSERIAL PRIMARY KEY, company_id TEXT NOT NULL REFERENCES companies(id), code TEXT NOT NULL,
            version INTEGER NOT NULL, body TEXT NOT NULL, UNIQUE (company_id, code)
        )
        """,
        """
        CREATE TABLE workflow_runs (
            seq BIGSERIAL PRIMARY KEY, instance_id TEXT NOT NULL UNIQUE, company_id TEXT NOT NULL REFERENCES companies(id),
            record_id TEXT NOT NULL, workflow_code TEXT NOT NULL, active BOOLEAN NOT NULL, steps TEXT NOT NULL
        )
        """,
        "CREATE INDEX workflow_runs_by_record ON workflow_runs(company_id, record_id)",
        "CREATE INDEX workflow_runs_active ON workflow_runs(company_id, workflow_code) WHERE active",
        """
        CREATE TABLE archived_workflow_step_instances (
            seq BIGSERIAL PRIMARY KEY, company_id TEXT NOT NULL REFERENCES companies(id), instance_id TEXT NOT NULL,
            step_id INTEGER NOT NULL, record_id TEXT NOT NULL, archived_at DOUBLE PRECISION NOT NULL, body TEXT NOT NULL
        )
        """,
        "CREATE INDEX archived_step_instances_by_record ON archived_workflow_step_instances(company_id, record_id)",
        """
        CREATE TABLE approval_entries (
            seq BIGSERIAL PRIMARY KEY, company_id TEXT NOT NULL REFERENCES companies(id), entry_no INTEGER NOT NULL,
            record_id TEXT NOT NULL, entity_set TEXT NOT NULL, status TEXT NOT NULL, approver_id TEXT NOT NULL,
            sender_id TEXT NOT NULL, body TEXT NOT NULL, UNIQUE (company_id, entry_no)
        )
        """,
        "CREATE INDEX approval_entries_by_record ON approval_entries(company_id, record_id)",
        "CREATE INDEX approval_entries_by_status ON approval_entries(status)",
        """
        CREATE TABLE notification_entries (
            seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, company_id TEXT NOT NULL REFERENCES companies(id),
            recipient TEXT NOT NULL, record_id TEXT NOT NULL, body TEXT NOT NULL
        )
        """,
        "CREATE INDEX notification_entries_by_recipient ON notification_entries(company_id, recipient)",
        """
        CREATE TABLE workflow_record_changes (
            record_id TEXT PRIMARY KEY, company_id TEXT NOT NULL REFERENCES companies(id), body TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE workflow_webhook_subscriptions (
            seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, company_id TEXT NOT NULL REFERENCES companies(id),
            workflow_code TEXT NOT NULL, client_id TEXT NOT NULL, enabled BOOLEAN NOT NULL, created_at DOUBLE PRECISION NOT NULL,
            body TEXT NOT NULL
        )
        """,
        "CREATE INDEX webhook_subscriptions_by_client ON workflow_webhook_subscriptions(company_id, client_id)",
        "CREATE INDEX webhook_subscriptions_by_workflow ON workflow_webhook_subscriptions(company_id, workflow_code)",
        """
        CREATE TABLE workflow_webhook_entries (
            seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, company_id TEXT NOT NULL REFERENCES companies(id),
            entry_no INTEGER NOT NULL, instance_id TEXT NOT NULL, record_id TEXT NOT NULL, response TEXT NOT NULL,
            body TEXT NOT NULL, UNIQUE (company_id, entry_no)
        )
        """,
        "CREATE INDEX webhook_entries_by_instance ON workflow_webhook_entries(instance_id, entry_no)",
        "CREATE INDEX webhook_entries_by_record ON workflow_webhook_entries(company_id, record_id, entry_no)",
        """
        CREATE TABLE outbox_messages (
            seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, company_id TEXT, subscription_id TEXT, source_id TEXT,
            event_type TEXT NOT NULL, payload BYTEA NOT NULL, status TEXT NOT NULL, attempt_count INTEGER NOT NULL DEFAULT 0,
            next_attempt_at DOUBLE PRECISION, lease_until DOUBLE PRECISION, lease_owner TEXT, last_error TEXT,
            last_status_code INTEGER, created_at DOUBLE PRECISION NOT NULL, delivered_at DOUBLE PRECISION
        )
        """,
        // The claim walks pending messages in due order; only messages in flight hold a lease.
        "CREATE INDEX outbox_messages_due ON outbox_messages(next_attempt_at) WHERE status = 'pending'",
        "CREATE INDEX outbox_messages_by_source ON outbox_messages(source_id)",
        "CREATE INDEX outbox_messages_leased ON outbox_messages(lease_until) WHERE lease_until IS NOT NULL",
        """
        CREATE TABLE delivery_attempts (
            seq BIGSERIAL PRIMARY KEY, message_id TEXT NOT NULL REFERENCES outbox_messages(id), number INTEGER NOT NULL,
            started_at DOUBLE PRECISION NOT NULL, duration_ms DOUBLE PRECISION NOT NULL, url TEXT NOT NULL, status_code INTEGER,
            response_body TEXT, error TEXT, remote_address TEXT
        )
        """,
        "CREATE INDEX delivery_attempts_by_message ON delivery_attempts(message_id)",
    ]
}
