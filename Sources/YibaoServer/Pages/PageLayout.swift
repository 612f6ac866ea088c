/// What the layout needs to know about a page: its title, which site and navigation item it belongs to, and
/// who is signed in (for the sign-out form, which carries the CSRF token like every other form).
struct PageChrome: Sendable {
    enum Site: Sendable { case person, console }

    var title: String
    var site: Site = .person
    /// The path of the navigation item to mark as current.
    var current: String = ""
    /// A short label of who is signed in ("张伟", "深圳经办"); nil when nobody is.
    var who: String?
    var csrf: String = ""
    /// Seconds until the page reloads itself (the crediting progress page); nil for none.
    var refreshSeconds: Int?

    init(title: String, site: Site = .person, current: String = "", who: String? = nil, csrf: String = "",
        refreshSeconds: Int? = nil)
    {
        self.title = title
        self.site = site
        self.current = current
        self.who = who
        self.csrf = csrf
        self.refreshSeconds = refreshSeconds
    }
}

/// The layout template's model, built from a chrome and the rendered page.
struct PageLayout {
    struct NavItem {
        let href: String
        let label: String
        let current: Bool
    }

    let title: String
    let content: String
    let console: Bool
    let homeHref: String
    let signedIn: Bool
    let who: String
    let csrf: String
    let signOutAction: String
    let signInHref: String
    let nav: [NavItem]
    let refreshSeconds: Int?

    static let personNav = [("/", "首页"), ("/me", "我的医保"), ("/help", "帮助中心"), ("/ask", "问一问")]
    static let consoleNav = [
        ("/console", "概览"), ("/console/enrol", "参保登记"), ("/console/contributions", "缴费"),
        ("/console/crediting", "划入"), ("/console/persons", "人员"), ("/console/audit", "审计"),
    ]

    init(chrome: PageChrome, content: String) {
        title = chrome.title
        self.content = content
        console = chrome.site == .console
        homeHref = console ? "/console" : "/"
        signedIn = chrome.who != nil
        who = chrome.who ?? ""
        csrf = chrome.csrf
        signOutAction = console ? "/console/logout" : "/logout"
        signInHref = console ? "/console/login" : "/login"
        nav = (console ? PageLayout.consoleNav : PageLayout.personNav).map {
            NavItem(href: $0.0, label: $0.1, current: $0.0 == chrome.current)
        }
        refreshSeconds = chrome.refreshSeconds
    }
}
