import YibaoCore
import YibaoPolicy

/// Deductibles, ratios and annual caps of a pack's benefits.
extension PolicyAnswerer {
    func benefitAnswer(_ pack: PolicyPack, facts: QuestionFacts, topic: QuestionFacts.Topic) -> AnswerDraft {
        let schemes = self.schemes(pack, facts)
        var points: [String] = []
        var provenances: [Provenance?] = []
        var kinds: Set<String> = []
        for scheme in schemes {
            for benefit in scheme.benefits where facts.medicalType.map(benefit.medicalTypes.contains) ?? true {
                kinds.insert(benefit.kind.rawValue)
                let name = "\(scheme.label)\(benefit.kind.label)"
                switch topic {
                case .deductible:
                    points.append(
                        deductibleLine(name, benefit, facts) + trust(benefit.deductibleProvenance ?? benefit.provenance)
                    )
                    provenances.append(benefit.deductibleProvenance ?? benefit.provenance)
                case .annualCap:
                    guard let line = capLine(name, benefit, facts) else { continue }
                    points.append(line + trust(benefit.capsProvenance))
                    provenances.append(benefit.capsProvenance)
                default:
                    points.append(ratioLine(name, benefit, facts) + trust(benefit.provenance))
                    provenances.append(benefit.provenance)
                }
            }
        }
        let what = topic == .deductible ? "起付线" : (topic == .annualCap ? "年度最高支付限额" : "报销（支付）比例")
        let wanted =
            facts.medicalType.map { $0 == .generalInpatient ? ["inpatient"] : ["outpatient"] }
            ?? ["inpatient", "outpatient"]
        let capParts = wanted.map { $0 + ".caps" }
        let gapParts =
            topic == .annualCap
            ? capParts + wanted.filter { !kinds.contains($0) } : wanted.filter { !kinds.contains($0) }
        if topic == .deductible, let n = facts.admissionNumber,
            let focused = admissionDeductible(schemes, facts, number: n)
        {
            points.insert(focused, at: 0)
        }
        guard let first = points.first else {
            return gapAnswer(
                pack, what: facts.medicalType.map { "\($0.label)\(what)" } ?? what, gapParts: wanted + capParts,
                schemeIDs: schemes.map(\.id), nationalParts: PolicyAnswerer.nationalParts(for: facts.medicalType))
        }
        let gaps = pack.gaps.filter { g in
            gapParts.contains(g.part) && (g.scheme == nil || schemes.contains { $0.id == g.scheme })
        }
        points += gaps.map { "尚未收录：\($0.note)" }
        return AnswerDraft(
            kind: .calculation, shortAnswer: "\(pack.regionName)\(what)：\(first)", points: points,
            sources: sources(pack, provenances) + (gaps.isEmpty ? [] : [packSource(pack)]))
    }

    func deductibleLine(_ name: String, _ b: Benefit, _ facts: QuestionFacts) -> String {
        switch b.deductibleBasis {
        case .none: return "\(name)不设起付线。"
        case .perYear, .perAdmission:
            let basis = b.deductibleBasis == .perYear ? "每年" : (b.kind == .inpatient ? "每次住院" : "每次就诊")
            let rules = b.deductibles.filter { matches($0.match, facts) }
            let parts = rules.map { d -> String in
                let later = d.laterFen.map { "，本年再次住院 \($0) 元" } ?? ""
                return "\(d.match.text == "其他" ? "" : d.match.text + " ")\(d.firstFen) 元\(later)"
            }
            return "\(name)起付线（\(basis)）：\(parts.joined(separator: "；"))。"
        }
    }

    /// "职工医保一档三级医院本年第 2 次住院起付线 300.00 元。" when the question names the admission and level.
    func admissionDeductible(_ schemes: [Scheme], _ facts: QuestionFacts, number: Int) -> String? {
        var parts: [String] = []
        for scheme in schemes {
            guard let b = scheme.benefit(for: .generalInpatient), b.deductibleBasis == .perAdmission else { continue }
            let rules = b.deductibles.filter { matches($0.match, facts) }
            guard rules.count == 1, let rule = rules.first else { continue }
            let amount = number > 1 ? (rule.laterFen ?? rule.firstFen) : rule.firstFen
            parts.append("\(scheme.label)\(facts.level?.label ?? "")本年第 \(number) 次住院起付线 \(amount) 元")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "；") + "。"
    }

    func ratioLine(_ name: String, _ b: Benefit, _ facts: QuestionFacts) -> String {
        var from = Fen.zero
        var bands: [String] = []
        for band in b.bands {
            let range = band.upToFen.map { "年度累计 \(from)–\($0) 元" } ?? (from == .zero ? "" : "年度累计 \(from) 元以上")
            let ratios = band.ratios.filter { matches($0.match, facts) }.map { r in
                r.match.text == "其他" ? "\(r.ratioBps)" : "\(r.match.text) \(r.ratioBps)"
            }
            bands.append("\(range.isEmpty ? "" : range + "：")\(ratios.joined(separator: "，"))（\(band.fund.label)支付）")
            from = band.upToFen ?? from
        }
        var line = "\(name)支付比例：\(bands.joined(separator: "；"))"
        let bonuses = b.bonuses.filter { matches($0.match, facts) }
        if !bonuses.isEmpty { line += "；" + bonuses.map { "\($0.match.text)再加 \($0.addBps)" }.joined(separator: "，") }
        if let last = b.bands.last?.upToFen { line += "；超过 \(last) 元的部分基金不予支付" }
        return line + "。起付线以下和按比例自付的部分由个人负担。"
    }

    func capLine(_ name: String, _ b: Benefit, _ facts: QuestionFacts) -> String? {
        let caps = b.caps.filter { matches($0.match, facts) }
        guard !caps.isEmpty else { return nil }
        let parts = caps.map { c in
            "\(c.match.text == "其他" ? "" : c.match.text + " ")\(c.amountFen) 元（\(c.fund.label)）"
        }
        return "\(name)年度最高支付限额：\(parts.joined(separator: "；"))。"
    }

    /// Whether a rule can apply to what the question says (a rule for 退休 does not answer a question about 在职).
    func matches(_ m: RuleMatch, _ facts: QuestionFacts) -> Bool {
        if let p = m.personType, let asked = facts.personType, p != asked { return false }
        if let levels = m.levels, let asked = facts.level, !levels.contains(asked) { return false }
        if let a = facts.age {
            if let min = m.minAge, a < min { return false }
            if let max = m.maxAge, a > max { return false }
        }
        return true
    }
}
