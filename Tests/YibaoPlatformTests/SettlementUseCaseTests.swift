import Foundation
import Testing
import YibaoCore
import YibaoPlatform

/// A son with 134.66 in his account (one month of the 深圳 minimum base) whose mother, with 1000.00, has
/// authorised 家庭共济 for him; today is 2025-06-20.
struct FamilyWorld {
    let world: World
    let son: String
    let mother: String
    /// 1000.00 甲类 at a level-3 hospital, outpatient: the fund pays 550.00, the son's part is 450.00.
    let visit = bill(date: "2025-06-10", items: [("1000.00", "01")])

    init(_ kind: StoreKind = .memory) throws {
        world = try World(kind, today: "2025-06-20")
        son = try world.enrol("李明", id: idNumber(1, birth: "1995-02-03"), base: "6733.00")
        mother = try world.enrol("王秀兰", id: idNumber(2, birth: "1968-09-30"))
        try world.payAndCredit(son, months: ["2025-01"])
        try world.payAndCredit(mother, months: ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05"])
        try world.pin("2025-06-01")
        _ = try world.platform.grantFamily(holder: mother, relative: son, relation: "子女", key: "grant")
        try world.pin("2025-06-20")
    }

    var platform: Platform { world.platform }
}

@Suite("Settling, reversing and statements")
struct SettlementUseCaseTests {
    @Test("The son's own account pays first, then his mother's, and both are named", arguments: StoreKind.allCases)
    func ownAccountThenRelative(kind: StoreKind) throws {
        let f = try FamilyWorld(kind)
        let result = try f.platform.settle(person: f.son, bill: f.visit, key: "visit")
        #expect(result.output.fund_pay_sumamt == "550.00")
        #expect(result.output.acct_pay == "134.66")
        #expect(result.output.acct_mulaid_pay == "315.34")
        #expect(result.output.psn_cash_pay == "0.00")
        #expect(result.mutualAidPayers.map(\.psnNo) == [f.mother])
        #expect(result.mutualAidPayers.map(\.maskedName) == ["王**"])
        #expect(result.mutualAidPayers.map(\.amountFen) == [fen("315.34")])
        #expect(try f.world.account(f.son).balanceFen == .zero)
        #expect(try f.world.account(f.mother).balanceFen == fen("684.66"))

        let transfers = try f.world.store.read { try $0.transfers(reference: "setl:\(result.setl_id)") }
        #expect(transfers.map(\.code) == [.settlementFund, .settlementAccount, .settlementMutualAid])
        let aid = try #require(transfers.last)
        #expect(aid.debitAccountId == (try f.world.account(f.mother).id))
        #expect(aid.memo.contains("王**") && aid.memo.contains("李*"))

        let (stored, output) = try f.platform.settlementOutput(setlId: result.setl_id)
        #expect(stored.accountFen == fen("134.66"))
        #expect(stored.mutualAidFen == fen("315.34"))
        #expect(stored.medfeeFen == fen("1000.00"))
        #expect(stored.mutualAidHolderId == (try f.world.store.read { try $0.person(psnNo: f.mother)?.id }))
        #expect(output?.acct_mulaid_pay == "315.34")
        #expect(try f.platform.audit().ok)
    }

    @Test("A reversal restores both balances and the year-to-date figures the next settlement sees")
    func reversalRestores() throws {
        let f = try FamilyWorld()
        let before = try f.world.snapshot().accounts
        let first = try f.platform.settle(person: f.son, bill: f.visit, key: "first")
        let reversal = try f.platform.reverse(settlement: first.setl_id, key: "undo")
        #expect(reversal.setl_id == "R" + first.setl_id)
        #expect(reversal.transfersReversed == 3)
        #expect(reversal.restoredAccountFen == fen("134.66"))
        #expect(reversal.restoredMutualAidFen == fen("315.34"))
        // The settlement opened the region's institution account; every account that existed is back where it was,
        // and the institution account, paid and then repaid, is at zero.
        let after = try f.world.snapshot().accounts
        #expect(after.prefix(before.count).map(\.balanceFen) == before.map(\.balanceFen))
        #expect(after.dropFirst(before.count).map(\.kind) == [.institutionSettlement])
        #expect(after.dropFirst(before.count).map(\.balanceFen) == [.zero])

        let second = try f.platform.settle(person: f.son, bill: f.visit, key: "second")
        #expect(second.setl_id != first.setl_id)
        #expect(second.output.ytd.outpatient_inscp_cum == first.output.ytd.outpatient_inscp_cum)
        #expect(second.output.ytd.outpatient_inscp_cum == "1000.00")
        #expect(second.output.ytd.outpatient_hifp_paid == first.output.ytd.outpatient_hifp_paid)
        #expect(second.output.acct_pay == first.output.acct_pay)
        #expect(second.output.acct_mulaid_pay == first.output.acct_mulaid_pay)
        #expect(try f.platform.audit().ok)
    }

    @Test("A replay with the same key returns the same settlement and writes nothing")
    func replayIsIdempotent() throws {
        let f = try FamilyWorld()
        let first = try f.platform.settle(person: f.son, bill: f.visit, key: "visit")
        let written = try f.world.snapshot()
        let replay = try f.platform.settle(person: f.son, bill: f.visit, key: "visit")
        #expect(replay.setl_id == first.setl_id)
        #expect(replay.output.acct_pay == first.output.acct_pay)
        #expect(replay.mutualAidPayers == first.mutualAidPayers)
        #expect(try f.world.snapshot() == written)
    }

    @Test("The same key with another bill is refused and writes nothing")
    func sameKeyDifferentBill() throws {
        let f = try FamilyWorld()
        _ = try f.platform.settle(person: f.son, bill: f.visit, key: "visit")
        let written = try f.world.snapshot()
        let other = bill(date: "2025-06-10", items: [("1000.01", "01")])
        let error = #expect(throws: PlatformError.existsWithDifferentRequest(key: "visit")) {
            _ = try f.platform.settle(person: f.son, bill: other, key: "visit")
        }
        #expect(error?.message.contains("幂等键 visit 已用于另一笔不同的请求") == true)
        #expect(try f.world.snapshot() == written)
    }

    @Test("A statement lists the account's movements newest first with the balance after each")
    func statementRunningBalances() throws {
        let f = try FamilyWorld()
        _ = try f.platform.settle(person: f.son, bill: f.visit, key: "visit")
        let statement = try f.platform.statement(person: f.mother)
        #expect(statement.balanceFen == fen("684.66"))
        #expect(statement.lines.map(\.amountFen) == [Fen(-31_534)] + Array(repeating: fen("200.00"), count: 5))
        #expect(
            statement.lines.map(\.balanceAfterFen)
                == ["684.66", "1000.00", "800.00", "600.00", "400.00", "200.00"].map(fen))
        #expect(statement.lines.first?.code == TransferCode.settlementMutualAid.rawValue)
        #expect(statement.lines.first?.description.contains("家庭共济") == true)
        // Each line's balance less its amount is the next (older) line's balance, down to zero.
        for (newer, older) in zip(statement.lines, statement.lines.dropFirst()) {
            #expect(newer.balanceAfterFen - newer.amountFen == older.balanceAfterFen)
        }
        #expect(statement.lines.last.map { $0.balanceAfterFen - $0.amountFen } == .zero)

        // May's credit was posted on 5 June, when May's batch ran; both date bounds are inclusive.
        let june = try f.platform.statement(person: f.mother, from: "2025-06-05", to: "2025-06-20")
        #expect(june.lines.map(\.balanceAfterFen) == ["684.66", "1000.00"].map(fen))
        #expect(
            try f.platform.statement(person: f.mother, from: "2025-06-06").lines.map(\.balanceAfterFen) == [
                fen("684.66")
            ])
        #expect(
            try f.platform.statement(person: f.mother, to: "2025-06-04").lines.map(\.balanceAfterFen)
                == ["800.00", "600.00", "400.00", "200.00"].map(fen))
        #expect(try f.platform.statement(person: f.mother, to: "2025-06-19").lines.count == 5)
        #expect(try f.platform.statement(person: f.mother, limit: 2).lines.count == 2)
        #expect(try f.platform.statement(person: f.mother, limit: Platform.statementRowsMax).lines.count == 6)
        #expect(throws: PlatformError.limitExceeded(name: "明细条数", max: Platform.statementRowsMax)) {
            _ = try f.platform.statement(person: f.mother, limit: Platform.statementRowsMax + 1)
        }
        #expect(throws: PlatformError.limitExceeded(name: "明细条数", max: Platform.statementRowsMax)) {
            _ = try f.platform.statement(person: f.mother, limit: 0)
        }
    }

    @Test("A revoked grant stops 共济 at once: the rest is paid in cash")
    func revokedGrantStopsMutualAid() throws {
        let f = try FamilyWorld()
        let revoked = try f.platform.revokeFamily(holder: f.mother, relative: f.son, key: "revoke")
        #expect(revoked.revokedOn == day("2025-06-20"))
        let result = try f.platform.settle(person: f.son, bill: f.visit, key: "visit")
        #expect(result.output.acct_mulaid_pay == "0.00")
        #expect(result.output.psn_cash_pay == "315.34")
        #expect(result.mutualAidPayers.isEmpty)
        #expect(try f.world.account(f.mother).balanceFen == fen("1000.00"))
        #expect(try f.platform.audit().ok)
    }
}
