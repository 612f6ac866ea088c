import Testing
import YibaoCore
import YibaoPolicy
@testable import YibaoSettlement

/// Worked examples for 深圳 (440300), each computed by hand from `440300-2025.toml`.
///
/// Figures used: 一档 inpatient 94% (community/1), 92% (2), 90% (3), retired 95%; deductible per admission
/// 200/100, 400/200, 600/300 (first/later). 二档 inpatient 92/91/90%, retired 95% (in service
/// at 60+ is not raised: policy-facts.md gives 95% to retirees and to residents 60+ only). Residents 92/91/90%,
/// 60+ 95%. Outpatient (all schemes) 75/65/55% by level, no deductible; 一档 retired +5 points, residents 60+
/// +5 points; caps 一档 9,885.00 in service / 11,532.00 retired, 二档 and residents 2,471.00.
/// The inpatient cap is a declared gap, so inpatient bills carry `capNotConfigured`.
@Suite("Worked examples: 深圳 440300")
struct ShenzhenWorkedExampleTests {
    @Test("First admission at a level 3 hospital: deductible 600, 90%, the account pays part of the in-scope self-pay")
    func tier1FirstInpatientAdmission() throws {
        let b = bill("440300", tier: "1", useAccount: true, balance: "500.00", items: [
            item("1", "7000.00"), item("2", "1000.00", .classB, share: "0.10"), item("3", "400.00"),
            item("4", "100.00", .classC),
        ])
        let r = try TestEngines.shipped().settle(b)
        // medfee = 7000 + 1000 + 400 + 100 = 8500.00; 丙类 100.00 → fulamt.
        // 乙类 1000.00 × 10% = 100.00 先行自付; inscp = 7000 + 900 + 400 = 8300.00.
        // Deductible (level 3, 1st admission) 600.00; hifp = (8300 − 600) × 90% = 7700 × 0.9 = 6930.00.
        // pool_prop_selfpay = 8300 − 600 − 6930 = 770.00; psn = 8500 − 6930 = 1570.00.
        // Account may pay psn − fulamt − overlmt = 1470.00, has 500.00 → acct 500.00, cash 1070.00, balc 0.00.
        expectSettlement(r, Expected(
            medfee: "8500.00", fulamt: "100.00", overlmt: "0.00", preselfpay: "100.00", inscp: "8300.00",
            dedc: "600.00", hifp: "6930.00", poolPropSelfpay: "770.00", fundTotal: "6930.00", psnPart: "1570.00",
            acctPay: "500.00", cash: "1070.00", balc: "0.00", funds: [(.hifp, "6930.00", nil)],
            capNotConfigured: true, ytd: ytd(inscp: "8300.00", hifp: "6930.00", deductible: "600.00", admissions: 1)))
    }

    @Test("A later admission at a level 2 hospital pays the lower deductible 200 and 92%")
    func tier1LaterAdmission() throws {
        let before = ytd(inscp: "8300.00", hifp: "6930.00", deductible: "600.00", admissions: 1)
        let r = try TestEngines.shipped().settle(bill("440300", tier: "1", level: .level2, ytd: before,
            items: [item("1", "5000.00")]))
        // 2nd admission, level 2 → later deductible 200.00; hifp = (5000 − 200) × 92% = 4416.00.
        // pool = 5000 − 200 − 4416 = 384.00; psn = 584.00, all cash (account not used).
        // ytd: inscp 8300 + 5000 = 13300.00; hifp 6930 + 4416 = 11346.00; deductible 800.00; admissions 2.
        expectSettlement(r, Expected(
            medfee: "5000.00", fulamt: "0.00", overlmt: "0.00", preselfpay: "0.00", inscp: "5000.00", dedc: "200.00",
            hifp: "4416.00", poolPropSelfpay: "384.00", fundTotal: "4416.00", psnPart: "584.00", acctPay: "0.00",
            cash: "584.00", balc: "0.00", funds: [(.hifp, "4416.00", nil)], capNotConfigured: true,
            ytd: ytd(inscp: "13300.00", hifp: "11346.00", deductible: "800.00", admissions: 2)))
    }

    @Test("The inpatient deductible depends on the level and on first versus later admission",
        arguments: [
            // (level, admissions before, deductible, hifp = (1000 − deductible) × ratio)
            (InstitutionLevel.community, 0, "200.00", "752.00"),  // 800 × 94%
            (.community, 1, "100.00", "846.00"),  // 900 × 94%
            (.level1, 0, "200.00", "752.00"),  // 800 × 94%
            (.level1, 2, "100.00", "846.00"),  // 900 × 94%
            (.level2, 0, "400.00", "552.00"),  // 600 × 92%
            (.level2, 1, "200.00", "736.00"),  // 800 × 92%
            (.level3, 0, "600.00", "360.00"),  // 400 × 90%
            (.level3, 1, "300.00", "630.00"),  // 700 × 90%
        ])
    func deductibleByLevelAndAdmission(level: InstitutionLevel, admissions: Int, dedc: String, hifp: String) throws {
        let r = try TestEngines.shipped().settle(bill("440300", tier: "1", level: level,
            ytd: ytd(admissions: admissions), items: [item("1", "1000.00")]))
        #expect(r.deductibleFen.description == dedc)
        #expect(r.pooledFundFen.description == hifp)
        #expect(r.poolRatioSelfPayFen == fen("1000.00") - fen(dedc) - fen(hifp))
        #expect(r.yearToDate.admissions == admissions + 1)
        #expect(r.yearToDate.deductiblePaidFen.description == dedc)
    }

    @Test("A retired person at a level 1 hospital gets 95%; the account pays the in-scope part only")
    func tier1RetiredInpatient() throws {
        let r = try TestEngines.shipped().settle(bill("440300", tier: "1", person: .retired, age: 66, level: .level1,
            useAccount: true, balance: "1000.00", items: [item("1", "3000.00"), item("2", "50.00", .classC)]))
        // Retired rule comes first: 95%. Deductible level 1 first admission 200.00.
        // hifp = (3000 − 200) × 95% = 2660.00; pool = 3000 − 200 − 2660 = 140.00.
        // psn = 3050 − 2660 = 390.00; account may pay 390 − 50 (丙类) = 340.00 → acct 340.00, cash 50.00, balc 660.00.
        expectSettlement(r, Expected(
            medfee: "3050.00", fulamt: "50.00", overlmt: "0.00", preselfpay: "0.00", inscp: "3000.00", dedc: "200.00",
            hifp: "2660.00", poolPropSelfpay: "140.00", fundTotal: "2660.00", psnPart: "390.00", acctPay: "340.00",
            cash: "50.00", balc: "660.00", funds: [(.hifp, "2660.00", nil)], capNotConfigured: true,
            ytd: ytd(inscp: "3000.00", hifp: "2660.00", deductible: "200.00", admissions: 1)))
    }

    /// 甲 2000.00; 甲 80.00 for 2 units capped at 30.00 each; 丙 300.00; level 1, in service, first admission.
    /// medfee = 2380.00; cap 30.00 × 2 = 60.00 → overlmt 80 − 60 = 20.00; fulamt 300.00;
    /// inscp = 2000 + 60 = 2060.00; deductible 200.00; hifp = 1860 × 94% = 1748.40;
    /// pool = 2060 − 200 − 1748.40 = 111.60;
    /// psn = 2380 − 1748.40 = 631.60; the account may pay 631.60 − 300 − 20 = 311.60.
    static let cappedItems = [
        item("1", "2000.00"), item("2", "80.00", cap: "30.00", count: 2), item("3", "300.00", .classC),
    ]

    @Test("Account first up to its balance, then mutual aid, then cash; 全自费 and 超限价 always cash",
        arguments: [
            // (use account, balance, mutual aid, acct, mulaid, cash, balc)
            (true, "100.00", "150.00", "100.00", "150.00", "381.60", "0.00"),  // 631.60 − 100 − 150
            (true, "1000.00", "150.00", "311.60", "0.00", "320.00", "688.40"),  // cash = 300 + 20; balc 1000 − 311.60
            (true, "100.00", "500.00", "100.00", "211.60", "320.00", "0.00"),  // mutual aid tops up to 311.60
            (false, "100.00", "150.00", "0.00", "0.00", "631.60", "100.00"),  // acct_used_flag 0: all cash
        ])
    func accountMutualAidCash(use: Bool, balance: String, mutualAid: String, acct: String, mulaid: String,
        cash: String, balc: String) throws
    {
        let r = try TestEngines.shipped().settle(bill("440300", tier: "1", level: .level1, useAccount: use,
            balance: balance, mutualAid: mutualAid, items: Self.cappedItems))
        expectSettlement(r, Expected(
            medfee: "2380.00", fulamt: "300.00", overlmt: "20.00", preselfpay: "0.00", inscp: "2060.00", dedc: "200.00",
            hifp: "1748.40", poolPropSelfpay: "111.60", fundTotal: "1748.40", psnPart: "631.60", acctPay: acct,
            mulaid: mulaid, cash: cash, balc: balc, funds: [(.hifp, "1748.40", nil)], capNotConfigured: true,
            ytd: ytd(inscp: "2060.00", hifp: "1748.40", deductible: "200.00", admissions: 1)))
    }

    @Test("乙类 items pay their own share first, after the price cap")
    func classBExplicitShares() throws {
        let r = try TestEngines.shipped().settle(bill("440300", tier: "1", items: [
            item("1", "2000.00", .classB, share: "0.10"),
            item("2", "500.00", .classB, share: "0.05", cap: "200.00", count: 2),
        ]))
        // Item 1: 2000 × 10% = 200.00 先行自付, 1800.00 in scope.
        // Item 2: cap 200 × 2 = 400.00 → overlmt 100.00; 400 × 5% = 20.00 先行自付, 380.00 in scope.
        // inscp = 2180.00; deductible 600.00; hifp = 1580 × 90% = 1422.00; pool = 2180 − 600 − 1422 = 158.00.
        // psn = 2500 − 1422 = 1078.00, cash.
        expectSettlement(r, Expected(
            medfee: "2500.00", fulamt: "0.00", overlmt: "100.00", preselfpay: "220.00", inscp: "2180.00",
            dedc: "600.00", hifp: "1422.00", poolPropSelfpay: "158.00", fundTotal: "1422.00", psnPart: "1078.00",
            acctPay: "0.00", cash: "1078.00", balc: "0.00", funds: [(.hifp, "1422.00", nil)], capNotConfigured: true,
            ytd: ytd(inscp: "2180.00", hifp: "1422.00", deductible: "600.00", admissions: 1)))
    }

    @Test("Outpatient pooling has no deductible; a retiree at level 3 gets 55% + 5% = 60%")
    func tier1RetiredOutpatientBonus() throws {
        let r = try TestEngines.shipped().settle(bill("440300", tier: "1", person: .retired, age: 67,
            med: .generalOutpatient, useAccount: true, balance: "1000.00",
            items: [item("1", "200.00"), item("2", "50.00", .classC)]))
        // hifp = 200 × 60% = 120.00; pool = 80.00; psn = 250 − 120 = 130.00.
        // Account may pay 130 − 50 = 80.00 → acct 80.00, cash 50.00, balc 920.00.
        // Retired cap 11532.00 − 120.00 = 11412.00 left.
        expectSettlement(r, Expected(
            medfee: "250.00", fulamt: "50.00", overlmt: "0.00", preselfpay: "0.00", inscp: "200.00", dedc: "0.00",
            hifp: "120.00", poolPropSelfpay: "80.00", fundTotal: "120.00", psnPart: "130.00", acctPay: "80.00",
            cash: "50.00", balc: "920.00", funds: [(.hifp, "120.00", "11412.00")],
            ytd: ytd(outpatientInscp: "200.00", outpatientHifp: "120.00")))
    }

    @Test("Outpatient in service at level 3 is 55% with the in-service cap 9885.00")
    func tier1InServiceOutpatient() throws {
        let r = try TestEngines.shipped().settle(bill("440300", tier: "1", med: .generalOutpatient,
            items: [item("1", "200.00"), item("2", "50.00", .classC)]))
        // hifp = 200 × 55% = 110.00; pool 90.00; psn = 250 − 110 = 140.00 cash; 9885 − 110 = 9775.00 left.
        expectSettlement(r, Expected(
            medfee: "250.00", fulamt: "50.00", overlmt: "0.00", preselfpay: "0.00", inscp: "200.00", dedc: "0.00",
            hifp: "110.00", poolPropSelfpay: "90.00", fundTotal: "110.00", psnPart: "140.00", acctPay: "0.00",
            cash: "140.00", balc: "0.00", funds: [(.hifp, "110.00", "9775.00")],
            ytd: ytd(outpatientInscp: "200.00", outpatientHifp: "110.00")))
    }

    @Test("The outpatient cap: paid so far reaching cap − 1 fen, the cap, and what would be cap + 1 fen",
        arguments: [
            // (ytd hifp paid, hifp, pool, remaining, cap step recorded); 100.00 × 75% = 75.00 wanted, cap 9885.00
            ("9809.99", "75.00", "25.00", "0.01", false),  // left 75.01: paid in full, total 9884.99 = cap − 1 fen
            ("9810.00", "75.00", "25.00", "0.00", false),  // left 75.00: paid in full, total 9885.00 = cap
            ("9810.01", "74.99", "25.01", "0.00", true),  // left 74.99: 75.00 would make cap + 1 fen
            ("9885.00", "0.00", "100.00", "0.00", true),  // already at the cap
        ])
    func outpatientCapBoundaries(paidBefore: String, hifp: String, pool: String, remaining: String, capped: Bool)
        throws
    {
        let b = bill("440300", tier: "1", med: .generalOutpatient, level: .level1,
            ytd: ytd(outpatientInscp: "13200.00", outpatientHifp: paidBefore), items: [item("1", "100.00")])
        let (r, steps) = try TestEngines.shipped().settleExplained(b)
        // Level 1: 75%; no deductible; psn = 100 − hifp, all cash.
        expectSettlement(r, Expected(
            medfee: "100.00", fulamt: "0.00", overlmt: "0.00", preselfpay: "0.00", inscp: "100.00", dedc: "0.00",
            hifp: hifp, poolPropSelfpay: pool, fundTotal: hifp, psnPart: pool, acctPay: "0.00", cash: pool,
            balc: "0.00", funds: [(.hifp, hifp, remaining)],
            ytd: ytd(outpatientInscp: "13300.00", outpatientHifp: (fen(paidBefore) + fen(hifp)).description)))
        #expect(r.yearToDate.outpatientPooledPaidFen <= fen("9885.00"))
        let capStep = steps.contains { if case .capApplied = $0 { true } else { false } }
        #expect(capStep == capped)
    }

    @Test("Rounding is half away from zero: 123.30 × 55% = 67.815 pays 67.82")
    func roundingHalfAwayFromZero() throws {
        let r = try TestEngines.shipped().settle(bill("440300", tier: "1", med: .generalOutpatient,
            items: [item("1", "123.30")]))
        // 12330 fen × 5500 bps / 10000 = 6781.5 fen → 6782 fen = 67.82 (half-even or truncation would give 67.81).
        // pool = 123.30 − 67.82 = 55.48.
        expectSettlement(r, Expected(
            medfee: "123.30", fulamt: "0.00", overlmt: "0.00", preselfpay: "0.00", inscp: "123.30", dedc: "0.00",
            hifp: "67.82", poolPropSelfpay: "55.48", fundTotal: "67.82", psnPart: "55.48", acctPay: "0.00",
            cash: "55.48", balc: "0.00", funds: [(.hifp, "67.82", "9817.18")],
            ytd: ytd(outpatientInscp: "123.30", outpatientHifp: "67.82")))
    }

    @Test("二档 outpatient at level 2: 65% with a 乙类 item, cap 2471.00, no account")
    func tier2Outpatient() throws {
        let r = try TestEngines.shipped().settle(bill("440300", tier: "2", med: .generalOutpatient, level: .level2,
            items: [item("1", "300.00"), item("2", "100.00", .classB, share: "0.20")]))
        // 乙类 100 × 20% = 20.00 先行自付; inscp = 300 + 80 = 380.00; hifp = 380 × 65% = 247.00; pool 133.00.
        // psn = 400 − 247 = 153.00 cash; cap 2471 − 247 = 2224.00 left.
        expectSettlement(r, Expected(
            medfee: "400.00", fulamt: "0.00", overlmt: "0.00", preselfpay: "20.00", inscp: "380.00", dedc: "0.00",
            hifp: "247.00", poolPropSelfpay: "133.00", fundTotal: "247.00", psnPart: "153.00", acctPay: "0.00",
            cash: "153.00", balc: "0.00", funds: [(.hifp, "247.00", "2224.00")],
            ytd: ytd(outpatientInscp: "380.00", outpatientHifp: "247.00")))
    }

    @Test("二档 has no personal account: a stated balance pays nothing, mutual aid still pays")
    func tier2HasNoPersonalAccount() throws {
        let r = try TestEngines.shipped().settle(bill("440300", tier: "2", med: .generalOutpatient, level: .level1,
            useAccount: true, balance: "500.00", mutualAid: "10.00", items: [item("1", "100.00")]))
        // hifp = 100 × 75% = 75.00; pool 25.00; psn 25.00, all of it payable from an account.
        // 二档 keeps no personal account (personal_account = false): acct 0.00 and the stated balance is untouched;
        // a relative's account (家庭共济) pays 10.00; cash 15.00. Cap 2471 − 75 = 2396.00 left.
        expectSettlement(r, Expected(
            medfee: "100.00", fulamt: "0.00", overlmt: "0.00", preselfpay: "0.00", inscp: "100.00", dedc: "0.00",
            hifp: "75.00", poolPropSelfpay: "25.00", fundTotal: "75.00", psnPart: "25.00", acctPay: "0.00",
            mulaid: "10.00", cash: "15.00", balc: "500.00", funds: [(.hifp, "75.00", "2396.00")],
            ytd: ytd(outpatientInscp: "100.00", outpatientHifp: "75.00")))
    }

    @Test("二档 inpatient: retirees get 95%; in service the level ratio applies at any age",
        arguments: [
            // (person, age, hifp = (10000 − 600) × ratio, pool, psn)
            (PersonType.inService, 59, "8460.00", "940.00", "1540.00"),  // 9400 × 90% (level 3)
            (.inService, 62, "8460.00", "940.00", "1540.00"),  // 60+ in service on 二档: still 90%
            (.retired, 62, "8930.00", "470.00", "1070.00"),  // 9400 × 95%
        ])
    func tier2InpatientByPersonType(person: PersonType, age: Int, hifp: String, pool: String, psn: String) throws {
        let r = try TestEngines.shipped().settle(bill("440300", tier: "2", person: person, age: age,
            items: [item("1", "10000.00")]))
        expectSettlement(r, Expected(
            medfee: "10000.00", fulamt: "0.00", overlmt: "0.00", preselfpay: "0.00", inscp: "10000.00",
            dedc: "600.00", hifp: hifp, poolPropSelfpay: pool, fundTotal: hifp, psnPart: psn, acctPay: "0.00",
            cash: psn, balc: "0.00", funds: [(.hifp, hifp, nil)], capNotConfigured: true,
            ytd: ytd(inscp: "10000.00", hifp: hifp, deductible: "600.00", admissions: 1)))
    }

    @Test("Residents at a level 2 hospital: 95% at 60+, 91% below; deductible 400",
        arguments: [
            // (age, hifp = (6000 − 400) × ratio, pool, psn)
            (65, "5320.00", "280.00", "680.00"),  // 5600 × 95%
            (30, "5096.00", "504.00", "904.00"),  // 5600 × 91%
        ])
    func residentsInpatient(age: Int, hifp: String, pool: String, psn: String) throws {
        let r = try TestEngines.shipped().settle(bill("440300", .residentsBasic, age: age, level: .level2,
            items: [item("1", "6000.00")]))
        expectSettlement(r, Expected(
            medfee: "6000.00", fulamt: "0.00", overlmt: "0.00", preselfpay: "0.00", inscp: "6000.00", dedc: "400.00",
            hifp: hifp, poolPropSelfpay: pool, fundTotal: hifp, psnPart: psn, acctPay: "0.00", cash: psn, balc: "0.00",
            funds: [(.hifp, hifp, nil)], capNotConfigured: true,
            ytd: ytd(inscp: "6000.00", hifp: hifp, deductible: "400.00", admissions: 1)))
    }

    @Test("Residents outpatient at a community centre: 75%, plus 5 points at 60+",
        arguments: [(65, "80.00", "2391.00"), (59, "75.00", "2396.00")])
    func residentsOutpatient(age: Int, hifp: String, remaining: String) throws {
        let r = try TestEngines.shipped().settle(bill("440300", .residentsBasic, age: age, med: .generalOutpatient,
            level: .community, items: [item("1", "100.00")]))
        // 100 × 80% = 80.00 (65) or × 75% = 75.00 (59); cap 2471.00 − hifp left.
        let pool = (fen("100.00") - fen(hifp)).description
        expectSettlement(r, Expected(
            medfee: "100.00", fulamt: "0.00", overlmt: "0.00", preselfpay: "0.00", inscp: "100.00", dedc: "0.00",
            hifp: hifp, poolPropSelfpay: pool, fundTotal: hifp, psnPart: pool, acctPay: "0.00", cash: pool,
            balc: "0.00", funds: [(.hifp, hifp, remaining)], ytd: ytd(outpatientInscp: "100.00", outpatientHifp: hifp)))
    }

    @Test("Long-term residence elsewhere keeps the home ratios (the pack has no offsite table)")
    func offsiteLongTerm() throws {
        // Treated in 朝阳区 (110105), whose pooling region 北京 110100 is not 深圳.
        let r = try TestEngines.shipped().settle(bill("440300", tier: "1", treatedIn: "110105", offsite: .longTerm,
            items: [item("1", "5000.00")]))
        // Same as at home: deductible 600; hifp = 4400 × 90% = 3960.00; pool 440.00; psn 1040.00.
        expectSettlement(r, Expected(
            medfee: "5000.00", fulamt: "0.00", overlmt: "0.00", preselfpay: "0.00", inscp: "5000.00", dedc: "600.00",
            hifp: "3960.00", poolPropSelfpay: "440.00", fundTotal: "3960.00", psnPart: "1040.00", acctPay: "0.00",
            cash: "1040.00", balc: "0.00", funds: [(.hifp, "3960.00", nil)], capNotConfigured: true,
            ytd: ytd(inscp: "5000.00", hifp: "3960.00", deductible: "600.00", admissions: 1)))
    }

    @Test("A temporary trip is refused: 深圳 has no out-of-area reduction rule")
    func offsiteTemporaryRefused() throws {
        let engine = try TestEngines.shipped()
        for status in [OffsiteStatus.temporaryReferred, .temporaryOther] {
            let error = #expect(throws: SettlementError.self) {
                try engine.settle(bill("440300", tier: "1", treatedIn: "110105", offsite: status,
                    items: [item("1", "100.00")]))
            }
            #expect(error == .offsiteRuleMissing(region: "440300", year: 2025, status: status.rawValue))
            #expect(error?.message.contains("440300") == true)
        }
    }

    @Test("Treatment in another region without a filing status is refused")
    func offsiteNoneElsewhereRefused() throws {
        let error = #expect(throws: SettlementError.self) {
            try TestEngines.shipped().settle(bill("440300", tier: "1", treatedIn: "110105",
                items: [item("1", "100.00")]))
        }
        guard case .invalidValue(let field, _) = error else {
            Issue.record("expected invalidValue, got \(String(describing: error))")
            return
        }
        #expect(field == "offsite")
    }

    @Test("Treatment in a district of the home region is local")
    func districtOfHomeIsLocal() throws {
        // 440304 福田区 pools at 440300.
        let r = try TestEngines.shipped().settle(bill("440300", tier: "1", med: .generalOutpatient, treatedIn: "440304",
            items: [item("1", "100.00")]))
        #expect(r.pooledFundFen == fen("55.00"))
    }

    @Test("深圳 employees must name the tier: the pack has 一档 and 二档")
    func tierMissing() throws {
        let engine = try TestEngines.shipped()
        #expect(throws: SettlementError.schemeMissing(region: "440300", year: 2025, insuranceType: "310", tier: nil)) {
            try engine.settle(bill("440300", items: [item("1", "100.00")]))
        }
        #expect(throws: SettlementError.schemeMissing(region: "440300", year: 2025, insuranceType: "310", tier: "3")) {
            try engine.settle(bill("440300", tier: "3", items: [item("1", "100.00")]))
        }
    }

    @Test("A 乙类 item without selfpay_prop is refused: 深圳 has no default share")
    func classBShareMissing() throws {
        #expect(throws: SettlementError.classBShareMissing(region: "440300", year: 2025, itemSerial: "7")) {
            try TestEngines.shipped().settle(bill("440300", tier: "1",
                items: [item("1", "100.00"), item("7", "50.00", .classB)]))
        }
    }
}
