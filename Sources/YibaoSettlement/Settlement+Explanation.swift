import YibaoCore
import YibaoPolicy

/// Numbered Chinese sentences that walk a person through a settlement, built from the recorded steps.
///
/// Sentences are `UTF8Text` (every pre-settlement explains itself, and building them as `String`s was a fifth of
/// the pre-settlement's work); each line becomes a `String` once, with its number.
public enum SettlementExplanation {
    public static func lines(bill: Bill, result r: Settlement, steps: [SettlementStep]) -> [String] {
        var out: [UTF8Text] = []
        out.reserveCapacity(steps.count + 4)
        var classBBase = Fen.zero
        var classBItems = 0
        for step in steps {
            switch step {
            case .context(let name, let region, let year, let scheme, let benefit):
                out.append("按\(name)（\(region)）\(year) 年度政策结算：\(scheme)，\(bill.personType.label)，\(bill.age) 岁，"
                    + "\(bill.medicalType.label)（\(benefit.label)），\(bill.institutionLevel.label)"
                    + (bill.offsite == .none ? "。" : "，\(bill.offsite.label)。" as UTF8Text))
                out.append("本次医疗费用合计 \(r.medicalFeeTotalFen) 元（\(bill.items.count) 项）。")
            case .fullOwnPayItem(let sn, let amount):
                out.append("第 \(sn) 项为丙类（目录外）项目，\(amount) 元全部自费。")
            case .overLimitItem(let sn, let amount, let cap, let over):
                out.append("第 \(sn) 项费用 \(amount) 元超过最高限价 \(cap) 元，超出的 \(over) 元为超限价自付。")
            case .classBItem(_, let base, _, _, _):
                classBBase += base
                classBItems += 1
            case .deductible(let due, let applied, let basis, let admission):
                out.append(deductibleSentence(bill: bill, due: due, applied: applied, basis: basis, admission: admission))
            case .band(let from, let to, let amount, let base, let bonus, let reduction, let ratio, let fund, let paid):
                out.append(bandSentence(from: from, to: to, amount: amount, base: base, bonus: bonus, reduction: reduction,
                    ratio: ratio, fund: fund, paid: paid, bill: bill))
            case .beyondLastBand(let limit, let amount):
                out.append("年度累计政策范围内费用超过 \(limit) 元的部分（本次 \(amount) 元）基金不予支付，由个人负担。")
            case .capApplied(let fund, let cap, let before, let computed, let paid):
                out.append("\(fund.label)年度最高支付限额 \(cap) 元，本年已支付 \(before) 元；按比例应付 \(computed) 元，"
                    + "受限额限制实际支付 \(paid) 元。")
            case .capNotConfigured(let fund, let note):
                let reason = note.hasSuffix("。") ? String(note.dropLast()) : note
                out.append("注意：本地区\(fund.label)的年度最高支付限额尚未配置（\(reason)），本次未按限额校验。")
            case .account(let payable, let account, let mutual, let cash, let balance, let used):
                if classBItems > 0 {
                    out.insert("乙类项目 \(classBItems) 项共 \(classBBase) 元，按先行自付比例个人先付 \(r.preSelfPayFen) 元。", at: min(out.count, 2))
                }
                out.append("政策范围内费用 \(r.inScopeFen) 元：起付线 \(r.deductibleFen) 元，基金支付 \(r.fundTotalFen) 元，"
                    + "按比例个人自付 \(r.poolRatioSelfPayFen) 元。")
                out.append("个人负担合计 \(r.personPartFen) 元 = 医疗费用 \(r.medicalFeeTotalFen) 元 − 基金支付 \(r.fundTotalFen) 元"
                    + "（含全自费 \(r.fullOwnPayFen) 元、超限价 \(r.overLimitSelfPayFen) 元、乙类先行自付 \(r.preSelfPayFen) 元）。")
                out.append(accountSentence(bill: bill, payable: payable, account: account, mutual: mutual, cash: cash,
                    balance: balance, used: used))
            }
        }
        return out.enumerated().map { numbered($0.offset + 1, $0.element) }
    }

    /// "3. " and the sentence, as one `String`.
    static func numbered(_ n: Int, _ sentence: UTF8Text) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(sentence.bytes.count + 5)
        bytes.append(contentsOf: "\(n). ".utf8)
        bytes.append(contentsOf: sentence.bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func deductibleSentence(bill: Bill, due: Fen, applied: Fen, basis: DeductibleBasis, admission: Int) -> UTF8Text {
        let shortfall: UTF8Text = applied < due ? "；本次政策范围内费用不足起付线，\(applied) 元全部计入起付线" : ""
        switch basis {
        case .perAdmission where admission > 0:
            return "住院起付线 \(due) 元（\(bill.institutionLevel.label)，本年第 \(admission) 次住院）\(shortfall)。"
        case .perAdmission:
            return "起付线 \(due) 元（每次就诊，\(bill.institutionLevel.label)）\(shortfall)。"
        case .perYear:
            return "年度起付线本年尚余 \(due) 元，本次计入起付线 \(applied) 元，由个人负担。"
        case .none:
            return "不设起付线。"
        }
    }

    static func bandSentence(from: Fen, to: Fen?, amount: Fen, base: Bps, bonus: Bps, reduction: Bps, ratio: Bps,
        fund: Fund, paid: Fen, bill: Bill) -> UTF8Text
    {
        var ratioText: UTF8Text = "\(ratio)"
        var notes: [UTF8Text] = []
        if bonus > .zero { notes.append("基础比例 \(base) 加 \(bonus)") }
        if reduction > .zero { notes.append("\(bill.offsite.label)降低 \(reduction)") }
        if !notes.isEmpty { ratioText += "（\(UTF8Text.joined(notes, separator: "，"))）" }
        let bandText: UTF8Text = to.map { "（本段上限 \($0) 元）" } ?? ""
        let range = "年度累计 \(from)–\(from + amount) 元\(bandText)"
        return "\(range)：政策范围内 \(amount) 元 × \(ratioText) = \(paid) 元由\(fund.label)支付。"
    }

    static func accountSentence(bill: Bill, payable: Fen, account: Fen, mutual: Fen, cash: Fen, balance: Fen, used: Bool)
        -> UTF8Text
    {
        guard used else { return "未使用个人账户，个人负担 \(cash) 元以现金支付。" }
        var parts: [UTF8Text] = ["个人账户可支付范围 \(payable) 元", "个人账户支付 \(account) 元"]
        if mutual > .zero { parts.append("家庭共济账户支付 \(mutual) 元") }
        parts.append("现金支付 \(cash) 元")
        return UTF8Text.joined(parts, separator: "，") + "；个人账户余额 \(bill.accountBalanceFen) 元 → \(balance) 元。"
    }
}
