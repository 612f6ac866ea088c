import Foundation
import Hummingbird
import YibaoCore
import YibaoPlatform

/// The console's ledger pages: the monthly crediting with a progress bar, a person's records (audit-logged, as
/// the API's operator reads are), freezing and unfreezing an account, and the full audit.
extension Pages {
    func registerConsoleLedger(on router: Router<AppRequestContext>) {
        route(router, .get, "/console/crediting", site: .console) { request, _ in try creditingPage(request) }
        route(router, .post, "/console/crediting", site: .console) { request, _ in try await startCrediting(request) }
        route(router, .get, "/console/crediting/:id", site: .console) { request, context in
            try creditingJobPage(request, id: context.parameters.get("id") ?? "")
        }
        route(router, .get, "/console/persons", site: .console) { request, _ in try personsPage(request) }
        route(router, .post, "/console/persons", site: .console) { request, _ in try await findPerson(request) }
        route(router, .get, "/console/persons/:psn", site: .console) { request, context in
            try await personPage(request, psnNo: context.parameters.get("psn") ?? "", error: nil, status: .ok)
        }
        route(router, .post, "/console/persons/:psn/account-status", site: .console) { request, context in
            try await setAccountStatus(request, psnNo: context.parameters.get("psn") ?? "")
        }
        route(router, .get, "/console/audit", site: .console) { request, _ in try auditPage(request) }
        route(router, .post, "/console/audit", site: .console) { request, _ in try await runAudit(request) }
    }

    // MARK: Crediting

    struct CreditingModel {
        let csrf: String
        let month: String
        let region: String
        let error: String?
    }

    func creditingPage(_ request: Request) throws -> Response {
        guard let op = try gate.consoleOperator(request) else { return Pages.consoleSignInRedirect }
        let model = CreditingModel(csrf: op.csrf, month: Month(try platform.today()).adding(-1).description,
            region: op.principal.region, error: nil)
        return renderer.page(.consoleCrediting, model, chrome: consoleChrome("个人账户划入", current: "/console/crediting", op))
    }

    /// Queues a crediting job for the operator's region (as the API's `POST /operator/crediting-jobs`) and goes
    /// to its progress page.
    func startCrediting(_ request: Request) async throws -> Response {
        guard let op = try gate.consoleOperator(request) else { return Pages.consoleSignInRedirect }
        let form = try await PageForm.read(request, bytesMax: settings.requestBodyBytesMax)
        try PageGuard.check(form, expected: op.csrf)
        do {
            let job = try platform.createCreditingJob(month: form["month"], region: op.principal.region,
                requestedBy: op.principal.tokenId, at: now)
            guard let id = job.id, await jobs.enqueue(id) else {
                throw PlatformError.limitExceeded(name: "排队中的划入任务", max: CreditingJobRunner.queuedMax)
            }
            return PageRenderer.seeOther("/console/crediting/\(id)")
        } catch let error as any YibaoError {
            let model = CreditingModel(csrf: op.csrf, month: String(form["month"].prefix(7)), region: op.principal.region,
                error: error.message)
            return renderer.page(.consoleCrediting, model, chrome: consoleChrome("个人账户划入", current: "/console/crediting", op),
                status: ErrorMapping.status(of: error))
        }
    }

    struct JobModel {
        struct Report {
            struct Skip {
                let label: String
                let count: Int
            }
            let examined: Int
            let credited: Int
            let totalAmount: String
            let deducted: String
            let skipped: [Skip]
        }

        let id: Int64
        let month: String
        let region: String
        let statusLabel: String
        let done: Int
        let total: Int
        let max: Int
        let percent: Int
        let running: Bool
        let refreshSeconds: Int
        let report: Report?
        let error: String?
    }

    /// Seconds between reloads of a running job's page: `<meta http-equiv="refresh">`, no script.
    static var jobRefreshSeconds: Int { 1 }

    func creditingJobPage(_ request: Request, id text: String) throws -> Response {
        guard let op = try gate.consoleOperator(request) else { return Pages.consoleSignInRedirect }
        guard let id = Int64(text) else { throw AuthError.jobNotFound(0) }
        let job = try platform.creditingJob(id: id)
        // Another region's job does not exist for this operator (as in the API).
        guard job.region == op.principal.region else { throw AuthError.jobNotFound(id) }
        let running = job.status == .queued || job.status == .running
        let finished = job.status == .succeeded
        let percent = job.total > 0 ? min(100, job.done * 100 / job.total) : (finished ? 100 : 0)
        let report = try job.reportJSON.map { try JSONDecoder().decode(CreditingReport.self, from: Data($0.utf8)) }.map { r in
            JobModel.Report(examined: r.examined, credited: r.credited, totalAmount: r.totalFen.description,
                deducted: r.deductedFen.description,
                skipped: r.skipped.sorted { $0.key < $1.key }.map {
                    .init(label: CreditSkipReason(rawValue: $0.key)?.label ?? $0.key, count: $0.value)
                })
        }
        let model = JobModel(id: id, month: job.month, region: job.region, statusLabel: Pages.jobStatusLabel(job.status),
            done: job.done, total: job.total, max: Swift.max(1, job.total), percent: percent, running: running,
            refreshSeconds: Pages.jobRefreshSeconds, report: report,
            error: job.errorMessage.map { "划入失败：\($0)" } ?? (job.status == .interrupted ? "服务重启时任务中断，请重新运行本月划入（不会重复划入）。" : nil))
        return renderer.page(.consoleJob, model, chrome: consoleChrome("划入任务 #\(id)", current: "/console/crediting", op,
            refreshSeconds: running ? Pages.jobRefreshSeconds : nil))
    }

    static func jobStatusLabel(_ status: CreditingJobStatus) -> String {
        switch status {
        case .queued: "排队中"
        case .running: "进行中"
        case .succeeded: "已完成"
        case .failed: "失败"
        case .interrupted: "已中断"
        }
    }

    // MARK: Persons

    struct FindPersonModel {
        let csrf: String
        let person: String
        let error: String?
    }

    func personsPage(_ request: Request) throws -> Response {
        guard let op = try gate.consoleOperator(request) else { return Pages.consoleSignInRedirect }
        return renderer.page(.consolePersons, FindPersonModel(csrf: op.csrf, person: "", error: nil),
            chrome: consoleChrome("人员查询", current: "/console/persons", op))
    }

    /// Looks a person up by 人员编号 or ID number (posted, so that an ID number never appears in a URL) and goes
    /// to the person's page under their 人员编号.
    func findPerson(_ request: Request) async throws -> Response {
        guard let op = try gate.consoleOperator(request) else { return Pages.consoleSignInRedirect }
        let form = try await PageForm.read(request, bytesMax: settings.requestBodyBytesMax)
        try PageGuard.check(form, expected: op.csrf)
        let query = String(form["person"].prefix(32))
        do {
            try platform.checkPerson(query, inRegion: op.principal.region)
            return PageRenderer.seeOther("/console/persons/\(try platform.personView(query).psn_no)")
        } catch let error as any YibaoError {
            return renderer.page(.consolePersons, FindPersonModel(csrf: op.csrf, person: query, error: error.message),
                chrome: consoleChrome("人员查询", current: "/console/persons", op), status: ErrorMapping.status(of: error))
        }
    }
}
