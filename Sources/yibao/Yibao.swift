import ArgumentParser

@main
struct Yibao: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "yibao",
        abstract: "Yibao 医保: register, personal-account ledger, settlement and help centre for pooling regions.",
        subcommands: [PolicyCommand.self, RegionCommand.self, SettleCommand.self]
    )
}
