import YibaoCore

/// Cross-field checks on a pack: ratios within 0–100%, bands ascending, every person type × level ×
/// age matched by a ratio and deductible rule, caps ≥ 0, sources present, gaps named.
///
/// Structure errors are found while reading (`PolicyPack(toml:)`); this finds errors of meaning.
public enum PolicyValidator {
    /// Ages at which rules are probed: every threshold a rule names, each side of it, and the extremes.
    static func probeAges(_ matches: [RuleMatch]) -> [Int] {
        var ages: Set<Int> = [0, 150]
        for m in matches {
            if let a = m.minAge { ages.formUnion([a - 1, a].filter { $0 >= 0 }) }
            if let a = m.maxAge { ages.formUnion([a, a + 1].filter { $0 <= 150 }) }
        }
        return ages.sorted()
    }

    /// Returns every problem found (empty = valid).
    public static func problems(in pack: PolicyPack) -> [PolicyPackError] {
        var problems: [PolicyPackError] = []
        func add(_ path: String, _ problem: String) {
            problems.append(PolicyPackError(file: pack.fileName, path: path, problem: problem))
        }
        if pack.sources.isEmpty { add("sources", "至少须列出一个来源") }
        for (key, source) in pack.sources where source.url.isEmpty || source.title.isEmpty {
            add("sources.\(key)", "来源须有标题和网址或文号")
        }
        for (i, gap) in pack.gaps.enumerated() {
            if gap.note.isEmpty { add("gaps[\(i)]", "缺口须有说明") }
            if let s = gap.scheme, !pack.schemes.contains(where: { $0.id == s }) {
                add("gaps[\(i)].scheme", "方案“\(s)”不存在")
            }
        }
        var seen: Set<String> = []
        for scheme in pack.schemes {
            let key = "\(scheme.insuranceType.rawValue)/\(scheme.tier ?? "-")"
            if !seen.insert(key).inserted { add("schemes.\(scheme.id)", "险种与档次重复（\(key)）") }
            checkScheme(scheme, add: add)
        }
        if let o = pack.offsite {
            for (name, r) in [("long_term", o.longTermReductionBps), ("temporary_referred", o.temporaryReferredReductionBps),
                ("temporary_other", o.temporaryOtherReductionBps)]
            {
                if let r, r > .full { add("offsite.\(name)", "降低比例不能超过 100%") }
            }
        }
        return problems
    }

    static func checkScheme(_ scheme: Scheme, add: (String, String) -> Void) {
        let base = "schemes.\(scheme.id)"
        if !scheme.hasPersonalAccount, scheme.crediting != nil {
            add("\(base).crediting", "方案声明不设个人账户，却配置了划入规则")
        }
        if let c = scheme.contributions {
            if let lo = c.baseMinFen, let hi = c.baseMaxFen, lo > hi { add("\(base).contributions", "缴费基数下限高于上限") }
            for (name, r) in [("employer_rate", c.employerRateBps), ("employee_rate", c.employeeRateBps), ("flexible_rate", c.flexibleRateBps)] {
                if let r, r > .full { add("\(base).contributions.\(name)", "费率不能超过 100%") }
            }
        }
        if let r = scheme.crediting?.retired, case .fixed(let bands, let period) = r.rule {
            if bands.first?.minAge != 0 { add("\(base).crediting.retired.amounts", "第一档须从 min_age = 0 开始") }
            for (a, b) in zip(bands, bands.dropFirst()) where b.minAge <= a.minAge {
                add("\(base).crediting.retired.amounts", "年龄分档须递增")
            }
            let deducted = r.deductions.reduce(Fen.zero) { $0 + $1.monthlyFen }
            for (i, band) in bands.enumerated() where period == .month && band.amountFen < deducted {
                add("\(base).crediting.retired.amounts[\(i)]", "划入金额小于扣减金额")
            }
        }
        if let s = scheme.crediting?.inService, s.shareOfBaseBps > .full {
            add("\(base).crediting.in_service", "划入比例不能超过 100%")
        }
        for benefit in scheme.benefits {
            checkBenefit(benefit, path: "\(base).\(benefit.kind.rawValue)", add: add)
        }
        var medTypes: Set<MedicalType> = []
        for benefit in scheme.benefits {
            for t in benefit.medicalTypes where !medTypes.insert(t).inserted {
                add("\(base).\(benefit.kind.rawValue).med_types", "医疗类别 \(t.rawValue) 重复出现在多个待遇中")
            }
        }
    }

    static func checkBenefit(_ b: Benefit, path: String, add: (String, String) -> Void) {
        let levels = b.levels ?? InstitutionLevel.allCases
        if b.bands.isEmpty { add("\(path).bands", "至少须有一个支付分段") }
        var previous: Fen?
        for (i, band) in b.bands.enumerated() {
            let bp = "\(path).bands[\(i)]"
            if band.upToFen == nil, i != b.bands.count - 1 { add("\(bp).up_to", "只有最后一段可以不设上限") }
            if let up = band.upToFen {
                if up <= (previous ?? .zero) { add("\(bp).up_to", "分段上限须递增且大于 0") }
                previous = up
            }
            if band.ratios.isEmpty { add("\(bp).ratios", "须给出支付比例") }
            for (j, r) in band.ratios.enumerated() where r.ratioBps > .full {
                add("\(bp).ratios[\(j)]", "比例不能超过 100%")
            }
            let ages = probeAges(band.ratios.map(\.match) + b.bonuses.map(\.match))
            coverage: for p in PersonType.allCases {
                for l in levels {
                    for age in ages where !band.ratios.contains(where: { $0.match.matches(p, l, age: age) }) {
                        add("\(bp).ratios", "没有规则匹配 \(p.label)、\(l.label)、\(age) 岁（规则按顺序匹配，最后宜有通用规则）")
                        break coverage
                    }
                }
            }
        }
        for (j, bonus) in b.bonuses.enumerated() where bonus.addBps > .full {
            add("\(path).bonuses[\(j)]", "加成比例不能超过 100%")
        }
        switch b.deductibleBasis {
        case .none:
            if !b.deductibles.isEmpty { add("\(path).deductible", "起付线方式为 none 却给出了金额") }
        case .perYear, .perAdmission:
            if b.deductibles.isEmpty { add("\(path).deductible.amounts", "须给出起付线金额") }
            let ages = probeAges(b.deductibles.map(\.match))
            coverage: for p in PersonType.allCases {
                for l in levels {
                    for age in ages where !b.deductibles.contains(where: { $0.match.matches(p, l, age: age) }) {
                        add("\(path).deductible.amounts", "没有起付线规则匹配 \(p.label)、\(l.label)、\(age) 岁")
                        break coverage
                    }
                }
            }
            for (j, d) in b.deductibles.enumerated() {
                if let later = d.laterFen, later > d.firstFen { add("\(path).deductible.amounts[\(j)]", "再次住院起付线不应高于首次") }
                if b.deductibleBasis == .perYear, d.laterFen != nil {
                    add("\(path).deductible.amounts[\(j)]", "按年度计算的起付线不区分首次与再次")
                }
            }
        }
        if !b.caps.isEmpty, b.capsProvenance == nil { add("\(path).caps", "限额须注明来源") }
        let paying = Set(b.bands.map(\.fund))
        for cap in b.caps where !paying.contains(cap.fund) {
            add("\(path).caps.\(cap.fund.rawValue)", "该基金没有支付分段，限额无意义")
        }
    }
}
