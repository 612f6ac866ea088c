import Foundation

/// The analyser's data files under `Content/`: lexicon, synonyms, stopwords, health words and the region
/// names that are ordinary words. Policy-like data lives in files, not in code.
public struct HelpResources: Sendable {
    public let lexicon: Lexicon
    public let synonyms: Synonyms
    public let stopwords: [String]
    /// Substrings that make a question one about health or care (the answer then carries the disclaimer).
    public let healthWords: [String]
    /// Region short names the recogniser never reads as a place (比如, 合作 …).
    public let regionExclusions: Set<String>

    public init(
        lexicon: Lexicon, synonyms: Synonyms, stopwords: [String] = [], healthWords: [String] = [],
        regionExclusions: Set<String> = []
    ) {
        self.lexicon = lexicon
        self.synonyms = synonyms
        self.stopwords = stopwords
        self.healthWords = healthWords.map(Analyzer.normalized)
        self.regionExclusions = regionExclusions
    }

    /// Reads the five files from a content folder; the lexicon and synonyms are required.
    public static func load(contentDirectory dir: URL) throws(HelpError) -> HelpResources {
        func read(_ name: String, required: Bool) throws(HelpError) -> String {
            let url = dir.appendingPathComponent(name)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                if required { throw .contentMissing(path: url.path) }
                return ""
            }
            return text
        }
        return HelpResources(
            lexicon: Lexicon(text: try read("lexicon.txt", required: true)),
            synonyms: Synonyms(text: try read("synonyms.txt", required: true)),
            stopwords: Lexicon.dataLines(try read("stopwords.txt", required: false)),
            healthWords: Lexicon.dataLines(try read("health-words.txt", required: false)),
            regionExclusions: Set(Lexicon.dataLines(try read("region-exclusions.txt", required: false))))
    }

    /// The `Content` folder shipped in the module's resources.
    public static func bundledContentDirectory() throws(HelpError) -> URL {
        guard let url = Bundle.module.url(forResource: "Content", withExtension: nil) else {
            throw .contentMissing(path: "Content")
        }
        return url
    }

    public static func bundled() throws(HelpError) -> HelpResources {
        try load(contentDirectory: try bundledContentDirectory())
    }

    /// The help centre's analyser: lexicon words, synonym groups, stopwords.
    public func analyzer() -> Analyzer {
        Analyzer(lexicon: lexicon, synonyms: synonyms, stopwords: stopwords)
    }

    /// Whether a question concerns health or care.
    public func concernsHealth(_ question: String) -> Bool {
        ScalarText(question).containsAny(healthWords)
    }
}
