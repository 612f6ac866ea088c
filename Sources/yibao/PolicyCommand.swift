import ArgumentParser
import Foundation
import YibaoCore
import YibaoPolicy

struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Validate and show the policy packs (政策包).",
        subcommands: [Check.self, Show.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate every pack and print one line per pack with what it covers and declares missing.")

        @Option(help: "Folder of pack files to check instead of the bundled packs.")
        var directory: String?

        func run() throws {
            let catalog: PolicyCatalog
            do {
                catalog = try directory.map { try PolicyCatalog.load(directory: URL(fileURLWithPath: $0)) }
                    ?? PolicyCatalog.bundled()
            } catch let error as PolicyPackError {
                Output.stderr("政策包校验失败：\(error.message)")
                throw ExitCode(1)
            }
            let problems = catalog.problems()
            for pack in catalog.packs {
                let mine = problems.filter { $0.file == pack.fileName }
                Output.line("\(mine.isEmpty ? "✓" : "✗") \(pack.fileName)  \(pack.coverageLine)")
                for gap in pack.gaps { Output.line("    缺口 \(gap.part)\(gap.scheme.map { "（\($0)）" } ?? "")：\(gap.note)") }
            }
            if !problems.isEmpty {
                Output.stderr("政策包校验失败，共 \(problems.count) 处问题：")
                for p in problems { Output.stderr("  - \(p.message)") }
                throw ExitCode(1)
            }
            Output.line("全部 \(catalog.packs.count) 个政策包校验通过。")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the effective parameters of a region (a code or a Chinese name; a county resolves to its pooling region).")

        @Argument(help: "Region code or name, e.g. 440300, 深圳, 罗湖区.")
        var region: String

        @Option(help: "Policy year (default: the latest year with a pack).")
        var year: Int?

        @Flag(help: "Print JSON.")
        var json = false

        func run() throws {
            let regions = try RegionTable.bundled()
            let catalog = try PolicyCatalog.bundled()
            let resolved: Region
            do {
                resolved = try regions.resolve(region)
            } catch {
                throw Output.fail(error, extra: RegionCommand.candidates(error))
            }
            guard let pooling = regions.poolingRegion(of: resolved.code) else {
                throw Output.fail(RegionError.unknown(region))
            }
            let pack: PolicyPack
            do {
                let y = year ?? catalog.years(region: pooling.code).max() ?? 0
                pack = try catalog.pack(region: pooling.code, year: y)
            } catch {
                throw Output.fail(error)
            }
            if json {
                try Output.json(pack)
            } else {
                if resolved.code != pooling.code {
                    Output.line("\(resolved.name)（\(resolved.code)）属于统筹区 \(pooling.name)（\(pooling.code)）。\n")
                }
                for line in pack.describe(nationalPack: catalog.national(year: pack.year)) { Output.line(line) }
            }
        }
    }
}
