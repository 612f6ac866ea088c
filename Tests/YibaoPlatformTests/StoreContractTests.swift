import Foundation
import Synchronization
import Testing
import YibaoCore
import YibaoPlatform

/// What every `LedgerStore` must do, written against the protocols only, so that a PostgreSQL store runs the
/// same tests by joining `StoreKind`.
@Suite("Store contract")
struct StoreContractTests {
    let d = day("2025-03-01")

    func person(_ n: Int) -> PersonRecord {
        PersonRecord(psnNo: "44030000000000\(n)", idNumber: idNumber(n), name: "测试\(n)", phone: nil, createdOn: d)
    }

    /// A person with an insurance row and a personal account, plus the region's pooled fund.
    func seeded(_ tx: any StoreTransaction, _ n: Int, region: String = "440300") throws -> (
        person: Int64, insurance: Int64,
        account: Int64, fund: Int64
    ) {
        let p = try tx.insert(person(n))
        let i = try tx.insert(
            InsuranceRecord(personId: p, insuranceType: .employeeBasic, region: region, employer: nil, startDate: d))
        _ = try tx.insert(
            InsuranceVersion(
                insuranceId: i, effectiveFrom: d, tier: "1", personType: .inService,
                baseFen: fen("10000.00"), status: .active, reason: "参保登记", recordedOn: d))
        let a = try tx.insert(AccountRecord(kind: .personal, region: region, ownerPersonId: p, openedOn: d))
        let fund =
            try tx.account(kind: .pooledFund, region: region, ownerPersonId: nil)?.id
            ?? tx.insert(AccountRecord(kind: .pooledFund, region: region, ownerPersonId: nil, openedOn: d))
        return (p, i, a, fund)
    }

    func transfer(
        _ key: String, _ amount: String, from: Int64, to: Int64, on date: String = "2025-03-01",
        code: TransferCode = .credit
    ) -> TransferRecord {
        TransferRecord(
            idempotencyKey: key, code: code, amountFen: fen(amount), debitAccountId: from, creditAccountId: to,
            reference: "ref:\(key)", memo: "测试 \(key)", postedOn: day(date), timestamp: "\(date)T12:00:00+08:00")
    }

    @Test("A person is read back by id, 人员编号 and ID number, and counted", arguments: StoreKind.allCases)
    func personRoundTrip(kind: StoreKind) throws {
        let store: any LedgerStore = try StoreFixture(kind).store
        let id = try store.write { try $0.insert(person(1)) }
        _ = try store.write { try $0.insert(person(2)) }
        try store.read { tx throws in
            var expected = person(1)
            expected.id = id
            #expect(try tx.person(id: id) == expected)
            #expect(try tx.person(psnNo: expected.psnNo) == expected)
            #expect(try tx.person(idNumber: expected.idNumber) == expected)
            #expect(try tx.person(psnNo: "nobody") == nil)
            #expect(try tx.personCount() == 2)
            #expect(try tx.persons(limit: 1, offset: 1).map(\.name) == ["测试2"])
        }
    }

    @Test("The same ID number cannot be registered twice", arguments: StoreKind.allCases)
    func duplicatePersonRefused(kind: StoreKind) throws {
        let store: any LedgerStore = try StoreFixture(kind).store
        _ = try store.write { try $0.insert(person(1)) }
        var twin = person(1)
        twin.psnNo = "440300other"
        expectUniqueViolation { _ = try store.write { try $0.insert(twin) } }
        #expect(try store.read { try $0.personCount() } == 1)
    }

    @Test("Only the password hash of a person changes", arguments: StoreKind.allCases)
    func passwordHashChanges(kind: StoreKind) throws {
        let store: any LedgerStore = try StoreFixture(kind).store
        let id = try store.write { try $0.insert(person(1)) }
        try store.write { try $0.setPasswordHash(personId: id, hash: "h1") }
        let p = try #require(try store.read { try $0.person(id: id) })
        #expect(p.passwordHash == "h1")
        #expect(p.name == "测试1")
    }

    @Test("Insurance rows are read by person, id and region, in id order", arguments: StoreKind.allCases)
    func insuranceRoundTrip(kind: StoreKind) throws {
        let store: any LedgerStore = try StoreFixture(kind).store
        let (a, b, c) = try store.write { tx throws in
            (try seeded(tx, 1).insurance, try seeded(tx, 2, region: "440100").insurance, try seeded(tx, 3).insurance)
        }
        try store.read { tx throws in
            let first = try #require(try tx.insurance(id: a))
            #expect(first.region == "440300")
            #expect(first.insuranceType == .employeeBasic)
            #expect(first.startDate == d)
            #expect(try tx.insurance(id: 999) == nil)
            #expect(try tx.insurances(personId: first.personId).map(\.id) == [a])
            #expect(try tx.insurances(region: "440300", afterId: 0, limit: 10).map(\.id) == [a, c])
            #expect(try tx.insurances(region: "440300", afterId: a, limit: 10).map(\.id) == [c])
            #expect(try tx.insurances(region: nil, afterId: 0, limit: 2).map(\.id) == [a, b])
        }
    }

    @Test(
        "Versions come back ordered by effective date, whatever the order they were recorded in",
        arguments: StoreKind.allCases)
    func versionsOrdered(kind: StoreKind) throws {
        let store: any LedgerStore = try StoreFixture(kind).store
        let insurance = try store.write { tx throws in
            let i = try seeded(tx, 1).insurance
            for (from, reason) in [("2025-06-01", "六月"), ("2025-04-01", "四月")] {
                _ = try tx.insert(
                    InsuranceVersion(
                        insuranceId: i, effectiveFrom: day(from), tier: "1", personType: .retired,
                        baseFen: .zero, status: .suspended, reason: reason, recordedOn: day("2025-06-10")))
            }
            return i
        }
        let versions = try store.read { try $0.versions(insuranceId: insurance) }
        #expect(versions.map(\.effectiveFrom) == [d, day("2025-04-01"), day("2025-06-01")])
        #expect(versions.map(\.reason) == ["参保登记", "四月", "六月"])
        #expect(versions[1].status == .suspended)
        #expect(versions[1].personType == .retired)
    }

    @Test("An account is unique per kind, region and owner", arguments: StoreKind.allCases)
    func accountsUnique(kind: StoreKind) throws {
        let store: any LedgerStore = try StoreFixture(kind).store
        let s = try store.write { try seeded($0, 1) }
        expectUniqueViolation {
            _ = try store.write {
                try $0.insert(AccountRecord(kind: .personal, region: "440300", ownerPersonId: s.person, openedOn: d))
            }
        }
        expectUniqueViolation {
            _ = try store.write {
                try $0.insert(AccountRecord(kind: .pooledFund, region: "440300", ownerPersonId: nil, openedOn: d))
            }
        }
        // Another region or another kind for the same owner is a different account.
        _ = try store.write {
            try $0.insert(AccountRecord(kind: .personal, region: "440100", ownerPersonId: s.person, openedOn: d))
        }
        try store.read { tx throws in
            #expect(try tx.accounts().count == 3)
            #expect(try tx.account(kind: .pooledFund, region: "440300", ownerPersonId: nil)?.id == s.fund)
            #expect(try tx.account(kind: .pooledFund, region: "440300", ownerPersonId: nil)?.ownerPersonId == nil)
            #expect(try tx.account(kind: .personal, region: "440300", ownerPersonId: s.person)?.id == s.account)
            #expect(try tx.account(kind: .personal, region: "110100", ownerPersonId: s.person) == nil)
        }
    }

    @Test(
        "Posting moves the cached totals of both accounts, which equal the posted totals", arguments: StoreKind.allCases
    )
    func postMovesBalances(kind: StoreKind) throws {
        let store: any LedgerStore = try StoreFixture(kind).store
        let s = try store.write { try seeded($0, 1) }
        let first = try store.write { tx throws in
            let id = try tx.post(transfer("t1", "200.00", from: s.fund, to: s.account))
            _ = try tx.post(
                transfer("t2", "45.50", from: s.account, to: s.fund, on: "2025-03-09", code: .settlementAccount))
            return id
        }
        try store.read { tx throws in
            let account = try #require(try tx.account(id: s.account))
            let fund = try #require(try tx.account(id: s.fund))
            #expect(account.creditsFen == fen("200.00"))
            #expect(account.debitsFen == fen("45.50"))
            #expect(account.balanceFen == fen("154.50"))
            #expect(fund.balanceFen == Fen(-15_450))
            for a in [account, fund] {
                let posted = try tx.postedTotals(accountId: a.id ?? 0)
                #expect(posted.debits == a.debitsFen)
                #expect(posted.credits == a.creditsFen)
            }
            #expect(try tx.transfer(idempotencyKey: "t1")?.id == first)
            #expect(try tx.transfer(idempotencyKey: "t1")?.memo == "测试 t1")
            #expect(try tx.transfers(reference: "ref:t2").map(\.amountFen) == [fen("45.50")])
            #expect(try tx.transferCount() == 2)
        }
    }

    @Test("Transfers of an account come newest first, within both date bounds", arguments: StoreKind.allCases)
    func transfersByAccount(kind: StoreKind) throws {
        let store: any LedgerStore = try StoreFixture(kind).store
        let s = try store.write { try seeded($0, 1) }
        try store.write { tx throws in
            for (i, date) in ["2025-03-01", "2025-03-02", "2025-03-03"].enumerated() {
                _ = try tx.post(transfer("t\(i)", "10.00", from: s.fund, to: s.account, on: date))
            }
        }
        try store.read { tx throws in
            #expect(
                try tx.transfers(accountId: s.account, from: nil, to: nil, limit: 10).map(\.idempotencyKey) == [
                    "t2", "t1", "t0",
                ])
            #expect(
                try tx.transfers(accountId: s.account, from: day("2025-03-02"), to: day("2025-03-02"), limit: 10)
                    .map(\.idempotencyKey) == ["t1"])
            #expect(
                try tx.transfers(accountId: s.account, from: nil, to: nil, limit: 1).map(\.idempotencyKey) == ["t2"])
            #expect(try tx.transfers(accountId: s.fund, from: day("2025-03-03"), to: nil, limit: 10).count == 1)
        }
    }

    @Test("A transfer key used twice is refused and the second write leaves nothing", arguments: StoreKind.allCases)
    func duplicateTransferKey(kind: StoreKind) throws {
        let store: any LedgerStore = try StoreFixture(kind).store
        let s = try store.write { try seeded($0, 1) }
        _ = try store.write { try $0.post(transfer("same", "1.00", from: s.fund, to: s.account)) }
        #expect(throws: StoreError.duplicateIdempotencyKey("same")) {
            try store.write { _ = try $0.post(transfer("same", "2.00", from: s.fund, to: s.account)) }
        }
        try store.read { tx throws in
            #expect(try tx.transferCount() == 1)
            #expect(try tx.account(id: s.account)?.balanceFen == fen("1.00"))
        }
    }

    @Test(
        "A personal account may go to zero but not below, and a refused write rolls back whole",
        arguments: StoreKind.allCases)
    func personalAccountNeverNegative(kind: StoreKind) throws {
        let store: any LedgerStore = try StoreFixture(kind).store
        let s = try store.write { tx throws in
            let s = try seeded(tx, 1)
            _ = try tx.post(transfer("in", "100.00", from: s.fund, to: s.account))
            return s
        }
        // 100.01 out of 100.00: refused, and the transfer posted before it in the same write is gone too.
        #expect(throws: (any Error).self) {
            try store.write { tx throws in
                _ = try tx.post(transfer("before", "5.00", from: s.fund, to: s.account))
                _ = try tx.post(transfer("over", "105.01", from: s.account, to: s.fund, code: .settlementAccount))
            }
        }
        try store.read { tx throws in
            #expect(try tx.transferCount() == 1)
            #expect(try tx.transfer(idempotencyKey: "before") == nil)
            #expect(try tx.account(id: s.account)?.balanceFen == fen("100.00"))
            #expect(try tx.account(id: s.fund)?.balanceFen == Fen(-10_000))
        }
        // Exactly the balance is allowed.
        _ = try store.write {
            try $0.post(transfer("all", "100.00", from: s.account, to: s.fund, code: .settlementAccount))
        }
        #expect(try store.read { try $0.account(id: s.account)?.balanceFen } == .zero)
    }

    @Test("A contribution is unique per insurance row and month", arguments: StoreKind.allCases)
    func contributionsUnique(kind: StoreKind) throws {
        let store: any LedgerStore = try StoreFixture(kind).store
        let s = try store.write { try seeded($0, 1) }
        func contribution(_ month: String) -> ContributionRecord {
            ContributionRecord(
                insuranceId: s.insurance, month: month, kind: .monthly, baseFen: fen("10000.00"),
                employerFen: fen("500.00"), employeeFen: fen("200.00"), paidOn: d, transferId: nil)
        }
        _ = try store.write { tx throws in
            _ = try tx.insert(contribution("2025-03"))
            return try tx.insert(contribution("2025-02"))
        }
        expectUniqueViolation { _ = try store.write { try $0.insert(contribution("2025-03")) } }
        let stored = try store.read { try $0.contributions(insuranceId: s.insurance) }
        #expect(stored.map(\.month) == ["2025-02", "2025-03"])
        #expect(stored.first?.employeeFen == fen("200.00"))
    }

    @Test("A credit is its transfer: unique per account and month, read back with its deduction", arguments: StoreKind.allCases)
    func creditsUnique(kind: StoreKind) throws {
        let store: any LedgerStore = try StoreFixture(kind).store
        let s = try store.write { try seeded($0, 1) }
        try store.write { try $0.postCredits([creditPosting(account: s.account, fund: s.fund, month: "2025-02", amount: "200.00")]) }
        #expect(throws: StoreError.duplicateIdempotencyKey("credit:\(s.account):2025-02")) {
            try store.write { try $0.postCredits([creditPosting(account: s.account, fund: s.fund, month: "2025-02", amount: "200.00")]) }
        }
        try store.write { tx in
            try tx.postCredits([creditPosting(account: s.account, fund: s.fund, month: "2025-01", amount: "169.08", deduction: "8.66")])
        }
        try store.read { tx throws in
            #expect(try tx.credits(accountId: s.account).map(\.month) == ["2025-01", "2025-02"])
            #expect(try tx.credit(accountId: s.account, month: "2025-01")?.deductionFen == fen("8.66"))
            #expect(try tx.credit(accountId: s.account, month: "2025-01")?.amountFen == fen("169.08"))
            #expect(try tx.credit(accountId: s.account, month: "2025-03") == nil)
            #expect(try tx.account(id: s.account)?.balanceFen == fen("360.42"))
        }
    }

    /// A credit posting as the crediting run builds it: the credit transfer and, if any, the deduction.
    func creditPosting(account: Int64, fund: Int64, month: String, amount: String, deduction: String? = nil) -> CreditPosting {
        let credit = TransferRecord(
            idempotencyKey: "credit:\(account):\(month)", code: .credit, amountFen: fen(amount), debitAccountId: fund,
            creditAccountId: account, reference: "month:\(month)", memo: "划入", postedOn: d, timestamp: "t")
        let withheld = deduction.map {
            TransferRecord(
                idempotencyKey: "credit-deduction:\(account):\(month)", code: .creditDeduction, amountFen: fen($0),
                debitAccountId: account, creditAccountId: fund, reference: "month:\(month)", memo: "代扣", postedOn: d,
                timestamp: "t")
        }
        return CreditPosting(
            credit: credit, deduction: withheld, accountId: account, month: month, grossFen: fen(amount),
            deductionFen: deduction.map(fen) ?? .zero, postedOn: d)
    }


    @Test("Posting credits in bulk writes the transfers and both balances", arguments: StoreKind.allCases)
    func postCreditsInBulk(kind: StoreKind) throws {
        let store: any LedgerStore = try StoreFixture(kind).store
        let (s, deductions) = try store.write { tx throws in
            (
                try seeded(tx, 1),
                try tx.insert(AccountRecord(kind: .deductions, region: "440300", ownerPersonId: nil, openedOn: d))
            )
        }
        // A fresh account: credit and deduction in one batch must not trip the non-negative check.
        try store.write { tx throws in
            try tx.postCredits([
                CreditPosting(
                    credit: transfer("credit:\(s.account):2025-03", "169.08", from: s.fund, to: s.account),
                    deduction: transfer(
                        "credit-deduction:\(s.account):2025-03", "8.66", from: s.account, to: deductions, code: .creditDeduction),
                    accountId: s.account, month: "2025-03", grossFen: fen("169.08"), deductionFen: fen("8.66"),
                    postedOn: d)
            ])
        }
        try store.read { tx throws in
            #expect(try tx.account(id: s.account)?.balanceFen == fen("160.42"))
            #expect(try tx.account(id: deductions)?.balanceFen == fen("8.66"))
            let credit = try #require(try tx.credit(accountId: s.account, month: "2025-03"))
            #expect(credit.deductionFen == fen("8.66"))
            #expect(try tx.transfer(idempotencyKey: "credit:\(s.account):2025-03")?.id == credit.transferId)
            #expect(try tx.postedTotals(accountId: s.account).credits == fen("169.08"))
        }
    }

    @Test(
        "Posting new credits leaves out a month already credited, with its deduction, and moves only what it wrote",
        arguments: StoreKind.allCases)
    func postNewCreditsSkipsCredited(kind: StoreKind) throws {
        let store: any LedgerStore = try StoreFixture(kind).store
        let (a, b, deductions) = try store.write { tx throws in
            (
                try seeded(tx, 1), try seeded(tx, 2),
                try tx.insert(AccountRecord(kind: .deductions, region: "440300", ownerPersonId: nil, openedOn: d))
            )
        }
        func posting(_ account: Int64, _ amount: String, deduction: String) -> CreditPosting {
            CreditPosting(
                credit: transfer("credit:\(account):2025-03", amount, from: a.fund, to: account),
                deduction: transfer(
                    "credit-deduction:\(account):2025-03", deduction, from: account, to: deductions, code: .creditDeduction),
                accountId: account, month: "2025-03", grossFen: fen(amount), deductionFen: fen(deduction), postedOn: d)
        }
        // Given: another run credited account b after this batch was read.
        try store.write { try $0.postCredits([posting(b.account, "100.00", deduction: "1.00")]) }
        let transfersBefore = try store.read { try $0.transferCount() }

        // When: the batch posts both accounts, b with a different amount.
        let written = try store.write { tx in
            try tx.postNewCredits([posting(a.account, "169.08", deduction: "8.66"), posting(b.account, "999.00", deduction: "9.00")])
        }

        // Then: only a's credit and deduction are written, and only a's balances move.
        #expect(written == [true, false])
        try store.read { tx throws in
            #expect(try tx.transferCount() == transfersBefore + 2)
            #expect(try tx.account(id: a.account)?.balanceFen == fen("160.42"))
            #expect(try tx.account(id: b.account)?.balanceFen == fen("99.00"))
            #expect(try tx.account(id: deductions)?.balanceFen == fen("9.66"))
            #expect(try tx.credit(accountId: b.account, month: "2025-03")?.amountFen == fen("100.00"))
            for id in [a.account, b.account, deductions, a.fund] {
                let posted = try tx.postedTotals(accountId: id)
                let cached = try #require(try tx.account(id: id))
                #expect(posted.debits == cached.debitsFen && posted.credits == cached.creditsFen, "account \(id)")
            }
        }
        // The strict form still refuses the month already credited.
        #expect(throws: StoreError.duplicateIdempotencyKey("credit:\(b.account):2025-03")) {
            try store.write { try $0.postCredits([posting(b.account, "100.00", deduction: "1.00")]) }
        }
    }

    @Test("A crediting run is found by month and region", arguments: StoreKind.allCases)
    func creditingRuns(kind: StoreKind) throws {
        let store: any LedgerStore = try StoreFixture(kind).store
        _ = try store.write {
            try $0.insert(
                CreditingRunRecord(
                    month: "2025-02", region: "440300", accountsCredited: 3, totalFen: fen("600.00"),
                    finishedOn: d))
        }
        try store.read { tx throws in
            #expect(try tx.creditingRun(month: "2025-02", region: "440300")?.accountsCredited == 3)
            #expect(try tx.creditingRun(month: "2025-02", region: "440100") == nil)
            #expect(try tx.creditingRun(month: "2025-03", region: "440300") == nil)
        }
    }

    @Test("Account status events come back in the order recorded", arguments: StoreKind.allCases)
    func statusEvents(kind: StoreKind) throws {
        let store: any LedgerStore = try StoreFixture(kind).store
        let s = try store.write { tx throws in
            let s = try seeded(tx, 1)
            _ = try tx.insert(AccountStatusEvent(accountId: s.account, status: .active, reason: "建立", effectiveOn: d))
            _ = try tx.insert(AccountStatusEvent(accountId: s.account, status: .frozen, reason: "冻结", effectiveOn: d))
            return s
        }
        #expect(try store.read { try $0.statusEvents(accountId: s.account) }.map(\.status) == [.active, .frozen])
    }
}

/// Reads beside writes (a file store): each read is one snapshot, and what it reads through cannot write.
@Suite("Store reads beside writes")
struct StoreReadIsolationTests {
    let d = day("2025-03-01")

    func person(_ n: Int) -> PersonRecord {
        PersonRecord(psnNo: "44030000000000\(n)", idNumber: idNumber(n), name: "测试\(n)", phone: nil, createdOn: d)
    }

    @Test func aReadSeesOneSnapshotAndTheNextReadSeesTheWrite() throws {
        let fixture = try StoreFixture(.file)
        let store = fixture.store
        #expect(store.readsBesideWrites)
        _ = try store.write { try $0.insert(person(1)) }
        let (before, after) = try store.read { tx throws -> (Int, Int) in
            let before = try tx.personCount()
            // Another thread commits while this read is open (a WAL writer does not wait for readers).
            let written = DispatchSemaphore(value: 0)
            let failure = Mutex<(any Error)?>(nil)
            Thread {
                do { _ = try store.write { try $0.insert(person(2)) } } catch { failure.withLock { $0 = error } }
                written.signal()
            }.start()
            written.wait()
            if let error = failure.withLock({ $0 }) { throw error }
            return (before, try tx.personCount())
        }
        #expect(before == 1)
        #expect(after == 1, "a read must not see a write committed after it began")
        #expect(try store.read { try $0.personCount() } == 2)
    }

    @Test func nothingIsWrittenThroughARead() throws {
        let fixture = try StoreFixture(.file)
        _ = try fixture.store.write { try $0.insert(person(1)) }
        #expect(throws: (any Error).self) {
            try fixture.store.read { tx in
                // A reader that is a writer underneath (the protocol does not offer this): its connection refuses.
                guard let t = tx as? any StoreTransaction else { throw CancellationError() }
                _ = try t.insert(person(2))
            }
        }
        #expect(try fixture.store.read { try $0.personCount() } == 1)
    }

    @Test func aFailedReadLeavesItsConnectionReadyForTheNext() throws {
        let fixture = try StoreFixture(.file)
        _ = try fixture.store.write { try $0.insert(person(1)) }
        struct Stop: Error {}
        for _ in 0..<20 {
            #expect(throws: Stop.self) { try fixture.store.read { tx in _ = try tx.personCount(); throw Stop() } }
            #expect(try fixture.store.read { try $0.personCount() } == 1)
        }
    }
}
