import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import YibaoPlatform

@testable import YibaoServer

/// Every protected endpoint, tried with no credentials, the wrong kind of credentials, and a token of the
/// wrong region: none of them may answer with data.
@Suite("Authorisation matrix")
struct AuthorisationMatrixTests {
    struct Endpoint: Sendable {
        let method: HTTPRequest.Method
        let path: String
        let body: Data?

        init(method: HTTPRequest.Method, path: String, body: [String: Any]?) {
            self.method = method
            self.path = path
            self.body = body.flatMap { try? JSONSerialization.data(withJSONObject: $0) }
        }
    }

    /// Endpoints of the insured person (session cookie).
    static func personEndpoints(_ f: Fixture) -> [Endpoint] {
        [
            Endpoint(method: .get, path: "/api/v1/me", body: nil),
            Endpoint(method: .get, path: "/api/v1/me/balance", body: nil),
            Endpoint(method: .get, path: "/api/v1/me/statement", body: nil),
            Endpoint(method: .get, path: "/api/v1/me/family", body: nil),
            Endpoint(method: .post, path: "/api/v1/me/family", body: ["relative": f.psnNo(Demo.liNa), "relation": "配偶"]),
            Endpoint(method: .delete, path: "/api/v1/me/family/1", body: nil),
            Endpoint(method: .post, path: "/api/v1/me/estimate", body: demoBill()),
            Endpoint(method: .post, path: "/api/v1/me/ask", body: ["question": "余额"]),
            Endpoint(method: .post, path: "/api/v1/session/password", body: ["currentPassword": "x", "newPassword": "new-password"]),
        ]
    }

    /// Endpoints of institutions (bearer token, role institution), about a 深圳 person or settlement.
    static func institutionEndpoints(_ f: Fixture, setlId: String) -> [Endpoint] {
        let p = f.psnNo(Demo.zhangWei)
        return [
            Endpoint(method: .post, path: "/api/v1/institution/pre-settlements", body: demoBill(psnNo: p)),
            Endpoint(method: .post, path: "/api/v1/institution/settlements", body: demoBill(psnNo: p)),
            Endpoint(method: .get, path: "/api/v1/institution/settlements/\(setlId)", body: nil),
            Endpoint(method: .post, path: "/api/v1/institution/settlements/\(setlId)/cancel", body: [:]),
            Endpoint(method: .get, path: "/api/v1/institution/persons/\(p)", body: nil),
            Endpoint(method: .get, path: "/api/v1/institution/persons/\(p)/cumulative", body: nil),
        ]
    }

    /// Endpoints of operators (bearer token, role operator), about a 深圳 person.
    static func operatorEndpoints(_ f: Fixture, jobId: Int64) -> [Endpoint] {
        let p = f.psnNo(Demo.zhengLei)
        return [
            Endpoint(method: .post, path: "/api/v1/operator/persons", body: [
                "idNumber": DemoSeed.idNumber(prefix: "440305", birth: "1990-01-01", sequence: 77), "name": "某人", "region": "440300",
                "insuranceType": "310", "tier": "1", "personType": "in_service", "base": "9000.00", "start": "2025-12-01",
            ]),
            Endpoint(method: .get, path: "/api/v1/operator/persons/\(p)", body: nil),
            Endpoint(method: .get, path: "/api/v1/operator/persons/\(p)/balance", body: nil),
            Endpoint(method: .post, path: "/api/v1/operator/persons/\(p)/insurance-changes", body: ["effective": "2025-12-20", "base": "7000.00"]),
            Endpoint(method: .post, path: "/api/v1/operator/persons/\(p)/account-status", body: ["status": "frozen"]),
            Endpoint(method: .post, path: "/api/v1/operator/persons/\(p)/contributions", body: ["month": "2025-12"]),
            Endpoint(method: .post, path: "/api/v1/operator/persons/\(p)/back-payments", body: ["from": "2025-01", "to": "2025-12"]),
            Endpoint(method: .post, path: "/api/v1/operator/persons/\(p)/password", body: ["password": "another-pass"]),
            Endpoint(method: .post, path: "/api/v1/operator/crediting-jobs", body: ["month": "2025-12"]),
            Endpoint(method: .get, path: "/api/v1/operator/crediting-jobs/\(jobId)", body: nil),
            Endpoint(method: .get, path: "/api/v1/operator/audit", body: nil),
        ]
    }

    func call(_ client: any TestClientProtocol, _ e: Endpoint, headers: HTTPFields) async throws -> TestResponse {
        var h = headers
        h[.contentType] = "application/json"
        h[.init("Idempotency-Key")!] = "matrix-\(UUID().uuidString)"
        let body = e.body.map { ByteBuffer(bytes: $0) }
        return try await client.execute(uri: e.path, method: e.method, headers: h, body: body)
    }

    /// A 深圳 settlement and a 深圳 crediting job to aim at.
    func targets(_ f: Fixture) throws -> (String, Int64) {
        let bill = try JSONSerialization.data(withJSONObject: demoBill())
        let setl = try f.platform.settle(person: f.psnNo(Demo.zhangWei), bill: bill, key: "matrix-setl").setl_id
        let job = try f.platform.createCreditingJob(month: "2025-11", region: "440300", requestedBy: nil, at: f.clock.now)
        return (setl, job.id ?? 0)
    }

    @Test func withoutCredentialsEveryProtectedEndpointIs401() async throws {
        try await withServer { client, f in
            let (setl, job) = try targets(f)
            for e in Self.personEndpoints(f) + Self.institutionEndpoints(f, setlId: setl) + Self.operatorEndpoints(f, jobId: job) {
                let r = try await call(client, e, headers: [:])
                #expect(r.status == .unauthorized, "\(e.method) \(e.path) answered \(r.status)")
            }
        }
    }

    @Test func aBadSessionOrTokenIs401() async throws {
        try await withServer { client, f in
            let (setl, job) = try targets(f)
            for e in Self.personEndpoints(f) {
                let r = try await call(client, e, headers: [.cookie: "yibao_session=yss_forged"])
                #expect(r.status == .unauthorized, "\(e.method) \(e.path) answered \(r.status)")
            }
            for e in Self.institutionEndpoints(f, setlId: setl) + Self.operatorEndpoints(f, jobId: job) {
                let r = try await call(client, e, headers: [.authorization: "Bearer yit_forged"])
                #expect(r.status == .unauthorized, "\(e.method) \(e.path) answered \(r.status)")
            }
        }
    }

    @Test func aSessionDoesNotOpenTokenEndpointsNorATokenPersonEndpoints() async throws {
        try await withServer { client, f in
            let (setl, job) = try targets(f)
            let session = try await client.signIn(Demo.zhangWei)
            for e in Self.institutionEndpoints(f, setlId: setl) + Self.operatorEndpoints(f, jobId: job) {
                let r = try await call(client, e, headers: session.headers(unsafe: true))
                #expect(r.status == .unauthorized, "\(e.method) \(e.path) answered \(r.status)")
            }
            for e in Self.personEndpoints(f) {
                let r = try await call(client, e, headers: [.authorization: "Bearer \(f.institution)"])
                #expect(r.status == .unauthorized, "\(e.method) \(e.path) answered \(r.status)")
            }
        }
    }

    @Test func theWrongRoleIs403() async throws {
        try await withServer { client, f in
            let (setl, job) = try targets(f)
            for e in Self.institutionEndpoints(f, setlId: setl) {
                let r = try await call(client, e, headers: [.authorization: "Bearer \(f.operatorToken)"])
                #expect(r.status == .forbidden, "\(e.method) \(e.path) answered \(r.status)")
                #expect(r.code == "role_forbidden")
            }
            for e in Self.operatorEndpoints(f, jobId: job) {
                let r = try await call(client, e, headers: [.authorization: "Bearer \(f.institution)"])
                #expect(r.status == .forbidden, "\(e.method) \(e.path) answered \(r.status)")
            }
        }
    }

    @Test func theWrongRegionIs403OrNotFound() async throws {
        try await withServer { client, f in
            let (setl, job) = try targets(f)
            for e in Self.institutionEndpoints(f, setlId: setl) {
                let r = try await call(client, e, headers: [.authorization: "Bearer \(f.beijingInstitution)"])
                #expect(r.status == .forbidden || r.status == .notFound, "\(e.method) \(e.path) answered \(r.status)")
            }
            // Crediting jobs and the audit are the region's own: a 北京 operator starts a 北京 job and audits.
            let regionScoped = Self.operatorEndpoints(f, jobId: job).filter {
                !$0.path.hasSuffix("/crediting-jobs") && !$0.path.hasSuffix("/audit")
            }
            for e in regionScoped {
                let r = try await call(client, e, headers: [.authorization: "Bearer \(f.beijingOperator)"])
                #expect(r.status == .forbidden || r.status == .notFound, "\(e.method) \(e.path) answered \(r.status)")
            }
            #expect(try f.platform.settlementOutput(setlId: setl).0.reversesSetlId == nil)
            #expect(try f.platform.operatorReads(person: f.psnNo(Demo.zhengLei)).isEmpty)
        }
    }

    @Test func aPersonSeesOnlyTheirOwnRecords() async throws {
        try await withServer { client, f in
            let li = try await client.signIn(Demo.liNa)
            let me = try await client.get("/api/v1/me", headers: li.headers())
            #expect(try me.json()["psn_no"] as? String == f.psnNo(Demo.liNa))
            #expect(!String(buffer: me.body).contains("张伟"))
            let family = try await client.get("/api/v1/me/family", headers: li.headers())
            #expect((try family.json()["grants"] as? [Any])?.isEmpty == true)
            // Query parameters cannot point a session at someone else.
            let other = try await client.get("/api/v1/me/balance?psn_no=\(f.psnNo(Demo.zhangWei))", headers: li.headers())
            #expect(try other.json()["psn_no"] as? String == f.psnNo(Demo.liNa))
        }
    }
}
