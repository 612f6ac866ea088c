/// One term found in a text, with where it was found (scalar offsets, end exclusive).
public struct Token: Sendable, Hashable {
    public let term: UInt64
    public let start: Int32
    public let end: Int32
}

/// Chinese text analysis for search: normalisation, overlapping bigrams of Chinese runs, lexicon words
/// (as their synonym group), ASCII words and numbers.
///
/// Pure and cheap: it works on normalised scalar values and makes each term a 64-bit key, so that
/// indexing never builds a string per bigram. Key layout (top two bits):
/// `00` ASCII word (62-bit FNV-1a hash), `01` bigram (two 21-bit scalars), `10` single Chinese character
/// (a run of one), `11` lexicon word group. A plain analyser (no lexicon, no synonyms) is the baseline.
public struct Analyzer: Sendable {
    let trie: WordTrie
    /// Group names: the first member of a synonym group, or the word itself.
    public let groupNames: [String]
    /// Group of the dash "—" (一条杠), when the synonym table names it.
    let dashGroup: Int32?
    /// Terms of the stopword list, dropped from queries.
    public private(set) var stopTerms: Set<UInt64> = []
    /// Characters of the stopwords (怎, 么, 吗 …): they do not count when measuring how much of a question an
    /// article covers.
    public let functionCharacters: Set<UInt32>

    static let asciiTag: UInt64 = 0
    static let bigramTag: UInt64 = 1 << 62
    static let unigramTag: UInt64 = 2 << 62
    static let wordTag: UInt64 = 3 << 62

    public init(lexicon: Lexicon, synonyms: Synonyms, stopwords: [String] = []) {
        var groupOf: [String: Int32] = [:]
        var names: [String] = []
        for group in synonyms.groups {
            let id = Int32(names.count)
            names.append(group[0])
            for word in group where groupOf[word] == nil { groupOf[word] = id }
        }
        for word in lexicon.words where groupOf[word] == nil {
            groupOf[word] = Int32(names.count)
            names.append(word)
        }
        var trie = WordTrie()
        for (word, group) in groupOf { trie.insert(word.unicodeScalars.map(\.value), group: group) }
        self.trie = trie
        self.groupNames = names
        self.dashGroup = groupOf["—"]
        self.functionCharacters = Set(stopwords.flatMap { $0.unicodeScalars.map { Analyzer.normalize($0.value) } })
        // Only bigrams and characters: a stopword never silences a lexicon word or synonym group.
        let stop = stopwords.flatMap { self.tokens($0).map(\.term).filter { !Analyzer.isWord($0) } }
        self.stopTerms = Set(stop)
    }

    /// The baseline analyser: character bigrams, single characters and ASCII words only.
    public static let plain = Analyzer(lexicon: .empty, synonyms: .empty)

    public var usesLexicon: Bool { !trie.isEmpty }

    // MARK: - Normalisation

    /// Full-width ASCII to half-width, the ideographic space to a space, A–Z to a–z. One scalar in, one
    /// out, so that offsets in the normalised text are offsets in the original (snippets rely on it).
    @inline(__always) public static func normalize(_ value: UInt32) -> UInt32 {
        if value >= 0xFF01 && value <= 0xFF5E { return normalize(value - 0xFEE0) }
        if value == 0x3000 { return 0x20 }
        if value >= 0x41 && value <= 0x5A { return value + 32 }
        return value
    }

    public static func normalized(_ text: String) -> String {
        var view = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            view.append(Unicode.Scalar(normalize(scalar.value)) ?? scalar)
        }
        return String(view)
    }

    @inline(__always) static func isHan(_ v: UInt32) -> Bool {
        (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x20000 && v <= 0x2EBEF)
            || (v >= 0xF900 && v <= 0xFAFF) || v == 0x3007
    }

    @inline(__always) static func isAlnum(_ v: UInt32) -> Bool {
        (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39)
    }

    @inline(__always) static func isDigit(_ v: UInt32) -> Bool { v >= 0x30 && v <= 0x39 }

    /// Dash characters people type for "a line" (—, ―, ─, –, ﹘); an ASCII "-" only when it is not
    /// between two letters or digits (1-2 个月 is a range, not a dash).
    @inline(__always) static func isDash(_ s: [UInt32], _ i: Int) -> Bool {
        switch s[i] {
        case 0x2014, 0x2015, 0x2500, 0x2501, 0x2013, 0x2012, 0x2E3A, 0x2E3B, 0xFE58, 0x2010, 0x2011: return true
        case 0x2D: return !(i > 0 && isAlnum(s[i - 1]) && i + 1 < s.count && isAlnum(s[i + 1]))
        default: return false
        }
    }

    // MARK: - Tokens

    public func tokens(_ text: String) -> [Token] {
        tokens(normalizedScalars: text.unicodeScalars.map { Analyzer.normalize($0.value) })
    }

    /// Tokens of an already normalised text (`normalize` applied to every scalar value).
    public func tokens(normalizedScalars s: [UInt32]) -> [Token] {
        var out: [Token] = []
        out.reserveCapacity(s.count * 2)
        forEachToken(s) { out.append($0) }
        return out
    }

    /// Only the tokens whose term is in `terms`, in order of their start (snippets: no full token list is built).
    func matches(normalizedScalars s: [UInt32], terms: U64Table) -> [Token] {
        var out: [Token] = []
        forEachToken(s) { if terms.contains($0.term) { out.append($0) } }
        return out.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
    }

    /// Calls `body` with every token of a normalised text: per Chinese run its bigrams (or its one character),
    /// then its lexicon words; ASCII words and numbers; dash runs as the dash's group.
    @inline(__always) func forEachToken(_ s: [UInt32], _ body: (Token) -> Void) {
        let n = s.count
        var i = 0
        while i < n {
            let c = s[i]
            if Analyzer.isHan(c) {
                var j = i + 1
                while j < n && Analyzer.isHan(s[j]) { j += 1 }
                hanTokens(s, i, j, body)
                i = j
            } else if Analyzer.isAlnum(c) {
                var j = i + 1
                while j < n
                    && (Analyzer.isAlnum(s[j])
                        || (s[j] == 0x2E && j + 1 < n && Analyzer.isDigit(s[j + 1]) && Analyzer.isDigit(s[j - 1])))
                {
                    j += 1
                }
                body(Token(term: Analyzer.asciiKey(s[i..<j]), start: Int32(i), end: Int32(j)))
                i = j
            } else if Analyzer.isDash(s, i) {
                var j = i + 1
                while j < n && Analyzer.isDash(s, j) { j += 1 }
                if let dashGroup {
                    body(Token(term: Analyzer.wordTag | UInt64(dashGroup), start: Int32(i), end: Int32(j)))
                }
                i = j
            } else {
                i += 1
            }
        }
    }

    @inline(__always) func hanTokens(_ s: [UInt32], _ start: Int, _ end: Int, _ body: (Token) -> Void) {
        if end - start == 1 {
            body(Token(term: Analyzer.unigramTag | UInt64(s[start]), start: Int32(start), end: Int32(end)))
        }
        var k = start
        while k + 1 < end {
            body(
                Token(
                    term: Analyzer.bigramTag | UInt64(s[k]) << 21 | UInt64(s[k + 1]), start: Int32(k), end: Int32(k + 2)
                ))
            k += 1
        }
        guard !trie.isEmpty else { return }
        for from in start..<end {
            var node = WordTrie.root
            var m = from
            while m < end, let next = trie.child(node, s[m]) {
                node = next
                m += 1
                let group = trie.group(at: node)
                if group >= 0 { body(Token(term: Analyzer.wordTag | UInt64(group), start: Int32(from), end: Int32(m))) }
            }
        }
    }

    static func asciiKey(_ scalars: ArraySlice<UInt32>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for v in scalars {
            hash ^= UInt64(v)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return (hash & ~(3 << 62)) | asciiTag
    }

    // MARK: - Terms as text (tests, debugging, explanations)

    /// The text of a term: a bigram, a character, a word group's name; nil for an ASCII word (hashed).
    public func text(ofTerm term: UInt64) -> String? {
        func char(_ v: UInt64) -> String { Unicode.Scalar(UInt32(v & 0x1F_FFFF)).map { String(Character($0)) } ?? "?" }
        switch term & (3 << 62) {
        case Analyzer.bigramTag: return char(term >> 21) + char(term)
        case Analyzer.unigramTag: return char(term)
        case Analyzer.wordTag:
            let group = Int(term & 0xFFFF_FFFF)
            return group < groupNames.count ? groupNames[group] : nil
        default: return nil
        }
    }

    /// The terms of a text as strings in token order (ASCII words as themselves), for tests and debugging.
    public func terms(_ input: String) -> [String] {
        let scalars = input.unicodeScalars.map { Analyzer.normalize($0.value) }
        return tokens(normalizedScalars: scalars).map { token in
            text(ofTerm: token.term)
                ?? String(
                    String.UnicodeScalarView(
                        scalars[Int(token.start)..<Int(token.end)].compactMap(Unicode.Scalar.init)))
        }
    }

    public static func isWord(_ term: UInt64) -> Bool { term & (3 << 62) == wordTag }

    /// Whether a term is a bigram with a stopword character in it.
    public func isSeam(_ term: UInt64) -> Bool {
        guard term & (3 << 62) == Analyzer.bigramTag else { return false }
        let first = UInt32((term >> 21) & 0x1F_FFFF)
        let second = UInt32(term & 0x1F_FFFF)
        return functionCharacters.contains(first) || functionCharacters.contains(second)
    }
}
