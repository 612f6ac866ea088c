import YibaoCore
import YibaoPolicy

/// Answers a question: from the asker's own records when signed in and the question is about the balance,
/// else from the policy packs when it is a calculation, else from the best article; and says plainly when
/// there is nothing on the place or rule asked about.
///
/// The place is read from the question (县 → 市 → 省); an ambiguous name is asked back. Articles about another
/// region never answer a question about this one.
public struct Asker: Sendable {
    public let index: SearchIndex
    let recognizer: RegionRecognizer
    let policy: PolicyAnswerer
    let resources: HelpResources
    let records: (any PersonalRecords)?
    let relatedArticles: RelatedArticles
    /// Terms an article must contain to answer a question of a calculation topic (any one of them).
    let topicTerms: [QuestionFacts.Topic: [Int32]]

    /// Least share of the question's weight an article must contain to answer it.
    public static let articleCoverageMin: Float = 0.4
    /// Related articles listed under an answer.
    public static let relatedMax = 5
    /// Articles looked at for an answer.
    static let hitsMax = 10

    public init(
        index: SearchIndex, regions: RegionTable, catalog: PolicyCatalog, resources: HelpResources,
        records: (any PersonalRecords)? = nil
    ) {
        self.index = index
        self.recognizer = RegionRecognizer(table: regions, exclusions: resources.regionExclusions)
        self.policy = PolicyAnswerer(catalog: catalog, regions: regions)
        self.resources = resources
        self.records = records
        self.relatedArticles = RelatedArticles(index: index)
        var topicTerms: [QuestionFacts.Topic: [Int32]] = [:]
        for (topic, words) in Asker.topicWords {
            topicTerms[topic] = words.compactMap { word in
                let tokens = index.analyzer.tokens(word).filter {
                    $0.start == 0 && Int($0.end) == word.unicodeScalars.count
                }
                return tokens.last.flatMap { index.termIDs[$0.term] }
            }
        }
        self.topicTerms = topicTerms
    }

    /// What an article must talk about to answer a calculation-topic question: the topic's own words (a lexicon
    /// word stands for its synonym group).
    static let topicWords: [QuestionFacts.Topic: [String]] = [
        .monthlyCredit: ["划入"], .deductible: ["起付线"], .annualCap: ["最高支付限额", "限额"],
        .ratio: ["报销比例", "比例"], .waitingPeriod: ["待遇等待期", "断缴", "补缴"],
        .contribution: ["缴费基数", "缴费比例", "缴费"], .billEstimate: ["报销"],
    ]

    /// What the question says about place (exposed for the CLI and tests).
    public func recognizeRegion(_ question: String) -> RegionMention {
        recognizer.recognize(question)
    }

    /// Searches the articles as `yibao help search` does: the place the query names boosts its articles and
    /// lowers other regions' (an ambiguous or absent place changes nothing).
    public func search(_ query: String, limit: Int = 10, snippets: Bool = true) throws(HelpError) -> [SearchHit] {
        let q = try SearchIndex.validated(query, limit: limit)
        var scope: RegionScope?
        if case .found(let s) = recognizer.recognize(q) { scope = s }
        return try index.search(q, options: SearchOptions(limit: limit, region: scope, snippets: snippets))
    }

    public func ask(_ question: String, person: String? = nil) throws(HelpError) -> AskAnswer {
        let q = try SearchIndex.validated(question, limit: 1)
        let scope: RegionScope?
        switch recognizer.recognize(q) {
        case .ambiguous(let name, let candidates): return clarify(q, name: name, candidates: candidates)
        case .found(let s): scope = s
        case .none: scope = nil
        }
        let facts = QuestionRouter.facts(q)
        let hits = try index.search(
            q,
            options: SearchOptions(
                limit: Asker.hitsMax, region: scope, filter: scope != nil,
                snippets: false))
        let best = hits.first { $0.coverage >= Asker.articleCoverageMin && talksAboutTopic($0, facts) }
        var region = scope?.answerCode
        let draft: AnswerDraft
        if let person, facts.asksBalance, let personal = try personalDraft(person: person, best: best?.article) {
            draft = personal.draft
            region = personal.region ?? region
        } else if facts.isSpecificCase, let calculated = policy.answer(facts, scope: scope) {
            draft = calculated
        } else if let scope, !hasData(scope) {
            draft = regionWithoutData(scope, facts: facts, best: best)
        } else if let article = answeringArticle(hits, scope: scope, facts: facts) {
            draft = articleDraft(article)
        } else if let calculated = policy.answer(facts, scope: scope) {
            draft = calculated
        } else {
            draft = nothingFound(scope, facts: facts)
        }
        return finish(q, region: region, draft: draft, hits: hits)
    }

    /// The article that answers: it covers enough of the question; and when the question has a calculation topic,
    /// it talks about that topic (起付线 for a deductible question) and, when a place is named, it is about that
    /// place, since a national article does not give a place's figures.
    func answeringArticle(_ hits: [SearchHit], scope: RegionScope?, facts: QuestionFacts) -> Article? {
        hits.first { hit in
            hit.coverage >= Asker.articleCoverageMin && talksAboutTopic(hit, facts)
                && (scope == nil || facts.topics.isEmpty || !hit.article.isNational)
        }?.article
    }

    /// Whether an article talks about the question's calculation topic (always true without one).
    func talksAboutTopic(_ hit: SearchHit, _ facts: QuestionFacts) -> Bool {
        guard let topic = facts.topics.first, let required = topicTerms[topic] else { return true }
        return required.contains { index.contains(term: $0, article: Int32(hit.index)) }
    }

    /// Whether anything is known about the place: a policy pack, or an article about it (or its province).
    func hasData(_ scope: RegionScope) -> Bool {
        policy.pack(for: scope) != nil || index.regionIndex.hasArticles(for: index.regionIndex.probe(scope))
    }

    func finish(_ question: String, region: String?, draft: AnswerDraft, hits: [SearchHit]) -> AskAnswer {
        var related: [Article] = []
        if let id = draft.articleID, let position = index.position(of: id) {
            related = relatedArticles.related(toPosition: position, limit: Asker.relatedMax)
        } else {
            related = hits.map(\.article).prefix(Asker.relatedMax).map { $0 }
        }
        let health = draft.health || resources.concernsHealth(question)
        return AskAnswer(
            question: question, region: region, kind: draft.kind, shortAnswer: draft.shortAnswer,
            points: draft.points, sources: draft.sources, related: related.map(Asker.relatedItem),
            disclaimer: health ? AskAnswer.healthDisclaimer : nil, articleID: draft.articleID, candidates: nil)
    }

    static func relatedItem(_ a: Article) -> RelatedItem {
        let text = a.excerpt ?? a.shortAnswer
        let excerpt = text.count > 80 ? String(text.prefix(80)) + "…" : text
        return RelatedItem(id: a.id, title: a.title, excerpt: excerpt, date: a.date)
    }

    func clarify(_ question: String, name: String, candidates: [Region]) -> AskAnswer {
        let table = recognizer.table
        let listed = candidates.map { c in
            // 北京市 is both the province and the city record: name it once.
            var chain: [String] = []
            for name in table.ancestors(of: c.code).reversed().compactMap({ table.region(code: $0)?.name })
            where chain.last != name && name != c.name {
                chain.append(name)
            }
            return RegionCandidate(code: c.code, name: c.name, within: chain.joined())
        }
        let names = listed.map { "\($0.within)\($0.name)" }
        return AskAnswer(
            question: question, region: nil, kind: .clarify,
            shortAnswer: "“\(name)”对应多个地区：\(names.joined(separator: "、"))。请说明是哪一个，例如“\(names.first ?? name)”。",
            points: listed.map { "\($0.within)\($0.name)（\($0.code)）" }, sources: [], related: [], disclaimer: nil,
            articleID: nil, candidates: listed)
    }
}
