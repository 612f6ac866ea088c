import YibaoCore

/// The place a query is about, with its pooling region and parents, for the region boost or filter.
public struct RegionScope: Sendable, Hashable {
    /// The most specific place named (a county, city or province).
    public let region: Region
    /// Its pooling region (统筹区), nil for a province.
    public let pooling: Region?
    /// Parent codes of `region`, nearest first.
    public let ancestors: [String]

    public init(region: Region, pooling: Region?, ancestors: [String]) {
        self.region = region
        self.pooling = pooling
        self.ancestors = ancestors
    }

    public init(region: Region, table: RegionTable) {
        self.init(
            region: region, pooling: table.poolingRegion(of: region.code), ancestors: table.ancestors(of: region.code))
    }

    /// Codes whose articles apply to the place: itself, its pooling region and its parents.
    public var applyingCodes: Set<String> {
        Set([region.code] + (pooling.map { [$0.code] } ?? []) + ancestors)
    }

    /// The code answers are given for: the pooling region, or the place itself when it has none.
    public var answerCode: String { pooling?.code ?? region.code }
}

/// How a search runs.
public struct SearchOptions: Sendable {
    public var limit: Int
    /// The place the query is about: its articles are boosted, other regions' lowered (or dropped, with `filter`).
    public var region: RegionScope?
    /// Keep only national articles and articles that apply to `region`.
    public var filter: Bool
    public var snippets: Bool
    /// Whether stubs (title and excerpt only) may be returned.
    public var includeStubs: Bool

    public init(
        limit: Int = 10, region: RegionScope? = nil, filter: Bool = false, snippets: Bool = true,
        includeStubs: Bool = true
    ) {
        self.limit = limit
        self.region = region
        self.filter = filter
        self.snippets = snippets
        self.includeStubs = includeStubs
    }
}

/// One ranked article.
public struct SearchHit: Sendable {
    public let article: Article
    /// Position of the article in the index.
    public let index: Int
    public let score: Float
    /// Share of the query's idf weight that the article contains (0–1), a measure of how much of the
    /// question it covers, independent of the score's scale.
    public let coverage: Float
    /// A piece of the text with the matched terms in 【】, when asked for.
    public let snippet: String?
}
