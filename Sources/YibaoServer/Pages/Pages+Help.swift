import Foundation
import Hummingbird
import YibaoCore
import YibaoHelp

/// The help centre: search with highlighted snippets, articles laid out like the seed page (title, short
/// answer, numbered points, sources, disclaimer, 相关推荐), and the ask box. All through `HelpService`, as the
/// API's help routes.
extension Pages {
    func registerHelp(on router: Router<AppRequestContext>) {
        route(router, .get, "/help") { request, _ in try helpPage(request, query: "") }
        route(router, .get, "/help/search") { request, _ in
            try helpPage(request, query: request.uri.queryParameters.get("q") ?? "")
        }
        route(router, .get, "/help/articles/:id") { request, context in
            try articlePage(request, id: context.parameters.get("id") ?? "")
        }
        route(router, .get, "/ask") { request, _ in try askPage(request) }
        route(router, .post, "/ask") { request, _ in try await ask(request) }
    }

    /// Questions people often ask, offered as searches on the help centre's first page.
    static var exampleQueries: [String] {
        ["职工医保个人账户余额显示一条杠", "医保卡亲情共济怎么绑定", "深圳二档有没有个人账户", "门诊统筹报销比例", "住院起付线是多少",
         "居民医保断缴后怎么补缴"]
    }

    struct HelpModel {
        struct Hit {
            let id: String
            let title: String
            let snippetHTML: String
            let regions: [String]
            let date: String
        }
        struct Example {
            let text: String
            let encoded: String
        }

        let heading: String
        let query: String
        let queryMax: Int
        let searched: Bool
        let hits: [Hit]
        let count: Int
        /// The hits stopped at `searchHitsMax`: there may be more.
        let limited: Bool
        let error: String?
        let examples: [Example]
        /// The token of the ask box at the foot of the page.
        let csrf: String
    }

    func helpPage(_ request: Request, query raw: String) throws -> Response {
        let query = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let person = try gate.person(request)
        var hits: [HelpModel.Hit] = []
        var error: String?
        var status = HTTPResponse.Status.ok
        if query.count > settings.queryCharactersMax {
            let refusal = APIError.queryTooLong(max: settings.queryCharactersMax)
            (error, status) = (refusal.message, ErrorMapping.status(of: refusal))
        } else if !query.isEmpty {
            hits = try help.search(query, limit: Pages.searchHitsMax).hits.map {
                HelpModel.Hit(id: $0.id, title: $0.title, snippetHTML: PageText.highlight($0.snippet),
                    regions: ($0.regions ?? []).map(regionName), date: $0.date ?? "")
            }
        }
        let searched = !query.isEmpty && error == nil
        let (csrf, cookie) = askToken(request, person: person)
        let model = HelpModel(heading: searched ? "搜索结果" : "帮助中心", query: String(query.prefix(settings.queryCharactersMax)),
            queryMax: settings.queryCharactersMax, searched: searched, hits: hits, count: hits.count,
            limited: hits.count >= Pages.searchHitsMax, error: error,
            examples: Pages.exampleQueries.map { .init(text: $0, encoded: PageText.queryEncoded($0)) }, csrf: csrf)
        let title = searched ? "\(query) - 搜索" : "帮助中心"
        return renderer.page(.help, model, chrome: try chrome(title, current: "/help", person: person), status: status,
            cookies: cookie.map { [$0] } ?? [])
    }

    /// Hits shown on one search page.
    static var searchHitsMax: Int { 10 }

    struct SourceModel {
        let title: String
        let link: String?
        let document: String
        let date: String?
        let confidence: String?

        init(_ s: Components.Schemas.AnswerSource) {
            title = s.title
            let isLink = s.urlOrDoc.hasPrefix("https://") || s.urlOrDoc.hasPrefix("http://")
            link = isLink ? s.urlOrDoc : nil
            document = s.urlOrDoc
            date = s.date.flatMap { $0.isEmpty ? nil : $0 }
            confidence = s.confidence.map(SourceModel.confidenceLabel)
        }

        static func confidenceLabel(_ raw: String) -> String {
            switch raw {
            case "official": "官方"
            case "reported": "媒体报道"
            case "placeholder": "待核实"
            default: raw
            }
        }
    }

    struct RelatedModel {
        let id: String
        let title: String
        let excerpt: String
        let date: String?

        init(_ r: Components.Schemas.RelatedItem) {
            id = r.id
            title = r.title
            excerpt = r.excerpt
            date = r.date.flatMap { $0.isEmpty ? nil : $0 }
        }
    }

    struct ArticleModel {
        let title: String
        let shortAnswer: String
        let paragraphs: [String]
        let points: [String]
        let closing: [String]
        let regions: [String]
        let date: String?
        let sources: [SourceModel]
        let disclaimer: String?
        let related: [RelatedModel]
    }

    func articlePage(_ request: Request, id: String) throws -> Response {
        let person = try gate.person(request)
        let article = try help.article(id: id)
        let layout = ArticleText(paragraphs: article.paragraphs)
        let model = ArticleModel(title: article.title, shortAnswer: article.shortAnswer, paragraphs: layout.opening,
            points: layout.points, closing: layout.closing, regions: article.regions.map(regionName),
            date: article.date.flatMap { $0.isEmpty ? nil : $0 }, sources: article.sources.map(SourceModel.init),
            disclaimer: article.health ? YibaoHelp.AskAnswer.healthDisclaimer : nil,
            related: try help.related(id: id).map(RelatedModel.init))
        return renderer.page(.article, model, chrome: try chrome(article.title, current: "/help", person: person))
    }
}

/// An article's body split the way the seed page reads: opening paragraphs, the numbered points ("1. …"),
/// and closing paragraphs. Presentation only: the text is the article's.
struct ArticleText {
    var opening: [String] = []
    var points: [String] = []
    var closing: [String] = []

    init(paragraphs: [String]) {
        for line in paragraphs.flatMap({ $0.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) } })
        where !line.isEmpty {
            if let point = ArticleText.point(line) {
                points.append(point)
            } else if points.isEmpty {
                opening.append(line)
            } else {
                closing.append(line)
            }
        }
    }

    /// The text of a numbered line ("3. 文字" or "3、文字"), without its number; nil for any other line.
    static func point(_ line: String) -> String? {
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 2 else { return nil }
        let rest = line.dropFirst(digits.count)
        guard let mark = rest.first, mark == "." || mark == "、" || mark == "．" else { return nil }
        let text = rest.dropFirst().trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
    }
}
