import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import YibaoCore
import YibaoPlatform

@testable import YibaoServer

@Suite("Web pages: the operator console")
struct ConsolePagesTests {
    @Test func theConsoleRefusesEveryoneButOperators() async throws {
        try await withServer { client, fixture in
            let signedOut = try await client.get("/console")
            #expect(signedOut.status == .seeOther)
            #expect(signedOut.location == "/console/login")
            // A signed-in insured person is no operator.
            var person = try await client.signInPage(Demo.zhangWei)
            #expect(try await client.page("/console/persons", jar: &person).location == "/console/login")
            // An institution's token does not sign in, and sets no cookie.
            let (jar, refused) = try await client.signInConsole(fixture.institution)
            #expect(refused.status == .forbidden)
            #expect(refused.html.contains("仅限经办人员"))
            #expect(jar.values[PageGuard.operatorCookieName] == nil)
            let (_, unknown) = try await client.signInConsole("yot_unknown")
            #expect(unknown.status == .unauthorized)
            // Nor does an institution token put into the cookie by hand.
            for path in ["/console", "/console/audit", "/console/persons/\(fixture.psnNo(Demo.liNa))"] {
                let r = try await client.get(path, headers: [.cookie: "\(PageGuard.operatorCookieName)=\(fixture.institution)"])
                #expect(r.status == .forbidden, "\(path)")
            }
            let (operatorJar, signedIn) = try await client.signInConsole(fixture.operatorToken)
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.location == "/console")
            let cookie = try #require(signedIn.setCookies.first { $0.hasPrefix(PageGuard.operatorCookieName + "=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/console"))
            var jar2 = operatorJar
            let home = try await client.page("/console", jar: &jar2)
            #expect(home.status == .ok)
            #expect(home.html.contains("参保登记"))
        }
    }

    @Test func anOperatorSeesOnlyTheirRegionAndEveryReadIsAudited() async throws {
        try await withServer { client, fixture in
            var (beijing, _) = try await client.signInConsole(fixture.beijingOperator)
            let liNa = fixture.psnNo(Demo.liNa)
            let r = try await client.page("/console/persons/\(liNa)", jar: &beijing)
            #expect(r.status == .forbidden)
            #expect(!r.html.contains("李娜"))
            var (shenzhen, _) = try await client.signInConsole(fixture.operatorToken)
            let before = try fixture.platform.operatorReads(person: liNa).count
            let page = try await client.page("/console/persons/\(liNa)", jar: &shenzhen)
            #expect(page.status == .ok)
            #expect(page.html.contains("李娜"))
            #expect(page.html.contains("440304********0425"))
            #expect(!page.html.contains(Demo.liNa))
            #expect(page.html.contains("二档不设个人账户"))
            #expect(try fixture.platform.operatorReads(person: liNa).count == before + 2)
            // Looked up by ID number through a posted form: the ID number never appears in a URL.
            let find = try await client.page("/console/persons", jar: &shenzhen)
            let found = try await client.submit("/console/persons", [("csrf", find.hidden("csrf") ?? ""), ("person", Demo.liNa)],
                jar: &shenzhen)
            #expect(found.location == "/console/persons/\(liNa)")
        }
    }

    @Test func consoleFormsNeedTheOperatorsToken() async throws {
        try await withServer { client, fixture in
            var (jar, _) = try await client.signInConsole(fixture.operatorToken)
            for path in ["/console/audit", "/console/crediting", "/console/contributions", "/console/enrol"] {
                let r = try await client.submit(path, [("csrf", "forged"), ("month", "2025-11")], jar: &jar)
                #expect(r.status == .forbidden, "\(path)")
            }
            let person = try await client.signIn(Demo.zhangWei)
            let withPersonsToken = try await client.submit("/console/audit", [("csrf", person.csrf)], jar: &jar)
            #expect(withPersonsToken.status == .forbidden)
        }
    }

    @Test func anOperatorEnrolsPostsCreditsFreezesAndAudits() async throws {
        try await withServer { client, fixture in
            var (jar, _) = try await client.signInConsole(fixture.operatorToken)
            let form = try await client.page("/console/enrol", jar: &jar)
            for label in ["身份证号码", "姓名", "险种", "档次", "人员类别", "缴费基数（元）", "参保日期"] {
                #expect(form.html.contains(">\(label)</label>"), "\(label)")
            }
            let csrf = try #require(form.hidden("csrf"))
            let idNumber = DemoSeed.idNumber(prefix: "440305", birth: "1990-01-01", sequence: 51)
            let enrolment = [("csrf", csrf), ("key", try #require(form.hidden("key"))), ("idNumber", idNumber), ("name", "测试人"),
                ("region", "440300"), ("insuranceType", "310"), ("tier", "1"), ("personType", "in_service"), ("base", "10000.00"),
                ("start", "2025-10-01"), ("password", "test-password-1")]
            let enrolled = try await client.submit("/console/enrol", enrolment, jar: &jar)
            #expect(enrolled.status == .seeOther)
            let location = try #require(enrolled.location)
            let psnNo = String(try #require(location.split(separator: "/").last?.split(separator: "?").first))
            #expect(try fixture.platform.personView(psnNo).name == "测试人")
            // Another region's enrolment is refused, as in the API.
            let moved = enrolment.map { $0.0 == "region" ? ("region", "110100") : $0.0 == "key" ? ("key", PageText.randomValue()) : $0 }
            let elsewhere = try await client.submit("/console/enrol", moved, jar: &jar)
            #expect(elsewhere.status == .forbidden)

            let contributions = try await client.page("/console/contributions?person=\(psnNo)", jar: &jar)
            let posted = try await client.submit("/console/contributions",
                [("csrf", csrf), ("key", contributions.hidden("key") ?? ""), ("person", psnNo), ("month", "2025-11")], jar: &jar)
            #expect(posted.status == .ok)
            #expect(posted.html.contains("已登记 2025-11 缴费"))

            let started = try await client.submit("/console/crediting", [("csrf", csrf), ("month", "2025-11")], jar: &jar)
            #expect(started.status == .seeOther)
            let jobPath = try #require(started.location)
            var job = try await client.page(jobPath, jar: &jar)
            #expect(job.html.contains("<progress"))
            for _ in 0..<500 where !job.html.contains("已完成") {
                try await Task.sleep(for: .milliseconds(20))
                job = try await client.page(jobPath, jar: &jar)
            }
            #expect(job.html.contains("已完成"))
            #expect(!job.html.contains("<dt>已划入</dt><dd>0</dd>"))
            #expect(!job.html.contains("http-equiv=\"refresh\""))
            #expect(try fixture.platform.balance(person: psnNo).display != "—")

            let person = try await client.page("/console/persons/\(psnNo)", jar: &jar)
            let frozen = try await client.submit("/console/persons/\(psnNo)/account-status",
                [("csrf", csrf), ("key", person.hidden("key") ?? ""), ("status", "frozen"), ("reason", "测试冻结")], jar: &jar)
            #expect(frozen.location == "/console/persons/\(psnNo)?notice=frozen")
            #expect(try fixture.platform.balance(person: psnNo).state == "frozen")
            let unfreezeForm = try await client.page("/console/persons/\(psnNo)?notice=frozen", jar: &jar)
            #expect(unfreezeForm.html.contains("个人账户已冻结"))
            let active = try await client.submit("/console/persons/\(psnNo)/account-status",
                [("csrf", csrf), ("key", unfreezeForm.hidden("key") ?? ""), ("status", "active"), ("reason", "测试解冻")], jar: &jar)
            #expect(active.location == "/console/persons/\(psnNo)?notice=active")
            #expect(try fixture.platform.balance(person: psnNo).state == "normal")

            let audit = try await client.submit("/console/audit", [("csrf", csrf)], jar: &jar)
            #expect(audit.status == .ok)
            #expect(audit.html.contains("审计通过"))
        }
    }

    @Test func aRunningJobsPageRefreshesItselfWithoutScript() async throws {
        try await withServer { client, fixture in
            var (jar, _) = try await client.signInConsole(fixture.operatorToken)
            let principal = try fixture.platform.principal(forToken: fixture.operatorToken)
            // A queued job that nobody runs: its page keeps refreshing.
            let job = try fixture.platform.createCreditingJob(month: "2025-11", region: "440300", requestedBy: principal.tokenId,
                at: fixture.clock.now)
            let page = try await client.page("/console/crediting/\(try #require(job.id))", jar: &jar)
            #expect(page.html.contains("<meta http-equiv=\"refresh\" content=\"1\">"))
            #expect(page.html.contains("排队中"))
            #expect(!page.html.contains("<script"))
            var (beijing, _) = try await client.signInConsole(fixture.beijingOperator)
            #expect(try await client.page("/console/crediting/\(job.id ?? 0)", jar: &beijing).status == .notFound)
        }
    }
}
