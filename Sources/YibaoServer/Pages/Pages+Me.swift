import Foundation
import Hummingbird
import YibaoCore
import YibaoPlatform

/// 我的医保: the signed-in person's balance with its reasons, the statement, 家庭共济 and the bill estimator.
/// Every page reads only the session's own person: no page takes a person from the URL or a form.
extension Pages {
    func registerMe(on router: Router<AppRequestContext>) {
        route(router, .get, "/me") { request, _ in try balancePage(request) }
        route(router, .get, "/me/statement") { request, _ in try statementPage(request) }
        registerFamily(on: router)
        route(router, .get, "/me/estimate") { request, _ in try estimatePage(request) }
    }

    struct BalanceModel {
        struct Reason {
            let message: String
            let action: String?
        }
        struct Chart {
            let svg: String
            let caption: String
        }

        let name: String
        let scheme: String?
        let regionName: String?
        let display: String
        let dash: Bool
        let stateLabel: String
        let reasons: [Reason]
        let chart: Chart?
        let noChart: String
    }

    /// The balance as the platform shows it (an amount, 0.00 or "—"), the reasons and what to do, and the chart.
    func balancePage(_ request: Request) throws -> Response {
        guard let me = try gate.person(request) else { return signInRedirect(request) }
        let view = try gate.cache.balance(person: me.psnNo, platform: platform)
        let person = try platform.personView(me.psnNo)
        var chart: BalanceModel.Chart?
        var noChart = ""
        if view.state == "no_account" || view.state == "not_insured" {
            noChart = "没有个人账户，因此没有余额走势。"
        } else {
            do {
                let end = try platform.today()
                let start = end.adding(months: -12)
                let limit = settings.statementPageMax
                let statement = try platform.statement(person: me.psnNo, from: start.description, to: end.description, limit: limit)
                let drawn = BalanceChart(statement: statement, start: start, end: end, complete: statement.lines.count < limit)
                chart = .init(svg: drawn.svg, caption: drawn.caption)
            } catch PlatformError.noPersonalAccount(_) {
                noChart = "没有个人账户，因此没有余额走势。"
            }
        }
        let model = BalanceModel(name: person.name, scheme: view.scheme, regionName: view.regionName, display: view.display,
            dash: view.display == "—", stateLabel: Pages.stateLabel(view.state),
            reasons: view.reasons.map { .init(message: $0.message, action: $0.action.isEmpty ? nil : $0.action) },
            chart: chart, noChart: noChart)
        return renderer.page(.me, model, chrome: PageChrome(title: "我的医保", current: "/me", who: person.name, csrf: me.csrf))
    }

    /// Chinese labels of `BalanceView.state`.
    static func stateLabel(_ state: String) -> String {
        switch state {
        case "normal": "账户正常"
        case "no_account": "不设个人账户"
        case "not_activated": "账户未激活"
        case "frozen": "账户已冻结"
        case "suspended": "参保暂停"
        case "terminated": "参保终止"
        case "not_insured": "未参保"
        default: state
        }
    }

    struct StatementModel {
        struct Line {
            let date: String
            let description: String
            let amount: String
            let credit: Bool
            let balanceAfter: String
        }

        let from: String
        let to: String
        let noAccount: String?
        let hasStatement: Bool
        let balance: String
        let lines: [Line]
        let count: Int
        let truncated: Bool
        let limit: Int
    }

    func statementPage(_ request: Request) throws -> Response {
        guard let me = try gate.person(request) else { return signInRedirect(request) }
        let from = String((request.uri.queryParameters.get("from") ?? "").prefix(10))
        let to = String((request.uri.queryParameters.get("to") ?? "").prefix(10))
        let limit = settings.statementPageMax
        var status = HTTPResponse.Status.ok
        var statement: Statement?
        var refusal: String?
        do {
            statement = try platform.statement(person: me.psnNo, from: from.isEmpty ? nil : from, to: to.isEmpty ? nil : to,
                limit: limit)
        } catch let error as PlatformError {
            // No account is a state, not a fault: the page says so. A bad date is the visitor's to correct.
            if case .noPersonalAccount = error {} else { status = ErrorMapping.status(of: error) }
            refusal = error.message
        }
        let lines = statement?.lines.map {
            StatementModel.Line(date: $0.date.description, description: $0.description,
                amount: ($0.amountFen.isNegative ? "" : "+") + $0.amountFen.description, credit: !$0.amountFen.isNegative,
                balanceAfter: $0.balanceAfterFen.description)
        } ?? []
        let model = StatementModel(from: from, to: to, noAccount: refusal, hasStatement: statement != nil,
            balance: statement?.balanceFen.description ?? "", lines: lines, count: lines.count, truncated: lines.count >= limit,
            limit: limit)
        return renderer.page(.statement, model, chrome: try chrome("账户明细", current: "/me", person: me), status: status)
    }
}
