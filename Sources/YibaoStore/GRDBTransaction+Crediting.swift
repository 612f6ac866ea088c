import GRDB
import YibaoCore
import YibaoPlatform

extension GRDBTransaction {
    /// Four queries per batch, whatever its size: insurance rows, their versions, the month's contributions
    /// and the personal accounts with whether they are already credited for the month.
    func creditingCandidates(month: String, region: String?, afterInsuranceId: Int64, limit: Int) throws -> [CreditingCandidate] {
        let rows = try fetchAll(
            """
            SELECT i.*, p.id_number FROM insurance i JOIN person p ON p.id = i.person_id
            WHERE i.id > ? AND (? IS NULL OR i.region = ?) ORDER BY i.id LIMIT ?
            """, [afterInsuranceId, region, region, limit]) { ($0, insuranceRow($0)) }
        guard let first = rows.first?.1.id, let last = rows.last?.1.id else { return [] }
        var versions: [Int64: [InsuranceVersion]] = [:]
        for v in try fetchAll(
            "SELECT * FROM insurance_version WHERE insurance_id BETWEEN ? AND ? ORDER BY insurance_id, effective_from, id",
            [first, last], { r in
                InsuranceVersion(id: r["id"], insuranceId: r["insurance_id"], effectiveFrom: date(r, "effective_from"),
                    tier: r["tier"], personType: PersonType(rawValue: r["person_type"]) ?? .inService,
                    baseFen: fen(r, "base_fen"), status: InsuranceStatus(rawValue: r["status"]) ?? .active, reason: r["reason"],
                    recordedOn: date(r, "recorded_on"))
            })
        {
            versions[v.insuranceId, default: []].append(v)
        }
        var contributions: [Int64: ContributionRecord] = [:]
        for c in try fetchAll("SELECT * FROM contribution WHERE insurance_id BETWEEN ? AND ? AND month = ?", [first, last, month], { r in
            ContributionRecord(id: r["id"], insuranceId: r["insurance_id"], month: r["month"],
                kind: ContributionKind(rawValue: r["kind"]) ?? .monthly, baseFen: fen(r, "base_fen"),
                employerFen: fen(r, "employer_fen"), employeeFen: fen(r, "employee_fen"), paidOn: date(r, "paid_on"),
                transferId: r["transfer_id"])
        }) {
            contributions[c.insuranceId] = c
        }
        var accounts: [String: (Int64, Bool)] = [:]
        for (key, value) in try fetchAll(
            """
            SELECT a.id, a.region, a.owner_person_id, EXISTS (SELECT 1 FROM credit c WHERE c.account_id = a.id AND c.month = ?) AS done
            FROM account a WHERE a.kind = 'personal' AND a.owner_person_id IN
            (SELECT person_id FROM insurance WHERE id BETWEEN ? AND ?)
            """, [month, first, last], { r -> (String, (Int64, Bool)) in
                ("\(r["owner_person_id"] as Int64)/\(r["region"] as String)", (r["id"], r["done"]))
            })
        {
            accounts[key] = value
        }
        return rows.map { (row, insurance) in
            let account = accounts["\(insurance.personId)/\(insurance.region)"]
            return CreditingCandidate(insurance: insurance, versions: versions[insurance.id ?? 0] ?? [],
                idNumber: row["id_number"], contribution: contributions[insurance.id ?? 0], personalAccountId: account?.0,
                alreadyCredited: account?.1 ?? false)
        }
    }

    func postCredits(_ postings: [CreditPosting]) throws {
        var debits: [Int64: Int64] = [:]
        var credits: [Int64: Int64] = [:]
        let insertTransfer = try db.cachedStatement(sql: """
            INSERT INTO transfer (idempotency_key, code, amount_fen, debit_account_id, credit_account_id, reference, memo,
            reverses_transfer_id, posted_on, ts) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)
            """)
        let insertCredit = try db.cachedStatement(sql: """
            INSERT INTO credit (account_id, month, amount_fen, deduction_fen, transfer_id, posted_on) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for p in postings {
            var creditTransferId: Int64 = 0
            for t in [p.credit] + (p.deduction.map { [$0] } ?? []) {
                do {
                    try insertTransfer.execute(arguments: [t.idempotencyKey, t.code.rawValue, t.amountFen.value, t.debitAccountId,
                        t.creditAccountId, t.reference, t.memo, t.postedOn.description, t.timestamp])
                } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                    throw StoreError.duplicateIdempotencyKey(t.idempotencyKey)
                }
                if t.code == .credit { creditTransferId = db.lastInsertedRowID }
                debits[t.debitAccountId, default: 0] += t.amountFen.value
                credits[t.creditAccountId, default: 0] += t.amountFen.value
            }
            try insertCredit.execute(arguments: [p.accountId, p.month, p.grossFen.value, p.deductionFen.value, creditTransferId,
                p.postedOn.description])
        }
        // Debits first would trip the CHECK on a personal account (credit and deduction in one batch), so
        // credits are applied before debits.
        let addCredits = try db.cachedStatement(sql: "UPDATE account SET credits_fen = credits_fen + ? WHERE id = ?")
        for (id, amount) in credits { try addCredits.execute(arguments: [amount, id]) }
        let addDebits = try db.cachedStatement(sql: "UPDATE account SET debits_fen = debits_fen + ? WHERE id = ?")
        for (id, amount) in debits { try addDebits.execute(arguments: [amount, id]) }
    }
}
