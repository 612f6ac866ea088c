import YibaoCore

/// Plain-text descriptions of a pack, for `yibao policy check` and `yibao policy show`.
extension PolicyPack {
    /// What the pack covers, in one line: schemes and their benefits, and how many gaps it declares.
    public var coverageLine: String {
        let schemeParts = schemes.map { s -> String in
            var parts: [String] = []
            if s.crediting?.inService != nil || s.crediting?.retired != nil { parts.append("划入") }
            if s.contributions != nil { parts.append("缴费") }
            parts += s.benefits.map(\.kind.label)
            let account = s.hasPersonalAccount ? "有个人账户" : "无个人账户"
            return "\(s.label)(\(account)\(parts.isEmpty ? "" : "；" + parts.joined(separator: "、")))"
        }
        var national: [String] = []
        if family != nil { national.append("家庭共济") }
        if accountUse != nil { national.append("账户支付范围") }
        if offsite != nil { national.append("异地就医") }
        if waiting != nil { national.append("等待期") }
        let covered = (schemeParts + national).joined(separator: "，")
        return "\(region) \(regionName) \(year)：\(covered.isEmpty ? "无" : covered)；声明缺口 \(gaps.count) 项"
    }

    func sourceText(_ p: Provenance?) -> String {
        guard let p else { return "" }
        let title = sources[p.source].map { "\($0.title) \($0.url)" } ?? p.source
        return "〔来源：\(title)；可信度：\(p.confidence.label)〕"
    }

    /// The effective parameters as numbered Chinese lines, each with its source.
    public func describe(nationalPack: PolicyPack?) -> [String] {
        var lines = ["\(regionName)（\(region)）\(year) 年度医保政策参数"]
        for s in schemes {
            lines.append("")
            lines.append("【\(s.label)】险种 \(s.insuranceType.rawValue) \(s.insuranceType.label)\(s.tier.map { "，档次 \($0)" } ?? "")")
            lines.append("  个人账户：\(s.hasPersonalAccount ? "设个人账户" : "不设个人账户") \(sourceText(s.provenance))")
            if let c = s.contributions {
                var parts: [String] = []
                if let r = c.employerRateBps { parts.append("单位 \(r)") }
                if let r = c.employeeRateBps { parts.append("个人 \(r)") }
                if let r = c.flexibleRateBps { parts.append("灵活就业 \(r)") }
                if let lo = c.baseMinFen, let hi = c.baseMaxFen { parts.append("缴费基数 \(lo)–\(hi) 元/月") }
                if let a = c.residentsAnnualFen { parts.append("个人缴费 \(a) 元/年") }
                if let a = c.residentsSubsidyFen { parts.append("财政补助 \(a) 元/年") }
                lines.append("  缴费：\(parts.joined(separator: "，")) \(sourceText(c.provenance))")
            }
            if let i = s.crediting?.inService {
                lines.append("  在职划入：缴费基数的 \(i.shareOfBaseBps) \(sourceText(i.provenance))")
            }
            if let r = s.crediting?.retired {
                lines.append("  退休划入：\(r.ruleText) \(sourceText(r.provenance))")
            }
            if let c = s.classBSelfPayShare {
                lines.append("  乙类先行自付比例：\(c.ratioBps) \(sourceText(c.provenance))")
            }
            for b in s.benefits { lines += b.describe(sourceText: sourceText) }
        }
        if !gaps.isEmpty {
            lines.append("")
            lines.append("【已声明的缺口】")
            for g in gaps { lines.append("  - \(g.part)\(g.scheme.map { "（\($0)）" } ?? "")：\(g.note)") }
        }
        if let n = nationalPack, !isNational {
            lines.append("")
            lines.append("【适用的全国规则】")
            if family == nil, let f = n.family {
                lines.append("  家庭共济亲属范围：\(f.relations.map(\.rawValue).joined(separator: "、")) \(n.sourceText(f.provenance))")
            }
            if accountUse == nil, let a = n.accountUse {
                lines.append("  个人账户支付范围：\(a.mayPayOutOfScope ? "含全自费" : "仅政策范围内个人自付") \(n.sourceText(a.provenance))")
            }
        }
        return lines
    }
}

extension RetiredCredit {
    /// "每月 100.00 元（70 岁以下），每月 110.00 元（70 岁及以上），扣除 长期护理保险 8.66 元/月".
    public var ruleText: String {
        switch rule {
        case .individual(let note): return note
        case .fixed(let bands, let period):
            let unit = period == .month ? "每月" : "每年"
            var parts: [String] = []
            for (i, band) in bands.enumerated() {
                let next = i + 1 < bands.count ? bands[i + 1].minAge : nil
                let range: String
                switch (band.minAge, next) {
                case (0, nil): range = ""
                case (0, let n?): range = "（\(n) 岁以下）"
                case (let a, nil): range = "（\(a) 岁及以上）"
                case (let a, let n?): range = "（\(a)–\(n - 1) 岁）"
                }
                parts.append("\(unit) \(band.amountFen) 元\(range)")
            }
            for d in deductions { parts.append("扣除\(d.name) \(d.monthlyFen) 元/月") }
            return parts.joined(separator: "，")
        }
    }
}

extension RuleMatch {
    /// "退休、三级医院、70 岁及以上" or "所有人员".
    public var text: String {
        var parts: [String] = []
        if let p = personType { parts.append(p.label) }
        if let l = levels { parts.append(l.map(\.label).joined(separator: "/")) }
        if let a = minAge { parts.append("\(a) 岁及以上") }
        if let a = maxAge { parts.append("\(a) 岁及以下") }
        return parts.isEmpty ? "其他" : parts.joined(separator: "、")
    }
}

extension Benefit {
    func describe(sourceText: (Provenance?) -> String) -> [String] {
        var lines = ["  \(kind.label)（医疗类别 \(medicalTypes.map(\.rawValue).joined(separator: "、"))）\(sourceText(provenance))"]
        if let levels { lines.append("    仅适用于：\(levels.map(\.label).joined(separator: "、"))") }
        switch deductibleBasis {
        case .none: lines.append("    起付线：无")
        case .perYear, .perAdmission:
            let basis = deductibleBasis == .perYear ? "每年" : "每次住院"
            for d in deductibles {
                let later = d.laterFen.map { "，再次 \($0) 元" } ?? ""
                lines.append("    起付线（\(basis)，\(d.match.text)）：\(deductibleBasis == .perAdmission ? "首次 " : "")\(d.firstFen) 元\(later)")
            }
            lines.append("    \(sourceText(deductibleProvenance))")
        }
        var from = Fen.zero
        for band in bands {
            let range = band.upToFen.map { "\(from)–\($0) 元" } ?? "\(from) 元以上"
            let ratios = band.ratios.map { "\($0.match.text) \($0.ratioBps)" }.joined(separator: "；")
            lines.append("    \(range)（\(band.fund.label)）：\(ratios)")
            from = band.upToFen ?? from
        }
        if let last = bands.last?.upToFen { lines.append("    超过 \(last) 元的部分：基金不予支付") }
        for b in bonuses { lines.append("    比例加成：\(b.match.text) +\(b.addBps)") }
        for c in caps { lines.append("    年度限额（\(c.fund.label)，\(c.match.text)）：\(c.amountFen) 元") }
        if !caps.isEmpty { lines.append("    \(sourceText(capsProvenance))") }
        return lines
    }
}
