import Foundation
import Testing
import YibaoCore
import YibaoPlatform
import YibaoPolicy
import YibaoStore

/// The stores the contract suite runs against. A PostgreSQL store joins this list when it exists.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case memory
    case file

    var testDescription: String { rawValue }
}

/// A store of one kind: SQLite in memory, or a SQLite file in its own temporary folder.
struct StoreFixture {
    let kind: StoreKind
    /// The store as the platform sees it. For a file, it owns the folder, removed when the store goes away.
    let store: any LedgerStore
    let sqlite: SQLiteStore
    /// The database file (file stores only).
    let path: String?

    init(_ kind: StoreKind) throws {
        self.kind = kind
        switch kind {
        case .memory:
            sqlite = try SQLiteStore()
            store = sqlite
            path = nil
        case .file:
            let file = try TemporaryFileStore()
            sqlite = file.sqlite
            store = file
            path = file.path
        }
    }
}

/// A SQLite file store that removes its temporary folder when the last reference to it goes, so that the file
/// outlives every use of the store whatever the order in which a test's values are released.
final class TemporaryFileStore: LedgerStore {
    let sqlite: SQLiteStore
    let folder: URL
    let path: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("yibao-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("yibao.sqlite").path
        sqlite = try SQLiteStore(path: path)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T { try sqlite.write(body) }
    func read<T>(_ body: (any StoreReader) throws -> T) throws -> T { try sqlite.read(body) }
    var readsBesideWrites: Bool { sqlite.readsBesideWrites }
    func writeNewCredits(_ postings: [CreditPosting]) throws -> [Bool] { try sqlite.writeNewCredits(postings) }
    func bulkWriting<T>(_ body: () throws -> T) rethrows -> T { try sqlite.bulkWriting(body) }
}

/// Policy packs, regions and the holiday calendar as shipped, loaded once for all suites.
enum Bundled {
    static let catalog = Result { () throws -> PolicyCatalog in try PolicyCatalog.bundled() }
    static let regions = Result { () throws -> RegionTable in try RegionTable.bundled() }
    static let calendar = Result { () throws -> WorkCalendar in try WorkCalendar.bundled() }
}

/// A date literal; a malformed one is a mistake in the test itself.
func day(_ text: String) -> CalendarDate {
    guard let d = CalendarDate(text) else { preconditionFailure("bad date literal \(text) in a test") }
    return d
}

/// Yuan text to fen; a malformed literal is a mistake in the test itself.
func fen(_ yuan: String) -> Fen {
    guard let value = try? Fen.parse(yuan) else { preconditionFailure("bad amount literal \(yuan) in a test") }
    return value
}

/// A platform over a fresh store, with the shipped packs and a clock fixed on `today` (packs cover 2025 only).
/// Steps that happen on other days move the database's pinned date (`as_of_date`), as the demo seed does.
struct World {
    let fixture: StoreFixture
    let platform: Platform
    var store: any LedgerStore { platform.store }

    init(_ kind: StoreKind = .memory, today: String) throws {
        fixture = try StoreFixture(kind)
        platform = Platform(
            store: fixture.store, catalog: try Bundled.catalog.get(), regions: try Bundled.regions.get(),
            calendar: try Bundled.calendar.get(), clock: .fixed(day(today)))
    }

    /// Makes `date` "today" for the platform.
    func pin(_ date: String) throws {
        try store.write { try $0.setSetting(Platform.pinnedDateSetting, value: date) }
    }

    /// Enrols a person and returns the 人员编号.
    @discardableResult
    func enrol(
        _ name: String, id: String, region: String = "440300", type: InsuranceType = .employeeBasic,
        tier: String? = "1", personType: PersonType = .inService, base: String = "10000.00",
        start: String = "2025-01-01",
        notActivated: Bool = false
    ) throws -> String {
        try platform.enrol(
            EnrolRequest(
                idNumber: id, name: name, region: region, insuranceType: type, tier: tier,
                personType: personType, base: base, start: start, accountNotActivated: notActivated), key: "enrol-\(id)"
        ).psn_no
    }

    /// Pays each of `months` ("2025-01"…) on its 15th and, when `credit` is true, runs that month's crediting on
    /// the 5th of the next, as a centre would. Leaves the pinned date on the last step taken.
    func payAndCredit(_ psnNo: String, months: [String], credit: Bool = true) throws {
        for m in months {
            guard let month = Month(m) else { preconditionFailure("bad month literal \(m)") }
            try pin("\(m)-15")
            _ = try platform.postContribution(ContributionRequest(person: psnNo, month: m), key: "pay-\(psnNo)-\(m)")
            if credit {
                try pin("\(month.adding(1))-05")
                _ = try platform.runCrediting(month: m)
            }
        }
    }

    /// The balance view on `date`.
    func balance(_ psnNo: String, on date: String) throws -> BalanceView {
        try pin(date)
        return try platform.balance(person: psnNo)
    }

    /// The personal account of a person in a region.
    func account(_ psnNo: String, region: String = "440300") throws -> AccountRecord {
        try #require(
            try store.read { tx -> AccountRecord? in
                guard let p = try tx.person(psnNo: psnNo) else { return nil }
                return try tx.account(kind: .personal, region: region, ownerPersonId: p.id)
            })
    }

    /// Everything the register and ledger hold, for "nothing was written" checks.
    func snapshot() throws -> Snapshot {
        try store.read { tx in
            var s = Snapshot(
                persons: try tx.personCount(), transfers: try tx.transferCount(),
                settlements: try tx.settlementCount(), accounts: try tx.accounts())
            for p in try tx.persons(limit: 500, offset: 0) {
                let id = p.id ?? 0
                s.records.append("\(p)")
                s.records.append("\(try tx.grants(holderPersonId: id))")
                for i in try tx.insurances(personId: id) {
                    let row = i.id ?? 0
                    s.records.append("\(i) \(try tx.versions(insuranceId: row)) \(try tx.contributions(insuranceId: row))")
                }
            }
            for a in s.accounts {
                s.records.append("\(try tx.statusEvents(accountId: a.id ?? 0)) \(try tx.credits(accountId: a.id ?? 0))")
            }
            return s
        }
    }
}

/// Counts and rows of a database at one moment.
struct Snapshot: Equatable {
    var persons: Int
    var transfers: Int
    var settlements: Int
    var accounts: [AccountRecord]
    var records: [String] = []
}

/// Valid ID numbers for tests (check character computed by `DemoSeed.idNumber`).
func idNumber(_ sequence: Int, prefix: String = "440303", birth: String = "1985-03-12") -> String {
    DemoSeed.idNumber(prefix: prefix, birth: birth, sequence: sequence)
}

/// A bill in national field names: medical type, institution level, date and 甲/乙/丙 items
/// (`("300.00", "01")`); the person's own fields come from the records.
func bill(date: String, medType: String = "11", level: String = "3", items: [(String, String)], useAccount: Bool = true)
    -> Data
{
    let lines = items.enumerated().map { i, item in
        "{\"feedetl_sn\": \"\(i + 1)\", \"med_list_codg\": \"T\(i + 1)\", \"det_item_fee_sumamt\": \"\(item.0)\", "
            + "\"chrgitm_lv\": \"\(item.1)\"\(item.1 == "02" ? ", \"selfpay_prop\": \"0.10\"" : "")}"
    }
    return Data(
        """
        {"med_type": "\(medType)", "medins_lv": "\(level)", "setl_date": "\(date)",
         "acct_used_flag": "\(useAccount ? "1" : "0")", "items": [\(lines.joined(separator: ", "))]}
        """.utf8)
}

extension BalanceView {
    var codes: [String] { reasons.map(\.code) }

    func reason(_ code: ReasonCode) -> BalanceReason? { reasons.first { $0.code == code.rawValue } }
}

/// Expects `body` to fail with `StoreError.uniqueViolation`, the store's answer to a second row where one is allowed.
func expectUniqueViolation(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected StoreError.uniqueViolation, nothing was thrown", sourceLocation: sourceLocation)
    } catch StoreError.uniqueViolation {
        return
    } catch {
        Issue.record("expected StoreError.uniqueViolation, got \(error)", sourceLocation: sourceLocation)
    }
}
