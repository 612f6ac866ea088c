import YibaoCore
import YibaoPolicy

/// The settlement as the national platform names its fields (yuan with two decimals, as strings).
public struct NationalSettlementOutput: Codable, Sendable {
    public struct Detail: Codable, Sendable {
        public let fund_pay_type: String
        public let fund_pay_type_name: String
        public let fund_payamt: String
        public let crt_payb_lmt_amt: String?
    }

    public struct Accumulators: Codable, Sendable {
        public let inscp_cum, hifp_paid, hifob_paid, hifmi_paid, cvlserv_paid, deductible_paid: String
        public let admissions: Int
        public let outpatient_inscp_cum, outpatient_hifp_paid, outpatient_deductible_paid: String
    }

    public let medfee_sumamt, fulamt_ownpay_amt, overlmt_selfpay, preselfpay_amt, inscp_scp_amt, act_pay_dedc: String
    public let hifp_pay, pool_prop_selfpay, hifob_pay, hifmi_pay, cvlserv_pay, fund_pay_sumamt: String
    public let psn_part_amt, acct_pay, acct_mulaid_pay, psn_cash_pay, balc: String
    public let setldetail: [Detail]
    public let ytd: Accumulators
    public let cap_not_configured: Bool
    public let explanation: [String]?

    public init(_ r: Settlement, explanation: [String]?) {
        medfee_sumamt = r.medicalFeeTotalFen.description
        fulamt_ownpay_amt = r.fullOwnPayFen.description
        overlmt_selfpay = r.overLimitSelfPayFen.description
        preselfpay_amt = r.preSelfPayFen.description
        inscp_scp_amt = r.inScopeFen.description
        act_pay_dedc = r.deductibleFen.description
        hifp_pay = r.pooledFundFen.description
        pool_prop_selfpay = r.poolRatioSelfPayFen.description
        hifob_pay = r.largeSumFundFen.description
        hifmi_pay = r.criticalIllnessFundFen.description
        cvlserv_pay = r.civilServantFundFen.description
        fund_pay_sumamt = r.fundTotalFen.description
        psn_part_amt = r.personPartFen.description
        acct_pay = r.accountPayFen.description
        acct_mulaid_pay = r.mutualAidPayFen.description
        psn_cash_pay = r.cashPayFen.description
        balc = r.accountBalanceAfterFen.description
        setldetail = r.fundPayments.map {
            Detail(fund_pay_type: $0.fund.nationalCode, fund_pay_type_name: $0.fund.label, fund_payamt: $0.paidFen.description,
                crt_payb_lmt_amt: $0.remainingCapFen?.description)
        }
        let y = r.yearToDate
        ytd = Accumulators(
            inscp_cum: y.inScopeCumulativeFen.description, hifp_paid: y.pooledPaidFen.description,
            hifob_paid: y.largeSumPaidFen.description, hifmi_paid: y.criticalIllnessPaidFen.description,
            cvlserv_paid: y.civilServantPaidFen.description, deductible_paid: y.deductiblePaidFen.description,
            admissions: y.admissions, outpatient_inscp_cum: y.outpatientInScopeCumulativeFen.description,
            outpatient_hifp_paid: y.outpatientPooledPaidFen.description,
            outpatient_deductible_paid: y.outpatientDeductiblePaidFen.description)
        cap_not_configured = r.capNotConfigured
        self.explanation = explanation
    }
}

extension NationalSettlementOutput {
    /// The same JSON as `JSONEncoder` would write (keys in declaration order), built directly: the settlement
    /// path stores one per settlement, and Foundation's encoder costs more than the settlement itself.
    public var jsonText: String {
        var j = JSONText(capacity: jsonCapacity)
        write(into: &j, key: nil)
        return j.text
    }

    /// Room for the whole text: the figures take about 700 bytes, each explanation line up to a few hundred.
    public var jsonCapacity: Int {
        1_024 + (explanation ?? []).reduce(0) { $0 + $1.utf8.count + 8 }
    }

    /// Writes the same JSON as `jsonText` into `j`, under `key` (nil in an array or at the top).
    public func write(into j: inout JSONText, key: String?) {
        j.beginObject(key)
        j.string("medfee_sumamt", medfee_sumamt)
        j.string("fulamt_ownpay_amt", fulamt_ownpay_amt)
        j.string("overlmt_selfpay", overlmt_selfpay)
        j.string("preselfpay_amt", preselfpay_amt)
        j.string("inscp_scp_amt", inscp_scp_amt)
        j.string("act_pay_dedc", act_pay_dedc)
        j.string("hifp_pay", hifp_pay)
        j.string("pool_prop_selfpay", pool_prop_selfpay)
        j.string("hifob_pay", hifob_pay)
        j.string("hifmi_pay", hifmi_pay)
        j.string("cvlserv_pay", cvlserv_pay)
        j.string("fund_pay_sumamt", fund_pay_sumamt)
        j.string("psn_part_amt", psn_part_amt)
        j.string("acct_pay", acct_pay)
        j.string("acct_mulaid_pay", acct_mulaid_pay)
        j.string("psn_cash_pay", psn_cash_pay)
        j.string("balc", balc)
        j.beginArray("setldetail")
        for d in setldetail {
            j.beginObject()
            j.string("fund_pay_type", d.fund_pay_type)
            j.string("fund_pay_type_name", d.fund_pay_type_name)
            j.string("fund_payamt", d.fund_payamt)
            if let left = d.crt_payb_lmt_amt { j.string("crt_payb_lmt_amt", left) }
            j.endObject()
        }
        j.endArray()
        j.beginObject("ytd")
        j.string("inscp_cum", ytd.inscp_cum)
        j.string("hifp_paid", ytd.hifp_paid)
        j.string("hifob_paid", ytd.hifob_paid)
        j.string("hifmi_paid", ytd.hifmi_paid)
        j.string("cvlserv_paid", ytd.cvlserv_paid)
        j.string("deductible_paid", ytd.deductible_paid)
        j.int("admissions", ytd.admissions)
        j.string("outpatient_inscp_cum", ytd.outpatient_inscp_cum)
        j.string("outpatient_hifp_paid", ytd.outpatient_hifp_paid)
        j.string("outpatient_deductible_paid", ytd.outpatient_deductible_paid)
        j.endObject()
        j.bool("cap_not_configured", cap_not_configured)
        if let explanation {
            j.beginArray("explanation")
            for line in explanation { j.string(nil, line) }
            j.endArray()
        }
        j.endObject()
    }
}

extension Settlement {
    /// A readable Chinese receipt (结算单), one figure a line.
    public func receipt(bill: Bill) -> [String] {
        var lines = [
            "医保结算单  \(bill.date)  \(bill.medicalType.label)  \(bill.institutionLevel.label)",
            "医疗费用总额        \(medicalFeeTotalFen)",
            "  全自费            \(fullOwnPayFen)",
            "  超限价自付        \(overLimitSelfPayFen)",
            "  乙类先行自付      \(preSelfPayFen)",
            "  政策范围内        \(inScopeFen)",
            "起付线              \(deductibleFen)",
            "统筹基金支付        \(pooledFundFen)",
        ]
        if largeSumFundFen > .zero || fundPayments.contains(where: { $0.fund == .hifob }) {
            lines.append("大额医疗补助支付    \(largeSumFundFen)")
        }
        lines += [
            "基金支付合计        \(fundTotalFen)",
            "个人负担            \(personPartFen)",
            "  个人账户支付      \(accountPayFen)",
            "  共济账户支付      \(mutualAidPayFen)",
            "  现金支付          \(cashPayFen)",
            "个人账户余额        \(accountBalanceAfterFen)",
        ]
        for p in fundPayments {
            if let left = p.remainingCapFen { lines.append("\(p.fund.label)本年剩余可支付限额  \(left)") }
        }
        return lines
    }
}
