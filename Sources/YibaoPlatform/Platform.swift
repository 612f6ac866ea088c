import Foundation
import YibaoCore
import YibaoPolicy
import YibaoSettlement

/// The use cases of a 医保 centre: the only place that combines the store, the policy packs and the
/// settlement engine. The CLI and the server call only this. Each use case runs in one store transaction.
public final class Platform: Sendable {
    public let store: any LedgerStore
    public let catalog: PolicyCatalog
    public let regions: RegionTable
    public let calendar: WorkCalendar
    public let engine: SettlementEngine
    public let clock: PlatformClock

    /// Limits on what one call may ask for.
    public static var statementRowsMax: Int { 1_000 }
    public static var listPageMax: Int { 500 }
    public static var idempotencyKeyCharactersMax: Int { 128 }
    /// Accounts credited per transaction in a crediting run: a crash loses at most one batch, which a
    /// rerun completes (credits are idempotent per account and month).
    public static var creditingBatchSize: Int { 5_000 }

    public init(store: any LedgerStore, catalog: PolicyCatalog, regions: RegionTable, calendar: WorkCalendar, clock: PlatformClock) {
        self.store = store
        self.catalog = catalog
        self.regions = regions
        self.calendar = calendar
        self.engine = SettlementEngine(catalog: catalog, regions: regions)
        self.clock = clock
    }

    /// Today: the clock's date, unless the database pins one (the demo database is dated in the year its
    /// policy packs cover; see `DemoSeed`).
    public func today() throws -> CalendarDate {
        try store.read { try today(in: $0) }
    }

    /// Today, read inside the caller's transaction (no extra round trip).
    func today(in tx: any StoreReader) throws -> CalendarDate {
        if let pinned = try tx.setting(Platform.pinnedDateSetting), let date = CalendarDate(pinned) { return date }
        return clock.today()
    }

    public static var pinnedDateSetting: String { "as_of_date" }

    // MARK: shared helpers

    /// Finds a person by 人员编号 or ID number.
    func person(_ query: String, in tx: any StoreReader) throws -> PersonRecord {
        let q = Platform.trimmingWhitespace(query)
        if let p = try tx.person(psnNo: q) { return p }
        if let p = try tx.person(idNumber: q.uppercased()) { return p }
        throw PlatformError.personNotFound(Platform.maskQuery(q))
    }

    /// `trimmingCharacters(in: .whitespaces)`, without Foundation's string bridging when there is nothing to trim
    /// (always, for a query a program sends).
    static func trimmingWhitespace(_ s: String) -> String {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last,
            isWhitespace(first) || isWhitespace(last)
        else { return s }
        return s.trimmingCharacters(in: .whitespaces)
    }

    /// Membership in `CharacterSet.whitespaces`, without asking Foundation about ASCII (a query's first and last
    /// characters are nearly always ASCII digits). Beyond ASCII, Foundation decides: its set is not exactly
    /// Unicode's category Zs (it has U+200B).
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || scalar == "\t" }
        return CharacterSet.whitespaces.contains(scalar)
    }

    /// Masks an ID number in a message so that errors never echo one in full.
    static func maskQuery(_ q: String) -> String {
        q.count == 18 ? String(q.prefix(6)) + "********" + String(q.suffix(4)) : q
    }

    func pooling(_ region: String) throws -> String {
        let resolved: Region
        do {
            resolved = try regions.resolve(region)
        } catch {
            throw PlatformError.regionUnknown(region)
        }
        guard let pooling = regions.poolingRegion(of: resolved.code) else { throw PlatformError.regionUnknown(region) }
        return pooling.code
    }

    func parseMonth(_ text: String) throws -> Month {
        guard let m = Month(text) else { throw PlatformError.monthInvalid(text) }
        return m
    }

    func parseDate(_ text: String) throws -> CalendarDate {
        guard let d = CalendarDate(text) else { throw PlatformError.dateInvalid(text) }
        return d
    }

    func parseAmount(_ text: String, field: String) throws -> Fen {
        do {
            return try Fen.parse(text)
        } catch {
            throw PlatformError.invalidAmount(field: field, reason: error.message)
        }
    }

    /// The pack for a region and year, as a platform error.
    func pack(region: String, year: Int) throws -> PolicyPack {
        do {
            return try catalog.pack(region: region, year: year)
        } catch {
            throw PlatformError.regionNotConfigured(region: region, year: year)
        }
    }

    /// The pack that describes a region's schemes (which types and tiers exist, which keep an account) around
    /// `date`: that year's pack, else the latest earlier one, else the earliest. Only for structure; figures
    /// (rates, amounts) are always taken from the pack of their own year or declared missing.
    func structurePack(region: String, around date: CalendarDate) throws -> PolicyPack {
        let years = catalog.years(region: region).sorted()
        guard let year = years.last(where: { $0 <= date.year }) ?? years.first else {
            throw PlatformError.regionNotConfigured(region: region, year: date.year)
        }
        return try pack(region: region, year: year)
    }

    /// The counter-account of a kind in a region, created on first use (in the same transaction).
    func counterAccount(_ kind: AccountKind, region: String, in tx: any StoreTransaction, on date: CalendarDate) throws
        -> AccountRecord
    {
        if let a = try tx.account(kind: kind, region: region, ownerPersonId: nil) { return a }
        var a = AccountRecord(kind: kind, region: region, ownerPersonId: nil, openedOn: date)
        a.id = try tx.insert(a)
        return a
    }

    // MARK: idempotency

    /// Runs a mutating use case once per idempotency key: a replay with the same request returns the first
    /// result; the same key with a different request is refused. Runs inside the caller's transaction.
    func idempotent<Request: Encodable, Result: Codable>(key: String, operation: String, request: Request,
        in tx: any StoreTransaction, _ body: () throws -> Result) throws -> Result
    {
        try idempotent(key: key, operation: operation, requestText: try Platform.canonicalJSON(request), in: tx, body)
    }

    /// The same with the canonical request text already built (the settlement path builds it by hand).
    func idempotent<Result: Codable>(key: String, operation: String, requestText requestJSON: String,
        in tx: any StoreTransaction, resultText: ((Result) throws -> String)? = nil,
        _ body: () throws -> Result) throws -> Result
    {
        if let replay: Result = try idempotentReplay(key: key, operation: operation, requestText: requestJSON, in: tx) {
            return replay
        }
        let result = try body()
        try recordIdempotent(key: key, operation: operation, requestText: requestJSON,
            resultText: try resultText?(result) ?? Platform.canonicalJSON(result), in: tx)
        return result
    }

    /// The first half of `idempotent`, reading only: the stored result of an earlier call with this key, or nil
    /// when there is none. An invalid key, or the key of an earlier call with another request, is refused.
    func idempotentReplay<Result: Codable>(key: String, operation: String, requestText requestJSON: String,
        in tx: any StoreReader) throws -> Result?
    {
        guard !key.isEmpty, key.count <= Platform.idempotencyKeyCharactersMax,
            key.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value != 127 })
        else { throw PlatformError.idempotencyKeyInvalid }
        guard let existing = try tx.idempotency(key: "\(operation):\(key)") else { return nil }
        guard existing.requestJSON == requestJSON else { throw PlatformError.existsWithDifferentRequest(key: key) }
        return try JSONDecoder().decode(Result.self, from: Data(existing.resultJSON.utf8))
    }

    /// The second half: records the call's result under its key, in the transaction that wrote it.
    func recordIdempotent(key: String, operation: String, requestText: String, resultText: String,
        in tx: any StoreTransaction) throws
    {
        try tx.insert(IdempotencyRecord(key: "\(operation):\(key)", operation: operation, requestJSON: requestText,
            resultJSON: resultText))
    }

    static func canonicalJSON<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
