import YibaoCore
import YibaoPolicy

/// The outcome of a crediting run (`credit --month`).
public struct CreditingReport: Codable, Sendable, Hashable {
    public var month: String
    public var examined = 0
    public var credited = 0
    public var totalFen = Fen.zero
    public var deductedFen = Fen.zero
    public var skipped: [String: Int] = [:]

    public init(month: String) { self.month = month }
}

extension Platform {
    /// Credits every eligible personal account for `month` per its pack, in batches of
    /// `creditingBatchSize` per transaction. Idempotent per account and month: a rerun (after a crash, or
    /// after back-payments) credits only what is missing. `progress(done, total)` is called after each batch.
    public func runCrediting(month text: String, region regionQuery: String? = nil, progress: (Int, Int) -> Void = { _, _ in })
        throws -> CreditingReport
    {
        let month = try parseMonth(text)
        let onlyRegion = try regionQuery.map { try pooling($0) }
        let today = try today()
        guard month <= Month(today) else { throw PlatformError.monthInFuture(text) }
        let total = try store.read { try $0.personCount() }
        var report = CreditingReport(month: month.description)
        var after: Int64 = 0
        var regionsTouched: [String: (Int, Fen)] = [:]
        var batches = 0
        while batches < 1_000_000 {
            batches += 1
            let (last, done) = try store.write { tx -> (Int64?, Int) in
                let candidates = try tx.creditingCandidates(month: month.description, region: onlyRegion, afterInsuranceId: after,
                    limit: Platform.creditingBatchSize)
                guard let last = candidates.last?.insurance.id else { return (nil, 0) }
                var postings: [CreditPosting] = []
                postings.reserveCapacity(candidates.count)
                var cache = CreditingCache()
                for c in candidates {
                    report.examined += 1
                    guard let posting = try creditPosting(c, month: month, today: today, report: &report, cache: &cache, in: tx)
                    else { continue }
                    postings.append(posting)
                    let region = c.insurance.region
                    let net = posting.grossFen - posting.deductionFen
                    regionsTouched[region] = ((regionsTouched[region]?.0 ?? 0) + 1, (regionsTouched[region]?.1 ?? .zero) + net)
                }
                try tx.postCredits(postings)
                return (last, candidates.count)
            }
            guard let last else { break }
            after = last
            progress(min(report.examined, max(total, report.examined)), max(total, report.examined))
            _ = done
        }
        try store.write { tx in
            for (region, (count, sum)) in regionsTouched.sorted(by: { $0.key < $1.key }) {
                _ = try tx.insert(CreditingRunRecord(month: month.description, region: region, accountsCredited: count,
                    totalFen: sum, finishedOn: today))
            }
            // Every configured region records that the run happened, even with nothing to credit, so that
            // "this month's batch has not run" is never shown after it did.
            for region in catalog.regions where regionsTouched[region] == nil && (onlyRegion == nil || onlyRegion == region) {
                _ = try tx.insert(CreditingRunRecord(month: month.description, region: region, accountsCredited: 0, totalFen: .zero,
                    finishedOn: today))
            }
        }
        return report
    }

    /// Per-batch lookups that would otherwise repeat for every account: counter-accounts and schemes.
    struct SchemeKey: Hashable {
        let region: String
        let type: InsuranceType
        let tier: String?
    }

    struct CreditingCache {
        var accounts: [String: AccountRecord] = [:]
        var schemes: [SchemeKey: Scheme?] = [:]
        var stamp: String?
        var memos: [CreditBasis: String] = [:]
        var reference: String?
    }

    func creditPosting(_ c: CreditingCandidate, month: Month, today: CalendarDate, report: inout CreditingReport,
        cache: inout CreditingCache, in tx: any StoreTransaction) throws -> CreditPosting?
    {
        func counter(_ kind: AccountKind, _ region: String) throws -> AccountRecord {
            let key = "\(kind.rawValue)/\(region)"
            if let a = cache.accounts[key] { return a }
            let a = try counterAccount(kind, region: region, in: tx, on: today)
            cache.accounts[key] = a
            return a
        }
        func skip(_ r: CreditSkipReason) -> CreditPosting? {
            report.skipped[r.rawValue, default: 0] += 1
            return nil
        }
        if c.alreadyCredited { return skip(.alreadyCredited) }
        guard let accountId = c.personalAccountId else { return skip(.noPersonalAccount) }
        let history = InsuranceHistory(insurance: c.insurance, versions: c.versions)
        guard let state = history.state(on: month.lastDay), month.lastDay >= c.insurance.startDate else { return skip(.notInsured) }
        let schemeKey = SchemeKey(region: c.insurance.region, type: c.insurance.insuranceType, tier: state.tier)
        let scheme: Scheme?
        if let cached = cache.schemes[schemeKey] {
            scheme = cached
        } else {
            scheme = (try? catalog.pack(region: c.insurance.region, year: month.year))?
                .scheme(insuranceType: c.insurance.insuranceType, tier: state.tier)
            cache.schemes[schemeKey] = scheme
        }
        guard let birth = IDNumber.storedBirthDate(c.idNumber) else { return skip(.ruleNotConfigured) }
        switch CreditRule.decide(scheme: scheme, state: state, contribution: c.contribution, birthDate: birth, month: month) {
        case .skip(let reason):
            return skip(reason)
        case .credit(let gross, let deduction, let basis):
            let memo: String
            if let cached = cache.memos[basis] {
                memo = cached
            } else {
                memo = "\(month.chineseText)个人账户划入：\(basis.text)"
                cache.memos[basis] = memo
            }
            let reference = cache.reference ?? "month:\(month)"
            cache.reference = reference
            let fund = try counter(.pooledFund, c.insurance.region)
            let stamp = cache.stamp ?? clock.timestamp()
            cache.stamp = stamp
            let credit = TransferRecord(idempotencyKey: "credit:\(accountId):\(month)", code: .credit, amountFen: gross,
                debitAccountId: fund.id ?? 0, creditAccountId: accountId, reference: reference, memo: memo, postedOn: today,
                timestamp: stamp)
            var withheld: TransferRecord?
            if deduction > .zero {
                let target = try counter(.deductions, c.insurance.region)
                withheld = TransferRecord(idempotencyKey: "credit-deduction:\(accountId):\(month)", code: .creditDeduction,
                    amountFen: deduction, debitAccountId: accountId, creditAccountId: target.id ?? 0, reference: reference,
                    memo: "\(month.chineseText)划入代扣", postedOn: today, timestamp: stamp)
            }
            report.credited += 1
            report.totalFen += gross - deduction
            report.deductedFen += deduction
            return CreditPosting(credit: credit, deduction: withheld, accountId: accountId, month: month.description,
                grossFen: gross, deductionFen: deduction, postedOn: today)
        }
    }
}
