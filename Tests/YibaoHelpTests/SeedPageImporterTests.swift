import Foundation
import Testing

@testable import YibaoHelp

@Suite struct SeedPageImporterTests {
    func importer() throws -> SeedPageImporter {
        SeedPageImporter(regions: Fixtures.regions, resources: try #require(Fixtures.resources))
    }

    @Test func aFullPageHasTitleBodyDisclaimerAndRelatedBlocks() throws {
        let page = try #require(SeedPage.parse(try Fixtures.text("pages/full-page.txt")))
        #expect(page.title == "医保卡余额显示一条杠怎么办")
        #expect(page.body.filter { if case .point = $0 { true } else { false } }.count == 3)
        #expect(page.body.first == .paragraph("医保卡余额显示一条杠,一般是账户没有余额或暂时查不到数据,可能是刚参保、欠缴或账户冻结。可以先刷新,再联系医保部门核实。"))
        #expect(page.hasDisclaimer)
        #expect(page.related.count == 2)
        #expect(
            page.related[0]
                == SeedPage.RelatedBlock(
                    title: "深圳医保二档有没有个人账户",
                    excerpt: "深圳医保二档不设个人账户,余额一直是0属正常。想要个人账户需要按一档参保。", category: "健康新闻", date: "2025-04-19"))
    }

    @Test func missingSectionsAreNotAnError() throws {
        let page = try #require(SeedPage.parse(try Fixtures.text("pages/missing-sections.txt")))
        #expect(page.title == "居民医保可以补交吗")
        #expect(!page.hasDisclaimer)
        #expect(page.related.isEmpty)
        #expect(page.body.count == 1)
    }

    @Test func strayBlankLinesAndBlocksWithoutExcerptOrDateAreRead() throws {
        let page = try #require(SeedPage.parse(try Fixtures.text("pages/stray-blanks.txt")))
        #expect(page.title == "广州退休人员个人账户每月到账多少")
        #expect(page.body.count == 3)
        #expect(page.related.map(\.title) == ["医保卡丢了怎么补办", "家庭共济怎么开通"])
        #expect(page.related[0].excerpt == nil && page.related[0].date == "2025-04-19")
        #expect(page.related[1].date == nil && page.related[1].excerpt != nil)
    }

    @Test func aBlankPageHasNoReading() throws {
        #expect(SeedPage.parse(try Fixtures.text("pages/blank-page.txt")) == nil)
    }

    @Test func thePageBecomesAnArticleAndEachRelatedBlockAStub() throws {
        let page = try #require(SeedPage.parse(try Fixtures.text("pages/full-page.txt")))
        let articles = try importer().articles(from: page, sourceName: "full-page.txt", fallbackDate: "2025-01-01")
        #expect(articles.count == 3)
        let main = articles[0]
        #expect(!main.stub && main.health)
        #expect(main.date == "2025-04-19")  // the date most related blocks carry
        #expect(main.points.count == 3)
        #expect(main.shortAnswer.hasSuffix("。"))
        #expect(main.topics.contains("医保卡"))
        #expect(articles[1].stub && articles[1].category == "健康新闻" && articles[1].regions == ["440300"])
        #expect(articles[1].id == SeedPageImporter.articleID(title: "深圳医保二档有没有个人账户"))
    }

    @Test func importingWritesParsableFilesAndReportsUnreadableOnes() throws {
        let target = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: target) }
        let report = try importer().importPages(at: Fixtures.url("pages"), into: target, fallbackDate: "2025-01-01")
        // full-page (1 + 2), missing-sections (1), stray-blanks (1 + 2); blank-page and not-utf8 skipped.
        #expect(report.written.count == 7)
        #expect(report.skipped.map(\.code).sorted() == ["file_unreadable", "page_empty"])
        let corpus = try HelpCorpus.load(directory: target)
        #expect(corpus.problems.isEmpty)
        #expect(corpus.articles.count == 7)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: target.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test func aStubNeverReplacesAFullArticleWithTheSameTitle() throws {
        let target = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: target) }
        let importer = try importer()
        let full = Article(
            id: SeedPageImporter.articleID(title: "医保卡丢了怎么补办"), title: "医保卡丢了怎么补办",
            shortAnswer: "先挂失再补卡。", body: "1. 挂失。")
        try importer.write(full, into: target)
        let report = importer.importPages(
            at: try Fixtures.url("pages/stray-blanks.txt"), into: target, fallbackDate: nil)
        #expect(report.keptExisting == [full.id])
        let kept = try ArticleParser.parse(
            String(contentsOf: target.appendingPathComponent(full.id + ".md"), encoding: .utf8),
            file: full.id)
        #expect(!kept.stub && kept.shortAnswer == "先挂失再补卡。")
    }

    @Test func aMissingFileIsReportedAndNothingIsWritten() throws {
        let target = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: target) }
        let report = try importer().importPages(
            at: target.appendingPathComponent("absent.txt"), into: target, fallbackDate: nil)
        #expect(report.written.isEmpty && report.skipped.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.path).isEmpty)
    }

    /// The shared seed page, when the checkout has it next to the repository.
    @Test func theSeedPageImportsWithAllItsRelatedBlocks() throws {
        let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
                "shared/seeds/page-example.txt")
        guard let text = try? String(contentsOf: seed, encoding: .utf8) else {
            print("skipped: seed page not found at \(seed.path) (shared/seeds is outside the repository)")
            return
        }
        let page = try #require(SeedPage.parse(text))
        #expect(page.title == "职工医保个人账户余额显示一条杠怎么处理")
        #expect(page.hasDisclaimer)
        #expect(page.body.filter { if case .point = $0 { true } else { false } }.count == 5)
        #expect(page.related.count == 19)
        #expect(page.related.allSatisfy { $0.date == "2025-04-19" && $0.category == "健康新闻" && $0.excerpt != nil })
        let articles = try importer().articles(from: page, sourceName: "page-example.txt", fallbackDate: nil)
        #expect(articles.filter(\.stub).count == 19)
        #expect(articles.first { $0.title.hasPrefix("广州市医保") }?.regions == ["440100"])
    }
}
