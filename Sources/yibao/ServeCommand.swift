import ArgumentParser
import Foundation
import Hummingbird
import Logging
import YibaoCore
import YibaoPlatform
import YibaoServer

/// `yibao serve`: the main job. Creates and migrates the database on first start, seeds the demo data into a
/// new one, and serves the JSON API (and later the pages) on http://127.0.0.1:8080.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve",
        abstract: "Serve the API on http://127.0.0.1:8080 (creates and seeds ./yibao.sqlite on first start).",
        discussion: "Settings also come from the environment: YIBAO_DB, YIBAO_HOST, YIBAO_PORT, YIBAO_COOKIE_SECURE, YIBAO_LOG_LEVEL.")

    // Declared for --help and validation; the values are read through swift-configuration (ServerSettings),
    // which looks at the same command line first, then the YIBAO_* environment, then the defaults.
    @Option(help: "Database file (default ./yibao.sqlite, or YIBAO_DB).") var db: String?
    @Option(help: "Address to bind (default 127.0.0.1, or YIBAO_HOST).") var host: String?
    @Option(help: "Port (default 8080, or YIBAO_PORT).") var port: Int?

    func run() async throws {
        let reader = ServerSettings.reader(environment: ProcessInfo.processInfo.environment)
        let settings = ServerSettings(reader: reader)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(rawValue: settings.logLevel) ?? .info
            return handler
        }
        var clock = PlatformClock.system
        if let text = ProcessInfo.processInfo.environment["YIBAO_TODAY"], let date = CalendarDate(text) { clock = .fixed(date) }
        let (platform, demo) = try Context.run { try ServerDatabase.open(path: settings.databasePath, clock: clock) }
        let app = try buildApplication(settings: settings, platform: platform)
        ServeCommand.banner(settings: settings, demo: demo)
        try await app.runService()
    }

    static func banner(settings: ServerSettings, demo: ServerDatabase.DemoCredentials?) {
        let base = "http://\(settings.host):\(settings.port)"
        Output.line("Yibao 医保 serving \(base)  (database \(settings.databasePath))")
        Output.line("  API: \(base)/api/v1   spec: \(base)/openapi.yaml   metrics: \(base)/metrics")
        Output.line("  Sign in: POST \(base)/api/v1/session {\"idNumber\": …, \"password\": …}")
        if let demo {
            Output.line("  Demo data seeded (dated \(DemoSeed.asOf)). Every demo person's password: \(DemoSeed.password)")
            for p in demo.people.prefix(4) { Output.line("    \(p.idNumber)  \(p.name)  → \(p.demonstrates)") }
            Output.line("    … \(demo.people.count) people in all: `yibao person list`")
            Output.line("  Institution token (深圳 440300, shown once): \(demo.institutionToken.token)")
            Output.line("  Operator token (深圳 440300, shown once):    \(demo.operatorToken.token)")
        } else {
            Output.line("  Demo sign-in (if seeded): ID number of a demo person, password \(DemoSeed.password);"
                + " tokens: `yibao token issue --role institution|operator --region 440300`")
        }
        fflush(nil)  // print() buffers when stdout is a file; the banner must be there before the server runs
    }
}

/// `yibao token issue`: an API token for an institution or operator, bound to a region; printed once.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "API tokens for institutions and operators.",
        subcommands: [Issue.self])

    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue a token (only its hash is stored; the token is printed once).")
        @Option(help: "institution or operator") var role: String
        @Option(help: "Pooling region (code or name), e.g. 440300.") var region: String
        @Option(help: "A label, e.g. the institution's name.") var name: String = ""
        @Flag var json = false

        func run() throws {
            let platform = try Context.platform()
            let issued = try Context.run { () throws -> IssuedToken in
                guard let r = TokenRole(rawValue: role) else { throw PlatformError.invalidAmount(field: "role", reason: role) }
                return try platform.issueToken(role: r, region: region, name: name, at: Int64(Date().timeIntervalSince1970))
            }
            if json { return try Output.json(issued) }
            Output.line("\(issued.role.rawValue) token for \(issued.region) (\(issued.name)), shown once:")
            Output.line(issued.token)
        }
    }
}
