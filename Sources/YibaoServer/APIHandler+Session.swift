import Foundation
import Hummingbird
import YibaoPlatform

extension APIHandler {
    func signIn(_ input: Operations.SignIn.Input) async throws -> Operations.SignIn.Output {
        guard case .json(let body) = input.body else { throw APIError.requestInvalid("需要 JSON") }
        let platform = self.platform
        let hasher = self.hasher
        let now = self.now
        // PBKDF2 takes ~0.2 s by design: off the request threads.
        let result = try await Blocking.run {
            try platform.signIn(idNumber: body.idNumber, password: body.password, at: now, hasher: hasher)
        }
        RequestScope.current.effects.setCookie = sessionCookie(value: result.token, maxAge: Int(result.expiresAt - now))
        return .ok(.init(
            body: .json(.init(psnNo: result.psnNo, csrfToken: RequestScope.csrfToken(forSession: result.token),
                expiresAt: result.expiresAt))))
    }

    func signOut(_ input: Operations.SignOut.Input) async throws -> Operations.SignOut.Output {
        let scope = RequestScope.current
        if let token = scope.sessionToken, !token.isEmpty {
            // A live session must show its CSRF token to end; a stale cookie is simply cleared.
            if (try? platform.person(forSession: token, at: now)) != nil {
                _ = try auth.person()
                let platform = self.platform
                let now = self.now
                try await Blocking.run { try platform.signOut(session: token, at: now) }
            }
        }
        RequestScope.current.effects.setCookie = sessionCookie(value: "", maxAge: 0)
        return .noContent(.init())
    }

    func changePassword(_ input: Operations.ChangePassword.Input) async throws -> Operations.ChangePassword.Output {
        guard case .json(let body) = input.body else { throw APIError.requestInvalid("需要 JSON") }
        _ = try auth.person()
        guard let token = RequestScope.current.sessionToken else { throw APIError.notSignedIn }
        let platform = self.platform
        let hasher = self.hasher
        let now = self.now
        try await Blocking.run {
            try platform.changePassword(session: token, current: body.currentPassword, new: body.newPassword, at: now, hasher: hasher)
        }
        return .noContent(.init())
    }

    /// The session cookie: HttpOnly, SameSite=Strict, Path=/, Secure behind TLS.
    func sessionCookie(value: String, maxAge: Int) -> String {
        let secure = settings.secureCookies || RequestScope.current.forwardedHTTPS
        return Cookie(name: RequestScope.sessionCookieName, value: value, maxAge: max(0, maxAge), path: "/", secure: secure,
            httpOnly: true, sameSite: .strict).description
    }
}
