import Foundation

/// Reading page files and writing article files, each write atomic (temporary file, then rename).
extension SeedPageImporter {
    /// Imports one page file or every `*.txt` page of a folder into `directory`.
    public func importPages(at url: URL, into directory: URL, fallbackDate: String?) -> ImportReport {
        var report = ImportReport()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            report.skipped.append(.fileUnreadable(path: url.path))
            return report
        }
        var files = [url]
        if isFolder.boolValue {
            let listed = (try? FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)) ?? []
            files = listed.filter { $0.pathExtension == "txt" && !$0.lastPathComponent.hasPrefix(".") }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        }
        for file in files.prefix(SeedPageImporter.pagesMax) {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else {
                report.skipped.append(.fileUnreadable(path: file.path))
                continue
            }
            guard let page = SeedPage.parse(text) else {
                report.skipped.append(.pageEmpty(file: file.path))
                continue
            }
            for article in articles(from: page, sourceName: file.lastPathComponent, fallbackDate: fallbackDate) {
                do {
                    if try write(article, into: directory) {
                        report.written.append(article.id)
                    } else {
                        report.keptExisting.append(article.id)
                    }
                } catch {
                    report.skipped.append(error)
                }
            }
        }
        return report
    }

    /// Writes `<id>.md` atomically. A stub does not replace an existing full article (returns false).
    @discardableResult
    public func write(_ article: Article, into directory: URL) throws(HelpError) -> Bool {
        let target = directory.appendingPathComponent(article.id + ".md")
        if article.stub, let existing = try? String(contentsOf: target, encoding: .utf8),
            let parsed = try? ArticleParser.parse(existing, file: target.lastPathComponent), !parsed.stub
        {
            return false
        }
        let temporary = directory.appendingPathComponent(
            ".\(article.id).md.tmp-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try Data(ArticleParser.render(article).utf8).write(to: temporary)
        } catch {
            throw .writeFailed(path: temporary.path)
        }
        guard rename(temporary.path, target.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw .writeFailed(path: target.path)
        }
        return true
    }
}
