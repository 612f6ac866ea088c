import Testing
import YibaoCore
import YibaoPolicy
@testable import YibaoSettlement

/// Worked examples on the fictional pack `Fixtures/900100-2025.toml` (测试市), for rules no shipped pack has.
///
/// Outpatient: no deductible, 50%, cap 2,000.00. 乙类 default share 10%. Inpatient: per-year deductible 1,000
/// (retired 800); up to 100,000 hifp 80% (retired 90%); up to 400,000 hifob 70%; caps hifp 70,000.00,
/// hifob 180,000.00. Out of area: long term 0, temporary referred −10 points, temporary other −20 points.
@Suite("Worked examples: fixture pack 900100")
struct FixturePackWorkedExampleTests {
    @Test("The fixture pack passes the policy validator")
    func fixtureIsValid() throws {
        let pack = try fixturePack("900100-2025.toml")
        #expect(PolicyValidator.problems(in: pack).map(\.message) == [])
    }

    @Test("乙类 items without selfpay_prop take the pack's default share; an explicit share wins")
    func classBDefaultShare() throws {
        let (r, steps) = try TestEngines.fixture().settleExplained(bill("900100", med: .generalOutpatient, items: [
            item("1", "1000.00", .classB), item("2", "200.00", .classB, share: "0.30"),
        ]))
        // Item 1: 1000 × 10% (pack) = 100.00; item 2: 200 × 30% = 60.00 → preselfpay 160.00.
        // inscp = 900 + 140 = 1040.00; hifp = 1040 × 50% = 520.00; pool 520.00; psn = 1200 − 520 = 680.00.
        // Cap 2000 − 520 = 1480.00 left.
        expectSettlement(r, Expected(
            medfee: "1200.00", fulamt: "0.00", overlmt: "0.00", preselfpay: "160.00", inscp: "1040.00", dedc: "0.00",
            hifp: "520.00", poolPropSelfpay: "520.00", fundTotal: "520.00", psnPart: "680.00", acctPay: "0.00",
            cash: "680.00", balc: "0.00", funds: [(.hifp, "520.00", "1480.00")],
            ytd: ytd(outpatientInscp: "1040.00", outpatientHifp: "520.00")))
        #expect(steps.contains(.classBItem(serial: "1", baseFen: fen("1000.00"), shareBps: Bps(1_000),
            preSelfPayFen: fen("100.00"), fromPack: true)))
        #expect(steps.contains(.classBItem(serial: "2", baseFen: fen("200.00"), shareBps: Bps(3_000),
            preSelfPayFen: fen("60.00"), fromPack: false)))
    }

    @Test("A per-year inpatient deductible is spread over admissions until it is paid")
    func perYearInpatientDeductible() throws {
        let engine = try TestEngines.fixture()
        // Stay 1: 600.00 in scope, all of it toward the 1,000 deductible; no band is reached.
        let first = try engine.settle(bill("900100", items: [item("1", "600.00")]))
        expectSettlement(first, Expected(
            medfee: "600.00", fulamt: "0.00", overlmt: "0.00", preselfpay: "0.00", inscp: "600.00", dedc: "600.00",
            hifp: "0.00", poolPropSelfpay: "0.00", fundTotal: "0.00", psnPart: "600.00", acctPay: "0.00",
            cash: "600.00", balc: "0.00", funds: [(.hifp, "0.00", "70000.00"), (.hifob, "0.00", "180000.00")],
            ytd: ytd(inscp: "600.00", deductible: "600.00", admissions: 1)))
        // Stay 2: 5,000.00; 400.00 of the deductible is left; bands from 1,000 to 5,600: 4,600 × 80% = 3,680.00.
        // pool = 5000 − 400 − 3680 = 920.00; psn = 1,320.00; hifp cap 70000 − 3680 = 66,320.00 left.
        let second = try engine.settle(bill("900100", ytd: first.yearToDate, items: [item("1", "5000.00")]))
        expectSettlement(second, Expected(
            medfee: "5000.00", fulamt: "0.00", overlmt: "0.00", preselfpay: "0.00", inscp: "5000.00", dedc: "400.00",
            hifp: "3680.00", poolPropSelfpay: "920.00", fundTotal: "3680.00", psnPart: "1320.00", acctPay: "0.00",
            cash: "1320.00", balc: "0.00", funds: [(.hifp, "3680.00", "66320.00"), (.hifob, "0.00", "180000.00")],
            ytd: ytd(inscp: "5600.00", hifp: "3680.00", deductible: "1000.00", admissions: 2)))
        // Stay 3: deductible paid; 1,000 × 80% = 800.00; pool 200.00; 66320 − 800 = 65,520.00 left.
        let third = try engine.settle(bill("900100", ytd: second.yearToDate, items: [item("1", "1000.00")]))
        expectSettlement(third, Expected(
            medfee: "1000.00", fulamt: "0.00", overlmt: "0.00", preselfpay: "0.00", inscp: "1000.00", dedc: "0.00",
            hifp: "800.00", poolPropSelfpay: "200.00", fundTotal: "800.00", psnPart: "200.00", acctPay: "0.00",
            cash: "200.00", balc: "0.00", funds: [(.hifp, "800.00", "65520.00"), (.hifob, "0.00", "180000.00")],
            ytd: ytd(inscp: "6600.00", hifp: "4480.00", deductible: "1000.00", admissions: 3)))
    }

    @Test("The pooled fund stops at its cap inside a band and the large-sum fund pays the next band")
    func pooledCapThenLargeSum() throws {
        let before = ytd(inscp: "86000.00", hifp: "68000.00", deductible: "1000.00", admissions: 2)
        let r = try TestEngines.fixture().settle(bill("900100", ytd: before, items: [item("1", "24000.00")]))
        // Deductible paid. 86,000–100,000 = 14,000 × 80% = 11,200.00 wanted, hifp cap 70000 − 68000 = 2,000.00 left
        // → hifp 2,000.00. 100,000–110,000 = 10,000 × 70% = 7,000.00 hifob (cap 180,000 → 173,000.00 left).
        // fund = 9,000.00; pool = 24000 − 9000 = 15,000.00; psn 15,000.00.
        expectSettlement(r, Expected(
            medfee: "24000.00", fulamt: "0.00", overlmt: "0.00", preselfpay: "0.00", inscp: "24000.00", dedc: "0.00",
            hifp: "2000.00", hifob: "7000.00", poolPropSelfpay: "15000.00", fundTotal: "9000.00", psnPart: "15000.00",
            acctPay: "0.00", cash: "15000.00", balc: "0.00",
            funds: [(.hifp, "2000.00", "0.00"), (.hifob, "7000.00", "173000.00")],
            ytd: ytd(inscp: "110000.00", hifp: "70000.00", hifob: "7000.00", deductible: "1000.00", admissions: 3)))
    }

    @Test("The large-sum fund stops at its own cap")
    func largeSumCap() throws {
        let before = ytd(inscp: "350000.00", hifp: "70000.00", hifob: "175000.00", deductible: "1000.00", admissions: 4)
        let b = bill("900100", ytd: before, items: [item("1", "20000.00")])
        let (r, steps) = try TestEngines.fixture().settleExplained(b)
        // 350,000–370,000 = 20,000 × 70% = 14,000.00 wanted; hifob cap 180000 − 175000 = 5,000.00 left → 5,000.00.
        // hifp: no amount in its band, nothing left anyway. pool = 20000 − 5000 = 15,000.00.
        expectSettlement(r, Expected(
            medfee: "20000.00", fulamt: "0.00", overlmt: "0.00", preselfpay: "0.00", inscp: "20000.00", dedc: "0.00",
            hifp: "0.00", hifob: "5000.00", poolPropSelfpay: "15000.00", fundTotal: "5000.00", psnPart: "15000.00",
            acctPay: "0.00", cash: "15000.00", balc: "0.00",
            funds: [(.hifp, "0.00", "0.00"), (.hifob, "5000.00", "0.00")],
            ytd: ytd(inscp: "370000.00", hifp: "70000.00", hifob: "180000.00", deductible: "1000.00", admissions: 5)))
        #expect(steps.contains(.capApplied(fund: .hifob, capFen: fen("180000.00"), paidBeforeFen: fen("175000.00"),
            computedFen: fen("14000.00"), paidFen: fen("5000.00"))))
    }

    @Test("Out-of-area filing status lowers the ratio as the pack says",
        arguments: [
            // (status, hifp = (11000 − 1000) × (80% − reduction))
            (OffsiteStatus.longTerm, "8000.00"),  // 80% − 0
            (.temporaryReferred, "7000.00"),  // 80% − 10 points = 70%
            (.temporaryOther, "6000.00"),  // 80% − 20 points = 60%
        ])
    func offsiteReductions(status: OffsiteStatus, hifp: String) throws {
        // Insured in 900100, treated in 440300 (no region table: codes compare as written).
        let r = try TestEngines.fixture().settle(bill("900100", treatedIn: "440300", offsite: status,
            items: [item("1", "11000.00")]))
        // Deductible 1000.00; pool = 10000 − hifp; psn = 1000 + pool; hifp cap 70000 − hifp left.
        let pool = (fen("10000.00") - fen(hifp)).description
        let psn = (fen("11000.00") - fen(hifp)).description
        expectSettlement(r, Expected(
            medfee: "11000.00", fulamt: "0.00", overlmt: "0.00", preselfpay: "0.00", inscp: "11000.00",
            dedc: "1000.00", hifp: hifp, poolPropSelfpay: pool, fundTotal: hifp, psnPart: psn, acctPay: "0.00",
            cash: psn, balc: "0.00",
            funds: [(.hifp, hifp, (fen("70000.00") - fen(hifp)).description), (.hifob, "0.00", "180000.00")],
            ytd: ytd(inscp: "11000.00", hifp: hifp, deductible: "1000.00", admissions: 1)))
    }

    @Test("The temporary referred reduction is named in the explanation")
    func offsiteReductionExplained() throws {
        let b = bill("900100", treatedIn: "440300", offsite: .temporaryReferred, items: [item("1", "11000.00")])
        let (r, steps) = try TestEngines.fixture().settleExplained(b)
        let lines = SettlementExplanation.lines(bill: b, result: r, steps: steps)
        #expect(lines.contains { $0.contains("10000.00 元 × 70%（临时外出就医（转诊或急诊）降低 10%） = 7000.00 元") })
    }
}
