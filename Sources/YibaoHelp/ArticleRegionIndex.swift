import YibaoCore

/// The regions of each article as small integers, so that the region factor of a query costs a few array
/// reads per article.
struct ArticleRegionIndex: Sendable {
    enum Relation { case national, same, nested, other }

    let codeIDs: [String: Int32]
    /// Own region ids of article i: `own[ownEnds[i - 1]..<ownEnds[i]]` (empty for a national article).
    let own: [Int32]
    let ownEnds: [Int]
    /// Parent ids of the article's regions (province of a city, city of a county).
    let parents: [Int32]
    let parentEnds: [Int]

    init(articles: [Article], regions: RegionTable?) {
        var ids: [String: Int32] = [:]
        func id(_ code: String) -> Int32 {
            if let existing = ids[code] { return existing }
            let new = Int32(ids.count)
            ids[code] = new
            return new
        }
        var own: [Int32] = []
        var ownEnds: [Int] = []
        var parents: [Int32] = []
        var parentEnds: [Int] = []
        for article in articles {
            for code in article.regions {
                own.append(id(code))
                for parent in regions?.ancestors(of: code) ?? [] { parents.append(id(parent)) }
            }
            ownEnds.append(own.count)
            parentEnds.append(parents.count)
        }
        codeIDs = ids
        self.own = own
        self.ownEnds = ownEnds
        self.parents = parents
        self.parentEnds = parentEnds
    }

    var regionCount: Int { codeIDs.count }

    /// What a query about `scope` needs: which region ids apply, and the ids of the place itself.
    struct Probe {
        let applying: [Bool]
        let asked: [Int32]
    }

    func probe(_ scope: RegionScope) -> Probe {
        var applying = [Bool](repeating: false, count: regionCount)
        for code in scope.applyingCodes { if let i = codeIDs[code] { applying[Int(i)] = true } }
        let asked = [scope.region.code, scope.pooling?.code].compactMap { $0.flatMap { codeIDs[$0] } }
        return Probe(applying: applying, asked: asked)
    }

    /// How many regions an article names (0 for a national one).
    @inline(__always) func regionCount(of article: Int) -> Int {
        ownEnds[article] - (article == 0 ? 0 : ownEnds[article - 1])
    }

    @inline(__always) func relation(of article: Int, _ probe: Probe) -> Relation {
        let ownFrom = article == 0 ? 0 : ownEnds[article - 1]
        let ownTo = ownEnds[article]
        if ownFrom == ownTo { return .national }
        for i in ownFrom..<ownTo where probe.applying[Int(own[i])] { return .same }
        let parentFrom = article == 0 ? 0 : parentEnds[article - 1]
        for i in parentFrom..<parentEnds[article] where probe.asked.contains(parents[i]) { return .nested }
        return .other
    }

    /// Whether any article is about the probed place, a place inside it, or its province.
    func hasArticles(for probe: Probe) -> Bool {
        own.contains { probe.applying[Int($0)] } || parents.contains { probe.asked.contains($0) }
    }

    func isNational(_ article: Int) -> Bool {
        (article == 0 ? 0 : ownEnds[article - 1]) == ownEnds[article]
    }
}
