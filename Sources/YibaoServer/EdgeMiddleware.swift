import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Reads the credentials a request carries into `RequestScope` (checking them is the handlers' job, through
/// `Authenticator`), enforces the body limit, and adds the security headers to every answer.
struct EdgeMiddleware<Context: RequestContext>: RouterMiddleware {
    let requestBodyBytesMax: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        let method = request.method
        let unsafe = method == .post || method == .put || method == .patch || method == .delete
        if unsafe {
            if let length = request.headers[.contentLength].flatMap(Int.init), length > requestBodyBytesMax {
                throw APIError.bodyTooLarge(max: requestBodyBytesMax)
            }
            do {
                _ = try await request.collectBody(upTo: requestBodyBytesMax)
            } catch let error as HTTPError where error.status == .contentTooLarge {
                throw APIError.bodyTooLarge(max: requestBodyBytesMax)
            }
        }
        var scope = RequestScope()
        scope.requestId = context.id
        scope.unsafeMethod = unsafe
        scope.sessionToken = request.cookies[RequestScope.sessionCookieName]?.value
        if let auth = request.headers[.authorization], let token = HeaderText.afterPrefix(auth, "bearer ") {
            scope.bearerToken = token
        }
        scope.csrfHeader = request.headers[HeaderName.csrfToken]
        scope.forwardedHTTPS = request.headers[HeaderName.forwardedProto].map { HeaderText.equalsIgnoringCase($0, "https") } ?? false
        var response = try await RequestScope.$current.withValue(scope) { try await next(request, context) }
        if let cookie = scope.effects.setCookie { response.headers[.setCookie] = cookie }
        response.headers[HeaderName.requestId] = context.id
        SecurityHeaders.add(to: &response.headers)
        return response
    }
}

/// The headers every answer carries, refusals included: `EdgeMiddleware` adds them to what the handlers answer,
/// and `ErrorMiddleware.response` to its refusals (an error thrown inside `EdgeMiddleware`'s `next` never comes
/// back through it, so a 400 or 401 went out without them).
enum SecurityHeaders {
    static func add(to headers: inout HTTPFields) {
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        headers[.init("X-Frame-Options")!] = "DENY"
        headers[.init("Referrer-Policy")!] = "no-referrer"
        headers[.cacheControl] = headers[.cacheControl] ?? "no-store"
    }
}

/// Header values read without Foundation: they are ASCII in practice, and `trimmingCharacters` bridged every
/// one to an `NSString` (a few percent of a request). Whitespace around a header value is optional whitespace
/// (OWS: spaces and tabs, RFC 9110 §5.6.3), which is all that is trimmed here.
enum HeaderText {
    /// `text` without leading and trailing spaces and tabs.
    static func trimmed<S: StringProtocol>(_ text: S) -> Substring {
        let s = Substring(text)
        let utf8 = s.utf8
        guard let first = utf8.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return s[s.endIndex...] }
        let last = utf8.lastIndex(where: { $0 != 0x20 && $0 != 0x09 })!
        return s[first...last]
    }

    /// The trimmed rest of `text` after `prefix` (matched ASCII-case-insensitively), or nil if it does not start
    /// with it or nothing follows.
    static func afterPrefix(_ text: String, _ prefix: String) -> String? {
        var rest = text.utf8[...]
        for expected in prefix.utf8 {
            guard let byte = rest.first, lowercased(byte) == expected else { return nil }
            rest = rest.dropFirst()
        }
        let value = trimmed(Substring(rest))
        return value.isEmpty ? nil : String(value)
    }

    /// Whether `text`, trimmed, equals `lower` (lower-case ASCII) ignoring ASCII case.
    static func equalsIgnoringCase<S: StringProtocol>(_ text: S, _ lower: String) -> Bool {
        let t = trimmed(text).utf8
        return t.count == lower.utf8.count && zip(t, lower.utf8).allSatisfy { lowercased($0.0) == $0.1 }
    }

    @inline(__always) static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}

/// Header names the edge reads.
enum HeaderName {
    static let csrfToken = HTTPField.Name("X-CSRF-Token")!
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    static let requestId = HTTPField.Name("X-Request-Id")!
}

/// One log line per request: method, path (ID and phone numbers masked), status, duration, request id. No
/// query strings or bodies, which may carry names or questions.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        if logger.logLevel <= .info {
            let elapsed = ContinuousClock.now - start
            let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
            logger.info("request", metadata: [
                "request.id": .string(context.id), "method": .string(request.method.rawValue),
                "path": .string(LogMasking.mask(request.uri.path)), "status": .stringConvertible(response.status.code),
                "ms": .string(String(format: "%.2f", ms)),
            ])
        }
        return response
    }
}
