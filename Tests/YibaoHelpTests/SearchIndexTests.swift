import Testing
import YibaoCore

@testable import YibaoHelp

@Suite struct SearchIndexTests {
    func ids(_ query: String, limit: Int = 10) throws -> [String] {
        try Fixtures.centre().search(query, limit: limit).map(\.article.id)
    }

    @Test func theArticleThatAnswersRanksFirst() throws {
        #expect(try ids("医保卡丢了怎么补办").first == "card-lost")
        // family-aid-copy is a near-duplicate of family-aid: either may come first, both before the rest.
        #expect(Set(try ids("家庭共济和亲情账户的区别").prefix(2)) == ["family-aid", "family-aid-copy"])
    }

    @Test func aSynonymFindsTheArticleThatUsesTheOtherWord() throws {
        // The query says 社保卡 and 横杠; the article says 医保卡 / 余额显示一条杠.
        #expect(try ids("社保卡丢失").first == "card-lost")
        #expect(try ids("余额显示横杠").first == "dash-causes")
    }

    @Test func aTitleMatchOutranksTheSameWordsInTheBody() throws {
        let analyzer = try Fixtures.analyzer()
        let inTitle = Article(id: "t", title: "起付线是什么", shortAnswer: "说明。", body: "内容。")
        let inBody = Article(id: "b", title: "住院须知", shortAnswer: "说明。", body: "起付线是什么：内容。")
        let index = SearchIndex(articles: [inBody, inTitle], analyzer: analyzer)
        #expect(try index.search("起付线").map(\.article.id) == ["t", "b"])
    }

    @Test func theNamedRegionsArticleOutranksAnotherRegionsOne() throws {
        #expect(try ids("深圳个人账户每月划入多少").first == "sz-credit")
        #expect(try ids("广州个人账户每月划入多少").first == "gz-credit")
        // A county names its pooling region: 罗湖 is in 深圳.
        #expect(try ids("罗湖个人账户每月划入多少").first == "sz-credit")
    }

    @Test func theRegionFilterKeepsOnlyNationalAndThatRegionsArticles() throws {
        let centre = try Fixtures.centre()
        let shenzhen = try #require(Fixtures.regions?.region(code: "440300"))
        let scope = RegionScope(region: shenzhen, table: try #require(Fixtures.regions))
        let hits = try centre.index.search("个人账户划入", options: SearchOptions(region: scope, filter: true))
        #expect(hits.contains { $0.article.id == "sz-credit" })
        #expect(!hits.contains { $0.article.id == "gz-credit" })
    }

    @Test func stubsCanBeLeftOut() throws {
        let index = try Fixtures.centre().index
        #expect(try index.search("报销多久到账").contains { $0.article.id == "payout-stub" })
        let without = try index.search("报销多久到账", options: SearchOptions(includeStubs: false))
        #expect(!without.contains { $0.article.id == "payout-stub" })
    }

    @Test func limitsAreCheckedOnBothSides() throws {
        let index = try Fixtures.centre().index
        #expect(throws: HelpError.limitOutOfRange(limit: 0)) {
            try index.search("医保", options: SearchOptions(limit: 0))
        }
        #expect(try index.search("医保", options: SearchOptions(limit: 1)).count == 1)
        #expect(throws: Never.self) { try index.search("医保", options: SearchOptions(limit: SearchIndex.limitMax)) }
        #expect(throws: HelpError.limitOutOfRange(limit: SearchIndex.limitMax + 1)) {
            try index.search("医保", options: SearchOptions(limit: SearchIndex.limitMax + 1))
        }
    }

    @Test func queryLengthIsCheckedOnBothSidesAndAnEmptyQueryIsRefused() throws {
        let index = try Fixtures.centre().index
        let longest = String(repeating: "医", count: SearchIndex.queryCharactersMax)
        #expect(throws: Never.self) { try index.search(longest) }
        #expect(throws: HelpError.queryTooLong(characters: SearchIndex.queryCharactersMax + 1)) {
            try index.search(longest + "保")
        }
        #expect(throws: HelpError.queryEmpty) { try index.search("  ") }
    }

    @Test func snippetsHighlightTheMatchedTermsInBrackets() throws {
        let hit = try #require(try Fixtures.centre().search("医保卡挂失").first)
        let snippet = try #require(hit.snippet)
        #expect(snippet.contains("【挂失】"))
        #expect(snippet.contains("【"))
    }

    @Test func snippetsCutALongTextAroundTheMatchWithEllipses() throws {
        let analyzer = try Fixtures.analyzer()
        let text =
            String(repeating: "这是一段无关的说明文字。", count: 20) + "起付线按医院等级确定。" + String(repeating: "后面还有内容。", count: 20)
        let terms = Set(analyzer.tokens("起付线").map(\.term))
        let snippet = Snippet.make(text, terms: terms, analyzer: analyzer)
        #expect(snippet.hasPrefix("…") && snippet.hasSuffix("…"))
        #expect(snippet.contains("【起付线】"))
    }

    @Test func coverageSaysHowMuchOfTheQuestionAnArticleHas() throws {
        let hits = try Fixtures.centre().search("医保卡丢了怎么补办")
        let best = try #require(hits.first)
        #expect(best.coverage > 0.8)
        #expect(hits.dropFirst().allSatisfy { $0.coverage < best.coverage })
    }
}
