import Foundation
import Hummingbird
import YibaoCore
import YibaoPlatform

/// 经办后台: the operator console. Operators sign in with their API token (kept in an HttpOnly cookie limited
/// to /console); every action is the API's operator use case, bound to the token's region in the same way.
extension Pages {
    func registerConsole(on router: Router<AppRequestContext>) {
        route(router, .get, "/console/login", site: .console) { request, _ in try consoleSignInPage(request) }
        route(router, .post, "/console/login", site: .console) { request, _ in try await consoleSignIn(request) }
        route(router, .post, "/console/logout", site: .console) { request, _ in try await consoleSignOut(request) }
        route(router, .get, "/console", site: .console) { request, _ in try consoleHome(request) }
        route(router, .get, "/console/enrol", site: .console) { request, _ in try enrolPage(request) }
        route(router, .post, "/console/enrol", site: .console) { request, _ in try await enrol(request) }
        route(router, .get, "/console/contributions", site: .console) { request, _ in try contributionPage(request) }
        route(router, .post, "/console/contributions", site: .console) { request, _ in try await postContribution(request) }
        registerConsoleLedger(on: router)
    }

    /// The chrome of a console page for the signed-in operator.
    func consoleChrome(_ title: String, current: String, _ op: PageGuard.Operator, refreshSeconds: Int? = nil) -> PageChrome {
        PageChrome(title: title, site: .console, current: current, who: op.principal.name.isEmpty ? "经办人员" : op.principal.name,
            csrf: op.csrf, refreshSeconds: refreshSeconds)
    }

    static var consoleSignInRedirect: Response { PageRenderer.seeOther("/console/login") }

    struct ConsoleSignInModel {
        let csrf: String
        let error: String?
    }

    func consoleSignInPage(_ request: Request) throws -> Response {
        if (try? gate.consoleOperator(request)) != nil { return PageRenderer.seeOther("/console") }
        return consoleSignInForm(request, error: nil, status: .ok)
    }

    func consoleSignInForm(_ request: Request, error: String?, status: HTTPResponse.Status) -> Response {
        let (csrf, cookie) = gate.anonymousFormToken(request)
        return renderer.page(.consoleLogin, ConsoleSignInModel(csrf: csrf, error: error),
            chrome: PageChrome(title: "经办人员登录", site: .console), status: status, cookies: cookie.map { [$0] } ?? [])
    }

    /// Accepts an operator token only; an institution's token or an unknown one is refused and no cookie is set.
    func consoleSignIn(_ request: Request) async throws -> Response {
        let form = try await PageForm.read(request, bytesMax: settings.requestBodyBytesMax)
        try gate.checkAnonymous(form, request)
        let token = form["token"]
        do {
            _ = try gate.operatorToken(token)
        } catch let error as AuthError {
            let message = if case .wrongRole = error { "经办后台仅限经办人员的令牌登录。" } else { error.message }
            return consoleSignInForm(request, error: message, status: ErrorMapping.status(of: error))
        }
        return PageRenderer.seeOther("/console", cookies: [gate.operatorCookie(token, maxAge: PageGuard.operatorCookieSeconds)])
    }

    func consoleSignOut(_ request: Request) async throws -> Response {
        if let op = try? gate.consoleOperator(request) {
            let form = try await PageForm.read(request, bytesMax: settings.requestBodyBytesMax)
            try PageGuard.check(form, expected: op.csrf)
        }
        return PageRenderer.seeOther("/console/login", cookies: [gate.operatorCookie("", maxAge: 0)])
    }

    struct ConsoleHomeModel {
        let name: String
        let region: String
        let regionName: String
    }

    func consoleHome(_ request: Request) throws -> Response {
        guard let op = try gate.consoleOperator(request) else { return Pages.consoleSignInRedirect }
        let model = ConsoleHomeModel(name: op.principal.name, region: op.principal.region, regionName: regionName(op.principal.region))
        return renderer.page(.consoleHome, model, chrome: consoleChrome("经办后台", current: "/console", op))
    }

    struct Option {
        let value: String
        let label: String
        let selected: Bool
    }

    struct EnrolModel {
        let csrf: String
        let key: String
        let error: String?
        let form: [String: String]
        let insuranceTypes: [Option]
        let tiers: [Option]
        let personTypes: [Option]
    }

    func enrolPage(_ request: Request) throws -> Response {
        guard let op = try gate.consoleOperator(request) else { return Pages.consoleSignInRedirect }
        let defaults = ["region": op.principal.region, "start": try platform.today().description, "insuranceType": "310",
                        "tier": "1", "personType": PersonType.inService.rawValue]
        return enrolForm(op, values: defaults, error: nil, status: .ok)
    }

    func enrolForm(_ op: PageGuard.Operator, values: [String: String], error: String?, status: HTTPResponse.Status) -> Response {
        var values = values
        values["password"] = nil
        values["notActivated"] = values["notActivated"] == "1" ? "1" : nil
        let model = EnrolModel(csrf: op.csrf, key: PageText.randomValue(), error: error, form: values,
            insuranceTypes: [InsuranceType.employeeBasic, .residentsBasic].map {
                Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == values["insuranceType"])
            },
            tiers: [("", "不分档"), ("1", "一档"), ("2", "二档")].map {
                Option(value: $0.0, label: $0.1, selected: $0.0 == values["tier"])
            },
            personTypes: PersonType.allCases.map {
                Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == values["personType"])
            })
        return renderer.page(.consoleEnrol, model, chrome: consoleChrome("参保登记", current: "/console/enrol", op), status: status)
    }

    /// Enrols through `Platform.enrol` in the operator's own region (the API's rule), with an initial password when
    /// one is given; then shows the new person.
    func enrol(_ request: Request) async throws -> Response {
        guard let op = try gate.consoleOperator(request) else { return Pages.consoleSignInRedirect }
        let form = try await PageForm.read(request, bytesMax: settings.requestBodyBytesMax)
        try PageGuard.check(form, expected: op.csrf)
        do {
            guard let type = InsuranceType(rawValue: form["insuranceType"]) else { throw APIError.requestInvalid("险种") }
            guard let personType = PersonType(rawValue: form["personType"]) else { throw APIError.requestInvalid("人员类别") }
            let enrolment = EnrolRequest(idNumber: form["idNumber"], name: form["name"], phone: form.optional("phone"),
                region: form["region"], insuranceType: type, tier: form.optional("tier"), personType: personType, base: form["base"],
                start: form["start"], employer: form.optional("employer"), accountNotActivated: form["notActivated"] == "1")
            guard try platform.poolingRegion(of: enrolment.region) == op.principal.region else {
                throw AuthError.regionForbidden(region: op.principal.region)
            }
            let key = try Pages.formKey(form, scope: "operator:\(op.principal.tokenId)")
            let password = form.optional("password")
            let (platform, hasher, now) = (self.platform, self.hasher, self.now)
            let result = try await Blocking.run { () throws -> EnrolResult in
                let result = try platform.enrol(enrolment, key: key)
                if let password { try platform.setPassword(person: result.psn_no, password: password, at: now, hasher: hasher) }
                return result
            }
            return PageRenderer.seeOther("/console/persons/\(result.psn_no)?notice=enrolled")
        } catch let error as any YibaoError {
            return enrolForm(op, values: form.fields, error: error.message, status: ErrorMapping.status(of: error))
        }
    }

    struct ContributionModel {
        struct Done {
            let month: String
            let kind: String
            let base: String
            let employer: String
            let employee: String
        }

        let csrf: String
        let key: String
        let error: String?
        let done: Done?
        let form: [String: String]
    }

    func contributionPage(_ request: Request) throws -> Response {
        guard let op = try gate.consoleOperator(request) else { return Pages.consoleSignInRedirect }
        let person = String((request.uri.queryParameters.get("person") ?? "").prefix(32))
        let lastMonth = Month(try platform.today()).adding(-1).description
        return contributionForm(op, values: ["person": person, "month": lastMonth], error: nil, done: nil, status: .ok)
    }

    func contributionForm(_ op: PageGuard.Operator, values: [String: String], error: String?, done: ContributionModel.Done?,
        status: HTTPResponse.Status) -> Response
    {
        let model = ContributionModel(csrf: op.csrf, key: PageText.randomValue(), error: error, done: done, form: values)
        return renderer.page(.consoleContributions, model, chrome: consoleChrome("缴费登记", current: "/console/contributions", op),
            status: status)
    }

    /// Posts one month's contribution through `Platform.postContribution` for a person of the operator's region.
    /// Posting the same form twice is a replay of the first (its idempotency key), never a second posting.
    func postContribution(_ request: Request) async throws -> Response {
        guard let op = try gate.consoleOperator(request) else { return Pages.consoleSignInRedirect }
        let form = try await PageForm.read(request, bytesMax: settings.requestBodyBytesMax)
        try PageGuard.check(form, expected: op.csrf)
        do {
            let person = form["person"]
            try platform.checkPerson(person, inRegion: op.principal.region)
            let contribution = ContributionRequest(person: person, month: form["month"], base: form.optional("base"),
                employerAmount: form.optional("employerAmount"), employeeAmount: form.optional("employeeAmount"), insuranceType: nil)
            let key = try Pages.formKey(form, scope: "operator:\(op.principal.tokenId)")
            let platform = self.platform
            let record = try await Blocking.run { try platform.postContribution(contribution, key: key) }
            let done = ContributionModel.Done(month: record.month, kind: Pages.contributionKindLabel(record.kind),
                base: record.baseFen.description, employer: record.employerFen.description, employee: record.employeeFen.description)
            return contributionForm(op, values: ["person": person], error: nil, done: done, status: .ok)
        } catch let error as any YibaoError {
            return contributionForm(op, values: form.fields, error: error.message, done: nil, status: ErrorMapping.status(of: error))
        }
    }

    static func contributionKindLabel(_ kind: ContributionKind) -> String {
        switch kind {
        case .monthly: "按月缴费"
        case .backPay: "补缴"
        case .residentsAnnual: "居民医保年度缴费"
        }
    }
}
