import Foundation
import YibaoPlatform
import YibaoSettlement

extension APIHandler {
    /// 2206/2303: the settlement as it would be, for a person of the institution's region; nothing is written.
    /// (Served by `HotRoutes` on the router; this completes the generated protocol with the same answer.)
    func preSettle(_ input: Operations.PreSettle.Input) async throws -> Operations.PreSettle.Output {
        guard case .json(let bill) = input.body else { throw APIError.requestInvalid("需要 JSON") }
        let token = try auth.token(.institution)
        let result = try platform.estimate(person: bill.value2.psnNo, billObject: Bill.jsonObject(try Wire.json(bill)),
            inRegion: token.region)
        return .ok(.init(body: .json(try Wire.convert(result))))
    }

    /// 2207/2304: settles through the group committer, answered once the settlement is on disk.
    func settle(_ input: Operations.Settle.Input) async throws -> Operations.Settle.Output {
        guard case .json(let bill) = input.body else { throw APIError.requestInvalid("需要 JSON") }
        let psnNo = bill.value2.psnNo
        let token = try auth.token(.institution, forPerson: psnNo)
        let request = SettleRequest(person: psnNo, bill: try Wire.json(bill),
            key: "institution:\(token.tokenId):" + input.headers.idempotencyKey)
        let result = try await committer.settle(request).get()
        return .created(.init(body: .json(try Wire.convert(result))))
    }

    /// 5203: a settlement of the institution's region (another region's is "not found").
    func getSettlement(_ input: Operations.GetSettlement.Input) async throws -> Operations.GetSettlement.Output {
        let token = try auth.token(.institution)
        try platform.checkSettlement(input.path.setlId, inRegion: token.region)
        let (record, output) = try platform.settlementOutput(setlId: input.path.setlId)
        return .ok(.init(body: .json(.init(setlId: record.setlId, reversesSetlId: record.reversesSetlId,
            settledOn: record.settledOn.description, medType: record.medicalType.rawValue, medfeeFen: record.medfeeFen.value,
            fundFen: record.fundFen.value, accountFen: record.accountFen.value, mutualAidFen: record.mutualAidFen.value,
            cashFen: record.cashFen.value, output: try output.map { try Wire.convert($0) }))))
    }

    /// 2208/2305: reverses a settlement of the institution's region with new transfers.
    func cancelSettlement(_ input: Operations.CancelSettlement.Input) async throws -> Operations.CancelSettlement.Output {
        let token = try auth.token(.institution)
        let setlId = input.path.setlId
        try platform.checkSettlement(setlId, inRegion: token.region)
        let platform = self.platform
        let key = "institution:\(token.tokenId):" + input.headers.idempotencyKey
        let result = try await Blocking.run { try platform.reverse(settlement: setlId, key: key) }
        return .ok(.init(body: .json(try Wire.convert(result))))
    }

    /// 1101: the person, identity masked.
    func getInstitutionPerson(_ input: Operations.GetInstitutionPerson.Input) async throws -> Operations.GetInstitutionPerson.Output {
        _ = try auth.token(.institution, forPerson: input.path.psnNo)
        return .ok(.init(body: .json(try Wire.convert(try platform.institutionPersonInfo(input.path.psnNo)))))
    }

    /// 5206: year-to-date accumulators.
    func getCumulative(_ input: Operations.GetCumulative.Input) async throws -> Operations.GetCumulative.Output {
        _ = try auth.token(.institution, forPerson: input.path.psnNo)
        return .ok(.init(body: .json(try Wire.convert(try platform.cumulative(person: input.path.psnNo, year: input.query.year)))))
    }
}
