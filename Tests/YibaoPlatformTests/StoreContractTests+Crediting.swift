import Foundation
import Testing
import YibaoCore
import YibaoPlatform
import YibaoStore

/// `writeNewCredits`, the crediting run's write: SQLite runs it with foreign keys off and proves them per account.
extension StoreContractTests {
    @Test("Writing new credits leaves out a month already credited, and a rerun writes nothing", arguments: StoreKind.allCases)
    func writeNewCreditsIsIdempotent(kind: StoreKind) throws {
        let store: any LedgerStore = try StoreFixture(kind).store
        let (a, b) = try store.write { tx throws in (try seeded(tx, 1), try seeded(tx, 2)) }
        let postings = [
            creditPosting(account: a.account, fund: a.fund, month: "2025-03", amount: "169.08", deduction: "8.66"),
            creditPosting(account: b.account, fund: a.fund, month: "2025-03", amount: "200.00"),
        ]
        try store.write { try $0.postCredits([postings[1]]) }

        #expect(try store.writeNewCredits(postings) == [true, false])
        #expect(try store.writeNewCredits(postings) == [false, false])

        try store.read { tx throws in
            #expect(try tx.account(id: a.account)?.balanceFen == fen("160.42"))
            #expect(try tx.account(id: b.account)?.balanceFen == fen("200.00"))
            #expect(try tx.transferCount() == 3)
            for id in [a.account, b.account, a.fund] {
                let posted = try tx.postedTotals(accountId: id)
                let cached = try #require(try tx.account(id: id))
                #expect(posted.debits == cached.debitsFen && posted.credits == cached.creditsFen, "account \(id)")
            }
        }
        #expect(throws: StoreError.duplicateIdempotencyKey("credit:\(b.account):2025-03")) {
            try store.write { try $0.postCredits([postings[1]]) }
        }
    }

    @Test(
        "Writing new credits to an account that does not exist is refused whole, and foreign keys stay enforced after",
        arguments: StoreKind.allCases)
    func writeNewCreditsProvesAccountsExist(kind: StoreKind) throws {
        let fixture = try StoreFixture(kind)
        let store = fixture.store
        let a = try store.write { try seeded($0, 1) }
        let missing: Int64 = 999_999

        // A missing credited account, after a valid posting in the same batch.
        #expect(throws: StoreError.notFound("account \(missing)")) {
            try store.writeNewCredits([
                creditPosting(account: a.account, fund: a.fund, month: "2025-03", amount: "100.00"),
                creditPosting(account: missing, fund: a.fund, month: "2025-03", amount: "100.00"),
            ])
        }
        // A missing debited (counter) account.
        #expect(throws: StoreError.notFound("account \(missing)")) {
            try store.writeNewCredits([creditPosting(account: a.account, fund: missing, month: "2025-03", amount: "100.00")])
        }
        try store.read { tx throws in
            #expect(try tx.transferCount() == 0)
            #expect(try tx.account(id: a.account)?.creditsFen == .zero)
            #expect(try tx.account(id: a.fund)?.debitsFen == .zero)
        }

        // Every other write still has SQLite check the foreign keys.
        #expect(try fixture.sqlite.writerEnforcesForeignKeys())
        #expect(throws: (any Error).self) {
            try store.write { tx in
                _ = try tx.post(transfer("settle:x", "1.00", from: a.fund, to: missing, code: .settlementFund))
            }
        }
        #expect(try store.read { try $0.transferCount() } == 0)
    }

    @Test("A CHECK that fails midway through a batch of new credits undoes the rows before it", arguments: StoreKind.allCases)
    func writeNewCreditsFailingMidwayWritesNothing(kind: StoreKind) throws {
        let fixture = try StoreFixture(kind)
        let store = fixture.store
        let (a, b) = try store.write { tx throws in (try seeded(tx, 1), try seeded(tx, 2)) }
        // The second credit debits and credits the same account (CHECK debit_account_id <> credit_account_id).
        let postings = [
            creditPosting(account: a.account, fund: a.fund, month: "2025-03", amount: "100.00"),
            creditPosting(account: b.account, fund: b.account, month: "2025-03", amount: "100.00"),
        ]
        #expect(throws: (any Error).self) { try store.writeNewCredits(postings) }
        try store.read { tx throws in
            #expect(try tx.transferCount() == 0)
            #expect(try tx.transfer(idempotencyKey: "credit:\(a.account):2025-03") == nil)
            #expect(try tx.account(id: a.account)?.creditsFen == .zero)
        }
        #expect(try fixture.sqlite.writerEnforcesForeignKeys())
        // The same batch without the faulty posting goes through.
        #expect(try store.writeNewCredits([postings[0]]) == [true])
    }
}
