import Foundation
import YibaoCore
import YibaoSettlement

public struct ReverseResult: Codable, Sendable, Hashable {
    public let setl_id: String
    public let reversed_setl_id: String
    public let transfersReversed: Int
    public let restoredAccountFen: Fen
    public let restoredMutualAidFen: Fen
}

extension Platform {
    /// Undoes a settlement exactly: every transfer it posted is reversed by a new transfer, and a reversal
    /// row with the negated accumulator deltas restores the person's year-to-date figures. Nothing is edited.
    public func reverse(settlement setlId: String, key: String) throws -> ReverseResult {
        let today = try today()
        struct Request: Codable { let settlement: String }
        return try store.write { tx in
            try idempotent(key: key, operation: "reverse", request: Request(settlement: setlId), in: tx) {
                guard let original = try tx.settlement(setlId: setlId) else { throw PlatformError.settlementNotFound(setlId) }
                guard original.reversesSetlId == nil else { throw PlatformError.cannotReverseReversal(setlId) }
                let reversalId = "R" + setlId
                guard try tx.settlement(setlId: reversalId) == nil else { throw PlatformError.settlementAlreadyReversed(setlId) }
                let transfers = try tx.transfers(reference: "setl:\(setlId)")
                let stamp = clock.timestamp()
                for t in transfers where t.reversesTransferId == nil {
                    _ = try tx.post(TransferRecord(
                        idempotencyKey: "reversal:\(t.id ?? 0)", code: .reversal, amountFen: t.amountFen,
                        debitAccountId: t.creditAccountId, creditAccountId: t.debitAccountId, reference: "setl:\(reversalId)",
                        memo: "冲正：\(t.memo)", reversesTransferId: t.id, postedOn: today, timestamp: stamp))
                }
                func neg(_ f: Fen) -> Fen { Fen(-f.value) }
                _ = try tx.insert(SettlementRecord(
                    setlId: reversalId, personId: original.personId, insuranceId: original.insuranceId, year: original.year,
                    medicalType: original.medicalType, reversesSetlId: setlId, medfeeFen: neg(original.medfeeFen),
                    fundFen: neg(original.fundFen), accountFen: neg(original.accountFen), mutualAidFen: neg(original.mutualAidFen),
                    cashFen: neg(original.cashFen), mutualAidHolderId: original.mutualAidHolderId,
                    ytdDelta: original.ytdDelta.negated, billJSON: original.billJSON, resultJSON: "{}", settledOn: today))
                return ReverseResult(setl_id: reversalId, reversed_setl_id: setlId, transfersReversed: transfers.count,
                    restoredAccountFen: original.accountFen, restoredMutualAidFen: original.mutualAidFen)
            }
        }
    }

    /// A stored settlement's national output (5203 query).
    public func settlementOutput(setlId: String) throws -> (SettlementRecord, NationalSettlementOutput?) {
        try store.read { tx in
            guard let s = try tx.settlement(setlId: setlId) else { throw PlatformError.settlementNotFound(setlId) }
            let output = try? JSONDecoder().decode(NationalSettlementOutput.self, from: Data(s.resultJSON.utf8))
            return (s, output)
        }
    }
}
