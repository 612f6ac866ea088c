import Foundation

/// Related articles (相关推荐) for an article: the most similar ones, preferring the same topic and region,
/// never the article itself and never a near-duplicate of it or of another pick.
///
/// Similarity is the index's own BM25F score for a query made of the article's most telling terms (its
/// highest tf × idf terms), so it costs one search, not a comparison with every article.
public struct RelatedArticles: Sendable {
    public let index: SearchIndex

    /// Most related articles returned.
    public static let limitMax = 20
    /// Terms of the article used as the similarity query.
    public static let queryTermsMax = 32
    /// Candidates ranked before near-duplicates are removed.
    public static let candidatesMax = 40
    /// Bigram-set Jaccard similarity of titles at or above which two articles are near-duplicates.
    public static let nearDuplicateTitle = 0.75
    /// Bigram-set Jaccard similarity of texts at or above which two articles are near-duplicates.
    public static let nearDuplicateText = 0.8

    public init(index: SearchIndex) {
        self.index = index
    }

    public func related(to id: String, limit: Int = 5) throws(HelpError) -> [Article] {
        guard let position = index.position(of: id) else { throw .articleNotFound(id: id) }
        guard (1...RelatedArticles.limitMax).contains(limit) else { throw .limitOutOfRange(limit: limit) }
        return related(toPosition: position, limit: limit)
    }

    func related(toPosition position: Int, limit: Int) -> [Article] {
        let source = index.articles[position]
        var options = SearchOptions(limit: RelatedArticles.candidatesMax, snippets: false)
        options.includeStubs = true
        let scores = index.accumulate(similarityQuery(source))
        var candidates: [(score: Double, doc: Int)] = []
        for doc in 0..<scores.count where doc != position && scores[doc] > 0 {
            let target = index.articles[doc]
            candidates.append((Double(scores[doc]) * topicFactor(source, target) * regionFactor(source, target), doc))
        }
        candidates.sort { $0.score != $1.score ? $0.score > $1.score : $0.doc < $1.doc }
        var picked: [Article] = []
        var pickedShapes: [Shape] = []
        let sourceShape = shape(of: source)
        for candidate in candidates.prefix(options.limit) {
            let article = index.articles[candidate.doc]
            let candidateShape = shape(of: article)
            if candidateShape.isNearDuplicate(of: sourceShape) || pickedShapes.contains(where: candidateShape.isNearDuplicate)
            {
                continue
            }
            picked.append(article)
            pickedShapes.append(candidateShape)
            if picked.count == limit { break }
        }
        return picked
    }

    /// The article's highest tf × idf terms (title terms counted with the title boost), as a query.
    func similarityQuery(_ article: Article) -> [SearchIndex.QueryTerm] {
        var tf: [UInt64: Float] = [:]
        let fields: [(String, Float)] = [
            (article.title, index.parameters.titleBoost), (article.topics.joined(separator: "，"), index.parameters.topicsBoost),
            (article.searchText, 1),
        ]
        for (text, weight) in fields {
            for token in index.analyzer.tokens(text) { tf[token.term, default: 0] += weight }
        }
        var weighted: [(term: SearchIndex.QueryTerm, value: Float)] = []
        for (key, count) in tf {
            guard let id = index.termIDs[key], !index.analyzer.stopTerms.contains(key) else { continue }
            let w = 1 + log(count)
            weighted.append((SearchIndex.QueryTerm(key: key, id: id, weight: w), w * index.idf[Int(id)]))
        }
        weighted.sort { $0.value != $1.value ? $0.value > $1.value : $0.term.key < $1.term.key }
        return weighted.prefix(RelatedArticles.queryTermsMax).map(\.term)
    }

    func topicFactor(_ a: Article, _ b: Article) -> Double {
        Set(a.topics).isDisjoint(with: b.topics) ? 1 : 1.3
    }

    func regionFactor(_ a: Article, _ b: Article) -> Double {
        switch (a.isNational, b.isNational) {
        case (true, true): return 1.1
        case (false, true): return 1
        case (true, false): return 0.8
        case (false, false): return Set(a.regions).isDisjoint(with: b.regions) ? 0.5 : 1.3
        }
    }

    /// What near-duplicate detection compares: the bigram sets of the title and of the text.
    struct Shape {
        let title: Set<UInt64>
        let text: Set<UInt64>

        func isNearDuplicate(of other: Shape) -> Bool {
            Shape.jaccard(title, other.title) >= RelatedArticles.nearDuplicateTitle
                || Shape.jaccard(text, other.text) >= RelatedArticles.nearDuplicateText
        }

        static func jaccard(_ a: Set<UInt64>, _ b: Set<UInt64>) -> Double {
            guard !a.isEmpty || !b.isEmpty else { return 0 }
            let common = a.intersection(b).count
            return Double(common) / Double(a.count + b.count - common)
        }
    }

    func shape(of article: Article) -> Shape {
        func bigrams(_ text: String) -> Set<UInt64> {
            Set(Analyzer.plain.tokens(String(text.prefix(Snippet.sourceCharactersMax))).map(\.term))
        }
        return Shape(title: bigrams(article.title), text: bigrams(article.searchText))
    }
}
