import Foundation
import Logging
import YibaoPlatform

/// Runs crediting jobs one at a time in the background: the API queues a job (a row) and answers 202 at
/// once; a client polls the job for progress. One job at a time, because a run already batches the whole
/// region and two runs would only contend for the one SQLite writer.
actor CreditingJobRunner {
    let platform: Platform
    let logger: Logger
    let now: @Sendable () -> Int64
    private var queue: [Int64] = []
    private var running = false

    init(platform: Platform, logger: Logger, now: @escaping @Sendable () -> Int64) {
        self.platform = platform
        self.logger = logger
        self.now = now
    }

    /// Most jobs waiting at once (a limit on the queue, like every queue here).
    static let queuedMax = 100

    func enqueue(_ id: Int64) -> Bool {
        guard queue.count < CreditingJobRunner.queuedMax else { return false }
        queue.append(id)
        if !running {
            running = true
            Task { await self.drain() }
        }
        return true
    }

    private func drain() async {
        while !queue.isEmpty {
            let id = queue.removeFirst()
            let platform = self.platform
            let now = self.now
            do {
                try await Blocking.run { try platform.runCreditingJob(id: id, now: now) }
            } catch {
                logger.error("crediting job failed", metadata: ["job": .stringConvertible(id), "error": .string("\(error)")])
            }
        }
        running = false
    }

    /// Waits until no job is queued or running (tests, shutdown).
    func idle() async {
        while running || !queue.isEmpty { try? await Task.sleep(for: .milliseconds(10)) }
    }
}
