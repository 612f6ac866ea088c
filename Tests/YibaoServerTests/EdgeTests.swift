import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import YibaoPlatform

@testable import YibaoServer

/// A help service that fails the way a bug would: with an untyped error.
struct BrokenHelpService: HelpService {
    struct Boom: Error {}
    func search(_ query: String, limit: Int) throws -> Components.Schemas.HelpSearchResult { throw Boom() }
    func article(id: String) throws -> Components.Schemas.HelpArticle { throw Boom() }
    func related(id: String) throws -> [Components.Schemas.RelatedItem] { throw Boom() }
    func ask(_ question: String, person: String?) throws -> Components.Schemas.AskAnswer { throw Boom() }
}

@Suite("Edge: errors, spec, metrics, health, public help, log masking")
struct EdgeTests {
    @Test func anUnknownRouteIsAJson404() async throws {
        try await withServer { client, _ in
            let r = try await client.get("/api/v1/nothing-here")
            #expect(r.status == .notFound)
            #expect(r.code == "not_found")
        }
    }

    @Test func anInternalFaultIsABare500WithARequestId() async throws {
        try await withServer(help: BrokenHelpService()) { client, _ in
            let r = try await client.get("/api/v1/help/search?q=%E5%8C%BB%E4%BF%9D")
            #expect(r.status == .internalServerError)
            let body = try r.json()
            #expect(body["code"] as? String == "internal_error")
            #expect((body["request_id"] as? String)?.isEmpty == false)
            #expect(body["request_id"] as? String == r.headers[.init("X-Request-Id")!])
            #expect(!String(buffer: r.body).contains("Boom"))
        }
    }

    @Test func theSpecIsServedAndDescribesTheApi() async throws {
        try await withServer { client, _ in
            let r = try await client.get("/openapi.yaml")
            #expect(r.status == .ok)
            let text = String(buffer: r.body)
            #expect(text.hasPrefix("openapi: 3.1"))
            #expect(text.contains("/api/v1/institution/settlements/{setl_id}/cancel"))
        }
    }

    @Test func healthAndMetricsAnswer() async throws {
        try await withServer { client, _ in
            let health = try await client.get("/api/v1/health")
            #expect(health.status == .ok)
            #expect(try health.json()["status"] as? String == "ok")
            #expect(health.headers[.init("X-Content-Type-Options")!] == "nosniff")
            let metrics = try await client.get("/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
        }
    }

    /// Refusals are answers too: a 401 from a hot route, a 400 from a generated one, a 404 for an unknown path and an
    /// internal error all carry the headers a 200 does (they once went out without them: the error left
    /// `EdgeMiddleware` before it added them).
    @Test func refusalsCarryTheSecurityHeaders() async throws {
        try await withServer(help: BrokenHelpService()) { client, _ in
            let refusals = [
                try await client.get("/api/v1/me/balance"),
                try await client.get("/api/v1/help/search"),
                try await client.get("/api/v1/no-such-thing"),
                try await client.get("/api/v1/help/search?q=%E5%8C%BB%E4%BF%9D"),
            ]
            #expect(refusals.map(\.status.code) == [401, 400, 404, 500])
            for r in refusals {
                #expect(r.headers[.init("X-Content-Type-Options")!] == "nosniff")
                #expect(r.headers[.init("X-Frame-Options")!] == "DENY")
                #expect(r.headers[.init("Referrer-Policy")!] == "no-referrer")
                #expect(r.headers[.cacheControl] == "no-store")
                #expect(r.headers[.init("X-Request-Id")!]?.isEmpty == false)
            }
        }
    }

    @Test func publicHelpSearchesWithinItsLimits() async throws {
        try await withServer { client, _ in
            let ok = try await client.get("/api/v1/help/search?q=%E4%BD%99%E9%A2%9D&limit=5")
            #expect(ok.status == .ok)
            #expect(try ok.json()["hits"] as? [Any] != nil)
            let long = String(repeating: "a", count: 201)
            let tooLong = try await client.get("/api/v1/help/search?q=\(long)")
            #expect(tooLong.status == .unprocessableContent)
            #expect(tooLong.code == "query_too_long")
            #expect(try await client.get("/api/v1/help/search?q=a&limit=51").status == .unprocessableContent)
            #expect(try await client.get("/api/v1/help/search").status == .badRequest)
            #expect(try await client.get("/api/v1/help/articles/balance-dash-check-steps").status == .notFound)
            #expect(try await client.get("/api/v1/help/articles/x/related").status == .notFound)
        }
    }

    @Test func thePublicAskNeverPassesAPerson() async throws {
        struct Recording: HelpService {
            func search(_ query: String, limit: Int) throws -> Components.Schemas.HelpSearchResult { .init(query: query, hits: []) }
            func article(id: String) throws -> Components.Schemas.HelpArticle { throw APIError.helpNotAvailable }
            func related(id: String) throws -> [Components.Schemas.RelatedItem] { [] }
            func ask(_ question: String, person: String?) throws -> Components.Schemas.AskAnswer {
                .init(question: question, region: nil, kind: person == nil ? .article : .personal, shortAnswer: person ?? "-",
                    points: [], sources: [], related: [])
            }
        }
        try await withServer(help: Recording()) { client, f in
            let session = try await client.signIn(Demo.zhangWei)
            let open = try await client.post("/api/v1/help/ask", json: ["question": "余额"], headers: session.headers(unsafe: true))
            #expect(try open.json()["kind"] as? String == "article")
            let mine = try await client.post("/api/v1/me/ask", json: ["question": "余额"], headers: session.headers(unsafe: true))
            #expect(try mine.json()["short_answer"] as? String == f.psnNo(Demo.zhangWei))
            let empty = try await client.post("/api/v1/help/ask", json: ["question": "  "])
            #expect(empty.status == .badRequest)
        }
    }

    @Test func headerValuesAreReadAsHTTPDefinesThem() {
        #expect(HeaderText.afterPrefix("Bearer abc", "bearer ") == "abc")
        #expect(HeaderText.afterPrefix("bEaReR \t abc.def \t", "bearer ") == "abc.def")
        #expect(HeaderText.afterPrefix("Bearer ", "bearer ") == nil)
        #expect(HeaderText.afterPrefix("Bearer    ", "bearer ") == nil)
        #expect(HeaderText.afterPrefix("Basic abc", "bearer ") == nil)
        #expect(HeaderText.afterPrefix("Bear", "bearer ") == nil)
        #expect(HeaderText.afterPrefix("Bearerabc", "bearer ") == nil)
        #expect(HeaderText.equalsIgnoringCase(" Application/JSON ", "application/json"))
        #expect(HeaderText.equalsIgnoringCase("application/json", "application/json"))
        #expect(!HeaderText.equalsIgnoringCase("application/jsonx", "application/json"))
        #expect(!HeaderText.equalsIgnoringCase("text/plain", "application/json"))
        #expect(!HeaderText.equalsIgnoringCase("", "application/json"))
        #expect(HeaderText.trimmed("  \t ") == "")
        #expect(HeaderText.trimmed("医保 ") == "医保")
        // Only ASCII letters fold: a non-ASCII byte never equals an ASCII one.
        #expect(!HeaderText.equalsIgnoringCase("ｈttps", "https"))
    }

    @Test func aContentTypeWithParametersOrOtherCaseIsJSONAndABearerTokenAnyCase() async throws {
        try await withServer { client, fixture in
            let psnNo = fixture.psnNo(Demo.zhangWei)
            for type in ["application/json", "Application/JSON; charset=utf-8", " application/json ;charset=UTF-8"] {
                var headers = bearer(fixture.institution)
                headers[.contentType] = type
                let r = try await client.post("/api/v1/institution/pre-settlements", json: demoBill(psnNo: psnNo), headers: headers)
                #expect(r.status == .ok, "\(type)")
            }
            var lower = bearer(fixture.institution)
            lower[.authorization] = "bearer  \(fixture.institution) "
            let r = try await client.post("/api/v1/institution/pre-settlements", json: demoBill(psnNo: psnNo), headers: lower)
            #expect(r.status == .ok)
            for type in ["text/plain", "application/jsonx", "application/json-seq"] {
                var headers = bearer(fixture.institution)
                headers[.contentType] = type
                let refused = try await client.post("/api/v1/institution/pre-settlements", json: demoBill(psnNo: psnNo), headers: headers)
                #expect(refused.status == .badRequest, "\(type)")
                #expect(refused.code == "request_invalid")
            }
        }
    }

    @Test func logsMaskIdNumbersAndPhoneNumbers() {
        #expect(LogMasking.mask("/api/v1/institution/persons/44030319850312017X") == "/api/v1/institution/persons/440303********017X")
        #expect(LogMasking.mask("phone 13800138000 ok") == "phone 138****8000 ok")
        #expect(LogMasking.mask("/api/v1/institution/persons/4403000000000001") == "/api/v1/institution/persons/4403000000000001")
    }
}
