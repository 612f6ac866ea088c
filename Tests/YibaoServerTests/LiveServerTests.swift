import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import YibaoPlatform

@testable import YibaoServer

@Suite("Live server over HTTP")
struct LiveServerTests {
    @Test func aPersonSignsInAndReadsTheirBalanceOverHttp() async throws {
        let fixture = try Fixture.make()
        var settings = ServerSettings()
        settings.port = 0
        let app = try fixture.application(help: UnwiredHelpService(), settings: settings)
        try await app.test(.live) { client in
            #expect(try await client.get("/api/v1/health").status == .ok)
            let session = try await client.signIn(Demo.zhangWei)
            let balance = try await client.get("/api/v1/me/balance", headers: session.headers())
            #expect(balance.status == .ok)
            #expect(try balance.json()["psn_no"] as? String == fixture.psnNo(Demo.zhangWei))
            let settled = try await client.post("/api/v1/institution/settlements", json: demoBill(psnNo: fixture.psnNo(Demo.zhangWei)),
                headers: bearer(fixture.institution, key: "live-1"))
            #expect(settled.status == .created)
        }
    }
}
