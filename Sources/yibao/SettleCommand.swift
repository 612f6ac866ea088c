import ArgumentParser
import Foundation
import YibaoCore
import YibaoPolicy
import YibaoSettlement

struct SettleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settle",
        abstract: "Settle one bill (national field names, JSON) under its region's policy pack.")

    @Argument(help: "Bill JSON file, or - for standard input.")
    var bill: String

    @Flag(help: "Print the result as JSON with the national field names.")
    var json = false

    @Flag(help: "Include the step-by-step Chinese explanation (always shown in the receipt).")
    var explain = false

    func run() throws {
        let data: Data
        if bill == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let d = FileManager.default.contents(atPath: bill) else {
                throw Output.fail(SettlementError.malformedJSON("无法读取文件 \(bill)"))
            }
            data = d
        }
        let regions = try RegionTable.bundled()
        let engine = SettlementEngine(catalog: try PolicyCatalog.bundled(), regions: regions)
        do {
            let input = try Bill.fromJSON(data, regions: regions)
            let (result, steps) = try engine.settleExplained(input)
            let explanation = SettlementExplanation.lines(bill: input, result: result, steps: steps)
            if json {
                try Output.json(NationalSettlementOutput(result, explanation: explain ? explanation : nil))
            } else {
                result.receipt(bill: input).forEach(Output.line)
                Output.line("")
                Output.line("计算过程：")
                explanation.forEach(Output.line)
            }
        } catch let error as SettlementError {
            throw Output.fail(error)
        }
    }
}
