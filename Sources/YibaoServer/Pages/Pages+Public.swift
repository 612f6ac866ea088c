import Foundation
import Hummingbird
import YibaoPlatform

/// The pages anyone can open: home, sign-in and sign-out.
extension Pages {
    func registerPublic(on router: Router<AppRequestContext>) {
        route(router, .get, "/") { request, _ in try await home(request) }
        route(router, .get, "/login") { request, _ in try signInPage(request) }
        route(router, .post, "/login") { request, _ in try await signIn(request) }
        route(router, .post, "/logout") { request, _ in try await signOut(request) }
        registerHelp(on: router)
    }

    struct HomeModel {
        let name: String?
        let queryMax: Int
    }

    func home(_ request: Request) async throws -> Response {
        let person = try gate.person(request)
        let chrome = try chrome("医保服务", current: "/", person: person)
        return renderer.page(.home, HomeModel(name: chrome.who, queryMax: settings.queryCharactersMax), chrome: chrome)
    }

    struct SignInModel {
        let csrf: String
        let next: String
        let idNumber: String
        let error: String?
        let failuresMax: Int
        let lockMinutes: Int64
    }

    func signInPage(_ request: Request) throws -> Response {
        let next = PageText.localPath(request.uri.queryParameters.get("next") ?? "", default: "/me")
        if try gate.person(request) != nil { return PageRenderer.seeOther(next) }
        return signInForm(request, next: next, idNumber: "", error: nil, status: .ok)
    }

    func signInForm(_ request: Request, next: String, idNumber: String, error: String?, status: HTTPResponse.Status)
        -> Response
    {
        let (csrf, cookie) = gate.anonymousFormToken(request)
        let model = SignInModel(csrf: csrf, next: next, idNumber: idNumber, error: error,
            failuresMax: Platform.signInFailuresMax, lockMinutes: Platform.loginLockSeconds / 60)
        return renderer.page(.login, model, chrome: PageChrome(title: "登录", current: "/me"), status: status,
            cookies: cookie.map { [$0] } ?? [])
    }

    /// Signs in through the platform, with the API's lockout rules, and sets the API's session cookie.
    func signIn(_ request: Request) async throws -> Response {
        let form = try await PageForm.read(request, bytesMax: settings.requestBodyBytesMax)
        try gate.checkAnonymous(form, request)
        let next = PageText.localPath(form["next"], default: "/me")
        // The ID number is shown again after a failure; the password never is.
        let idNumber = String(form["idNumber"].prefix(18))
        let password = form["password"]
        let platform = self.platform
        let hasher = self.hasher
        let now = self.now
        do {
            // PBKDF2 takes ~0.2 s by design: off the request threads, as in the API.
            let result = try await Blocking.run { try platform.signIn(idNumber: idNumber, password: password, at: now, hasher: hasher) }
            return PageRenderer.seeOther(next, cookies: [gate.sessionCookie(result.token, maxAge: Int(result.expiresAt - now))])
        } catch let error as AuthError {
            return signInForm(request, next: next, idNumber: idNumber, error: error.message, status: ErrorMapping.status(of: error))
        }
    }

    /// Ends the session (a live one must show its CSRF token) and clears the cookie.
    func signOut(_ request: Request) async throws -> Response {
        if let person = try gate.person(request) {
            let form = try await PageForm.read(request, bytesMax: settings.requestBodyBytesMax)
            try PageGuard.check(form, expected: person.csrf)
            let platform = self.platform
            let now = self.now
            try await Blocking.run { try platform.signOut(session: person.token, at: now) }
        }
        return PageRenderer.seeOther("/", cookies: [gate.sessionCookie("", maxAge: 0)])
    }
}
