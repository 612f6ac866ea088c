import GRDB
import YibaoCore
import YibaoPlatform

extension GRDBTransaction {
    /// Four queries per batch, whatever its size: insurance rows, their versions, the month's contributions
    /// and the personal accounts with whether they are already credited for the month.
    ///
    /// This is the crediting run's hot path, so it goes through the SQLite C API (`RawStatement`): columns by
    /// position, dates parsed from their bytes, and the four results merged by insurance id (each query is in
    /// insurance id order) instead of looked up in dictionaries.
    func creditingCandidates(month: String, region: String?, afterInsuranceId: Int64, limit: Int) throws -> [CreditingCandidate] {
        var insurances: [InsuranceRecord] = []
        var idNumbers: [String] = []
        insurances.reserveCapacity(limit)
        idNumbers.reserveCapacity(limit)
        // Two statements rather than `(? IS NULL OR region = ?)`, which keeps SQLite from seeking by primary key
        // and made every batch scan the whole table (a million-account run spent 0.3 s a batch here).
        let select = "SELECT i.id, i.person_id, i.insutype, i.region, i.employer, i.start_date, p.id_number "
            + "FROM insurance i JOIN person p ON p.id = i.person_id "
        let rows = try RawStatement(db, select + (region == nil ? "WHERE i.id > ?2 ORDER BY i.id LIMIT ?3"
            : "WHERE i.region = ?1 AND i.id > ?2 ORDER BY i.id LIMIT ?3"))
        defer { rows.reset() }
        if let region { rows.bind(1, region) }
        rows.bind(2, afterInsuranceId)
        rows.bind(3, Int64(limit))
        // Consecutive rows mostly share their region and type: reuse the last value instead of decoding it again.
        var lastRegion = "", lastType = InsuranceType.employeeBasic, lastTypeText = ""
        while try rows.step() {
            let regionBytes = rows.row.bytes(3)
            if !regionBytes.elementsEqual(lastRegion.utf8) { lastRegion = rows.row.text(3) }
            let typeBytes = rows.row.bytes(2)
            if !typeBytes.elementsEqual(lastTypeText.utf8) {
                lastTypeText = rows.row.text(2)
                lastType = InsuranceType(rawValue: lastTypeText) ?? .employeeBasic
            }
            insurances.append(InsuranceRecord(id: rows.row.int64(0), personId: rows.row.int64(1), insuranceType: lastType,
                region: lastRegion, employer: rows.row.optionalText(4), startDate: rows.row.date(5)))
            idNumbers.append(rows.row.text(6))
        }
        rows.reset()
        guard let first = insurances.first?.id, let last = insurances.last?.id else { return [] }
        let versions = try creditingVersions(of: insurances, from: first, to: last)
        let contributions = try creditingContributions(of: insurances, month: month, from: first, to: last)
        let accounts = try creditingAccounts(of: insurances, month: month, from: first, to: last)
        var candidates: [CreditingCandidate] = []
        candidates.reserveCapacity(insurances.count)
        for k in insurances.indices {
            candidates.append(CreditingCandidate(insurance: insurances[k], versions: versions[k], idNumber: idNumbers[k],
                contribution: contributions[k], personalAccountId: accounts[k]?.id, alreadyCredited: accounts[k]?.done ?? false))
        }
        return candidates
    }

    /// Walks `insurances` (id order) beside query rows in insurance id order, calling `body` with the position of
    /// each row's insurance; rows of insurance ids not in the batch (another region's, inside the id range) are
    /// passed over.
    private func merge(_ insurances: [InsuranceRecord], _ rows: RawStatement, insuranceIdColumn: Int32,
        _ body: (Int) throws -> Void) throws
    {
        defer { rows.reset() }
        var k = 0
        while try rows.step() {
            let id = rows.row.int64(insuranceIdColumn)
            while k < insurances.count, (insurances[k].id ?? 0) < id { k += 1 }
            guard k < insurances.count else { break }
            if insurances[k].id == id { try body(k) }
        }
    }

    private func creditingVersions(of insurances: [InsuranceRecord], from first: Int64, to last: Int64) throws
        -> [[InsuranceVersion]]
    {
        var versions = [[InsuranceVersion]](repeating: [], count: insurances.count)
        let rows = try RawStatement(db, """
            SELECT id, insurance_id, effective_from, tier, person_type, base_fen, status, reason, recorded_on
            FROM insurance_version WHERE insurance_id BETWEEN ? AND ? ORDER BY insurance_id, effective_from, id
            """)
        rows.bind(1, first)
        rows.bind(2, last)
        try merge(insurances, rows, insuranceIdColumn: 1) { k in
            versions[k].append(InsuranceVersion(id: rows.row.int64(0), insuranceId: rows.row.int64(1), effectiveFrom: rows.row.date(2),
                tier: rows.row.optionalText(3), personType: PersonType(rawValue: rows.row.text(4)) ?? .inService,
                baseFen: Fen(rows.row.int64(5)), status: InsuranceStatus(rawValue: rows.row.text(6)) ?? .active, reason: rows.row.text(7),
                recordedOn: rows.row.date(8)))
        }
        return versions
    }

    private func creditingContributions(of insurances: [InsuranceRecord], month: String, from first: Int64, to last: Int64)
        throws -> [ContributionRecord?]
    {
        var contributions = [ContributionRecord?](repeating: nil, count: insurances.count)
        let rows = try RawStatement(db, """
            SELECT id, insurance_id, month, kind, base_fen, employer_fen, employee_fen, paid_on, transfer_id
            FROM contribution WHERE insurance_id BETWEEN ? AND ? AND month = ? ORDER BY insurance_id
            """)
        rows.bind(1, first)
        rows.bind(2, last)
        rows.bind(3, month)
        try merge(insurances, rows, insuranceIdColumn: 1) { k in
            contributions[k] = ContributionRecord(id: rows.row.int64(0), insuranceId: rows.row.int64(1), month: month,
                kind: ContributionKind(rawValue: rows.row.text(3)) ?? .monthly, baseFen: Fen(rows.row.int64(4)),
                employerFen: Fen(rows.row.int64(5)), employeeFen: Fen(rows.row.int64(6)), paidOn: rows.row.date(7),
                transferId: rows.row.isNull(8) ? nil : rows.row.int64(8))
        }
        return contributions
    }

    private func creditingAccounts(of insurances: [InsuranceRecord], month: String, from first: Int64, to last: Int64)
        throws -> [(id: Int64, done: Bool)?]
    {
        var accounts = [(id: Int64, done: Bool)?](repeating: nil, count: insurances.count)
        // CROSS JOIN fixes the loop order: the batch's insurance rows outside, each account found by its unique
        // key. Left to itself SQLite scanned every personal account for every batch.
        let rows = try RawStatement(db, """
            SELECT i.id, a.id,
            EXISTS (SELECT 1 FROM transfer t WHERE t.idempotency_key = 'credit:' || a.id || ':' || ?1) AS done
            FROM insurance i CROSS JOIN account a
            ON a.kind = 'personal' AND a.region = i.region AND a.owner_person_id = i.person_id
            WHERE i.id BETWEEN ?2 AND ?3 ORDER BY i.id
            """)
        rows.bind(1, month)
        rows.bind(2, first)
        rows.bind(3, last)
        try merge(insurances, rows, insuranceIdColumn: 0) { k in
            accounts[k] = (rows.row.int64(1), rows.row.int64(2) != 0)
        }
        return accounts
    }

    func postCredits(_ postings: [CreditPosting]) throws {
        var inserter = TransferInserter(db)
        var totals = AccountTotals(capacity: postings.count + 4)
        for p in postings {
            for t in [p.credit] + (p.deduction.map { [$0] } ?? []) {
                _ = try inserter.insert(CollectionOfOne(t), skippingExisting: false)
                totals.add(t)
            }
        }
        try totals.apply(db)
    }

    /// Inserts the credits `TransferInserter.rowsMax` rows to a statement with `ON CONFLICT (idempotency_key) DO
    /// NOTHING`, then the deductions of those written, then moves each touched account's cached totals. SQLite's
    /// change count says whether a statement wrote all its rows; when it did not (a race with another run), the
    /// rows it wrote are told apart by id, since every row it adds gets an id above the table's largest before.
    func postNewCredits(_ postings: [CreditPosting]) throws -> [Bool] {
        var inserter = TransferInserter(db)
        var written = [Bool](repeating: true, count: postings.count)
        let maxIdBefore = try Int64.fetchOne(db, sql: "SELECT max(id) FROM transfer") ?? 0
        for chunk in postings.indices.chunks(TransferInserter.rowsMax) {
            let inserted = try inserter.insert(postings[chunk].lazy.map { $0.credit }, skippingExisting: true)
            guard inserted < chunk.count else { continue }
            var seen = Set<String>()
            for k in chunk {
                let key = postings[k].credit.idempotencyKey
                let id = try transfer(idempotencyKey: key)?.id ?? 0
                // A key twice in one call: the first is written, the second left out.
                written[k] = id > maxIdBefore && seen.insert(key).inserted
            }
        }
        let deductions = postings.indices.filter { written[$0] && postings[$0].deduction != nil }
        for chunk in deductions.indices.chunks(TransferInserter.rowsMax) {
            let transfers = deductions[chunk].lazy.compactMap { postings[$0].deduction }
            do {
                _ = try inserter.insert(transfers, skippingExisting: false)
            } catch StoreError.duplicateIdempotencyKey {
                // The failed statement wrote nothing: name the key that exists.
                let existing = try transfers.first { try transfer(idempotencyKey: $0.idempotencyKey) != nil }
                throw StoreError.duplicateIdempotencyKey(existing?.idempotencyKey ?? "credit-deduction")
            }
        }
        var totals = AccountTotals(capacity: postings.count + 4)
        for (k, p) in postings.enumerated() where written[k] {
            totals.add(p.credit)
            if let d = p.deduction { totals.add(d) }
        }
        try totals.apply(db)
        return written
    }
}

extension Range where Bound == Int {
    /// Consecutive sub-ranges of at most `size` elements.
    func chunks(_ size: Int) -> [Range<Int>] {
        stride(from: lowerBound, to: upperBound, by: size).map { $0..<Swift.min($0 + size, upperBound) }
    }
}

/// Inserts transfers with multi-row INSERT statements (one statement per `rowsMax` rows: SQLite's per-statement
/// work, cursors on the table and its indexes, is then shared), re-binding a slot's text only when it changes:
/// bindings survive a reset, and a batch's rows mostly share their code, reference, memo, date and timestamp.
struct TransferInserter {
    static let rowsMax = 100
    static let columns = 9

    struct Slots {
        let statement: RawStatement
        var texts: [String?]
        var dates: [CalendarDate?]
    }

    let db: Database
    /// By row count, and whether existing keys are skipped.
    var statements: [Int: Slots] = [:]

    init(_ db: Database) { self.db = db }

    /// With `skippingExisting`, `INSERT OR FAIL … ON CONFLICT (idempotency_key) DO NOTHING`: an existing key is
    /// left out, and any other failure (a CHECK) stops the statement where it is instead of undoing its earlier
    /// rows, so SQLite keeps no statement journal for it (with foreign keys off, see
    /// `SQLiteStore.writeNewCredits`). Rows it wrote before a failure are undone with the transaction: the
    /// failure is thrown out of `postNewCredits`, which catches nothing from it.
    static func sql(rows: Int, skippingExisting: Bool) -> String {
        let row = "(?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)"
        return (skippingExisting ? "INSERT OR FAIL" : "INSERT") + " INTO transfer (idempotency_key, code, amount_fen, debit_account_id, credit_account_id, reference, "
            + "memo, reverses_transfer_id, posted_on, ts) VALUES " + repeatElement(row, count: rows).joined(separator: ", ")
            + (skippingExisting ? " ON CONFLICT (idempotency_key) DO NOTHING" : "")
    }

    /// Inserts up to `rowsMax` transfers in one statement; the number of rows written (fewer than given only
    /// when `skippingExisting` left out keys that exist).
    mutating func insert<C: Collection>(_ transfers: C, skippingExisting: Bool) throws -> Int where C.Element == TransferRecord {
        let rows = transfers.count
        precondition(rows > 0 && rows <= Self.rowsMax, "a transfer insert takes 1…\(Self.rowsMax) rows")
        let shape = rows * 2 + (skippingExisting ? 1 : 0)
        var slots = try statements[shape] ?? Slots(
            statement: RawStatement(db, Self.sql(rows: rows, skippingExisting: skippingExisting)),
            texts: Array(repeating: nil, count: rows * 4), dates: Array(repeating: nil, count: rows))
        statements[shape] = nil
        let s = slots.statement
        func text(_ value: String, row: Int, slot: Int, column: Int32) {
            guard slots.texts[row * 4 + slot] != value else { return }
            slots.texts[row * 4 + slot] = value
            s.bind(Int32(row * Self.columns) + column, value)
        }
        for (r, t) in transfers.enumerated() {
            let base = Int32(r * Self.columns)
            s.bind(base + 1, t.idempotencyKey)
            s.bind(base + 3, t.amountFen.value)
            s.bind(base + 4, t.debitAccountId)
            s.bind(base + 5, t.creditAccountId)
            text(t.code.rawValue, row: r, slot: 0, column: 2)
            text(t.reference, row: r, slot: 1, column: 6)
            text(t.memo, row: r, slot: 2, column: 7)
            text(t.timestamp, row: r, slot: 3, column: 9)
            if slots.dates[r] != t.postedOn {
                slots.dates[r] = t.postedOn
                s.bind(base + 8, t.postedOn.description)
            }
        }
        statements[shape] = slots
        do {
            return try s.execute()
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw StoreError.duplicateIdempotencyKey(rows == 1 ? transfers.first?.idempotencyKey ?? "" : "")
        }
    }
}

/// Per-account sums of a batch's transfers, in the order the accounts first appear.
struct AccountTotals {
    var ids: [Int64] = []
    var credits: [Int64] = []
    var debits: [Int64] = []
    var position: [Int64: Int] = [:]

    init(capacity: Int) {
        ids.reserveCapacity(capacity)
        credits.reserveCapacity(capacity)
        debits.reserveCapacity(capacity)
        position.reserveCapacity(capacity)
    }

    mutating func add(_ t: TransferRecord) {
        credits[slot(t.creditAccountId)] += t.amountFen.value
        debits[slot(t.debitAccountId)] += t.amountFen.value
    }

    private mutating func slot(_ id: Int64) -> Int {
        if let k = position[id] { return k }
        position[id] = ids.count
        ids.append(id)
        credits.append(0)
        debits.append(0)
        return ids.count - 1
    }

    /// One UPDATE per account, credits and debits together, so that a fresh account's credit and deduction never
    /// trip the non-negative CHECK on the way. Each must change exactly one row: that is also the proof that every
    /// account a batch's transfers name exists, which `SQLiteStore.writeNewCredits` relies on instead of foreign
    /// key lookups per row.
    func apply(_ db: Database) throws {
        let update = try RawStatement(db, "UPDATE account SET credits_fen = credits_fen + ?, debits_fen = debits_fen + ? WHERE id = ?")
        for k in ids.indices {
            update.bind(1, credits[k])
            update.bind(2, debits[k])
            update.bind(3, ids[k])
            guard try update.execute() == 1 else { throw StoreError.notFound("account \(ids[k])") }
        }
    }
}
