import Foundation
import YibaoCore
import YibaoPolicy

@testable import YibaoHelp

/// The fixture corpus and the bundled data the tests share, loaded once.
enum Fixtures {
    static func url(_ path: String) throws -> URL {
        guard let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw HelpError.contentMissing(path: "Fixtures")
        }
        return root.appendingPathComponent(path)
    }

    static func text(_ path: String) throws -> String {
        try String(contentsOf: url(path), encoding: .utf8)
    }

    /// The bundled lexicon, synonyms and stopwords: the tests check the analyser the help centre really uses.
    static let resources: HelpResources? = try? HelpResources.bundled()
    static let regions: RegionTable? = try? RegionTable.bundled()
    static let catalog: PolicyCatalog? = try? PolicyCatalog.bundled()

    static func analyzer() throws -> Analyzer {
        guard let resources else { throw HelpError.contentMissing(path: "Content") }
        return resources.analyzer()
    }

    /// A help centre over the fixture articles, with the bundled region table and policy packs.
    static func centre(records: (any PersonalRecords)? = nil) throws -> HelpCentre {
        guard let resources, let regions, let catalog else { throw HelpError.contentMissing(path: "bundled data") }
        let corpus = try HelpCorpus.load(directory: url("articles"))
        return HelpCentre(corpus: corpus, resources: resources, regions: regions, catalog: catalog, records: records)
    }

    /// A fresh empty folder under the temporary directory.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("yibao-help-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
