import YibaoCore

// Sign-in sessions, login failures, API tokens, the operator-read audit log and crediting jobs: the state the
// server needs beyond the register and ledger. Times are Unix seconds passed in by the caller (the edge reads
// the real clock; a demo database's pinned date is for the ledger, not for session expiry or login locks).

/// What the auth use cases need from storage, implemented by YibaoStore next to `StoreTransaction`.
/// A store whose transactions do not conform cannot run the server (`AuthError.storeWithoutAuth`).
public protocol AuthStoreReader {
    /// The session whose token hashes to `tokenHash`, revoked or not.
    func session(tokenHash: String) throws -> SessionRecord?
    func loginFailure(loginKey: String) throws -> LoginFailureRecord?
    func apiToken(tokenHash: String) throws -> APITokenRecord?
    func apiTokens() throws -> [APITokenRecord]
    func operatorReads(personId: Int64, limit: Int) throws -> [OperatorReadRecord]
    func creditingJob(id: Int64) throws -> CreditingJobRecord?
    func creditingJobs(status: CreditingJobStatus) throws -> [CreditingJobRecord]
}

public protocol AuthStoreTransaction: AuthStoreReader {
    func insert(_ session: SessionRecord) throws -> Int64
    /// Revokes one session, or every session of a person except `keeping` (a password change).
    func revokeSession(id: Int64, at time: Int64) throws
    func revokeSessions(personId: Int64, keeping: Int64?, at time: Int64) throws
    /// Creates or replaces the failure counter of a login key.
    func save(_ failure: LoginFailureRecord) throws
    func clearLoginFailure(loginKey: String) throws
    func insert(_ token: APITokenRecord) throws -> Int64
    func insert(_ read: OperatorReadRecord) throws -> Int64
    func insert(_ job: CreditingJobRecord) throws -> Int64
    func update(_ job: CreditingJobRecord) throws
}

/// A signed-in person's session. Only the SHA-256 of the token is stored.
public struct SessionRecord: Sendable, Hashable {
    public var id: Int64?
    public var tokenHash: String
    public var personId: Int64
    public var createdAt: Int64
    public var expiresAt: Int64
    public var revokedAt: Int64?

    public init(id: Int64? = nil, tokenHash: String, personId: Int64, createdAt: Int64, expiresAt: Int64, revokedAt: Int64? = nil) {
        self.id = id
        self.tokenHash = tokenHash
        self.personId = personId
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }
}

/// Consecutive failed sign-ins for one login (keyed by a hash of the ID number, so that the table holds none).
public struct LoginFailureRecord: Sendable, Hashable {
    public var loginKey: String
    public var failures: Int
    public var lastFailureAt: Int64
    public var lockedUntil: Int64?

    public init(loginKey: String, failures: Int, lastFailureAt: Int64, lockedUntil: Int64?) {
        self.loginKey = loginKey
        self.failures = failures
        self.lastFailureAt = lastFailureAt
        self.lockedUntil = lockedUntil
    }
}

/// Who an API token speaks for.
public enum TokenRole: String, Sendable, Codable, CaseIterable {
    /// 定点医药机构: pre-settle, settle, cancel, query, in its region.
    case institution
    /// 经办人员: register, contributions, crediting, audit, in its region.
    case `operator`
}

/// An API token of an institution or operator, bound to a role and a pooling region; only its hash is stored.
public struct APITokenRecord: Sendable, Hashable {
    public var id: Int64?
    public var tokenHash: String
    public var role: TokenRole
    public var region: String
    public var name: String
    public var createdAt: Int64
    public var revokedAt: Int64?

    public init(id: Int64? = nil, tokenHash: String, role: TokenRole, region: String, name: String, createdAt: Int64,
        revokedAt: Int64? = nil)
    {
        self.id = id
        self.tokenHash = tokenHash
        self.role = role
        self.region = region
        self.name = name
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// One read of a person's records by an operator (who, whom, what, when): append-only.
public struct OperatorReadRecord: Sendable, Hashable, Codable {
    public var id: Int64?
    public var tokenId: Int64
    public var personId: Int64
    public var what: String
    public var at: Int64

    public init(id: Int64? = nil, tokenId: Int64, personId: Int64, what: String, at: Int64) {
        self.id = id
        self.tokenId = tokenId
        self.personId = personId
        self.what = what
        self.at = at
    }
}

public enum CreditingJobStatus: String, Sendable, Codable, CaseIterable {
    case queued, running, succeeded, failed
    /// The server stopped while the job ran; crediting is idempotent, so a new job completes it.
    case interrupted
}

/// A crediting run started through the API, with its progress and outcome.
public struct CreditingJobRecord: Sendable, Hashable, Codable {
    public var id: Int64?
    public var month: String
    public var region: String
    public var status: CreditingJobStatus
    public var done: Int
    public var total: Int
    public var reportJSON: String?
    public var errorCode: String?
    public var errorMessage: String?
    public var requestedBy: Int64?
    public var createdAt: Int64
    public var finishedAt: Int64?

    public init(id: Int64? = nil, month: String, region: String, status: CreditingJobStatus, done: Int = 0, total: Int = 0,
        reportJSON: String? = nil, errorCode: String? = nil, errorMessage: String? = nil, requestedBy: Int64?, createdAt: Int64,
        finishedAt: Int64? = nil)
    {
        self.id = id
        self.month = month
        self.region = region
        self.status = status
        self.done = done
        self.total = total
        self.reportJSON = reportJSON
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.requestedBy = requestedBy
        self.createdAt = createdAt
        self.finishedAt = finishedAt
    }
}
