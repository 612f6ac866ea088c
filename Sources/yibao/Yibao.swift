import ArgumentParser
import Foundation

@main
struct Yibao: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "yibao",
        abstract: "Yibao 医保: register, personal-account ledger, settlement and help centre for pooling regions.",
        subcommands: [
            PolicyCommand.self, RegionCommand.self, SettleCommand.self, SettleBatchCommand.self, PersonCommand.self, InsuranceCommand.self,
            AccountCommand.self, ContributionCommand.self, CreditCommand.self, FamilyCommand.self, ReverseCommand.self,
            StatementCommand.self, BalanceCommand.self, ExplainCommand.self, AuditCommand.self, DemoCommand.self,
            HelpCommand.self, AskCommand.self, ServeCommand.self, TokenCommand.self,
        ]
    )
}

extension Yibao {
    /// `yibao --db PATH <command> …`: the database option may stand before the command; it is taken out
    /// here and passed on as `YIBAO_DB`, which every command that opens the database reads.
    static func main() async {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if let i = arguments.firstIndex(where: { $0 == "--db" || $0.hasPrefix("--db=") }) {
            if arguments[i] == "--db", i + 1 < arguments.count {
                setenv("YIBAO_DB", arguments[i + 1], 1)
                arguments.removeSubrange(i...(i + 1))
            } else if arguments[i].hasPrefix("--db=") {
                setenv("YIBAO_DB", String(arguments[i].dropFirst("--db=".count)), 1)
                arguments.remove(at: i)
            }
        }
        await main(arguments)
    }
}
