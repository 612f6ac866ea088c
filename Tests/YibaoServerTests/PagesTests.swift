import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import YibaoCore
@testable import YibaoPlatform

@testable import YibaoServer

@Suite("Web pages: the insured person's site")
struct PagesTests {
    @Test func homeAndTheStylesheetNeedNoSignInAndNothingFromElsewhere() async throws {
        try await withServer { client, _ in
            let home = try await client.get("/")
            #expect(home.status == .ok)
            #expect(home.headers[.contentType] == "text/html; charset=utf-8")
            #expect(home.html.contains("<html lang=\"zh-CN\">"))
            #expect(home.html.contains("医保服务"))
            #expect(home.headers[PageRenderer.cspHeader]?.contains("default-src 'none'") == true)
            #expect(!home.html.contains("http://") && !home.html.contains("https://"))
            let css = try await client.get(PageRenderer.stylesheetPath)
            #expect(css.status == .ok)
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(css.html.contains("--brand"))
        }
    }

    @Test func personalPagesSendASignedOutVisitorToSignInAndBack() async throws {
        try await withServer { client, _ in
            for path in ["/me", "/me/statement", "/me/family", "/me/estimate"] {
                let r = try await client.get(path)
                #expect(r.status == .seeOther, "\(path)")
                #expect(r.location == "/login?next=\(path)")
            }
            // A stale or forged session cookie is the same as none.
            let stale = try await client.get("/me", headers: [.cookie: "yibao_session=yss_forged"])
            #expect(stale.location == "/login?next=/me")
        }
    }

    @Test func theSignInFormSetsTheAPIsSessionCookieAndGoesBackOnlyWithinTheSite() async throws {
        try await withServer { client, _ in
            var jar = CookieJar()
            let form = try await client.page("/login?next=/me/family", jar: &jar)
            #expect(form.status == .ok)
            #expect(form.html.contains("<label for=\"idNumber\">身份证号码</label>"))
            #expect(form.html.contains("<label for=\"password\">密码</label>"))
            #expect(form.setCookies.first?.contains("HttpOnly") == true)
            let csrf = try #require(form.hidden("csrf"))
            let r = try await client.submit("/login",
                [("csrf", csrf), ("next", "/me/family"), ("idNumber", Demo.liNa), ("password", DemoSeed.password)], jar: &jar)
            #expect(r.status == .seeOther)
            #expect(r.location == "/me/family")
            let cookie = try #require(r.setCookies.first { $0.hasPrefix("yibao_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"))
            // The page session is the API's: the same cookie reads the API.
            let api = try await client.get("/api/v1/me", headers: [.cookie: jar.header])
            #expect(api.status == .ok)
            // `next` never leads to another site.
            var other = CookieJar()
            let again = try await client.page("/login", jar: &other)
            let away = try await client.submit("/login",
                [("csrf", again.hidden("csrf") ?? ""), ("next", "//evil.example/"), ("idNumber", Demo.liNa),
                 ("password", DemoSeed.password)], jar: &other)
            #expect(away.location == "/me")
        }
    }

    @Test func signInIsRefusedWithoutTheFormsTokenAndLocksAfterFiveFailures() async throws {
        try await withServer { client, _ in
            var jar = CookieJar()
            let form = try await client.page("/login", jar: &jar)
            let csrf = try #require(form.hidden("csrf"))
            let forged = try await client.submit("/login",
                [("csrf", "forged"), ("idNumber", Demo.liNa), ("password", DemoSeed.password)], jar: &jar)
            #expect(forged.status == .forbidden)
            #expect(forged.html.contains("CSRF"))
            var noCookie = CookieJar()
            let crossSite = try await client.submit("/login",
                [("csrf", csrf), ("idNumber", Demo.liNa), ("password", DemoSeed.password)], jar: &noCookie)
            #expect(crossSite.status == .forbidden)
            #expect(noCookie.values[RequestScope.sessionCookieName] == nil)
            for attempt in 1...Platform.signInFailuresMax {
                let r = try await client.submit("/login", [("csrf", csrf), ("idNumber", Demo.liNa), ("password", "wrong-password")],
                    jar: &jar)
                #expect(r.status == (attempt < Platform.signInFailuresMax ? .unauthorized : .tooManyRequests))
                #expect(r.html.contains(attempt < Platform.signInFailuresMax ? "身份证号码或密码不正确" : "登录已锁定"))
                #expect(!r.html.contains("wrong-password"))
            }
            let locked = try await client.submit("/login", [("csrf", csrf), ("idNumber", Demo.liNa), ("password", DemoSeed.password)],
                jar: &jar)
            #expect(locked.status == .tooManyRequests)
            #expect(jar.values[RequestScope.sessionCookieName] == nil)
        }
    }

    @Test func shenzhenTier2ShowsTheDashWithItsReasonAndNoChart() async throws {
        try await withServer { client, _ in
            var jar = try await client.signInPage(Demo.liNa)
            let r = try await client.page("/me", jar: &jar)
            #expect(r.status == .ok)
            #expect(r.html.contains("李娜"))
            #expect(r.html.contains("<span aria-hidden=\"true\">—</span>"))
            #expect(r.html.contains("二档不设个人账户"))
            #expect(r.html.contains("怎么办："))
            #expect(r.html.contains("没有个人账户，因此没有余额走势。"))
            let statement = try await client.page("/me/statement", jar: &jar)
            #expect(statement.status == .ok)
            #expect(statement.html.contains("没有个人账户"))
        }
    }

    @Test func anAccountHolderSeesTheAmountTheReasonsAndTheChartFromTheStatement() async throws {
        try await withServer { client, fixture in
            var jar = try await client.signInPage(Demo.zhangWei)
            let view = try fixture.platform.balance(person: fixture.psnNo(Demo.zhangWei))
            let r = try await client.page("/me", jar: &jar)
            #expect(r.html.contains("¥\(view.display)"))
            #expect(r.html.contains("<svg viewBox="))
            #expect(r.html.contains("近 12 个月个人账户余额走势"))
            #expect(r.html.contains("当前 ¥\(view.display)"))
            for reason in view.reasons { #expect(r.html.contains(reason.message)) }
            let statement = try await client.page("/me/statement", jar: &jar)
            let lines = try fixture.platform.statement(person: fixture.psnNo(Demo.zhangWei)).lines
            #expect(statement.html.contains("共 \(lines.count) 笔"))
            #expect(statement.html.contains(try #require(lines.first?.description)))
            let badDate = try await client.page("/me/statement?from=2025-13-45", jar: &jar)
            #expect(badDate.status == .unprocessableContent)
        }
    }

    @Test func aPersonSeesOnlyTheirOwnRecordsWhateverTheURLSays() async throws {
        try await withServer { client, fixture in
            var jar = try await client.signInPage(Demo.liNa)
            let zhangWei = fixture.psnNo(Demo.zhangWei)
            let statement = try await client.page("/me/statement?person=\(zhangWei)&psn_no=\(zhangWei)", jar: &jar)
            #expect(statement.html.contains("没有个人账户"))
            #expect(!statement.html.contains("张伟"))
            let family = try await client.page("/me/family", jar: &jar)
            #expect(!family.html.contains("张建国"))
            // 张伟's grant to his father, revoked by 李娜 with her own valid token: not found, and still active.
            let grant = try #require(try fixture.platform.familyList(person: zhangWei).first)
            let r = try await client.submit("/me/family/\(grant.id)/revoke",
                [("csrf", family.hidden("csrf") ?? ""), ("key", PageText.randomValue())], jar: &jar)
            #expect(r.status == .notFound)
            #expect(try fixture.platform.familyList(person: zhangWei).first?.active == true)
        }
    }

    @Test func familyFormsNeedTheSessionsTokenAndGrantAndRevokeOnce() async throws {
        try await withServer { client, fixture in
            var jar = try await client.signInPage(Demo.zhangWei)
            let other = try await client.signIn(Demo.liNa)
            let page = try await client.page("/me/family", jar: &jar)
            #expect(page.html.contains("张建国"))
            let key = try #require(page.hidden("key"))
            let fields = [("relative", fixture.psnNo(Demo.liNa)), ("relation", "配偶"), ("key", key)]
            for csrf in ["", "forged", other.csrf] {
                let refused = try await client.submit("/me/family", [("csrf", csrf)] + fields, jar: &jar)
                #expect(refused.status == .forbidden)
            }
            #expect(try fixture.platform.familyList(person: fixture.psnNo(Demo.zhangWei)).count == 1)
            let csrf = try #require(page.hidden("csrf"))
            let granted = try await client.submit("/me/family", [("csrf", csrf)] + fields, jar: &jar)
            #expect(granted.status == .seeOther)
            #expect(granted.location == "/me/family?notice=granted")
            // The same form posted again is a replay of the first, not a second grant.
            let replay = try await client.submit("/me/family", [("csrf", csrf)] + fields, jar: &jar)
            #expect(replay.status == .seeOther)
            let grants = try fixture.platform.familyList(person: fixture.psnNo(Demo.zhangWei))
            #expect(grants.filter { $0.relativePsnNo == fixture.psnNo(Demo.liNa) && $0.active }.count == 1)
            let after = try await client.page("/me/family?notice=granted", jar: &jar)
            #expect(after.html.contains("已授权"))
            #expect(after.html.contains("李娜"))
            let id = try #require(grants.first { $0.relativePsnNo == fixture.psnNo(Demo.liNa) }?.id)
            let refusedRelation = try await client.submit("/me/family",
                [("csrf", csrf), ("relative", fixture.psnNo(Demo.zhengLei)), ("relation", "朋友"), ("key", PageText.randomValue())],
                jar: &jar)
            #expect(refusedRelation.status == .unprocessableContent)
            #expect(refusedRelation.html.contains("role=\"alert\""))
            let revoked = try await client.submit("/me/family/\(id)/revoke", [("csrf", csrf), ("key", PageText.randomValue())],
                jar: &jar)
            #expect(revoked.location == "/me/family?notice=revoked")
            #expect(try fixture.platform.familyList(person: fixture.psnNo(Demo.zhangWei)).first { $0.id == id }?.active == false)
        }
    }

    @Test func signingOutNeedsTheTokenAndEndsTheSession() async throws {
        try await withServer { client, _ in
            var jar = try await client.signInPage(Demo.zhangWei)
            let me = try await client.page("/me", jar: &jar)
            let refused = try await client.submit("/logout", [("csrf", "forged")], jar: &jar)
            #expect(refused.status == .forbidden)
            #expect(try await client.page("/me", jar: &jar).status == .ok)
            let out = try await client.submit("/logout", [("csrf", me.hidden("csrf") ?? "")], jar: &jar)
            #expect(out.location == "/")
            #expect(jar.values[RequestScope.sessionCookieName] == nil)
        }
    }

    @Test func theEstimatorShowsThePlatformsFiguresAndEachStep() async throws {
        try await withServer { client, fixture in
            var jar = try await client.signInPage(Demo.zhangWei)
            let form = try await client.page("/me/estimate", jar: &jar)
            #expect(form.status == .ok)
            #expect(!form.html.contains("估算结果"))
            for label in ["就诊类型", "医院等级", "就诊日期", "甲类费用", "乙类费用", "丙类 / 目录外费用"] {
                #expect(form.html.contains(">\(label)</label>"), "\(label)")
            }
            let query = "run=1&med_type=21&medins_lv=3&setl_date=2025-12-18&class_a=8000&class_b=2000&class_b_share=10&class_c=300"
            let r = try await client.page("/me/estimate?" + query, jar: &jar)
            #expect(r.status == .ok)
            let bill = try Pages<UnwiredHelpService>.bill(medType: "21", level: "3", date: "2025-12-18", useAccount: false,
                classA: "8000", classB: "2000", classBShare: "10", classC: "300")
            let expected = try fixture.platform.estimate(person: fixture.psnNo(Demo.zhangWei), bill: bill).output
            #expect(r.html.contains("<dd class=\"\">\(expected.hifp_pay) 元</dd>"))
            #expect(r.html.contains("<dd class=\"total\">\(expected.psn_part_amt) 元</dd>"))
            for line in expected.explanation ?? [] { #expect(r.html.contains(try #require(ArticleText.point(line)))) }
            let badShare = try await client.page("/me/estimate?run=1&class_b=100&class_b_share=150", jar: &jar)
            #expect(badShare.status == .badRequest)
            #expect(badShare.html.contains("0–100"))
            let refused = try await client.page("/me/estimate?run=1&class_a=abc", jar: &jar)
            #expect(refused.status == .unprocessableContent)
        }
    }

    @Test func searchMarksTheMatchesAndRefusesOverlongQueries() async throws {
        try await withPagesServer { client, _ in
            let r = try await client.get("/help/search?q=" + PageText.queryEncoded("余额显示一条杠"))
            #expect(r.status == .ok)
            #expect(r.html.contains("<mark>"))
            #expect(!r.html.contains("【") && !r.html.contains("】"))
            #expect(r.html.contains("/help/articles/"))
            let long = try await client.get("/help/search?q=" + String(repeating: "a", count: 201))
            #expect(long.status == .unprocessableContent)
            let index = try await client.get("/help")
            #expect(index.html.contains("大家常问"))
            #expect(index.html.contains("<form method=\"post\" action=\"/ask\""))
            #expect(index.hidden("csrf") != nil)
        }
    }

    @Test func anArticleIsLaidOutLikeTheSeedPage() async throws {
        try await withPagesServer { client, _ in
            let r = try await client.get("/help/articles/siping-glaucoma-surgery")
            #expect(r.status == .ok)
            let html = r.html
            let order = ["<h1>", "简要回答", "<ol class=\"points\">", "来源", "提示：本内容不能代替面诊，如有不适请尽快就医。", "相关推荐"]
            let positions = order.map { html.range(of: $0)?.lowerBound }
            #expect(positions.allSatisfy { $0 != nil })
            #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
            #expect(html.components(separatedBy: "class=\"meta\"").count > 2)  // related items carry their dates
            let notHealth = try await client.get("/help/articles/sz-tier2-balance-zero")
            #expect(!notHealth.html.contains("不能代替面诊"))
            let missing = try await client.get("/help/articles/no-such-article")
            #expect(missing.status == .notFound)
            #expect(missing.headers[.contentType] == "text/html; charset=utf-8")
        }
    }

    @Test func askAnswersTheVisitorAndThePersonWithTheirToken() async throws {
        try await withPagesServer { client, fixture in
            var visitor = CookieJar()
            let box = try await client.page("/ask", jar: &visitor)
            #expect(box.html.contains("<label for=\"question\">您的问题</label>"))
            let csrf = try #require(box.hidden("csrf"))
            let answered = try await client.submit("/ask", [("csrf", csrf), ("question", "深圳二档有没有个人账户")], jar: &visitor)
            #expect(answered.status == .ok)
            #expect(answered.html.contains("short-answer"))
            let forged = try await client.submit("/ask", [("csrf", "x"), ("question", "深圳二档有没有个人账户")], jar: &visitor)
            #expect(forged.status == .forbidden)
            var jar = try await client.signInPage(Demo.zhangWei)
            let mine = try await client.page("/ask", jar: &jar)
            let balance = try fixture.platform.balance(person: fixture.psnNo(Demo.zhangWei))
            let personal = try await client.submit("/ask", [("csrf", mine.hidden("csrf") ?? ""), ("question", "我的余额为什么是这个数")],
                jar: &jar)
            #expect(personal.html.contains(balance.display))
        }
    }

    @Test func snippetsBecomeMarksAndEverythingElseIsEscaped() {
        #expect(PageText.highlight("医保【余额】<b>&") == "医保<mark>余额</mark>&lt;b&gt;&amp;")
        #expect(PageText.highlight("【未闭合") == "<mark>未闭合</mark>")
        #expect(PageText.highlight("】多余") == "】多余")
        #expect(PageText.localPath("/\\evil.example", default: "/me") == "/me")
        #expect(PageText.localPath("https://evil.example", default: "/me") == "/me")
        #expect(PageText.localPath("/me/family", default: "/me") == "/me/family")
    }

    @Test func theChartScaleRoundsUpToOneTwoOrFive() {
        #expect(BalanceChart.niceCeiling(.zero) == Fen(100))
        #expect(BalanceChart.niceCeiling(Fen(100)) == Fen(100))
        #expect(BalanceChart.niceCeiling(Fen(101)) == Fen(200))
        #expect(BalanceChart.niceCeiling(Fen(173_330)) == Fen(200_000))
        #expect(BalanceChart.niceCeiling(Fen(200_001)) == Fen(500_000))
        let flat = BalanceChart(statement: Statement(psn_no: "p", region: "440300", balanceFen: Fen(5_000), lines: []),
            start: CalendarDate("2024-12-20")!, end: CalendarDate("2025-12-20")!, complete: true)
        #expect(flat.caption.contains("期初 ¥50.00，当前 ¥50.00"))
        #expect(flat.caption.contains("期间没有收支"))
    }
}
