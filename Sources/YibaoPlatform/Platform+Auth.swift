import Crypto
import Foundation
import YibaoCore

/// Why a sign-in, session or token was refused. Messages never say whether an ID number is registered.
public enum AuthError: YibaoError, Equatable {
    case signInFailed
    case loginLocked(untilUnix: Int64)
    case sessionInvalid
    case tokenInvalid
    case passwordNotSet
    case wrongRole(required: TokenRole)
    case regionForbidden(region: String)
    case storeWithoutAuth
    case jobNotFound(Int64)

    public var code: String {
        switch self {
        case .signInFailed: "sign_in_failed"
        case .loginLocked: "login_locked"
        case .sessionInvalid: "session_invalid"
        case .tokenInvalid: "token_invalid"
        case .passwordNotSet: "password_not_set"
        case .wrongRole: "role_forbidden"
        case .regionForbidden: "region_forbidden"
        case .storeWithoutAuth: "store_without_auth"
        case .jobNotFound: "job_not_found"
        }
    }

    public var message: String {
        switch self {
        case .signInFailed: "身份证号码或密码不正确。"
        case .loginLocked(let until):
            "连续 \(Platform.signInFailuresMax) 次密码错误，登录已锁定，请于 \(Platform.beijingTime(until)) 后再试。"
        case .sessionInvalid: "请先登录（登录已过期或已退出）。"
        case .tokenInvalid: "访问令牌无效或已停用。"
        case .passwordNotSet: "尚未设置登录密码，请到经办窗口设置初始密码。"
        case .wrongRole(let role): "该接口仅限\(role == .institution ? "定点医药机构" : "经办人员")使用。"
        case .regionForbidden(let region): "无权办理统筹区 \(region) 以外的业务。"
        case .storeWithoutAuth: "存储不支持登录与令牌。"
        case .jobNotFound(let id): "未找到任务 \(id)。"
        }
    }
}

/// A signed-in session as the edge gets it once: the token is shown once and never stored.
public struct SignInResult: Sendable, Hashable {
    public let token: String
    public let psnNo: String
    public let expiresAt: Int64
}

/// Who called with a session cookie.
public struct SessionPrincipal: Sendable, Hashable {
    public let sessionId: Int64
    public let personId: Int64
    public let psnNo: String
    public let expiresAt: Int64
}

/// Who called with an API token.
public struct TokenPrincipal: Sendable, Hashable {
    public let tokenId: Int64
    public let role: TokenRole
    public let region: String
    public let name: String
}

/// A newly issued API token: the plaintext is returned here once and never again.
public struct IssuedToken: Sendable, Hashable, Codable {
    public let id: Int64
    public let token: String
    public let role: TokenRole
    public let region: String
    public let name: String
}

extension Platform {
    /// Failed sign-ins in a row that lock a login, and for how long.
    public static var signInFailuresMax: Int { 5 }
    public static var loginLockSeconds: Int64 { 15 * 60 }
    /// A session lasts this long from sign-in.
    public static var sessionSeconds: Int64 { 8 * 60 * 60 }
    public static var tokenNameCharactersMax: Int { 100 }

    /// Runs `body` in one write transaction with the auth tables.
    func authWrite<T>(_ body: (any StoreTransaction, any AuthStoreTransaction) throws -> T) throws -> T {
        try store.write { tx in
            guard let auth = tx as? any AuthStoreTransaction else { throw AuthError.storeWithoutAuth }
            return try body(tx, auth)
        }
    }

    func authRead<T>(_ body: (any StoreReader, any AuthStoreReader) throws -> T) throws -> T {
        try store.read { tx in
            guard let auth = tx as? any AuthStoreReader else { throw AuthError.storeWithoutAuth }
            return try body(tx, auth)
        }
    }

    /// Signs a person in with ID number and password. The password is checked with `verify` (slow by design:
    /// the caller runs this off the event loop) outside any transaction. Every failure counts, for unknown ID
    /// numbers too; the `signInFailuresMax`-th in a row locks the login for `loginLockSeconds`.
    public func signIn(idNumber raw: String, password: String, at now: Int64, hasher: PasswordHasher = PasswordHasher())
        throws -> SignInResult
    {
        let idNumber = raw.trimmingCharacters(in: .whitespaces).uppercased()
        let loginKey = Platform.sha256Hex("login:" + idNumber)
        let (person, failure) = try authRead { tx, auth in (try tx.person(idNumber: idNumber), try auth.loginFailure(loginKey: loginKey)) }
        if let until = failure?.lockedUntil, until > now { throw AuthError.loginLocked(untilUnix: until) }
        // An unknown ID number costs the same time as a wrong password, so timing does not tell them apart.
        let stored = person?.passwordHash ?? Platform.decoyPasswordHash(rounds: hasher.rounds)
        let matches = hasher.verify(password, against: stored) && person?.passwordHash != nil
        // The failure is counted in a transaction that commits; the refusal is thrown after it.
        let outcome = try authWrite { tx, auth -> Result<SignInResult, AuthError> in
            guard matches, let person, let personId = person.id else {
                // Re-read inside the transaction: concurrent failures must all count.
                let current = try auth.loginFailure(loginKey: loginKey)
                let lockExpired = current?.lockedUntil.map { $0 <= now } ?? false
                let failures = (lockExpired ? 0 : current?.failures ?? 0) + 1
                let locked = failures >= Platform.signInFailuresMax ? now + Platform.loginLockSeconds : nil
                try auth.save(LoginFailureRecord(loginKey: loginKey, failures: locked == nil ? failures : 0, lastFailureAt: now,
                    lockedUntil: locked))
                return .failure(locked.map { AuthError.loginLocked(untilUnix: $0) } ?? .signInFailed)
            }
            try auth.clearLoginFailure(loginKey: loginKey)
            let token = Platform.randomToken(prefix: "yss_")
            let expires = now + Platform.sessionSeconds
            _ = try auth.insert(SessionRecord(tokenHash: Platform.sha256Hex(token), personId: personId, createdAt: now,
                expiresAt: expires))
            return .success(SignInResult(token: token, psnNo: person.psnNo, expiresAt: expires))
        }
        return try outcome.get()
    }

    /// The person a session token belongs to, if the session is live.
    public func person(forSession token: String, at now: Int64) throws -> SessionPrincipal {
        guard token.count <= 128 else { throw AuthError.sessionInvalid }
        return try authRead { tx, auth in
            guard let s = try auth.session(tokenHash: Platform.sha256Hex(token)), s.revokedAt == nil, s.expiresAt > now,
                let p = try tx.person(id: s.personId)
            else { throw AuthError.sessionInvalid }
            return SessionPrincipal(sessionId: s.id ?? 0, personId: s.personId, psnNo: p.psnNo, expiresAt: s.expiresAt)
        }
    }

    /// Ends a session; signing out twice is not an error.
    public func signOut(session token: String, at now: Int64) throws {
        try authWrite { _, auth in
            if let s = try auth.session(tokenHash: Platform.sha256Hex(token)), s.revokedAt == nil {
                try auth.revokeSession(id: s.id ?? 0, at: now)
            }
        }
    }

    /// Changes a signed-in person's password after checking the current one; every other session of the
    /// person ends. Both hashes are slow: the caller runs this off the event loop.
    public func changePassword(session token: String, current: String, new: String, at now: Int64,
        hasher: PasswordHasher = PasswordHasher()) throws
    {
        let principal = try person(forSession: token, at: now)
        let stored = try store.read { try $0.person(id: principal.personId)?.passwordHash }
        guard let stored, hasher.verify(current, against: stored) else { throw AuthError.signInFailed }
        let hash = try hasher.hash(new)
        try authWrite { tx, auth in
            try tx.setPasswordHash(personId: principal.personId, hash: hash)
            try auth.revokeSessions(personId: principal.personId, keeping: principal.sessionId, at: now)
        }
    }

    /// Sets a person's password (the operator's first password, or a reset); ends the person's sessions.
    public func setPassword(person query: String, password: String, at now: Int64, hasher: PasswordHasher = PasswordHasher())
        throws
    {
        let hash = try hasher.hash(password)
        try authWrite { tx, auth in
            let p = try person(query, in: tx)
            try tx.setPasswordHash(personId: p.id ?? 0, hash: hash)
            try auth.revokeSessions(personId: p.id ?? 0, keeping: nil, at: now)
        }
    }

    /// Issues an API token bound to a role and a pooling region; the plaintext is returned once.
    public func issueToken(role: TokenRole, region regionQuery: String, name: String, at now: Int64) throws -> IssuedToken {
        let region = try pooling(regionQuery)
        let label = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard label.count <= Platform.tokenNameCharactersMax else {
            throw PlatformError.limitExceeded(name: "令牌名称长度", max: Platform.tokenNameCharactersMax)
        }
        let token = Platform.randomToken(prefix: role == .institution ? "yit_" : "yot_")
        let id = try authWrite { _, auth in
            try auth.insert(APITokenRecord(tokenHash: Platform.sha256Hex(token), role: role, region: region,
                name: label.isEmpty ? "\(role.rawValue)-\(region)" : label, createdAt: now))
        }
        return IssuedToken(id: id, token: token, role: role, region: region, name: label.isEmpty ? "\(role.rawValue)-\(region)" : label)
    }

    /// The institution or operator an API token speaks for.
    public func principal(forToken token: String) throws -> TokenPrincipal {
        guard token.count <= 128 else { throw AuthError.tokenInvalid }
        return try authRead { _, auth in
            guard let t = try auth.apiToken(tokenHash: Platform.sha256Hex(token)), t.revokedAt == nil else {
                throw AuthError.tokenInvalid
            }
            return TokenPrincipal(tokenId: t.id ?? 0, role: t.role, region: t.region, name: t.name)
        }
    }

    /// Records that an operator read a person's records (`what`: person, balance, statement …).
    public func recordOperatorRead(token: TokenPrincipal, person query: String, what: String, at now: Int64) throws {
        try authWrite { tx, auth in
            let p = try person(query, in: tx)
            _ = try auth.insert(OperatorReadRecord(tokenId: token.tokenId, personId: p.id ?? 0, what: what, at: now))
        }
    }

    /// The operator reads of a person's records, newest first.
    public func operatorReads(person query: String, limit: Int = 100) throws -> [OperatorReadRecord] {
        try authRead { tx, auth in try auth.operatorReads(personId: try person(query, in: tx).id ?? 0, limit: limit) }
    }

    // MARK: authorisation by region

    /// The pooling region a region code or name resolves to (a county resolves to its city).
    public func poolingRegion(of query: String) throws -> String { try pooling(query) }

    /// Refuses unless the person is insured in `region` (the token's): an institution settles, and an operator
    /// acts, only for people of its own pooling region.
    public func checkPerson(_ query: String, inRegion region: String) throws {
        try store.read { tx in try checkPerson(query, inRegion: region, in: tx) }
    }

    func checkPerson(_ query: String, inRegion region: String, in tx: any StoreReader) throws {
        let p = try person(query, in: tx)
        let regions = try tx.insurances(personId: p.id ?? 0).map(\.region)
        guard regions.contains(region) else { throw AuthError.regionForbidden(region: region) }
    }

    /// Refuses a settlement of another region as not found: its existence is not the caller's business.
    public func checkSettlement(_ setlId: String, inRegion region: String) throws {
        try store.read { tx in
            guard let s = try tx.settlement(setlId: setlId), let i = try tx.insurance(id: s.insuranceId), i.region == region else {
                throw PlatformError.settlementNotFound(setlId)
            }
        }
    }

    // MARK: helpers

    static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// 32 random bytes, base64url without padding, after a prefix that says what the token is.
    static func randomToken(prefix: String) -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return prefix + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// A well-formed hash no password matches (its derived key is not one PBKDF2 produces for a real salt and
    /// password pair); verifying against it costs the same as against a real hash.
    static func decoyPasswordHash(rounds: Int) -> String {
        "pbkdf2-sha256$\(rounds)$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
    }

    /// "2025-12-20 10:15" in Beijing time, for messages.
    static func beijingTime(_ unix: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(unix)))
    }
}
