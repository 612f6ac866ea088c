import YibaoHelp
import YibaoPlatform

/// The help service over YibaoHelp's `HelpCentre`: search with highlighted snippets, articles with their
/// sources, related articles, and ask — with the signed-in person's balance as personal records.
struct CentreHelpService: HelpService {
    let centre: HelpCentre
    /// The same centre with the platform's records, for signed-in questions.
    let personal: HelpCentre

    init(platform: Platform) throws {
        centre = try HelpCentre.bundled()
        personal = HelpCentre(corpus: centre.corpus, resources: centre.resources, regions: centre.regions,
            catalog: centre.catalog, records: BalanceRecords(platform: platform))
    }

    func search(_ query: String, limit: Int) throws -> Components.Schemas.HelpSearchResult {
        let hits = try centre.search(query, limit: limit)
        return .init(query: query, hits: hits.map {
            .init(id: $0.article.id, title: $0.article.title, snippet: $0.snippet ?? $0.article.shortAnswer,
                regions: $0.article.regions, date: $0.article.date)
        })
    }

    func article(id: String) throws -> Components.Schemas.HelpArticle {
        let a = try centre.article(id: id)
        let paragraphs = a.body.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
        return .init(id: a.id, title: a.title, shortAnswer: a.shortAnswer, paragraphs: paragraphs, regions: a.regions,
            date: a.date, sources: a.sources.map { .init(title: $0.title, urlOrDoc: $0.urlOrDocument, date: $0.date,
                confidence: $0.confidence) },
            health: a.health)
    }

    func related(id: String) throws -> [Components.Schemas.RelatedItem] {
        try centre.related.related(to: id).map {
            .init(id: $0.id, title: $0.title, excerpt: $0.excerpt ?? $0.shortAnswer, date: $0.date)
        }
    }

    func ask(_ question: String, person: String?) throws -> Components.Schemas.AskAnswer {
        let a = try (person == nil ? centre : personal).ask(question, person: person)
        return .init(
            question: a.question, region: a.region,
            kind: Components.Schemas.AskAnswer.KindPayload(rawValue: a.kind.rawValue) ?? .noData,
            shortAnswer: a.shortAnswer, points: a.points,
            sources: a.sources.map { .init(title: $0.title, urlOrDoc: $0.urlOrDocument, date: $0.date, confidence: $0.confidence) },
            related: a.related.map { .init(id: $0.id, title: $0.title, excerpt: $0.excerpt, date: $0.date) },
            disclaimer: a.disclaimer, articleId: a.articleID)
    }
}
