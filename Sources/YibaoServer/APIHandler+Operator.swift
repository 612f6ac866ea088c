import Foundation
import YibaoCore
import YibaoPlatform

extension APIHandler {
    func enrol(_ input: Operations.Enrol.Input) async throws -> Operations.Enrol.Output {
        guard case .json(let b) = input.body else { throw APIError.requestInvalid("需要 JSON") }
        let token = try auth.token(.operator)
        guard try platform.poolingRegion(of: b.region) == token.region else { throw AuthError.regionForbidden(region: token.region) }
        let request = EnrolRequest(idNumber: b.idNumber, name: b.name, phone: b.phone, region: b.region,
            insuranceType: try APIHandler.insuranceType(b.insuranceType.rawValue), tier: b.tier,
            personType: try APIHandler.personType(b.personType.rawValue), base: b.base, start: b.start, employer: b.employer,
            accountNotActivated: b.accountNotActivated ?? false)
        let platform = self.platform
        let key = "operator:\(token.tokenId):" + input.headers.idempotencyKey
        let hasher = self.hasher
        let now = self.now
        let result = try await Blocking.run { () throws -> EnrolResult in
            let result = try platform.enrol(request, key: key)
            if let password = b.password { try platform.setPassword(person: result.psn_no, password: password, at: now, hasher: hasher) }
            return result
        }
        return .created(.init(body: .json(try Wire.convert(result))))
    }

    func getOperatorPerson(_ input: Operations.GetOperatorPerson.Input) async throws -> Operations.GetOperatorPerson.Output {
        let token = try auth.token(.operator, forPerson: input.path.psnNo)
        let view = try platform.personView(input.path.psnNo)
        try await audited(token, person: input.path.psnNo, what: "person")
        return .ok(.init(body: .json(try Wire.convert(view))))
    }

    func getOperatorBalance(_ input: Operations.GetOperatorBalance.Input) async throws -> Operations.GetOperatorBalance.Output {
        let token = try auth.token(.operator, forPerson: input.path.psnNo)
        let view = try platform.balance(person: input.path.psnNo)
        try await audited(token, person: input.path.psnNo, what: "balance")
        return .ok(.init(body: .json(APIHandler.balance(view))))
    }

    func changeInsurance(_ input: Operations.ChangeInsurance.Input) async throws -> Operations.ChangeInsurance.Output {
        guard case .json(let b) = input.body else { throw APIError.requestInvalid("需要 JSON") }
        let token = try auth.token(.operator, forPerson: input.path.psnNo)
        let request = InsuranceChangeRequest(person: input.path.psnNo,
            insuranceType: try b.insuranceType.map { try APIHandler.insuranceType($0.rawValue) }, effective: b.effective, tier: b.tier,
            personType: try b.personType.map { try APIHandler.personType($0.rawValue) }, base: b.base,
            status: b.status.flatMap { InsuranceStatus(rawValue: $0.rawValue) }, reason: b.reason)
        let platform = self.platform
        let key = "operator:\(token.tokenId):" + input.headers.idempotencyKey
        let version = try await Blocking.run { try platform.changeInsurance(request, key: key) }
        return .created(.init(body: .json(try Wire.convert(version))))
    }

    func setAccountStatus(_ input: Operations.SetAccountStatus.Input) async throws -> Operations.SetAccountStatus.Output {
        guard case .json(let b) = input.body else { throw APIError.requestInvalid("需要 JSON") }
        let token = try auth.token(.operator, forPerson: input.path.psnNo)
        let status: AccountStatus = b.status == .frozen ? .frozen : .active
        let platform = self.platform
        let person = input.path.psnNo
        let key = "operator:\(token.tokenId):" + input.headers.idempotencyKey
        let event = try await Blocking.run {
            try platform.setAccountStatus(person: person, status: status, reason: b.reason ?? "", key: key)
        }
        return .created(.init(body: .json(try Wire.convert(event))))
    }

    func postContribution(_ input: Operations.PostContribution.Input) async throws -> Operations.PostContribution.Output {
        guard case .json(let b) = input.body else { throw APIError.requestInvalid("需要 JSON") }
        let token = try auth.token(.operator, forPerson: input.path.psnNo)
        let request = ContributionRequest(person: input.path.psnNo, month: b.month, base: b.base, employerAmount: b.employerAmount,
            employeeAmount: b.employeeAmount, insuranceType: try b.insuranceType.map { try APIHandler.insuranceType($0.rawValue) })
        let platform = self.platform
        let key = "operator:\(token.tokenId):" + input.headers.idempotencyKey
        let record = try await Blocking.run { try platform.postContribution(request, key: key) }
        return .created(.init(body: .json(try Wire.convert(record))))
    }

    func backPay(_ input: Operations.BackPay.Input) async throws -> Operations.BackPay.Output {
        guard case .json(let b) = input.body else { throw APIError.requestInvalid("需要 JSON") }
        let token = try auth.token(.operator, forPerson: input.path.psnNo)
        let platform = self.platform
        let person = input.path.psnNo
        let key = "operator:\(token.tokenId):" + input.headers.idempotencyKey
        let records = try await Blocking.run { try platform.backPay(person: person, from: b.from, to: b.to, key: key) }
        return .created(.init(body: .json(try Wire.convert(records))))
    }

    func setPassword(_ input: Operations.SetPassword.Input) async throws -> Operations.SetPassword.Output {
        guard case .json(let b) = input.body else { throw APIError.requestInvalid("需要 JSON") }
        _ = try auth.token(.operator, forPerson: input.path.psnNo)
        let platform = self.platform
        let person = input.path.psnNo
        let hasher = self.hasher
        let now = self.now
        try await Blocking.run { try platform.setPassword(person: person, password: b.password, at: now, hasher: hasher) }
        return .noContent(.init())
    }

    func startCreditingJob(_ input: Operations.StartCreditingJob.Input) async throws -> Operations.StartCreditingJob.Output {
        guard case .json(let b) = input.body else { throw APIError.requestInvalid("需要 JSON") }
        let token = try auth.token(.operator)
        let job = try platform.createCreditingJob(month: b.month, region: token.region, requestedBy: token.tokenId, at: now)
        guard let id = job.id, await jobs.enqueue(id) else {
            throw PlatformError.limitExceeded(name: "排队中的划入任务", max: CreditingJobRunner.queuedMax)
        }
        return .accepted(.init(body: .json(try APIHandler.job(job))))
    }

    func getCreditingJob(_ input: Operations.GetCreditingJob.Input) async throws -> Operations.GetCreditingJob.Output {
        let token = try auth.token(.operator)
        let job = try platform.creditingJob(id: input.path.id)
        guard job.region == token.region else { throw AuthError.jobNotFound(input.path.id) }
        return .ok(.init(body: .json(try APIHandler.job(job))))
    }

    func runAudit(_ input: Operations.RunAudit.Input) async throws -> Operations.RunAudit.Output {
        _ = try auth.token(.operator)
        let platform = self.platform
        let report = try await Blocking.run { try platform.audit() }
        return .ok(.init(body: .json(try Wire.convert(report))))
    }

    /// Records the operator's read of a person's records (the audit log the issue asks for).
    func audited(_ token: TokenPrincipal, person: String, what: String) async throws {
        let platform = self.platform
        let now = self.now
        try await Blocking.run { try platform.recordOperatorRead(token: token, person: person, what: what, at: now) }
    }

    static func job(_ j: CreditingJobRecord) throws -> Components.Schemas.CreditingJob {
        let report = try j.reportJSON.map { try JSONDecoder().decode(Components.Schemas.CreditingReport.self, from: Data($0.utf8)) }
        let error = j.errorCode.map { Components.Schemas._Error(code: $0, message: j.errorMessage ?? "") }
        return .init(id: j.id ?? 0, month: j.month, region: j.region,
            status: Components.Schemas.CreditingJob.StatusPayload(rawValue: j.status.rawValue) ?? .failed, done: j.done, total: j.total,
            report: report, error: error, createdAt: j.createdAt, finishedAt: j.finishedAt)
    }

    static func insuranceType(_ raw: String) throws -> InsuranceType {
        guard let t = InsuranceType(rawValue: raw) else { throw APIError.requestInvalid("险种 \(raw)") }
        return t
    }

    static func personType(_ raw: String) throws -> PersonType {
        guard let t = PersonType(rawValue: raw) else { throw APIError.requestInvalid("人员类别 \(raw)") }
        return t
    }
}
