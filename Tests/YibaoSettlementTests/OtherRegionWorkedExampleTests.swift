import Testing
import YibaoCore
import YibaoPolicy
@testable import YibaoSettlement

/// Worked examples for 广州 (440100) and 天津 (120100), and the refusals of bills no pack can settle.
///
/// 广州 outpatient (community and level 1 only): no deductible, in service 80%, retired 85%; caps 7,616.00 in
/// service, 10,663.00 retired. 天津 outpatient: per-year deductible 800, 50%, cap a declared gap.
@Suite("Worked examples: 广州 440100, 天津 120100, and refusals")
struct OtherRegionWorkedExampleTests {
    @Test("广州 outpatient at a community centre, in service: 80%, the account pays the in-scope part")
    func guangzhouInServiceCommunity() throws {
        let r = try TestEngines.shipped().settle(bill("440100", med: .generalOutpatient, level: .community,
            useAccount: true, balance: "10.00", items: [item("1", "150.00"), item("2", "20.00", .classC)]))
        // hifp = 150 × 80% = 120.00; pool 30.00; psn = 170 − 120 = 50.00.
        // Account may pay 50 − 20 = 30.00 but has 10.00 → acct 10.00, cash 40.00, balc 0.00; cap 7616 − 120 = 7496.00.
        expectSettlement(r, Expected(
            medfee: "170.00", fulamt: "20.00", overlmt: "0.00", preselfpay: "0.00", inscp: "150.00", dedc: "0.00",
            hifp: "120.00", poolPropSelfpay: "30.00", fundTotal: "120.00", psnPart: "50.00", acctPay: "10.00",
            cash: "40.00", balc: "0.00", funds: [(.hifp, "120.00", "7496.00")],
            ytd: ytd(outpatientInscp: "150.00", outpatientHifp: "120.00")))
    }

    @Test("广州 outpatient at a level 1 hospital, retired: 85% with the retired cap")
    func guangzhouRetiredLevel1() throws {
        let r = try TestEngines.shipped().settle(bill("440100", person: .retired, age: 70, med: .generalOutpatient,
            level: .level1, items: [item("1", "150.00"), item("2", "20.00", .classC)]))
        // hifp = 150 × 85% = 127.50; pool 22.50; psn = 170 − 127.50 = 42.50 cash; cap 10663 − 127.50 = 10535.50.
        expectSettlement(r, Expected(
            medfee: "170.00", fulamt: "20.00", overlmt: "0.00", preselfpay: "0.00", inscp: "150.00", dedc: "0.00",
            hifp: "127.50", poolPropSelfpay: "22.50", fundTotal: "127.50", psnPart: "42.50", acctPay: "0.00",
            cash: "42.50", balc: "0.00", funds: [(.hifp, "127.50", "10535.50")],
            ytd: ytd(outpatientInscp: "150.00", outpatientHifp: "127.50")))
    }

    @Test("广州 outpatient at a level 2 or 3 hospital is refused: the pack has no ratio there",
        arguments: [InstitutionLevel.level2, .level3])
    func guangzhouLevelNotCovered(level: InstitutionLevel) throws {
        let error = #expect(throws: SettlementError.self) {
            try TestEngines.shipped().settle(bill("440100", med: .generalOutpatient, level: level,
                items: [item("1", "100.00")]))
        }
        #expect(error == .levelNotCovered(region: "440100", year: 2025, benefit: "广州职工医保普通门诊统筹",
            level: level.rawValue))
        #expect(error?.message.contains(level.label) == true)
    }

    @Test("天津 outpatient: per-year deductible 800, then 50%; the cap is a declared gap")
    func tianjinOutpatient() throws {
        let r = try TestEngines.shipped().settle(bill("120100", med: .generalOutpatient, level: .level2,
            useAccount: true, balance: "2000.00", items: [item("1", "1000.00")]))
        // dedc 800.00; hifp = 200 × 50% = 100.00; pool 100.00; psn 900.00.
        // Account may pay all 900.00 (no 全自费) → acct 900.00, cash 0.00, balc 1100.00.
        expectSettlement(r, Expected(
            medfee: "1000.00", fulamt: "0.00", overlmt: "0.00", preselfpay: "0.00", inscp: "1000.00", dedc: "800.00",
            hifp: "100.00", poolPropSelfpay: "100.00", fundTotal: "100.00", psnPart: "900.00", acctPay: "900.00",
            cash: "0.00", balc: "1100.00", funds: [(.hifp, "100.00", nil)], capNotConfigured: true,
            ytd: ytd(outpatientInscp: "1000.00", outpatientHifp: "100.00", outpatientDeductible: "800.00")))
    }

    @Test("Bills the packs cannot settle are refused with the missing part named",
        arguments: [
            // 天津 has no inpatient rules.
            (bill("120100", items: [item("1", "100.00")]),
                SettlementError.benefitMissing(region: "120100", year: 2025, scheme: "天津职工医保",
                    medicalType: "21")),
            // 广州 has no inpatient rules either.
            (bill("440100", items: [item("1", "100.00")]),
                .benefitMissing(region: "440100", year: 2025, scheme: "广州职工医保", medicalType: "21")),
            // 佛山 has a 乙类 default share but no benefit tables at all.
            (bill("440600", med: .generalOutpatient, items: [item("1", "100.00", .classB)]),
                .benefitMissing(region: "440600", year: 2025, scheme: "佛山职工医保", medicalType: "11")),
            // No 2024 pack for 深圳.
            (bill("440300", tier: "1", year: 2024, items: [item("1", "100.00")]),
                .yearMissing(region: "440300", year: 2024, available: [2025])),
            // No pack at all for 杭州.
            (bill("330100", items: [item("1", "100.00")]), .regionMissing(region: "330100")),
            // 北京 has no residents' scheme.
            (bill("110100", .residentsBasic, items: [item("1", "100.00")]),
                .schemeMissing(region: "110100", year: 2025, insuranceType: "390", tier: nil)),
            // 深圳 一档 has no rules for 门诊慢特病 (14).
            (bill("440300", tier: "1", med: .chronicOutpatient, items: [item("1", "100.00")]),
                .benefitMissing(region: "440300", year: 2025, scheme: "职工医保一档", medicalType: "14")),
        ])
    func refusals(b: Bill, expected: SettlementError) throws {
        let error = #expect(throws: SettlementError.self) { try TestEngines.shipped().settle(b) }
        #expect(error == expected)
        #expect(error?.message.isEmpty == false)
        #expect(error?.message.contains(b.insuredRegion) == true)
    }

    @Test("A refused bill is refused by settleExplained too")
    func refusalIsTheSameWhenExplained() throws {
        #expect(throws: SettlementError.regionMissing(region: "330100")) {
            try TestEngines.shipped().settleExplained(bill("330100", items: [item("1", "100.00")]))
        }
    }
}
