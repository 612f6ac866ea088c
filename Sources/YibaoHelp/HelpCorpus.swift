import Foundation

/// The help centre's articles, read from a folder of `*.md` files (the bundled `Content/help`, or any other).
///
/// A file that cannot be read or parsed is reported in `problems` and left out; the rest still load, so one
/// bad file does not take the help centre down. Tests require the bundled corpus to have no problems.
public struct HelpCorpus: Sendable {
    public let articles: [Article]
    public let problems: [HelpError]

    /// Most article files read from one folder.
    public static let filesMax = 100_000

    public init(articles: [Article], problems: [HelpError] = []) {
        self.articles = articles
        self.problems = problems
    }

    public static func load(directory: URL) throws(HelpError) -> HelpCorpus {
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "md" && !$0.lastPathComponent.hasPrefix(".") }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw .contentMissing(path: directory.path)
        }
        var articles: [Article] = []
        var problems: [HelpError] = []
        var seen: Set<String> = []
        for file in files.prefix(filesMax) {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else {
                problems.append(.fileUnreadable(path: file.lastPathComponent))
                continue
            }
            do {
                let article = try ArticleParser.parse(text, file: file.lastPathComponent)
                guard seen.insert(article.id).inserted else {
                    problems.append(.articleDuplicateID(id: article.id, file: file.lastPathComponent))
                    continue
                }
                articles.append(article)
            } catch {
                problems.append(error)
            }
        }
        return HelpCorpus(articles: articles, problems: problems)
    }

    /// The articles shipped in the module's resources (`Content/help`).
    public static func bundled() throws(HelpError) -> HelpCorpus {
        try load(directory: try HelpResources.bundledContentDirectory().appendingPathComponent("help"))
    }

    /// This corpus with `other`'s articles added; an article of `other` replaces one with the same id.
    public func merged(with other: HelpCorpus) -> HelpCorpus {
        let replaced = Set(other.articles.map(\.id))
        return HelpCorpus(
            articles: articles.filter { !replaced.contains($0.id) } + other.articles,
            problems: problems + other.problems)
    }
}
