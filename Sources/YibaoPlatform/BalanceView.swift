import YibaoCore

/// What a person sees for their personal account: an amount, 0.00, or "—", with the reasons behind it.
public struct BalanceView: Codable, Sendable, Hashable {
    public let psn_no: String
    /// "—" only when no account exists or its state makes the amount unknowable; otherwise the amount.
    public let display: String
    public let balanceFen: Fen?
    /// normal / no_account / not_activated / frozen / suspended / terminated / not_insured
    public let state: String
    public let region: String?
    public let regionName: String?
    public let scheme: String?
    public let reasons: [BalanceReason]

    /// The reasons as readable Chinese text (`yibao explain`, the help centre's personal answers).
    public var explanationText: [String] {
        var lines = ["个人账户余额：\(display == "—" ? "—（不显示金额）" : "\(display) 元")"]
        for (i, r) in reasons.enumerated() {
            lines.append("\(i + 1). \(r.message)")
            if !r.action.isEmpty { lines.append("   办理建议：\(r.action)") }
        }
        if reasons.isEmpty { lines.append("账户状态正常，余额为历次划入减去支出后的结果，可在明细中查看每一笔。") }
        return lines
    }
}

extension BalanceView {
    /// The API's JSON for this view (`BalanceView` in openapi.yaml), written directly: `GET /api/v1/me/balance`
    /// is the hottest read, and the server caches this text with the view. Absent optionals are left out, as
    /// Codable does; `details` keys are sorted so that the same view always gives the same bytes.
    public var jsonText: String {
        var j = JSONText()
        j.beginObject()
        j.string("psn_no", psn_no)
        j.string("display", display)
        if let balanceFen { j.int("balanceFen", Int(balanceFen.value)) }
        j.string("state", state)
        if let region { j.string("region", region) }
        if let regionName { j.string("regionName", regionName) }
        if let scheme { j.string("scheme", scheme) }
        j.beginArray("reasons")
        for r in reasons {
            j.beginObject()
            j.string("code", r.code)
            j.string("message", r.message)
            j.string("action", r.action)
            j.beginObject("details")
            for (k, v) in r.details.sorted(by: { $0.key < $1.key }) { j.string(k, v) }
            j.endObject()
            j.endObject()
        }
        j.endArray()
        j.endObject()
        return j.text
    }
}

/// One reason behind a balance, with what to do next.
public struct BalanceReason: Codable, Sendable, Hashable {
    public let code: String
    public let message: String
    public let action: String
    /// Structured details (months, dates, amounts) for pages and the API.
    public let details: [String: String]

    public init(code: ReasonCode, message: String, action: String, details: [String: String] = [:]) {
        self.code = code.rawValue
        self.message = message
        self.action = action
        self.details = details
    }
}

/// The reason codes people meet (shared seeds/page-example.txt lists the generic versions).
public enum ReasonCode: String, Sendable, CaseIterable, Codable {
    case noPersonalAccount = "no_personal_account"
    case firstCreditPending = "first_credit_pending"
    case contributionUnpaid = "contribution_unpaid"
    case suspended
    case waitingPeriod = "waiting_period"
    case frozen
    case notActivated = "not_activated"
    case spent
    case spentByRelatives = "spent_by_relatives"
    case terminated
    case creditingNotRun = "crediting_not_run"
    case notInsured = "not_insured"
    case ruleNotConfigured = "rule_not_configured"
}

/// Everything the explanation needs, read from the person's records in one read transaction.
public struct BalanceFacts: Sendable {
    public var psnNo: String
    public var birthDate: CalendarDate
    public var today: CalendarDate
    public var insurance: InsuranceHistory?
    public var regionName: String?
    public var schemeLabel: String?
    /// Whether the current scheme keeps a personal account (nil: the region or year has no pack).
    public var schemeHasAccount: Bool?
    public var hasTiers: Bool
    public var account: AccountRecord?
    public var accountStatus: AccountStatusEvent?
    public var contributions: [ContributionRecord]
    public var credits: [CreditRecord]
    /// Whether the crediting batch ran for last month in the person's region.
    public var lastMonthRunDone: Bool
    /// Due date of last month's credit (a working-day rule, see `Platform.creditDueDate`).
    public var lastMonthDueDate: CalendarDate?
    /// Due date of the first credit (for the month of enrolment).
    public var firstCreditDueDate: CalendarDate?
    /// Debits of the account in the last 12 months (own spending), largest first.
    public var recentDebits: [TransferRecord]
    /// Mutual-aid payments from this account in the last 12 months: (relative's masked name, amount), one per relative.
    public var relativeSpending: [(String, Fen)]
    public var residentsWaiting: ResidentsWaitingInput?
    /// Retirees credited once a year (上海: in January), so other months have nothing due.
    public var retiredCreditedYearly = false
    public var employeeLapseRuleConfigured: Bool

    public init(psnNo: String, birthDate: CalendarDate, today: CalendarDate) {
        self.psnNo = psnNo
        self.birthDate = birthDate
        self.today = today
        insurance = nil
        hasTiers = false
        contributions = []
        credits = []
        lastMonthRunDone = false
        recentDebits = []
        relativeSpending = []
        employeeLapseRuleConfigured = false
    }
}

/// For the residents' waiting period: the national rule and the person's lapse.
public struct ResidentsWaitingInput: Sendable {
    public let fixedMonths: Int
    public let extraMonthsPerLapseYear: Int
    public let monthsRemovedPerBackPaidYear: Int
    public let longLapseYears: Int
    public let longLapseMinMonths: Int
    public let source: String
}
