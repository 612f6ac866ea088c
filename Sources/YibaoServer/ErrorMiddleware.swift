import Foundation
import Hummingbird
import Logging
import OpenAPIRuntime
import YibaoCore

/// Turns every error into a JSON answer: typed errors into 4xx `{ code, message }` (statuses from
/// `ErrorMapping`), malformed requests into 400, anything else into a bare 500 that names only the request
/// id, with the detail in the log. Never a stack trace or an internal message in a body.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let (status, code, message) = classify(error)
            if status == .internalServerError {
                // The underlying error only: a ServerError's own description repeats the request's input.
                let underlying = (error as? ServerError).map { "\($0.operationID): \($0.underlyingError)" } ?? "\(error)"
                logger.error("internal error", metadata: [
                    "request.id": .string(context.id), "path": .string(LogMasking.mask(request.uri.path)),
                    "error": .string(LogMasking.mask(underlying)),
                ])
            }
            return ErrorMiddleware.response(status: status, code: code, message: message, requestId: context.id)
        }
    }

    func classify(_ error: any Error) -> (HTTPResponse.Status, String, String) {
        if let e = error as? ServerError {
            if let typed = e.underlyingError as? any YibaoError { return describe(typed) }
            if let http = e.underlyingError as? HTTPError { return describe(http) }
            if (400..<500).contains(e.httpStatus.code) {
                return (.badRequest, "request_invalid", APIError.requestInvalid(ErrorMiddleware.reason(e)).message)
            }
            return internalError
        }
        if let typed = error as? any YibaoError { return describe(typed) }
        if let http = error as? HTTPError { return describe(http) }
        return internalError
    }

    var internalError: (HTTPResponse.Status, String, String) {
        (.internalServerError, "internal_error", "服务器内部错误，请稍后重试，并提供请求编号。")
    }

    func describe(_ e: any YibaoError) -> (HTTPResponse.Status, String, String) {
        let status = ErrorMapping.status(of: e)
        return status == .internalServerError ? internalError : (status, e.code, e.message)
    }

    func describe(_ e: HTTPError) -> (HTTPResponse.Status, String, String) {
        switch e.status {
        case .notFound: return describe(APIError.routeNotFound)
        case .contentTooLarge: return describe(APIError.bodyTooLarge(max: 0))
        case .methodNotAllowed: return (.methodNotAllowed, "method_not_allowed", "该接口不支持这种请求方法。")
        case let s where (400..<500).contains(s.code): return (s, "request_invalid", APIError.requestInvalid(s.reasonPhrase).message)
        default: return internalError
        }
    }

    /// A short, safe reason for a malformed request (which header, parameter or field), without values.
    static func reason(_ e: ServerError) -> String {
        switch e.underlyingError {
        case let d as DecodingError:
            switch d {
            case .keyNotFound(let key, _): return "缺少字段 \(key.stringValue)"
            case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
                let path = c.codingPath.map(\.stringValue).joined(separator: ".")
                return path.isEmpty ? "JSON 无法解析" : "字段 \(path) 的值无效"
            @unknown default: return "JSON 无法解析"
            }
        default:
            let cause = e.causeDescription
            return cause.count <= 200 ? cause : String(cause.prefix(200))
        }
    }

    static func response(status: HTTPResponse.Status, code: String, message: String, requestId: String) -> Response {
        // Written directly (keys sorted, as before): refusals are frequent, and Foundation's serializer was most
        // of the cost of answering one.
        var json = JSONText()
        json.beginObject()
        json.string("code", code)
        json.string("message", message)
        if status == .internalServerError { json.string("request_id", requestId) }
        json.endObject()
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.init("X-Request-Id")!] = requestId
        SecurityHeaders.add(to: &headers)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: json.text)))
    }
}
