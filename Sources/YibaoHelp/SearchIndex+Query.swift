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
        return rank(queryTerms(q), options: options, shape: shape(q))
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
            // Stopwords go, and so do bigrams with a stopword character: they are the seams of a question
            // ("么报" in 怎么报销, "交的" in 单位交的) and match articles by accident.
            let kept = order.filter { !analyzer.stopTerms.contains($0) && !analyzer.isSeam($0) }
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

    func rank(_ terms: [QueryTerm], options: SearchOptions, shape: QueryShape? = nil) -> [SearchHit] {
        let scores = accumulate(terms)
        let probe = options.region.map { regionIndex.probe($0) }
        let p = parameters
        var top: [(score: Float, doc: Int)] = []
        top.reserveCapacity(options.limit + 1)
        for doc in 0..<scores.count where scores[doc] > 0 {
            var s = scores[doc]
            if stubs[doc] {
                if !options.includeStubs { continue }
                s *= p.stubFactor
            }
            if let probe {
                // An article about several places is less about the asked one: its boost is shared among them.
                let shared = Float(max(1, regionIndex.regionCount(of: doc)))
                switch regionIndex.relation(of: doc, probe) {
                case .national: break
                case .same: s *= 1 + (p.sameRegionBoost - 1) / shared
                case .nested: s *= 1 + (p.nestedRegionBoost - 1) / shared
                case .other:
                    if options.filter { continue }
                    s *= p.otherRegionFactor
                }
            } else if !regionIndex.isNational(doc) {
                s *= p.unnamedRegionFactor
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
        let shape = shape ?? QueryShape()
        return top.map { entry in
            let article = articles[entry.doc]
            let snippet = options.snippets ? Snippet.make(texts[entry.doc], terms: keys, analyzer: analyzer) : nil
            return SearchHit(
                article: article, index: entry.doc, score: entry.score,
                coverage: coverage(of: Int32(entry.doc), shape), snippet: snippet)
        }
    }

    /// The `count` best-scoring articles (score > 0), best first, ties by position.
    static func top(_ scores: [Float], count: Int, excluding: Int? = nil) -> [Int] {
        var top: [(score: Float, doc: Int)] = []
        top.reserveCapacity(count + 1)
        for doc in 0..<scores.count where scores[doc] > 0 && doc != excluding {
            let s = scores[doc]
            if top.count == count {
                guard let last = top.last, s > last.score else { continue }
                top.removeLast()
            }
            var at = top.count
            while at > 0 && top[at - 1].score < s { at -= 1 }
            top.insert((s, doc), at: at)
        }
        return top.map(\.doc)
    }

    /// How much of the question an article covers (0–1), measured on the question's characters: each content
    /// character (not a stopword character) weighs the highest idf of the query terms that contain it (a character
    /// no article's term contains weighs the idf of an unseen term) and counts as covered when the article has one
    /// of those terms. Unlike the score, this does not grow with the article's length or the query's; `ask` uses it
    /// to decide whether an article answers at all.
    func coverage(of doc: Int32, _ shape: QueryShape) -> Float {
        var found: Float = 0
        var total: Float = 0
        for covering in shape.characters {
            var weight: Float = 0
            var known = false
            var hit = false
            for id in covering {
                guard let id else { continue }
                known = true
                weight = max(weight, idf[Int(id)])
                if !hit && contains(term: id, article: doc) { hit = true }
            }
            if !known { weight = unseenIDF }
            total += weight
            if hit { found += weight }
        }
        return total > 0 ? found / total : 0
    }

    /// The content characters of a query, each with the ids of the query terms that contain it (nil: unseen).
    struct QueryShape {
        var characters: [[Int32?]] = []
    }

    func shape(_ query: String) -> QueryShape {
        let scalars = query.unicodeScalars.map { Analyzer.normalize($0.value) }
        let tokens = analyzer.tokens(normalizedScalars: scalars)
        var covering = [[Int32?]](repeating: [], count: scalars.count)
        for token in tokens {
            for p in Int(token.start)..<Int(token.end) { covering[p].append(termIDs[token.term]) }
        }
        var shape = QueryShape()
        for (p, v) in scalars.enumerated() where !covering[p].isEmpty && !analyzer.functionCharacters.contains(v) {
            shape.characters.append(covering[p])
        }
        return shape
    }
}
