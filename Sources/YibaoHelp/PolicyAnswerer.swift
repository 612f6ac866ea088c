import YibaoCore
import YibaoPolicy
import YibaoSettlement

/// An answer before related articles and the disclaimer are added.
struct AnswerDraft {
    var kind: AnswerKind
    var shortAnswer: String
    var points: [String]
    var sources: [AnswerSource]
    var articleID: String?
    var health = false

    init(
        kind: AnswerKind, shortAnswer: String, points: [String] = [], sources: [AnswerSource] = [],
        articleID: String? = nil
    ) {
        self.kind = kind
        self.shortAnswer = shortAnswer
        self.points = points
        self.sources = sources
        self.articleID = articleID
    }
}

/// Answers calculation questions straight from the policy packs: monthly credit, deductible, ratio, a bill
/// estimate (through the settlement engine), annual caps, waiting periods and contributions.
///
/// Figures come only from the pack of the asked pooling region; what the pack declares missing is said to
/// be missing (`no_data`), with the national rule where the national pack has one. Another region's figure
/// is never used.
public struct PolicyAnswerer: Sendable {
    let catalog: PolicyCatalog
    let engine: SettlementEngine

    public init(catalog: PolicyCatalog, regions: RegionTable? = nil) {
        self.catalog = catalog
        self.engine = SettlementEngine(catalog: catalog, regions: regions)
    }

    /// The latest pack of a pooling region, if any.
    func pack(for scope: RegionScope) -> PolicyPack? {
        guard let pooling = scope.pooling, let year = catalog.years(region: pooling.code).max() else { return nil }
        return try? catalog.pack(region: pooling.code, year: year)
    }

    /// A calculation answer, a `no_data` answer for a declared gap, or nil when the packs cannot answer (not a
    /// calculation, or no pack for the place: the caller then looks for articles).
    func answer(_ facts: QuestionFacts, scope: RegionScope?) -> AnswerDraft? {
        guard let topic = facts.topics.first else { return nil }
        guard let scope else {
            // Without a place only a national rule can answer: the residents' waiting period.
            guard topic == .waitingPeriod, facts.insuranceType != .employeeBasic,
                let national = catalog.packs.filter(\.isNational).max(by: { $0.year < $1.year })
            else { return nil }
            return waitingAnswer(national, facts: facts)
        }
        guard let pack = pack(for: scope) else { return nil }
        switch topic {
        case .monthlyCredit: return creditAnswer(pack, facts: facts)
        case .billEstimate: return estimateAnswer(pack, facts: facts)
        case .deductible, .ratio, .annualCap: return benefitAnswer(pack, facts: facts, topic: topic)
        case .waitingPeriod: return waitingAnswer(pack, facts: facts)
        case .contribution: return contributionAnswer(pack, facts: facts)
        }
    }

    // MARK: - Shared helpers

    /// The schemes a question is about: by insurance type and tier when it names them.
    func schemes(_ pack: PolicyPack, _ facts: QuestionFacts, defaultType: InsuranceType? = nil) -> [Scheme] {
        var list = pack.schemes
        if let type = facts.insuranceType ?? defaultType {
            let typed = list.filter { $0.insuranceType == type }
            if !typed.isEmpty || facts.insuranceType != nil { list = typed }
        }
        if let tier = facts.tier {
            let tiered = list.filter { $0.tier == tier }
            if !tiered.isEmpty { list = tiered }
        }
        return list
    }

    func source(_ pack: PolicyPack, _ provenance: Provenance?) -> AnswerSource? {
        guard let p = provenance, let s = pack.sources[p.source] else { return nil }
        return AnswerSource(title: s.title, urlOrDocument: s.url, date: s.date, confidence: p.confidence.rawValue)
    }

    func sources(_ pack: PolicyPack, _ provenances: [Provenance?]) -> [AnswerSource] {
        var seen: Set<AnswerSource> = []
        return provenances.compactMap { source(pack, $0) }.filter { seen.insert($0).inserted }
    }

    /// "（待核实）" after a figure whose source is a low-trust page.
    func trust(_ p: Provenance?) -> String {
        p?.confidence == .placeholder ? "（来源可信度：待核实）" : ""
    }

    /// The pack file itself as a source (for declared gaps, which carry notes rather than figures).
    func packSource(_ pack: PolicyPack) -> AnswerSource {
        AnswerSource(
            title: "\(pack.regionName) \(pack.year) 年度医保政策包（已声明的缺口）", urlOrDocument: "政策包 \(pack.fileName)",
            date: nil, confidence: nil)
    }

    /// A `no_data` answer for what a pack declares missing, with the national rule where one applies.
    func gapAnswer(_ pack: PolicyPack, what: String, gapParts: [String], schemeIDs: [String?], nationalParts: [String])
        -> AnswerDraft
    {
        let gaps = pack.gaps.filter { g in
            gapParts.contains { g.part.hasPrefix($0) } && (g.scheme == nil || schemeIDs.contains(g.scheme))
        }
        var points = gaps.map { "已知情况：\($0.note)" }
        var sources = gaps.isEmpty ? [] : [packSource(pack)]
        if let national = catalog.national(year: pack.year), !pack.isNational {
            let rules = national.gaps.filter { g in nationalParts.contains { g.part.hasPrefix($0) } && g.scheme == nil }
            points += rules.map { "全国规则：\($0.note)" }
            if !rules.isEmpty { sources.append(packSource(national)) }
        }
        if points.isEmpty { points = ["该项目前没有可靠来源，请以当地医保部门公布的为准（可拨打 12393 医保服务热线咨询）。"] }
        return AnswerDraft(
            kind: .noData,
            shortAnswer: "暂无该地区的数据：\(pack.regionName)（\(pack.region)）的\(what)尚未收录，不能用其他地区的数字代替。",
            points: points, sources: sources)
    }

    /// The national rule for a calculation question about a place without data, where the national pack states one.
    func nationalRule(_ facts: QuestionFacts) -> (points: [String], sources: [AnswerSource])? {
        guard let topic = facts.topics.first,
            let national = catalog.packs.filter(\.isNational).max(by: { $0.year < $1.year })
        else { return nil }
        let parts: [String]
        switch topic {
        case .monthlyCredit: parts = ["schemes.employee"]
        case .contribution: parts = ["schemes.employee", "contributions.residents"]
        case .deductible, .ratio, .annualCap, .billEstimate:
            parts = PolicyAnswerer.nationalParts(for: facts.medicalType)
        case .waitingPeriod:
            let draft = waitingAnswer(national, facts: facts)
            return draft.kind == .calculation ? (draft.points.map { "全国规则：\($0)" }, draft.sources) : nil
        }
        let rules = national.gaps.filter { g in parts.contains { g.part.hasPrefix($0) } && g.scheme == nil }
        guard !rules.isEmpty else { return nil }
        return (rules.map { "全国规则：\($0.note)" }, [packSource(national)])
    }

    static func nationalParts(for medicalType: MedicalType?) -> [String] {
        switch medicalType {
        case .generalInpatient?: ["inpatient"]
        case .generalOutpatient?: ["outpatient"]
        default: ["outpatient", "inpatient"]
        }
    }
}
