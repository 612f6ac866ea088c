import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
import YibaoCore
import YibaoPlatform
import YibaoPolicy
import YibaoStore

@testable import YibaoServer

/// A clock the tests move (login locks, session expiry).
final class TestClock: Sendable {
    private let value = Mutex<Int64>(1_766_200_000)
    var now: Int64 { value.withLock { $0 } }
    func advance(seconds: Int64) { value.withLock { $0 += seconds } }
}

/// The demo people the tests use, by what they demonstrate.
enum Demo {
    /// 张伟, 深圳一档 with an account; authorised his father 张建国.
    static let zhangWei = DemoSeed.idNumber(prefix: "440303", birth: "1985-03-12", sequence: 17)
    /// 张建国, 深圳二档 retired, paid for by 张伟 through 共济.
    static let zhangJianguo = DemoSeed.idNumber(prefix: "440303", birth: "1958-07-02", sequence: 31)
    /// 李娜, 深圳二档 in service.
    static let liNa = DemoSeed.idNumber(prefix: "440304", birth: "1992-11-05", sequence: 42)
    /// 郑磊, 深圳一档, spent.
    static let zhengLei = DemoSeed.idNumber(prefix: "440304", birth: "1975-01-25", sequence: 37)
    /// 赵秀英, 北京 retired.
    static let zhaoXiuying = DemoSeed.idNumber(prefix: "110105", birth: "1953-04-20", sequence: 28)
}

/// A server over a fresh in-memory database with the demo data, tokens for 深圳 and 北京, a cheap password
/// hash and a movable clock.
struct Fixture: Sendable {
    let platform: Platform
    let clock: TestClock
    let institution: String
    let operatorToken: String
    let beijingInstitution: String
    let beijingOperator: String
    let demo: [DemoSeed.Person]

    /// The fewest rounds swift-crypto accepts (PBKDF2 refuses fewer than 210,000), a third of the default.
    static let hasher = PasswordHasher(rounds: 210_000)

    static func make() throws -> Fixture {
        // Observed like the main job's store, so that the read cache is on in every test.
        let platform = Platform(store: ObservedStore(try SQLiteStore()), catalog: try PolicyCatalog.bundled(), regions: try RegionTable.bundled(),
            calendar: try WorkCalendar.bundled(), clock: .system)
        let clock = TestClock()
        let seeded = try ServerDatabase.seed(platform, hasher: hasher, now: clock.now)
        let bjInstitution = try platform.issueToken(role: .institution, region: "110100", name: "北京医院", at: clock.now)
        let bjOperator = try platform.issueToken(role: .operator, region: "110100", name: "北京经办", at: clock.now)
        return Fixture(platform: platform, clock: clock, institution: seeded.institutionToken.token,
            operatorToken: seeded.operatorToken.token, beijingInstitution: bjInstitution.token, beijingOperator: bjOperator.token,
            demo: seeded.people)
    }

    func psnNo(_ idNumber: String) -> String { demo.first { $0.idNumber == idNumber }?.psnNo ?? "" }

    func application<Help: HelpService>(help: Help, settings: ServerSettings = ServerSettings()) throws -> some ApplicationProtocol {
        let clock = self.clock
        return try buildApplication(settings: settings, platform: platform, help: help, hasher: Fixture.hasher,
            now: { clock.now })
    }
}

/// Runs `body` against the router of a fresh fixture.
func withServer(settings: ServerSettings = ServerSettings(), help: some HelpService = UnwiredHelpService(),
    _ body: @escaping @Sendable (any TestClientProtocol, Fixture) async throws -> Void) async throws
{
    let fixture = try Fixture.make()
    let app = try fixture.application(help: help, settings: settings)
    try await app.test(.router) { client in try await body(client, fixture) }
}

/// Credentials of a signed-in person: the cookie header and the CSRF token.
struct Session: Sendable {
    let cookie: String
    let csrf: String
    let psnNo: String

    func headers(unsafe: Bool = false, key: String? = nil) -> HTTPFields {
        var h: HTTPFields = [.cookie: cookie, .contentType: "application/json"]
        if unsafe { h[HeaderName.csrfToken] = csrf }
        if let key { h[.init("Idempotency-Key")!] = key }
        return h
    }
}

extension TestClientProtocol {
    func signIn(_ idNumber: String, password: String = DemoSeed.password) async throws -> Session {
        let response = try await post("/api/v1/session", json: ["idNumber": idNumber, "password": password])
        try #require(response.status == .ok, "sign-in answered \(response.status): \(String(buffer: response.body))")
        let setCookie = try #require(response.headers[.setCookie])
        let value = try #require(setCookie.split(separator: ";").first.map(String.init))
        let object = try response.json()
        return Session(cookie: value, csrf: object["csrfToken"] as? String ?? "", psnNo: object["psn_no"] as? String ?? "")
    }

    func post(_ uri: String, json: Any, headers: HTTPFields = [.contentType: "application/json"]) async throws -> TestResponse {
        let data = try JSONSerialization.data(withJSONObject: json)
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: data))
    }

    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: headers)
    }

    func delete(_ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: uri, method: .delete, headers: headers)
    }
}

func bearer(_ token: String, key: String? = nil) -> HTTPFields {
    var h: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
    if let key { h[.init("Idempotency-Key")!] = key }
    return h
}

extension TestResponse {
    func json() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any], "not a JSON object: \(String(buffer: body))")
    }

    func jsonArray() throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [[String: Any]])
    }

    /// The `code` of an error body.
    var code: String? { (try? json())?["code"] as? String }
}

/// A demo bill in national field names (an outpatient visit at a level-2 hospital).
func demoBill(psnNo: String? = nil, date: String = "2025-12-18", amount: String = "300.00") -> [String: Any] {
    var bill: [String: Any] = [
        "med_type": "11", "medins_lv": "2", "setl_date": date, "acct_used_flag": "1",
        "items": [["feedetl_sn": "1", "med_list_codg": "DEMO1", "det_item_fee_sumamt": amount, "chrgitm_lv": "01"]],
    ]
    if let psnNo { bill["psn_no"] = psnNo }
    return bill
}
