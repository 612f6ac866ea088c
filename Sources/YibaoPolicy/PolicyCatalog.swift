import Foundation
import YibaoCore

/// Every policy pack shipped with the package (or read from a folder), by region and year.
///
/// Lookups never fall back to another region: a region without a pack, or a year without one,
/// is an error that names what is missing. Only rules that are national come from the national pack.
public struct PolicyCatalog: Sendable {
    public let packs: [PolicyPack]

    public init(packs: [PolicyPack]) {
        self.packs = packs.sorted { ($0.region, $0.year) < ($1.region, $1.year) }
    }

    /// Reads every `*.toml` in a folder. Fails on the first unreadable pack, naming it.
    public static func load(directory: URL) throws(PolicyPackError) -> PolicyCatalog {
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "toml" }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw PolicyPackError(file: directory.path, path: "", problem: "无法读取政策包目录")
        }
        var packs: [PolicyPack] = []
        for file in files {
            let text: String
            do {
                text = try String(contentsOf: file, encoding: .utf8)
            } catch {
                throw PolicyPackError(file: file.lastPathComponent, path: "", problem: "无法读取文件")
            }
            let pack = try PolicyPack(toml: text, fileName: file.lastPathComponent)
            let expected = "\(pack.region)-\(pack.year).toml"
            guard file.lastPathComponent == expected else {
                throw PolicyPackError(file: file.lastPathComponent, path: "pack", problem: "文件名应为 \(expected)")
            }
            packs.append(pack)
        }
        return PolicyCatalog(packs: packs)
    }

    /// The packs shipped in the module's resources.
    public static func bundled() throws(PolicyPackError) -> PolicyCatalog {
        guard let url = Bundle.module.url(forResource: "packs", withExtension: nil) else {
            throw PolicyPackError(file: "packs", path: "", problem: "政策包资源缺失")
        }
        return try load(directory: url)
    }

    /// The national-defaults pack for a year, if shipped.
    public func national(year: Int) -> PolicyPack? {
        packs.first { $0.isNational && $0.year == year }
    }

    /// Years that have a pack for a region.
    public func years(region: String) -> [Int] {
        packs.filter { $0.region == region }.map(\.year)
    }

    public var regions: [String] { Array(Set(packs.filter { !$0.isNational }.map(\.region))).sorted() }

    /// The pack for a pooling region and year, or a typed error naming the region and year.
    public func pack(region: String, year: Int) throws(PolicyLookupError) -> PolicyPack {
        if let pack = packs.first(where: { $0.region == region && $0.year == year }) { return pack }
        let years = self.years(region: region)
        if years.isEmpty { throw .noPackForRegion(region: region) }
        throw .noPackForYear(region: region, year: year, available: years)
    }

    /// Rules that may come from the national pack when the region's own pack has none.
    public func familyRules(for pack: PolicyPack) -> FamilyRules? {
        pack.family ?? national(year: pack.year)?.family
    }

    public func accountUse(for pack: PolicyPack) -> AccountUseRules? {
        pack.accountUse ?? national(year: pack.year)?.accountUse
    }

    public func residentsWaiting(for pack: PolicyPack) -> ResidentsWaiting? {
        pack.waiting?.residents ?? national(year: pack.year)?.waiting?.residents
    }

    /// Every problem in every pack, plus cross-pack rules (a region's out-of-area reductions stay within
    /// the national ceiling).
    public func problems() -> [PolicyPackError] {
        var all: [PolicyPackError] = []
        for pack in packs {
            all += PolicyValidator.problems(in: pack)
            if let o = pack.offsite, !o.isCeiling, let ceiling = national(year: pack.year)?.offsite {
                let pairs: [(String, Bps?, Bps?)] = [
                    ("temporary_referred", o.temporaryReferredReductionBps, ceiling.temporaryReferredReductionBps),
                    ("temporary_other", o.temporaryOtherReductionBps, ceiling.temporaryOtherReductionBps),
                ]
                for (name, value, max) in pairs {
                    if let value, let max, value > max {
                        all.append(PolicyPackError(file: pack.fileName, path: "offsite.\(name)",
                            problem: "降低比例 \(value) 超过全国上限 \(max)"))
                    }
                }
            }
        }
        return all
    }
}

/// Why no pack could be found for a bill or a question.
public enum PolicyLookupError: YibaoError, Equatable {
    case noPackForRegion(region: String)
    case noPackForYear(region: String, year: Int, available: [Int])

    public var code: String {
        switch self {
        case .noPackForRegion: "policy_region_missing"
        case .noPackForYear: "policy_year_missing"
        }
    }

    public var message: String {
        switch self {
        case .noPackForRegion(let r): "统筹区 \(r) 尚未配置政策参数，无法按该地区政策计算，也不会借用其他地区的数据。"
        case .noPackForYear(let r, let y, let a):
            "统筹区 \(r) 没有 \(y) 年度的政策参数（已有：\(a.map(String.init).joined(separator: "、")) 年）。"
        }
    }
}
