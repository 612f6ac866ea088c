import Foundation
import YibaoCore
import YibaoPlatform
import YibaoPolicy
import YibaoStore

/// A fresh file database in a temporary folder, with the platform over it, dated in June 2025.
func benchmarkPlatform(_ name: String) throws -> (Platform, SQLiteStore, URL) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("yibao-bench-\(name)-\(getpid())")
    try? FileManager.default.removeItem(at: dir)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let store = try SQLiteStore(path: dir.appendingPathComponent("bench.sqlite").path)
    let platform = Platform(store: store, catalog: try PolicyCatalog.bundled(), regions: try RegionTable.bundled(),
        calendar: try WorkCalendar.bundled(), clock: .fixed(CalendarDate(year: 2025, month: 6, day: 30)!))
    return (platform, store, dir)
}

/// A distinct valid ID number for person `i`: 1,000 sequence numbers per birth day from 1960-01-01.
func benchmarkID(_ i: Int) -> String {
    let birth = CalendarDate(year: 1960, month: 1, day: 1)!.adding(days: i / 1000)
    return DemoSeed.idNumber(prefix: "440303", birth: birth.description, sequence: i % 1000)
}

/// `yibao-bench credit --accounts N`: the monthly crediting run over N accounts, and in the same run the raw
/// GRDB insert rate of the same number of rows in one transaction.
struct CreditBenchmark {
    let accounts: Int

    init(arguments: [String]) {
        accounts = option("accounts", in: arguments, default: 1_000_000)
    }

    func run() throws {
        let (platform, store, dir) = try benchmarkPlatform("credit")
        defer { try? FileManager.default.removeItem(at: dir) }
        try store.bulkWriting {
            try store.seedBenchmarkPeople(count: accounts, region: "440300", month: "2025-06", start: "2025-01-01",
                idNumbers: benchmarkID)
        }
        // The register is written long before a month's run: start from a database whose WAL is copied back.
        store.waitForCheckpoint()
        let clock = ContinuousClock()
        var report = CreditingReport(month: "2025-06")
        let cpuStart = Self.processCPUSeconds()
        let walStart = store.walPagesWritten ?? 0
        let creditTime = try clock.measure { report = try platform.runCrediting(month: "2025-06") }
        let creditCPU = Self.processCPUSeconds() - cpuStart
        let walPages = (store.walPagesWritten ?? 0) - walStart
        // The run leaves its WAL to one checkpoint when it ends (`SQLiteStore.bulkWriting`): time that copy too.
        let catchUpTime = clock.measure { store.waitForCheckpoint() }
        guard report.credited == accounts else {
            print("error: credited \(report.credited) of \(accounts) (skipped \(report.skipped))")
            exit(1)
        }
        let rawTime = try clock.measure { try store.rawInsertBenchmark(count: accounts) }
        let audit = try platform.audit()
        print("accounts=\(accounts)")
        print("credited_total_yuan=\(report.totalFen)")
        print("credit_seconds=\(String(format: "%.3f", creditTime.seconds))")
        print("credit_accounts_per_s=\(Int(Double(accounts) / creditTime.seconds))")
        print("credit_wal_pages=\(walPages)")
        print("checkpoint_after_run_seconds=\(String(format: "%.3f", catchUpTime.seconds))")
        print("credit_with_checkpoint_accounts_per_s=\(Int(Double(accounts) / (creditTime + catchUpTime).seconds))")
        print("raw_insert_rows_per_s=\(Int(Double(accounts) / rawTime.seconds))")
        // CPU of all the run's threads (writer, the helper reading the next batch, the WAL checkpointer) per
        // account: on a busy machine the wall clock also counts time spent waiting for a core.
        print("credit_cpu_us_per_account=\(String(format: "%.2f", creditCPU * 1_000_000 / Double(accounts)))")
        print("audit_ok=\(audit.ok)")
    }
}

extension CreditBenchmark {
    static func processCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1_000_000_000
    }
}

/// `yibao-bench settle-durable`: settlements each committed with its ledger transfers under
/// `synchronous = FULL`, with one writer (a commit per settlement) and with 4 concurrent callers sharing
/// commits through `GroupCommitter`.
struct DurableSettleBenchmark {
    let settlements: Int
    let people = 1_000

    init(arguments: [String]) {
        settlements = option("settlements", in: arguments, default: 20_000)
    }

    static let bill = Data("""
        {"med_type": "11", "medins_lv": "1", "setl_date": "2025-06-30", "acct_used_flag": "1",
         "items": [{"feedetl_sn": "1", "det_item_fee_sumamt": "12.00", "chrgitm_lv": "01"},
                   {"feedetl_sn": "2", "det_item_fee_sumamt": "8.00", "chrgitm_lv": "02", "selfpay_prop": "0.10"}]}
        """.utf8)

    func run() async throws {
        let (platform, store, dir) = try benchmarkPlatform("settle")
        defer { try? FileManager.default.removeItem(at: dir) }
        try store.seedBenchmarkPeople(count: people, region: "440300", month: "2025-06", start: "2025-01-01", idNumbers: benchmarkID)
        _ = try platform.runCrediting(month: "2025-06")
        let psn = (0..<people).map { "440300" + String(format: "%010d", $0 + 1) }
        let clock = ContinuousClock()
        let half = settlements / 2
        let oneWriter = try clock.measure {
            for i in 0..<half {
                _ = try platform.settle(person: psn[i % people], bill: Self.bill, key: "one-\(i)")
            }
        }
        let committer = GroupCommitter(platform: platform)
        let callers = 4
        let groupedCPUStart = CreditBenchmark.processCPUSeconds()
        let walPagesStart = store.walPagesWritten ?? 0
        let walCallsStart = SQLiteStore.walWritesAndFlushes
        let grouped = try await clock.measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for c in 0..<callers {
                    group.addTask {
                        var i = c
                        while i < half {
                            if case .failure(let e) = try await committer.settle(
                                SettleRequest(person: psn[i % people], bill: Self.bill, key: "group-\(i)"))
                            {
                                throw e
                            }
                            i += callers
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        let groupedCPU = CreditBenchmark.processCPUSeconds() - groupedCPUStart
        let walPages = (store.walPagesWritten ?? 0) - walPagesStart
        let walCalls = SQLiteStore.walWritesAndFlushes
        let batches = await committer.batchesCommitted
        let batchedRequests = await committer.requestsCommitted
        let writeSeconds = Double(await committer.writeNanoseconds) / 1e9
        let walPagesPerBatch = Double(walPages) / Double(max(1, batches))
        let fdatasync = try Self.fdatasyncMicroseconds(in: dir, pages: max(1, Int(walPagesPerBatch.rounded())))
        let memory = try SQLiteStore()
        let cpuPlatform = Platform(store: memory, catalog: platform.catalog, regions: platform.regions, calendar: platform.calendar,
            clock: platform.clock)
        try memory.seedBenchmarkPeople(count: people, region: "440300", month: "2025-06", start: "2025-01-01", idNumbers: benchmarkID)
        _ = try cpuPlatform.runCrediting(month: "2025-06")
        let inMemory = try clock.measure {
            for i in 0..<half {
                _ = try cpuPlatform.settle(person: psn[i % people], bill: Self.bill, key: "mem-\(i)")
            }
        }
        let audit = try platform.audit()
        print("settlements_per_mode=\(half)")
        print("in_memory_settlements_per_s=\(Int(Double(half) / inMemory.seconds))")
        print("synchronous_mode=\(store.synchronousMode)")
        print("durable_settlements_per_s_1_writer=\(Int(Double(half) / oneWriter.seconds))")
        print("durable_settlements_per_s_4_callers=\(Int(Double(half) / grouped.seconds))")
        // CPU of every thread (callers, the writer, the WAL checkpointer, the kernel's share of their writes) per
        // settlement, and the settlements per commit: measures that hold on a machine too busy for the wall clock.
        print("durable_cpu_us_per_settlement_4_callers=\(String(format: "%.1f", groupedCPU * 1_000_000 / Double(half)))")
        print("group_commit_mean_batch=\(String(format: "%.2f", Double(batchedRequests) / Double(max(1, batches))))")
        // Where a batch's wall time went: inside its transaction (settling, WAL writes, fsync), and the rest (answering
        // the callers and their coming back); and what one fdatasync of a batch's worth of WAL costs the disk now.
        print("group_commit_write_us_per_batch=\(Int(writeSeconds * 1e6 / Double(max(1, batches))))")
        print("group_commit_between_batches_us=\(Int((grouped.seconds - writeSeconds) * 1e6 / Double(max(1, batches))))")
        // Pages each commit appends to the WAL: what the commit writes and syncs, and the checkpoint copies back.
        print("group_commit_wal_pages_per_batch=\(String(format: "%.1f", walPagesPerBatch))")
        // WAL writes SQLite asked for per batch, and the writes the frame-writing VFS made of them.
        print("group_commit_wal_writes_per_batch=\(String(format: "%.1f", Double(walCalls.writes - walCallsStart.writes) / Double(max(1, batches))))")
        print("group_commit_wal_write_calls_per_batch=\(String(format: "%.1f", Double(walCalls.flushes - walCallsStart.flushes) / Double(max(1, batches))))")
        print("disk_fdatasync_us_p50=\(fdatasync.p50)")
        print("disk_fdatasync_us_p90=\(fdatasync.p90)")
        print("audit_ok=\(audit.ok)")
    }
}

extension DurableSettleBenchmark {
    /// Median and 90th percentile of 100 fdatasyncs, each after overwriting `pages` WAL frames (what a batch of the
    /// run wrote) in a scratch file beside the database: the disk's sync latency during the run, which moves the
    /// durable figures from one day to the next.
    static func fdatasyncMicroseconds(in dir: URL, pages: Int) throws -> (p50: Int, p90: Int) {
        let path = dir.appendingPathComponent("fsync-probe").path
        let fd = open(path, O_RDWR | O_CREAT, 0o600)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer {
            close(fd)
            unlink(path)
        }
        let frame = [UInt8](repeating: 0x5a, count: pages * 4_120)
        let write = { frame.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) } }
        guard write() == frame.count, fdatasync(fd) == 0 else { throw CocoaError(.fileWriteUnknown) }
        var samples: [UInt64] = []
        for _ in 0..<100 {
            guard write() == frame.count else { throw CocoaError(.fileWriteUnknown) }
            let start = DispatchTime.now().uptimeNanoseconds
            guard fdatasync(fd) == 0 else { throw CocoaError(.fileWriteUnknown) }
            samples.append(DispatchTime.now().uptimeNanoseconds - start)
        }
        samples.sort()
        return (Int(samples[50] / 1_000), Int(samples[90] / 1_000))
    }
}
