import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import YibaoPlatform

@testable import YibaoServer

@Suite("Designated institutions: pre-settle, settle, cancel, query, person, cumulative")
struct InstitutionRouteTests {
    @Test func preSettlingComputesWithoutWriting() async throws {
        try await withServer { client, fixture in
            let before = try fixture.platform.store.read { try $0.settlementCount() }
            let r = try await client.post("/api/v1/institution/pre-settlements", json: demoBill(psnNo: fixture.psnNo(Demo.zhangWei)),
                headers: bearer(fixture.institution))
            #expect(r.status == .ok)
            #expect((try r.json()["output"] as? [String: Any])?["medfee_sumamt"] as? String == "300.00")
            #expect(try fixture.platform.store.read { try $0.settlementCount() } == before)
        }
    }

    @Test func aPreSettlementAnswersWhatTheSettlementThenRecords() async throws {
        try await withServer { client, fixture in
            // The pre-settlement route passes the body's bytes to the platform and answers its JSON text; the
            // settlement route goes through the generated code. Both must describe the same figures.
            let bill = demoBill(psnNo: fixture.psnNo(Demo.zhangWei), amount: "123.45")
            let pre = try await client.post("/api/v1/institution/pre-settlements", json: bill, headers: bearer(fixture.institution))
            #expect(pre.status == .ok)
            #expect(pre.headers[.contentType] == "application/json; charset=utf-8")
            let settled = try await client.post("/api/v1/institution/settlements", json: bill, headers: bearer(fixture.institution, key: "p"))
            #expect(settled.status == .created)
            let estimated = try #require(try pre.json()["output"] as? [String: Any])
            let recorded = try #require(try settled.json()["output"] as? [String: Any])
            #expect(estimated["medfee_sumamt"] as? String == "123.45")
            for field in ["medfee_sumamt", "hifp_pay", "acct_pay", "psn_cash_pay", "fund_pay_sumamt", "inscp_scp_amt"] {
                #expect(estimated[field] as? String == recorded[field] as? String, "\(field)")
            }
            #expect(try pre.json()["setl_id"] as? String == "")
            #expect(try pre.json()["psn_no"] as? String == fixture.psnNo(Demo.zhangWei))
        }
    }

    @Test func aMalformedPreSettlementIsABadRequest() async throws {
        try await withServer { client, fixture in
            let psnNo = fixture.psnNo(Demo.zhangWei)
            let notJSON = try await client.execute(uri: "/api/v1/institution/pre-settlements", method: .post,
                headers: bearer(fixture.institution), body: ByteBuffer(string: "{\"psn_no\": "))
            #expect(notJSON.status == .badRequest)
            #expect(notJSON.code == "request_invalid")
            var bill = demoBill()
            bill.removeValue(forKey: "psn_no")
            let missing = try await client.post("/api/v1/institution/pre-settlements", json: bill, headers: bearer(fixture.institution))
            #expect(missing.status == .badRequest)
            #expect(missing.code == "request_invalid")
            bill["psn_no"] = 4_403_000_000_000_001
            let number = try await client.post("/api/v1/institution/pre-settlements", json: bill, headers: bearer(fixture.institution))
            #expect(number.status == .badRequest)
            var text = bearer(fixture.institution)
            text[.contentType] = "text/plain"
            let plain = try await client.post("/api/v1/institution/pre-settlements", json: demoBill(psnNo: psnNo), headers: text)
            #expect(plain.status == .badRequest)
            let anonymous = try await client.post("/api/v1/institution/pre-settlements", json: demoBill(psnNo: psnNo))
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test func settlingIsDurableIdempotentAndRefusesAReusedKey() async throws {
        try await withServer { client, fixture in
            let bill = demoBill(psnNo: fixture.psnNo(Demo.zhangWei))
            let first = try await client.post("/api/v1/institution/settlements", json: bill, headers: bearer(fixture.institution, key: "s-1"))
            #expect(first.status == .created)
            let setlId = try #require(first.json()["setl_id"] as? String)
            #expect(setlId.hasPrefix("S440300"))
            let replay = try await client.post("/api/v1/institution/settlements", json: bill, headers: bearer(fixture.institution, key: "s-1"))
            #expect(replay.status == .created)
            #expect(try replay.json()["setl_id"] as? String == setlId)
            let other = demoBill(psnNo: fixture.psnNo(Demo.zhangWei), amount: "301.00")
            let conflict = try await client.post("/api/v1/institution/settlements", json: other, headers: bearer(fixture.institution, key: "s-1"))
            #expect(conflict.status == .conflict)
            #expect(conflict.code == "exists_with_different_request")
            #expect(try fixture.platform.settlementOutput(setlId: setlId).0.medfeeFen.value == 30_000)
        }
    }

    @Test func settlingNeedsAnIdempotencyKey() async throws {
        try await withServer { client, fixture in
            let r = try await client.post("/api/v1/institution/settlements", json: demoBill(psnNo: fixture.psnNo(Demo.zhangWei)),
                headers: bearer(fixture.institution))
            #expect(r.status == .badRequest)
            #expect(r.code == "request_invalid")
        }
    }

    @Test func aBillTheEngineRefusesIs422AndAnUnknownPersonIs404() async throws {
        try await withServer { client, fixture in
            var bill = demoBill(psnNo: fixture.psnNo(Demo.zhangWei))
            bill["items"] = [["det_item_fee_sumamt": "12.345", "chrgitm_lv": "01"]]
            let refused = try await client.post("/api/v1/institution/settlements", json: bill, headers: bearer(fixture.institution, key: "k"))
            #expect(refused.status == .unprocessableContent)
            let unknown = try await client.post("/api/v1/institution/pre-settlements", json: demoBill(psnNo: "4403009999999999"),
                headers: bearer(fixture.institution))
            #expect(unknown.status == .notFound)
            #expect(unknown.code == "person_not_found")
        }
    }

    @Test func anInstitutionSettlesOnlyForPeopleOfItsRegion() async throws {
        try await withServer { client, fixture in
            let bill = demoBill(psnNo: fixture.psnNo(Demo.zhangWei))
            let r = try await client.post("/api/v1/institution/settlements", json: bill, headers: bearer(fixture.beijingInstitution, key: "k"))
            #expect(r.status == .forbidden)
            #expect(r.code == "region_forbidden")
            let pre = try await client.post("/api/v1/institution/pre-settlements", json: bill, headers: bearer(fixture.beijingInstitution))
            #expect(pre.status == .forbidden)
        }
    }

    @Test func aSettlementIsQueriedAndCancelledOnceInItsOwnRegion() async throws {
        try await withServer { client, fixture in
            let bill = demoBill(psnNo: fixture.psnNo(Demo.zhangWei))
            let settled = try await client.post("/api/v1/institution/settlements", json: bill, headers: bearer(fixture.institution, key: "s"))
            let setlId = try #require(settled.json()["setl_id"] as? String)
            let query = try await client.get("/api/v1/institution/settlements/\(setlId)", headers: bearer(fixture.institution))
            #expect(query.status == .ok)
            #expect(try query.json()["medfeeFen"] as? Int == 30_000)
            #expect(try await client.get("/api/v1/institution/settlements/\(setlId)", headers: bearer(fixture.beijingInstitution)).status
                == .notFound)
            #expect(try await client.post("/api/v1/institution/settlements/\(setlId)/cancel", json: [:],
                headers: bearer(fixture.beijingInstitution, key: "c")).status == .notFound)
            let cancel = try await client.post("/api/v1/institution/settlements/\(setlId)/cancel", json: [:],
                headers: bearer(fixture.institution, key: "c-1"))
            #expect(cancel.status == .ok)
            #expect(try cancel.json()["reversed_setl_id"] as? String == setlId)
            let replay = try await client.post("/api/v1/institution/settlements/\(setlId)/cancel", json: [:],
                headers: bearer(fixture.institution, key: "c-1"))
            #expect(replay.status == .ok)
            let again = try await client.post("/api/v1/institution/settlements/\(setlId)/cancel", json: [:],
                headers: bearer(fixture.institution, key: "c-2"))
            #expect(again.status == .conflict)
            #expect(again.code == "settlement_already_reversed")
            #expect(try await client.get("/api/v1/institution/settlements/S000", headers: bearer(fixture.institution)).status == .notFound)
            #expect(try fixture.platform.audit().ok)
        }
    }

    @Test func personInformationIsMasked() async throws {
        try await withServer { client, fixture in
            let r = try await client.get("/api/v1/institution/persons/\(fixture.psnNo(Demo.zhangWei))", headers: bearer(fixture.institution))
            #expect(r.status == .ok)
            let base = try #require(try r.json()["baseinfo"] as? [String: Any])
            #expect(base["psn_name"] as? String == "张*")
            #expect((base["certno"] as? String)?.contains("********") == true)
            #expect(!String(buffer: r.body).contains(Demo.zhangWei))
            let other = try await client.get("/api/v1/institution/persons/\(fixture.psnNo(Demo.zhaoXiuying))", headers: bearer(fixture.institution))
            #expect(other.status == .forbidden)
            #expect(try await client.get("/api/v1/institution/persons/4403009999999999", headers: bearer(fixture.institution)).status
                == .notFound)
        }
    }

    @Test func cumulativeInformationSumsTheYear() async throws {
        try await withServer { client, fixture in
            let r = try await client.get("/api/v1/institution/persons/\(fixture.psnNo(Demo.zhengLei))/cumulative?year=2025",
                headers: bearer(fixture.institution))
            #expect(r.status == .ok)
            let cum = try #require(try r.json()["cum"] as? [String: Any])
            #expect(cum["outpatient_inscp_cum"] as? String != "0.00")
            let empty = try await client.get("/api/v1/institution/persons/\(fixture.psnNo(Demo.zhengLei))/cumulative?year=2024",
                headers: bearer(fixture.institution))
            #expect((try empty.json()["cum"] as? [String: Any])?["inscp_cum"] as? String == "0.00")
            let bad = try await client.get("/api/v1/institution/persons/\(fixture.psnNo(Demo.zhengLei))/cumulative?year=abc",
                headers: bearer(fixture.institution))
            #expect(bad.status == .badRequest)
        }
    }

    @Test func aBodyOverTheLimitIs413() async throws {
        var settings = ServerSettings()
        settings.requestBodyBytesMax = 1_024
        try await withServer(settings: settings) { client, fixture in
            var bill = demoBill(psnNo: fixture.psnNo(Demo.zhangWei))
            bill["items"] = (1...40).map { ["feedetl_sn": "\($0)", "det_item_fee_sumamt": "1.00", "chrgitm_lv": "01"] }
            let r = try await client.post("/api/v1/institution/settlements", json: bill, headers: bearer(fixture.institution, key: "big"))
            #expect(r.status == .contentTooLarge)
            #expect(r.code == "body_too_large")
        }
    }
}
