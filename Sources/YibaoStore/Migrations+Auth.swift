extension Migrations {
    /// Sessions, login failures, API tokens (hashes only), the operator-read audit log and crediting jobs.
    /// Times are INTEGER Unix seconds. Sessions, failures and jobs change (revocation, counters, progress);
    /// the audit log and tokens' identity do not.
    static let v2Auth = """
        CREATE TABLE auth_session (
            id INTEGER PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            person_id INTEGER NOT NULL REFERENCES person(id),
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            revoked_at INTEGER
        );
        CREATE INDEX auth_session_person ON auth_session(person_id);
        CREATE TABLE login_failure (
            login_key TEXT PRIMARY KEY,
            failures INTEGER NOT NULL CHECK (failures >= 0),
            last_failure_at INTEGER NOT NULL,
            locked_until INTEGER
        );
        CREATE TABLE api_token (
            id INTEGER PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('institution', 'operator')),
            region TEXT NOT NULL,
            name TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            revoked_at INTEGER
        );
        CREATE TRIGGER api_token_fixed_identity BEFORE UPDATE OF token_hash, role, region ON api_token
        BEGIN SELECT RAISE(ABORT, 'api_token identity is immutable'); END;
        CREATE TRIGGER api_token_no_delete BEFORE DELETE ON api_token
        BEGIN SELECT RAISE(ABORT, 'api_token rows are never deleted'); END;
        CREATE TABLE operator_read (
            id INTEGER PRIMARY KEY,
            token_id INTEGER NOT NULL REFERENCES api_token(id),
            person_id INTEGER NOT NULL REFERENCES person(id),
            what TEXT NOT NULL,
            at INTEGER NOT NULL
        );
        CREATE INDEX operator_read_person ON operator_read(person_id, id);
        CREATE TABLE crediting_job (
            id INTEGER PRIMARY KEY,
            month TEXT NOT NULL,
            region TEXT NOT NULL,
            status TEXT NOT NULL,
            done INTEGER NOT NULL DEFAULT 0,
            total INTEGER NOT NULL DEFAULT 0,
            report_json TEXT,
            error_code TEXT,
            error_message TEXT,
            requested_by INTEGER REFERENCES api_token(id),
            created_at INTEGER NOT NULL,
            finished_at INTEGER
        );
        CREATE INDEX crediting_job_status ON crediting_job(status);
        """ + immutability(["operator_read"])
}
