import GRDB
import YibaoCore
import YibaoPlatform

extension GRDBTransaction {
    static let accountColumns = "SELECT id, kind, region, owner_person_id, opened_on, debits_fen, credits_fen FROM account"

    static let accountById = accountColumns + " WHERE id = ?"
    static let accountByOwner = accountColumns + " WHERE kind = ? AND region = ? AND owner_person_id = ?"

    func accountRow(_ r: SQLiteRow) -> AccountRecord {
        let owner = r.int64(3)
        return AccountRecord(id: r.int64(0), kind: AccountKind(rawValue: r.text(1)) ?? .personal, region: r.text(2),
            ownerPersonId: owner == 0 ? nil : owner, openedOn: r.date(4), debitsFen: r.fen(5), creditsFen: r.fen(6))
    }

    func account(id: Int64) throws -> AccountRecord? {
        try queryOne(Self.accountById, [.int(id)], accountRow)
    }

    func account(kind: AccountKind, region: String, ownerPersonId: Int64?) throws -> AccountRecord? {
        try queryOne(Self.accountByOwner, [.text(kind.rawValue), .text(region), .int(ownerPersonId ?? 0)], accountRow)
    }

    func accounts() throws -> [AccountRecord] {
        try queryAll(Self.accountColumns + " ORDER BY id", [], accountRow)
    }

    func insert(_ a: AccountRecord) throws -> Int64 {
        try insertRow("INSERT INTO account (kind, region, owner_person_id, opened_on) VALUES (?, ?, ?, ?)",
            [a.kind.rawValue, a.region, a.ownerPersonId ?? 0, a.openedOn.description])
    }

    func statusEvents(accountId: Int64) throws -> [AccountStatusEvent] {
        try queryAll(Self.statusEventsOfAccount, [.int(accountId)]) { r in
            AccountStatusEvent(id: r.int64(0), accountId: r.int64(1), status: AccountStatus(rawValue: r.text(2)) ?? .active,
                reason: r.text(3), effectiveOn: r.date(4))
        }
    }

    static let statusEventsOfAccount = """
        SELECT id, account_id, status, reason, effective_on FROM account_status_event WHERE account_id = ? ORDER BY id
        """

    func insert(_ e: AccountStatusEvent) throws -> Int64 {
        try insertRow("INSERT INTO account_status_event (account_id, status, reason, effective_on) VALUES (?, ?, ?, ?)",
            [e.accountId, e.status.rawValue, e.reason, e.effectiveOn.description])
    }

    func transferRow(_ r: Row) -> TransferRecord {
        TransferRecord(id: r["id"], idempotencyKey: r["idempotency_key"],
            code: TransferCode(rawValue: r["code"]) ?? .reversal, amountFen: fen(r, "amount_fen"),
            debitAccountId: r["debit_account_id"], creditAccountId: r["credit_account_id"], reference: r["reference"],
            memo: r["memo"], reversesTransferId: r["reverses_transfer_id"], postedOn: date(r, "posted_on"), timestamp: r["ts"])
    }

    func transfer(idempotencyKey: String) throws -> TransferRecord? {
        try fetchOne("SELECT * FROM transfer WHERE idempotency_key = ?", [idempotencyKey], transferRow)
    }

    func transfers(accountId: Int64, from: CalendarDate?, to: CalendarDate?, limit: Int) throws -> [TransferRecord] {
        try fetchAll(
            """
            SELECT * FROM transfer WHERE (debit_account_id = ?1 OR credit_account_id = ?1)
            AND posted_on >= ?2 AND posted_on <= ?3 ORDER BY id DESC LIMIT ?4
            """,
            [accountId, from?.description ?? "0000-00-00", to?.description ?? "9999-99-99", limit], transferRow)
    }

    /// Transfers of a settlement, contribution or reversal by reference. Monthly credits are left out of the
    /// reference index (a million a month, all with the same reference); they are found by their keys.
    func transfers(reference: String) throws -> [TransferRecord] {
        try fetchAll("SELECT * FROM transfer WHERE reference = ? AND code NOT IN ('credit', 'credit_deduction') ORDER BY id",
            [reference], transferRow)
    }

    func postedTotals(accountId: Int64) throws -> (debits: Fen, credits: Fen) {
        let debits = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT COALESCE(SUM(amount_fen), 0) FROM transfer WHERE debit_account_id = ?"),
            arguments: [accountId]) ?? 0
        let credits = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT COALESCE(SUM(amount_fen), 0) FROM transfer WHERE credit_account_id = ?"),
            arguments: [accountId]) ?? 0
        return (Fen(debits), Fen(credits))
    }

    func transferCount() throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM transfer")) ?? 0
    }

    /// Inserts the transfer and moves both cached balances in the same transaction. The account table's
    /// CHECK refuses a personal account below zero, so even a platform bug cannot overdraw one.
    func post(_ t: TransferRecord) throws -> Int64 {
        let id: Int64
        do {
            id = try insert(
                """
                INSERT INTO transfer (idempotency_key, code, amount_fen, debit_account_id, credit_account_id, reference, memo,
                reverses_transfer_id, posted_on, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [.text(t.idempotencyKey), .text(t.code.rawValue), .int(t.amountFen.value), .int(t.debitAccountId),
                    .int(t.creditAccountId), .text(t.reference), .text(t.memo), .int(t.reversesTransferId),
                    .text(t.postedOn.description), .text(t.timestamp)])
        } catch StoreError.uniqueViolation(let message) where message.contains("idempotency_key") {
            throw StoreError.duplicateIdempotencyKey(t.idempotencyKey)
        }
        do {
            try run("UPDATE account SET debits_fen = debits_fen + ? WHERE id = ?", [.int(t.amountFen.value), .int(t.debitAccountId)])
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_CHECK {
            throw StoreError.balanceWouldGoNegative(accountId: t.debitAccountId)
        }
        try run("UPDATE account SET credits_fen = credits_fen + ? WHERE id = ?", [.int(t.amountFen.value), .int(t.creditAccountId)])
        return id
    }

    /// A monthly credit is its transfer (key `credit:ACCOUNT:MONTH`), with the withheld deduction, if any, as
    /// a second transfer (`credit-deduction:ACCOUNT:MONTH`): the credit view is derived, never stored twice.
    static let creditSelect = """
        SELECT t.id, t.credit_account_id, t.idempotency_key, t.amount_fen, t.posted_on,
        COALESCE((SELECT d.amount_fen FROM transfer d WHERE d.idempotency_key = 'credit-deduction' || substr(t.idempotency_key, 7)), 0)
        FROM transfer t
        """

    func creditRow(_ r: Row) -> CreditRecord {
        let key: String = r[2]
        let posted: String = r[4]
        return CreditRecord(id: r[0], accountId: r[1], month: String(key.split(separator: ":").last ?? ""), amountFen: Fen(r[3] as Int64),
            deductionFen: Fen(r[5] as Int64), transferId: r[0], postedOn: CalendarDate(posted) ?? CalendarDate(dayNumber: 0))
    }

    func credits(accountId: Int64) throws -> [CreditRecord] {
        try fetchAll("\(Self.creditSelect) WHERE t.credit_account_id = ? AND t.code = 'credit' ORDER BY t.idempotency_key", [accountId],
            creditRow)
    }

    func credit(accountId: Int64, month: String) throws -> CreditRecord? {
        try fetchOne("\(Self.creditSelect) WHERE t.idempotency_key = ?", ["credit:\(accountId):\(month)"], creditRow)
    }

    func creditingRun(month: String, region: String) throws -> CreditingRunRecord? {
        try fetchOne("SELECT * FROM crediting_run WHERE month = ? AND region = ? ORDER BY id DESC LIMIT 1", [month, region]) { r in
            CreditingRunRecord(id: r["id"], month: r["month"], region: r["region"], accountsCredited: r["accounts_credited"],
                totalFen: fen(r, "total_fen"), finishedOn: date(r, "finished_on"))
        }
    }

    func insert(_ run: CreditingRunRecord) throws -> Int64 {
        try insertRow("INSERT INTO crediting_run (month, region, accounts_credited, total_fen, finished_on) VALUES (?, ?, ?, ?, ?)",
            [run.month, run.region, run.accountsCredited, run.totalFen.value, run.finishedOn.description])
    }
}
