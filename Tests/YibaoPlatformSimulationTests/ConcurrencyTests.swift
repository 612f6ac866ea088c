import Foundation
import Testing
import YibaoCore
import YibaoPlatform
import YibaoStore

@Suite("Concurrent settlements against one holder's account")
struct ConcurrencyTests {
    static let tasks = 32
    static let billsPerTask = 20
    static let seed: UInt64 = 20_250_715

    /// One settled bill, as the caller was answered.
    struct Outcome: Sendable {
        let key: String
        let person: String
        let groupCommitted: Bool
        let result: SettleResult
    }

    /// The people: a 深圳一档 holder, four relatives on 二档 (no account of their own) and one on 一档 (own account
    /// first, then the holder's), every relative granted 共济 by the holder.
    struct Family {
        let holder: String
        let relatives: [String]
        var everyone: [String] { [holder] + relatives }
    }

    static func enrolFamily(_ platform: Platform) throws -> Family {
        func enrol(_ n: Int, tier: String, base: String) throws -> String {
            let id = DemoSeed.idNumber(
                prefix: tier == "1" ? "440303" : "440304", birth: "1980-0\(1 + n % 9)-1\(n % 10)", sequence: 100 + n)
            return try platform.enrol(
                EnrolRequest(
                    idNumber: id, name: "并发\(n)", region: "440300", insuranceType: .employeeBasic, tier: tier,
                    personType: .inService, base: base, start: "2025-01-01"), key: "enrol-\(n)"
            ).psn_no
        }
        let holder = try enrol(0, tier: "1", base: "30000.00")
        var relatives = try (1...4).map { try enrol($0, tier: "2", base: "8000.00") }
        relatives.append(try enrol(5, tier: "1", base: "8000.00"))
        for m in 1...6 {
            for person in [holder, relatives[4]] {
                _ = try platform.postContribution(
                    ContributionRequest(person: person, month: "2025-0\(m)"), key: "c-\(person)-\(m)")
            }
            _ = try platform.runCrediting(month: "2025-0\(m)")
        }
        for (i, r) in relatives.enumerated() {
            _ = try platform.grantFamily(
                holder: holder, relative: r, relation: ["配偶", "父母", "子女", "兄弟姐妹", "子女"][i], key: "grant-\(i)")
        }
        return Family(holder: holder, relatives: relatives)
    }

    /// Runs a blocking platform call on a dispatch thread, so that direct settlements really run side by side
    /// instead of taking turns on the two cooperative threads.
    static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }

    @Test("Settling at once through the group committer and directly loses no update and never overdraws an account")
    func concurrentSettlementsLoseNoUpdate() async throws {
        let folder = try temporaryFolder("concurrency")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("ledger.sqlite").path)
        let platform = try Shipped.platform(store: store, clock: .fixed(date("2025-07-15")))
        let family = try Self.enrolFamily(platform)
        let before = try Self.personalBalances(store)
        let holderBefore = try #require(before[family.holder])
        #expect(holderBefore == fen("3600.00"), "six months of 2% of 30,000.00")

        // When: 32 tasks settle 20 small outpatient bills each, half through the group committer, half directly.
        let committer = GroupCommitter(platform: platform)
        let monitor = Task.detached { try Self.lowestBalanceWhile(store) }
        let outcomes = try await withThrowingTaskGroup(of: [Outcome].self) { group in
            for t in 0..<Self.tasks {
                let person = family.everyone[t % family.everyone.count]
                let grouped = t < Self.tasks / 2
                group.addTask {
                    var rng = SplitMix64(seed: Self.seed &+ UInt64(t))
                    var done: [Outcome] = []
                    for b in 0..<Self.billsPerTask {
                        let bill = Bills.json(
                            date: date("2025-07-15"), medType: .generalOutpatient, level: .level3,
                            items: [(Fen(Int64.random(in: 500...4_000, using: &rng)), "01")])
                        let key = "task\(t)-bill\(b)"
                        let result: SettleResult
                        if grouped {
                            result = try await committer.settle(SettleRequest(person: person, bill: bill, key: key))
                                .get()
                        } else {
                            result = try await Self.onThread {
                                try platform.settle(person: person, bill: bill, key: key)
                            }
                        }
                        done.append(Outcome(key: key, person: person, groupCommitted: grouped, result: result))
                    }
                    return done
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        monitor.cancel()
        let (reads, lowest) = try await monitor.value

        // Then: every bill was answered once, with its own settlement.
        #expect(outcomes.count == Self.tasks * Self.billsPerTask)
        #expect(Set(outcomes.map(\.result.setl_id)).count == outcomes.count, "setl_id reused")
        #expect(
            reads > 0 && !lowest.isNegative, "a personal account was seen at \(lowest) during the run (\(reads) reads)")
        let aided = outcomes.filter { $0.result.mutualAidPayFen > .zero }
        let ownPaid = outcomes.filter { $0.result.accountPayFen > .zero }
        print(
            "concurrency: \(outcomes.count) bills, \(ownPaid.count) paid from their own account, "
                + "\(aided.count) through 共济, \(reads) balance reads during the run, lowest balance seen \(lowest)")
        #expect(!aided.isEmpty && !ownPaid.isEmpty, "neither own-account nor 共济 payments happened")
        try Self.checkAgainstModel(outcomes, family: family, before: before, store: store, platform: platform)
    }

    /// Reads every personal account until cancelled; returns how many reads were made and the lowest balance seen.
    static func lowestBalanceWhile(_ store: SQLiteStore) throws -> (Int, Fen) {
        var reads = 0
        var lowest = Fen(Int64.max)
        while !Task.isCancelled, reads < 1_000_000 {
            for a in try store.read({ try $0.accounts() }) where a.kind == .personal {
                lowest = min(lowest, a.balanceFen)
            }
            reads += 1
            usleep(2_000)
        }
        return (reads, lowest)
    }

    static func personalBalances(_ store: any LedgerStore) throws -> [String: Fen] {
        try store.read { tx in
            var out: [String: Fen] = [:]
            for a in try tx.accounts() where a.kind == .personal {
                if let owner = a.ownerPersonId, let p = try tx.person(id: owner) { out[p.psnNo] = a.balanceFen }
            }
            return out
        }
    }

    /// Final balances equal the starting balances less what the answers say each account paid; the parts of every
    /// answer add up; every answered settlement is stored and nothing else is; the audit passes.
    static func checkAgainstModel(
        _ outcomes: [Outcome], family: Family, before: [String: Fen], store: SQLiteStore,
        platform: Platform
    ) throws {
        var paid: [String: Fen] = [:]
        var answeredDebits = Fen.zero
        for o in outcomes {
            let r = o.result
            #expect(
                r.fundPayFen + r.accountPayFen + r.mutualAidPayFen + r.cashPayFen == r.medicalFeeFen,
                "parts of \(r.setl_id)")
            #expect(
                r.mutualAidPayers.reduce(Fen.zero) { $0 + $1.amountFen } == r.mutualAidPayFen, "payers of \(r.setl_id)")
            #expect(r.mutualAidPayers.allSatisfy { $0.psnNo == family.holder }, "共济 from someone other than the holder")
            paid[o.person, default: .zero] += r.accountPayFen
            for payer in r.mutualAidPayers { paid[payer.psnNo, default: .zero] += payer.amountFen }
            answeredDebits += r.accountPayFen + r.mutualAidPayFen
        }
        let after = try personalBalances(store)
        #expect(Set(after.keys) == Set(before.keys), "personal accounts changed during the run")
        var storedDebits = Fen.zero
        for (psnNo, start) in before {
            let expected = start - (paid[psnNo] ?? .zero)
            #expect(after[psnNo] == expected, "\(psnNo): \(after[psnNo] ?? Fen(-1)) held, \(expected) expected")
            #expect(try platform.statement(person: psnNo).balanceFen == expected, "statement of \(psnNo)")
            storedDebits += start - (after[psnNo] ?? .zero)
        }
        #expect(
            answeredDebits == storedDebits,
            "answers paid \(answeredDebits) from accounts, the accounts lost \(storedDebits)")
        // The bills ask for more than the holder has, so running dry under contention was exercised.
        #expect(after[family.holder] == .zero, "the holder's account was not used up: \(after[family.holder] ?? .zero)")
        #expect(outcomes.contains { $0.groupCommitted } && outcomes.contains { !$0.groupCommitted })

        let stored = try allSettlements(store)
        #expect(stored.count == outcomes.count, "\(stored.count) settlements stored for \(outcomes.count) answers")
        for o in outcomes {
            let row = stored[o.result.setl_id]
            #expect(
                row?.accountFen == o.result.accountPayFen && row?.mutualAidFen == o.result.mutualAidPayFen,
                "answered settlement \(o.result.setl_id) (\(o.key)) is missing or differs")
        }
        let report = try platform.audit()
        #expect(report.ok, "audit: \(report.violations.prefix(5))")
    }
}
