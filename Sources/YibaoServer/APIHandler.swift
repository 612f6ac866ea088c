import Foundation
import OpenAPIRuntime
import YibaoCore
import YibaoPlatform

/// The JSON API (`/api/v1`, generated from `openapi.yaml`): each operation checks who calls, turns the
/// generated input into a platform call, and the platform's answer into the generated output. No business
/// rule lives here; refusals are typed errors that `ErrorMiddleware` maps to statuses.
struct APIHandler<Help: HelpService>: APIProtocol {
    let platform: Platform
    let committer: GroupCommitter
    let help: Help
    let jobs: CreditingJobRunner
    let settings: ServerSettings
    let auth: Authenticator
    let hasher: PasswordHasher

    let cache: ReadCache

    init(platform: Platform, committer: GroupCommitter, help: Help, jobs: CreditingJobRunner, settings: ServerSettings,
        cache: ReadCache, now: @escaping @Sendable () -> Int64, hasher: PasswordHasher)
    {
        self.cache = cache
        self.platform = platform
        self.committer = committer
        self.help = help
        self.jobs = jobs
        self.settings = settings
        self.auth = Authenticator(platform: platform, cache: cache, now: now)
        self.hasher = hasher
    }

    var now: Int64 { auth.now() }

    /// Served by `HotRoutes` on the router; this completes the generated protocol with the same answer.
    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        .ok(.init(body: .json(.init(status: "ok"))))
    }
}

extension APIHandler {
    /// The `Idempotency-Key` header, checked by the platform (1–128 visible characters).
    static func key(_ header: String) -> String { header }

    /// The limit of a page: the given one within 1…max, or the default.
    static func page(_ limit: Int?, default value: Int, max: Int) throws -> Int {
        guard let limit else { return value }
        guard (1...max).contains(limit) else { throw APIError.pageTooLarge(max: max) }
        return limit
    }
}
