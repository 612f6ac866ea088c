import Foundation

extension APIHandler {
    func searchHelp(_ input: Operations.SearchHelp.Input) async throws -> Operations.SearchHelp.Output {
        try checkQuery(input.query.q)
        let limit = try APIHandler.page(input.query.limit, default: 10, max: settings.helpPageMax)
        return .ok(.init(body: .json(try help.search(input.query.q, limit: limit))))
    }

    func getHelpArticle(_ input: Operations.GetHelpArticle.Input) async throws -> Operations.GetHelpArticle.Output {
        .ok(.init(body: .json(try help.article(id: input.path.id))))
    }

    func getRelatedArticles(_ input: Operations.GetRelatedArticles.Input) async throws -> Operations.GetRelatedArticles.Output {
        .ok(.init(body: .json(try help.related(id: input.path.id))))
    }

    /// The public ask never sees personal data: no person is passed, whatever cookie came along.
    func askPublic(_ input: Operations.AskPublic.Input) async throws -> Operations.AskPublic.Output {
        guard case .json(let body) = input.body else { throw APIError.requestInvalid("需要 JSON") }
        try checkQuery(body.question)
        return .ok(.init(body: .json(try help.ask(body.question, person: nil))))
    }

    func checkQuery(_ text: String) throws {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw APIError.requestInvalid("查询内容为空") }
        guard text.count <= settings.queryCharactersMax else { throw APIError.queryTooLong(max: settings.queryCharactersMax) }
    }
}
