import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import YibaoPlatform

@testable import YibaoServer

@Suite("Sign-in, sign-out and passwords")
struct SessionRouteTests {
    @Test func signingInSetsAnHttpOnlyStrictCookieAndReturnsTheCsrfToken() async throws {
        try await withServer { client, fixture in
            let response = try await client.post("/api/v1/session", json: ["idNumber": Demo.zhangWei, "password": DemoSeed.password])
            #expect(response.status == .ok)
            let cookie = try #require(response.headers[.setCookie])
            #expect(cookie.contains("yibao_session="))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(!cookie.contains("Secure"))
            let body = try response.json()
            #expect(body["psn_no"] as? String == fixture.psnNo(Demo.zhangWei))
            #expect((body["csrfToken"] as? String)?.isEmpty == false)
        }
    }

    @Test func theCookieIsSecureBehindTls() async throws {
        try await withServer { client, _ in
            let response = try await client.post("/api/v1/session", json: ["idNumber": Demo.zhangWei, "password": DemoSeed.password],
                headers: [.contentType: "application/json", .init("X-Forwarded-Proto")!: "https"])
            #expect(response.headers[.setCookie]?.contains("Secure") == true)
        }
    }

    @Test func aWrongPasswordAndAnUnknownIdNumberGetTheSame401() async throws {
        try await withServer { client, _ in
            let wrong = try await client.post("/api/v1/session", json: ["idNumber": Demo.zhangWei, "password": "not-the-password"])
            let unknown = try await client.post("/api/v1/session", json: ["idNumber": "110101199001011237", "password": "whatever1"])
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            #expect(wrong.code == "sign_in_failed")
            #expect(try wrong.json()["message"] as? String == unknown.json()["message"] as? String)
        }
    }

    @Test func fiveFailuresLockTheLoginForFifteenMinutesEvenWithTheRightPassword() async throws {
        try await withServer { client, fixture in
            for attempt in 1...4 {
                let r = try await client.post("/api/v1/session", json: ["idNumber": Demo.liNa, "password": "wrong-\(attempt)"])
                #expect(r.status == .unauthorized)
            }
            let fifth = try await client.post("/api/v1/session", json: ["idNumber": Demo.liNa, "password": "wrong-5"])
            #expect(fifth.status == .tooManyRequests)
            #expect(fifth.code == "login_locked")
            let right = try await client.post("/api/v1/session", json: ["idNumber": Demo.liNa, "password": DemoSeed.password])
            #expect(right.status == .tooManyRequests)
            fixture.clock.advance(seconds: 15 * 60 - 1)
            let stillLocked = try await client.post("/api/v1/session", json: ["idNumber": Demo.liNa, "password": DemoSeed.password])
            #expect(stillLocked.status == .tooManyRequests)
            fixture.clock.advance(seconds: 1)
            let unlocked = try await client.post("/api/v1/session", json: ["idNumber": Demo.liNa, "password": DemoSeed.password])
            #expect(unlocked.status == .ok)
        }
    }

    @Test func aSuccessfulSignInResetsTheFailureCount() async throws {
        try await withServer { client, _ in
            for _ in 1...4 { _ = try await client.post("/api/v1/session", json: ["idNumber": Demo.liNa, "password": "wrong-pass"]) }
            _ = try await client.signIn(Demo.liNa)
            let again = try await client.post("/api/v1/session", json: ["idNumber": Demo.liNa, "password": "wrong-pass"])
            #expect(again.status == .unauthorized)
        }
    }

    @Test func signingOutEndsTheSessionAndClearsTheCookie() async throws {
        try await withServer { client, _ in
            let session = try await client.signIn(Demo.zhangWei)
            #expect(try await client.get("/api/v1/me", headers: session.headers()).status == .ok)
            let out = try await client.delete("/api/v1/session", headers: session.headers(unsafe: true))
            #expect(out.status == .noContent)
            #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(try await client.get("/api/v1/me", headers: session.headers()).status == .unauthorized)
            // Twice is not an error.
            #expect(try await client.delete("/api/v1/session", headers: session.headers(unsafe: true)).status == .noContent)
        }
    }

    @Test func signingOutALiveSessionNeedsTheCsrfToken() async throws {
        try await withServer { client, _ in
            let session = try await client.signIn(Demo.zhangWei)
            let out = try await client.delete("/api/v1/session", headers: session.headers())
            #expect(out.status == .forbidden)
            #expect(out.code == "csrf_token_mismatch")
        }
    }

    @Test func aSessionExpiresAfterEightHours() async throws {
        try await withServer { client, fixture in
            let session = try await client.signIn(Demo.zhangWei)
            fixture.clock.advance(seconds: 8 * 3600)
            let r = try await client.get("/api/v1/me", headers: session.headers())
            #expect(r.status == .unauthorized)
            #expect(r.code == "session_invalid")
        }
    }

    @Test func changingThePasswordChecksTheCurrentOneAndEndsOtherSessions() async throws {
        try await withServer { client, _ in
            let first = try await client.signIn(Demo.zhangWei)
            let other = try await client.signIn(Demo.zhangWei)
            let wrong = try await client.post("/api/v1/session/password",
                json: ["currentPassword": "not-it-at-all", "newPassword": "new-password-1"], headers: first.headers(unsafe: true))
            #expect(wrong.status == .unauthorized)
            let short = try await client.post("/api/v1/session/password",
                json: ["currentPassword": DemoSeed.password, "newPassword": "short"], headers: first.headers(unsafe: true))
            #expect(short.status == .badRequest || short.status == .unprocessableContent)
            let ok = try await client.post("/api/v1/session/password",
                json: ["currentPassword": DemoSeed.password, "newPassword": "new-password-1"], headers: first.headers(unsafe: true))
            #expect(ok.status == .noContent)
            #expect(try await client.get("/api/v1/me", headers: first.headers()).status == .ok)
            #expect(try await client.get("/api/v1/me", headers: other.headers()).status == .unauthorized)
            let old = try await client.post("/api/v1/session", json: ["idNumber": Demo.zhangWei, "password": DemoSeed.password])
            #expect(old.status == .unauthorized)
            _ = try await client.signIn(Demo.zhangWei, password: "new-password-1")
        }
    }

    @Test func aMalformedSignInBodyIs400() async throws {
        try await withServer { client, _ in
            let r = try await client.execute(uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: "{\"idNumber\": 5"))
            #expect(r.status == .badRequest)
            #expect(r.code == "request_invalid")
            let missing = try await client.post("/api/v1/session", json: ["idNumber": Demo.zhangWei])
            #expect(missing.status == .badRequest)
        }
    }
}
