import Foundation
import YibaoCore

/// Where an article's facts come from, as its header names it.
public struct ArticleSource: Sendable, Hashable, Codable {
    public let title: String
    /// A URL or a document number; may be empty when the source has neither.
    public let urlOrDocument: String
    public let date: String?
    /// `official`, `reported` or `placeholder`, as in the policy packs; nil when not stated.
    public let confidence: String?

    public init(title: String, urlOrDocument: String = "", date: String? = nil, confidence: String? = nil) {
        self.title = title
        self.urlOrDocument = urlOrDocument
        self.date = date
        self.confidence = confidence
    }
}

/// One help-centre article: a small header and a Markdown body (see the module README for the file format).
public struct Article: Sendable, Hashable {
    public let id: String
    public let title: String
    /// One sentence that answers the title's question directly.
    public let shortAnswer: String
    /// Region codes the article is about; empty for a national article.
    public let regions: [String]
    public let topics: [String]
    /// "YYYY-MM-DD", or nil when the source gave no date.
    public let date: String?
    /// Whether the article concerns health or care (the answer then carries the disclaimer).
    public let health: Bool
    /// A stub made from a related-article block of an imported page: title, excerpt, date, category only.
    public let stub: Bool
    public let category: String?
    public let excerpt: String?
    public let sources: [ArticleSource]
    /// Markdown: paragraphs and numbered points "1. …".
    public let body: String

    /// Largest article file accepted (a long article is a few kilobytes).
    public static let fileBytesMax = 256 * 1024
    /// Longest id; ids are file names, so they are short ASCII.
    public static let idCharactersMax = 100

    public init(
        id: String, title: String, shortAnswer: String, regions: [String] = [], topics: [String] = [],
        date: String? = nil, health: Bool = false, stub: Bool = false, category: String? = nil,
        excerpt: String? = nil, sources: [ArticleSource] = [], body: String = ""
    ) {
        self.id = id
        self.title = title
        self.shortAnswer = shortAnswer
        self.regions = regions
        self.topics = topics
        self.date = date
        self.health = health
        self.stub = stub
        self.category = category
        self.excerpt = excerpt
        self.sources = sources
        self.body = body
    }

    public var isNational: Bool { regions.isEmpty }

    /// The numbered points of the body ("1. …"), without their numbers, in order.
    public var points: [String] {
        body.split(separator: "\n").compactMap { line in
            Article.numberedPointText(String(line))
        }
    }

    /// The body's paragraphs as plain text: Markdown markers removed, one entry per paragraph or point.
    public var paragraphs: [String] {
        var result: [String] = []
        for raw in body.split(separator: "\n") {
            let line = Article.plainLine(String(raw))
            if !line.isEmpty { result.append(line) }
        }
        return result
    }

    /// What search reads besides the title and topics: the short answer, the excerpt and the plain body.
    public var searchText: String {
        ([shortAnswer, excerpt ?? ""] + paragraphs).filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// Text of a numbered point ("1. 文字", "2、文字", "（3）文字"), or nil when the line is not one.
    static func numberedPointText(_ line: String) -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        var digits = 0
        var rest = Substring(trimmed)
        if rest.first == "(" || rest.first == "（" { rest = rest.dropFirst() }
        while let c = rest.first, c.isASCII, c.isNumber, digits < 3 {
            digits += 1
            rest = rest.dropFirst()
        }
        guard digits > 0, let marker = rest.first, ".、．)）".contains(marker) else { return nil }
        let text = rest.dropFirst().trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : plainLine(text)
    }

    /// A Markdown line as plain text: heading marks, emphasis and list bullets removed. Plain Swift (no
    /// Foundation search), because indexing calls it for every line of every article.
    static func plainLine(_ line: String) -> String {
        var text = Substring(line)
        while let first = text.first, first == " " || first == "\t" || first == "#" || first == ">" {
            text = text.dropFirst()
        }
        if text.hasPrefix("- ") || text.hasPrefix("* ") { text = text.dropFirst(2) }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var previousStar = false
        for c in text {
            if c == "`" { continue }
            if c == "*" {
                if previousStar { previousStar = false } else { previousStar = true }
                continue
            }
            if previousStar { out.append("*") }
            previousStar = false
            out.append(c)
        }
        if previousStar { out.append("*") }
        while let last = out.last, last == " " || last == "\t" { out.removeLast() }
        return out
    }
}
