/// The knobs of ranking: BM25F constants, field boosts, query term weights and region and stub factors.
///
/// `standard` is what the help centre uses; `baseline` is plain BM25 over one text field (no boosts, no
/// stopwords, no region preference), for measuring what analysis and ranking add.
public struct RankingParameters: Sendable, Hashable {
    public var k1: Float = 1.2
    public var b: Float = 0.75
    /// Weight of a term occurrence in the title against one in the text.
    public var titleBoost: Float = 2.5
    public var topicsBoost: Float = 1.5
    /// Query weight of a lexicon word (a bigram or ASCII word weighs 1).
    public var wordWeight: Float = 1.5
    /// Query weight of a lone Chinese character (a run of one).
    public var unigramWeight: Float = 0.5
    /// Whether the stopword list is dropped from queries.
    public var useStopwords = true
    /// Score factor of an article about the asked region (or its province).
    public var sameRegionBoost: Float = 1.6
    /// Score factor of an article about a place inside the asked region (a city of an asked province).
    public var nestedRegionBoost: Float = 1.2
    /// Score factor of an article about another region.
    public var otherRegionFactor: Float = 0.4
    /// Score factor of a regional article when the query names no place: a question without a place is best
    /// answered by the national rule.
    public var unnamedRegionFactor: Float = 0.85
    /// Score factor of a stub (title and excerpt only).
    public var stubFactor: Float = 0.85

    public init() {}

    public static let standard = RankingParameters()

    public static let baseline: RankingParameters = {
        var p = RankingParameters()
        p.titleBoost = 1
        p.topicsBoost = 1
        p.useStopwords = false
        p.sameRegionBoost = 1
        p.nestedRegionBoost = 1
        p.otherRegionFactor = 1
        p.unnamedRegionFactor = 1
        p.stubFactor = 1
        return p
    }()
}
