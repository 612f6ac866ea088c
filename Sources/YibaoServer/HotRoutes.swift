import Foundation
import HTTPTypes
import Hummingbird
import OpenAPIHummingbird
import OpenAPIRuntime
import YibaoPlatform
import YibaoSettlement

/// The two hottest operations of the API, served by plain Hummingbird routes instead of the generated
/// server code: `GET /api/v1/me/balance` (every visit of 我的医保) and `POST /api/v1/institution/pre-settlements`
/// (every bill a hospital prices); and `GET /api/v1/health`, the benchmark's reference, which must be the
/// bare JSON answer it claims to be, not one that pays the generated code's costs the others no longer pay. The generated code decodes the body into its types, the handler encodes
/// them back to JSON for the platform, and the answer is converted and encoded again through Foundation's
/// coders; here the body's bytes go to the platform as they came and the answer is the platform's own JSON
/// text (the balance's is cached with the view). Same paths, same checks (`Authenticator`), same errors
/// (`ErrorMiddleware`), and answers that match `openapi.yaml` (schemathesis checks them like the others).
struct HotRoutes<Help: HelpService> {
    let api: APIHandler<Help>

    /// Operations registered here, which the generated registration skips (`"METHOD /path"`).
    static var operations: Set<String> {
        ["GET /api/v1/health", "GET /api/v1/me/balance", "POST /api/v1/institution/pre-settlements"]
    }

    func register(on router: Router<AppRequestContext>) {
        let api = self.api
        router.get("/api/v1/health") { _, _ in HotRoutes.json("{\"status\":\"ok\"}") }
        router.get("/api/v1/me/balance") { _, _ in
            let me = try api.auth.person()
            return HotRoutes.json(try api.cache.balanceJSON(person: me.psnNo, platform: api.platform))
        }
        router.post("/api/v1/institution/pre-settlements") { request, _ in
            var request = request
            try HotRoutes.checkJSONContentType(request)
            // `EdgeMiddleware` has already collected the body within the size limit.
            let body = try await request.collectBody(upTo: api.settings.requestBodyBytesMax)
            // The bill is read once: for its person here, and by the platform for the rest.
            let object = body.readableBytes <= Bill.jsonBytesMax ? Bill.jsonObject(Data(body.readableBytesView)) : nil
            let psnNo = try HotRoutes.personNumber(in: object)
            let token = try api.auth.token(.institution)
            return HotRoutes.json(utf8: try api.platform.estimate(person: psnNo, billObject: object, inRegion: token.region).jsonUTF8)
        }
    }

    /// A 200 answer with a JSON body, typed as the generated code types it.
    static func json(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The same with the body as UTF-8 bytes.
    static func json(utf8: [UInt8]) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: utf8)))
    }

    /// The request body must be JSON (a missing Content-Type is taken as JSON, as the generated code does).
    static func checkJSONContentType(_ request: Request) throws {
        guard let type = request.headers[.contentType] else { return }
        let essence = type.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard HeaderText.equalsIgnoringCase(essence, "application/json") else { throw APIError.requestInvalid("需要 JSON") }
    }

    /// `psn_no` of an institution's bill (`InstitutionBill`): required, a string of 1–32 characters.
    static func personNumber(in object: [String: Any]?) throws -> String {
        guard let object else { throw APIError.requestInvalid("JSON 无法解析") }
        guard let value = object["psn_no"] else { throw APIError.requestInvalid("缺少字段 psn_no") }
        guard let psnNo = value as? String, (1...32).contains(psnNo.count) else {
            throw APIError.requestInvalid("字段 psn_no 的值无效")
        }
        return psnNo
    }
}

/// Registers the generated operations on the router, except those `HotRoutes` serves.
struct GeneratedRoutes: ServerTransport {
    let router: Router<AppRequestContext>
    let skipped: Set<String>

    func register(
        _ handler: @escaping @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?),
        method: HTTPRequest.Method, path: String
    ) throws {
        guard !skipped.contains("\(method.rawValue) \(path)") else { return }
        router.register(handler, method: method, path: path)
    }
}
