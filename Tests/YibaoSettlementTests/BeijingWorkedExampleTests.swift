import Foundation
import Testing
import YibaoCore
import YibaoPolicy
@testable import YibaoSettlement

/// Worked examples for 北京 (110100), each computed by hand from `110100-2025.toml`.
///
/// Inpatient (deductible 1,300 first admission, 650 later; bands on the year's cumulative in-scope amount):
///   0–30k:    in service 90% (community/1), 87% (2), 85% (3); retired 97%, 96.1%, 95.5%
///   30k–40k:  in service 95%, 92%, 90%; retired 98.5%, 97.6%, 97%
///   40k–100k: in service 97% (community/1/2), 95% (3); retired 99.1%, 98.5%
///   100k–500k (hifob): in service 85%, retired 90%; above 500k nothing.
/// Outpatient (per-year deductible 1,800 in service, 1,300 retired): up to 20k community 90%, hospitals 70% in
/// service, 85% retired, 90% retired 70+; above 20k 60% in service, 80% retired. No outpatient cap.
/// The inpatient cap is a declared gap, so inpatient bills carry `capNotConfigured`.
@Suite("Worked examples: 北京 110100")
struct BeijingWorkedExampleTests {
    @Test("A second admission spans the 30k and 40k boundaries, in service and retired, level 3",
        arguments: [
            // (person, age, ytd hifp, hifp, pool, psn, new ytd hifp)
            // In service: 4350 × 85% = 3697.50; 10000 × 90% = 9000.00; 5000 × 95% = 4750.00 → 17447.50.
            (PersonType.inService, 50, "20145.00", "17447.50", "1902.50", "2552.50", "37592.50"),
            // Retired: 4350 × 95.5% = 4154.25; 10000 × 97% = 9700.00; 5000 × 98.5% = 4925.00 → 18779.25.
            (.retired, 66, "22633.50", "18779.25", "570.75", "1220.75", "41412.75"),
        ])
    func inpatientBandsAcrossBoundaries(person: PersonType, age: Int, ytdHifp: String, hifp: String, pool: String,
        psn: String, newHifp: String) throws
    {
        // Before: one stay this year, 25,000.00 in scope (deductible 1,300 included; ytd hifp = 23,700 × band-1 ratio).
        // This stay: 20,000.00 in scope, later deductible 650.00 → bands measured from 25,650 to 45,000:
        //   25,650–30,000 = 4,350; 30,000–40,000 = 10,000; 40,000–45,000 = 5,000.
        // pool = 20000 − 650 − hifp; psn = 650 + pool.
        let before = ytd(inscp: "25000.00", hifp: ytdHifp, deductible: "1300.00", admissions: 1)
        let r = try TestEngines.shipped().settle(bill("110100", person: person, age: age, ytd: before,
            items: [item("1", "20000.00")]))
        expectSettlement(r, Expected(
            medfee: "20000.00", fulamt: "0.00", overlmt: "0.00", preselfpay: "0.00", inscp: "20000.00", dedc: "650.00",
            hifp: hifp, poolPropSelfpay: pool, fundTotal: hifp, psnPart: psn, acctPay: "0.00", cash: psn, balc: "0.00",
            funds: [(.hifp, hifp, nil), (.hifob, "0.00", nil)], capNotConfigured: true,
            ytd: ytd(inscp: "45000.00", hifp: newHifp, deductible: "1950.00", admissions: 2)))
    }

    @Test("A first admission of 10,000 by level and person type",
        arguments: [
            // (level, person, hifp = (10000 − 1300) × ratio, pool)
            (InstitutionLevel.community, PersonType.inService, "7830.00", "870.00"),  // 8700 × 90%
            (.level1, .inService, "7830.00", "870.00"),  // 8700 × 90%
            (.level2, .inService, "7569.00", "1131.00"),  // 8700 × 87%
            (.level3, .inService, "7395.00", "1305.00"),  // 8700 × 85%
            (.level1, .retired, "8439.00", "261.00"),  // 8700 × 97%
            (.level2, .retired, "8360.70", "339.30"),  // 8700 × 96.1%
            (.level3, .retired, "8308.50", "391.50"),  // 8700 × 95.5%
        ])
    func inpatientFirstAdmissionByLevel(level: InstitutionLevel, person: PersonType, hifp: String, pool: String)
        throws
    {
        let r = try TestEngines.shipped().settle(bill("110100", person: person, age: 60, level: level,
            items: [item("1", "10000.00")]))
        let psn = (fen("1300.00") + fen(pool)).description
        expectSettlement(r, Expected(
            medfee: "10000.00", fulamt: "0.00", overlmt: "0.00", preselfpay: "0.00", inscp: "10000.00",
            dedc: "1300.00", hifp: hifp, poolPropSelfpay: pool, fundTotal: hifp, psnPart: psn, acctPay: "0.00",
            cash: psn, balc: "0.00", funds: [(.hifp, hifp, nil), (.hifob, "0.00", nil)], capNotConfigured: true,
            ytd: ytd(inscp: "10000.00", hifp: hifp, deductible: "1300.00", admissions: 1)))
    }

    @Test("Above 100,000 cumulative the large-sum fund (hifob) pays 85%")
    func inpatientLargeSumBand() throws {
        let before = ytd(inscp: "90000.00", hifp: "70000.00", deductible: "1950.00", admissions: 2)
        let r = try TestEngines.shipped().settle(bill("110100", ytd: before, items: [item("1", "30000.00")]))
        // Third stay, deductible 650 → bands from 90,650 to 120,000:
        //   90,650–100,000 = 9,350 × 95% = 8,882.50 (hifp); 100,000–120,000 = 20,000 × 85% = 17,000.00 (hifob).
        // fund = 25,882.50; pool = 30000 − 650 − 25882.50 = 3,467.50; psn = 650 + 3467.50 = 4,117.50.
        expectSettlement(r, Expected(
            medfee: "30000.00", fulamt: "0.00", overlmt: "0.00", preselfpay: "0.00", inscp: "30000.00", dedc: "650.00",
            hifp: "8882.50", hifob: "17000.00", poolPropSelfpay: "3467.50", fundTotal: "25882.50", psnPart: "4117.50",
            acctPay: "0.00", cash: "4117.50", balc: "0.00", funds: [(.hifp, "8882.50", nil), (.hifob, "17000.00", nil)],
            capNotConfigured: true,
            ytd: ytd(inscp: "120000.00", hifp: "78882.50", hifob: "17000.00", deductible: "2600.00", admissions: 3)))
    }

    @Test("The amount above the last band (500,000) is not paid")
    func inpatientAboveLastBand() throws {
        let before = ytd(inscp: "490000.00", hifp: "90000.00", hifob: "351000.00", deductible: "2600.00", admissions: 3)
        let b = bill("110100", person: .retired, age: 75, level: .level1, ytd: before, items: [item("1", "20000.00")])
        let (r, steps) = try TestEngines.shipped().settleExplained(b)
        // Deductible 650 → 490,650–500,000 = 9,350 × 90% (retired, hifob) = 8,415.00; 500,000–510,000 unpaid.
        // pool = 20000 − 650 − 8415 = 10,935.00; psn = 650 + 10935 = 11,585.00.
        expectSettlement(r, Expected(
            medfee: "20000.00", fulamt: "0.00", overlmt: "0.00", preselfpay: "0.00", inscp: "20000.00", dedc: "650.00",
            hifp: "0.00", hifob: "8415.00", poolPropSelfpay: "10935.00", fundTotal: "8415.00", psnPart: "11585.00",
            acctPay: "0.00", cash: "11585.00", balc: "0.00", funds: [(.hifp, "0.00", nil), (.hifob, "8415.00", nil)],
            capNotConfigured: true,
            ytd: ytd(inscp: "510000.00", hifp: "90000.00", hifob: "359415.00", deductible: "3250.00", admissions: 4)))
        #expect(steps.contains(.beyondLastBand(limitFen: fen("500000.00"), amountFen: fen("10000.00"))))
    }

    @Test("Rounding at a band: 15.00 × 96.1% = 14.415 pays 14.42")
    func inpatientRoundingAtBand() throws {
        let r = try TestEngines.shipped().settle(bill("110100", person: .retired, age: 66, level: .level2,
            items: [item("1", "1315.00")]))
        // Deductible 1300; band 1 (retired, level 2, 96.1%): 1500 fen × 9610 / 10000 = 1441.5 fen → 1442 fen.
        // pool = 15.00 − 14.42 = 0.58; psn = 1300 + 0.58 = 1300.58.
        expectSettlement(r, Expected(
            medfee: "1315.00", fulamt: "0.00", overlmt: "0.00", preselfpay: "0.00", inscp: "1315.00", dedc: "1300.00",
            hifp: "14.42", poolPropSelfpay: "0.58", fundTotal: "14.42", psnPart: "1300.58", acctPay: "0.00",
            cash: "1300.58", balc: "0.00", funds: [(.hifp, "14.42", nil), (.hifob, "0.00", nil)],
            capNotConfigured: true,
            ytd: ytd(inscp: "1315.00", hifp: "14.42", deductible: "1300.00", admissions: 1)))
    }

    @Test("The per-year outpatient deductible 1,800 counts what was already paid",
        arguments: [
            // (level, deductible paid before, deductible now, hifp)
            (InstitutionLevel.level2, "1000.00", "800.00", "490.00"),  // 800 left; (1500 − 800) × 70%
            (.community, "1000.00", "800.00", "630.00"),  // (1500 − 800) × 90%
            (.level2, "1800.00", "0.00", "1050.00"),  // nothing left; 1500 × 70%
            (.level2, "0.00", "1500.00", "0.00"),  // 1500 < 1800: all of it counts toward the deductible
        ])
    func outpatientPerYearDeductible(level: InstitutionLevel, paidBefore: String, dedc: String, hifp: String) throws {
        let before = ytd(outpatientInscp: paidBefore, outpatientDeductible: paidBefore)
        let r = try TestEngines.shipped().settle(bill("110100", med: .generalOutpatient, level: level, ytd: before,
            items: [item("1", "1500.00")]))
        // pool = 1500 − dedc − hifp; psn = dedc + pool, all cash.
        let pool = (fen("1500.00") - fen(dedc) - fen(hifp)).description
        let psn = (fen("1500.00") - fen(hifp)).description
        expectSettlement(r, Expected(
            medfee: "1500.00", fulamt: "0.00", overlmt: "0.00", preselfpay: "0.00", inscp: "1500.00", dedc: dedc,
            hifp: hifp, poolPropSelfpay: pool, fundTotal: hifp, psnPart: psn, acctPay: "0.00", cash: psn, balc: "0.00",
            funds: [(.hifp, hifp, nil)],
            ytd: ytd(outpatientInscp: (fen(paidBefore) + fen("1500.00")).description, outpatientHifp: hifp,
                outpatientDeductible: (fen(paidBefore) + fen(dedc)).description)))
    }

    @Test("Outpatient across the 20,000 boundary: retired 70+ 90%, under 70 85%, in service 70%, then 80% / 60%",
        arguments: [
            // (person, age, deductible paid, hifp = 1000 × r1 + 1000 × r2)
            (PersonType.retired, 72, "1300.00", "1700.00"),  // 900 + 800
            (.retired, 70, "1300.00", "1700.00"),  // min_age 70 is inclusive
            (.retired, 68, "1300.00", "1650.00"),  // 850 + 800
            (.inService, 45, "1800.00", "1300.00"),  // 700 + 600
        ])
    func outpatientAcrossBoundary(person: PersonType, age: Int, deductiblePaid: String, hifp: String) throws {
        let before = ytd(outpatientInscp: "19000.00", outpatientHifp: "15000.00", outpatientDeductible: deductiblePaid)
        let r = try TestEngines.shipped().settle(bill("110100", person: person, age: age, med: .generalOutpatient,
            ytd: before, items: [item("1", "2000.00")]))
        // Deductible already paid: bands 19,000–20,000 (1,000) and 20,000–21,000 (1,000); pool = 2000 − hifp.
        let pool = (fen("2000.00") - fen(hifp)).description
        expectSettlement(r, Expected(
            medfee: "2000.00", fulamt: "0.00", overlmt: "0.00", preselfpay: "0.00", inscp: "2000.00", dedc: "0.00",
            hifp: hifp, poolPropSelfpay: pool, fundTotal: hifp, psnPart: pool, acctPay: "0.00", cash: pool,
            balc: "0.00", funds: [(.hifp, hifp, nil)],
            ytd: ytd(outpatientInscp: "21000.00", outpatientHifp: (fen("15000.00") + fen(hifp)).description,
                outpatientDeductible: deductiblePaid)))
    }

    @Test("A district code resolves to 北京 through Bill.fromJSON with the region table")
    func districtResolvesToPoolingRegion() throws {
        let json = #"""
            {"insuplc_admdvs": "110105", "insutype": "310", "psn_type": "in_service", "age": 40, "med_type": "21",
             "medins_lv": "1", "setl_date": "2025-03-02",
             "items": [{"det_item_fee_sumamt": "10000.00", "chrgitm_lv": "01"}]}
            """#
        let regions = try TestEngines.regionTable.get()
        let b = try Bill.fromJSON(Data(json.utf8), regions: regions)
        #expect(b.insuredRegion == "110100")
        #expect(b.treatmentRegion == "110100")
        // Same as the level 1 first-admission example: 8700 × 90% = 7830.00.
        #expect(try TestEngines.shipped().settle(b).pooledFundFen == fen("7830.00"))
    }
}
