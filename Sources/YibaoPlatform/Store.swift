import YibaoCore

/// The storage the platform needs, implemented by YibaoStore (SQLite through GRDB; PostgreSQL later).
///
/// One use case is one transaction: the platform calls `write` once per use case and does all its
/// reads and writes through the `StoreTransaction` it is given. Implementations must make `write`
/// serialisable (SQLite: one writer; PostgreSQL: `SELECT … FOR UPDATE` on the accounts it changes) and
/// durable when it returns.
public protocol LedgerStore: Sendable {
    func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T
    func read<T>(_ body: (any StoreReader) throws -> T) throws -> T
    /// Whether `read` may run on another thread while a `write` is in progress, each on a connection of its own
    /// (SQLite in WAL mode, a PostgreSQL pool). The crediting run then reads and decides the next batch while the
    /// last one is written. A store that answers false is used from one thread at a time.
    var readsBesideWrites: Bool { get }
    /// `postNewCredits` in a write transaction of its own: the crediting run's hot path. A store may check there
    /// once per account, for the whole batch, what it would otherwise check per row (SQLite: the transfers'
    /// foreign keys, proven by the balance update of every account they name; see `SQLiteStore`).
    func writeNewCredits(_ postings: [CreditPosting]) throws -> [Bool]
    /// Runs `body`, a long series of write transactions (a crediting run), telling the store that more are coming
    /// at once: it may put off its upkeep until the series ends (SQLite: copying the WAL back into the database
    /// file, see `WALCheckpointer`). Every transaction is still durable when its `write` returns.
    func bulkWriting<T>(_ body: () throws -> T) rethrows -> T
}

extension LedgerStore {
    public var readsBesideWrites: Bool { false }

    public func bulkWriting<T>(_ body: () throws -> T) rethrows -> T { try body() }

    public func writeNewCredits(_ postings: [CreditPosting]) throws -> [Bool] {
        try write { tx in try tx.postNewCredits(postings) }
    }
}

/// Reads, available inside any transaction.
public protocol StoreReader {
    func person(id: Int64) throws -> PersonRecord?
    func person(psnNo: String) throws -> PersonRecord?
    func person(idNumber: String) throws -> PersonRecord?
    func persons(limit: Int, offset: Int) throws -> [PersonRecord]
    func personCount() throws -> Int

    func insurances(personId: Int64) throws -> [InsuranceRecord]
    func insurance(id: Int64) throws -> InsuranceRecord?
    func versions(insuranceId: Int64) throws -> [InsuranceVersion]
    /// Every insurance row of a region with its versions, for the crediting batch (bounded by `limit`).
    func insurances(region: String?, afterId: Int64, limit: Int) throws -> [InsuranceRecord]

    func account(id: Int64) throws -> AccountRecord?
    func account(kind: AccountKind, region: String, ownerPersonId: Int64?) throws -> AccountRecord?
    func accounts() throws -> [AccountRecord]
    func statusEvents(accountId: Int64) throws -> [AccountStatusEvent]

    func transfer(idempotencyKey: String) throws -> TransferRecord?
    func transfers(accountId: Int64, from: CalendarDate?, to: CalendarDate?, limit: Int) throws -> [TransferRecord]
    func transfers(reference: String) throws -> [TransferRecord]
    /// (debits, credits) of an account summed from posted transfers, ignoring the cache.
    func postedTotals(accountId: Int64) throws -> (debits: Fen, credits: Fen)
    func transferCount() throws -> Int

    func contributions(insuranceId: Int64) throws -> [ContributionRecord]
    func credits(accountId: Int64) throws -> [CreditRecord]
    func credit(accountId: Int64, month: String) throws -> CreditRecord?
    func creditingRun(month: String, region: String) throws -> CreditingRunRecord?

    func grants(holderPersonId: Int64) throws -> [FamilyGrantRecord]
    func grants(relativePersonId: Int64) throws -> [FamilyGrantRecord]
    func grant(id: Int64) throws -> FamilyGrantRecord?

    func settlement(setlId: String) throws -> SettlementRecord?
    func settlements(personId: Int64, year: Int?) throws -> [SettlementRecord]
    func allSettlements(afterId: Int64, limit: Int) throws -> [SettlementRecord]
    /// The number of settlement rows (settlements and reversals), for settlement IDs.
    func settlementCount() throws -> Int
    /// The sum of a person's settlement deltas for a year (reversals included): the year-to-date accumulators.
    func yearToDateDelta(personId: Int64, year: Int) throws -> YearToDateDelta

    func idempotency(key: String) throws -> IdempotencyRecord?
    func setting(_ name: String) throws -> String?

    /// Up to `limit` insurance rows after `afterInsuranceId` (one region, or all; id order), with what crediting
    /// `month` needs, in a constant number of queries.
    func creditingCandidates(month: String, region: String?, afterInsuranceId: Int64, limit: Int) throws -> [CreditingCandidate]
}

/// Writes, only inside `LedgerStore.write`. Nothing is updated or deleted except the cached balances,
/// which `post` keeps in step with the transfers in the same transaction.
public protocol StoreTransaction: StoreReader {
    func insert(_ person: PersonRecord) throws -> Int64
    func insert(_ insurance: InsuranceRecord) throws -> Int64
    func insert(_ version: InsuranceVersion) throws -> Int64
    func insert(_ account: AccountRecord) throws -> Int64
    func insert(_ event: AccountStatusEvent) throws -> Int64
    /// Inserts the transfer and moves the cached balances of both accounts. Fails with
    /// `StoreError.duplicateIdempotencyKey` if the key exists.
    func post(_ transfer: TransferRecord) throws -> Int64
    func insert(_ contribution: ContributionRecord) throws -> Int64
    func insert(_ run: CreditingRunRecord) throws -> Int64
    func insert(_ grant: FamilyGrantRecord) throws -> Int64
    /// Records a revocation of a grant (an append-only event that the reads fold into `revokedOn`).
    func revokeGrant(id: Int64, on date: CalendarDate) throws
    func insert(_ settlement: SettlementRecord) throws -> Int64
    func insert(_ record: IdempotencyRecord) throws
    /// The one column of `person` that may change: the sign-in password hash.
    func setPasswordHash(personId: Int64, hash: String) throws
    /// Runs `body` in a savepoint: if it throws, its writes are rolled back and the transaction goes on.
    func savepoint<T>(_ body: () throws -> T) throws -> T
    /// Posts many credits at once: their transfers (a credit is its transfer, keyed `credit:ACCOUNT:MONTH`), and one
    /// balance update per account touched. A month already credited fails with `duplicateIdempotencyKey`.
    func postCredits(_ postings: [CreditPosting]) throws
    /// Posts credits decided from an earlier read: a posting whose credit key `credit:ACCOUNT:MONTH` already exists
    /// (another run credited that account since the batch was read) is left out whole, its deduction with it.
    /// Returns, in order, whether each posting was written; balances move only for those written. (PostgreSQL:
    /// `INSERT … ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`.)
    func postNewCredits(_ postings: [CreditPosting]) throws -> [Bool]
    func setSetting(_ name: String, value: String) throws
}

/// Store-level failures the platform maps to its own errors.
public enum StoreError: Error, Sendable, Equatable {
    case duplicateIdempotencyKey(String)
    case uniqueViolation(String)
    case notFound(String)
    /// The transfer would take a personal account below zero (refused by the store whatever the caller checked).
    case balanceWouldGoNegative(accountId: Int64)
}

/// Everything the crediting run needs about one insurance row, fetched in bulk.
public struct CreditingCandidate: Sendable {
    public let insurance: InsuranceRecord
    public let versions: [InsuranceVersion]
    public let idNumber: String
    public let contribution: ContributionRecord?
    public let personalAccountId: Int64?
    public let alreadyCredited: Bool

    public init(insurance: InsuranceRecord, versions: [InsuranceVersion], idNumber: String, contribution: ContributionRecord?,
        personalAccountId: Int64?, alreadyCredited: Bool)
    {
        self.insurance = insurance
        self.versions = versions
        self.idNumber = idNumber
        self.contribution = contribution
        self.personalAccountId = personalAccountId
        self.alreadyCredited = alreadyCredited
    }
}

/// One credit to post: its transfers (the credit, and a deduction if any) and its credit record.
public struct CreditPosting: Sendable {
    public let credit: TransferRecord
    public let deduction: TransferRecord?
    public let accountId: Int64
    public let month: String
    public let grossFen: Fen
    public let deductionFen: Fen
    public let postedOn: CalendarDate

    public init(credit: TransferRecord, deduction: TransferRecord?, accountId: Int64, month: String, grossFen: Fen,
        deductionFen: Fen, postedOn: CalendarDate)
    {
        self.credit = credit
        self.deduction = deduction
        self.accountId = accountId
        self.month = month
        self.grossFen = grossFen
        self.deductionFen = deductionFen
        self.postedOn = postedOn
    }
}
