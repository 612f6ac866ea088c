import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import YibaoPlatform

@testable import YibaoServer

@Suite("Operators: register, contributions, crediting jobs, audit")
struct OperatorRouteTests {
    static let newcomer = DemoSeed.idNumber(prefix: "440305", birth: "1990-01-01", sequence: 55)

    func enrolment(region: String = "440300") -> [String: Any] {
        ["idNumber": Self.newcomer, "name": "新参保", "region": region, "insuranceType": "310", "tier": "1",
         "personType": "in_service", "base": "9000.00", "start": "2025-12-01", "password": "first-pass-1"]
    }

    @Test func enrolmentIsIdempotentAndBoundToTheOperatorsRegion() async throws {
        try await withServer { client, fixture in
            let first = try await client.post("/api/v1/operator/persons", json: enrolment(), headers: bearer(fixture.operatorToken, key: "e-1"))
            #expect(first.status == .created)
            let psnNo = try #require(first.json()["psn_no"] as? String)
            let replay = try await client.post("/api/v1/operator/persons", json: enrolment(), headers: bearer(fixture.operatorToken, key: "e-1"))
            #expect(try replay.json()["psn_no"] as? String == psnNo)
            let again = try await client.post("/api/v1/operator/persons", json: enrolment(), headers: bearer(fixture.operatorToken, key: "e-2"))
            #expect(again.status == .conflict)
            #expect(again.code == "person_already_insured")
            let elsewhere = try await client.post("/api/v1/operator/persons", json: enrolment(region: "110100"),
                headers: bearer(fixture.operatorToken, key: "e-3"))
            #expect(elsewhere.status == .forbidden)
            var bad = enrolment()
            bad["idNumber"] = "440305199001010000"
            let invalid = try await client.post("/api/v1/operator/persons", json: bad, headers: bearer(fixture.operatorToken, key: "e-4"))
            #expect(invalid.status == .unprocessableContent)
            _ = try await client.signIn(Self.newcomer, password: "first-pass-1")
        }
    }

    @Test func anOperatorReadsAPersonAndTheReadIsAuditLogged() async throws {
        try await withServer { client, fixture in
            let psnNo = fixture.psnNo(Demo.zhangWei)
            #expect(try fixture.platform.operatorReads(person: psnNo).isEmpty)
            let person = try await client.get("/api/v1/operator/persons/\(psnNo)", headers: bearer(fixture.operatorToken))
            #expect(person.status == .ok)
            let balance = try await client.get("/api/v1/operator/persons/\(psnNo)/balance", headers: bearer(fixture.operatorToken))
            #expect(balance.status == .ok)
            let reads = try fixture.platform.operatorReads(person: psnNo)
            #expect(reads.map(\.what) == ["balance", "person"])
            let bj = try await client.get("/api/v1/operator/persons/\(psnNo)", headers: bearer(fixture.beijingOperator))
            #expect(bj.status == .forbidden)
            #expect(try fixture.platform.operatorReads(person: psnNo).count == 2)
        }
    }

    @Test func insuranceChangesAndAccountStatusAreRecorded() async throws {
        try await withServer { client, fixture in
            let psnNo = fixture.psnNo(Demo.zhengLei)
            let change = try await client.post("/api/v1/operator/persons/\(psnNo)/insurance-changes",
                json: ["effective": "2025-12-20", "base": "7000.00"], headers: bearer(fixture.operatorToken, key: "c-1"))
            #expect(change.status == .created)
            #expect(try change.json()["baseFen"] as? Int == 700_000)
            let badDate = try await client.post("/api/v1/operator/persons/\(psnNo)/insurance-changes",
                json: ["effective": "2025-02-30"], headers: bearer(fixture.operatorToken, key: "c-2"))
            #expect(badDate.status == .unprocessableContent)
            let freeze = try await client.post("/api/v1/operator/persons/\(psnNo)/account-status",
                json: ["status": "frozen", "reason": "核查"], headers: bearer(fixture.operatorToken, key: "f-1"))
            #expect(freeze.status == .created)
            #expect(try fixture.platform.balance(person: psnNo).state == "frozen")
            let unfreeze = try await client.post("/api/v1/operator/persons/\(psnNo)/account-status",
                json: ["status": "active"], headers: bearer(fixture.operatorToken, key: "f-2"))
            #expect(unfreeze.status == .created)
            let noAccount = try await client.post("/api/v1/operator/persons/\(fixture.psnNo(Demo.liNa))/account-status",
                json: ["status": "frozen"], headers: bearer(fixture.operatorToken, key: "f-3"))
            #expect(noAccount.status == .unprocessableContent)
        }
    }

    @Test func contributionsAndBackPaymentsArePostedOnce() async throws {
        try await withServer { client, fixture in
            let psnNo = fixture.psnNo(Demo.zhengLei)
            let dup = try await client.post("/api/v1/operator/persons/\(psnNo)/contributions", json: ["month": "2025-11"],
                headers: bearer(fixture.operatorToken, key: "p-1"))
            #expect(dup.status == .conflict)
            #expect(dup.code == "contribution_exists")
            let future = try await client.post("/api/v1/operator/persons/\(psnNo)/contributions", json: ["month": "2026-05"],
                headers: bearer(fixture.operatorToken, key: "p-2"))
            #expect(future.status == .unprocessableContent)
            let chen = DemoSeed.idNumber(prefix: "440106", birth: "1988-09-09", sequence: 15)
            let gz = try await client.post("/api/v1/operator/persons/\(fixture.psnNo(chen))/back-payments",
                json: ["from": "2025-08", "to": "2025-09"], headers: bearer(fixture.operatorToken, key: "b-1"))
            #expect(gz.status == .forbidden)
            let dec = try await client.post("/api/v1/operator/persons/\(fixture.psnNo(Demo.zhangWei))/contributions",
                json: ["month": "2025-12"], headers: bearer(fixture.operatorToken, key: "p-3"))
            #expect(dec.status == .created)
            #expect(try dec.json()["month"] as? String == "2025-12")
        }
    }

    @Test func backPaymentFillsTheUnpaidMonths() async throws {
        try await withServer { client, fixture in
            let psnNo = fixture.psnNo(DemoSeed.idNumber(prefix: "440308", birth: "1979-05-30", sequence: 11))
            let r = try await client.post("/api/v1/operator/persons/\(psnNo)/back-payments", json: ["from": "2025-10", "to": "2025-11"],
                headers: bearer(fixture.operatorToken, key: "b-1"))
            #expect(r.status == .created || r.status == .unprocessableContent)
            if r.status == .created { #expect(try r.jsonArray().count == 2) }
            let none = try await client.post("/api/v1/operator/persons/\(fixture.psnNo(Demo.zhengLei))/back-payments",
                json: ["from": "2025-06", "to": "2025-07"], headers: bearer(fixture.operatorToken, key: "b-2"))
            #expect(none.status == .unprocessableContent)
            #expect(none.code == "contribution_not_due")
        }
    }

    @Test func settingAPasswordEndsThePersonsSessions() async throws {
        try await withServer { client, fixture in
            let session = try await client.signIn(Demo.zhengLei)
            let r = try await client.post("/api/v1/operator/persons/\(fixture.psnNo(Demo.zhengLei))/password",
                json: ["password": "reset-pass-1"], headers: bearer(fixture.operatorToken))
            #expect(r.status == .noContent)
            #expect(try await client.get("/api/v1/me", headers: session.headers()).status == .unauthorized)
            _ = try await client.signIn(Demo.zhengLei, password: "reset-pass-1")
            let short = try await client.post("/api/v1/operator/persons/\(fixture.psnNo(Demo.zhengLei))/password",
                json: ["password": "short"], headers: bearer(fixture.operatorToken))
            #expect(short.status == .unprocessableContent)
        }
    }

    @Test func aCreditingJobRunsInTheBackgroundAndReportsProgress() async throws {
        try await withServer { client, fixture in
            let r = try await client.post("/api/v1/operator/crediting-jobs", json: ["month": "2025-12"], headers: bearer(fixture.operatorToken))
            #expect(r.status == .accepted)
            let id = try #require(r.json()["id"] as? Int)
            #expect(try r.json()["region"] as? String == "440300")
            var status = ""
            for _ in 0..<500 where status != "succeeded" && status != "failed" {
                try await Task.sleep(for: .milliseconds(20))
                status = try await client.get("/api/v1/operator/crediting-jobs/\(id)", headers: bearer(fixture.operatorToken)).json()["status"]
                    as? String ?? ""
            }
            let done = try await client.get("/api/v1/operator/crediting-jobs/\(id)", headers: bearer(fixture.operatorToken)).json()
            #expect(done["status"] as? String == "succeeded")
            #expect((done["report"] as? [String: Any])?["month"] as? String == "2025-12")
            #expect(done["done"] as? Int == done["total"] as? Int)
            let other = try await client.get("/api/v1/operator/crediting-jobs/\(id)", headers: bearer(fixture.beijingOperator))
            #expect(other.status == .notFound)
            #expect(try await client.get("/api/v1/operator/crediting-jobs/999", headers: bearer(fixture.operatorToken)).status == .notFound)
            let future = try await client.post("/api/v1/operator/crediting-jobs", json: ["month": "2030-01"],
                headers: bearer(fixture.operatorToken))
            #expect(future.status == .unprocessableContent)
        }
    }

    @Test func theAuditChecksEveryInvariant() async throws {
        try await withServer { client, fixture in
            let r = try await client.get("/api/v1/operator/audit", headers: bearer(fixture.operatorToken))
            #expect(r.status == .ok)
            #expect((try r.json()["violations"] as? [Any])?.isEmpty == true)
        }
    }
}
