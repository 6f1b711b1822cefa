import GRDB

/// The SQLite schema, one registered migration per version; never edit a released one.
///
/// Aggregates are stored as a JSON `body` beside the key columns that queries and
/// uniqueness need, so the schema stays small and the mapping stays in one place.
enum SQLiteMigrations {
    /// The migrations; `secrets` seals the secrets that older versions stored in clear.
    static func migrator(sealingWith secrets: SecretBox) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-foundation") { db in
            try db.execute(
                sql: """
                    CREATE TABLE companies (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        name_key TEXT NOT NULL UNIQUE,  -- the name case-folded in Swift (NOCASE folds ASCII only)
                        body TEXT NOT NULL
                    );
                    CREATE TABLE users (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        user_name TEXT NOT NULL UNIQUE,
                        version INTEGER NOT NULL,
                        body TEXT NOT NULL
                    );
                    CREATE TABLE api_keys (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        user_name TEXT NOT NULL REFERENCES users(user_name),
                        key_hash TEXT NOT NULL UNIQUE,
                        body TEXT NOT NULL
                    );
                    CREATE TABLE salespersons_purchasers (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        company_id TEXT NOT NULL REFERENCES companies(id),
                        code TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        body TEXT NOT NULL,
                        UNIQUE (company_id, code)
                    );
                    CREATE TABLE approval_user_setups (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        company_id TEXT NOT NULL REFERENCES companies(id),
                        user_name TEXT NOT NULL REFERENCES users(user_name),
                        version INTEGER NOT NULL,
                        body TEXT NOT NULL,
                        UNIQUE (company_id, user_name)
                    );
                    CREATE TABLE workflow_user_groups (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        company_id TEXT NOT NULL REFERENCES companies(id),
                        code TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        body TEXT NOT NULL,
                        UNIQUE (company_id, code)
                    );
                    CREATE TABLE records (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        company_id TEXT NOT NULL REFERENCES companies(id),
                        entity_set TEXT NOT NULL,
                        document_type TEXT NOT NULL DEFAULT '',
                        number TEXT NOT NULL,
                        status TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        body TEXT NOT NULL,
                        UNIQUE (company_id, entity_set, document_type, number)
                    );
                    CREATE INDEX records_by_set ON records(company_id, entity_set, seq);
                    CREATE TABLE number_series (
                        company_id TEXT NOT NULL,
                        series TEXT NOT NULL,
                        last_no INTEGER NOT NULL,
                        PRIMARY KEY (company_id, series)
                    );
                    """
            )
        }
        migrator.registerMigration("v2-workflows") { db in
            try db.execute(
                sql: """
                    CREATE TABLE workflows (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        company_id TEXT NOT NULL REFERENCES companies(id),
                        code TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        body TEXT NOT NULL,
                        UNIQUE (company_id, code)
                    );
                    CREATE TABLE workflow_step_instances (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        company_id TEXT NOT NULL REFERENCES companies(id),
                        instance_id TEXT NOT NULL,
                        step_id INTEGER NOT NULL,
                        record_id TEXT NOT NULL,
                        workflow_code TEXT NOT NULL,
                        status TEXT NOT NULL,
                        body TEXT NOT NULL,
                        UNIQUE (instance_id, step_id)
                    );
                    CREATE INDEX step_instances_by_record ON workflow_step_instances(company_id, record_id);
                    CREATE INDEX step_instances_by_workflow ON workflow_step_instances(company_id, workflow_code, status);
                    CREATE TABLE archived_workflow_step_instances (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        company_id TEXT NOT NULL REFERENCES companies(id),
                        instance_id TEXT NOT NULL,
                        step_id INTEGER NOT NULL,
                        record_id TEXT NOT NULL,
                        archived_at REAL NOT NULL,
                        body TEXT NOT NULL
                    );
                    CREATE INDEX archived_step_instances_by_record ON archived_workflow_step_instances(company_id, record_id);
                    CREATE TABLE approval_entries (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        company_id TEXT NOT NULL REFERENCES companies(id),
                        entry_no INTEGER NOT NULL,
                        record_id TEXT NOT NULL,
                        entity_set TEXT NOT NULL,
                        status TEXT NOT NULL,
                        approver_id TEXT NOT NULL,
                        sender_id TEXT NOT NULL,
                        body TEXT NOT NULL,
                        UNIQUE (company_id, entry_no)
                    );
                    CREATE INDEX approval_entries_by_record ON approval_entries(company_id, record_id);
                    CREATE INDEX approval_entries_by_status ON approval_entries(status);
                    CREATE TABLE notification_entries (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        company_id TEXT NOT NULL REFERENCES companies(id),
                        recipient TEXT NOT NULL,
                        record_id TEXT NOT NULL,
                        body TEXT NOT NULL
                    );
                    CREATE INDEX notification_entries_by_recipient ON notification_entries(company_id, recipient);
                    CREATE TABLE workflow_record_changes (
                        record_id TEXT PRIMARY KEY,
                        company_id TEXT NOT NULL REFERENCES companies(id),
                        body TEXT NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v3-flow-connector") { db in
            try db.execute(sql: flowConnectorSchema)
        }
        migrator.registerMigration("v4-workflow-runs") { db in
            try db.execute(sql: workflowRunsSchema)
        }
        migrator.registerMigration(sealedSecretsMigration) { db in
            try db.execute(sql: "CREATE TABLE store_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")
            try SQLiteStore.sealSubscriptionSecrets(db, with: secrets)
            try db.execute(
                sql: "INSERT INTO store_settings (name, value) VALUES (?, ?)", arguments: [SQLiteStore.secretKeyIdSetting, secrets.keyId]
            )
        }
        migrator.registerMigration("v6-lease-owners") { db in
            // A lease names the instance holding it: only the owner records a result, others wait for it to expire.
            try db.execute(sql: "ALTER TABLE outbox_messages ADD COLUMN lease_owner TEXT")
        }
        migrator.registerMigration("v7-job-leases") { db in
            // Which instance runs each scheduled job, until when.
            try db.execute(sql: "CREATE TABLE job_leases (job TEXT PRIMARY KEY, owner TEXT NOT NULL, lease_until REAL NOT NULL) WITHOUT ROWID")
        }
        migrator.registerMigration("v8-flows") { db in
            try db.execute(sql: flowsSchema)
        }
        return migrator
    }

    /// Automated, instant and scheduled flows in one table (the kind-specific rest in `body`), the record changes
    /// waiting in each subscription's window, and the slots each scheduled flow fired.
    static let flowsSchema = """
        CREATE TABLE flows (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            company_id TEXT NOT NULL REFERENCES companies(id),
            entity_set TEXT,
            notification_url TEXT NOT NULL,
            secret TEXT NOT NULL,
            live INTEGER NOT NULL,
            expires_at REAL,
            due_at REAL,
            deleted_at REAL,
            version INTEGER NOT NULL,
            body TEXT NOT NULL
        );
        CREATE INDEX flows_by_company ON flows(kind, company_id, seq);
        CREATE INDEX flows_watching ON flows(company_id, entity_set) WHERE kind = 'recordSubscription' AND live = 1;
        CREATE INDEX flows_due ON flows(due_at) WHERE due_at IS NOT NULL;
        CREATE TABLE pending_record_changes (
            subscription_id TEXT NOT NULL,
            record_id TEXT NOT NULL,
            created INTEGER NOT NULL,
            deleted INTEGER NOT NULL,
            last_modified_at REAL NOT NULL,
            first_changed_at REAL NOT NULL,
            PRIMARY KEY (subscription_id, record_id)
        ) WITHOUT ROWID;
        CREATE INDEX pending_record_changes_by_time ON pending_record_changes(first_changed_at);
        CREATE TABLE scheduled_flow_runs (
            flow_id TEXT NOT NULL,
            scheduled_for REAL NOT NULL,
            company_id TEXT NOT NULL,
            fired_at REAL NOT NULL,
            message_id TEXT NOT NULL,
            body TEXT NOT NULL,
            PRIMARY KEY (flow_id, scheduled_for)
        ) WITHOUT ROWID;
        """

    /// Seals the webhook signing secrets that earlier versions kept in clear, and records which key seals them.
    static let sealedSecretsMigration = "v5-sealed-secrets"

    /// A workflow run's step instances in one row, written whole whenever a step changes.
    ///
    /// Every approval request starts a run of about a dozen steps. As one row each, with three indexes, they
    /// were most of the bytes an approval request wrote; a run is read and written as a unit anyway.
    /// `active` is 1 while any step is Active or Processing: the run still waits, so it is not archived.
    private static let workflowRunsSchema = """
        CREATE TABLE workflow_runs (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            instance_id TEXT NOT NULL UNIQUE,
            company_id TEXT NOT NULL REFERENCES companies(id),
            record_id TEXT NOT NULL,
            workflow_code TEXT NOT NULL,
            active INTEGER NOT NULL,
            steps TEXT NOT NULL
        );
        CREATE INDEX workflow_runs_by_record ON workflow_runs(company_id, record_id);
        CREATE INDEX workflow_runs_active ON workflow_runs(company_id, workflow_code) WHERE active = 1;
        INSERT INTO workflow_runs (instance_id, company_id, record_id, workflow_code, active, steps)
            SELECT instance_id, company_id, record_id, workflow_code, MAX(status IN ('Active', 'Processing')),
                json_group_array(json(body))
            FROM (SELECT * FROM workflow_step_instances ORDER BY seq)
            GROUP BY instance_id
            ORDER BY MIN(seq);
        DROP TABLE workflow_step_instances;
        """

    /// Subscriptions of automation platforms, their Flow entries, and the transactional outbox with its attempts.
    ///
    /// The outbox keeps its fields in columns, not a JSON body: the dispatcher updates them on every attempt.
    /// Dates in columns are seconds since 1970, so `now` compares with them directly.
    private static let flowConnectorSchema = """
        CREATE TABLE workflow_webhook_subscriptions (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            company_id TEXT NOT NULL REFERENCES companies(id),
            workflow_code TEXT NOT NULL,
            client_id TEXT NOT NULL,
            enabled INTEGER NOT NULL,
            created_at REAL NOT NULL,
            body TEXT NOT NULL
        );
        CREATE INDEX webhook_subscriptions_by_client ON workflow_webhook_subscriptions(company_id, client_id);
        CREATE INDEX webhook_subscriptions_by_workflow ON workflow_webhook_subscriptions(company_id, workflow_code);
        CREATE TABLE workflow_webhook_entries (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            company_id TEXT NOT NULL REFERENCES companies(id),
            entry_no INTEGER NOT NULL,
            instance_id TEXT NOT NULL,
            record_id TEXT NOT NULL,
            response TEXT NOT NULL,
            body TEXT NOT NULL,
            UNIQUE (company_id, entry_no)
        );
        CREATE INDEX webhook_entries_by_instance ON workflow_webhook_entries(instance_id, entry_no);
        CREATE INDEX webhook_entries_by_record ON workflow_webhook_entries(company_id, record_id, entry_no);
        CREATE TABLE outbox_messages (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            company_id TEXT,
            subscription_id TEXT,
            source_id TEXT,
            event_type TEXT NOT NULL,
            payload BLOB NOT NULL,
            status TEXT NOT NULL,
            attempt_count INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL,
            lease_until REAL,
            last_error TEXT,
            last_status_code INTEGER,
            created_at REAL NOT NULL,
            delivered_at REAL
        );
        -- The claim walks pending messages in due order.
        CREATE INDEX outbox_messages_due ON outbox_messages(status, next_attempt_at);
        CREATE INDEX outbox_messages_by_source ON outbox_messages(source_id);
        -- Only messages in flight hold a lease, so this index stays as small as a claim batch.
        CREATE INDEX outbox_messages_leased ON outbox_messages(lease_until) WHERE lease_until IS NOT NULL;
        CREATE TABLE delivery_attempts (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            message_id TEXT NOT NULL REFERENCES outbox_messages(id),
            number INTEGER NOT NULL,
            started_at REAL NOT NULL,
            duration_ms REAL NOT NULL,
            url TEXT NOT NULL,
            status_code INTEGER,
            response_body TEXT,
            error TEXT,
            remote_address TEXT
        );
        CREATE INDEX delivery_attempts_by_message ON delivery_attempts(message_id);
        """
}
