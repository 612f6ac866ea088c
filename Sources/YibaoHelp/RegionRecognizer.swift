import YibaoCore

/// What a question says about place.
public enum RegionMention: Sendable, Equatable {
    /// No place named.
    case none
    /// One place: the most specific one named (县 before 市 before 省).
    case found(RegionScope)
    /// A name that fits several places, none of which the rest of the question singles out (朝阳).
    case ambiguous(name: String, candidates: [Region])
}

/// Finds the places a question names, using the region table's full and short names.
///
/// The question is scanned for the longest name at each position. A name that fits several places is
/// settled by the other names in the question when they can (北京朝阳 → 朝阳区 110105; 吉林四平 → 吉林省 and
/// 四平市), else it is asked back. Short names that are ordinary words (比如, 合作) are never read as places.
public struct RegionRecognizer: Sendable {
    let table: RegionTable
    /// Names (full, and without the administrative suffix) to region codes.
    let codesByName: [String: [String]]
    let trie: WordTrie
    /// Names by trie group number.
    let names: [String]

    /// Longest name in the table is far below this; it bounds the scan at each position.
    static let nameCharactersMax = 20

    public init(table: RegionTable, exclusions: Set<String> = []) {
        self.table = table
        var byName: [String: [String]] = [:]
        for region in table.regions.values {
            for key in RegionRecognizer.nameKeys(region.name) where !exclusions.contains(key) {
                byName[key, default: []].append(region.code)
            }
        }
        codesByName = byName.mapValues { Array(Set($0)).sorted() }
        var trie = WordTrie()
        var names: [String] = []
        for name in codesByName.keys.sorted() {
            trie.insert(name.unicodeScalars.map(\.value), group: Int32(names.count))
            names.append(name)
        }
        self.trie = trie
        self.names = names
    }

    /// The keys a name is found under: exactly those `RegionTable` resolves.
    static func nameKeys(_ name: String) -> [String] { RegionTable.nameKeys(name) }

    /// Names found in the text, longest first at each position, in order of appearance.
    public func names(in text: String) -> [String] {
        let s = text.unicodeScalars.map { Analyzer.normalize($0.value) }
        var found: [String] = []
        var i = 0
        while i < s.count {
            var node = WordTrie.root
            var m = i
            var longest: (end: Int, group: Int32)?
            while m < s.count, m - i < RegionRecognizer.nameCharactersMax, let next = trie.child(node, s[m]) {
                node = next
                m += 1
                let group = trie.group(at: node)
                if group >= 0 { longest = (m, group) }
            }
            if let longest {
                found.append(names[Int(longest.group)])
                i = longest.end
            } else {
                i += 1
            }
        }
        return found
    }

    public func recognize(_ question: String) -> RegionMention {
        let found = names(in: question)
        guard !found.isEmpty else { return .none }
        var settled: [Region] = []
        for (index, name) in found.enumerated() {
            let others = found.enumerated().filter { $0.offset != index }.flatMap { candidates(of: $0.element) }
            switch settle(name, context: others) {
            case .success(let region): settled.append(region)
            case .failure(let error):
                if case .ambiguous(let q, let c) = error { return .ambiguous(name: q, candidates: c) }
            }
        }
        guard let first = settled.first else { return .none }
        // The most specific place wins (county, then city, then province); among equals, the first named.
        let rank: (Region) -> Int = { r in r.level == .county ? 0 : (r.level == .city ? 1 : 2) }
        let best = settled.reduce(first) { rank($1) < rank($0) ? $1 : $0 }
        return .found(RegionScope(region: best, table: table))
    }

    func candidates(of name: String) -> [Region] {
        (codesByName[name] ?? []).compactMap { table.region(code: $0) }
    }

    /// One name to one place. Candidates on the chain of another named place come first (朝阳 next to 北京 is
    /// 朝阳区 110105; 吉林 next to 四平 is 吉林省), the most specific of them; otherwise the region table's own
    /// rules decide, and a name they find ambiguous is returned as such.
    func settle(_ name: String, context: [Region]) -> Result<Region, RegionError> {
        let all = candidates(of: name)
        let onChain = all.filter { c in
            context.contains { o in
                o.code != c.code
                    && (table.ancestors(of: o.code).contains(c.code) || table.ancestors(of: c.code).contains(o.code))
            }
        }
        if !onChain.isEmpty {
            let rank: (Region) -> Int = { r in r.level == .county ? 0 : (r.level == .city ? 1 : 2) }
            return .success(onChain.min { (rank($0), $0.code) < (rank($1), $1.code) } ?? onChain[0])
        }
        do {
            return .success(try table.resolve(name))
        } catch {
            return .failure(error)
        }
    }
}
