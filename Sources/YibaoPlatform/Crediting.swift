import YibaoCore
import YibaoPolicy

/// What the monthly crediting (划入) does for one insurance row and month: pure, from the pack and records.
public enum CreditDecision: Sendable, Hashable {
    /// Credit `grossFen`, then withhold `deductionFen` (e.g. 广州 长护险), on the stated basis.
    case credit(grossFen: Fen, deductionFen: Fen, basis: CreditBasis)
    /// No credit this month, and why (Chinese).
    case skip(reason: CreditSkipReason)
}

public enum CreditSkipReason: String, Sendable, Hashable, Codable, CaseIterable {
    case noPersonalAccount = "no_personal_account"
    case notInsured = "not_insured"
    case suspendedOrTerminated = "suspended_or_terminated"
    case contributionUnpaid = "contribution_unpaid"
    case ruleNotConfigured = "rule_not_configured"
    case notThisMonth = "not_this_month"
    case alreadyCredited = "already_credited"
    case zeroAmount = "zero_amount"

    public var label: String {
        switch self {
        case .noPersonalAccount: "不设个人账户"
        case .notInsured: "当月未参保"
        case .suspendedOrTerminated: "暂停或终止参保"
        case .contributionUnpaid: "当月未缴费"
        case .ruleNotConfigured: "本地区划入规则未配置"
        case .notThisMonth: "按年划入，非划入月份"
        case .alreadyCredited: "本月已划入"
        case .zeroAmount: "划入金额为 0"
        }
    }
}

/// Why a credit has its amount; its `text` is the statement's description. Hashable, so that a crediting run
/// builds each distinct description once.
public enum CreditBasis: Sendable, Hashable {
    case shareOfBase(baseFen: Fen, share: Bps)
    case retiredFixed(amountFen: Fen, age: Int, yearly: Bool, deductions: [Deduction])

    public var text: String {
        switch self {
        case .shareOfBase(let base, let share):
            return "缴费基数 \(base) 元 × \(share)"
        case .retiredFixed(let amount, let age, let yearly, let deductions):
            let names = deductions.map { "\($0.name) \($0.monthlyFen) 元/月" }.joined(separator: "、")
            return "退休人员\(yearly ? "年度" : "每月")定额 \(amount) 元（\(age) 岁）" + (names.isEmpty ? "" : "，扣除\(names)")
        }
    }
}

public enum CreditRule {
    /// Decides the credit for `month`: in service, a share of the month's paid base; retired, the fixed
    /// amount for the age band (monthly, or yearly in January) minus the pack's deductions.
    public static func decide(scheme: Scheme?, state: InsuranceVersion?, contribution: ContributionRecord?,
        birthDate: CalendarDate, month: Month) -> CreditDecision
    {
        guard let scheme, scheme.hasPersonalAccount else { return .skip(reason: .noPersonalAccount) }
        guard let state else { return .skip(reason: .notInsured) }
        guard state.status == .active else { return .skip(reason: .suspendedOrTerminated) }
        switch state.personType {
        case .inService:
            guard let contribution else { return .skip(reason: .contributionUnpaid) }
            guard let share = scheme.crediting?.inService?.shareOfBaseBps else { return .skip(reason: .ruleNotConfigured) }
            let amount = contribution.baseFen.applying(share)
            return amount > .zero
                ? .credit(grossFen: amount, deductionFen: .zero, basis: .shareOfBase(baseFen: contribution.baseFen, share: share))
                : .skip(reason: .zeroAmount)
        case .retired:
            guard let retired = scheme.crediting?.retired, case .fixed(let bands, let period) = retired.rule else {
                return .skip(reason: .ruleNotConfigured)
            }
            if period == .year, month.month != 1 { return .skip(reason: .notThisMonth) }
            let age = month.firstDay.years(since: birthDate)
            guard let band = bands.last(where: { $0.minAge <= age }) else { return .skip(reason: .ruleNotConfigured) }
            let deduction = retired.deductions.reduce(Fen.zero) { $0 + $1.monthlyFen } * (period == .year ? 12 : 1)
            return .credit(grossFen: band.amountFen, deductionFen: min(deduction, band.amountFen),
                basis: .retiredFixed(amountFen: band.amountFen, age: age, yearly: period == .year, deductions: retired.deductions))
        }
    }
}
