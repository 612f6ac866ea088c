import Foundation
import Hummingbird
import YibaoCore
import YibaoPlatform

/// A person's page in the console (their register entry and balance, each read audit-logged), freezing and
/// unfreezing the personal account, and the ledger audit.
extension Pages {
    struct PersonModel {
        struct Insurance {
            let label: String
            let regionName: String
            let tier: String?
            let personType: String
            let base: String
            let status: String
            let startDate: String
            let employer: String?
        }
        struct Reason {
            let message: String
            let action: String?
        }

        let csrf: String
        let key: String
        let notice: String?
        let error: String?
        let psnNo: String
        let name: String
        let idNumberMasked: String
        let sex: String
        let birthDate: String
        let phoneMasked: String?
        let insurances: [Insurance]
        let display: String
        let dash: Bool
        let stateLabel: String
        let reasons: [Reason]
        let hasAccount: Bool
        let frozen: Bool
    }

    static func personNotice(_ code: String?) -> String? {
        switch code {
        case "enrolled": "已完成参保登记。"
        case "frozen": "个人账户已冻结。"
        case "active": "个人账户已解冻。"
        default: nil
        }
    }

    func personPage(_ request: Request, psnNo: String, error: String?, status: HTTPResponse.Status) async throws -> Response {
        guard let op = try gate.consoleOperator(request) else { return Pages.consoleSignInRedirect }
        try platform.checkPerson(psnNo, inRegion: op.principal.region)
        let person = try platform.personView(psnNo)
        let balance = try platform.balance(person: psnNo)
        // Staff reads of personal records are audit-logged, as the API's operator reads are.
        let (platform, principal, now) = (self.platform, op.principal, self.now)
        try await Blocking.run {
            try platform.recordOperatorRead(token: principal, person: psnNo, what: "person", at: now)
            try platform.recordOperatorRead(token: principal, person: psnNo, what: "balance", at: now)
        }
        let insurances = person.insurances.map { i in
            PersonModel.Insurance(label: i.insuranceTypeLabel, regionName: i.regionName,
                tier: i.current?.tier.map { $0 == "1" ? "一档" : $0 == "2" ? "二档" : "\($0)档" },
                personType: i.current?.personType.label ?? "", base: i.current?.baseFen.description ?? "",
                status: i.current?.status.label ?? "", startDate: i.startDate.description, employer: i.employer)
        }
        let model = PersonModel(csrf: op.csrf, key: PageText.randomValue(),
            notice: error == nil ? Pages.personNotice(request.uri.queryParameters.get("notice")) : nil,
            error: error, psnNo: person.psn_no, name: person.name, idNumberMasked: person.idNumberMasked, sex: person.sex,
            birthDate: person.birthDate.description, phoneMasked: person.phoneMasked, insurances: insurances,
            display: balance.display, dash: balance.display == "—", stateLabel: Pages.stateLabel(balance.state),
            reasons: balance.reasons.map { .init(message: $0.message, action: $0.action.isEmpty ? nil : $0.action) },
            hasAccount: balance.state != "no_account" && balance.state != "not_insured", frozen: balance.state == "frozen")
        return renderer.page(.consolePerson, model, chrome: consoleChrome(person.name, current: "/console/persons", op),
            status: status)
    }

    /// Freezes or unfreezes the personal account (`Platform.setAccountStatus`, as the API's account-status).
    func setAccountStatus(_ request: Request, psnNo: String) async throws -> Response {
        guard let op = try gate.consoleOperator(request) else { return Pages.consoleSignInRedirect }
        let form = try await PageForm.read(request, bytesMax: settings.requestBodyBytesMax)
        try PageGuard.check(form, expected: op.csrf)
        try platform.checkPerson(psnNo, inRegion: op.principal.region)
        let status: AccountStatus = form["status"] == "frozen" ? .frozen : .active
        let reason = String(form["reason"].prefix(200))
        do {
            let key = try Pages.formKey(form, scope: "operator:\(op.principal.tokenId)")
            let platform = self.platform
            _ = try await Blocking.run { try platform.setAccountStatus(person: psnNo, status: status, reason: reason, key: key) }
        } catch let error as any YibaoError {
            return try await personPage(request, psnNo: psnNo, error: error.message, status: ErrorMapping.status(of: error))
        }
        return PageRenderer.seeOther("/console/persons/\(psnNo)?notice=\(status.rawValue)")
    }

    // MARK: Audit

    struct AuditModel {
        struct Report {
            let ok: Bool
            let accounts: Int
            let transfers: Int
            let settlements: Int
            let violations: [String]
            let violationCount: Int
        }

        let csrf: String
        let report: Report?
    }

    func auditPage(_ request: Request) throws -> Response {
        guard let op = try gate.consoleOperator(request) else { return Pages.consoleSignInRedirect }
        return renderer.page(.consoleAudit, AuditModel(csrf: op.csrf, report: nil),
            chrome: consoleChrome("账务审计", current: "/console/audit", op))
    }

    /// Runs every ledger invariant over the whole database (`Platform.audit`), off the request threads.
    func runAudit(_ request: Request) async throws -> Response {
        guard let op = try gate.consoleOperator(request) else { return Pages.consoleSignInRedirect }
        let form = try await PageForm.read(request, bytesMax: settings.requestBodyBytesMax)
        try PageGuard.check(form, expected: op.csrf)
        let platform = self.platform
        let r = try await Blocking.run { try platform.audit() }
        let report = AuditModel.Report(ok: r.ok, accounts: r.accounts, transfers: r.transfers, settlements: r.settlements,
            violations: r.violations, violationCount: r.violations.count)
        return renderer.page(.consoleAudit, AuditModel(csrf: op.csrf, report: report),
            chrome: consoleChrome("账务审计", current: "/console/audit", op))
    }
}
