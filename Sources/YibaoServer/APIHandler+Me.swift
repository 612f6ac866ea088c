import Foundation
import YibaoPlatform

extension APIHandler {
    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        let me = try auth.person()
        return .ok(.init(body: .json(try Wire.convert(try platform.personView(me.psnNo)))))
    }

    /// Served by `HotRoutes` on the router; this completes the generated protocol with the same answer.
    func getMyBalance(_ input: Operations.GetMyBalance.Input) async throws -> Operations.GetMyBalance.Output {
        let me = try auth.person()
        return .ok(.init(body: .json(APIHandler.balance(try cache.balance(person: me.psnNo, platform: platform)))))
    }

    func getMyStatement(_ input: Operations.GetMyStatement.Input) async throws -> Operations.GetMyStatement.Output {
        let me = try auth.person()
        let limit = try APIHandler.page(input.query.limit, default: 50, max: settings.statementPageMax)
        let statement = try platform.statement(person: me.psnNo, from: input.query.from, to: input.query.to, limit: limit)
        return .ok(.init(body: .json(try Wire.convert(statement))))
    }

    func listMyFamilyGrants(_ input: Operations.ListMyFamilyGrants.Input) async throws -> Operations.ListMyFamilyGrants.Output {
        let me = try auth.person()
        return .ok(.init(body: .json(.init(grants: try Wire.convert(try platform.familyList(person: me.psnNo))))))
    }

    func grantFamily(_ input: Operations.GrantFamily.Input) async throws -> Operations.GrantFamily.Output {
        guard case .json(let body) = input.body else { throw APIError.requestInvalid("需要 JSON") }
        let me = try auth.person()
        let platform = self.platform
        let key = "person:\(me.psnNo):" + input.headers.idempotencyKey
        let grant = try await Blocking.run {
            try platform.grantFamily(holder: me.psnNo, relative: body.relative, relation: body.relation.rawValue, key: key)
        }
        return .created(.init(body: .json(try Wire.convert(grant))))
    }

    func revokeFamily(_ input: Operations.RevokeFamily.Input) async throws -> Operations.RevokeFamily.Output {
        let me = try auth.person()
        let platform = self.platform
        let id = input.path.id
        let key = "person:\(me.psnNo):" + input.headers.idempotencyKey
        let grant = try await Blocking.run { try platform.revokeFamily(holder: me.psnNo, grantId: id, key: key) }
        return .ok(.init(body: .json(try Wire.convert(grant))))
    }

    func estimateMyBill(_ input: Operations.EstimateMyBill.Input) async throws -> Operations.EstimateMyBill.Output {
        guard case .json(let bill) = input.body else { throw APIError.requestInvalid("需要 JSON") }
        let me = try auth.person()
        return .ok(.init(body: .json(try Wire.convert(try platform.estimate(person: me.psnNo, bill: try Wire.json(bill))))))
    }

    func askAsMe(_ input: Operations.AskAsMe.Input) async throws -> Operations.AskAsMe.Output {
        guard case .json(let body) = input.body else { throw APIError.requestInvalid("需要 JSON") }
        let me = try auth.person()
        try checkQuery(body.question)
        return .ok(.init(body: .json(try help.ask(body.question, person: me.psnNo))))
    }

    /// The balance in the spec's type, built field by field: it is the hottest read of the API.
    static func balance(_ view: BalanceView) -> Components.Schemas.BalanceView {
        .init(psnNo: view.psn_no, display: view.display, balanceFen: view.balanceFen?.value, state: view.state, region: view.region,
            regionName: view.regionName, scheme: view.scheme,
            reasons: view.reasons.map {
                .init(code: $0.code, message: $0.message, action: $0.action, details: .init(additionalProperties: $0.details))
            })
    }
}
