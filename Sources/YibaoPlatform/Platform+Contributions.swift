import YibaoCore
import YibaoPolicy

/// A contribution to post (`contribution post`).
public struct ContributionRequest: Codable, Sendable {
    public var person: String
    public var month: String
    public var base: String?
    /// Employer and employee parts as posted, where the pack has no rates (or to override nothing: when the
    /// pack has rates these must be absent).
    public var employerAmount: String?
    public var employeeAmount: String?
    public var insuranceType: InsuranceType?

    public init(person: String, month: String, base: String? = nil, employerAmount: String? = nil,
        employeeAmount: String? = nil, insuranceType: InsuranceType? = nil)
    {
        self.person = person
        self.month = month
        self.base = base
        self.employerAmount = employerAmount
        self.employeeAmount = employeeAmount
        self.insuranceType = insuranceType
    }
}

extension Platform {
    /// Posts one month's contribution: base clamped to the pack's range, parts by the pack's rates where
    /// known, else as posted. A month earlier than last month is recorded as back-payment (补缴).
    public func postContribution(_ r: ContributionRequest, key: String) throws -> ContributionRecord {
        let today = try today()
        let month = try parseMonth(r.month)
        guard month <= Month(today) else { throw PlatformError.monthInFuture(r.month) }
        return try store.write { tx in
            try idempotent(key: key, operation: "contribution", request: r, in: tx) {
                try contribute(r, month: month, kind: month < Month(today).adding(-1) ? .backPay : .monthly, today: today, in: tx)
            }
        }
    }

    /// Back-pays every unpaid month from `from` through `to` (补缴), in one transaction.
    /// Where the pack has no contribution rates, `employerAmount` and `employeeAmount` give each month's parts.
    public func backPay(person: String, from: String, to: String, employerAmount: String? = nil, employeeAmount: String? = nil,
        key: String) throws -> [ContributionRecord]
    {
        let today = try today()
        let first = try parseMonth(from)
        let last = try parseMonth(to)
        guard last <= Month(today) else { throw PlatformError.monthInFuture(to) }
        guard first <= last else { throw PlatformError.monthInvalid("\(from)–\(to)") }
        struct Request: Codable {
            let person, from, to: String
            let employerAmount, employeeAmount: String?
        }
        return try store.write { tx in
            try idempotent(key: key, operation: "back-pay",
                request: Request(person: person, from: from, to: to, employerAmount: employerAmount, employeeAmount: employeeAmount),
                in: tx) {
                let p = try self.person(person, in: tx)
                let history = try insurance(of: p, type: nil, in: tx)
                let paid = Set(try tx.contributions(insuranceId: history.insurance.id ?? 0).map(\.month))
                let months = Month.range(first, through: last, monthsMax: 120).filter { !paid.contains($0.description) }
                guard !months.isEmpty else { throw PlatformError.contributionNotDue(month: "\(from)–\(to)") }
                return try months.map { m in
                    try contribute(ContributionRequest(person: person, month: m.description, employerAmount: employerAmount,
                        employeeAmount: employeeAmount), month: m, kind: .backPay, today: today, in: tx)
                }
            }
        }
    }

    func contribute(_ r: ContributionRequest, month: Month, kind: ContributionKind, today: CalendarDate,
        in tx: any StoreTransaction) throws -> ContributionRecord
    {
        let person = try person(r.person, in: tx)
        let history = try insurance(of: person, type: r.insuranceType, in: tx)
        let insurance = history.insurance
        guard month.lastDay >= insurance.startDate else { throw PlatformError.monthBeforeEnrolment(r.month) }
        guard let state = history.state(on: month.lastDay) else { throw PlatformError.monthBeforeEnrolment(r.month) }
        if try tx.contributions(insuranceId: insurance.id ?? 0).contains(where: { $0.month == month.description }) {
            throw PlatformError.contributionExists(month: month.description)
        }
        // Rates and base range of the month's own year; without a pack for that year they are a gap, and the
        // parts must be posted as paid.
        let rates = (try? catalog.pack(region: insurance.region, year: month.year))?
            .scheme(insuranceType: insurance.insuranceType, tier: state.tier)?.contributions
        var base = try r.base.map { try parseAmount($0, field: "缴费基数") } ?? state.baseFen
        if let lo = rates?.baseMinFen { base = max(base, lo) }
        if let hi = rates?.baseMaxFen { base = min(base, hi) }
        let posted = (try r.employerAmount.map { try parseAmount($0, field: "单位缴费") },
            try r.employeeAmount.map { try parseAmount($0, field: "个人缴费") })
        var employer = Fen.zero
        var employee = Fen.zero
        let isResidents = insurance.insuranceType == .residentsBasic
        if isResidents {
            guard let annual = posted.1 ?? rates?.residentsAnnualFen else {
                throw PlatformError.invalidAmount(field: "个人缴费", reason: "本地区居民医保缴费标准未配置，请按实际缴费金额录入")
            }
            employee = annual
            base = .zero
        } else if let er = rates?.employerRateBps, let ee = rates?.employeeRateBps, posted.0 == nil, posted.1 == nil {
            employer = base.applying(er)
            employee = base.applying(ee)
        } else {
            guard let e1 = posted.0, let e2 = posted.1 else {
                throw PlatformError.invalidAmount(field: "缴费金额", reason: "本地区缴费比例未配置，请录入单位与个人缴费金额")
            }
            employer = e1
            employee = e2
        }
        guard employer + employee > .zero else { throw PlatformError.amountMustBePositive(field: "缴费金额") }
        let clearing = try counterAccount(.contributionClearing, region: insurance.region, in: tx, on: today)
        let fund = try counterAccount(.pooledFund, region: insurance.region, in: tx, on: today)
        let transferId = try tx.post(TransferRecord(
            idempotencyKey: "contribution:\(insurance.id ?? 0):\(month)", code: .contribution, amountFen: employer + employee,
            debitAccountId: clearing.id ?? 0, creditAccountId: fund.id ?? 0, reference: "contribution:\(insurance.id ?? 0):\(month)",
            memo: "\(month.chineseText)\(kind == .backPay ? "补缴" : "缴费")（\(person.psnNo)）", postedOn: today,
            timestamp: clock.timestamp()))
        // A residents' contribution for a past year is a back-payment (补缴): it shortens a waiting period
        // without counting as paid on time.
        let residentsKind: ContributionKind = month.year < today.year ? .backPay : .residentsAnnual
        var record = ContributionRecord(insuranceId: insurance.id ?? 0, month: month.description,
            kind: isResidents ? residentsKind : kind, baseFen: base, employerFen: employer, employeeFen: employee, paidOn: today,
            transferId: transferId)
        record.id = try tx.insert(record)
        return record
    }
}
