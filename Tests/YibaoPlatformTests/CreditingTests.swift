import Foundation
import Testing
import YibaoCore
import YibaoPlatform

@Suite("Contributions and monthly crediting")
struct CreditingTests {
    @Test(
        "深圳一档 clamps the base to 6733.00–33666.00 and splits it 5% employer, 2% employee",
        arguments: [
            ("5000.00", "6733.00", "336.65", "134.66"), ("6732.99", "6733.00", "336.65", "134.66"),
            ("6733.00", "6733.00", "336.65", "134.66"), ("6733.01", "6733.01", "336.65", "134.66"),
            ("10000.00", "10000.00", "500.00", "200.00"), ("33665.99", "33665.99", "1683.30", "673.32"),
            ("33666.00", "33666.00", "1683.30", "673.32"), ("33666.01", "33666.00", "1683.30", "673.32"),
            ("50000.00", "33666.00", "1683.30", "673.32"),
        ])
    func baseClampedAndSplit(base: String, clamped: String, employer: String, employee: String) throws {
        let world = try World(today: "2025-06-20")
        let psn = try world.enrol("张伟", id: idNumber(1))
        let paid = try world.platform.postContribution(
            ContributionRequest(person: psn, month: "2025-06", base: base), key: "c")
        #expect(paid.baseFen == fen(clamped))
        #expect(paid.employerFen == fen(employer))
        #expect(paid.employeeFen == fen(employee))
        #expect(paid.kind == .monthly)
        let transfer = try #require(
            try world.store.read { try $0.transfer(idempotencyKey: "contribution:\(paid.insuranceId):2025-06") })
        #expect(transfer.amountFen == paid.employerFen + paid.employeeFen)
        #expect(transfer.code == .contribution)
    }

    @Test("The parts of the minimum base are 336.65 and 134.66")
    func minimumBaseParts() throws {
        let world = try World(today: "2025-06-20")
        let psn = try world.enrol("郑磊", id: idNumber(2), base: "6000.00")
        let paid = try world.platform.postContribution(ContributionRequest(person: psn, month: "2025-06"), key: "c")
        #expect(paid.baseFen == fen("6733.00"))
        #expect(paid.employerFen == fen("336.65"))
        #expect(paid.employeeFen == fen("134.66"))
    }

    @Test("深圳一档 in service with a base of 10,000.00 is credited 200.00")
    func shenzhenInService() throws {
        let world = try World(today: "2025-02-05")
        let psn = try world.enrol("张伟", id: idNumber(1))
        try world.pin("2025-01-15")
        _ = try world.platform.postContribution(ContributionRequest(person: psn, month: "2025-01"), key: "c")
        try world.pin("2025-02-05")
        let report = try world.platform.runCrediting(month: "2025-01")
        #expect(report.credited == 1)
        #expect(report.totalFen == fen("200.00"))
        #expect(try world.account(psn).balanceFen == fen("200.00"))
        #expect(try world.platform.audit().ok)
    }

    @Test("广州 retired: 169.08 credited and 8.66 长护险 withheld by a separate transfer")
    func guangzhouRetired() throws {
        let world = try World(today: "2025-03-05")
        let psn = try world.enrol(
            "陈伯", id: idNumber(3, prefix: "440106", birth: "1955-01-01"), region: "440100", tier: nil,
            personType: .retired, base: "0.00")
        let report = try world.platform.runCrediting(month: "2025-02")
        #expect(report.credited == 1)
        #expect(report.totalFen == fen("160.42"))
        #expect(report.deductedFen == fen("8.66"))
        let account = try world.account(psn, region: "440100")
        #expect(account.balanceFen == fen("160.42"))
        let lines = try world.platform.statement(person: psn).lines
        #expect(Set(lines.map(\.code)) == [TransferCode.credit.rawValue, TransferCode.creditDeduction.rawValue])
        #expect(lines.first { $0.code == TransferCode.credit.rawValue }?.amountFen == fen("169.08"))
        #expect(lines.first { $0.code == TransferCode.creditDeduction.rawValue }?.amountFen == Fen(-866))
        let credit = try #require(try world.store.read { try $0.credit(accountId: account.id ?? 0, month: "2025-02") })
        #expect(credit.amountFen == fen("169.08"))
        #expect(credit.deductionFen == fen("8.66"))
        #expect(try world.platform.audit().ok)
    }

    @Test(
        "北京 retired: 100.00 a month under 70, 110.00 from the first month begun at 70, and 110.00 at 72",
        arguments: [
            ("1955-06-15", "2025-06", "100.00"), ("1955-06-15", "2025-07", "110.00"),
            ("1953-04-20", "2025-06", "110.00"),
        ])
    func beijingRetired(birth: String, month: String, credited: String) throws {
        let world = try World(today: "2025-08-05")
        let psn = try world.enrol(
            "赵秀英", id: idNumber(4, prefix: "110105", birth: birth), region: "110100", tier: nil,
            personType: .retired, base: "0.00", start: "2013-05-01")
        let report = try world.platform.runCrediting(month: month)
        #expect(report.totalFen == fen(credited))
        #expect(try world.account(psn, region: "110100").balanceFen == fen(credited))
    }

    @Test("上海 retired are credited yearly, in January only")
    func shanghaiRetiredYearly() throws {
        let world = try World(today: "2025-03-05")
        let psn = try world.enrol(
            "沈阿姨", id: idNumber(5, prefix: "310101", birth: "1958-03-01"), region: "310100", tier: nil,
            personType: .retired, base: "0.00")
        let january = try world.platform.runCrediting(month: "2025-01")
        #expect(january.totalFen == fen("1680.00"))
        let february = try world.platform.runCrediting(month: "2025-02")
        #expect(february.credited == 0)
        #expect(february.skipped["not_this_month"] == 1)
        #expect(try world.account(psn, region: "310100").balanceFen == fen("1680.00"))
    }

    @Test("A rerun credits nothing more, and a back-paid month is credited by the next run")
    func creditingIsIdempotentPerMonth() throws {
        let world = try World(today: "2025-04-20")
        let psn = try world.enrol("黄磊", id: idNumber(6))
        try world.payAndCredit(psn, months: ["2025-01", "2025-03"])
        try world.pin("2025-02-05")
        let february = try world.platform.runCrediting(month: "2025-02")
        #expect(february.credited == 0)
        #expect(february.skipped["contribution_unpaid"] == 1)
        let before = try world.snapshot()
        let rerun = try world.platform.runCrediting(month: "2025-01")
        #expect(rerun.credited == 0)
        #expect(rerun.skipped["already_credited"] == 1)
        #expect(try world.snapshot().transfers == before.transfers)
        #expect(try world.snapshot().accounts == before.accounts)
        #expect(try world.account(psn).balanceFen == fen("400.00"))

        try world.pin("2025-04-20")
        let backPaid = try world.platform.backPay(person: psn, from: "2025-01", to: "2025-03", key: "back")
        #expect(backPaid.map(\.month) == ["2025-02"])
        #expect(backPaid.map(\.kind) == [.backPay])
        let afterBackPay = try world.platform.runCrediting(month: "2025-02")
        #expect(afterBackPay.credited == 1)
        #expect(afterBackPay.totalFen == fen("200.00"))
        #expect(try world.account(psn).balanceFen == fen("600.00"))
        #expect(try world.platform.runCrediting(month: "2025-02").credited == 0)
        #expect(try world.platform.audit().ok)
    }

    @Test("A run raced by another credits each account once and reports the other's credits as already credited")
    func creditingRace() throws {
        // Given: 广州 and 北京 retired people in a file store, and a run whose batch is read before another run (for
        // 北京 only) commits, and written after.
        let world = try World(.file, today: "2025-03-05")
        var people: [(psn: String, region: String, net: Fen)] = []
        for i in 0..<4 {
            let gz = try world.enrol(
                "陈伯\(i)", id: idNumber(10 + i, prefix: "440106", birth: "1955-01-01"), region: "440100", tier: nil,
                personType: .retired, base: "0.00")
            let bj = try world.enrol(
                "赵姨\(i)", id: idNumber(20 + i, prefix: "110105", birth: "1960-02-02"), region: "110100", tier: nil,
                personType: .retired, base: "0.00", start: "2013-05-01")
            people += [(gz, "440100", fen("160.42")), (bj, "110100", fen("100.00"))]
        }
        let racing = RacingStore(world.fixture.store)
        racing.race = { _ = try world.platform.runCrediting(month: "2025-02", region: "110100") }
        let raced = Platform(
            store: racing, catalog: world.platform.catalog, regions: world.platform.regions,
            calendar: world.platform.calendar, clock: world.platform.clock)

        // When
        let report = try raced.runCrediting(month: "2025-02")

        // Then: the other run's credits are left out and counted as already credited; nothing is credited twice.
        #expect(racing.raced)
        #expect(report.examined == 8)
        #expect(report.credited == 4)
        #expect(report.skipped["already_credited"] == 4)
        #expect(report.totalFen == fen("160.42") * 4)
        for p in people {
            #expect(try world.account(p.psn, region: p.region).balanceFen == p.net, "\(p.psn)")
        }
        #expect(try world.store.read { try $0.creditingRun(month: "2025-02", region: "440100") }?.accountsCredited == 4)
        #expect(try world.platform.audit().ok)
        let rerun = try raced.runCrediting(month: "2025-02")
        #expect(rerun.credited == 0 && rerun.skipped["already_credited"] == 8)
    }

    @Test("A month already paid is refused, and back-pay with nothing unpaid is refused")
    func contributionOncePerMonth() throws {
        let world = try World(today: "2025-04-20")
        let psn = try world.enrol("黄磊", id: idNumber(6))
        try world.payAndCredit(psn, months: ["2025-03"], credit: false)
        try world.pin("2025-04-20")
        let before = try world.snapshot()
        #expect(throws: PlatformError.contributionExists(month: "2025-03")) {
            _ = try world.platform.postContribution(ContributionRequest(person: psn, month: "2025-03"), key: "again")
        }
        #expect(throws: PlatformError.contributionNotDue(month: "2025-03–2025-03")) {
            _ = try world.platform.backPay(person: psn, from: "2025-03", to: "2025-03", key: "nothing")
        }
        #expect(try world.snapshot() == before)
    }
}

/// A store that runs `race` once, just before its first write: another run committing between a crediting batch's
/// read and its write.
final class RacingStore: LedgerStore, @unchecked Sendable {
    let base: any LedgerStore
    var race: (() throws -> Void)?
    private(set) var raced = false

    init(_ base: any LedgerStore) { self.base = base }

    func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        if let race, !raced {
            raced = true
            try race()
        }
        return try base.write(body)
    }

    func read<T>(_ body: (any StoreReader) throws -> T) throws -> T { try base.read(body) }
    var readsBesideWrites: Bool { base.readsBesideWrites }
}
