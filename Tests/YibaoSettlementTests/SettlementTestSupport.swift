import Foundation
import Testing
import YibaoCore
import YibaoPolicy
import YibaoSettlement

/// Engines and catalogs shared by the suites, loaded once.
enum TestEngines {
    static let shippedCatalog = Result { () throws -> PolicyCatalog in try PolicyCatalog.bundled() }
    static let regionTable = Result { () throws -> RegionTable in try RegionTable.bundled() }
    static let fixtureCatalog = Result { () throws -> PolicyCatalog in
        PolicyCatalog(packs: [try fixturePack("900100-2025.toml")])
    }

    /// The shipped packs with the shipped region table: what `yibao settle` uses.
    static func shipped() throws -> SettlementEngine {
        SettlementEngine(catalog: try shippedCatalog.get(), regions: try regionTable.get())
    }

    /// The fictional fixture pack 900100 alone; no region table, since 900100 is not a real code.
    static func fixture() throws -> SettlementEngine {
        SettlementEngine(catalog: try fixtureCatalog.get(), regions: nil)
    }

    /// Shipped packs and the fixture pack together, without a region table (property tests).
    static func combined() throws -> SettlementEngine {
        SettlementEngine(catalog: PolicyCatalog(packs: try shippedCatalog.get().packs + fixtureCatalog.get().packs),
            regions: nil)
    }
}

/// Reads a pack from `Tests/YibaoSettlementTests/Fixtures`.
func fixturePack(_ name: String) throws -> PolicyPack {
    let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    return try PolicyPack(toml: text, fileName: name)
}

/// Yuan text to fen; a malformed literal is a mistake in the test itself.
func fen(_ yuan: String) -> Fen {
    guard let value = try? Fen.parse(yuan) else { preconditionFailure("bad amount literal \(yuan) in a test") }
    return value
}

let settlementDate = CalendarDate(year: 2025, month: 6, day: 1) ?? CalendarDate(dayNumber: 0)

/// One bill line: `item("1", "80.00", cap: "30.00", count: 2)`.
func item(_ serial: String, _ amount: String, _ level: ChargeItemLevel = .classA, share: String? = nil,
    cap: String? = nil, count: Int64 = 1) -> BillItem
{
    BillItem(serial: serial, amountFen: fen(amount), level: level,
        selfPayShareBps: share.map { text in
            guard let bps = Bps.parseFraction(text) else { preconditionFailure("bad share literal \(text)") }
            return bps
        },
        unitPriceCapFen: cap.map(fen), quantityE4: count * 10_000)
}

/// A bill with the usual defaults of the worked examples: in service, 45, employees' scheme, 2025-06-01.
func bill(_ region: String, _ insuranceType: InsuranceType = .employeeBasic, tier: String? = nil,
    person: PersonType = .inService, age: Int = 45, med: MedicalType = .generalInpatient,
    level: InstitutionLevel = .level3, year: Int = 2025, treatedIn: String? = nil, offsite: OffsiteStatus = .none,
    useAccount: Bool = false, balance: String = "0.00", mutualAid: String = "0.00",
    ytd: YearToDate = YearToDate(), items: [BillItem]) -> Bill
{
    let date = CalendarDate(year: year, month: 6, day: 1) ?? settlementDate
    return Bill(insuredRegion: region, treatmentRegion: treatedIn, insuranceType: insuranceType, tier: tier,
        personType: person, age: age, medicalType: med, institutionLevel: level, date: date, useAccount: useAccount,
        accountBalanceFen: fen(balance), mutualAidBalanceFen: fen(mutualAid), offsite: offsite, yearToDate: ytd,
        items: items)
}

/// Year-to-date accumulators from yuan text; unnamed fields are zero.
func ytd(inscp: String = "0.00", hifp: String = "0.00", hifob: String = "0.00", deductible: String = "0.00",
    admissions: Int = 0, outpatientInscp: String = "0.00", outpatientHifp: String = "0.00",
    outpatientDeductible: String = "0.00") -> YearToDate
{
    var y = YearToDate()
    y.inScopeCumulativeFen = fen(inscp)
    y.pooledPaidFen = fen(hifp)
    y.largeSumPaidFen = fen(hifob)
    y.deductiblePaidFen = fen(deductible)
    y.admissions = admissions
    y.outpatientInScopeCumulativeFen = fen(outpatientInscp)
    y.outpatientPooledPaidFen = fen(outpatientHifp)
    y.outpatientDeductiblePaidFen = fen(outpatientDeductible)
    return y
}

/// Every output field of a worked example, in yuan text as the national platform prints it.
struct Expected {
    var medfee, fulamt, overlmt, preselfpay, inscp, dedc, hifp: String
    var hifob = "0.00"
    var poolPropSelfpay, fundTotal, psnPart, acctPay: String
    var mulaid = "0.00"
    var cash, balc: String
    /// Each fund row in order, with its remaining cap (nil = the pack has no cap for it).
    var funds: [(Fund, paid: String, remaining: String?)]
    var capNotConfigured = false
    var ytd: YearToDate
}

/// Checks every field of a settlement against a worked example.
func expectSettlement(_ r: Settlement, _ e: Expected, sourceLocation: SourceLocation = #_sourceLocation) {
    let pairs: [(String, Fen, String)] = [
        ("medfee_sumamt", r.medicalFeeTotalFen, e.medfee), ("fulamt_ownpay_amt", r.fullOwnPayFen, e.fulamt),
        ("overlmt_selfpay", r.overLimitSelfPayFen, e.overlmt), ("preselfpay_amt", r.preSelfPayFen, e.preselfpay),
        ("inscp_scp_amt", r.inScopeFen, e.inscp), ("act_pay_dedc", r.deductibleFen, e.dedc),
        ("hifp_pay", r.pooledFundFen, e.hifp), ("hifob_pay", r.largeSumFundFen, e.hifob),
        ("pool_prop_selfpay", r.poolRatioSelfPayFen, e.poolPropSelfpay),
        ("fund_pay_sumamt", r.fundTotalFen, e.fundTotal),
        ("psn_part_amt", r.personPartFen, e.psnPart), ("acct_pay", r.accountPayFen, e.acctPay),
        ("acct_mulaid_pay", r.mutualAidPayFen, e.mulaid), ("psn_cash_pay", r.cashPayFen, e.cash),
        ("balc", r.accountBalanceAfterFen, e.balc),
        ("hifmi_pay", r.criticalIllnessFundFen, "0.00"), ("cvlserv_pay", r.civilServantFundFen, "0.00"),
    ]
    for (name, actual, expected) in pairs {
        #expect(actual.description == expected, "\(name)", sourceLocation: sourceLocation)
    }
    #expect(r.fundPayments.map(\.fund) == e.funds.map(\.0), "setldetail funds", sourceLocation: sourceLocation)
    for (row, want) in zip(r.fundPayments, e.funds) {
        #expect(row.paidFen.description == want.paid, "\(row.fund) paid", sourceLocation: sourceLocation)
        #expect(row.remainingCapFen?.description == want.remaining, "\(row.fund) remaining cap",
            sourceLocation: sourceLocation)
    }
    #expect(r.capNotConfigured == e.capNotConfigured, "cap_not_configured", sourceLocation: sourceLocation)
    #expect(r.yearToDate == e.ytd, "new ytd: \(r.yearToDate)", sourceLocation: sourceLocation)
    #expect(r.checkInvariants(), "invariants", sourceLocation: sourceLocation)
}
