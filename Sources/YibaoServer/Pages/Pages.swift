import Foundation
import Hummingbird
import Logging
import YibaoCore
import YibaoPlatform

/// The web pages: the insured person's site (我的医保), the help centre (帮助中心) and the operator console
/// (经办后台), rendered on the server from Mustache templates in Simplified Chinese, phone first, and usable
/// without JavaScript.
///
/// Pages call the same platform use cases and help service as the JSON API, so no business rule lives here:
/// a handler reads who is asking (`PageGuard`), turns form fields into a use case's input, and the answer
/// into a template's model. Typed refusals become an HTML page with the status the API would give.
struct Pages<Help: HelpService>: Sendable {
    let platform: Platform
    let help: Help
    let jobs: CreditingJobRunner
    let settings: ServerSettings
    let hasher: PasswordHasher
    let logger: Logger
    let renderer: PageRenderer
    let gate: PageGuard

    init(platform: Platform, help: Help, jobs: CreditingJobRunner, settings: ServerSettings, cache: ReadCache,
        hasher: PasswordHasher, logger: Logger, now: @escaping @Sendable () -> Int64) throws
    {
        self.platform = platform
        self.help = help
        self.jobs = jobs
        self.settings = settings
        self.hasher = hasher
        self.logger = logger
        renderer = try PageRenderer()
        gate = PageGuard(platform: platform, cache: cache, now: now, secureCookies: settings.secureCookies)
    }

    var now: Int64 { gate.now() }

    func register(on router: Router<AppRequestContext>) {
        let renderer = self.renderer
        router.get(RouterPath(stringLiteral: PageRenderer.stylesheetPath)) { _, _ in renderer.stylesheetResponse() }
        registerPublic(on: router)
        registerMe(on: router)
        registerConsole(on: router)
    }

    typealias Handler = @Sendable (Request, AppRequestContext) async throws -> Response

    /// Adds a page route whose typed refusals render as HTML.
    func route(_ router: Router<AppRequestContext>, _ method: HTTPRequest.Method, _ path: String, site: PageChrome.Site = .person,
        _ handler: @escaping Handler)
    {
        let pages = self
        router.on(RouterPath(stringLiteral: path), method: method) { request, context in
            try await pages.rendering(request, context, site: site) { try await handler(request, context) }
        }
    }

    /// Runs a handler: a typed error becomes an error page with the API's status for it; anything else is
    /// logged and answered with a bare 500 page that names only the request id.
    func rendering(_ request: Request, _ context: AppRequestContext, site: PageChrome.Site,
        _ body: () async throws -> Response) async throws -> Response
    {
        let chrome = PageChrome(title: "", site: site)
        do {
            return try await body()
        } catch let error as any YibaoError {
            let status = ErrorMapping.status(of: error)
            if status == .internalServerError { return internalError(error, request, context, chrome: chrome) }
            return renderer.error(status, message: error.message, chrome: chrome)
        } catch {
            return internalError(error, request, context, chrome: chrome)
        }
    }

    func internalError(_ error: any Error, _ request: Request, _ context: AppRequestContext, chrome: PageChrome) -> Response {
        logger.error("internal error", metadata: [
            "request.id": .string(context.id), "path": .string(LogMasking.mask(request.uri.path)),
            "error": .string(LogMasking.mask("\(error)")),
        ])
        return renderer.error(.internalServerError, message: "服务器内部错误，请稍后重试，并提供请求编号。", chrome: chrome,
            requestId: context.id)
    }

    /// The chrome of a page on the person's site, with their name when signed in.
    func chrome(_ title: String, current: String = "", person: PageGuard.Person?) throws -> PageChrome {
        guard let person else { return PageChrome(title: title, current: current) }
        let name = try platform.personView(person.psnNo).name
        return PageChrome(title: title, current: current, who: name, csrf: person.csrf)
    }

    /// Where a signed-out visitor of a personal page goes: the sign-in page, which comes back here afterwards.
    func signInRedirect(_ request: Request) -> Response {
        PageRenderer.seeOther("/login?next=" + PageText.queryEncoded(request.uri.path))
    }

    /// The name of a region code for people to read ("深圳市"), or the code itself.
    func regionName(_ code: String) -> String { platform.regions.region(code: code)?.name ?? code }
}
