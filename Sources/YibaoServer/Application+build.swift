import Configuration
import Foundation
import Hummingbird
import Logging
import Metrics
import OpenAPIHummingbird
import OpenAPIRuntime
import Prometheus
import YibaoPlatform
import YibaoStore

/// Everything the server is made of, built in one place: settings, logger, middleware, the generated API
/// over the platform, `/openapi.yaml`, `/metrics`, and the background crediting jobs.
///
/// - Parameters:
///   - settings: host, port and limits (`ServerSettings(reader:)` in the main job).
///   - platform: the use cases over an opened store (`ServerDatabase.open` in the main job).
///   - hasher: password hashing (tests pass a cheap one; production the 600,000-round default).
///   - now: the real clock in Unix seconds (session expiry, login locks).
public func buildApplication(
    settings: ServerSettings, platform: Platform, hasher: PasswordHasher = PasswordHasher(), logger: Logger? = nil,
    now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
) throws -> some ApplicationProtocol {
    try buildApplication(settings: settings, platform: platform, help: try CentreHelpService(platform: platform), hasher: hasher,
        logger: logger, now: now)
}

/// The same, with the help service given (tests, and the wiring after the merge).
func buildApplication<Help: HelpService>(
    settings: ServerSettings, platform: Platform, help: Help, hasher: PasswordHasher = PasswordHasher(),
    logger: Logger? = nil, now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
) throws -> some ApplicationProtocol {
    var logger = logger ?? Logger(label: "yibao.server")
    logger.logLevel = Logger.Level(rawValue: settings.logLevel) ?? .info
    let jobs = CreditingJobRunner(platform: platform, logger: logger, now: now)
    let router = try buildRouter(settings: settings, platform: platform, help: help, hasher: hasher, jobs: jobs, logger: logger,
        now: now)
    let interrupted = try platform.interruptUnfinishedCreditingJobs(at: now())
    if interrupted > 0 { logger.warning("crediting jobs interrupted by the last stop", metadata: ["count": "\(interrupted)"]) }
    return Application(router: router, configuration: settings.applicationConfiguration, logger: logger)
}

/// The router alone (the application's, and what router tests drive).
func buildRouter<Help: HelpService>(
    settings: ServerSettings, platform: Platform, help: Help, hasher: PasswordHasher, jobs: CreditingJobRunner, logger: Logger,
    now: @escaping @Sendable () -> Int64
) throws -> Router<AppRequestContext> {
    _ = ServerMetrics.registry
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestLogMiddleware(logger: logger))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ErrorMiddleware(logger: logger))
    router.add(middleware: EdgeMiddleware(requestBodyBytesMax: settings.requestBodyBytesMax))
    let committer = GroupCommitter(platform: platform)
    let observed = platform.store as? ObservedStore
    // Writers in other processes are seen through the WAL file of the database the settings name, if that is
    // the file the store has open.
    let walWatched = observed.map { $0.base is SQLiteStore } == true && FileManager.default.fileExists(atPath: settings.databasePath)
    let cache = ReadCache(store: observed, databasePath: walWatched ? settings.databasePath : nil)
    let api = APIHandler(platform: platform, committer: committer, help: help, jobs: jobs, settings: settings, cache: cache,
        now: now, hasher: hasher)
    // Compact JSON: pretty printing costs time on every answer and helps no client.
    HotRoutes(api: api).register(on: router)
    try api.registerHandlers(on: GeneratedRoutes(router: router, skipped: HotRoutes<Help>.operations),
        configuration: .init(jsonEncodingOptions: [.sortedKeys]))
    let spec = try OpenAPIDocument.text()
    router.get("/openapi.yaml") { _, _ in
        Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: spec)))
    }
    router.get("/metrics") { _, _ in
        var buffer: [UInt8] = []
        buffer.reserveCapacity(4096)
        ServerMetrics.registry.emit(into: &buffer)
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
    }
    // Web pages (the insured person's site, the operator console, the help centre) are registered here, on the
    // same router: they use the same platform, sessions, caches and help service as the API; forms send the CSRF
    // token of `RequestScope.csrfToken(forSession:)` as a hidden field (see `Pages`, `PageGuard`).
    try Pages(platform: platform, help: help, jobs: jobs, settings: settings, cache: cache, hasher: hasher, logger: logger,
        now: now).register(on: router)
    return router
}

/// The spec file this server was generated from, served at `/openapi.yaml`.
enum OpenAPIDocument {
    static func text() throws -> String {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
            throw APIError.routeNotFound
        }
        return try String(contentsOf: url, encoding: .utf8)
    }
}

/// The process's Prometheus registry, bootstrapped into swift-metrics once (the metrics system is global and
/// refuses a second bootstrap; tests build many applications in one process).
public enum ServerMetrics {
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}
