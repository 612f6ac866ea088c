/// A short piece of an article's text around the query's terms, with the matched terms in 【】.
public enum Snippet {
    /// Characters shown in a snippet.
    public static let charactersMax = 90
    /// Characters of the text looked at: the short answer and the opening of the body, where the best passage
    /// almost always is; a bound that keeps ten snippets well inside a query's time.
    public static let sourceCharactersMax = 600

    /// The window of `charactersMax` characters with the most distinct query terms, highlighted.
    /// Offsets are scalar offsets: normalisation maps one scalar to one, so they fit the original text.
    public static func make(_ text: String, terms: Set<UInt64>, analyzer: Analyzer, charactersMax: Int = charactersMax)
        -> String
    {
        let original = Array(text.unicodeScalars.prefix(sourceCharactersMax))
        let normal = original.map { Analyzer.normalize($0.value) }
        var table = U64Table(minimumCapacity: terms.count)
        for term in terms { table.set(term, 1) }
        let matched = analyzer.matches(normalizedScalars: normal, terms: table)
        let n = original.count
        var start = 0
        if let best = bestWindowStart(matched, width: charactersMax) {
            start = contextStart(normal, before: best)
        }
        let end = min(n, start + charactersMax)
        var highlighted = [Bool](repeating: false, count: n)
        for token in matched where Int(token.start) >= start && Int(token.end) <= end {
            for i in Int(token.start)..<Int(token.end) { highlighted[i] = true }
        }
        var out = String.UnicodeScalarView()
        if start > 0 { out.append("…") }
        for i in start..<end {
            if highlighted[i] && (i == start || !highlighted[i - 1]) { out.append("【") }
            let c = original[i]
            out.append(c == "\n" || c == "\r" || c == "\t" ? " " : c)
            if highlighted[i] && (i + 1 == end || !highlighted[i + 1]) { out.append("】") }
        }
        if end < n { out.append("…") }
        return String(out)
    }

    /// Start of the window that holds the most distinct matched terms (ties: the earliest).
    static func bestWindowStart(_ matched: [Token], width: Int) -> Int? {
        var best: (count: Int, start: Int)?
        var seen: Set<UInt64> = []
        for (i, first) in matched.enumerated() {
            seen.removeAll(keepingCapacity: true)
            let limit = Int(first.start) + width
            var j = i
            while j < matched.count && Int(matched[j].end) <= limit {
                seen.insert(matched[j].term)
                j += 1
            }
            if seen.count > (best?.count ?? -1) { best = (seen.count, Int(first.start)) }
        }
        return best?.start
    }

    /// Moves a window start back to the beginning of its sentence when that is near, else a little back.
    static func contextStart(_ s: [UInt32], before position: Int) -> Int {
        let sentenceEnds: Set<UInt32> = [0x3002, 0x21, 0x3F, 0x3B, 0x0A, 0xFF01, 0xFF1F, 0xFF1B]
        var i = position
        while i > 0 && position - i < 20 {
            if sentenceEnds.contains(s[i - 1]) { return i }
            i -= 1
        }
        return i == 0 ? 0 : max(0, position - 6)
    }
}
