import GRDB
import YibaoCore
import YibaoPlatform

extension GRDBTransaction {
    /// Four queries per batch, whatever its size: insurance rows, their versions, the month's contributions
    /// and the personal accounts with whether they are already credited for the month.
    func creditingCandidates(month: String, region: String?, afterInsuranceId: Int64, limit: Int) throws -> [CreditingCandidate] {
        // Columns are read by position: this is the crediting run's hot path, and GRDB's by-name lookup
        // lower-cases the name on every access.
        var insurances: [(InsuranceRecord, String)] = []
        insurances.reserveCapacity(limit)
        // Two statements rather than `(? IS NULL OR region = ?)`, which keeps SQLite from seeking by primary key
        // and made every batch scan the whole table (a million-account run spent 0.3 s a batch here).
        let select = "SELECT i.id, i.person_id, i.insutype, i.region, i.employer, i.start_date, p.id_number "
            + "FROM insurance i JOIN person p ON p.id = i.person_id "
        let rows = try Row.fetchCursor(
            region == nil
                ? try db.cachedStatement(sql: select + "WHERE i.id > ? ORDER BY i.id LIMIT ?")
                : try db.cachedStatement(sql: select + "WHERE i.region = ? AND i.id > ? ORDER BY i.id LIMIT ?"),
            arguments: region.map { [$0, afterInsuranceId, limit] } ?? [afterInsuranceId, limit])
        while let r = try rows.next() {
            let start: String = r[5]
            insurances.append((InsuranceRecord(id: r[0], personId: r[1], insuranceType: InsuranceType(rawValue: r[2]) ?? .employeeBasic,
                region: r[3], employer: r[4], startDate: CalendarDate(start) ?? CalendarDate(dayNumber: 0)), r[6]))
        }
        guard let first = insurances.first?.0.id, let last = insurances.last?.0.id else { return [] }
        var versions: [Int64: [InsuranceVersion]] = [:]
        let versionRows = try Row.fetchCursor(try db.cachedStatement(sql: """
            SELECT id, insurance_id, effective_from, tier, person_type, base_fen, status, reason, recorded_on
            FROM insurance_version WHERE insurance_id BETWEEN ? AND ? ORDER BY insurance_id, effective_from, id
            """), arguments: [first, last])
        while let r = try versionRows.next() {
            let from: String = r[2]
            let recorded: String = r[8]
            let v = InsuranceVersion(id: r[0], insuranceId: r[1], effectiveFrom: CalendarDate(from) ?? CalendarDate(dayNumber: 0),
                tier: r[3], personType: PersonType(rawValue: r[4]) ?? .inService, baseFen: Fen(r[5] as Int64),
                status: InsuranceStatus(rawValue: r[6]) ?? .active, reason: r[7], recordedOn: CalendarDate(recorded) ?? CalendarDate(dayNumber: 0))
            versions[v.insuranceId, default: []].append(v)
        }
        var contributions: [Int64: ContributionRecord] = [:]
        let contributionRows = try Row.fetchCursor(try db.cachedStatement(sql: """
            SELECT id, insurance_id, month, kind, base_fen, employer_fen, employee_fen, paid_on, transfer_id
            FROM contribution WHERE insurance_id BETWEEN ? AND ? AND month = ?
            """), arguments: [first, last, month])
        while let r = try contributionRows.next() {
            let paid: String = r[7]
            let c = ContributionRecord(id: r[0], insuranceId: r[1], month: r[2], kind: ContributionKind(rawValue: r[3]) ?? .monthly,
                baseFen: Fen(r[4] as Int64), employerFen: Fen(r[5] as Int64), employeeFen: Fen(r[6] as Int64),
                paidOn: CalendarDate(paid) ?? CalendarDate(dayNumber: 0), transferId: r[8])
            contributions[c.insuranceId] = c
        }
        // CROSS JOIN fixes the loop order: the batch's insurance rows outside, each account found by its unique
        // key. Left to itself SQLite scanned every personal account for every batch.
        struct Owner: Hashable { let person: Int64, region: String }
        var accounts: [Owner: (Int64, Bool)] = [:]
        let accountRows = try Row.fetchCursor(try db.cachedStatement(sql: """
            SELECT a.id, a.region, a.owner_person_id,
            EXISTS (SELECT 1 FROM transfer t WHERE t.idempotency_key = 'credit:' || a.id || ':' || ?) AS done
            FROM insurance i CROSS JOIN account a
            ON a.kind = 'personal' AND a.region = i.region AND a.owner_person_id = i.person_id
            WHERE i.id BETWEEN ? AND ?
            """), arguments: [month, first, last])
        while let r = try accountRows.next() {
            accounts[Owner(person: r[2], region: r[1])] = (r[0], r[3])
        }
        return insurances.map { (insurance, idNumber) in
            let account = accounts[Owner(person: insurance.personId, region: insurance.region)]
            return CreditingCandidate(insurance: insurance, versions: versions[insurance.id ?? 0] ?? [], idNumber: idNumber,
                contribution: contributions[insurance.id ?? 0], personalAccountId: account?.0, alreadyCredited: account?.1 ?? false)
        }
    }

    func postCredits(_ postings: [CreditPosting]) throws {
        var debits: [Int64: Int64] = [:]
        var credits: [Int64: Int64] = [:]
        let insertTransfer = try db.cachedStatement(sql: """
            INSERT INTO transfer (idempotency_key, code, amount_fen, debit_account_id, credit_account_id, reference, memo,
            reverses_transfer_id, posted_on, ts) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)
            """)
        for p in postings {
            for t in [p.credit] + (p.deduction.map { [$0] } ?? []) {
                do {
                    try insertTransfer.execute(arguments: [t.idempotencyKey, t.code.rawValue, t.amountFen.value, t.debitAccountId,
                        t.creditAccountId, t.reference, t.memo, t.postedOn.description, t.timestamp])
                } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                    throw StoreError.duplicateIdempotencyKey(t.idempotencyKey)
                }
                debits[t.debitAccountId, default: 0] += t.amountFen.value
                credits[t.creditAccountId, default: 0] += t.amountFen.value
            }
        }
        // Debits first would trip the CHECK on a personal account (credit and deduction in one batch), so
        // credits are applied before debits.
        let addCredits = try db.cachedStatement(sql: "UPDATE account SET credits_fen = credits_fen + ? WHERE id = ?")
        for (id, amount) in credits { try addCredits.execute(arguments: [amount, id]) }
        let addDebits = try db.cachedStatement(sql: "UPDATE account SET debits_fen = debits_fen + ? WHERE id = ?")
        for (id, amount) in debits { try addDebits.execute(arguments: [amount, id]) }
    }
}
