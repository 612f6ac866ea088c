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
        var tally = CreditingTally(report: CreditingReport(month: month.description))
        let batcher = CreditingBatcher(platform: self, month: month, region: onlyRegion, today: today)
        var batch = try batcher.prepare(after: 0)
        var batches = 0
        // The batches are one bulk series: the store may put off its upkeep (SQLite's checkpoints) until they end.
        try store.bulkWriting {
            while let current = batch, batches < 1_000_000 {
                batches += 1
                // Where the store reads beside a write (SQLite WAL, PostgreSQL), the next batch is read and decided on
                // a helper thread while this one is written. Its snapshot may miss this batch and any other run's
                // latest commit; that is the same as reaching those accounts a moment earlier, and `postNewCredits`
                // leaves out (and reports as already credited) whatever another run credited in between.
                let next = store.readsBesideWrites
                    ? Pending { try batcher.prepare(after: current.lastInsuranceId) } : nil
                let written: [Bool]
                do {
                    written = try store.writeNewCredits(current.postings)
                } catch {
                    _ = try? next?.wait()
                    throw error
                }
                tally.add(current, written: written)
                let examined = tally.report.examined
                progress(min(examined, max(total, examined)), max(total, examined))
                if let next {
                    batch = try next.wait()
                } else {
                    batch = try batcher.prepare(after: current.lastInsuranceId)
                }
            }
        }
        let regionsTouched = tally.regions
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
        return tally.report
    }
}
