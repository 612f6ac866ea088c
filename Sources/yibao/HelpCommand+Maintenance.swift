import ArgumentParser
import Foundation
import YibaoCore
import YibaoHelp

/// `yibao help import` and `yibao help eval`: bringing pages in and measuring search and answers.
extension HelpCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import pages in the seed form (title, answer, points, disclaimer, 相关推荐 blocks) as article files."
        )

        @Argument(help: "A page file, or a folder of *.txt pages.")
        var path: String

        @Option(help: "Folder the article files are written to.")
        var to = "Sources/YibaoHelp/Content/help"

        @Option(help: "Date for a page whose related blocks carry none (YYYY-MM-DD; default: today in Asia/Shanghai).")
        var date: String?

        func run() throws {
            if let date, CalendarDate(date) == nil {
                throw Output.fail(HelpError.articleInvalidValue(file: path, field: "date", value: date))
            }
            let target = URL(fileURLWithPath: to)
            try? FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            let importer = SeedPageImporter(regions: try RegionTable.bundled(), resources: try HelpResources.bundled())
            let report = importer.importPages(
                at: URL(fileURLWithPath: path), into: target, fallbackDate: date ?? Import.today())
            for id in report.written { Output.line("写入 \(to)/\(id).md") }
            for id in report.keptExisting { Output.line("保留 \(to)/\(id).md（已有完整文章，不用摘要覆盖）") }
            for problem in report.skipped { Output.stderr("跳过：\(problem.message)") }
            Output.line("写入 \(report.written.count) 篇，保留 \(report.keptExisting.count) 篇，跳过 \(report.skipped.count) 项。")
            if report.written.isEmpty && !report.skipped.isEmpty { throw ExitCode(1) }
        }

        /// Today's date in Asia/Shanghai: the CLI is the edge, where reading the clock is allowed.
        static func today() -> String {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .current
            let c = calendar.dateComponents([.year, .month, .day], from: Date())
            return CalendarDate(year: c.year ?? 2025, month: c.month ?? 1, day: c.day ?? 1)?.description ?? "2025-01-01"
        }
    }

    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the question set: top-1/top-3 hit rate, MRR, required-fact coverage; ours and the baseline.")

        @Option(
            help: "Question file (TSV: question, expected_article, required_facts, kind); default: the bundled set.")
        var questions: String?

        @Flag(help: "Print only the baseline (plain character-bigram BM25, no lexicon or synonyms).")
        var baseline = false

        @Flag(help: "List the questions that missed (rank, facts or kind).")
        var misses = false

        @OptionGroup var common: HelpCommand.Common

        func run() throws {
            let centre = try common.centre()
            let rows: [EvalQuestion]
            do {
                if let questions {
                    guard let text = try? String(contentsOfFile: questions, encoding: .utf8) else {
                        throw HelpError.fileUnreadable(path: questions)
                    }
                    rows = try HelpEvaluation.parse(text)
                } else {
                    rows = try HelpEvaluation.bundledQuestions()
                }
            } catch let error as HelpError {
                throw Output.fail(error)
            }
            var runs: [(String, HelpCentre)] = [("baseline (bigram BM25)", centre.baseline())]
            if !baseline { runs.insert(("yibao (lexicon + synonyms + BM25F + region)", centre), at: 0) }
            for (name, c) in runs {
                let report = HelpEvaluation.run(rows, asker: c.asker)
                Output.line(
                    "\(name): questions=\(report.questions) ranked=\(report.ranked) "
                        + "top1=\(Eval.percent(report.top1Rate)) top3=\(Eval.percent(report.top3Rate)) "
                        + "mrr=\(String(format: "%.3f", report.meanReciprocalRank)) "
                        + "facts=\(Eval.percent(report.factCoverage)) "
                        + "kind=\(Eval.percent(report.kindAccuracy))")
                guard misses else { continue }
                for m in report.misses {
                    Output.line(
                        "  ✗ \(m.question) | 期望 \(m.expected ?? "-") 前三 \(m.rankedTop3.joined(separator: ",")) | "
                            + "缺 \(m.missingFacts.joined(separator: ",")) | 类型 \(m.expectedKind)→\(m.kind)")
                }
            }
        }

        static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
    }
}
