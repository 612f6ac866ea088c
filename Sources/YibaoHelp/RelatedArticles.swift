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
    /// Bigram-set Jaccard similarity of titles at or above which (with similar texts) two articles are near-duplicates.
    public static let nearDuplicateTitle = 0.75
    /// Bigram-set Jaccard similarity of texts at or above which two articles are near-duplicates.
    public static let nearDuplicateText = 0.8
    /// Text similarity that, with near-identical titles, makes two articles near-duplicates.
    public static let nearDuplicateTextWithTitle = 0.5

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
        let scores = index.accumulate(similarityQuery(position))
        // The best raw scores first (a bounded selection, not a sort of every article), then the topic and
        // region preferences, which move an article by less than a factor of three.
        var candidates = SearchIndex.top(scores, count: RelatedArticles.candidatesMax * 2, excluding: position).map {
            doc in
            (
                score: Double(scores[doc]) * topicFactor(source, index.articles[doc])
                    * regionFactor(source, index.articles[doc]),
                doc: doc
            )
        }
        candidates.sort { $0.score != $1.score ? $0.score > $1.score : $0.doc < $1.doc }
        var picked: [Article] = []
        var pickedShapes: [Shape] = []
        let sourceShape = shape(of: position)
        for candidate in candidates.prefix(RelatedArticles.candidatesMax) {
            let candidateShape = shape(of: candidate.doc)
            if candidateShape.isNearDuplicate(of: sourceShape)
                || pickedShapes.contains(where: candidateShape.isNearDuplicate)
            {
                continue
            }
            picked.append(index.articles[candidate.doc])
            pickedShapes.append(candidateShape)
            if picked.count == limit { break }
        }
        return picked
    }

    /// The article's highest tf × idf terms (title terms counted with the title boost), as a query.
    func similarityQuery(_ position: Int) -> [SearchIndex.QueryTerm] {
        let article = index.articles[position]
        var tf: [UInt64: Float] = [:]
        let fields: [(String, Float)] = [
            (article.title, index.parameters.titleBoost),
            (article.topics.joined(separator: "，"), index.parameters.topicsBoost),
            (index.texts[position], 1),
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
        a.topics.contains(where: b.topics.contains) ? 1.3 : 1
    }

    func regionFactor(_ a: Article, _ b: Article) -> Double {
        switch (a.isNational, b.isNational) {
        case (true, true): return 1.1
        case (false, true): return 1
        case (true, false): return 0.8
        case (false, false): return a.regions.contains(where: b.regions.contains) ? 1.3 : 0.7
        }
    }

    /// What near-duplicate detection compares: the bigram sets of the title and of the text.
    struct Shape {
        let title: Set<UInt64>
        let text: Set<UInt64>

        /// The same text, or the same title over much the same text. A title alone is not enough: articles made
        /// from one template ("深圳…每月划入多少钱", "广州…每月划入多少钱") are related, not duplicates.
        func isNearDuplicate(of other: Shape) -> Bool {
            let texts = Shape.jaccard(text, other.text)
            return texts >= RelatedArticles.nearDuplicateText
                || (Shape.jaccard(title, other.title) >= RelatedArticles.nearDuplicateTitle
                    && texts >= RelatedArticles.nearDuplicateTextWithTitle)
        }

        static func jaccard(_ a: Set<UInt64>, _ b: Set<UInt64>) -> Double {
            guard !a.isEmpty || !b.isEmpty else { return 0 }
            let common = a.intersection(b).count
            return Double(common) / Double(a.count + b.count - common)
        }
    }

    /// Characters of an article's text compared for near-duplicates; the opening is where copies show.
    static let shapeCharactersMax = 800

    func shape(of position: Int) -> Shape {
        Shape(
            title: RelatedArticles.bigrams(
                index.articles[position].title, charactersMax: RelatedArticles.shapeCharactersMax),
            text: RelatedArticles.bigrams(index.texts[position], charactersMax: RelatedArticles.shapeCharactersMax))
    }

    /// The Chinese character bigrams of a text's opening, straight from its scalars (no token list).
    static func bigrams(_ text: String, charactersMax: Int) -> Set<UInt64> {
        var set = Set<UInt64>(minimumCapacity: min(charactersMax, text.utf8.count / 3 + 1))
        var previous: UInt32 = 0
        for scalar in text.unicodeScalars.prefix(charactersMax) {
            let v = Analyzer.normalize(scalar.value)
            if Analyzer.isHan(v) && Analyzer.isHan(previous) { set.insert(UInt64(previous) << 21 | UInt64(v)) }
            previous = v
        }
        return set
    }
}
