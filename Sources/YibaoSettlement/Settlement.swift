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
    public var fundPayments: [FundPayment] = []
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
        let parts = [medicalFeeTotalFen, fullOwnPayFen, overLimitSelfPayFen, preSelfPayFen, inScopeFen, deductibleFen,
            pooledFundFen, poolRatioSelfPayFen, largeSumFundFen, criticalIllnessFundFen, civilServantFundFen,
            fundTotalFen, personPartFen, accountPayFen, mutualAidPayFen, cashPayFen, accountBalanceAfterFen]
        return parts.allSatisfy { !$0.isNegative }
            && medicalFeeTotalFen == fullOwnPayFen + overLimitSelfPayFen + preSelfPayFen + inScopeFen
            && fundTotalFen == pooledFundFen + largeSumFundFen + criticalIllnessFundFen + civilServantFundFen
            && inScopeFen == deductibleFen + fundTotalFen + poolRatioSelfPayFen
            && personPartFen == medicalFeeTotalFen - fundTotalFen
            && personPartFen == accountPayFen + mutualAidPayFen + cashPayFen
    }
}
