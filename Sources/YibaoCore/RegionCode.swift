import Foundation

/// One administrative division from the region table (GB/T 2260 6-digit code).
public struct Region: Hashable, Sendable, Codable {
    public enum Level: String, Sendable, Codable {
        case province, city, county
        public var label: String {
            switch self {
            case .province: "省级"
            case .city: "地市级"
            case .county: "区县级"
            }
        }
    }

    public let code: String
    public let name: String
    public let level: Level
    /// Parent code; nil for a province.
    public let parent: String?
}

/// Why a region name or code could not be resolved.
public enum RegionError: YibaoError, Equatable {
    case unknown(String)
    case ambiguous(String, candidates: [Region])

    public var code: String {
        switch self {
        case .unknown: "region_unknown"
        case .ambiguous: "region_ambiguous"
        }
    }

    public var message: String {
        switch self {
        case .unknown(let q): "未找到地区“\(q)”，请输入 6 位行政区划代码或地区全称。"
        case .ambiguous(let q, let c):
            "地区名称“\(q)”对应多个地区（\(c.map { "\($0.name) \($0.code)" }.joined(separator: "、"))），请指明所在城市。"
        }
    }
}

/// The region table: lookup by code or Chinese name, parents, and the pooling region (统筹区) of a place.
///
/// Loaded once from the bundled `regions.tsv` (source named in its header) and then immutable.
public struct RegionTable: Sendable {
    public let regions: [String: Region]
    private let byName: [String: [String]]

    /// Provinces whose cities are pooled at province level for our purposes: the four municipalities,
    /// whose single city-level code (e.g. 110100) is the pooling region.
    public init(regions list: [Region]) {
        var regions: [String: Region] = [:]
        var byName: [String: [String]] = [:]
        for region in list {
            regions[region.code] = region
            for key in RegionTable.nameKeys(region.name) {
                byName[key, default: []].append(region.code)
            }
        }
        self.regions = regions
        self.byName = byName.mapValues { Array(Set($0)).sorted() }
    }

    /// Parses the TSV text (`code name level parent …`, `#` comments, one header line).
    public init(tsv: String) throws(RegionTableError) {
        var list: [Region] = []
        for (index, line) in tsv.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            if line.hasPrefix("#") || line.hasPrefix("code\t") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 4, fields[0].count == 6, let level = Region.Level(rawValue: String(fields[2])) else {
                throw .malformedLine(index + 1)
            }
            let parent = fields[3].isEmpty ? nil : String(fields[3])
            list.append(Region(code: String(fields[0]), name: String(fields[1]), level: level, parent: parent))
        }
        self.init(regions: list)
    }

    /// The table shipped with the package.
    public static func bundled() throws -> RegionTable {
        guard let url = Bundle.module.url(forResource: "regions", withExtension: "tsv") else {
            throw RegionTableError.resourceMissing
        }
        return try RegionTable(tsv: String(contentsOf: url, encoding: .utf8))
    }

    /// Keys a name is found under: the full name, and the name without its administrative suffix
    /// (深圳市 → 深圳, 罗湖区 → 罗湖, 广东省 → 广东). Two-character names keep only the full form.
    /// Public so that text matchers (the help centre's region recognition) use the same keys.
    public static func nameKeys(_ name: String) -> [String] {
        var keys = [name]
        let suffixes = ["特别行政区", "自治州", "自治县", "自治旗", "地区", "新区", "盟", "省", "市", "区", "县", "旗"]
        for suffix in suffixes where name.hasSuffix(suffix) && name.count - suffix.count >= 2 {
            keys.append(String(name.dropLast(suffix.count)))
            break
        }
        for ethnic in ["壮族自治区", "回族自治区", "维吾尔自治区", "自治区"] where name.hasSuffix(ethnic) {
            keys.append(String(name.dropLast(ethnic.count)))
            break
        }
        return keys
    }

    public func region(code: String) -> Region? { regions[code] }

    /// Resolves a 6-digit code or a Chinese name. Where a name fits a city and its own municipality
    /// or province record (北京市 is both 110000 and 110100), or a city and one of its own counties
    /// (长沙 is 长沙市 and 长沙县), the city wins; names in different chains are ambiguous.
    public func resolve(_ query: String) throws(RegionError) -> Region {
        let q = query.trimmingCharacters(in: .whitespaces)
        if q.count == 6, q.allSatisfy({ $0.isASCII && $0.isNumber }) {
            guard let region = regions[q] else { throw .unknown(q) }
            return region
        }
        guard let codes = byName[q], !codes.isEmpty else { throw .unknown(q) }
        let candidates = codes.compactMap { regions[$0] }
        // Drop a candidate that is an ancestor of another candidate (北京市 110000 vs 110100), except that a city
        // beats its own county of the same short name: 长沙 is 长沙市 (430100), not 长沙县 (430121).
        let leaves = candidates.filter { c in
            !candidates.contains { other in
                guard other.code != c.code else { return false }
                if c.level == .county, other.level == .city { return ancestors(of: c.code).contains(other.code) }
                return !(c.level == .city && other.level == .county) && ancestors(of: other.code).contains(c.code)
            }
        }
        if leaves.count == 1 { return leaves[0] }
        // A city and a county with the same short name (e.g. a 市 and a 区): prefer an exact full-name match.
        let exact = leaves.filter { $0.name == q }
        if exact.count == 1 { return exact[0] }
        // One municipality split into two city-level records of the same name (重庆市 500100 / 500200):
        // the first is the pooling record.
        let sorted = leaves.sorted { $0.code < $1.code }
        if let first = sorted.first, sorted.allSatisfy({ $0.name == first.name && $0.parent == first.parent && $0.level == .city }) {
            return first
        }
        throw .ambiguous(q, candidates: leaves.sorted { $0.code < $1.code })
    }

    /// Parent codes from the nearest up to the province.
    public func ancestors(of code: String) -> [String] {
        var result: [String] = []
        var current = regions[code]?.parent
        var steps = 0
        while let c = current, steps < 4 {
            result.append(c)
            current = regions[c]?.parent
            steps += 1
        }
        return result
    }

    /// The pooling region (统筹区) of a place: the city-level record above or at it. A province has none.
    public func poolingRegion(of code: String) -> Region? {
        guard let region = regions[code] else { return nil }
        switch region.level {
        case .city: return region
        case .county:
            // Counties directly under a province (e.g. 省直辖县级行政单位) are their own pooling region.
            if let p = region.parent, let parent = regions[p], parent.level == .city { return parent }
            return region
        case .province:
            // A municipality's province record (110000) pools at its single city record (110100).
            let cities = regions.values.filter { $0.parent == code && $0.level == .city }
            return cities.count == 1 ? cities[0] : nil
        }
    }
}

public enum RegionTableError: Error, Sendable {
    case resourceMissing
    case malformedLine(Int)
}
