import YibaoCore

// Plain records that cross the store boundary. The store maps them to rows; the platform never sees SQL.
// Every table is append-only except the cached balance columns of `AccountRecord`, which the store updates in
// the same transaction as the transfer that changes them (and `audit` re-derives).

/// A registered person (参保人).
public struct PersonRecord: Sendable, Hashable, Codable {
    public var id: Int64?
    /// 人员编号, generated, unique.
    public var psnNo: String
    public var idNumber: String
    public var name: String
    public var phone: String?
    public var createdOn: CalendarDate
    /// Salted slow hash of the sign-in password, if one was set.
    public var passwordHash: String?

    public init(id: Int64? = nil, psnNo: String, idNumber: String, name: String, phone: String?, createdOn: CalendarDate,
        passwordHash: String? = nil)
    {
        self.id = id
        self.psnNo = psnNo
        self.idNumber = idNumber
        self.name = name
        self.phone = phone
        self.createdOn = createdOn
        self.passwordHash = passwordHash
    }
}

/// One insurance row of a person (参保): type and region never change; the rest changes through versions.
public struct InsuranceRecord: Sendable, Hashable, Codable {
    public var id: Int64?
    public var personId: Int64
    public var insuranceType: InsuranceType
    public var region: String
    public var employer: String?
    public var startDate: CalendarDate

    public init(id: Int64? = nil, personId: Int64, insuranceType: InsuranceType, region: String, employer: String?,
        startDate: CalendarDate)
    {
        self.id = id
        self.personId = personId
        self.insuranceType = insuranceType
        self.region = region
        self.employer = employer
        self.startDate = startDate
    }
}

/// The state of an insurance row from `effectiveFrom` on: history is kept as versions, never overwritten.
public struct InsuranceVersion: Sendable, Hashable, Codable {
    public var id: Int64?
    public var insuranceId: Int64
    public var effectiveFrom: CalendarDate
    public var tier: String?
    public var personType: PersonType
    public var baseFen: Fen
    public var status: InsuranceStatus
    /// Why this version was recorded (enrolment, 退休, 档次变更, 暂停 …), Chinese.
    public var reason: String
    public var recordedOn: CalendarDate

    public init(id: Int64? = nil, insuranceId: Int64, effectiveFrom: CalendarDate, tier: String?, personType: PersonType,
        baseFen: Fen, status: InsuranceStatus, reason: String, recordedOn: CalendarDate)
    {
        self.id = id
        self.insuranceId = insuranceId
        self.effectiveFrom = effectiveFrom
        self.tier = tier
        self.personType = personType
        self.baseFen = baseFen
        self.status = status
        self.reason = reason
        self.recordedOn = recordedOn
    }
}

/// Kinds of ledger account. Counter-accounts are explicit per region so that a region's totals add up.
public enum AccountKind: String, Sendable, Codable, CaseIterable {
    /// 个人账户 of one person in one region.
    case personal
    /// 统筹基金 of a region: pays credits (划入) and the fund part of settlements.
    case pooledFund = "pooled_fund"
    /// 缴费清算 (bank/tax clearing): where contributions come from.
    case contributionClearing = "contribution_clearing"
    /// 定点机构结算: what institutions are owed for the account part of bills.
    case institutionSettlement = "institution_settlement"
    /// 长护险等代扣: deductions from retirees' credits (广州 长护险).
    case deductions

    public var label: String {
        switch self {
        case .personal: "个人账户"
        case .pooledFund: "统筹基金"
        case .contributionClearing: "缴费清算"
        case .institutionSettlement: "定点机构结算"
        case .deductions: "代扣款项"
        }
    }
}

/// A ledger account with its cached balance (credits − debits).
public struct AccountRecord: Sendable, Hashable, Codable {
    public var id: Int64?
    public var kind: AccountKind
    public var region: String
    public var ownerPersonId: Int64?
    public var openedOn: CalendarDate
    public var debitsFen: Fen
    public var creditsFen: Fen

    public var balanceFen: Fen { creditsFen - debitsFen }

    public init(id: Int64? = nil, kind: AccountKind, region: String, ownerPersonId: Int64?, openedOn: CalendarDate,
        debitsFen: Fen = .zero, creditsFen: Fen = .zero)
    {
        self.id = id
        self.kind = kind
        self.region = region
        self.ownerPersonId = ownerPersonId
        self.openedOn = openedOn
        self.debitsFen = debitsFen
        self.creditsFen = creditsFen
    }
}

/// Account status events (未激活, 激活, 冻结, 解冻): the current status is the latest event.
public enum AccountStatus: String, Sendable, Codable {
    case notActivated = "not_activated"
    case active
    case frozen

    public var label: String {
        switch self {
        case .notActivated: "未激活"
        case .active: "正常"
        case .frozen: "冻结"
        }
    }
}

public struct AccountStatusEvent: Sendable, Hashable, Codable {
    public var id: Int64?
    public var accountId: Int64
    public var status: AccountStatus
    public var reason: String
    public var effectiveOn: CalendarDate

    public init(id: Int64? = nil, accountId: Int64, status: AccountStatus, reason: String, effectiveOn: CalendarDate) {
        self.id = id
        self.accountId = accountId
        self.status = status
        self.reason = reason
        self.effectiveOn = effectiveOn
    }
}

/// Transfer codes: what a movement of money is.
public enum TransferCode: String, Sendable, Codable, CaseIterable {
    case contribution
    case credit
    case creditDeduction = "credit_deduction"
    case settlementAccount = "settlement_account"
    case settlementMutualAid = "settlement_mutual_aid"
    case settlementFund = "settlement_fund"
    case reversal

    public var label: String {
        switch self {
        case .contribution: "缴费入账"
        case .credit: "个人账户划入"
        case .creditDeduction: "划入代扣"
        case .settlementAccount: "就医结算（本人账户支付）"
        case .settlementMutualAid: "家庭共济支付"
        case .settlementFund: "就医结算（基金支付）"
        case .reversal: "冲正"
        }
    }
}

/// An immutable movement of `amountFen` from the debit account to the credit account.
public struct TransferRecord: Sendable, Hashable, Codable {
    public var id: Int64?
    public var idempotencyKey: String
    public var code: TransferCode
    public var amountFen: Fen
    public var debitAccountId: Int64
    public var creditAccountId: Int64
    /// What the transfer belongs to: `month:2025-06`, `setl:S…`, `contribution:…`.
    public var reference: String
    /// Chinese description for statements, naming both people for mutual aid.
    public var memo: String
    /// The transfer this one reverses, if it is a reversal.
    public var reversesTransferId: Int64?
    public var postedOn: CalendarDate
    public var timestamp: String

    public init(id: Int64? = nil, idempotencyKey: String, code: TransferCode, amountFen: Fen, debitAccountId: Int64,
        creditAccountId: Int64, reference: String, memo: String, reversesTransferId: Int64? = nil, postedOn: CalendarDate,
        timestamp: String)
    {
        self.id = id
        self.idempotencyKey = idempotencyKey
        self.code = code
        self.amountFen = amountFen
        self.debitAccountId = debitAccountId
        self.creditAccountId = creditAccountId
        self.reference = reference
        self.memo = memo
        self.reversesTransferId = reversesTransferId
        self.postedOn = postedOn
        self.timestamp = timestamp
    }
}
