import Foundation

/// A help page in the form of the seed page: a title line; answer paragraphs and numbered points; the
/// "提示:本内容不能代替面诊…" line; "相关推荐" followed by blocks of title / excerpt / "category date".
///
/// Parsing is forgiving: sections may be missing, blank lines may be anywhere, a related block may lack its
/// excerpt or its date line. Only a page without any non-blank line has no reading.
public struct SeedPage: Sendable, Equatable {
    public enum BodyLine: Sendable, Equatable {
        case paragraph(String)
        case point(String)
    }

    public struct RelatedBlock: Sendable, Equatable {
        public var title: String
        public var excerpt: String?
        public var category: String?
        public var date: String?
    }

    public var title: String
    public var body: [BodyLine]
    /// Whether the page carries the "本内容不能代替面诊" line (a health page).
    public var hasDisclaimer: Bool
    public var related: [RelatedBlock]

    /// Longest title kept; a longer first line is cut at its first punctuation.
    public static let titleCharactersMax = 60
    /// Most related blocks read from one page.
    public static let relatedMax = 200

    public static func parse(_ text: String) -> SeedPage? {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\u{FEFF}", with: "")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard let titleIndex = lines.firstIndex(where: { !$0.isEmpty }) else { return nil }
        var page = SeedPage(title: SeedPage.shortTitle(lines[titleIndex]), body: [], hasDisclaimer: false, related: [])
        var relatedLines: [String] = []
        var inRelated = false
        for line in lines[(titleIndex + 1)...] where !line.isEmpty {
            if line.contains("本内容不能代替面诊") {
                page.hasDisclaimer = true
            } else if !inRelated && SeedPage.isRelatedHeading(line) {
                inRelated = true
            } else if inRelated {
                relatedLines.append(line)
            } else if let point = Article.numberedPointText(line) {
                page.body.append(.point(point))
            } else {
                page.body.append(.paragraph(line))
            }
        }
        page.related = SeedPage.blocks(relatedLines)
        return page
    }

    static func isRelatedHeading(_ line: String) -> Bool {
        let bare = line.trimmingCharacters(in: CharacterSet(charactersIn: ":：#* "))
        return bare == "相关推荐" || bare == "相关阅读" || bare == "相关文章"
    }

    /// Groups the lines after "相关推荐" into blocks: a "category date" line closes a block; a short line after
    /// an excerpt starts a new one even without a date line before it.
    static func blocks(_ lines: [String]) -> [RelatedBlock] {
        var blocks: [RelatedBlock] = []
        var current: [String] = []
        func close(category: String?, date: String?) {
            guard let first = current.first, blocks.count < relatedMax else {
                current = []
                return
            }
            let excerpt = current.dropFirst().joined(separator: " ")
            blocks.append(
                RelatedBlock(
                    title: shortTitle(first), excerpt: excerpt.isEmpty ? nil : excerpt,
                    category: category, date: date))
            current = []
        }
        for line in lines {
            if let (category, date) = categoryAndDate(line) {
                close(category: category, date: date)
            } else if current.count >= 2 && looksLikeTitle(line) {
                close(category: nil, date: nil)
                current = [line]
            } else {
                current.append(line)
            }
        }
        close(category: nil, date: nil)
        return blocks
    }

    /// "健康新闻 2025-04-19" → ("健康新闻", "2025-04-19"); a bare date has no category.
    static func categoryAndDate(_ line: String) -> (String?, String)? {
        guard line.count >= 10 else { return nil }
        let date = String(line.suffix(10))
        let parts = date.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { return nil }
        let category = line.dropLast(10).trimmingCharacters(in: .whitespaces)
        guard category.count <= 20 else { return nil }
        return (category.isEmpty ? nil : category, date)
    }

    static func looksLikeTitle(_ line: String) -> Bool {
        line.count <= 40 && !line.contains("。") && !line.hasSuffix(",") && !line.hasSuffix("，")
    }

    static func shortTitle(_ line: String) -> String {
        guard line.count > titleCharactersMax else { return line }
        let cut = line.prefix(titleCharactersMax)
        if let stop = cut.firstIndex(where: { "。，,！？!?".contains($0) }), stop > cut.startIndex {
            return String(cut[..<stop])
        }
        return String(cut)
    }
}
