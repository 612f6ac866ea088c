import YibaoCore
import YibaoPolicy

/// Monthly credit, contributions and waiting periods, from a pack.
extension PolicyAnswerer {
    func creditAnswer(_ pack: PolicyPack, facts: QuestionFacts) -> AnswerDraft {
        let schemes = self.schemes(pack, facts, defaultType: .employeeBasic)
        var summaries: [String] = []
        var points: [String] = []
        var provenances: [Provenance?] = []
        for scheme in schemes {
            provenances.append(scheme.provenance)
            guard scheme.hasPersonalAccount else {
                let line = "\(scheme.label)不设个人账户，没有每月划入。"
                points.append(line + trust(scheme.provenance))
                if summaries.isEmpty && schemes.count == 1 { summaries.append(line) }
                continue
            }
            if facts.personType != .retired, let c = scheme.crediting?.inService {
                let (summary, point) = inServiceCredit(pack, scheme, c, base: facts.baseFen)
                summaries.append(summary)
                points.append(point + trust(c.provenance))
                provenances += [c.provenance, scheme.contributions?.provenance]
            }
            if facts.personType != .inService, let r = scheme.crediting?.retired {
                let (summary, point) = retiredCredit(scheme, r, age: facts.age)
                summaries.append(summary)
                points.append(point + trust(r.provenance))
                provenances.append(r.provenance)
            }
        }
        let known = schemes.contains {
            $0.crediting?.inService != nil || $0.crediting?.retired != nil || !$0.hasPersonalAccount
        }
        guard known, !points.isEmpty else {
            return gapAnswer(
                pack, what: "个人账户每月划入标准", gapParts: ["crediting"], schemeIDs: schemes.map(\.id),
                nationalParts: ["schemes.employee"])
        }
        let gaps =
            pack.gaps(for: nil).filter { $0.part.hasPrefix("crediting") }
            + schemes.flatMap { s in pack.gaps.filter { $0.scheme == s.id && $0.part.hasPrefix("crediting") } }
        points += Set(gaps.map(\.note)).sorted().map { "说明：\($0)" }
        let short =
            "\(pack.regionName)个人账户每月划入：" + (summaries.isEmpty ? points[0] : summaries.joined(separator: "；")) + "。"
        return AnswerDraft(
            kind: .calculation, shortAnswer: short.replacingOccurrences(of: "。。", with: "。"),
            points: points, sources: sources(pack, provenances))
    }

    func inServiceCredit(_ pack: PolicyPack, _ scheme: Scheme, _ c: InServiceCredit, base: Fen?) -> (String, String) {
        let share = c.shareOfBaseBps
        if let base {
            let amount = base.applying(share)
            return (
                "在职人员按缴费基数的 \(share) 划入，基数 \(base) 元时每月 \(amount) 元",
                "\(scheme.label)在职人员：每月按本人缴费基数的 \(share) 划入；缴费基数 \(base) 元时，每月划入 \(amount) 元。"
            )
        }
        if let lo = scheme.contributions?.baseMinFen, let hi = scheme.contributions?.baseMaxFen {
            let range = "\(lo.applying(share))–\(hi.applying(share))"
            return (
                "在职人员按缴费基数的 \(share) 划入，每月约 \(range) 元",
                "\(scheme.label)在职人员：每月按本人缴费基数的 \(share) 划入；\(pack.year) 年缴费基数 \(lo)–\(hi) 元/月，"
                    + "即每月 \(range) 元。"
            )
        }
        return ("在职人员按缴费基数的 \(share) 划入", "\(scheme.label)在职人员：每月按本人缴费基数的 \(share) 划入（缴费基数上下限未收录）。")
    }

    func retiredCredit(_ scheme: Scheme, _ r: RetiredCredit, age: Int?) -> (String, String) {
        guard case .fixed(let bands, let period) = r.rule else {
            return ("退休人员：\(r.ruleText)", "\(scheme.label)退休人员：\(r.ruleText)。")
        }
        let unit = period == .month ? "每月" : "每年"
        let deducted = r.deductions.reduce(Fen.zero) { $0 + $1.monthlyFen } * (period == .month ? 1 : 12)
        let net =
            deducted > .zero
            ? "，实际\(unit)划入 \(bands.map { "\($0.amountFen - deducted)" }.joined(separator: "、")) 元" : ""
        var summary = "退休人员\(r.ruleText)\(net)"
        var point = "\(scheme.label)退休人员：\(r.ruleText)\(net)。"
        if let age, let band = bands.last(where: { $0.minAge <= age }) {
            let amount = band.amountFen - deducted
            summary = "退休人员 \(age) 岁\(unit)划入 \(amount) 元"
            point += "按 \(age) 岁计，\(unit)划入 \(amount) 元。"
        }
        return (summary, point)
    }

    func contributionAnswer(_ pack: PolicyPack, facts: QuestionFacts) -> AnswerDraft {
        let schemes = self.schemes(pack, facts)
        var points: [String] = []
        var provenances: [Provenance?] = []
        for scheme in schemes {
            guard let c = scheme.contributions else { continue }
            var parts: [String] = []
            if let r = c.employerRateBps { parts.append("单位缴纳缴费基数的 \(r)") }
            if let r = c.employeeRateBps { parts.append("个人缴纳 \(r)") }
            if let r = c.flexibleRateBps { parts.append("灵活就业人员按 \(r) 缴纳") }
            if let lo = c.baseMinFen, let hi = c.baseMaxFen { parts.append("\(pack.year) 年缴费基数 \(lo)–\(hi) 元/月") }
            if let a = c.residentsAnnualFen { parts.append("个人缴费 \(a) 元/年") }
            if let a = c.residentsSubsidyFen { parts.append("财政补助 \(a) 元/年") }
            guard !parts.isEmpty else { continue }
            points.append("\(scheme.label)：\(parts.joined(separator: "，"))。\(trust(c.provenance))")
            provenances.append(c.provenance)
        }
        guard let first = points.first else {
            return gapAnswer(
                pack, what: "缴费标准", gapParts: ["contributions"], schemeIDs: schemes.map(\.id),
                nationalParts: ["schemes.employee", "contributions.residents"])
        }
        return AnswerDraft(
            kind: .calculation, shortAnswer: "\(pack.regionName)医保缴费标准：\(first)", points: points,
            sources: sources(pack, provenances))
    }

    func waitingAnswer(_ pack: PolicyPack, facts: QuestionFacts) -> AnswerDraft {
        var points: [String] = []
        var provenances: [Provenance?] = []
        var national: PolicyPack? = catalog.national(year: pack.year)
        if facts.insuranceType != .employeeBasic, let w = pack.waiting?.residents ?? national?.waiting?.residents {
            if let lapse = facts.lapseYears {
                points.append(residentsWaiting(w, lapseYears: lapse, backPaidYears: facts.backPaidYears ?? 0))
            }
            points.append(
                "城乡居民医保：在集中缴费期后参保或断缴后再参保的，设 \(w.fixedMonths) 个月固定待遇等待期；"
                    + "断缴每多 1 年，再增加 \(w.extraMonthsPerLapseYear) 个月变动等待期；每补缴 1 年可减少 \(w.monthsRemovedPerBackPaidYear) "
                    + "个月变动等待期；连续断缴 \(w.longLapseYears) 年及以上的，等待期不少于 \(w.longLapseMinMonths) 个月。\(trust(w.provenance))")
            provenances.append(w.provenance)
            if pack.waiting?.residents != nil { national = nil }
        }
        var employeeGap = false
        if facts.insuranceType != .residentsBasic, !pack.isNational {
            if let e = pack.waiting?.employeeLapse {
                points.append(
                    "职工医保：断缴后 \(e.graceMonths) 个月内补缴的，待遇不中断；超过的，缴费后 \(e.waitMonths) 个月起享受待遇。"
                        + trust(e.provenance))
                provenances.append(e.provenance)
            } else {
                employeeGap = true
            }
        }
        guard !points.isEmpty else {
            return gapAnswer(
                pack, what: "职工医保断缴后的待遇等待期规则", gapParts: ["waiting"], schemeIDs: [nil],
                nationalParts: ["waiting.employee_lapse"])
        }
        var sources = self.sources(pack, provenances)
        if let national { sources += self.sources(national, provenances) }
        if employeeGap {
            points += pack.gaps.filter { $0.part == "waiting.employee_lapse" }.map { "职工医保：\($0.note)" }
            let rules = catalog.national(year: pack.year)?.gaps.filter { $0.part == "waiting.employee_lapse" } ?? []
            points += rules.map { "全国规则：\($0.note)" }
        }
        let place = pack.isNational ? "全国规则" : pack.regionName
        return AnswerDraft(
            kind: .calculation, shortAnswer: "\(place)待遇等待期：\(points[0])", points: points, sources: sources)
    }

    /// The residents' waiting period for a lapse of `lapseYears` with `backPaidYears` paid back: the fixed
    /// months, plus the variable months for each lapse year after the first, less those paid back, and at
    /// least the long-lapse minimum after a long lapse.
    func residentsWaiting(_ w: ResidentsWaiting, lapseYears: Int, backPaidYears: Int) -> String {
        let added = max(0, lapseYears - 1) * w.extraMonthsPerLapseYear
        let removed = min(added, backPaidYears * w.monthsRemovedPerBackPaidYear)
        var total = w.fixedMonths + added - removed
        var why = "固定等待期 \(w.fixedMonths) 个月，变动等待期 \(added) − \(removed) = \(added - removed) 个月"
        if lapseYears >= w.longLapseYears && total < w.longLapseMinMonths {
            total = w.longLapseMinMonths
            why += "；连续断缴 \(w.longLapseYears) 年及以上，等待期不少于 \(w.longLapseMinMonths) 个月"
        }
        return "断缴 \(lapseYears) 年、补缴 \(backPaidYears) 年后重新参保：\(why)，共 \(total) 个月。"
    }
}
