import Foundation
import YibaoPlatform

/// Checks the credentials in `RequestScope` against the platform: sessions for insured persons (with the CSRF
/// header on unsafe requests), tokens for institutions and operators (role, and region where the route
/// names a person or settlement). Every route that is not public starts with one of these calls.
struct Authenticator: Sendable {
    let platform: Platform
    let cache: ReadCache
    let now: @Sendable () -> Int64

    /// The signed-in person; unsafe requests must carry the session's CSRF token.
    func person() throws -> SessionPrincipal {
        let scope = RequestScope.current
        guard let token = scope.sessionToken, !token.isEmpty else { throw APIError.notSignedIn }
        let principal = try cache.person(forSession: token, at: now(), platform: platform)
        if scope.unsafeMethod {
            guard let header = scope.csrfHeader,
                RequestScope.equalInConstantTime(header, RequestScope.csrfToken(forSession: token))
            else { throw APIError.csrfTokenMismatch }
        }
        return principal
    }

    /// The institution or operator behind the bearer token, which must have `role`.
    func token(_ role: TokenRole) throws -> TokenPrincipal {
        guard let token = RequestScope.current.bearerToken, !token.isEmpty else { throw APIError.tokenMissing }
        let principal = try cache.principal(forToken: token, platform: platform)
        guard principal.role == role else { throw AuthError.wrongRole(required: role) }
        return principal
    }

    /// A token of `role` whose region insures the person named in the route.
    func token(_ role: TokenRole, forPerson person: String) throws -> TokenPrincipal {
        let principal = try token(role)
        try platform.checkPerson(person, inRegion: principal.region)
        return principal
    }
}
