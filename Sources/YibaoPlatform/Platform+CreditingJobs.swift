import Foundation
import YibaoCore

extension Platform {
    /// Records a crediting job for a month and region, to be run by `runCreditingJob` (asynchronously, by the
    /// caller). The month and region are checked now, so a bad request fails before anything is queued.
    public func createCreditingJob(month: String, region regionQuery: String, requestedBy tokenId: Int64?, at now: Int64) throws
        -> CreditingJobRecord
    {
        let m = try parseMonth(month)
        guard m <= Month(try today()) else { throw PlatformError.monthInFuture(month) }
        let region = try pooling(regionQuery)
        return try authWrite { _, auth in
            var job = CreditingJobRecord(month: m.description, region: region, status: .queued, requestedBy: tokenId, createdAt: now)
            job.id = try auth.insert(job)
            return job
        }
    }

    /// Runs a queued job: crediting in batches, progress written after each batch, the report (or the error)
    /// at the end. Blocks; the server runs it in a task of its own.
    public func runCreditingJob(id: Int64, now: @escaping () -> Int64) throws {
        guard var job = try authRead({ _, auth in try auth.creditingJob(id: id) }), job.status == .queued else { return }
        job.status = .running
        try authWrite { _, auth in try auth.update(job) }
        do {
            let report = try runCrediting(month: job.month, region: job.region) { done, total in
                job.done = done
                job.total = total
                try? self.authWrite { _, auth in try auth.update(job) }
            }
            job.status = .succeeded
            job.total = max(job.done, report.examined)
            job.done = job.total
            job.reportJSON = try Platform.canonicalJSON(report)
        } catch let error as any YibaoError {
            job.status = .failed
            job.errorCode = error.code
            job.errorMessage = error.message
        }
        job.finishedAt = now()
        try authWrite { _, auth in try auth.update(job) }
    }

    public func creditingJob(id: Int64) throws -> CreditingJobRecord {
        guard let job = try authRead({ _, auth in try auth.creditingJob(id: id) }) else { throw AuthError.jobNotFound(id) }
        return job
    }

    /// Marks jobs left queued or running by a stopped server as interrupted (a new job completes the month:
    /// credits are idempotent per account and month). Returns how many were marked.
    public func interruptUnfinishedCreditingJobs(at now: Int64) throws -> Int {
        try authWrite { _, auth in
            let stale = try auth.creditingJobs(status: .running) + auth.creditingJobs(status: .queued)
            for var job in stale {
                job.status = .interrupted
                job.finishedAt = now
                try auth.update(job)
            }
            return stale.count
        }
    }
}
