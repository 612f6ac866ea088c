import Foundation
import YibaoCore
import YibaoPolicy

/// Reads and writes the article file format: a `---` header of `key: value` lines, then a Markdown body.
///
/// Unknown header keys are errors, so that a typo cannot silently drop a field; a file without `id` or
/// `title` is refused with the file and field named.
public enum ArticleParser {
    static let knownKeys: Set<String> = [
        "id", "title", "short_answer", "regions", "topics", "date", "health", "stub", "category", "excerpt", "source",
    ]

    public static func parse(_ text: String, file: String) throws(HelpError) -> Article {
        let bytes = text.utf8.count
        guard bytes <= Article.fileBytesMax else { throw .articleTooLarge(file: file, bytes: bytes) }
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false
        )
        .map { String($0).replacingOccurrences(of: "\u{FEFF}", with: "") }
        guard let open = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }),
            lines[open].trimmingCharacters(in: .whitespaces) == "---"
        else { throw .articleMalformedHeader(file: file, line: 1, reason: "文件应以 --- 开头。") }
        guard let close = lines[(open + 1)...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" })
        else { throw .articleMalformedHeader(file: file, line: open + 1, reason: "文件头缺少结束的 ---。") }

        var fields: [String: String] = [:]
        var sources: [ArticleSource] = []
        for index in (open + 1)..<close {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw .articleMalformedHeader(file: file, line: index + 1, reason: "应为“字段: 值”。")
            }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard knownKeys.contains(key) else {
                throw .articleMalformedHeader(file: file, line: index + 1, reason: "未知字段 \(key)。")
            }
            if key == "source" {
                sources.append(try source(value, file: file))
                continue
            }
            guard fields[key] == nil else {
                throw .articleMalformedHeader(file: file, line: index + 1, reason: "字段 \(key) 重复。")
            }
            fields[key] = value
        }
        let body = lines[(close + 1)...].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return try article(fields: fields, sources: sources, body: body, file: file)
    }

    static func article(fields: [String: String], sources: [ArticleSource], body: String, file: String)
        throws(HelpError) -> Article
    {
        guard let id = fields["id"], !id.isEmpty else { throw .articleMissingField(file: file, field: "id") }
        guard isValidID(id) else { throw .articleInvalidValue(file: file, field: "id", value: id) }
        guard let title = fields["title"], !title.isEmpty else {
            throw .articleMissingField(file: file, field: "title")
        }
        let regions = try regionCodes(fields["regions"] ?? "national", file: file)
        if let date = fields["date"], CalendarDate(date) == nil {
            throw .articleInvalidValue(file: file, field: "date", value: date)
        }
        let excerpt = fields["excerpt"].flatMap { $0.isEmpty ? nil : $0 }
        let firstParagraph = body.split(separator: "\n").map { Article.plainLine(String($0)) }.first { !$0.isEmpty }
        let shortAnswer = fields["short_answer"].flatMap { $0.isEmpty ? nil : $0 } ?? excerpt ?? firstParagraph ?? title
        return Article(
            id: id, title: title, shortAnswer: shortAnswer, regions: regions, topics: list(fields["topics"] ?? ""),
            date: fields["date"].flatMap { $0.isEmpty ? nil : $0 }, health: try flag(fields, "health", file: file),
            stub: try flag(fields, "stub", file: file), category: fields["category"].flatMap { $0.isEmpty ? nil : $0 },
            excerpt: excerpt, sources: sources, body: body)
    }

    /// Ids are file names: ASCII letters, digits, "-", "_" and ".", not starting with ".".
    static func isValidID(_ id: String) -> Bool {
        id.count <= Article.idCharactersMax && !id.hasPrefix(".")
            && id.unicodeScalars.allSatisfy {
                $0.isASCII
                    && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0))
            }
    }

    static func list(_ value: String) -> [String] {
        value.split(whereSeparator: { ",，、".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    static func regionCodes(_ value: String, file: String) throws(HelpError) -> [String] {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed == "national" { return [] }
        let codes = list(trimmed)
        for code in codes where code.count != 6 || !code.allSatisfy({ $0.isASCII && $0.isNumber }) {
            throw .articleInvalidValue(file: file, field: "regions", value: code)
        }
        return codes
    }

    static func flag(_ fields: [String: String], _ key: String, file: String) throws(HelpError) -> Bool {
        switch fields[key] {
        case nil, "", "false": return false
        case "true": return true
        case let other?: throw .articleInvalidValue(file: file, field: key, value: other)
        }
    }

    /// `title | url or document | date | confidence`; only the title is required.
    static func source(_ value: String, file: String) throws(HelpError) -> ArticleSource {
        let parts = value.split(separator: "|", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard parts.count <= 4, let title = parts.first, !title.isEmpty else {
            throw .articleInvalidValue(file: file, field: "source", value: value)
        }
        let date = parts.count > 2 && !parts[2].isEmpty ? parts[2] : nil
        let confidence = parts.count > 3 && !parts[3].isEmpty ? parts[3] : nil
        if let confidence, Confidence(rawValue: confidence) == nil {
            throw .articleInvalidValue(file: file, field: "source", value: confidence)
        }
        return ArticleSource(
            title: title, urlOrDocument: parts.count > 1 ? parts[1] : "", date: date, confidence: confidence)
    }

    /// The article in the file format; `parse(render(a))` gives `a` back.
    public static func render(_ article: Article) -> String {
        func clean(_ s: String) -> String { s.replacingOccurrences(of: "\n", with: " ") }
        var lines = [
            "---", "id: \(article.id)", "title: \(clean(article.title))",
            "short_answer: \(clean(article.shortAnswer))",
            "regions: \(article.regions.isEmpty ? "national" : article.regions.joined(separator: ", "))",
            "topics: \(article.topics.joined(separator: ", "))",
        ]
        if let date = article.date { lines.append("date: \(date)") }
        lines.append("health: \(article.health)")
        if article.stub { lines.append("stub: true") }
        if let category = article.category { lines.append("category: \(clean(category))") }
        if let excerpt = article.excerpt { lines.append("excerpt: \(clean(excerpt))") }
        for s in article.sources {
            let parts = [s.title, s.urlOrDocument, s.date ?? "", s.confidence ?? ""].map {
                clean($0).replacingOccurrences(of: "|", with: "｜")
            }
            lines.append("source: \(parts.joined(separator: " | "))")
        }
        lines.append("---")
        return lines.joined(separator: "\n") + "\n" + article.body + (article.body.isEmpty ? "" : "\n")
    }
}
