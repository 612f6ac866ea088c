import Foundation

/// Group commit for durable settlements: concurrent callers are queued, and one loop settles whatever is
/// waiting in a single `synchronous = FULL` transaction, then answers every caller of that batch. Nobody is
/// answered before their settlement is on disk; throughput comes from sharing one fsync among many callers.
public actor GroupCommitter {
    let platform: Platform
    /// Most settlements in one transaction; bounds a batch's latency and memory.
    public static let batchMax = 256
    /// Most callers waiting at once; beyond it, callers are refused (back-pressure) rather than queued forever.
    public static let queueMax = 10_000

    private var pending: [(SettleRequest, CheckedContinuation<Result<SettleResult, PlatformError>, any Error>)] = []
    private var draining = false
    /// Transactions committed and settlements in them, for the mean batch size (`yibao-bench settle-durable`).
    public private(set) var batchesCommitted = 0
    public private(set) var requestsCommitted = 0
    /// Time spent inside the batches' transactions (settling and committing, fsync included), in nanoseconds: the
    /// rest of a batch's wall time is the callers' round trip between two batches.
    public private(set) var writeNanoseconds: UInt64 = 0

    public init(platform: Platform) {
        self.platform = platform
    }

    /// Settles one bill durably, sharing the commit with whoever else is waiting.
    public func settle(_ request: SettleRequest) async throws -> Result<SettleResult, PlatformError> {
        guard pending.count < GroupCommitter.queueMax else {
            return .failure(.limitExceeded(name: "待结算队列", max: GroupCommitter.queueMax))
        }
        return try await withCheckedThrowingContinuation { continuation in
            pending.append((request, continuation))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    /// Most times the loop yields, before forming a batch, for callers of the last batch to queue again. A
    /// caller answered a moment ago takes tens of microseconds to come back; at 16 yields batches of four callers
    /// averaged 3.7 settlements, at 128 they hold 4.0 (`settle-durable`, 8 alternated runs each: 3,781 against
    /// 4,009 settlements per s, 236 against 225 µs of CPU per settlement). With nobody coming back, the wait
    /// ends after the yields, a fraction of a millisecond.
    static let gatherYieldsMax = 128

    private func drain() async {
        var expected = 0
        while true {
            // The callers just answered usually come straight back. Without this, the first one back committed
            // alone while the others queued behind it, and batches averaged two settlements for four callers.
            // `expected` counts the callers just answered and those already waiting, so that two halves of the
            // callers do not settle into taking turns. The wait is yields to other tasks, never a sleep.
            var yields = 0
            while pending.count < expected, yields < GroupCommitter.gatherYieldsMax {
                await Task.yield()
                yields += 1
            }
            guard !pending.isEmpty else { break }
            let batch = Array(pending.prefix(GroupCommitter.batchMax))
            pending.removeFirst(batch.count)
            let requests = batch.map(\.0)
            let platform = self.platform
            // The write blocks on disk I/O; run it off the actor so callers can keep queueing meanwhile.
            let (outcome, nanoseconds) = await Task.detached { () -> (Result<[Result<SettleResult, PlatformError>], any Error>, UInt64) in
                let start = DispatchTime.now().uptimeNanoseconds
                let outcome = Result { try platform.settleBatch(requests) }
                return (outcome, DispatchTime.now().uptimeNanoseconds - start)
            }.value
            writeNanoseconds += nanoseconds
            switch outcome {
            case .success(let results):
                batchesCommitted += 1
                requestsCommitted += results.count
                for (waiter, result) in zip(batch, results) { waiter.1.resume(returning: result) }
            case .failure(let error):
                for waiter in batch { waiter.1.resume(throwing: error) }
            }
            expected = min(GroupCommitter.batchMax, batch.count + pending.count)
        }
        draining = false
    }
}
