import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import YibaoPlatform

@testable import YibaoServer

@Suite("The insured person's own records")
struct MeRouteTests {
    @Test func meShowsTheSignedInPersonWithTheIdNumberMasked() async throws {
        try await withServer { client, fixture in
            let session = try await client.signIn(Demo.zhangWei)
            let r = try await client.get("/api/v1/me", headers: session.headers())
            #expect(r.status == .ok)
            let body = try r.json()
            #expect(body["psn_no"] as? String == fixture.psnNo(Demo.zhangWei))
            #expect(body["idNumberMasked"] as? String == "440303********" + String(Demo.zhangWei.suffix(4)))
            #expect(!String(buffer: r.body).contains(Demo.zhangWei))
        }
    }

    @Test func balanceCarriesTheAmountAndTheReasons() async throws {
        try await withServer { client, fixture in
            let session = try await client.signIn(Demo.zhangJianguo)
            let r = try await client.get("/api/v1/me/balance", headers: session.headers())
            #expect(r.status == .ok)
            let body = try r.json()
            #expect(body["display"] as? String == "—")
            let reasons = try #require(body["reasons"] as? [[String: Any]])
            #expect(reasons.contains { $0["code"] as? String == "no_personal_account" })
            let expected = try fixture.platform.balance(person: fixture.psnNo(Demo.zhangJianguo))
            #expect(body["state"] as? String == expected.state)
        }
    }

    @Test func theBalanceRouteAnswersTheViewItself() async throws {
        try await withServer { client, fixture in
            // The route answers the view's own JSON text (cached with it): for every demo person it must decode
            // to exactly the platform's view, absent optionals and all.
            for person in fixture.demo {
                let session = try await client.signIn(person.idNumber)
                let r = try await client.get("/api/v1/me/balance", headers: session.headers())
                #expect(r.status == .ok)
                #expect(r.headers[.contentType] == "application/json; charset=utf-8")
                let decoded = try JSONDecoder().decode(BalanceView.self, from: Data(buffer: r.body))
                #expect(decoded == (try fixture.platform.balance(person: person.psnNo)), "\(person.psnNo)")
            }
            #expect(try await client.get("/api/v1/me/balance").status == .unauthorized)
        }
    }

    @Test func theCachedBalanceFollowsEveryWrite() async throws {
        try await withServer { client, fixture in
            // 张伟 has 240.00 on the demo date, so a 50.00 bill paid from the account must change it.
            let session = try await client.signIn(Demo.zhangWei)
            let before = try await client.get("/api/v1/me/balance", headers: session.headers()).json()
            #expect(try await client.get("/api/v1/me/balance", headers: session.headers()).json()["balanceFen"] as? Int
                == before["balanceFen"] as? Int)
            let settled = try await client.post("/api/v1/institution/settlements", json: demoBill(psnNo: session.psnNo, amount: "50.00"),
                headers: bearer(fixture.institution, key: "cache-1"))
            #expect(settled.status == .created)
            let after = try await client.get("/api/v1/me/balance", headers: session.headers()).json()
            #expect(after["balanceFen"] as? Int != before["balanceFen"] as? Int)
            _ = try await client.post("/api/v1/operator/persons/\(session.psnNo)/account-status", json: ["status": "frozen"],
                headers: bearer(fixture.operatorToken, key: "cache-2"))
            #expect(try await client.get("/api/v1/me/balance", headers: session.headers()).json()["state"] as? String == "frozen")
        }
    }

    @Test func theStatementPagesWithinItsLimit() async throws {
        try await withServer { client, _ in
            let session = try await client.signIn(Demo.zhangWei)
            let r = try await client.get("/api/v1/me/statement?limit=3", headers: session.headers())
            #expect(r.status == .ok)
            #expect((try r.json()["lines"] as? [Any])?.count == 3)
            #expect(try await client.get("/api/v1/me/statement?limit=200", headers: session.headers()).status == .ok)
            let tooMany = try await client.get("/api/v1/me/statement?limit=201", headers: session.headers())
            #expect(tooMany.status == .unprocessableContent)
            #expect(tooMany.code == "page_too_large")
            #expect(try await client.get("/api/v1/me/statement?limit=0", headers: session.headers()).status == .unprocessableContent)
            let badDate = try await client.get("/api/v1/me/statement?from=2025-13-45", headers: session.headers())
            #expect(badDate.status == .unprocessableContent)
        }
    }

    @Test func aPersonWithoutAnAccountHasNoStatement() async throws {
        try await withServer { client, _ in
            let session = try await client.signIn(Demo.liNa)
            let r = try await client.get("/api/v1/me/statement", headers: session.headers())
            #expect(r.status == .unprocessableContent)
            #expect(r.code == "no_personal_account")
        }
    }

    @Test func familyGrantsAreListedGrantedReplayedAndRevoked() async throws {
        try await withServer { client, fixture in
            let session = try await client.signIn(Demo.zhangWei)
            let list = try await client.get("/api/v1/me/family", headers: session.headers())
            #expect(list.status == .ok)
            #expect((try list.json()["grants"] as? [Any])?.count == 1)
            let grant = ["relative": fixture.psnNo(Demo.liNa), "relation": "配偶"]
            let first = try await client.post("/api/v1/me/family", json: grant, headers: session.headers(unsafe: true, key: "g-1"))
            #expect(first.status == .created)
            let replay = try await client.post("/api/v1/me/family", json: grant, headers: session.headers(unsafe: true, key: "g-1"))
            #expect(replay.status == .created)
            #expect(try first.json()["id"] as? Int == replay.json()["id"] as? Int)
            let other = ["relative": fixture.psnNo(Demo.zhengLei), "relation": "兄弟姐妹"]
            let conflict = try await client.post("/api/v1/me/family", json: other, headers: session.headers(unsafe: true, key: "g-1"))
            #expect(conflict.status == .conflict)
            #expect(conflict.code == "exists_with_different_request")
            let twice = try await client.post("/api/v1/me/family", json: grant, headers: session.headers(unsafe: true, key: "g-2"))
            #expect(twice.status == .conflict)
            #expect(twice.code == "grant_exists")
            let id = try #require(first.json()["id"] as? Int)
            let revoked = try await client.delete("/api/v1/me/family/\(id)", headers: session.headers(unsafe: true, key: "r-1"))
            #expect(revoked.status == .ok)
            #expect(try revoked.json()["revokedOn"] as? String != nil)
            let again = try await client.delete("/api/v1/me/family/\(id)", headers: session.headers(unsafe: true, key: "r-2"))
            #expect(again.status == .notFound)
        }
    }

    @Test func aGrantNeedsAnIdempotencyKeyAndTheCsrfToken() async throws {
        try await withServer { client, fixture in
            let session = try await client.signIn(Demo.zhangWei)
            let grant = ["relative": fixture.psnNo(Demo.liNa), "relation": "配偶"]
            let noKey = try await client.post("/api/v1/me/family", json: grant, headers: session.headers(unsafe: true))
            #expect(noKey.status == .badRequest)
            let noCsrf = try await client.post("/api/v1/me/family", json: grant, headers: session.headers(key: "k"))
            #expect(noCsrf.status == .forbidden)
            #expect(noCsrf.code == "csrf_token_mismatch")
            var forged = session.headers(key: "k")
            forged[HeaderName.csrfToken] = "forged"
            #expect(try await client.post("/api/v1/me/family", json: grant, headers: forged).status == .forbidden)
        }
    }

    @Test func aGrantToARelationOutsideTheListIsABadRequest() async throws {
        try await withServer { client, fixture in
            let session = try await client.signIn(Demo.zhangWei)
            let r = try await client.post("/api/v1/me/family", json: ["relative": fixture.psnNo(Demo.liNa), "relation": "朋友"],
                headers: session.headers(unsafe: true, key: "g"))
            #expect(r.status == .badRequest)
            let unknown = try await client.post("/api/v1/me/family", json: ["relative": "4403009999999999", "relation": "配偶"],
                headers: session.headers(unsafe: true, key: "g2"))
            #expect(unknown.status == .notFound)
        }
    }

    @Test func aPersonCannotRevokeSomeoneElsesGrant() async throws {
        try await withServer { client, fixture in
            let grants = try fixture.platform.familyList(person: fixture.psnNo(Demo.zhangWei))
            let id = try #require(grants.first?.id)
            // 张建国 is the relative of that grant, not its holder; 李娜 has nothing to do with it.
            for person in [Demo.zhangJianguo, Demo.liNa] {
                let session = try await client.signIn(person)
                let r = try await client.delete("/api/v1/me/family/\(id)", headers: session.headers(unsafe: true, key: "x"))
                #expect(r.status == .notFound)
            }
            #expect(try fixture.platform.familyList(person: fixture.psnNo(Demo.zhangWei)).first?.revokedOn == nil)
        }
    }

    @Test func anEstimateWritesNothing() async throws {
        try await withServer { client, fixture in
            let session = try await client.signIn(Demo.zhangWei)
            let before = try fixture.platform.store.read { try $0.transferCount() }
            let r = try await client.post("/api/v1/me/estimate", json: demoBill(), headers: session.headers(unsafe: true))
            #expect(r.status == .ok)
            let body = try r.json()
            #expect(body["setl_id"] as? String == "")
            #expect((body["output"] as? [String: Any])?["medfee_sumamt"] as? String == "300.00")
            #expect(try fixture.platform.store.read { try $0.transferCount() } == before)
        }
    }

    @Test func anEstimateTheEngineRefusesIs422() async throws {
        try await withServer { client, _ in
            let session = try await client.signIn(Demo.zhangWei)
            let r = try await client.post("/api/v1/me/estimate", json: demoBill(date: "2019-06-01"), headers: session.headers(unsafe: true))
            #expect(r.status == .unprocessableContent || r.status == .notFound)
            let bad = try await client.post("/api/v1/me/estimate", json: ["med_type": "11"], headers: session.headers(unsafe: true))
            #expect(bad.status == .badRequest)
        }
    }

    @Test func askingAsMeAnswersAndLimitsTheQuestion() async throws {
        try await withServer { client, _ in
            let session = try await client.signIn(Demo.zhangWei)
            let r = try await client.post("/api/v1/me/ask", json: ["question": "我的余额为什么是这个数"], headers: session.headers(unsafe: true))
            #expect(r.status == .ok)
            let long = try await client.post("/api/v1/me/ask", json: ["question": String(repeating: "医", count: 201)],
                headers: session.headers(unsafe: true))
            #expect(long.status == .unprocessableContent)
            #expect(long.code == "query_too_long")
        }
    }
}
