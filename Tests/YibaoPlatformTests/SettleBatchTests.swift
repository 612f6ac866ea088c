import Foundation
import GRDB
import Testing
import YibaoCore
import YibaoPlatform

/// `settleBatch`, the transaction a group commit shares: each request gets its own answer, and a request that is
/// refused, or whose writes fail, leaves the others of its batch settled and nothing of its own written.
@Suite("Settling a batch in one transaction")
struct SettleBatchTests {
    @Test("Refusals, replays and new settlements in one batch each get their own answer", arguments: StoreKind.allCases)
    func mixedBatch(kind: StoreKind) throws {
        let f = try FamilyWorld(kind)
        let small = bill(date: "2025-06-10", items: [("50.00", "01")])
        let first = try f.platform.settle(person: f.son, bill: small, key: "earlier")
        let before = try f.world.snapshot()
        let results = try f.platform.settleBatch([
            SettleRequest(person: f.son, bill: small, key: "a"),
            SettleRequest(person: f.son, bill: Data("{not json".utf8), key: "b"),
            SettleRequest(person: f.mother, bill: small, key: "c"),
            SettleRequest(person: f.son, bill: small, key: "earlier"),
            SettleRequest(person: f.son, bill: bill(date: "2025-06-10", items: [("60.00", "01")]), key: "earlier"),
            SettleRequest(person: "440300999999", bill: small, key: "d"),
            SettleRequest(person: f.son, bill: small, key: "a"),
        ])
        #expect(results.count == 7)
        let a = try results[0].get()
        #expect(throws: PlatformError.settlementRefused(code: "bill_malformed_json", message: "结算单不是有效的 JSON 对象。")) {
            try results[1].get()
        }
        let c = try results[2].get()
        #expect(try results[3].get().setl_id == first.setl_id, "a replay answers the earlier settlement")
        #expect(throws: PlatformError.existsWithDifferentRequest(key: "earlier")) { try results[4].get() }
        #expect(throws: PlatformError.personNotFound("440300999999")) { try results[5].get() }
        #expect(try results[6].get().setl_id == a.setl_id, "the same key twice in one batch settles once")
        #expect(a.setl_id != c.setl_id && a.psn_no == f.son && c.psn_no == f.mother)

        // Exactly two settlements were written, each with its transfers, and the ledger still balances.
        let after = try f.world.snapshot()
        #expect(after.settlements == before.settlements + 2)
        #expect(try f.world.store.read { try $0.transfers(reference: "setl:\(a.setl_id)") }.count == 2)
        #expect(try f.world.store.read { try $0.transfers(reference: "setl:\(c.setl_id)") }.count == 2)
        #expect(try f.platform.audit().ok)
    }

    @Test("A settlement whose write fails is undone alone; the rest of its batch is settled")
    func writeFailureUndoesOnlyItsSettlement() throws {
        let f = try FamilyWorld(.file)
        let path = try #require(f.world.fixture.path)
        // A fault the checks cannot foresee: the database itself refuses any transfer of exactly 77.70.
        let other = try DatabaseQueue(path: path)
        try other.write { db in
            try db.execute(sql: """
                CREATE TRIGGER test_fault BEFORE INSERT ON transfer WHEN NEW.amount_fen = 7770
                BEGIN SELECT RAISE(ABORT, 'injected fault'); END
                """)
        }
        // 甲类 at a level-3 hospital: the fund pays 55%, so a 172.67 bill leaves 77.70 for the son's account.
        let faulty = bill(date: "2025-06-10", items: [("172.67", "01")])
        let good = bill(date: "2025-06-10", items: [("50.00", "01")])
        let before = try f.world.snapshot()
        let sonBefore = try f.world.account(f.son).balanceFen
        let results = try f.platform.settleBatch([
            SettleRequest(person: f.mother, bill: good, key: "one"),
            SettleRequest(person: f.son, bill: faulty, key: "two"),
            SettleRequest(person: f.mother, bill: good, key: "three"),
        ])
        let one = try results[0].get()
        #expect(throws: PlatformError.settlementRefused(code: "internal_error", message: "结算失败，请稍后重试。")) {
            try results[1].get()
        }
        let three = try results[2].get()
        let after = try f.world.snapshot()
        #expect(after.settlements == before.settlements + 2)
        #expect(try f.world.account(f.son).balanceFen == sonBefore)
        #expect(one.setl_id != three.setl_id)
        // The refused key was not used up: once the fault is gone, the same request settles.
        try other.write { db in try db.execute(sql: "DROP TRIGGER test_fault") }
        let retried = try f.platform.settleBatch([SettleRequest(person: f.son, bill: faulty, key: "two")])
        #expect(try retried[0].get().output.acct_pay == "77.70")
        #expect(try f.platform.audit().ok)
    }
}
