import Foundation
import Hummingbird
import YibaoPlatform

/// Who a page request comes from, and the CSRF check of every posted form.
///
/// - Insured persons use the API's session cookie (`yibao_session`); their forms carry the session's CSRF
///   token (`RequestScope.csrfToken(forSession:)`, the same one the API's sign-in returns).
/// - Operators have tokens, not passwords: the console's sign-in form takes the token and keeps it in an
///   HttpOnly, SameSite=Strict cookie limited to `/console`; console forms carry a CSRF token derived from it.
/// - Forms shown before anyone is signed in (sign-in, the public ask) carry a token derived from a random
///   cookie of their own (`yibao_form`), so a page on another site cannot post them either.
struct PageGuard: Sendable {
    let platform: Platform
    let cache: ReadCache
    let now: @Sendable () -> Int64
    let secureCookies: Bool

    static let formCookieName = "yibao_form"
    static let operatorCookieName = "yibao_operator"
    static let operatorCookiePath = "/console"
    /// An operator's console sign-in lasts as long as a person's session.
    static var operatorCookieSeconds: Int { Int(Platform.sessionSeconds) }

    /// A signed-in person: the session's principal and the CSRF token of their forms.
    struct Person: Sendable {
        let principal: SessionPrincipal
        let token: String
        let csrf: String
        var psnNo: String { principal.psnNo }
    }

    /// A signed-in operator: the token's principal and the CSRF token of console forms.
    struct Operator: Sendable {
        let principal: TokenPrincipal
        let csrf: String
    }

    /// The person of the session cookie; nil when there is none or it is no longer valid.
    func person(_ request: Request) throws -> Person? {
        guard let token = request.cookies[RequestScope.sessionCookieName]?.value, !token.isEmpty else { return nil }
        do {
            let principal = try cache.person(forSession: token, at: now(), platform: platform)
            return Person(principal: principal, token: token, csrf: RequestScope.csrfToken(forSession: token))
        } catch is AuthError {
            return nil
        }
    }

    /// The operator of the console cookie; nil when there is none or the token is no longer valid. A valid
    /// token of another role is refused (`AuthError.wrongRole`), never treated as signed out.
    func consoleOperator(_ request: Request) throws -> Operator? {
        guard let token = request.cookies[PageGuard.operatorCookieName]?.value, !token.isEmpty else { return nil }
        let principal: TokenPrincipal
        do {
            principal = try cache.principal(forToken: token, platform: platform)
        } catch AuthError.tokenInvalid {
            return nil
        }
        guard principal.role == .operator else { throw AuthError.wrongRole(required: .operator) }
        return Operator(principal: principal, csrf: PageGuard.consoleCSRF(token))
    }

    /// The operator behind a token typed into the console's sign-in form.
    func operatorToken(_ token: String) throws -> TokenPrincipal {
        guard !token.isEmpty, token.count <= 128 else { throw AuthError.tokenInvalid }
        let principal = try cache.principal(forToken: token, platform: platform)
        guard principal.role == .operator else { throw AuthError.wrongRole(required: .operator) }
        return principal
    }

    static func consoleCSRF(_ token: String) -> String { RequestScope.csrfToken(forSession: "console:" + token) }

    // MARK: CSRF

    /// Refuses a posted form whose token is not `expected`.
    static func check(_ form: PageForm, expected: String) throws {
        guard !expected.isEmpty, RequestScope.equalInConstantTime(form["csrf"], expected) else {
            throw APIError.csrfTokenMismatch
        }
    }

    /// The token of forms shown before sign-in, and the cookie to set when the browser has none yet.
    func anonymousFormToken(_ request: Request) -> (csrf: String, setCookie: String?) {
        if let value = request.cookies[PageGuard.formCookieName]?.value, PageText.isFormKey(value) {
            return (PageGuard.anonymousCSRF(value), nil)
        }
        let value = PageText.randomValue()
        return (PageGuard.anonymousCSRF(value), cookie(PageGuard.formCookieName, value, maxAge: nil, path: "/"))
    }

    /// Refuses a form posted before sign-in without the token of the browser's form cookie.
    func checkAnonymous(_ form: PageForm, _ request: Request) throws {
        guard let value = request.cookies[PageGuard.formCookieName]?.value, PageText.isFormKey(value) else {
            throw APIError.csrfTokenMismatch
        }
        try PageGuard.check(form, expected: PageGuard.anonymousCSRF(value))
    }

    static func anonymousCSRF(_ value: String) -> String { RequestScope.csrfToken(forSession: "form:" + value) }

    // MARK: Cookies

    /// A cookie as the API sets its session: HttpOnly, SameSite=Strict, Secure behind TLS; without `maxAge` it
    /// lasts as long as the browser session.
    func cookie(_ name: String, _ value: String, maxAge: Int?, path: String) -> String {
        let secure = secureCookies || RequestScope.current.forwardedHTTPS
        return Cookie(name: name, value: value, maxAge: maxAge.map { max(0, $0) }, path: path, secure: secure, httpOnly: true,
            sameSite: .strict).description
    }

    func sessionCookie(_ value: String, maxAge: Int) -> String {
        cookie(RequestScope.sessionCookieName, value, maxAge: maxAge, path: "/")
    }

    func operatorCookie(_ value: String, maxAge: Int) -> String {
        cookie(PageGuard.operatorCookieName, value, maxAge: maxAge, path: PageGuard.operatorCookiePath)
    }
}
