import Foundation
import GRDB
import Testing
import YibaoCore
import YibaoPlatform

@testable import YibaoStore

/// How the SQLite store answers the queries every settlement makes, and how an older file gains the indexes.
@Suite("SQLite indexes")
struct SQLiteIndexTests {
    @Test("The year-to-date sums are read from the covering index, not from the settlement rows")
    func yearToDateUsesCoveringIndex() throws {
        let store = try TemporaryFileStore()
        let plan = try DatabaseQueue(path: store.path).read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + GRDBTransaction.yearToDateSQL, arguments: [1, 2025])
                .map { $0["detail"] as String? ?? "" }
        }
        #expect(plan == ["SEARCH settlement USING COVERING INDEX settlement_person_year_ytd (person_id=? AND year=?)"])
    }

    @Test("The WAL pages a commit appends are counted, one commit at a time")
    func walPagesAreCounted() throws {
        let store = try TemporaryFileStore()
        // The first commit also counts the frames the migrations left in the WAL: measure after it.
        try store.sqlite.write { tx in
            _ = try tx.insert(PersonRecord(psnNo: "4403000000000009", idNumber: "440303199001010097", name: "王芳", phone: nil,
                createdOn: CalendarDate("2025-01-01")!))
        }
        let before = try #require(store.sqlite.walPagesWritten)
        try store.sqlite.write { tx in
            _ = try tx.insert(PersonRecord(psnNo: "4403000000000001", idNumber: "440303199001010011", name: "张伟", phone: nil,
                createdOn: CalendarDate("2025-01-01")!))
        }
        let one = try #require(store.sqlite.walPagesWritten) - before
        // The person row and its two unique indexes, at the least; far fewer than a table rewrite.
        #expect((3...20).contains(one))
        try store.sqlite.write { tx in
            _ = try tx.insert(PersonRecord(psnNo: "4403000000000002", idNumber: "440303199001010038", name: "李娜", phone: nil,
                createdOn: CalendarDate("2025-01-01")!))
        }
        #expect(try #require(store.sqlite.walPagesWritten) - before > one)
        #expect(try SQLiteStore().walPagesWritten == nil)
    }

    @Test("A database made before migration v3 keeps its settlements and sums them through the new index")
    func upgradeFromV2() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yibao-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("old.sqlite").path
        do {
            let old = try DatabaseQueue(path: path)
            try Migrations.migrator().migrate(old, upTo: "v2-auth")
            try old.write { db in
                try db.execute(sql: """
                    INSERT INTO person (id, psn_no, id_number, name, phone, created_on)
                    VALUES (1, '4403000000000001', '440303199001010011', '张伟', NULL, '2024-01-01');
                    INSERT INTO insurance (id, person_id, insutype, region, employer, start_date)
                    VALUES (1, 1, '310', '440300', NULL, '2024-01-01');
                    """)
                // Two settlements in 2025 and one in 2024, with distinct deltas in every accumulator.
                for (n, year, base) in [(1, 2025, 100), (2, 2025, 1_000), (3, 2024, 10_000)] {
                    let deltas = (0..<10).map { base * ($0 + 1) }
                    try db.execute(sql: """
                        INSERT INTO settlement (setl_id, person_id, insurance_id, year, med_type, reverses_setl_id, medfee_fen,
                        fund_fen, account_fen, mulaid_fen, cash_fen, mulaid_holder_id, d_inscp, d_hifp, d_hifob, d_hifmi,
                        d_cvlserv, d_dedc, d_admissions, d_op_inscp, d_op_hifp, d_op_dedc, bill_json, result_json, settled_on)
                        VALUES (?, 1, 1, ?, '11', NULL, 0, 0, 0, 0, 0, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', '{}', ?)
                        """, arguments: StatementArguments(["S\(n)", year] + deltas + ["\(year)-06-01"]))
                }
            }
            #expect(try old.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE name LIKE 'settlement_person%'") }
                == ["settlement_person_year"])
        }
        let store = try SQLiteStore(path: path)
        #expect(try store.appliedMigrations().contains("v3-settlement-year-to-date"))
        let indexes = try DatabaseQueue(path: path).read {
            try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE name LIKE 'settlement_person%' ORDER BY name")
        }
        #expect(indexes == ["settlement_person_year_ytd"])
        let (y2025, y2024, y2023) = try store.read { tx in
            (try tx.yearToDateDelta(personId: 1, year: 2025), try tx.yearToDateDelta(personId: 1, year: 2024),
                try tx.yearToDateDelta(personId: 1, year: 2023))
        }
        #expect(y2025.inScopeFen.value == 1_100 && y2025.pooledFen.value == 2_200 && y2025.largeSumFen.value == 3_300)
        #expect(y2025.criticalIllnessFen.value == 4_400 && y2025.civilServantFen.value == 5_500)
        #expect(y2025.deductibleFen.value == 6_600 && y2025.admissions == 7_700)
        #expect(y2025.outpatientInScopeFen.value == 8_800 && y2025.outpatientPooledFen.value == 9_900)
        #expect(y2025.outpatientDeductibleFen.value == 11_000)
        #expect(y2024.inScopeFen.value == 10_000 && y2024.outpatientDeductibleFen.value == 100_000)
        #expect(y2023 == YearToDateDelta())
        #expect(try store.read { try $0.settlements(personId: 1, year: 2025).map(\.setlId) } == ["S1", "S2"])
    }
}
