import Foundation
import YibaoCore

/// An in-memory BM25F index over articles, built at start-up.
///
/// Three fields (title, topics, text) are folded into one precomputed impact per term and article, so a
/// query is a sum over compact posting arrays (article numbers as `Int32`, impacts as `Float`) followed by
/// a region factor and a top-k selection. Articles can come from files or, later, from the database: the
/// index only needs `[Article]`.
public struct SearchIndex: Sendable {
    public let articles: [Article]
    public let analyzer: Analyzer
    public let parameters: RankingParameters
    let termIDs: U64Table
    /// Postings of term t are `postingDocs[postingStarts[t]..<postingStarts[t + 1]]`, articles ascending.
    let postingStarts: [Int32]
    let postingDocs: [Int32]
    let postingImpacts: [Float]
    let idf: [Float]
    /// idf of a term no article has; used for coverage, so that an unknown word counts as missing.
    let unseenIDF: Float
    let positionOfID: [String: Int32]
    /// Whether each article is a stub.
    let stubs: [Bool]
    /// Each article's searchable text (short answer, excerpt, plain body), kept for snippets and related
    /// articles so that a query never rebuilds it.
    let texts: [String]
    let regionIndex: ArticleRegionIndex

    /// Longest query accepted, in characters.
    public static let queryCharactersMax = 200
    /// Most results one search returns.
    public static let limitMax = 50
    /// Most articles one index holds (postings use `Int32` numbers; this is far below that).
    public static let articlesMax = 1_000_000

    public init(
        articles: [Article], analyzer: Analyzer, parameters: RankingParameters = .standard,
        regions: RegionTable? = nil
    ) {
        precondition(articles.count <= SearchIndex.articlesMax, "too many articles for one index")
        self.articles = articles
        self.analyzer = analyzer
        self.parameters = parameters
        var positions: [String: Int32] = [:]
        for (i, a) in articles.enumerated() where positions[a.id] == nil { positions[a.id] = Int32(i) }
        positionOfID = positions
        stubs = articles.map(\.stub)
        let texts = articles.map(\.searchText)
        self.texts = texts
        regionIndex = ArticleRegionIndex(articles: articles, regions: regions)

        let counts = SearchIndex.countTerms(articles, texts: texts, analyzer: analyzer)
        var ids = U64Table(minimumCapacity: 1 << 16)
        var df: [Int32] = []
        for key in counts.keys {
            if let id = ids[key] {
                df[Int(id)] += 1
            } else {
                ids.set(key, Int32(df.count))
                df.append(1)
            }
        }
        termIDs = ids
        let n = Float(articles.count)
        idf = df.map { log(1 + (n - Float($0) + 0.5) / (Float($0) + 0.5)) }
        unseenIDF = log(1 + (n + 0.5) / 0.5)
        var starts = [Int32](repeating: 0, count: df.count + 1)
        for t in 0..<df.count { starts[t + 1] = starts[t] + df[t] }
        postingStarts = starts
        (postingDocs, postingImpacts) = SearchIndex.fillPostings(
            counts, ids: ids, starts: starts, parameters: parameters)
    }

    /// Per-article term counts by field, flattened: `keys[i]` with `tf[i]` (title, topics, text), articles
    /// delimited by `articleEnds`, and each article's field lengths.
    struct TermCounts {
        var keys: [UInt64] = []
        var tf: [SIMD4<Float>] = []
        var articleEnds: [Int] = []
        var lengths: [SIMD4<Float>] = []
    }

    static func countTerms(_ articles: [Article], texts: [String], analyzer: Analyzer) -> TermCounts {
        var counts = TermCounts()
        var local = U64Table(minimumCapacity: 1024)
        for (i, article) in articles.enumerated() {
            local.removeAll()
            var lengths = SIMD4<Float>(repeating: 0)
            let fields = [article.title, article.topics.joined(separator: "，"), texts[i]]
            for (f, text) in fields.enumerated() {
                let tokens = analyzer.tokens(text)
                lengths[f] = Float(tokens.count)
                for token in tokens {
                    if let slot = local[token.term] {
                        counts.tf[Int(slot)][f] += 1
                    } else {
                        local.set(token.term, Int32(counts.keys.count))
                        counts.keys.append(token.term)
                        var tf = SIMD4<Float>(repeating: 0)
                        tf[f] = 1
                        counts.tf.append(tf)
                    }
                }
            }
            counts.articleEnds.append(counts.keys.count)
            counts.lengths.append(lengths)
        }
        return counts
    }

    static func fillPostings(_ counts: TermCounts, ids: U64Table, starts: [Int32], parameters p: RankingParameters)
        -> ([Int32], [Float])
    {
        let total = Int(starts.last ?? 0)
        var docs = [Int32](repeating: 0, count: total)
        var impacts = [Float](repeating: 0, count: total)
        var next = starts.dropLast().map { Int($0) }
        var sum = SIMD4<Float>(repeating: 0)
        for l in counts.lengths { sum += l }
        let articlesCount = Float(max(counts.lengths.count, 1))
        let average = (sum / articlesCount).replacing(with: 1, where: sum .== 0)
        let boosts = SIMD4<Float>(p.titleBoost, p.topicsBoost, 1, 0)
        var from = 0
        for (doc, end) in counts.articleEnds.enumerated() {
            let norm = pointwiseMax((1 - p.b) + p.b * counts.lengths[doc] / average, SIMD4(repeating: 1e-6))
            for i in from..<end {
                let weighted = (counts.tf[i] * boosts / norm).sum()
                let t = Int(ids[counts.keys[i]] ?? 0)
                docs[next[t]] = Int32(doc)
                impacts[next[t]] = weighted * (p.k1 + 1) / (weighted + p.k1)
                next[t] += 1
            }
            from = end
        }
        return (docs, impacts)
    }

    public var count: Int { articles.count }

    public func article(id: String) -> Article? {
        positionOfID[id].map { articles[Int($0)] }
    }

    public func position(of id: String) -> Int? { positionOfID[id].map(Int.init) }

    /// Whether an article contains a term (binary search in the term's postings).
    func contains(term id: Int32, article: Int32) -> Bool {
        var lo = Int(postingStarts[Int(id)])
        var hi = Int(postingStarts[Int(id) + 1])
        while lo < hi {
            let mid = (lo + hi) / 2
            let v = postingDocs[mid]
            if v == article { return true }
            if v < article { lo = mid + 1 } else { hi = mid }
        }
        return false
    }
}
