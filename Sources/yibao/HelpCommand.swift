import ArgumentParser
import Foundation
import YibaoCore
import YibaoHelp

/// `yibao help …`: the help centre's articles. ArgumentParser adds its own `help` subcommand to every command
/// group, but it looks ours up first, so `yibao help search …` reaches this command; `yibao --help` and
/// `yibao <command> --help` still print usage.
struct HelpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "help",
        abstract: "Help centre (帮助中心): search, show, related, import and evaluate articles.",
        subcommands: [Search.self, Show.self, Related.self, Import.self, Eval.self]
    )

    /// Options every help subcommand shares.
    struct Common: ParsableArguments {
        @Option(help: "Folder of extra article files (*.md); an article there replaces a bundled one with the same id.")
        var articles: String?

        /// The help centre, built once per command; problems in article files are reported on stderr.
        func centre(records: (any PersonalRecords)? = nil) throws -> HelpCentre {
            do {
                let centre = try HelpCentre.bundled(extraArticles: articles.map { URL(fileURLWithPath: $0) }, records: records)
                for problem in centre.corpus.problems { Output.stderr("跳过文章：\(problem.message)") }
                return centre
            } catch let error as any YibaoError {
                throw Output.fail(error)
            }
        }
    }

    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Search the articles (BM25 over bigrams, lexicon words and synonyms; a named region is boosted).")

        @Argument(help: "The query, e.g. 个人账户余额显示一条杠.")
        var query: String

        @Option(help: "Number of results (1–\(SearchIndex.limitMax)).")
        var limit = 10

        @Flag(help: "Print JSON.")
        var json = false

        @OptionGroup var common: Common

        struct Hit: Encodable {
            let id: String
            let title: String
            let score: Float
            /// Share of the query's weight the article contains (what `ask` requires before an article answers).
            let coverage: Float
            let snippet: String
            let regions: [String]
            let date: String?
            let stub: Bool
        }

        func run() throws {
            let centre = try common.centre()
            let hits: [SearchHit]
            do {
                hits = try centre.search(query, limit: limit)
            } catch {
                throw Output.fail(error)
            }
            if json {
                try Output.json(
                    hits.map {
                        Hit(
                            id: $0.article.id, title: $0.article.title, score: ($0.score * 1000).rounded() / 1000,
                            coverage: ($0.coverage * 1000).rounded() / 1000,
                            snippet: $0.snippet ?? "", regions: $0.article.regions, date: $0.article.date,
                            stub: $0.article.stub)
                    })
                return
            }
            if hits.isEmpty { Output.line("没有找到相关文章。") }
            for (i, hit) in hits.enumerated() {
                Output.line("\(i + 1). \(hit.article.title)（\(hit.article.id)）")
                Output.line("   \(hit.snippet ?? hit.article.shortAnswer)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one article with its sources and related articles.")

        @Argument(help: "Article id.")
        var id: String

        @Flag(help: "Print the article file (header and Markdown body) instead of the formatted text.")
        var raw = false

        @OptionGroup var common: Common

        func run() throws {
            let centre = try common.centre()
            let article: Article
            let related: [Article]
            do {
                article = try centre.article(id: id)
                related = try centre.related.related(to: id)
            } catch {
                throw Output.fail(error)
            }
            if raw {
                Output.line(ArticleParser.render(article))
                return
            }
            Output.line(article.title)
            Output.line("")
            Output.line(article.shortAnswer)
            Output.line("")
            article.paragraphs.forEach(Output.line)
            Output.line("")
            Output.line(
                "地区：\(article.isNational ? "全国" : article.regions.joined(separator: "、"))　日期：\(article.date ?? "未注明")")
            for s in article.sources {
                Output.line("来源：\(s.title) \(s.urlOrDocument) \(s.date ?? "")\(s.confidence.map { "（\($0)）" } ?? "")")
            }
            if article.health { Output.line("提示：\(AskAnswer.healthDisclaimer)") }
            if !related.isEmpty { Output.line("\n相关推荐") }
            for r in related { Output.line("- \(r.title)（\(r.id)）") }
        }
    }

    struct Related: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the related articles (相关推荐) of an article.")

        @Argument(help: "Article id.")
        var id: String

        @Option(help: "Number of related articles (1–\(RelatedArticles.limitMax)).")
        var limit = 5

        @Flag(help: "Print JSON.")
        var json = false

        @OptionGroup var common: Common

        func run() throws {
            let centre = try common.centre()
            let related: [Article]
            do {
                related = try centre.related.related(to: id, limit: limit)
            } catch {
                throw Output.fail(error)
            }
            if json {
                try Output.json(related.map { ["id": $0.id, "title": $0.title, "date": $0.date ?? ""] })
            } else {
                for r in related { Output.line("\(r.title)（\(r.id)）") }
            }
        }
    }
}
