import Foundation
import Testing
import YibaoCore
import YibaoPlatform

extension StoreContractTests {
    @Test("A revocation shows as revokedOn on every read of the grant, and happens once", arguments: StoreKind.allCases)
    func grantsAndRevocations(kind: StoreKind) throws {
        let store: any LedgerStore = try StoreFixture(kind).store
        let (holder, relative, grant) = try store.write { tx throws in
            let h = try seeded(tx, 1).person
            let r = try seeded(tx, 2).person
            let g = try tx.insert(
                FamilyGrantRecord(holderPersonId: h, relativePersonId: r, relation: "父母", grantedOn: d))
            return (h, r, g)
        }
        #expect(try store.read { try $0.grant(id: grant)?.revokedOn } == nil)
        try store.write { try $0.revokeGrant(id: grant, on: day("2025-04-01")) }
        try store.read { tx throws in
            #expect(try tx.grant(id: grant)?.revokedOn == day("2025-04-01"))
            #expect(try tx.grants(holderPersonId: holder).map(\.revokedOn) == [day("2025-04-01")])
            #expect(try tx.grants(relativePersonId: relative).map(\.relation) == ["父母"])
            #expect(try tx.grants(relativePersonId: holder).isEmpty)
        }
        expectUniqueViolation { try store.write { try $0.revokeGrant(id: grant, on: day("2025-05-01")) } }
        #expect(try store.read { try $0.grant(id: grant)?.revokedOn } == day("2025-04-01"))
    }

    @Test("Settlements are stored with their accumulator deltas, counted and paged", arguments: StoreKind.allCases)
    func settlements(kind: StoreKind) throws {
        let store: any LedgerStore = try StoreFixture(kind).store
        var delta = YearToDateDelta()
        delta.inScopeFen = fen("300.00")
        delta.outpatientPooledFen = fen("165.00")
        delta.admissions = 1
        func settlement(_ id: String, year: Int, reverses: String? = nil, person: Int64, insurance: Int64)
            -> SettlementRecord
        {
            SettlementRecord(
                setlId: id, personId: person, insuranceId: insurance, year: year, medicalType: .generalOutpatient,
                reversesSetlId: reverses, medfeeFen: fen("300.00"), fundFen: fen("165.00"), accountFen: fen("100.00"),
                mutualAidFen: fen("35.00"), cashFen: .zero, mutualAidHolderId: nil,
                ytdDelta: reverses == nil ? delta : delta.negated,
                billJSON: "{}", resultJSON: "{}", settledOn: d)
        }
        let person = try store.write { tx throws in
            let s = try seeded(tx, 1)
            _ = try tx.insert(settlement("S1", year: 2025, person: s.person, insurance: s.insurance))
            _ = try tx.insert(settlement("S2", year: 2024, person: s.person, insurance: s.insurance))
            _ = try tx.insert(settlement("RS1", year: 2025, reverses: "S1", person: s.person, insurance: s.insurance))
            return s.person
        }
        try store.read { tx throws in
            #expect(try tx.settlementCount() == 3)
            let s1 = try #require(try tx.settlement(setlId: "S1"))
            #expect(s1.ytdDelta == delta)
            #expect(s1.mutualAidFen == fen("35.00"))
            #expect(try tx.settlement(setlId: "RS1")?.reversesSetlId == "S1")
            #expect(try tx.settlement(setlId: "RS1")?.ytdDelta == delta.negated)
            #expect(try tx.settlements(personId: person, year: 2025).map(\.setlId) == ["S1", "RS1"])
            #expect(try tx.settlements(personId: person, year: nil).count == 3)
            #expect(try tx.allSettlements(afterId: s1.id ?? 0, limit: 1).map(\.setlId) == ["S2"])
        }
        // A settlement ID is unique, and a settlement is reversed at most once.
        expectUniqueViolation {
            _ = try store.write { try $0.insert(settlement("S1", year: 2025, person: person, insurance: 1)) }
        }
        expectUniqueViolation {
            _ = try store.write {
                try $0.insert(settlement("RS1b", year: 2025, reverses: "S1", person: person, insurance: 1))
            }
        }
        #expect(try store.read { try $0.settlementCount() } == 3)
    }

    @Test("An idempotency record is stored once under its key", arguments: StoreKind.allCases)
    func idempotencyRecords(kind: StoreKind) throws {
        let store: any LedgerStore = try StoreFixture(kind).store
        let record = IdempotencyRecord(
            key: "settle:k1", operation: "settle", requestJSON: "{\"a\":1}", resultJSON: "{\"b\":2}")
        try store.write { try $0.insert(record) }
        #expect(try store.read { try $0.idempotency(key: "settle:k1") } == record)
        #expect(try store.read { try $0.idempotency(key: "settle:k2") } == nil)
        expectUniqueViolation { try store.write { try $0.insert(record) } }
    }

    @Test("A setting is inserted, then replaced", arguments: StoreKind.allCases)
    func settingsUpsert(kind: StoreKind) throws {
        let store: any LedgerStore = try StoreFixture(kind).store
        #expect(try store.read { try $0.setting("as_of_date") } == nil)
        try store.write { try $0.setSetting("as_of_date", value: "2025-06-01") }
        try store.write { try $0.setSetting("as_of_date", value: "2025-07-01") }
        #expect(try store.read { try $0.setting("as_of_date") } == "2025-07-01")
    }

    @Test("A savepoint that fails rolls back its own writes only", arguments: StoreKind.allCases)
    func savepointRollsBackItsOwnWrites(kind: StoreKind) throws {
        let store: any LedgerStore = try StoreFixture(kind).store
        struct Refused: Error {}
        let s = try store.write { tx throws in
            let s = try seeded(tx, 1)
            _ = try tx.post(transfer("outside", "10.00", from: s.fund, to: s.account))
            #expect(throws: Refused.self) {
                try tx.savepoint {
                    _ = try tx.post(transfer("inside", "20.00", from: s.fund, to: s.account))
                    _ = try tx.insert(person(2))
                    throw Refused()
                }
            }
            // A savepoint that succeeds keeps its writes and returns its result.
            let kept = try tx.savepoint { try tx.post(transfer("kept", "1.00", from: s.fund, to: s.account)) }
            #expect(try tx.transfer(idempotencyKey: "kept")?.id == kept)
            return s
        }
        try store.read { tx throws in
            #expect(try tx.transfer(idempotencyKey: "outside") != nil)
            #expect(try tx.transfer(idempotencyKey: "inside") == nil)
            #expect(try tx.transfer(idempotencyKey: "kept") != nil)
            #expect(try tx.personCount() == 1)
            #expect(try tx.account(id: s.account)?.balanceFen == fen("11.00"))
            #expect(try tx.postedTotals(accountId: s.account).credits == fen("11.00"))
        }
    }

    @Test(
        "Crediting candidates carry versions, the month's contribution and the account, with or without a region",
        arguments: StoreKind.allCases)
    func creditingCandidates(kind: StoreKind) throws {
        let store: any LedgerStore = try StoreFixture(kind).store
        let (sz, gz, sz2) = try store.write { tx throws in
            let sz = try seeded(tx, 1)
            let gz = try seeded(tx, 2, region: "440100")
            let sz2 = try seeded(tx, 3)
            _ = try tx.insert(
                ContributionRecord(
                    insuranceId: sz.insurance, month: "2025-03", kind: .monthly,
                    baseFen: fen("10000.00"), employerFen: fen("500.00"), employeeFen: fen("200.00"), paidOn: d,
                    transferId: nil))
            try tx.postCredits([creditPosting(account: sz2.account, fund: sz.fund, month: "2025-03", amount: "200.00")])
            return (sz, gz, sz2)
        }
        try store.read { tx throws in
            let all = try tx.creditingCandidates(month: "2025-03", region: nil, afterInsuranceId: 0, limit: 10)
            #expect(all.map(\.insurance.id) == [sz.insurance, gz.insurance, sz2.insurance])
            #expect(all.map(\.personalAccountId) == [sz.account, gz.account, sz2.account])
            #expect(all.map(\.alreadyCredited) == [false, false, true])
            #expect(all.map { $0.contribution?.month } == ["2025-03", nil, nil])
            #expect(all.map(\.versions.count) == [1, 1, 1])
            #expect(all.first?.idNumber == idNumber(1))

            let shenzhen = try tx.creditingCandidates(
                month: "2025-03", region: "440300", afterInsuranceId: 0, limit: 10)
            #expect(shenzhen.map(\.insurance.id) == [sz.insurance, sz2.insurance])
            let page = try tx.creditingCandidates(
                month: "2025-03", region: "440300", afterInsuranceId: sz.insurance, limit: 1)
            #expect(page.map(\.insurance.id) == [sz2.insurance])
            // Another month: nothing paid, nothing credited.
            let april = try tx.creditingCandidates(month: "2025-04", region: nil, afterInsuranceId: 0, limit: 10)
            #expect(april.allSatisfy { $0.contribution == nil && !$0.alreadyCredited })
            #expect(
                try tx.creditingCandidates(month: "2025-03", region: "110100", afterInsuranceId: 0, limit: 10).isEmpty)
        }
    }
}

/// What only the SQLite file store shows: durability settings and the schema's refusal to rewrite history.
@Suite("SQLite file store")
struct SQLiteFileStoreTests {
    static let sqlite3 = "/usr/bin/sqlite3"

    @Test("A file store runs with synchronous = FULL")
    func synchronousFull() throws {
        let fixture = try StoreFixture(.file)
        #expect(fixture.sqlite.synchronousMode == 2)
    }

    /// Runs SQL through the sqlite3 command-line tool against the database file: (exit status, standard error).
    static func runSQL(_ path: String, _ sql: String) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sqlite3)
        process.arguments = [path, sql]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A file with a row in every history table, written through the platform.
    static func populatedFile() throws -> (World, String) {
        let world = try World(.file, today: "2025-06-20")
        let holder = try world.enrol("张伟", id: idNumber(1))
        let relative = try world.enrol(
            "张建国", id: idNumber(2, birth: "1958-07-02"), tier: "2", personType: .retired,
            base: "6733.00")
        try world.payAndCredit(holder, months: ["2025-04", "2025-05"])
        try world.pin("2025-06-20")
        _ = try world.platform.grantFamily(holder: holder, relative: relative, relation: "父母", key: "g")
        _ = try world.platform.revokeFamily(holder: holder, relative: relative, key: "r")
        _ = try world.platform.setAccountStatus(person: holder, status: .active, reason: "", key: "s")
        _ = try world.platform.settle(
            person: holder, bill: bill(date: "2025-06-20", items: [("100.00", "01")]), key: "b")
        return (world, try #require(world.fixture.path))
    }

    @Test(
        "The schema refuses to rewrite or delete history",
        .enabled(if: FileManager.default.isExecutableFile(atPath: sqlite3), "/usr/bin/sqlite3 is not installed"),
        arguments: [
            "DELETE FROM transfer", "UPDATE transfer SET amount_fen = 1", "DELETE FROM person",
            "UPDATE person SET name = 'x'",
            "UPDATE insurance SET region = '440100'", "DELETE FROM insurance_version",
            "DELETE FROM account_status_event",
            "UPDATE contribution SET base_fen = 0", "DELETE FROM crediting_run",
            "DELETE FROM family_grant", "DELETE FROM family_grant_revocation", "UPDATE settlement SET cash_fen = 0",
            "DELETE FROM idempotency", "DELETE FROM account", "UPDATE account SET owner_person_id = 99",
        ])
    func historyIsImmutable(sql: String) throws {
        let (world, path) = try Self.populatedFile()
        let before = try world.snapshot()
        let (status, errors) = try Self.runSQL(path, sql)
        #expect(status != 0)
        #expect(errors.contains("immutable") || errors.contains("never deleted"), "\(errors)")
        #expect(try world.snapshot() == before)
    }

    @Test(
        "Outside the schema's triggers, the password hash may change and a personal account still cannot go negative",
        .enabled(if: FileManager.default.isExecutableFile(atPath: sqlite3), "/usr/bin/sqlite3 is not installed"))
    func allowedAndCheckedChanges() throws {
        let (world, path) = try Self.populatedFile()
        #expect(try Self.runSQL(path, "UPDATE person SET password_hash = 'x'").0 == 0)
        let (status, errors) = try Self.runSQL(
            path,
            "UPDATE account SET debits_fen = credits_fen + 1 WHERE kind = 'personal' AND credits_fen > 0")
        #expect(status != 0)
        #expect(errors.contains("CHECK constraint failed"), "\(errors)")
        #expect(try world.platform.audit().ok)
    }
}
