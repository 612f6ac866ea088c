/// A normalised text as scalar values, for the many "does the question say X" checks of routing: a plain
/// substring search over a short array instead of a Foundation string search per keyword.
struct ScalarText {
    let scalars: [UInt32]

    init(_ text: String) {
        scalars = text.unicodeScalars.compactMap { s in
            let v = Analyzer.normalize(s.value)
            return v == 0x20 ? nil : v
        }
    }

    func contains(_ word: String) -> Bool {
        let w = word.unicodeScalars.map { Analyzer.normalize($0.value) }
        guard !w.isEmpty, w.count <= scalars.count else { return w.isEmpty }
        var i = 0
        while i + w.count <= scalars.count {
            if scalars[i] == w[0] {
                var k = 1
                while k < w.count && scalars[i + k] == w[k] { k += 1 }
                if k == w.count { return true }
            }
            i += 1
        }
        return false
    }

    func containsAny(_ words: [String]) -> Bool { words.contains(where: contains) }
}
