import Foundation
import Hummingbird
import YibaoPlatform
import YibaoPolicy

/// 家庭共济: the grants a person gave and received, granting a relative, and revoking a grant, through the same
/// platform use cases as the API (`grantFamily`, `revokeFamily(holder:grantId:key:)`, `familyList`).
extension Pages {
    func registerFamily(on router: Router<AppRequestContext>) {
        route(router, .get, "/me/family") { request, _ in try familyPage(request) }
        route(router, .post, "/me/family") { request, _ in try await grant(request) }
        route(router, .post, "/me/family/:id/revoke") { request, context in
            try await revoke(request, id: context.parameters.get("id") ?? "")
        }
    }

    struct FamilyModel {
        struct Grant {
            let id: Int64
            let relativeName: String
            let holderName: String
            let relation: String
            let grantedOn: String
            let revokedOn: String?
            let active: Bool
            /// Each revoke form has its own idempotency key.
            let key: String
        }
        struct Relation {
            let value: String
            let selected: Bool
        }

        let csrf: String
        let key: String
        let notice: String?
        let error: String?
        let given: [Grant]
        let received: [Grant]
        let relative: String
        let relations: [Relation]
    }

    /// Notices after a successful post (post, redirect, get), by a fixed code so the URL carries no text.
    static func familyNotice(_ code: String?) -> String? {
        switch code {
        case "granted": "已授权。亲属就医时可以使用您的个人账户支付自付部分。"
        case "revoked": "已撤销授权，立即生效。"
        default: nil
        }
    }

    func familyPage(_ request: Request) throws -> Response {
        guard let me = try gate.person(request) else { return signInRedirect(request) }
        let notice = Pages.familyNotice(request.uri.queryParameters.get("notice"))
        return try familyForm(me, notice: notice, error: nil, relative: "", relation: "", status: .ok)
    }

    func familyForm(_ me: PageGuard.Person, notice: String?, error: String?, relative: String, relation: String,
        status: HTTPResponse.Status) throws -> Response
    {
        let grants = try platform.familyList(person: me.psnNo)
        func model(_ g: FamilyGrantView) -> FamilyModel.Grant {
            .init(id: g.id, relativeName: g.relativeName, holderName: g.holderName, relation: g.relation,
                grantedOn: g.grantedOn.description, revokedOn: g.revokedOn?.description, active: g.active, key: PageText.randomValue())
        }
        let model = FamilyModel(csrf: me.csrf, key: PageText.randomValue(), notice: notice, error: error,
            given: grants.filter { $0.holderPsnNo == me.psnNo }.map(model),
            received: grants.filter { $0.relativePsnNo == me.psnNo }.map(model), relative: relative,
            relations: YibaoPolicy.Relation.allCases.map { .init(value: $0.rawValue, selected: $0.rawValue == relation) })
        return renderer.page(.family, model, chrome: try chrome("家庭共济", current: "/me", person: me), status: status)
    }

    func grant(_ request: Request) async throws -> Response {
        guard let me = try gate.person(request) else { return signInRedirect(request) }
        let form = try await PageForm.read(request, bytesMax: settings.requestBodyBytesMax)
        try PageGuard.check(form, expected: me.csrf)
        let relative = String(form["relative"].prefix(32))
        let relation = form["relation"]
        let key = try Pages.formKey(form, scope: "person:\(me.psnNo)")
        let platform = self.platform
        do {
            _ = try await Blocking.run { try platform.grantFamily(holder: me.psnNo, relative: relative, relation: relation, key: key) }
        } catch let error as PlatformError {
            return try familyForm(me, notice: nil, error: error.message, relative: relative, relation: relation,
                status: ErrorMapping.status(of: error))
        }
        return PageRenderer.seeOther("/me/family?notice=granted")
    }

    func revoke(_ request: Request, id text: String) async throws -> Response {
        guard let me = try gate.person(request) else { return signInRedirect(request) }
        let form = try await PageForm.read(request, bytesMax: settings.requestBodyBytesMax)
        try PageGuard.check(form, expected: me.csrf)
        guard let id = Int64(text) else { throw PlatformError.grantNotFound }
        let key = try Pages.formKey(form, scope: "person:\(me.psnNo)")
        let platform = self.platform
        // Only the holder's own active grant can be revoked: the platform refuses any other id as not found.
        do {
            _ = try await Blocking.run { try platform.revokeFamily(holder: me.psnNo, grantId: id, key: key) }
        } catch let error as PlatformError {
            return try familyForm(me, notice: nil, error: error.message, relative: "", relation: "",
                status: ErrorMapping.status(of: error))
        }
        return PageRenderer.seeOther("/me/family?notice=revoked")
    }

    /// The idempotency key of a posted form: the random key the form was rendered with, scoped to who posts it
    /// (so that a key can never name another person's or operator's request). Posting a form twice is a replay.
    static func formKey(_ form: PageForm, scope: String) throws -> String {
        let key = form["key"]
        guard PageText.isFormKey(key) else { throw APIError.requestInvalid("表单已过期，请刷新后重试") }
        return scope + ":page:" + key
    }
}
