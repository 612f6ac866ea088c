import Foundation
import Testing
import YibaoCore
import YibaoPlatform
import YibaoPolicy
import YibaoStore

// Shared by the simulation, concurrency and crash-safety suites: a seedable generator, the platform's
// dependencies loaded once, a movable clock, bills, and the auditor's own reading of the credit figures.


/// The platform's read-only dependencies, loaded once for every suite.
enum Shipped {
    static let catalog = Result { () throws -> PolicyCatalog in try PolicyCatalog.bundled() }
    static let regions = Result { () throws -> RegionTable in try RegionTable.bundled() }
    static let calendar = Result { () throws -> WorkCalendar in try WorkCalendar.bundled() }

    static func platform(store: any LedgerStore, clock: PlatformClock) throws -> Platform {
        Platform(
            store: store, catalog: try catalog.get(), regions: try regions.get(), calendar: try calendar.get(),
            clock: clock)
    }
}

/// A date the simulation moves forward; the platform reads it through `clock`.
final class MovableDate: @unchecked Sendable {
    private let lock = NSLock()
    private var date: CalendarDate

    init(_ date: CalendarDate) { self.date = date }

    var value: CalendarDate {
        get { lock.withLock { date } }
        set { lock.withLock { date = newValue } }
    }

    var clock: PlatformClock {
        PlatformClock(today: { self.value }, timestamp: { "\(self.value)T12:00:00+08:00" })
    }
}

/// Runs every use case inside one outer transaction, each in its own savepoint: seeding thousands of people
/// through the platform's own `enrol` costs one fsync instead of one per person.
final class OneTransactionStore: LedgerStore, @unchecked Sendable {
    let tx: any StoreTransaction
    init(_ tx: any StoreTransaction) { self.tx = tx }
    func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T { try tx.savepoint { try body(tx) } }
    func read<T>(_ body: (any StoreReader) throws -> T) throws -> T { try body(tx) }
}

func date(_ text: String) -> CalendarDate {
    guard let d = CalendarDate(text) else { preconditionFailure("bad date literal \(text) in a test") }
    return d
}

func fen(_ yuan: String) -> Fen {
    guard let value = try? Fen.parse(yuan) else { preconditionFailure("bad amount literal \(yuan) in a test") }
    return value
}

/// A fresh folder under the system's temporary directory, for file databases.
func temporaryFolder(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("yibao-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A scheme people are enrolled in by the tests.
struct SchemeChoice: Sendable, Hashable, CustomStringConvertible {
    let region: String
    let tier: String?
    let idPrefix: String
    /// Whether the scheme keeps a personal account (深圳二档 does not).
    let hasAccount: Bool
    /// Levels whose outpatient bills the pack can settle (广州 only community and level 1).
    let outpatientLevels: [InstitutionLevel]
    let hasInpatient: Bool

    static let shenzhen1 = SchemeChoice(
        region: "440300", tier: "1", idPrefix: "440303", hasAccount: true,
        outpatientLevels: InstitutionLevel.allCases, hasInpatient: true)
    static let shenzhen2 = SchemeChoice(
        region: "440300", tier: "2", idPrefix: "440304", hasAccount: false,
        outpatientLevels: InstitutionLevel.allCases, hasInpatient: true)
    static let beijing = SchemeChoice(
        region: "110100", tier: nil, idPrefix: "110105", hasAccount: true,
        outpatientLevels: InstitutionLevel.allCases, hasInpatient: true)
    static let guangzhou = SchemeChoice(
        region: "440100", tier: nil, idPrefix: "440106", hasAccount: true,
        outpatientLevels: [.community, .level1], hasInpatient: false)
    static let all = [shenzhen1, shenzhen2, beijing, guangzhou]

    var description: String { region + (tier.map { "/\($0)档" } ?? "") }
}

/// The auditor's reading of a scheme's credit and contribution figures, taken from the pack's data but applied
/// by the model's own rule (not `CreditRule`), so that the platform's crediting is checked, not repeated.
struct CreditFigures {
    let shareOfBase: Bps?
    let retiredBands: [AgeBandAmount]
    let retiredDeduction: Fen
    let baseMin: Fen?
    let baseMax: Fen?
    /// Whether the pack has contribution rates (else the parts must be posted as paid).
    let hasRates: Bool

    init(_ choice: SchemeChoice, year: Int = 2025) throws {
        let pack = try Shipped.catalog.get().pack(region: choice.region, year: year)
        let scheme = try #require(pack.scheme(insuranceType: .employeeBasic, tier: choice.tier))
        shareOfBase = scheme.crediting?.inService?.shareOfBaseBps
        if let retired = scheme.crediting?.retired, case .fixed(let bands, let period) = retired.rule, period == .month
        {
            retiredBands = bands
            retiredDeduction = retired.deductions.reduce(Fen.zero) { $0 + $1.monthlyFen }
        } else {
            retiredBands = []
            retiredDeduction = .zero
        }
        baseMin = scheme.contributions?.baseMinFen
        baseMax = scheme.contributions?.baseMaxFen
        hasRates = scheme.contributions?.employerRateBps != nil && scheme.contributions?.employeeRateBps != nil
    }

    /// The contribution base the month is recorded with: the insured base within the pack's range.
    func clamped(_ base: Fen) -> Fen {
        var b = base
        if let lo = baseMin { b = max(b, lo) }
        if let hi = baseMax { b = min(b, hi) }
        return b
    }

    /// (gross, deduction) credited for a month, or nil when nothing is due.
    func credit(personType: PersonType, paidBase: Fen?, birth: CalendarDate, month: Month) -> (Fen, Fen)? {
        switch personType {
        case .inService:
            guard let base = paidBase, let share = shareOfBase else { return nil }
            let amount = base.applying(share)
            return amount > .zero ? (amount, .zero) : nil
        case .retired:
            let age = month.firstDay.years(since: birth)
            guard let band = retiredBands.last(where: { $0.minAge <= age }) else { return nil }
            return (band.amountFen, min(retiredDeduction, band.amountFen))
        }
    }
}

/// Bills in national field names, paid from the account where possible (`acct_used_flag` 1).
enum Bills {
    static func json(date: CalendarDate, medType: MedicalType, level: InstitutionLevel, items: [(Fen, String)]) -> Data
    {
        let lines = items.enumerated().map { i, item in
            let share = item.1 == "02" ? ", \"selfpay_prop\": \"0.10\"" : ""
            return "{\"feedetl_sn\": \"\(i + 1)\", \"med_list_codg\": \"SIM\(i + 1)\", "
                + "\"det_item_fee_sumamt\": \"\(item.0)\", \"chrgitm_lv\": \"\(item.1)\"\(share)}"
        }
        return Data(
            """
            {"med_type": "\(medType.rawValue)", "medins_lv": "\(level.rawValue)", "setl_date": "\(date)", \
            "acct_used_flag": "1", "items": [\(lines.joined(separator: ", "))]}
            """.utf8)
    }

    /// A random bill the scheme can settle: outpatient (1–3 items up to 600.00) or inpatient (2–4 items up
    /// to 15,000.00), at a level the pack covers.
    static func random(for choice: SchemeChoice, on date: CalendarDate, using rng: inout SplitMix64) -> Data {
        let inpatient = choice.hasInpatient && Int.random(in: 0..<4, using: &rng) == 0
        let levels = inpatient ? InstitutionLevel.allCases : choice.outpatientLevels
        let level = levels[Int.random(in: 0..<levels.count, using: &rng)]
        let count = inpatient ? Int.random(in: 2...4, using: &rng) : Int.random(in: 1...3, using: &rng)
        let maxFen: Int64 = inpatient ? 1_500_000 : 60_000
        let items = (0..<count).map { _ in
            (
                Fen(Int64.random(in: 500...maxFen, using: &rng)),
                ["01", "01", "02", "03"][Int.random(in: 0..<4, using: &rng)]
            )
        }
        return json(date: date, medType: inpatient ? .generalInpatient : .generalOutpatient, level: level, items: items)
    }
}

extension SettleResult {
    /// The amounts of the national output as fen (the output carries yuan text).
    var accountPayFen: Fen { (try? Fen.parse(output.acct_pay)) ?? Fen(-1) }
    var mutualAidPayFen: Fen { (try? Fen.parse(output.acct_mulaid_pay)) ?? Fen(-1) }
    var cashPayFen: Fen { (try? Fen.parse(output.psn_cash_pay)) ?? Fen(-1) }
    var fundPayFen: Fen { (try? Fen.parse(output.fund_pay_sumamt)) ?? Fen(-1) }
    var medicalFeeFen: Fen { (try? Fen.parse(output.medfee_sumamt)) ?? Fen(-1) }
}

/// Sorted-key JSON of a result, to compare a replay with the first answer.
func fingerprint<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "<unencodable>"
}

/// Every settlement row in the store (settlements and reversals), by `setl_id`.
func allSettlements(_ store: any LedgerStore) throws -> [String: SettlementRecord] {
    try store.read { tx in
        var out: [String: SettlementRecord] = [:]
        var after: Int64 = 0
        for _ in 0..<1_000_000 {
            let page = try tx.allSettlements(afterId: after, limit: 1_000)
            guard let last = page.last?.id else { break }
            for s in page { out[s.setlId] = s }
            after = last
        }
        return out
    }
}
