import Foundation

extension SearchIndex {
    /// A query term: its key, its id in the index (nil when no article has it) and its query weight.
    struct QueryTerm {
        let key: UInt64
        let id: Int32?
        let weight: Float
    }

    /// Checks a query and a limit against the named maximums; returns the trimmed query.
    static func validated(_ query: String, limit: Int) throws(HelpError) -> String {
        let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .queryEmpty }
        guard trimmed.count <= queryCharactersMax else { throw .queryTooLong(characters: trimmed.count) }
        guard (1...limitMax).contains(limit) else { throw .limitOutOfRange(limit: limit) }
        return trimmed
    }

    /// Ranks the articles for a query: BM25F score × region factor × stub factor, best first.
    public func search(_ query: String, options: SearchOptions = SearchOptions()) throws(HelpError) -> [SearchHit] {
        let q = try SearchIndex.validated(query, limit: options.limit)
        return rank(queryTerms(q), options: options)
    }

    /// The distinct terms of a query with their weights; stopwords dropped unless nothing else is left.
    func queryTerms(_ query: String) -> [QueryTerm] {
        var weights: [UInt64: Float] = [:]
        var order: [UInt64] = []
        for token in analyzer.tokens(query) {
            let w: Float
            switch token.term & (3 << 62) {
            case Analyzer.wordTag: w = parameters.wordWeight
            case Analyzer.unigramTag: w = parameters.unigramWeight
            default: w = 1
            }
            if let old = weights[token.term] {
                weights[token.term] = max(old, w)
            } else {
                weights[token.term] = w
                order.append(token.term)
            }
        }
        var keys = order
        if parameters.useStopwords {
            let kept = order.filter { !analyzer.stopTerms.contains($0) }
            if !kept.isEmpty { keys = kept }
        }
        return keys.map { QueryTerm(key: $0, id: termIDs[$0], weight: weights[$0] ?? 1) }
    }

    /// Sums idf × weight × impact over the postings of the query's terms.
    func accumulate(_ terms: [QueryTerm]) -> [Float] {
        var scores = [Float](repeating: 0, count: articles.count)
        scores.withUnsafeMutableBufferPointer { out in
            postingDocs.withUnsafeBufferPointer { docs in
                postingImpacts.withUnsafeBufferPointer { impacts in
                    for term in terms {
                        guard let id = term.id else { continue }
                        let w = term.weight * idf[Int(id)]
                        for i in Int(postingStarts[Int(id)])..<Int(postingStarts[Int(id) + 1]) {
                            out[Int(docs[i])] += w * impacts[i]
                        }
                    }
                }
            }
        }
        return scores
    }

    func rank(_ terms: [QueryTerm], options: SearchOptions, excluding: Int? = nil) -> [SearchHit] {
        let scores = accumulate(terms)
        let probe = options.region.map { regionIndex.probe($0) }
        let p = parameters
        var top: [(score: Float, doc: Int)] = []
        top.reserveCapacity(options.limit + 1)
        for doc in 0..<scores.count where scores[doc] > 0 && doc != excluding {
            var s = scores[doc]
            if stubs[doc] {
                if !options.includeStubs { continue }
                s *= p.stubFactor
            }
            if let probe {
                switch regionIndex.relation(of: doc, probe) {
                case .national: break
                case .same: s *= p.sameRegionBoost
                case .nested: s *= p.nestedRegionBoost
                case .other:
                    if options.filter { continue }
                    s *= p.otherRegionFactor
                }
            }
            if top.count == options.limit {
                guard let last = top.last, s > last.score else { continue }
                top.removeLast()
            }
            var at = top.count
            while at > 0 && top[at - 1].score < s { at -= 1 }
            top.insert((s, doc), at: at)
        }
        let keys = Set(terms.map(\.key))
        return top.map { entry in
            let article = articles[entry.doc]
            let snippet = options.snippets ? Snippet.make(article.searchText, terms: keys, analyzer: analyzer) : nil
            return SearchHit(article: article, index: entry.doc, score: entry.score,
                coverage: coverage(of: Int32(entry.doc), terms), snippet: snippet)
        }
    }

    /// Share of the query's weight × idf found in the article; unknown terms count as missing.
    func coverage(of doc: Int32, _ terms: [QueryTerm]) -> Float {
        var found: Float = 0
        var total: Float = 0
        for term in terms {
            guard let id = term.id else {
                total += term.weight * unseenIDF
                continue
            }
            let w = term.weight * idf[Int(id)]
            total += w
            if contains(term: id, article: doc) { found += w }
        }
        return total > 0 ? found / total : 0
    }
}
