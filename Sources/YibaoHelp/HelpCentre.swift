import Foundation
import YibaoCore
import YibaoPolicy

/// The help centre, built in one place: resources, articles, index, related articles and the asker.
///
/// The index is built at start-up from the articles given (bundled files, plus any folder or, later, the
/// articles stored in the database); building it for 10,000 articles takes 0.7–1 s in a release build
/// (see the README).
public struct HelpCentre: Sendable {
    public let resources: HelpResources
    public let corpus: HelpCorpus
    public let regions: RegionTable
    public let catalog: PolicyCatalog
    public let index: SearchIndex
    public let asker: Asker
    public let related: RelatedArticles

    public init(
        corpus: HelpCorpus, resources: HelpResources, regions: RegionTable, catalog: PolicyCatalog,
        parameters: RankingParameters = .standard, analyzer: Analyzer? = nil, records: (any PersonalRecords)? = nil
    ) {
        self.resources = resources
        self.corpus = corpus
        self.regions = regions
        self.catalog = catalog
        index = SearchIndex(
            articles: corpus.articles, analyzer: analyzer ?? resources.analyzer(), parameters: parameters,
            regions: regions)
        asker = Asker(index: index, regions: regions, catalog: catalog, resources: resources, records: records)
        related = RelatedArticles(index: index)
    }

    /// The bundled articles (and those of `extraArticles`, which replace bundled ones with the same id), the
    /// bundled region table and policy packs.
    public static func bundled(extraArticles: URL? = nil, records: (any PersonalRecords)? = nil) throws -> HelpCentre {
        var corpus = try HelpCorpus.bundled()
        if let extraArticles { corpus = corpus.merged(with: try HelpCorpus.load(directory: extraArticles)) }
        return HelpCentre(
            corpus: corpus, resources: try HelpResources.bundled(), regions: try RegionTable.bundled(),
            catalog: try PolicyCatalog.bundled(), records: records)
    }

    /// The same corpus searched by the baseline: plain character bigrams, no lexicon, synonyms, stopwords,
    /// boosts or region preference.
    public func baseline() -> HelpCentre {
        HelpCentre(
            corpus: corpus, resources: resources, regions: regions, catalog: catalog, parameters: .baseline,
            analyzer: .plain)
    }

    public func search(_ query: String, limit: Int = 10) throws(HelpError) -> [SearchHit] {
        try asker.search(query, limit: limit)
    }

    public func ask(_ question: String, person: String? = nil) throws(HelpError) -> AskAnswer {
        try asker.ask(question, person: person)
    }

    public func article(id: String) throws(HelpError) -> Article {
        guard let article = index.article(id: id) else { throw .articleNotFound(id: id) }
        return article
    }
}
