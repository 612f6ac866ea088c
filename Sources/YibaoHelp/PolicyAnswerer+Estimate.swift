import Foundation
import YibaoCore
import YibaoPolicy
import YibaoSettlement

/// A bill estimate: the settlement engine run on one in-scope item of the amount asked about.
extension PolicyAnswerer {
    /// What the estimate assumed where the question was silent, said back to the asker.
    struct EstimateSetup {
        var scheme: Scheme
        var personType: PersonType
        var age: Int
        var medicalType: MedicalType
        var levels: [InstitutionLevel]
        var assumptions: [String]
    }

    func estimateAnswer(_ pack: PolicyPack, facts: QuestionFacts) -> AnswerDraft? {
        guard let amount = facts.amountFen, let date = CalendarDate(year: pack.year, month: 1, day: 1) else {
            return nil
        }
        guard let setup = estimateSetup(pack, facts) else {
            return gapAnswer(
                pack, what: "医保待遇参数", gapParts: ["schemes"], schemeIDs: [nil],
                nationalParts: PolicyAnswerer.nationalParts(for: facts.medicalType))
        }
        let benefit = setup.scheme.benefit(for: setup.medicalType)
        var results: [(InstitutionLevel, Settlement, [String])] = []
        var refusal: SettlementError?
        var yearToDate = YearToDate()
        yearToDate.admissions = max(0, (facts.admissionNumber ?? 1) - 1)
        for level in setup.levels {
            let bill = Bill(
                insuredRegion: pack.region, insuranceType: setup.scheme.insuranceType, tier: setup.scheme.tier,
                personType: setup.personType, age: setup.age, medicalType: setup.medicalType, institutionLevel: level,
                date: date,
                yearToDate: yearToDate, items: [BillItem(serial: "1", amountFen: amount, level: .classA)])
            do {
                let (result, steps) = try engine.settleExplained(bill)
                results.append((level, result, SettlementExplanation.lines(bill: bill, result: result, steps: steps)))
            } catch {
                refusal = refusal ?? error
            }
        }
        guard let (level, first, lines) = results.first else {
            var gap = gapAnswer(
                pack, what: "\(setup.scheme.label)\(setup.medicalType.label)的待遇参数",
                gapParts: [benefit?.kind.rawValue ?? PolicyAnswerer.nationalParts(for: setup.medicalType)[0]],
                schemeIDs: [setup.scheme.id], nationalParts: PolicyAnswerer.nationalParts(for: setup.medicalType))
            if let refusal { gap.points.insert(refusal.message, at: 0) }
            return gap
        }
        let situation = "\(setup.scheme.label)、\(setup.personType.label)、\(level.label)\(setup.medicalType.label)"
        let short = "按\(pack.regionName)\(situation)估算："
            + "\(amount) 元全部为政策范围内费用时，医保基金支付 \(first.fundTotalFen) 元，个人负担 \(first.personPartFen) 元。"
        var points = ["假设：" + setup.assumptions.joined(separator: "；") + "。实际金额以医院结算为准。"]
        points += lines.map(stripNumber)
        for (other, result, _) in results.dropFirst() {
            points.append("若在\(other.label)：医保基金支付 \(result.fundTotalFen) 元，个人负担 \(result.personPartFen) 元。")
        }
        let provenances: [Provenance?] = [
            setup.scheme.provenance, benefit?.provenance, benefit?.deductibleProvenance,
            benefit?.capsProvenance,
        ]
        return AnswerDraft(kind: .calculation, shortAnswer: short, points: points, sources: sources(pack, provenances))
    }

    func estimateSetup(_ pack: PolicyPack, _ facts: QuestionFacts) -> EstimateSetup? {
        var assumptions = [
            "全部费用为医保目录内甲类费用（政策范围内），无全自费、超限价和乙类先行自付部分",
            facts.admissionNumber.map { "本年第 \($0) 次住院，此前的累计费用按 0 计" } ?? "本年第一次就医结算，此前没有累计费用",
            "不使用个人账户",
        ]
        let type = facts.insuranceType ?? .employeeBasic
        if facts.insuranceType == nil { assumptions.insert("参加职工医保", at: 0) }
        let typed = pack.schemes.filter { $0.insuranceType == type }
        guard !typed.isEmpty else { return nil }
        let tiered = typed.contains { $0.tier != nil }
        let tier = facts.tier ?? (tiered ? typed.compactMap(\.tier).min() : nil)
        guard let scheme = typed.first(where: { $0.tier == tier }) ?? (facts.tier == nil ? typed.first : nil) else {
            return nil
        }
        if facts.tier == nil && tiered { assumptions.insert("参加\(scheme.label)", at: 0) }
        let personType = facts.personType ?? .inService
        if facts.personType == nil { assumptions.append("在职人员") }
        let age = facts.age ?? (personType == .retired ? 65 : 40)
        if facts.age == nil { assumptions.append("\(age) 岁") }
        let medicalType = facts.medicalType ?? .generalInpatient
        if facts.medicalType == nil { assumptions.append("普通住院") }
        var levels = [InstitutionLevel.level3, .level2, .level1, .community]
        if let level = facts.level {
            levels = [level]
        } else {
            if let covered = scheme.benefit(for: medicalType)?.levels { levels = levels.filter(covered.contains) }
            assumptions.append("医院等级未说明，先按\(levels.first?.label ?? "三级医院")计算，其他等级列在后面")
        }
        return EstimateSetup(
            scheme: scheme, personType: personType, age: age, medicalType: medicalType, levels: levels,
            assumptions: assumptions)
    }

    /// "3. 文字" → "文字": the answer's points are numbered by whoever shows them.
    func stripNumber(_ line: String) -> String {
        guard let dot = line.firstIndex(of: "."), line[..<dot].allSatisfy(\.isNumber) else { return line }
        return String(line[line.index(after: dot)...]).trimmingCharacters(in: .whitespaces)
    }
}
