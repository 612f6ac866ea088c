import TOMLKit
import YibaoCore

extension PolicyPack {
    /// Reads a pack from TOML text. Structure and value errors are reported with their path;
    /// cross-field rules (bands ascending, coverage of ratios …) are checked by `PolicyValidator`.
    public init(toml text: String, fileName: String) throws(PolicyPackError) {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch {
            throw PolicyPackError(file: fileName, path: "", problem: "TOML 语法错误：\(error)")
        }
        let r = TOMLReader(file: fileName, path: "", table: root)
        try r.allowOnly(["pack", "sources", "gaps", "schemes", "family", "account_use", "offsite", "waiting"])
        let head = try r.requiredChild("pack")
        try head.allowOnly(["region", "name", "year"])
        let region = try head.requiredString("region")
        guard region.count == 6, region.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw head.fail("region", "地区代码应为 6 位数字")
        }
        guard let year = try head.int("year"), (2000...2100).contains(year) else {
            throw head.fail("year", "年度应为 2000–2100 的整数")
        }
        let sources = try PolicyPack.readSources(r)
        var gaps: [DeclaredGap] = []
        for g in try r.tables("gaps") {
            try g.allowOnly(["part", "scheme", "note"])
            gaps.append(DeclaredGap(part: try g.requiredString("part"), scheme: try g.string("scheme"),
                note: try g.requiredString("note")))
        }
        var schemes: [Scheme] = []
        if let s = try r.child("schemes") {
            for id in s.keys {
                guard let scheme = try s.child(id) else { continue }
                schemes.append(try Scheme.read(id: id, scheme, sources: sources))
            }
        }
        self.init(
            region: region, regionName: try head.requiredString("name"), year: year, sources: sources,
            gaps: gaps, schemes: schemes.sorted { $0.id < $1.id },
            family: try r.child("family").map { (f) throws(PolicyPackError) in try FamilyRules.read(f, sources: sources) },
            accountUse: try r.child("account_use").map { (a) throws(PolicyPackError) in
                try a.allowOnly(["may_pay_out_of_scope", "source", "confidence"])
                return AccountUseRules(mayPayOutOfScope: try a.bool("may_pay_out_of_scope") ?? false,
                    provenance: try a.provenance(sources: sources))
            },
            offsite: try r.child("offsite").map { (o) throws(PolicyPackError) in try OffsiteRules.read(o, sources: sources) },
            waiting: try r.child("waiting").map { (w) throws(PolicyPackError) in try WaitingRules.read(w, sources: sources) },
            fileName: fileName)
    }

    static func readSources(_ r: TOMLReader) throws(PolicyPackError) -> [String: PolicySource] {
        var sources: [String: PolicySource] = [:]
        guard let s = try r.child("sources") else { return sources }
        for key in s.keys {
            guard let entry = try s.child(key) else { continue }
            try entry.allowOnly(["title", "url", "date"])
            sources[key] = PolicySource(key: key, title: try entry.requiredString("title"),
                url: try entry.requiredString("url"), date: try entry.string("date"))
        }
        return sources
    }
}

extension Scheme {
    static func read(id: String, _ r: TOMLReader, sources: [String: PolicySource]) throws(PolicyPackError) -> Scheme {
        try r.allowOnly([
            "insutype", "tier", "label", "personal_account", "source", "confidence", "contributions",
            "crediting", "class_b_self_pay_share", "outpatient", "inpatient", "chronic_outpatient",
        ])
        let code = try r.requiredString("insutype")
        guard let type = InsuranceType(rawValue: code) else { throw r.fail("insutype", "险种代码“\(code)”未知") }
        guard let hasAccount = try r.bool("personal_account") else {
            throw r.fail("personal_account", "须声明是否设个人账户（true / false）")
        }
        var benefits: [Benefit] = []
        for kind in Benefit.Kind.allCases {
            if let b = try r.child(kind.rawValue) { benefits.append(try Benefit.read(kind: kind, b, sources: sources)) }
        }
        var classB: SourcedRatio?
        if let c = try r.child("class_b_self_pay_share") {
            try c.allowOnly(["share", "source", "confidence"])
            classB = SourcedRatio(ratioBps: try c.requiredPercent("share"), provenance: try c.provenance(sources: sources))
        }
        var crediting: Crediting?
        if let c = try r.child("crediting") {
            try c.allowOnly(["in_service", "retired"])
            crediting = Crediting(
                inService: try c.child("in_service").map { (i) throws(PolicyPackError) in
                    try i.allowOnly(["share_of_base", "source", "confidence"])
                    return InServiceCredit(shareOfBaseBps: try i.requiredPercent("share_of_base"),
                        provenance: try i.provenance(sources: sources))
                },
                retired: try c.child("retired").map { (x) throws(PolicyPackError) in try RetiredCredit.read(x, sources: sources) })
        }
        return Scheme(
            id: id, insuranceType: type, tier: try r.string("tier"), label: try r.requiredString("label"),
            hasPersonalAccount: hasAccount, provenance: try r.provenance(sources: sources),
            contributions: try r.child("contributions").map { (c) throws(PolicyPackError) in try Contributions.read(c, sources: sources) },
            crediting: crediting, benefits: benefits, classBSelfPayShare: classB)
    }
}

extension Contributions {
    static func read(_ r: TOMLReader, sources: [String: PolicySource]) throws(PolicyPackError) -> Contributions {
        try r.allowOnly([
            "employer_rate", "employee_rate", "flexible_rate", "base_min", "base_max", "residents_annual",
            "residents_subsidy", "source", "confidence",
        ])
        return Contributions(
            employerRateBps: try r.percent("employer_rate"), employeeRateBps: try r.percent("employee_rate"),
            flexibleRateBps: try r.percent("flexible_rate"), baseMinFen: try r.money("base_min"),
            baseMaxFen: try r.money("base_max"), residentsAnnualFen: try r.money("residents_annual"),
            residentsSubsidyFen: try r.money("residents_subsidy"), provenance: try r.provenance(sources: sources))
    }
}

extension RetiredCredit {
    static func read(_ r: TOMLReader, sources: [String: PolicySource]) throws(PolicyPackError) -> RetiredCredit {
        try r.allowOnly(["amounts", "period", "individual", "deductions", "source", "confidence"])
        let rule: Rule
        if let note = try r.string("individual") {
            guard !r.has("amounts") else { throw r.fail("individual", "individual 与 amounts 不能同时出现") }
            rule = .individual(note: note)
        } else {
            var bands: [AgeBandAmount] = []
            for a in try r.tables("amounts") {
                try a.allowOnly(["min_age", "monthly", "yearly"])
                let monthly = try a.money("monthly")
                let yearly = try a.money("yearly")
                guard (monthly == nil) != (yearly == nil) else {
                    throw a.fail(nil, "每一档须给出 monthly 或 yearly 之一")
                }
                bands.append(AgeBandAmount(minAge: try a.int("min_age") ?? 0, amountFen: monthly ?? yearly ?? .zero))
            }
            guard !bands.isEmpty else { throw r.fail("amounts", "须给出 amounts（按年龄分档的定额）或 individual 说明") }
            let first = try r.tables("amounts")[0]
            let period: Period = first.has("yearly") ? .year : .month
            rule = .fixed(bands: bands, period: period)
        }
        var deductions: [Deduction] = []
        for d in try r.tables("deductions") {
            try d.allowOnly(["name", "monthly"])
            deductions.append(Deduction(name: try d.requiredString("name"), monthlyFen: try d.requiredMoney("monthly")))
        }
        return RetiredCredit(rule: rule, deductions: deductions, provenance: try r.provenance(sources: sources))
    }
}

extension RuleMatch {
    static func read(_ r: TOMLReader) throws(PolicyPackError) -> RuleMatch {
        var personType: PersonType?
        if let p = try r.string("person_type") {
            guard let t = PersonType(rawValue: p) else { throw r.fail("person_type", "人员类别“\(p)”未知（in_service / retired）") }
            personType = t
        }
        var levels: [InstitutionLevel]?
        if let list = try r.stringArray("levels") {
            var parsed: [InstitutionLevel] = []
            for l in list {
                guard let level = InstitutionLevel(rawValue: l) else {
                    throw r.fail("levels", "医院等级“\(l)”未知（community / 1 / 2 / 3）")
                }
                parsed.append(level)
            }
            levels = parsed
        }
        let minAge = try r.int("min_age")
        let maxAge = try r.int("max_age")
        for (key, age) in [("min_age", minAge), ("max_age", maxAge)] {
            if let age, !(0...150).contains(age) { throw r.fail(key, "年龄应为 0–150") }
        }
        return RuleMatch(personType: personType, levels: levels, minAge: minAge, maxAge: maxAge)
    }
}

extension Benefit {
    static let matchKeys: Set<String> = ["person_type", "levels", "min_age", "max_age"]

    static func read(kind: Kind, _ r: TOMLReader, sources: [String: PolicySource]) throws(PolicyPackError) -> Benefit {
        try r.allowOnly(["med_types", "levels", "deductible", "source", "confidence", "bands", "bonuses", "caps"])
        var medTypes: [MedicalType] = []
        for code in try r.stringArray("med_types") ?? [] {
            guard let t = MedicalType(rawValue: code) else { throw r.fail("med_types", "医疗类别“\(code)”未知") }
            medTypes.append(t)
        }
        guard !medTypes.isEmpty else { throw r.fail("med_types", "须列出适用的医疗类别") }
        var basis = DeductibleBasis.none
        var deductibles: [DeductibleRule] = []
        var deductibleProvenance: Provenance?
        if let text = r.table["deductible"]?.string {
            guard text == "none" else { throw r.fail("deductible", "写成字符串时只能是 \"none\"；有起付线时写成表") }
        } else if let d = try r.child("deductible") {
            try d.allowOnly(["basis", "amounts", "source", "confidence"])
            let b = try d.requiredString("basis")
            guard let parsed = DeductibleBasis(rawValue: b) else {
                throw d.fail("basis", "起付线方式“\(b)”未知（none / per_year / per_admission）")
            }
            basis = parsed
            for a in try d.tables("amounts") {
                try a.allowOnly(Benefit.matchKeys.union(["first", "later"]))
                deductibles.append(DeductibleRule(match: try RuleMatch.read(a), firstFen: try a.requiredMoney("first"),
                    laterFen: try a.money("later")))
            }
            deductibleProvenance = try d.provenance(sources: sources)
        } else {
            throw r.fail("deductible", "须声明起付线：\"none\" 或 [deductible] 表")
        }
        var bands: [Band] = []
        for b in try r.tables("bands") {
            try b.allowOnly(["up_to", "fund", "ratios"])
            let f = try b.requiredString("fund")
            guard let fund = Fund(rawValue: f) else { throw b.fail("fund", "基金“\(f)”未知（hifp / hifob / hifmi / cvlserv）") }
            var ratios: [RatioRule] = []
            for x in try b.tables("ratios") {
                try x.allowOnly(Benefit.matchKeys.union(["ratio"]))
                ratios.append(RatioRule(match: try RuleMatch.read(x), ratioBps: try x.requiredPercent("ratio")))
            }
            bands.append(Band(upToFen: try b.money("up_to"), fund: fund, ratios: ratios))
        }
        var bonuses: [RatioBonus] = []
        for x in try r.tables("bonuses") {
            try x.allowOnly(Benefit.matchKeys.union(["add"]))
            bonuses.append(RatioBonus(match: try RuleMatch.read(x), addBps: try x.requiredPercent("add")))
        }
        var caps: [FundCap] = []
        var capsProvenance: Provenance?
        if let c = try r.child("caps") {
            try c.allowOnly(Set(Fund.allCases.map(\.rawValue)).union(["source", "confidence"]))
            for fund in Fund.allCases {
                for x in try c.tables(fund.rawValue) {
                    try x.allowOnly(Benefit.matchKeys.union(["amount"]))
                    caps.append(FundCap(fund: fund, match: try RuleMatch.read(x), amountFen: try x.requiredMoney("amount")))
                }
            }
            capsProvenance = try c.provenance(sources: sources)
        }
        return Benefit(
            kind: kind, medicalTypes: medTypes, levels: try RuleMatch.read(r).levels, deductibleBasis: basis, deductibles: deductibles,
            deductibleProvenance: deductibleProvenance, bands: bands, bonuses: bonuses,
            provenance: try r.provenance(sources: sources), caps: caps, capsProvenance: capsProvenance)
    }
}

extension FamilyRules {
    static func read(_ r: TOMLReader, sources: [String: PolicySource]) throws(PolicyPackError) -> FamilyRules {
        try r.allowOnly(["relations", "source", "confidence"])
        var relations: [Relation] = []
        for name in try r.stringArray("relations") ?? [] {
            guard let rel = Relation(rawValue: name) else { throw r.fail("relations", "亲属关系“\(name)”未知") }
            relations.append(rel)
        }
        return FamilyRules(relations: relations, provenance: try r.provenance(sources: sources))
    }
}

extension OffsiteRules {
    static func read(_ r: TOMLReader, sources: [String: PolicySource]) throws(PolicyPackError) -> OffsiteRules {
        try r.allowOnly(["long_term", "temporary_referred", "temporary_other", "ceiling", "source", "confidence"])
        return OffsiteRules(
            longTermReductionBps: try r.percent("long_term"), temporaryReferredReductionBps: try r.percent("temporary_referred"),
            temporaryOtherReductionBps: try r.percent("temporary_other"), isCeiling: try r.bool("ceiling") ?? false,
            provenance: try r.provenance(sources: sources))
    }
}

extension WaitingRules {
    static func read(_ r: TOMLReader, sources: [String: PolicySource]) throws(PolicyPackError) -> WaitingRules {
        try r.allowOnly(["residents", "employee_lapse"])
        var residents: ResidentsWaiting?
        if let x = try r.child("residents") {
            try x.allowOnly([
                "fixed_months", "extra_months_per_lapse_year", "months_removed_per_back_paid_year",
                "long_lapse_years", "long_lapse_min_months", "source", "confidence",
            ])
            func months(_ key: String) throws(PolicyPackError) -> Int {
                guard let m = try x.int(key), (0...120).contains(m) else { throw x.fail(key, "应为 0–120 的整数月数") }
                return m
            }
            residents = ResidentsWaiting(
                fixedMonths: try months("fixed_months"), extraMonthsPerLapseYear: try months("extra_months_per_lapse_year"),
                monthsRemovedPerBackPaidYear: try months("months_removed_per_back_paid_year"),
                longLapseYears: try months("long_lapse_years"), longLapseMinMonths: try months("long_lapse_min_months"),
                provenance: try x.provenance(sources: sources))
        }
        var employee: EmployeeLapseWaiting?
        if let x = try r.child("employee_lapse") {
            try x.allowOnly(["grace_months", "wait_months", "source", "confidence"])
            guard let g = try x.int("grace_months"), let w = try x.int("wait_months"), (0...120).contains(g), (0...120).contains(w)
            else { throw x.fail(nil, "grace_months 与 wait_months 须为 0–120 的整数") }
            employee = EmployeeLapseWaiting(graceMonths: g, waitMonths: w, provenance: try x.provenance(sources: sources))
        }
        return WaitingRules(residents: residents, employeeLapse: employee)
    }
}
