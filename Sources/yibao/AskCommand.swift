import ArgumentParser
import Foundation
import YibaoCore
import YibaoHelp
import YibaoPlatform

/// `yibao ask "<question>"`: a direct answer with points, sources, related articles and, where health is
/// concerned, the disclaimer.
struct AskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Answer a question from the packs (calculations), the articles, or say that there is no data.")

    @Argument(help: "The question, e.g. 深圳一档在职，三级医院住院花了1万元能报多少.")
    var question: String

    @Option(help: "psn_no or ID number: a balance question is answered from that person's records (uses --db).")
    var person: String?

    @Flag(help: "Print JSON: question, region, kind, short_answer, points, sources, related, disclaimer.")
    var json = false

    @OptionGroup var common: HelpCommand.Common

    func run() throws {
        let records = try person.map { _ in BalanceRecords(platform: try Context.platform()) }
        let centre = try common.centre(records: records)
        let answer: AskAnswer
        do {
            answer = try centre.ask(question, person: person)
        } catch {
            throw Output.fail(error)
        }
        if json {
            try Output.json(answer)
            return
        }
        Output.line(answer.shortAnswer)
        for (i, point) in answer.points.enumerated() { Output.line("\(i + 1). \(point)") }
        if !answer.sources.isEmpty { Output.line("") }
        for s in answer.sources {
            Output.line("来源：\(s.title) \(s.urlOrDocument)\(s.date.map { " \($0)" } ?? "")")
        }
        if let disclaimer = answer.disclaimer { Output.line("\n提示：\(disclaimer)") }
        if !answer.related.isEmpty { Output.line("\n相关推荐") }
        for r in answer.related { Output.line("- \(r.title)（\(r.id)）") }
    }
}
