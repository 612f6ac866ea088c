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
        if let auth = request.headers[.authorization], auth.count > 7, auth.prefix(7).lowercased() == "bearer " {
            scope.bearerToken = String(auth.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        }
        scope.csrfHeader = request.headers[HeaderName.csrfToken]
        scope.forwardedHTTPS = request.headers[HeaderName.forwardedProto]?.lowercased() == "https"
        var response = try await RequestScope.$current.withValue(scope) { try await next(request, context) }
        if let cookie = scope.effects.setCookie { response.headers[.setCookie] = cookie }
        response.headers[HeaderName.requestId] = context.id
        response.headers[.init("X-Content-Type-Options")!] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        response.headers[.cacheControl] = response.headers[.cacheControl] ?? "no-store"
        return response
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
