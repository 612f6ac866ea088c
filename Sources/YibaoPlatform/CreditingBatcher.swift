import Foundation
import YibaoCore
import YibaoPolicy

/// One crediting batch, read and decided but not yet written: the postings, each with its region, and what the
/// batch skipped and why.
struct CreditingBatch: Sendable {
    let lastInsuranceId: Int64
    let examined: Int
    var skipped: [CreditSkipReason: Int] = [:]
    var postings: [CreditPosting] = []
    var regions: [String] = []
}

/// Reads crediting batches and decides them (`CreditRule`), with the lookups that would otherwise repeat for
/// every account (counter-accounts, schemes, memos) kept for the whole run.
///
/// Used by one thread at a time: the run hands it to a helper thread to prepare the next batch while it writes
/// the last one, and waits for that thread before it touches the batcher again.
final class CreditingBatcher: @unchecked Sendable {
    struct SchemeKey: Hashable {
        let region: String
        let type: InsuranceType
        let tier: String?
    }

    struct CounterKey: Hashable {
        let kind: AccountKind
        let region: String
    }

    let platform: Platform
    let month: Month
    let monthText: String
    let region: String?
    let today: CalendarDate
    let lastDay: CalendarDate
    let reference: String
    let creditKeyPrefix = "credit:"
    let deductionKeyPrefix = "credit-deduction:"
    let keySuffix: String
    let deductionMemo: String
    var counters: [CounterKey: Int64] = [:]
    var schemes: [SchemeKey: Scheme?] = [:]
    var memos: [CreditBasis: String] = [:]

    init(platform: Platform, month: Month, region: String?, today: CalendarDate) {
        self.platform = platform
        self.month = month
        self.region = region
        self.today = today
        monthText = month.description
        lastDay = month.lastDay
        reference = "month:\(monthText)"
        keySuffix = ":\(monthText)"
        deductionMemo = "\(month.chineseText)划入代扣"
    }

    /// Up to `Platform.creditingBatchSize` insurance rows after `afterInsuranceId`, read in one read transaction
    /// and decided; nil when none are left.
    func prepare(after afterInsuranceId: Int64) throws -> CreditingBatch? {
        let candidates = try platform.store.read {
            try $0.creditingCandidates(month: monthText, region: region, afterInsuranceId: afterInsuranceId,
                limit: Platform.creditingBatchSize)
        }
        guard let last = candidates.last?.insurance.id else { return nil }
        var batch = CreditingBatch(lastInsuranceId: last, examined: candidates.count)
        batch.postings.reserveCapacity(candidates.count)
        batch.regions.reserveCapacity(candidates.count)
        let stamp = platform.clock.timestamp()
        var lastScheme: (key: SchemeKey, scheme: Scheme?)?
        for c in candidates {
            if c.alreadyCredited {
                batch.skipped[.alreadyCredited, default: 0] += 1
                continue
            }
            guard let accountId = c.personalAccountId else {
                batch.skipped[.noPersonalAccount, default: 0] += 1
                continue
            }
            guard let state = InsuranceHistory(insurance: c.insurance, versions: c.versions).state(on: lastDay),
                lastDay >= c.insurance.startDate
            else {
                batch.skipped[.notInsured, default: 0] += 1
                continue
            }
            // Consecutive rows mostly share their scheme: compare with the last one before hashing.
            let key = SchemeKey(region: c.insurance.region, type: c.insurance.insuranceType, tier: state.tier)
            let scheme: Scheme?
            if let lastScheme, lastScheme.key == key {
                scheme = lastScheme.scheme
            } else {
                scheme = self.scheme(key)
                lastScheme = (key, scheme)
            }
            guard let birth = IDNumber.storedBirthDate(c.idNumber) else {
                batch.skipped[.ruleNotConfigured, default: 0] += 1
                continue
            }
            switch CreditRule.decide(scheme: scheme, state: state, contribution: c.contribution, birthDate: birth, month: month) {
            case .skip(let reason):
                batch.skipped[reason, default: 0] += 1
            case .credit(let gross, let deduction, let basis):
                batch.postings.append(try posting(accountId: accountId, region: c.insurance.region, gross: gross,
                    deduction: deduction, basis: basis, stamp: stamp))
                batch.regions.append(c.insurance.region)
            }
        }
        return batch
    }

    func scheme(_ key: SchemeKey) -> Scheme? {
        if let cached = schemes[key] { return cached }
        let scheme = (try? platform.catalog.pack(region: key.region, year: month.year))?
            .scheme(insuranceType: key.type, tier: key.tier)
        schemes[key] = scheme
        return scheme
    }

    /// The id of a region's counter-account, opened (in a transaction of its own) the first time a run needs it.
    func counter(_ kind: AccountKind, _ region: String) throws -> Int64 {
        let key = CounterKey(kind: kind, region: region)
        if let id = counters[key] { return id }
        let found = try platform.store.read { tx in try tx.account(kind: kind, region: region, ownerPersonId: nil) }
        let account = try found ?? platform.store.write { tx in try platform.counterAccount(kind, region: region, in: tx, on: today) }
        let id = account.id ?? 0
        counters[key] = id
        return id
    }

    func posting(accountId: Int64, region: String, gross: Fen, deduction: Fen, basis: CreditBasis, stamp: String) throws
        -> CreditPosting
    {
        let memo: String
        if let cached = memos[basis] {
            memo = cached
        } else {
            memo = "\(month.chineseText)个人账户划入：\(basis.text)"
            memos[basis] = memo
        }
        let account = String(accountId)
        let credit = TransferRecord(idempotencyKey: creditKeyPrefix + account + keySuffix, code: .credit, amountFen: gross,
            debitAccountId: try counter(.pooledFund, region), creditAccountId: accountId, reference: reference, memo: memo,
            postedOn: today, timestamp: stamp)
        var withheld: TransferRecord?
        if deduction > .zero {
            withheld = TransferRecord(idempotencyKey: deductionKeyPrefix + account + keySuffix, code: .creditDeduction,
                amountFen: deduction, debitAccountId: accountId, creditAccountId: try counter(.deductions, region),
                reference: reference, memo: deductionMemo, postedOn: today, timestamp: stamp)
        }
        return CreditPosting(credit: credit, deduction: withheld, accountId: accountId, month: monthText, grossFen: gross,
            deductionFen: deduction, postedOn: today)
    }
}

/// What a run has written so far: its report and, per region, the accounts credited and their net total.
struct CreditingTally {
    var report: CreditingReport
    var regions: [String: (count: Int, sum: Fen)] = [:]

    /// Adds a written batch: `written[k]` says whether posting k went in (false: another run had credited it).
    mutating func add(_ batch: CreditingBatch, written: [Bool]) {
        precondition(written.count == batch.postings.count, "the store answered for another number of postings")
        report.examined += batch.examined
        for (reason, count) in batch.skipped { report.skipped[reason.rawValue, default: 0] += count }
        // Per region, summed over runs of consecutive postings (a batch is mostly one region).
        var run: (region: String, count: Int, sum: Fen)?
        func flush() {
            guard let r = run else { return }
            let before = regions[r.region] ?? (0, .zero)
            regions[r.region] = (before.count + r.count, before.sum + r.sum)
        }
        for k in batch.postings.indices {
            guard written[k] else {
                report.skipped[CreditSkipReason.alreadyCredited.rawValue, default: 0] += 1
                continue
            }
            let deduction = batch.postings[k].deductionFen
            let net = batch.postings[k].grossFen - deduction
            report.credited += 1
            report.totalFen += net
            report.deductedFen += deduction
            if let r = run, r.region == batch.regions[k] {
                run = (r.region, r.count + 1, r.sum + net)
            } else {
                flush()
                run = (batch.regions[k], 1, net)
            }
        }
        flush()
    }
}

/// A value computed on a helper thread, waited for once.
final class Pending<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<Value, any Error>?

    init(_ work: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global(qos: .userInitiated).async {
            self.result = Result { try work() }
            self.done.signal()
        }
    }

    func wait() throws -> Value {
        done.wait()
        guard let result else { preconditionFailure("a pending value was signalled without a result") }
        return try result.get()
    }
}
