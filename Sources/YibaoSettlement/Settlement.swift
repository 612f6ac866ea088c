import YibaoCore
import YibaoPolicy

/// What one fund paid in a settlement (`setldetail` row).
public struct FundPayment: Sendable, Hashable {
    public var fund: Fund
    public var paidFen: Fen
    /// What the fund may still pay this year for this benefit after the bill (`crt_payb_lmt_amt`);
    /// nil when the pack has no cap for it.
    public var remainingCapFen: Fen?
}

/// The result of settling one bill, with the national platform's output fields.
///
/// Invariants (checked by `checkInvariants()` and by tests): every part ≥ 0;
/// `medfee = fulamt + overlmt + preselfpay + inscp`; `inscp = dedc + funds + pool_prop_selfpay`;
/// `psn_part = medfee − funds = acct + mulaid + cash`.
public struct Settlement: Sendable, Hashable {
    public var medicalFeeTotalFen: Fen = .zero           // medfee_sumamt
    public var fullOwnPayFen: Fen = .zero                // fulamt_ownpay_amt
    public var overLimitSelfPayFen: Fen = .zero          // overlmt_selfpay
    public var preSelfPayFen: Fen = .zero                // preselfpay_amt
    public var inScopeFen: Fen = .zero                   // inscp_scp_amt
    public var deductibleFen: Fen = .zero                // act_pay_dedc
    public var pooledFundFen: Fen = .zero                // hifp_pay
    public var poolRatioSelfPayFen: Fen = .zero          // pool_prop_selfpay
    public var largeSumFundFen: Fen = .zero              // hifob_pay
    public var criticalIllnessFundFen: Fen = .zero       // hifmi_pay
    public var civilServantFundFen: Fen = .zero          // cvlserv_pay
    public var fundTotalFen: Fen = .zero                 // fund_pay_sumamt
    public var personPartFen: Fen = .zero                // psn_part_amt
    public var accountPayFen: Fen = .zero                // acct_pay
    public var mutualAidPayFen: Fen = .zero              // acct_mulaid_pay
    public var cashPayFen: Fen = .zero                   // psn_cash_pay
    public var accountBalanceAfterFen: Fen = .zero       // balc
    /// Fund rows for the funds the benefit names, in fixed order.
    public var fundPayments = FundPayments()
    /// The accumulators after this bill.
    public var yearToDate = YearToDate()
    /// Whether a cap the pack declares as a gap could not be applied (said in the explanation).
    public var capNotConfigured = false

    public init() {}

    public func paid(by fund: Fund) -> Fen {
        switch fund {
        case .hifp: pooledFundFen
        case .hifob: largeSumFundFen
        case .hifmi: criticalIllnessFundFen
        case .cvlserv: civilServantFundFen
        }
    }

    /// Checks that the parts add up; a failure is a programmer error in the engine.
    public func checkInvariants() -> Bool {
        let nonNegative = !medicalFeeTotalFen.isNegative && !fullOwnPayFen.isNegative && !overLimitSelfPayFen.isNegative
            && !preSelfPayFen.isNegative && !inScopeFen.isNegative && !deductibleFen.isNegative && !pooledFundFen.isNegative
            && !poolRatioSelfPayFen.isNegative && !largeSumFundFen.isNegative && !criticalIllnessFundFen.isNegative
            && !civilServantFundFen.isNegative && !fundTotalFen.isNegative && !personPartFen.isNegative
            && !accountPayFen.isNegative && !mutualAidPayFen.isNegative && !cashPayFen.isNegative
            && !accountBalanceAfterFen.isNegative
        return nonNegative
            && medicalFeeTotalFen == fullOwnPayFen + overLimitSelfPayFen + preSelfPayFen + inScopeFen
            && fundTotalFen == pooledFundFen + largeSumFundFen + criticalIllnessFundFen + civilServantFundFen
            && inScopeFen == deductibleFen + fundTotalFen + poolRatioSelfPayFen
            && personPartFen == medicalFeeTotalFen - fundTotalFen
            && personPartFen == accountPayFen + mutualAidPayFen + cashPayFen
    }
}

/// Amounts per fund without a dictionary: the settlement loop must not allocate.
struct FundAmounts {
    var hifp = Fen.zero, hifob = Fen.zero, hifmi = Fen.zero, cvlserv = Fen.zero

    subscript(fund: Fund) -> Fen {
        get {
            switch fund {
            case .hifp: hifp
            case .hifob: hifob
            case .hifmi: hifmi
            case .cvlserv: cvlserv
            }
        }
        set {
            switch fund {
            case .hifp: hifp = newValue
            case .hifob: hifob = newValue
            case .hifmi: hifmi = newValue
            case .cvlserv: cvlserv = newValue
            }
        }
    }
}

/// The `setldetail` rows of a settlement, stored inline (at most one per fund) so that settling
/// allocates nothing; iterate it like an array.
public struct FundPayments: Sendable, Hashable, RandomAccessCollection {
    private var slots: (FundPayment?, FundPayment?, FundPayment?, FundPayment?) = (nil, nil, nil, nil)
    public private(set) var count = 0

    public init() {}

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(index: Int) -> FundPayment {
        precondition(index >= 0 && index < count, "fund payment index out of range")
        switch index {
        case 0: return slots.0!
        case 1: return slots.1!
        case 2: return slots.2!
        default: return slots.3!
        }
    }

    mutating func append(_ payment: FundPayment) {
        precondition(count < 4, "at most one row per fund")
        switch count {
        case 0: slots.0 = payment
        case 1: slots.1 = payment
        case 2: slots.2 = payment
        default: slots.3 = payment
        }
        count += 1
    }

    public static func == (a: FundPayments, b: FundPayments) -> Bool { Array(a) == Array(b) }
    public func hash(into hasher: inout Hasher) { hasher.combine(Array(self)) }
}
