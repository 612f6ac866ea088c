import YibaoCore

/// Works out why a balance is what it is, from the person's own records. Pure: facts in, view out.
public enum BalanceExplainer {
    public static func explain(_ f: BalanceFacts) -> BalanceView {
        var reasons: [BalanceReason] = []
        guard let insurance = f.insurance, let state = insurance.state(on: f.today) ?? insurance.current else {
            return BalanceView(psn_no: f.psnNo, display: "—", balanceFen: nil, state: "not_insured", region: nil, regionName: nil,
                scheme: nil, reasons: [BalanceReason(code: .notInsured, message: "没有查到您的参保记录，因此没有个人账户。",
                    action: "请确认参保地，或携带身份证到参保地医保经办机构查询参保登记。")])
        }
        let region = insurance.insurance.region
        let scheme = f.schemeLabel ?? insurance.insurance.insuranceType.label
        let fullPlace = f.regionName ?? region
        // "深圳市" + "深圳居民医保" reads twice; a label that already names the place stands alone.
        let place = scheme.hasPrefix(String(fullPlace.prefix(2))) ? "" : fullPlace
        var viewState = "normal"
        var display: String
        var balance: Fen? = f.account?.balanceFen

        if f.schemeHasAccount == false {
            let short = f.hasTiers && scheme.contains("二档") ? "二档" : scheme
            reasons.append(BalanceReason(code: .noPersonalAccount,
                message: "您参加的是\(place)\(scheme)，\(short)不设个人账户，所以个人账户余额显示为“—”（有的渠道显示为 0）。",
                action: "门诊和住院费用按统筹待遇直接结算，不受影响。" + (f.hasTiers ? "如需个人账户，可咨询单位或医保经办机构是否可按规定参加设个人账户的档次。" : ""),
                details: ["scheme": scheme]))
        } else if f.schemeHasAccount == nil {
            reasons.append(BalanceReason(code: .ruleNotConfigured,
                message: "\(fullPlace)\(f.today.year) 年度的政策参数尚未配置，暂时无法判断您的险种是否设个人账户及划入标准。",
                action: "请拨打 12393 医保服务热线或到参保地医保经办机构查询。"))
        }
        if f.account == nil || f.schemeHasAccount == false && (balance ?? .zero) == .zero {
            display = "—"
            balance = f.account == nil ? nil : balance
            viewState = "no_account"
        } else {
            display = (balance ?? .zero).description
        }
        switch f.accountStatus?.status {
        case .notActivated?:
            display = "—"
            viewState = "not_activated"
            reasons.append(BalanceReason(code: .notActivated, message: "您的个人账户尚未激活，激活前余额不显示。",
                action: "请在国家医保服务平台 App、微信或支付宝中激活医保电子凭证，或到经办机构办理激活。"))
        case .frozen?:
            viewState = "frozen"
            reasons.append(BalanceReason(code: .frozen,
                message: "您的个人账户已于 \(f.accountStatus?.effectiveOn.description ?? "") 冻结（原因：\(f.accountStatus?.reason ?? "未说明")），冻结期间不能支付。",
                action: "请携带身份证到参保地医保经办机构了解冻结原因并申请解冻。",
                details: ["since": f.accountStatus?.effectiveOn.description ?? ""]))
        default: break
        }
        switch state.status {
        case .terminated:
            viewState = "terminated"
            reasons.append(BalanceReason(code: .terminated,
                message: "您在\(fullPlace)的参保已于 \(state.effectiveFrom) 终止（\(state.reason)），此后不再划入。",
                action: "如已在新参保地参保，可申请转移个人账户余额；如需续保，请到经办机构办理。",
                details: ["since": state.effectiveFrom.description]))
        case .suspended:
            viewState = "suspended"
            reasons.append(BalanceReason(code: .suspended,
                message: "您的参保于 \(state.effectiveFrom) 暂停（\(state.reason)），暂停期间不划入个人账户。",
                action: "恢复缴费后可申请恢复参保；断缴期间的月份可按规定补缴。",
                details: ["since": state.effectiveFrom.description]))
        case .active: break
        }
        if insurance.insurance.insuranceType == .residentsBasic, state.status != .terminated {
            reasons += residentsReasons(f)
        } else if f.schemeHasAccount != false, state.status != .terminated {
            reasons += contributionReasons(f, insurance: insurance, state: state)
            reasons += creditReasons(f, insurance: insurance, state: state)
        }
        reasons += spendingReasons(f)
        return BalanceView(psn_no: f.psnNo, display: display, balanceFen: display == "—" && f.accountStatus?.status == .notActivated ? nil : balance,
            state: viewState, region: region, regionName: f.regionName, scheme: scheme, reasons: reasons)
    }

    /// Unpaid months (employees: the last 12 months before this one; residents: this year's contribution),
    /// and the waiting period where the rule is configured.
    static func contributionReasons(_ f: BalanceFacts, insurance: InsuranceHistory, state: InsuranceVersion) -> [BalanceReason] {
        var reasons: [BalanceReason] = []
        let paid = Set(f.contributions.map(\.month))
        if insurance.insurance.insuranceType == .residentsBasic {
            return residentsReasons(f)
        }
        guard state.personType == .inService else { return [] }
        let lastMonth = Month(f.today).adding(-1)
        let first = max(Month(insurance.insurance.startDate), lastMonth.adding(-11))
        let unpaid = Month.range(first, through: lastMonth).filter { m in
            !paid.contains(m.description) && (insurance.state(on: m.lastDay)?.status == .active)
        }
        guard !unpaid.isEmpty else { return [] }
        let text = MonthRanges.text(unpaid)
        reasons.append(BalanceReason(code: .contributionUnpaid,
            message: "\(text) 共 \(unpaid.count) 个月没有缴费记录，这些月份不会划入个人账户。",
            action: "请联系单位核实并补缴（灵活就业人员可自行补缴）；补缴后会补划对应月份。",
            details: ["months": unpaid.map(\.description).joined(separator: ",")]))
        if !f.employeeLapseRuleConfigured {
            reasons.append(BalanceReason(code: .waitingPeriod,
                message: "断缴后是否有待遇等待期、等待多久，本系统尚未配置\(f.regionName ?? "")的规则（已声明为缺口），不作推测。",
                action: "请向参保地医保经办机构或 12393 咨询断缴补缴后的待遇恢复时间。",
                details: ["configured": "false"]))
        }
        return reasons
    }

    static func residentsReasons(_ f: BalanceFacts) -> [BalanceReason] {
        var reasons: [BalanceReason] = []
        let year = f.today.year
        let thisYear = f.contributions.first { $0.month.hasPrefix("\(year)-") }
        if thisYear == nil {
            reasons.append(BalanceReason(code: .contributionUnpaid,
                message: "没有查到您 \(year) 年度的居民医保缴费记录。",
                action: "请在当地缴费期内通过税务渠道缴费；逾期缴费可能有待遇等待期。",
                details: ["months": "\(year)-01"]))
            return reasons
        }
        guard let rule = f.residentsWaiting, let payment = thisYear else { return reasons }
        // Consecutive years before this one without an on-time payment; back-paid ones among them shorten the wait.
        let onTime = Set(f.contributions.filter { $0.kind != .backPay }.map { $0.month.prefix(4) })
        let backPaidYears = Set(f.contributions.filter { $0.kind == .backPay }.map { $0.month.prefix(4) })
        let startYear = f.insurance?.insurance.startDate.year ?? year
        var lapseYears = 0
        var backPaid = 0
        while lapseYears < 30, year - lapseYears - 1 >= startYear, !onTime.contains(Substring(String(year - lapseYears - 1))) {
            if backPaidYears.contains(Substring(String(year - lapseYears - 1))) { backPaid += 1 }
            lapseYears += 1
        }
        guard lapseYears > 0 else { return reasons }
        var months = rule.fixedMonths + max(0, max(0, lapseYears - 1) * rule.extraMonthsPerLapseYear
            - backPaid * rule.monthsRemovedPerBackPaidYear)
        if lapseYears >= rule.longLapseYears { months = max(months, rule.longLapseMinMonths) }
        let until = payment.paidOn.adding(months: months)
        if f.today < until {
            reasons.append(BalanceReason(code: .waitingPeriod,
                message: "您断缴 \(lapseYears) 年后于 \(payment.paidOn) 缴费，按全国规则有 \(months) 个月的待遇等待期，至 \(until) 止，期间医保待遇暂不享受。",
                action: "等待期满后自动恢复待遇；按规定补缴断缴年度可缩短等待期（每补缴 1 年减少 1 个月）。",
                details: ["until": until.description, "months": String(months), "source": rule.source]))
        }
        return reasons
    }

    /// First credit not yet due, or last month's batch not yet run.
    static func creditReasons(_ f: BalanceFacts, insurance: InsuranceHistory, state: InsuranceVersion) -> [BalanceReason] {
        guard f.account != nil, state.status == .active else { return [] }
        let lastMonth = Month(f.today).adding(-1)
        let retiredDue = state.personType == .retired && (!f.retiredCreditedYearly || lastMonth.month == 1)
        let eligibleLastMonth = retiredDue || f.contributions.contains { $0.month == lastMonth.description }
        let credited = f.credits.contains { $0.month == lastMonth.description }
        if f.credits.isEmpty {
            let firstMonth = Month(insurance.insurance.startDate)
            let due = f.firstCreditDueDate ?? firstMonth.adding(1).lastDay
            if (firstMonth >= lastMonth || !f.lastMonthRunDone) && f.today <= due {
                return [BalanceReason(code: .firstCreditPending,
                    message: "您于 \(insurance.insurance.startDate) 参保，首次划入尚未到账，预计 \(due) 前到账，届时余额才会显示金额。",
                    action: "新参保一般需要 1–2 个月才有首笔划入，请到期后再查询。",
                    details: ["due": due.description])]
            }
        }
        if eligibleLastMonth, !credited, !f.lastMonthRunDone {
            let due = f.lastMonthDueDate?.description ?? ""
            return [BalanceReason(code: .creditingNotRun,
                message: "\(lastMonth.chineseText)的个人账户划入批次尚未执行，该月的划入还没到账\(due.isEmpty ? "" : "（预计 \(due) 前完成）")。",
                action: "无需办理，划入批次执行后会自动到账。", details: ["month": lastMonth.description, "due": due])]
        }
        return []
    }

    /// Largest recent debits (own spending) and payments made for relatives through 共济.
    static func spendingReasons(_ f: BalanceFacts) -> [BalanceReason] {
        var reasons: [BalanceReason] = []
        guard let account = f.account else { return reasons }
        let relatives = f.relativeSpending.reduce(Fen.zero) { $0 + $1.1 }
        if !f.recentDebits.isEmpty, account.balanceFen < Fen(10_000) {
            let top = f.recentDebits.prefix(3).map { "\($0.postedOn) \($0.memo) \($0.amountFen) 元" }
            reasons.append(BalanceReason(code: .spent,
                message: "近 12 个月账户共支出 \(f.recentDebits.reduce(Fen.zero) { $0 + $1.amountFen }) 元，余额已用到 \(account.balanceFen) 元。较大的几笔：\(top.joined(separator: "；"))。",
                action: "可在个人账户明细中查看每一笔支出；如有不认识的支出，请联系医保经办机构。",
                details: ["spentFen": String(f.recentDebits.reduce(Fen.zero) { $0 + $1.amountFen }.value)]))
        }
        if relatives > .zero {
            let who = f.relativeSpending.map { "\($0.0) \($0.1) 元" }.joined(separator: "、")
            reasons.append(BalanceReason(code: .spentByRelatives,
                message: "近 12 个月通过家庭共济为亲属支付了 \(relatives) 元（\(who)）。",
                action: "如需停止，可在“家庭共济”中撤销授权，撤销后立即生效。",
                details: ["relativesFen": String(relatives.value)]))
        }
        return reasons
    }
}

/// "2025年3月–2025年5月、2025年8月": consecutive months joined into ranges.
enum MonthRanges {
    static func text(_ months: [Month]) -> String {
        var parts: [String] = []
        var start: Month?
        var previous: Month?
        for m in months.sorted() {
            if let p = previous, p.adding(1) == m {
                previous = m
                continue
            }
            if let s = start, let p = previous { parts.append(s == p ? s.chineseText : "\(s.chineseText)–\(p.chineseText)") }
            start = m
            previous = m
        }
        if let s = start, let p = previous { parts.append(s == p ? s.chineseText : "\(s.chineseText)–\(p.chineseText)") }
        return parts.joined(separator: "、")
    }
}
