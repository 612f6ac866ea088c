import Testing

@testable import YibaoHelp

@Suite struct RelatedArticlesTests {
    @Test func anArticleIsNeverItsOwnRelatedArticle() throws {
        let centre = try Fixtures.centre()
        for article in centre.corpus.articles {
            #expect(try !centre.related.related(to: article.id).contains { $0.id == article.id })
        }
    }

    @Test func aNearDuplicateIsNotListed() throws {
        // family-aid-copy is family-aid with a question mark added to the title.
        let related = try Fixtures.centre().related.related(to: "family-aid").map(\.id)
        #expect(!related.contains("family-aid-copy"))
        #expect(related.contains("family-aid-bind"))
    }

    @Test func twoNearDuplicatesAreNeverBothListed() throws {
        let related = try Fixtures.centre().related.related(to: "family-aid-bind").map(\.id)
        #expect(!(related.contains("family-aid") && related.contains("family-aid-copy")))
    }

    @Test func similarArticlesComeBeforeUnrelatedOnes() throws {
        let related = try Fixtures.centre().related.related(to: "sz-credit", limit: 10).map(\.id)
        let gz = try #require(related.firstIndex(of: "gz-credit"))
        let szFamily = try #require(related.firstIndex(of: "sz-family-aid"))
        for unrelated in ["card-lost", "glaucoma"] {
            if let i = related.firstIndex(of: unrelated) { #expect(i > gz && i > szFamily) }
        }
    }

    /// Two candidates with the same text: only region or topic tells them apart (and, being near-duplicates of
    /// each other, only the preferred one is listed).
    func ranked(source: Article, candidates: [Article]) throws -> [String] {
        let index = SearchIndex(
            articles: [source] + candidates, analyzer: try Fixtures.analyzer(), regions: Fixtures.regions)
        return RelatedArticles(index: index).related(toPosition: 0, limit: 5).map(\.id)
    }

    let text = "个人账户每月按缴费基数划入，退休人员按定额划入，欠缴月份不划入。"
    /// The source's own text: about the same thing, far from a copy of the candidates'.
    let sourceText = "个人账户的钱从哪里来？在职职工每月按缴费基数划入。"

    @Test func theSameRegionComesBeforeAnotherRegion() throws {
        let source = Article(
            id: "a", title: "深圳个人账户划入", shortAnswer: "深圳的规定。", regions: ["440300"], topics: ["划入"],
            body: sourceText)
        let same = Article(
            id: "same", title: "个人账户划入标准", shortAnswer: "规定。", regions: ["440300"], topics: ["划入"],
            body: text + "补缴后补划。")
        let other = Article(
            id: "other", title: "个人账户划入标准", shortAnswer: "规定。", regions: ["440100"], topics: ["划入"],
            body: text + "补缴后补划。")
        #expect(try ranked(source: source, candidates: [other, same]).first == "same")
    }

    @Test func theSameTopicComesBeforeAnotherTopic() throws {
        let source = Article(id: "a", title: "个人账户划入", shortAnswer: "规定。", topics: ["划入"], body: sourceText)
        let sameTopic = Article(
            id: "same", title: "个人账户划入标准", shortAnswer: "规定。", topics: ["划入"], body: text + "补缴后补划。")
        let otherTopic = Article(
            id: "other", title: "个人账户划入标准", shortAnswer: "规定。", topics: ["余额"],
            body: text + "补缴后补划。")
        #expect(try ranked(source: source, candidates: [otherTopic, sameTopic]).first == "same")
    }

    @Test func theLimitIsCheckedAndAnUnknownIDIsNotFound() throws {
        let related = try Fixtures.centre().related
        #expect(try related.related(to: "dash-causes", limit: 1).count == 1)
        #expect(throws: HelpError.limitOutOfRange(limit: 0)) { try related.related(to: "dash-causes", limit: 0) }
        #expect(throws: HelpError.articleNotFound(id: "nope")) { try related.related(to: "nope") }
    }
}
