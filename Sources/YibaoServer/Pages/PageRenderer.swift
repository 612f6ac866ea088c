import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// The page templates (Mustache, in Chinese) and the stylesheet, loaded once from the module's resources, and
/// the HTML answers built from them. A page renders its own template first, then `layout` around it, so that
/// templates stay plain Mustache (no inheritance) and the chrome is in one file.
struct PageRenderer: Sendable {
    /// Every template a page names; checked at start, so that a missing file fails the build of the server,
    /// not a request.
    enum Template: String, CaseIterable {
        case layout, error, home, login, me, statement, family, estimate, help, article, ask, sources, related
        case consoleLogin = "console-login", consoleHome = "console-home", consoleEnrol = "console-enrol"
        case consoleContributions = "console-contributions", consoleCrediting = "console-crediting"
        case consoleJob = "console-job", consolePersons = "console-persons", consolePerson = "console-person"
        case consoleAudit = "console-audit"
    }

    let library: MustacheLibrary
    let stylesheet: ByteBuffer

    static let stylesheetPath = "/assets/yibao.css"
    /// Nothing from another site, no scripts at all, forms post only here, never framed.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    init() throws {
        guard let templates = Bundle.module.url(forResource: "Templates", withExtension: nil),
            let assets = Bundle.module.url(forResource: "Public", withExtension: nil)
        else { throw PageError.resourcesMissing("Templates/Public") }
        var library = MustacheLibrary()
        for template in Template.allCases {
            let url = templates.appendingPathComponent(template.rawValue + ".mustache")
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw PageError.resourcesMissing(template.rawValue + ".mustache")
            }
            try library.register(text, named: template.rawValue)
        }
        self.library = library
        let css = try Data(contentsOf: assets.appendingPathComponent("yibao.css"))
        stylesheet = ByteBuffer(bytes: css)
    }

    /// A whole HTML page: `template` rendered with `model`, inside the layout described by `chrome`.
    func page(_ template: Template, _ model: Any, chrome: PageChrome, status: HTTPResponse.Status = .ok,
        cookies: [String] = []) -> Response
    {
        // Both names were checked in `init`; a nil here would be a programmer error.
        let content = library.render(model, withTemplate: template.rawValue) ?? ""
        let html = library.render(PageLayout(chrome: chrome, content: content), withTemplate: Template.layout.rawValue) ?? ""
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8"]
        headers[PageRenderer.cspHeader] = PageRenderer.contentSecurityPolicy
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// An error page: the typed error's Chinese message with its status.
    func error(_ status: HTTPResponse.Status, message: String, chrome: PageChrome, requestId: String? = nil) -> Response {
        let heading: String
        switch status.code {
        case 404: heading = "没有找到这个页面"
        case 403: heading = "无法办理"
        case 401: heading = "请先登录"
        case 500...: heading = "服务暂时不可用"
        default: heading = "请求未能办理"
        }
        var chrome = chrome
        chrome.title = heading
        let model = ErrorModel(heading: heading, message: message, requestId: requestId,
            backHref: chrome.site == .console ? "/console" : "/", backLabel: chrome.site == .console ? "返回经办后台" : "返回首页")
        return page(.error, model, chrome: chrome, status: status)
    }

    /// The stylesheet, cached by browsers for a day (it changes only with a release).
    func stylesheetResponse() -> Response {
        Response(status: .ok,
            headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=86400"],
            body: .init(byteBuffer: stylesheet))
    }

    /// 303 See Other: where a form post or a signed-out visit continues (a GET, whatever the method was).
    static func seeOther(_ location: String, cookies: [String] = []) -> Response {
        var headers: HTTPFields = [.location: location]
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: .seeOther, headers: headers)
    }

    static let cspHeader = HTTPField.Name("Content-Security-Policy")!
}

struct ErrorModel {
    let heading: String
    let message: String
    let requestId: String?
    let backHref: String
    let backLabel: String
}

/// Why the pages could not start.
enum PageError: Error, CustomStringConvertible {
    case resourcesMissing(String)

    var description: String {
        switch self {
        case .resourcesMissing(let name): "page resource missing from the bundle: \(name)"
        }
    }
}
