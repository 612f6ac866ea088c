import Foundation

/// The 医保 lexicon: whole words the analyser indexes besides the bigrams of a Chinese run.
///
/// Read from `Content/lexicon.txt` (one word per line, `#` comments). Words are stored normalised
/// (`Analyzer.normalize`), so that a full-width or upper-case entry still matches.
public struct Lexicon: Sendable, Hashable {
    public let words: [String]

    /// Longest word kept; longer lines are almost certainly a mistake in the file.
    public static let wordCharactersMax = 16
    /// Most words read from one file.
    public static let wordsMax = 20_000

    public init(words: [String]) {
        var seen: Set<String> = []
        var kept: [String] = []
        for word in words.prefix(Lexicon.wordsMax) {
            let normal = Analyzer.normalized(word).trimmingCharacters(in: .whitespaces)
            guard !normal.isEmpty, normal.count <= Lexicon.wordCharactersMax, seen.insert(normal).inserted else {
                continue
            }
            kept.append(normal)
        }
        self.words = kept
    }

    public init(text: String) {
        self.init(words: Lexicon.dataLines(text))
    }

    public static let empty = Lexicon(words: [])

    /// Non-empty lines of a data file, without `#` comments.
    static func dataLines(_ text: String) -> [String] {
        text.split(separator: "\n").compactMap { raw -> String? in
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        }
    }
}

/// Groups of words that mean the same thing to a person asking (医保卡 / 社保卡, 一条杠 / 横杠 / —).
///
/// Read from `Content/synonyms.txt` (one group per line, members separated by `|`, the first member
/// names the group). A word of a group is indexed and searched as the group.
public struct Synonyms: Sendable, Hashable {
    public let groups: [[String]]

    /// Most groups read from one file.
    public static let groupsMax = 5_000

    public init(groups: [[String]]) {
        self.groups = groups.prefix(Synonyms.groupsMax).map { group in
            group.map { Analyzer.normalized($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }.filter { $0.count >= 2 }
    }

    public init(text: String) {
        self.init(groups: Lexicon.dataLines(text).map { line in line.split(separator: "|").map(String.init) })
    }

    public static let empty = Synonyms(groups: [])
}
