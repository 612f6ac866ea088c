import Foundation
import YibaoCore

/// What an import did: articles written, stubs not written because a full article has the id, files skipped.
public struct ImportReport: Sendable {
    public var written: [String] = []
    public var keptExisting: [String] = []
    public var skipped: [HelpError] = []
}

/// Turns pages in the seed form into article files: the page becomes an article, each related block a stub.
///
/// Ids come from the title (`imp-` and a hash), so importing the same page twice rewrites the same files and a
/// page listed as a related block of another becomes one article, not two. A stub never replaces a full
/// article. Every file is written to a temporary name and renamed, so a failed import leaves no half file; a
/// page that cannot be read or parsed is reported and nothing of it is written.
public struct SeedPageImporter: Sendable {
    let recognizer: RegionRecognizer?
    let analyzer: Analyzer

    /// Most page files read in one import.
    public static let pagesMax = 10_000
    /// Most topics given to an imported article.
    public static let topicsMax = 5
    /// Longest short answer taken whole from a first paragraph; a longer one is cut to its first sentence.
    public static let shortAnswerCharactersMax = 150

    public init(regions: RegionTable?, resources: HelpResources) {
        recognizer = regions.map { RegionRecognizer(table: $0, exclusions: resources.regionExclusions) }
        analyzer = resources.analyzer()
    }

    public static func articleID(title: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in Analyzer.normalized(title).trimmingCharacters(in: .whitespaces).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return "imp-" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The page as articles: first the page itself, then one stub per related block.
    public func articles(from page: SeedPage, sourceName: String, fallbackDate: String?) -> [Article] {
        let dates = page.related.compactMap(\.date)
        // The date most related blocks carry (the page's own date is not on it); on a tie, the latest.
        let date =
            Dictionary(grouping: dates, by: { $0 }).map { (date: $0.key, count: $0.value.count) }
            .max { ($0.count, $0.date) < ($1.count, $1.date) }?.date ?? fallbackDate
        let paragraphs = page.body.compactMap { line -> String? in if case .paragraph(let p) = line { p } else { nil } }
        var number = 0
        let body = page.body.map { line -> String in
            switch line {
            case .paragraph(let p): return p
            case .point(let p):
                number += 1
                return "\(number). \(p)"
            }
        }
        let main = Article(
            id: SeedPageImporter.articleID(title: page.title), title: page.title,
            shortAnswer: shortAnswer(paragraphs.first ?? page.title), regions: regions(of: page.title),
            topics: topics(page.title + " " + (paragraphs.first ?? "")), date: date, health: page.hasDisclaimer,
            sources: [
                ArticleSource(title: page.title, urlOrDocument: sourceName, date: date, confidence: "placeholder")
            ],
            body: body.joined(separator: "\n\n"))
        let stubs = page.related.map { block in
            Article(
                id: SeedPageImporter.articleID(title: block.title), title: block.title,
                shortAnswer: shortAnswer(block.excerpt ?? block.title), regions: regions(of: block.title),
                topics: topics(block.title), date: block.date, stub: true, category: block.category,
                excerpt: block.excerpt,
                sources: [
                    ArticleSource(
                        title: "相关推荐：\(block.title)（见于“\(page.title)”）", urlOrDocument: sourceName,
                        date: block.date, confidence: "placeholder")
                ])
        }
        return [main] + stubs
    }

    func shortAnswer(_ paragraph: String) -> String {
        guard paragraph.count > SeedPageImporter.shortAnswerCharactersMax else { return paragraph }
        if let stop = paragraph.firstIndex(where: { "。！？!?".contains($0) }) {
            return String(paragraph[...stop])
        }
        return String(paragraph.prefix(SeedPageImporter.shortAnswerCharactersMax)) + "…"
    }

    func regions(of title: String) -> [String] {
        guard let recognizer, case .found(let scope) = recognizer.recognize(title) else { return [] }
        return [scope.answerCode]
    }

    /// Lexicon words of the text, by their group names, in order of appearance; a word inside a longer one found
    /// (医保 in 医保卡, 共济 in 家庭共济) is left out as too general.
    func topics(_ text: String) -> [String] {
        var names: [String] = []
        for token in analyzer.tokens(text) where Analyzer.isWord(token.term) {
            guard let name = analyzer.text(ofTerm: token.term), name.count >= 2, !names.contains(name) else { continue }
            names.append(name)
        }
        let specific = names.filter { name in !names.contains { $0 != name && $0.contains(name) } }
        return Array(specific.prefix(SeedPageImporter.topicsMax))
    }
}
