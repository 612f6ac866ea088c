import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import YibaoPlatform

@testable import YibaoServer

/// Runs `body` against the router of a fresh fixture with the real help centre (YibaoHelp's bundled articles).
func withPagesServer(_ body: @escaping @Sendable (any TestClientProtocol, Fixture) async throws -> Void) async throws {
    let fixture = try Fixture.make()
    let app = try fixture.application(help: try CentreHelpService(platform: fixture.platform))
    try await app.test(.router) { client in try await body(client, fixture) }
}

/// A browser's cookie jar, reduced to what the pages set: name → value, from `Set-Cookie` answers.
struct CookieJar: Sendable {
    var values: [String: String] = [:]

    init(_ values: [String: String] = [:]) { self.values = values }

    mutating func take(_ response: TestResponse) {
        for field in response.headers where field.name == .setCookie {
            guard let pair = field.value.split(separator: ";").first else { continue }
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2 else { continue }
            if field.value.contains("Max-Age=0") { values[parts[0]] = nil } else { values[parts[0]] = parts[1] }
        }
    }

    var header: String { values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
}

extension TestResponse {
    var html: String { String(buffer: body) }

    /// The value of the first hidden field `name` in the page (the CSRF token, an idempotency key).
    func hidden(_ name: String) -> String? {
        let text = html
        guard let range = text.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(text[range.upperBound...].prefix { $0 != "\"" })
    }

    var location: String? { headers[.location] }

    /// The `Set-Cookie` values of the answer.
    var setCookies: [String] { headers.filter { $0.name == .setCookie }.map(\.value) }
}

extension TestClientProtocol {
    /// A page as a browser with `jar` gets it; the jar takes the cookies of the answer.
    func page(_ uri: String, jar: inout CookieJar) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if !jar.values.isEmpty { headers[.cookie] = jar.header }
        let response = try await execute(uri: uri, method: .get, headers: headers)
        jar.take(response)
        return response
    }

    /// A form posted as a browser posts it (`application/x-www-form-urlencoded`), with `jar`'s cookies.
    func submit(_ uri: String, _ fields: [(String, String)], jar: inout CookieJar) async throws -> TestResponse {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = fields.map {
            "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if !jar.values.isEmpty { headers[.cookie] = jar.header }
        let response = try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        jar.take(response)
        return response
    }

    /// Signs in through the sign-in page (form token, ID number, password) and returns the browser's jar.
    func signInPage(_ idNumber: String, password: String = DemoSeed.password) async throws -> CookieJar {
        var jar = CookieJar()
        let form = try await page("/login", jar: &jar)
        let csrf = try #require(form.hidden("csrf"))
        let r = try await submit("/login", [("csrf", csrf), ("next", "/me"), ("idNumber", idNumber), ("password", password)],
            jar: &jar)
        try #require(r.status == .seeOther, "sign-in page answered \(r.status): \(r.html.prefix(300))")
        try #require(jar.values[RequestScope.sessionCookieName] != nil)
        return jar
    }

    /// Signs into the console with an API token through its sign-in page.
    func signInConsole(_ token: String) async throws -> (CookieJar, TestResponse) {
        var jar = CookieJar()
        let form = try await page("/console/login", jar: &jar)
        let csrf = try #require(form.hidden("csrf"))
        let r = try await submit("/console/login", [("csrf", csrf), ("token", token)], jar: &jar)
        return (jar, r)
    }
}
