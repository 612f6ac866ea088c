import Foundation
import Hummingbird

/// The ask box: a question answered by the help service, from the asker's own records when signed in (as the
/// API's `/me/ask`), else from the policy packs and articles only (as the public ask).
extension Pages {
    struct AskModel {
        struct Answer {
            let shortAnswer: String
            let points: [String]
            let articleId: String?
            let sources: [SourceModel]
            let disclaimer: String?
            let related: [RelatedModel]
        }

        let csrf: String
        let question: String
        let queryMax: Int
        let signedIn: Bool
        let error: String?
        let answer: Answer?
    }

    func askPage(_ request: Request) throws -> Response {
        let person = try gate.person(request)
        // A question may be suggested by a link (`/ask?q=…`); it is only filled in, never asked by a GET.
        let suggested = String((request.uri.queryParameters.get("q") ?? "").prefix(settings.queryCharactersMax))
        return try askForm(request, person: person, question: suggested, error: nil, answer: nil, status: .ok)
    }

    func ask(_ request: Request) async throws -> Response {
        let person = try gate.person(request)
        let form = try await PageForm.read(request, bytesMax: settings.requestBodyBytesMax)
        if let person { try PageGuard.check(form, expected: person.csrf) } else { try gate.checkAnonymous(form, request) }
        let question = form["question"]
        let refusal: APIError? =
            question.isEmpty ? .requestInvalid("问题为空")
            : question.count > settings.queryCharactersMax ? .queryTooLong(max: settings.queryCharactersMax) : nil
        if let refusal {
            return try askForm(request, person: person, question: String(question.prefix(settings.queryCharactersMax)),
                error: refusal.message, answer: nil, status: ErrorMapping.status(of: refusal))
        }
        let a = try help.ask(question, person: person?.psnNo)
        let answer = AskModel.Answer(shortAnswer: a.shortAnswer, points: a.points, articleId: a.articleId,
            sources: a.sources.map(SourceModel.init), disclaimer: a.disclaimer.flatMap { $0.isEmpty ? nil : $0 },
            related: a.related.map(RelatedModel.init))
        return try askForm(request, person: person, question: question, error: nil, answer: answer, status: .ok)
    }

    func askForm(_ request: Request, person: PageGuard.Person?, question: String, error: String?, answer: AskModel.Answer?,
        status: HTTPResponse.Status) throws -> Response
    {
        let (csrf, cookie) = askToken(request, person: person)
        let model = AskModel(csrf: csrf, question: question, queryMax: settings.queryCharactersMax, signedIn: person != nil,
            error: error, answer: answer)
        return renderer.page(.ask, model, chrome: try chrome("问一问", current: "/ask", person: person), status: status,
            cookies: cookie.map { [$0] } ?? [])
    }

    /// The CSRF token of an ask box: the session's when signed in, else the browser's form cookie's (and that
    /// cookie, when the browser has none yet).
    func askToken(_ request: Request, person: PageGuard.Person?) -> (csrf: String, setCookie: String?) {
        if let person { return (person.csrf, nil) }
        return gate.anonymousFormToken(request)
    }
}
