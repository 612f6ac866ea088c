import Testing

@testable import YibaoHelp

@Suite struct ArticleParserTests {
    @Test func anArticleFileParsesIntoEveryField() throws {
        let article = try ArticleParser.parse(try Fixtures.text("articles/gz-credit.md"), file: "gz-credit.md")
        #expect(article.id == "gz-credit")
        #expect(article.title == "广州职工医保个人账户每月划入多少钱")
        #expect(article.regions == ["440100"])
        #expect(article.topics == ["个人账户", "划入"])
        #expect(article.date == "2025-06-01")
        #expect(!article.health && !article.stub)
        #expect(
            article.sources == [
                ArticleSource(
                    title: "测试来源：广州划入", urlOrDocument: "https://example.org/gz", date: "2025-06-01",
                    confidence: "reported")
            ])
        #expect(article.points == ["在职职工：按缴费基数的 2% 划入。", "退休人员：定额 169.08 元，扣除长期护理保险 8.66 元，实际 160.42 元。"])
    }

    @Test func nationalMeansNoRegions() throws {
        let article = try ArticleParser.parse(try Fixtures.text("articles/dash-causes.md"), file: "dash-causes.md")
        #expect(article.isNational)
    }

    @Test func aStubKeepsItsCategoryAndExcerpt() throws {
        let article = try ArticleParser.parse(try Fixtures.text("articles/payout-stub.md"), file: "payout-stub.md")
        #expect(article.stub)
        #expect(article.category == "健康新闻")
        #expect(article.excerpt == "医保报销到账时间因地区而异，通常为 30 个工作日内到账。")
    }

    @Test func aFileWithoutIDIsRefusedNamingTheField() throws {
        #expect(throws: HelpError.articleMissingField(file: "no-id.md", field: "id")) {
            try ArticleParser.parse(try Fixtures.text("bad-articles/no-id.md"), file: "no-id.md")
        }
    }

    @Test func aFileWithoutTitleIsRefusedNamingTheField() throws {
        #expect(throws: HelpError.articleMissingField(file: "no-title.md", field: "title")) {
            try ArticleParser.parse(try Fixtures.text("bad-articles/no-title.md"), file: "no-title.md")
        }
    }

    @Test func anUnknownHeaderKeyIsAnErrorNotASilentDefault() throws {
        do {
            _ = try ArticleParser.parse(try Fixtures.text("bad-articles/unknown-key.md"), file: "unknown-key.md")
            Issue.record("an unknown key was accepted")
        } catch let error as HelpError {
            #expect(error.code == "article_malformed_header")
            #expect(error.message.contains("sumary"))
        }
    }

    @Test func aFileWithoutHeaderIsRefused() {
        #expect(throws: HelpError.self) { try ArticleParser.parse("正文而已", file: "x.md") }
    }

    @Test func badRegionCodesDatesAndFlagsAreRefused() {
        let head = "---\nid: a\ntitle: 标题\n"
        #expect(throws: HelpError.articleInvalidValue(file: "a.md", field: "regions", value: "4403")) {
            try ArticleParser.parse(head + "regions: 4403\n---\n", file: "a.md")
        }
        #expect(throws: HelpError.articleInvalidValue(file: "a.md", field: "date", value: "2025-13-01")) {
            try ArticleParser.parse(head + "date: 2025-13-01\n---\n", file: "a.md")
        }
        #expect(throws: HelpError.articleInvalidValue(file: "a.md", field: "health", value: "yes")) {
            try ArticleParser.parse(head + "health: yes\n---\n", file: "a.md")
        }
        #expect(throws: HelpError.articleInvalidValue(file: "a.md", field: "id", value: "a/b")) {
            try ArticleParser.parse("---\nid: a/b\ntitle: 标题\n---\n", file: "a.md")
        }
    }

    @Test func renderingAndParsingGivesTheArticleBack() throws {
        for name in ["gz-credit", "payout-stub", "glaucoma"] {
            let article = try ArticleParser.parse(try Fixtures.text("articles/\(name).md"), file: name)
            #expect(try ArticleParser.parse(ArticleParser.render(article), file: name) == article)
        }
    }

    @Test func aMissingShortAnswerFallsBackToTheFirstParagraph() throws {
        let article = try ArticleParser.parse("---\nid: a\ntitle: 标题\n---\n第一段。\n\n1. 要点", file: "a.md")
        #expect(article.shortAnswer == "第一段。")
    }

    @Test func theBundledCorpusLoadsWithoutProblems() throws {
        let corpus = try HelpCorpus.bundled()
        #expect(corpus.problems.map(\.message) == [])
        #expect(corpus.articles.count >= 64)
    }

    @Test func aFolderWithBadFilesLoadsTheGoodOnesAndReportsTheRest() throws {
        let corpus = try HelpCorpus.load(directory: Fixtures.url("bad-articles"))
        #expect(corpus.articles.isEmpty)
        #expect(corpus.problems.count == 3)
    }
}
