import Crypto
import Foundation
import Hummingbird
import Synchronization

/// What the edge learned about a request before a handler runs: the credentials it carries (not yet
/// checked) and its id. OpenAPI handlers do not see the Hummingbird context, so a middleware puts this in a
/// task-local value for the duration of the request.
struct RequestScope: Sendable {
    var requestId = ""
    var sessionToken: String?
    var bearerToken: String?
    var csrfHeader: String?
    /// POST, PUT, PATCH, DELETE: a cookie-authenticated one needs the CSRF header.
    var unsafeMethod = false
    /// TLS was terminated in front of us (`X-Forwarded-Proto: https`): cookies get `Secure`.
    var forwardedHTTPS = false
    /// What a handler asks the edge to add to its answer.
    var effects = ResponseEffects()

    @TaskLocal static var current = RequestScope()

    static let sessionCookieName = "yibao_session"

    /// The CSRF token of a session: derived from the session token, so nothing more is stored, and only
    /// someone who can read the (HttpOnly) cookie or the sign-in answer can know it.
    static func csrfToken(forSession token: String) -> String {
        Data(SHA256.hash(data: Data(("csrf:" + token).utf8))).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Constant-time comparison of two short strings.
    static func equalInConstantTime(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for (p, q) in zip(x, y) { difference |= p ^ q }
        return difference == 0
    }
}

/// The request context: Hummingbird's core storage and nothing else (dependencies reach routes through
/// their initialisers, the per-request scope through `RequestScope`).
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: Source) {
        coreContext = .init(source: source)
    }
}

/// A `Set-Cookie` value a handler wants on its answer. The generated code would percent-encode a header
/// declared in the spec, which breaks cookie syntax, so the edge sets this one itself.
final class ResponseEffects: Sendable {
    private let cookie = Mutex<String?>(nil)

    var setCookie: String? {
        get { cookie.withLock { $0 } }
        set { cookie.withLock { $0 = newValue } }
    }
}
