import Foundation
import Testing
import YibaoCore
import YibaoPlatform
import YibaoStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `yibao` executable that `swift test` builds beside the test bundle.
enum YibaoBinary {
    static let url: URL? = {
        var candidates: [URL] = []
        if let bundle = Bundle.main.executableURL {
            candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("yibao"))
        }
        // Walk up from this file to the package root, then its default build folder.
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<8 {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                candidates.append(folder.appendingPathComponent(".build/debug/yibao"))
                break
            }
            folder = folder.deletingLastPathComponent()
        }
        let found = candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
        if found == nil { print("crash-safety tests skipped: no yibao binary at \(candidates.map(\.path))") }
        return found
    }()
}

@Suite(
    "Crash safety: the CLI killed with SIGKILL", .enabled(if: YibaoBinary.url != nil, "the yibao binary is not built"))
struct CrashSafetyTests {
    /// Three full crediting batches, so that a kill after the first commit lands before the last.
    static let retiredPeople = 3 * Platform.creditingBatchSize
    static let crediting = Month(year: 2025, month: 6) ?? Month(date("2025-06-01"))

    @Test("A crediting run killed after one batch leaves a consistent ledger, and a rerun credits every account once")
    func creditingSurvivesKill() throws {
        let folder = try temporaryFolder("crash-credit")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("ledger.sqlite").path
        let started = Date()
        func elapsed() -> String { "\(Int(-started.timeIntervalSinceNow * 1_000)) ms" }
        let expected = try Self.seedRetired(path: path, count: Self.retiredPeople)
        print("crash-safety: \(expected.count) retired people enrolled in \(elapsed())")

        // When: `yibao credit` runs in a child process and is killed as soon as one batch is committed.
        let watcher = try SQLiteStore(path: path)
        #expect(try watcher.read { try $0.transferCount() } == 0)
        let child = try Child(
            arguments: ["--db", path, "credit", "--month", Self.crediting.description], today: "2025-06-30",
            folder: folder, name: "credit-killed")
        var committed = 0
        let deadline = Date().addingTimeInterval(300)
        while child.isRunning, committed == 0, Date() < deadline {
            committed = try watcher.read { try $0.transferCount() }
            if committed == 0 { usleep(2_000) }
        }
        let killed = child.kill()
        try child.wait(seconds: 30)
        try #require(
            killed && child.wasKilled, "the run ended before it was killed (\(child.log)); it needs more accounts")
        print("crash-safety: crediting killed after \(committed) transfers, \(elapsed())")

        // Then: the ledger is consistent, whole batches are credited, and the run is not recorded as done.
        let reopened = try Shipped.platform(store: try SQLiteStore(path: path), clock: .fixed(date("2025-06-30")))
        let audit = try reopened.audit()
        #expect(audit.ok, "audit after the kill: \(audit.violations.prefix(5))")
        let partial = try ConcurrencyTests.personalBalances(reopened.store)
        let credited = partial.filter { $0.value > .zero }
        #expect(
            credited.count > 0 && credited.count < expected.count,
            "\(credited.count) of \(expected.count) credited when killed")
        #expect(credited.count % Platform.creditingBatchSize == 0, "\(credited.count) credited: a batch was torn")
        #expect(credited.allSatisfy { expected[$0.key] == $0.value }, "a killed run credited a wrong amount")
        for region in ["440300", "110100", "440100"] {
            #expect(
                try reopened.store.read { try $0.creditingRun(month: Self.crediting.description, region: region) }
                    == nil)
        }

        // When: the run is started again and left to finish.
        let rerun = try Child(
            arguments: ["--db", path, "credit", "--month", Self.crediting.description], today: "2025-06-30",
            folder: folder, name: "credit-rerun")
        try rerun.wait(seconds: 300)
        try #require(rerun.exitedNormally, "the rerun failed: \(rerun.log)")
        print("crash-safety: rerun finished, \(elapsed())")

        // Then: every account holds exactly one month's credit, and a third run finds nothing to do.
        let final = try ConcurrencyTests.personalBalances(reopened.store)
        let wrong = expected.filter { final[$0.key] != $0.value }
        let example = wrong.first.map { "\($0.key) holds \(final[$0.key] ?? .zero), expected \($0.value)" } ?? ""
        #expect(wrong.isEmpty, "\(wrong.count) accounts not credited exactly once, e.g. \(example)")
        let again = try reopened.runCrediting(month: Self.crediting.description)
        #expect(again.credited == 0 && again.skipped[CreditSkipReason.alreadyCredited.rawValue] == expected.count)
        let finalAudit = try reopened.audit()
        #expect(finalAudit.ok, "audit after the rerun: \(finalAudit.violations.prefix(5))")
    }

    /// Retired people in 深圳一档, 北京 and 广州 (a fixed monthly credit, no contribution needed), enrolled through the
    /// platform in one transaction. Returns each person's expected net credit for the month.
    static func seedRetired(path: String, count: Int) throws -> [String: Fen] {
        let store = try SQLiteStore(path: path)
        let choices = [SchemeChoice.shenzhen1, .beijing, .guangzhou]
        let figures = try choices.map { try CreditFigures($0) }
        return try store.write { tx in
            let platform = try Shipped.platform(store: OneTransactionStore(tx), clock: .fixed(date("2025-06-30")))
            var expected: [String: Fen] = [:]
            for i in 0..<count {
                let choice = choices[i % choices.count]
                let birth = date("1940-01-01").adding(days: i % 9_000)
                let id = DemoSeed.idNumber(prefix: choice.idPrefix, birth: birth.description, sequence: 1 + i / 9_000)
                let enrolled = try platform.enrol(
                    EnrolRequest(
                        idNumber: id, name: "退休\(i)", region: choice.region,
                        insuranceType: .employeeBasic, tier: choice.tier, personType: .retired, base: "6000.00",
                        start: "2025-01-01"),
                    key: "enrol-\(i)")
                let credit = try #require(
                    figures[i % choices.count].credit(
                        personType: .retired, paidBase: nil, birth: birth,
                        month: crediting))
                expected[enrolled.psn_no] = credit.0 - credit.1
            }
            return expected
        }
    }

    // MARK: settle-batch

    /// A small 深圳 family and neighbours with six months of credits: a holder, two relatives on 二档 and one on
    /// 一档 granted 共济 by the holder, and eight more 一档 employees.
    struct Settlers {
        let people: [String]
        let personIds: [String: Int64]
        let balances: [String: Fen]
    }

    static func seedSettlers(path: String) throws -> Settlers {
        let store = try SQLiteStore(path: path)
        try store.write { tx in
            let platform = try Shipped.platform(store: OneTransactionStore(tx), clock: .fixed(date("2025-07-15")))
            var people: [String] = []
            for i in 0..<12 {
                let tier = i == 1 || i == 2 ? "2" : "1"
                let id = DemoSeed.idNumber(prefix: "440303", birth: "1975-03-\(10 + i)", sequence: 200 + i)
                people.append(
                    try platform.enrol(
                        EnrolRequest(
                            idNumber: id, name: "流水\(i)", region: "440300", insuranceType: .employeeBasic,
                            tier: tier, personType: .inService, base: i == 0 ? "30000.00" : "9000.00",
                            start: "2025-01-01"), key: "enrol-\(i)"
                    ).psn_no)
            }
            for m in 1...6 {
                for (i, p) in people.enumerated() where i != 1 && i != 2 {
                    _ = try platform.postContribution(
                        ContributionRequest(person: p, month: "2025-0\(m)"), key: "c-\(i)-\(m)")
                }
                _ = try platform.runCrediting(month: "2025-0\(m)")
            }
            for r in 1...3 {
                _ = try platform.grantFamily(holder: people[0], relative: people[r], relation: "子女", key: "grant-\(r)")
            }
        }
        let ids = try store.read { tx in try tx.persons(limit: 100, offset: 0).map { ($0.psnNo, $0.id ?? 0) } }
        return Settlers(
            people: ids.map(\.0), personIds: Dictionary(uniqueKeysWithValues: ids),
            balances: try ConcurrencyTests.personalBalances(store))
    }

    @Test(
        "A settle-batch stream killed mid-way keeps every acknowledged settlement and only what it wrote",
        arguments: [1, 4])
    func settleBatchSurvivesKill(group: Int) throws {
        try Self.streamSurvivesKill(
            options: ["--group", String(group)], name: "group-\(group)", inFlightMax: group + 3,
            seed: 4_242 + UInt64(group))
    }

    /// The stream as the server settles it: bills through `GroupCommitter`, four callers at a time, whose batches
    /// each commit in one `synchronous = FULL` transaction before any of their callers is answered.
    @Test("A stream settled through the group committer, killed mid-way, keeps every acknowledged settlement")
    func groupCommittedStreamSurvivesKill() throws {
        try Self.streamSurvivesKill(options: ["--callers", "4"], name: "callers-4", inFlightMax: 4 + 3, seed: 4_343)
    }

    /// Streams bills into `yibao settle-batch OPTIONS` with at most `inFlightMax` unacknowledged, kills the child
    /// after 40 acknowledgements, and checks the database it leaves.
    static func streamSurvivesKill(options: [String], name: String, inFlightMax: Int, seed: UInt64) throws {
        let folder = try temporaryFolder("crash-settle")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("ledger.sqlite").path
        let settlers = try Self.seedSettlers(path: path)
        #expect(try allSettlements(SQLiteStore(path: path)).isEmpty)

        // When: bills stream in with a few in flight; after 40 acknowledgements the child is killed.
        let child = try Child(
            arguments: ["--db", path, "settle-batch"] + options, today: "2025-07-15",
            folder: folder, name: "settle-batch-\(name)", pipes: true)
        let reader = LineReader(try #require(child.stdout).fileHandleForReading)
        let acknowledgementsWanted = 40
        var rng = SplitMix64(seed: seed)
        var sent: [String: String] = [:]
        var acked: [String: String] = [:]
        var next = 0
        while acked.count < acknowledgementsWanted {
            while next - acked.count < inFlightMax {
                let person = settlers.people[next % settlers.people.count]
                let key = "stream-\(name)-\(next)"
                let bill = String(
                    decoding: Bills.random(for: .shenzhen1, on: date("2025-07-15"), using: &rng), as: UTF8.self)
                let line = "{\"person\": \"\(person)\", \"key\": \"\(key)\", \"bill\": \(bill)}"
                try #require(
                    child.send(line.replacingOccurrences(of: "\n", with: " ")),
                    "could not write to the child: \(child.log)")
                sent[key] = person
                next += 1
            }
            switch reader.next(timeoutSeconds: 20) {
            case .line(let text):
                let parts = text.split(separator: " ").map(String.init)
                try #require(
                    parts.count == 3 && parts[0] == "ack" && sent[parts[1]] != nil,
                    "unexpected line “\(text)”: \(child.log)")
                acked[parts[1]] = parts[2]
            case .end:
                try #require(Bool(false), "the child ended after \(acked.count) acknowledgements: \(child.log)")
            case .timedOut:
                let why = "each must be flushed once its commit is durable"
                try #require(Bool(false), "no acknowledgement within 20 s after \(acked.count) (\(why)): \(child.log)")
            }
        }
        // A few milliseconds later, so that the kill lands in different places: reading, settling, committing.
        usleep(UInt32.random(in: 0...8_000, using: &rng))
        let killed = child.kill()
        try child.wait(seconds: 30)
        child.stdin?.fileHandleForWriting.closeFile()
        try #require(killed && child.wasKilled, "the child was not killed: \(child.log)")
        try Self.checkAfterKill(path: path, settlers: settlers, sent: sent, acked: acked, inFlightMax: inFlightMax)
    }

    /// Every acknowledged settlement is stored for its person; every stored one answers a bill that was sent (its
    /// idempotency record names it); at most the bills in flight were stored unacknowledged; balances follow.
    static func checkAfterKill(
        path: String, settlers: Settlers, sent: [String: String], acked: [String: String],
        inFlightMax: Int
    ) throws {
        let store = try SQLiteStore(path: path)
        let platform = try Shipped.platform(store: store, clock: .fixed(date("2025-07-15")))
        let audit = try platform.audit()
        #expect(audit.ok, "audit after the kill: \(audit.violations.prefix(5))")
        let stored = try allSettlements(store)
        print("crash-safety: settle-batch killed after \(acked.count) of \(sent.count) bills; \(stored.count) stored")
        var written: [String: String] = [:]
        try store.read { tx in
            for key in sent.keys {
                guard let record = try tx.idempotency(key: "settle:\(key)") else { continue }
                // The record keeps at least the settlement ID, whatever else it keeps.
                let answer = try JSONSerialization.jsonObject(with: Data(record.resultJSON.utf8)) as? [String: Any]
                let setlId = try #require(answer?["setl_id"] as? String, "the record of \(key) names no settlement")
                written[setlId] = key
            }
        }
        for (key, setlId) in acked {
            #expect(
                stored[setlId]?.personId == settlers.personIds[sent[key] ?? ""],
                "acknowledged \(setlId) (\(key)) is not stored")
            #expect(written[setlId] == key, "acknowledged \(setlId) is not recorded under its key \(key)")
        }
        let strays = Set(stored.keys).subtracting(written.keys).sorted()
        #expect(Set(stored.keys) == Set(written.keys), "stored settlements that answer no bill sent: \(strays)")
        #expect(
            stored.count >= acked.count && stored.count - acked.count <= inFlightMax,
            "\(stored.count) stored for \(acked.count) acknowledged with at most \(inFlightMax) in flight")
        var expected = settlers.balances
        let psnNo = Dictionary(uniqueKeysWithValues: settlers.personIds.map { ($1, $0) })
        for s in stored.values {
            if let p = psnNo[s.personId], expected[p] != nil { expected[p]? -= s.accountFen }
            if let h = s.mutualAidHolderId.flatMap({ psnNo[$0] }) { expected[h]? -= s.mutualAidFen }
        }
        #expect(
            try ConcurrencyTests.personalBalances(store) == expected, "balances do not follow the stored settlements")
    }
}
