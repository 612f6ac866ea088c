import ArgumentParser
import YibaoCore

struct RegionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "region",
        abstract: "Resolve a region name or code to its record, parents and pooling region (统筹区).")

    @Argument(help: "Region code or Chinese name, e.g. 440303, 罗湖区, 深圳.")
    var query: String

    @Flag(help: "Print JSON.")
    var json = false

    struct Resolution: Encodable {
        let code: String
        let name: String
        let level: String
        let pooling_region: String?
        let parents: [String]
    }

    static func candidates(_ error: RegionError) -> [String: Any] {
        guard case .ambiguous(_, let c) = error else { return [:] }
        return ["candidates": c.map { ["code": $0.code, "name": $0.name, "parent": $0.parent ?? ""] }]
    }

    func run() throws {
        let table = try RegionTable.bundled()
        let region: Region
        do {
            region = try table.resolve(query)
        } catch {
            throw Output.fail(error, extra: RegionCommand.candidates(error))
        }
        let pooling = table.poolingRegion(of: region.code)
        let parents = table.ancestors(of: region.code)
        if json {
            try Output.json(Resolution(code: region.code, name: region.name, level: region.level.rawValue,
                pooling_region: pooling?.code, parents: parents))
            return
        }
        Output.line("\(region.name) \(region.code)（\(region.level.label)）")
        let chain = parents.compactMap { table.region(code: $0) }.map { "\($0.name) \($0.code)" }
        if !chain.isEmpty { Output.line("上级：\(chain.joined(separator: " → "))") }
        Output.line("统筹区：\(pooling.map { "\($0.name) \($0.code)" } ?? "无（省级单位不是统筹区）")")
    }
}
