import GRDB

/// The SQLite schema, one registered migration per version; never edit a released one.
///
/// Aggregates are stored as a JSON `body` beside the key columns that queries and
/// uniqueness need, so the schema stays small and the mapping stays in one place.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
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
        return migrator
    }
}
