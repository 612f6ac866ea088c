import Foundation
import Synchronization
import YibaoCore
import YibaoPlatform
import YibaoSettlement

/// `yibao-bench estimate [--estimates N]`: the pre-settlement use case without HTTP, as the institution endpoint
/// runs it (`Bill.jsonObject` over the request body, `Platform.estimate(person:billObject:inRegion:)` for a 深圳
/// institution, then `SettleResult.jsonUTF8`), over the demo database and
/// the bill `scripts/bench-http.sh` posts, on one thread. `--print` prints each person's answer instead.
/// `--history N` first settles N small bills of the same day for each of those people, as for a patient seen several
/// times a week (the year-to-date accumulators are the sums over the year's settlements).
struct EstimateBenchmark {
    let estimates: Int
    let history: Int

    init(arguments: [String]) {
        estimates = option("estimates", in: arguments, default: 200_000)
        history = option("history", in: arguments, default: 0)
    }

    func run() throws {
        let (platform, _, dir) = try benchmarkPlatform("estimate")
        defer { try? FileManager.default.removeItem(at: dir) }
        let people = try platform.seedDemo(hashPassword: { "bench:" + $0 })
        // The bodies the HTTP benchmark sends: its bill with the person's psn_no, for those who pre-settle in 深圳.
        var bodies: [(String, Data)] = []
        for p in people {
            let body = Data(("{\"med_type\": \"11\", \"medins_lv\": \"2\", \"setl_date\": \"2025-12-18\", \"acct_used_flag\": \"1\", "
                + "\"items\": [{\"feedetl_sn\": \"1\", \"med_list_codg\": \"DEMO1\", \"det_item_fee_sumamt\": \"300.00\", "
                + "\"chrgitm_lv\": \"01\"}], \"psn_no\": \"\(p.psnNo)\"}").utf8)
            if (try? Self.estimate(platform, p.psnNo, body)) != nil { bodies.append((p.psnNo, body)) }
        }
        if CommandLine.arguments.contains("--print") {
            // The answers themselves, to compare two builds byte for byte.
            for (psn, body) in bodies { print(try Self.estimate(platform, psn, body).jsonText) }
            return
        }
        guard !bodies.isEmpty else {
            print("error: no demo person pre-settles")
            exit(1)
        }
        try settleHistory(platform, people: bodies.map(\.0))
        var bytes = 0
        for i in 0..<min(estimates, 2_000) { bytes &+= try Self.estimate(platform, bodies[i % bodies.count].0,
            bodies[i % bodies.count].1).jsonUTF8.count }
        let clock = ContinuousClock()
        let cpu0 = Self.threadCPUSeconds()
        let time = try clock.measure {
            for i in 0..<estimates {
                let (psn, body) = bodies[i % bodies.count]
                bytes &+= try Self.estimate(platform, psn, body).jsonUTF8.count
            }
        }
        let cpuSeconds = Self.threadCPUSeconds() - cpu0
        // The same on two threads at once, as the server runs them on two cores: shared objects (the catalog, the
        // store) must not make each estimate slower.
        let shared = bodies.map { SendableBody(psn: $0.0, body: $0.1) }
        let twoThreads = try clock.measure {
            try DispatchQueue.concurrentPerformIterations(2) { t in
                var local = 0
                for i in stride(from: t, to: estimates, by: 2) {
                    let b = shared[i % shared.count]
                    local &+= try Self.estimate(platform, b.psn, b.body).jsonUTF8.count
                }
                blackHole(local)
            }
        }
        blackHole(bytes)
        print("people=\(bodies.count)")
        print("settlements_per_person=\(history)")
        print("estimates=\(estimates)")
        print("estimate_us=\(String(format: "%.1f", time.seconds * 1e6 / Double(estimates)))")
        print("estimate_cpu_us=\(String(format: "%.1f", cpuSeconds * 1e6 / Double(estimates)))")
        print("estimates_per_s_1_thread=\(Int(Double(estimates) / time.seconds))")
        print("estimates_per_s_2_threads=\(Int(Double(estimates) / twoThreads.seconds))")
    }
}

extension EstimateBenchmark {
    /// `history` settled bills per person, written in batches of 100 per transaction.
    func settleHistory(_ platform: Platform, people: [String]) throws {
        guard history > 0 else { return }
        let bill = Data(("{\"med_type\": \"11\", \"medins_lv\": \"2\", \"setl_date\": \"2025-12-18\", \"acct_used_flag\": \"0\", "
            + "\"items\": [{\"feedetl_sn\": \"1\", \"det_item_fee_sumamt\": \"20.00\", \"chrgitm_lv\": \"01\"}]}").utf8)
        var requests: [SettleRequest] = []
        for psn in people {
            for k in 0..<history { requests.append(SettleRequest(person: psn, bill: bill, key: "history-\(psn)-\(k)")) }
        }
        for start in stride(from: 0, to: requests.count, by: 100) {
            for result in try platform.settleBatch(Array(requests[start..<min(start + 100, requests.count)])) {
                if case .failure(let error) = result {
                    print("error: a history bill was refused: \(error)")
                    exit(1)
                }
            }
        }
    }

    /// CPU time of the calling thread: robust to other processes sharing the cores, unlike wall time.
    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1_000_000_000
    }

    /// What `POST /api/v1/institution/pre-settlements` runs for a 深圳 institution's token.
    static func estimate(_ platform: Platform, _ psn: String, _ body: Data) throws -> SettleResult {
        try platform.estimate(person: psn, billObject: Bill.jsonObject(body), inRegion: "440300")
    }
}

struct SendableBody: Sendable {
    let psn: String
    let body: Data
}

extension DispatchQueue {
    /// `concurrentPerform` for a throwing body: the first error is rethrown after all iterations end.
    static func concurrentPerformIterations(_ n: Int, _ body: @Sendable (Int) throws -> Void) throws {
        let errors = Mutex<[any Error]>([])
        concurrentPerform(iterations: n) { i in
            do { try body(i) } catch { errors.withLock { $0.append(error) } }
        }
        if let first = errors.withLock({ $0.first }) { throw first }
    }
}
