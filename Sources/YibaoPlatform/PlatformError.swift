import YibaoCore

/// Why a use case was refused. Case names state the broken rule; messages are Chinese and say what to do.
public enum PlatformError: YibaoError, Equatable {
    case personNotFound(String)
    case personAlreadyInsured(String)
    case invalidIDNumber(IDNumberError)
    case invalidAmount(field: String, reason: String)
    case amountMustBePositive(field: String)
    case regionUnknown(String)
    case regionNotConfigured(region: String, year: Int)
    case schemeNotConfigured(region: String, insuranceType: String, tier: String?)
    case insuranceNotFound(String)
    case monthInvalid(String)
    case monthInFuture(String)
    case monthBeforeEnrolment(String)
    case dateInvalid(String)
    case contributionExists(month: String)
    case contributionNotDue(month: String)
    case noPersonalAccount(String)
    case accountFrozen(String)
    case relationNotAllowed(String)
    case grantToSelf
    case grantExists
    case grantNotFound
    case relativeInOtherRegion
    case settlementNotFound(String)
    case settlementAlreadyReversed(String)
    case cannotReverseReversal(String)
    case insufficientBalance(needFen: Fen, availableFen: Fen)
    case existsWithDifferentRequest(key: String)
    case idempotencyKeyInvalid
    case settlementRefused(code: String, message: String)
    case limitExceeded(name: String, max: Int)
    case invalidPassword

    public var code: String {
        switch self {
        case .personNotFound: "person_not_found"
        case .personAlreadyInsured: "person_already_insured"
        case .invalidIDNumber(let e): e.code
        case .invalidAmount: "amount_invalid"
        case .amountMustBePositive: "amount_must_be_positive"
        case .regionUnknown: "region_unknown"
        case .regionNotConfigured: "region_not_configured"
        case .schemeNotConfigured: "scheme_not_configured"
        case .insuranceNotFound: "insurance_not_found"
        case .monthInvalid: "month_invalid"
        case .monthInFuture: "month_in_future"
        case .monthBeforeEnrolment: "month_before_enrolment"
        case .dateInvalid: "date_invalid"
        case .contributionExists: "contribution_exists"
        case .contributionNotDue: "contribution_not_due"
        case .noPersonalAccount: "no_personal_account"
        case .accountFrozen: "account_frozen"
        case .relationNotAllowed: "relation_not_allowed"
        case .grantToSelf: "grant_to_self"
        case .grantExists: "grant_exists"
        case .grantNotFound: "grant_not_found"
        case .relativeInOtherRegion: "relative_in_other_region"
        case .settlementNotFound: "settlement_not_found"
        case .settlementAlreadyReversed: "settlement_already_reversed"
        case .cannotReverseReversal: "settlement_is_reversal"
        case .insufficientBalance: "insufficient_balance"
        case .existsWithDifferentRequest: "exists_with_different_request"
        case .idempotencyKeyInvalid: "idempotency_key_invalid"
        case .settlementRefused(let code, _): code
        case .limitExceeded: "limit_exceeded"
        case .invalidPassword: "password_invalid"
        }
    }

    public var message: String {
        switch self {
        case .personNotFound(let p): "未找到参保人“\(p)”（请输入人员编号或身份证号码）。"
        case .personAlreadyInsured(let p): "参保人 \(p) 在该统筹区已有同一险种的参保记录。"
        case .invalidIDNumber(let e): e.message
        case .invalidAmount(let f, let r): "\(f) 金额无效：\(r)"
        case .amountMustBePositive(let f): "\(f) 必须大于 0。"
        case .regionUnknown(let r): "未找到地区“\(r)”。"
        case .regionNotConfigured(let r, let y): "统筹区 \(r) 没有 \(y) 年度的政策参数，暂不能办理。"
        case .schemeNotConfigured(let r, let t, let tier):
            "统筹区 \(r) 未配置险种 \(t)\(tier.map { " 第 \($0) 档" } ?? "")，暂不能办理参保。"
        case .insuranceNotFound(let p): "参保人 \(p) 没有符合条件的参保记录。"
        case .monthInvalid(let m): "月份“\(m)”格式不正确，应为 YYYY-MM。"
        case .monthInFuture(let m): "月份 \(m) 尚未到来，不能办理。"
        case .monthBeforeEnrolment(let m): "月份 \(m) 早于参保开始日期。"
        case .dateInvalid(let d): "日期“\(d)”格式不正确，应为 YYYY-MM-DD。"
        case .contributionExists(let m): "\(m) 的缴费已入账，不能重复缴费。"
        case .contributionNotDue(let m): "\(m) 不是欠缴月份，不需要补缴。"
        case .noPersonalAccount(let p): "参保人 \(p) 没有个人账户（所参加的险种或档次不设个人账户）。"
        case .accountFrozen(let p): "参保人 \(p) 的个人账户已冻结，不能办理该业务。"
        case .relationNotAllowed(let r): "亲属关系“\(r)”不在本统筹区家庭共济允许的范围内。"
        case .grantToSelf: "不能授权给本人。"
        case .grantExists: "已存在有效的共济授权。"
        case .grantNotFound: "未找到有效的共济授权。"
        case .relativeInOtherRegion: "共济双方须在同一统筹区参保。"
        case .settlementNotFound(let s): "未找到结算记录 \(s)。"
        case .settlementAlreadyReversed(let s): "结算 \(s) 已经冲正，不能重复冲正。"
        case .cannotReverseReversal(let s): "\(s) 是冲正记录，不能再冲正。"
        case .insufficientBalance(let need, let available): "账户余额不足：需要 \(need) 元，可用 \(available) 元。"
        case .existsWithDifferentRequest(let k): "幂等键 \(k) 已用于另一笔不同的请求，请使用新的幂等键。"
        case .idempotencyKeyInvalid: "幂等键须为 1–128 个可见字符。"
        case .settlementRefused(_, let m): m
        case .limitExceeded(let n, let max): "\(n) 超过上限 \(max)。"
        case .invalidPassword: "密码须为 8–64 个字符。"
        }
    }
}
