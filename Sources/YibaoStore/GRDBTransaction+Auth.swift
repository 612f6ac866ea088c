import GRDB
import YibaoCore
import YibaoPlatform

extension GRDBTransaction: AuthStoreTransaction {
    func sessionRow(_ r: Row) -> SessionRecord {
        SessionRecord(id: r["id"], tokenHash: r["token_hash"], personId: r["person_id"], createdAt: r["created_at"],
            expiresAt: r["expires_at"], revokedAt: r["revoked_at"])
    }

    func session(tokenHash: String) throws -> SessionRecord? {
        try fetchOne("SELECT * FROM auth_session WHERE token_hash = ?", [tokenHash], sessionRow)
    }

    func insert(_ s: SessionRecord) throws -> Int64 {
        try insertRow("INSERT INTO auth_session (token_hash, person_id, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?)",
            [s.tokenHash, s.personId, s.createdAt, s.expiresAt, s.revokedAt])
    }

    func revokeSession(id: Int64, at time: Int64) throws {
        try db.cachedStatement(sql: "UPDATE auth_session SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
            .execute(arguments: [time, id])
    }

    func revokeSessions(personId: Int64, keeping: Int64?, at time: Int64) throws {
        try db.cachedStatement(sql: """
            UPDATE auth_session SET revoked_at = ? WHERE person_id = ? AND revoked_at IS NULL AND (? IS NULL OR id <> ?)
            """).execute(arguments: [time, personId, keeping, keeping])
    }

    func loginFailure(loginKey: String) throws -> LoginFailureRecord? {
        try fetchOne("SELECT * FROM login_failure WHERE login_key = ?", [loginKey]) {
            LoginFailureRecord(loginKey: $0["login_key"], failures: $0["failures"], lastFailureAt: $0["last_failure_at"],
                lockedUntil: $0["locked_until"])
        }
    }

    func save(_ f: LoginFailureRecord) throws {
        try db.cachedStatement(sql: """
            INSERT INTO login_failure (login_key, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?)
            ON CONFLICT(login_key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at,
                locked_until = excluded.locked_until
            """).execute(arguments: [f.loginKey, f.failures, f.lastFailureAt, f.lockedUntil])
    }

    func clearLoginFailure(loginKey: String) throws {
        try db.cachedStatement(sql: "DELETE FROM login_failure WHERE login_key = ?").execute(arguments: [loginKey])
    }

    func tokenRow(_ r: Row) -> APITokenRecord {
        APITokenRecord(id: r["id"], tokenHash: r["token_hash"], role: TokenRole(rawValue: r["role"]) ?? .institution,
            region: r["region"], name: r["name"], createdAt: r["created_at"], revokedAt: r["revoked_at"])
    }

    func apiToken(tokenHash: String) throws -> APITokenRecord? {
        try fetchOne("SELECT * FROM api_token WHERE token_hash = ?", [tokenHash], tokenRow)
    }

    func apiTokens() throws -> [APITokenRecord] {
        try fetchAll("SELECT * FROM api_token ORDER BY id", [], tokenRow)
    }

    func insert(_ t: APITokenRecord) throws -> Int64 {
        try insertRow("INSERT INTO api_token (token_hash, role, region, name, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)",
            [t.tokenHash, t.role.rawValue, t.region, t.name, t.createdAt, t.revokedAt])
    }

    func operatorReads(personId: Int64, limit: Int) throws -> [OperatorReadRecord] {
        try fetchAll("SELECT * FROM operator_read WHERE person_id = ? ORDER BY id DESC LIMIT ?", [personId, limit]) {
            OperatorReadRecord(id: $0["id"], tokenId: $0["token_id"], personId: $0["person_id"], what: $0["what"], at: $0["at"])
        }
    }

    func insert(_ r: OperatorReadRecord) throws -> Int64 {
        try insertRow("INSERT INTO operator_read (token_id, person_id, what, at) VALUES (?, ?, ?, ?)",
            [r.tokenId, r.personId, r.what, r.at])
    }

    func jobRow(_ r: Row) -> CreditingJobRecord {
        CreditingJobRecord(id: r["id"], month: r["month"], region: r["region"],
            status: CreditingJobStatus(rawValue: r["status"]) ?? .failed, done: r["done"], total: r["total"],
            reportJSON: r["report_json"], errorCode: r["error_code"], errorMessage: r["error_message"],
            requestedBy: r["requested_by"], createdAt: r["created_at"], finishedAt: r["finished_at"])
    }

    func creditingJob(id: Int64) throws -> CreditingJobRecord? {
        try fetchOne("SELECT * FROM crediting_job WHERE id = ?", [id], jobRow)
    }

    func creditingJobs(status: CreditingJobStatus) throws -> [CreditingJobRecord] {
        try fetchAll("SELECT * FROM crediting_job WHERE status = ? ORDER BY id", [status.rawValue], jobRow)
    }

    func insert(_ j: CreditingJobRecord) throws -> Int64 {
        try insertRow("""
            INSERT INTO crediting_job (month, region, status, done, total, report_json, error_code, error_message, requested_by,
                created_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [j.month, j.region, j.status.rawValue, j.done, j.total, j.reportJSON, j.errorCode, j.errorMessage, j.requestedBy,
                j.createdAt, j.finishedAt])
    }

    func update(_ j: CreditingJobRecord) throws {
        try db.cachedStatement(sql: """
            UPDATE crediting_job SET status = ?, done = ?, total = ?, report_json = ?, error_code = ?, error_message = ?,
                finished_at = ? WHERE id = ?
            """).execute(arguments: [j.status.rawValue, j.done, j.total, j.reportJSON, j.errorCode, j.errorMessage, j.finishedAt, j.id])
    }
}
