/// What the API needs from the help centre, in the spec's own types, so that routes stay independent of how
/// articles are searched and questions answered.
///
/// The main job uses `CentreHelpService` (YibaoHelp's `HelpCentre`); router tests may pass a stand-in.
protocol HelpService: Sendable {
    func search(_ query: String, limit: Int) throws -> Components.Schemas.HelpSearchResult
    func article(id: String) throws -> Components.Schemas.HelpArticle
    func related(id: String) throws -> [Components.Schemas.RelatedItem]
    /// `person` is the signed-in person's psn_no, nil for the public ask.
    func ask(_ question: String, person: String?) throws -> Components.Schemas.AskAnswer
}

/// A help service with no articles: search finds nothing, articles are not found, and ask says that the
/// help centre is not open. For tests of the routes that need no corpus.
struct UnwiredHelpService: HelpService {

    func search(_ query: String, limit: Int) throws -> Components.Schemas.HelpSearchResult {
        .init(query: query, hits: [])
    }

    func article(id: String) throws -> Components.Schemas.HelpArticle {
        throw APIError.helpNotAvailable
    }

    func related(id: String) throws -> [Components.Schemas.RelatedItem] {
        throw APIError.helpNotAvailable
    }

    func ask(_ question: String, person: String?) throws -> Components.Schemas.AskAnswer {
        .init(question: question, region: nil, kind: .noData, shortAnswer: "帮助中心暂未开放，暂时无法回答。",
            points: [], sources: [], related: [])
    }
}
