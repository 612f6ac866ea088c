import Foundation
import Synchronization
import Testing
import YibaoCore
import YibaoPlatform
import YibaoStore

/// When the WAL is copied back into the database file: in the background after a large write, and for a bulk
/// series of writes (a crediting run) only once the series ends.
@Suite("WAL checkpoints")
struct WALCheckpointTests {
    static func fileSize(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1
    }

    /// 10,000 people with their insurance, account and contribution: one transaction of well over the 1,000 WAL
    /// pages at which a background checkpoint is asked for.
    static func seed(_ store: SQLiteStore) throws {
        try store.seedBenchmarkPeople(count: 10_000, region: "440300", month: "2025-06", start: "2025-01-01") { i in
            DemoSeed.idNumber(prefix: "440303", birth: CalendarDate(year: 1970, month: 1, day: 1)!.adding(days: i / 1000).description,
                sequence: i % 1000)
        }
    }

    @Test("A large write is copied into the database file in the background")
    func largeWriteIsCheckpointed() throws {
        let store = try TemporaryFileStore()
        let sizeBefore = Self.fileSize(store.path)
        let walBefore = try #require(store.sqlite.walPagesWritten)
        try Self.seed(store.sqlite)
        let pages = try #require(store.sqlite.walPagesWritten) - walBefore
        try #require(pages > 1_000)
        store.sqlite.waitForCheckpoint()
        #expect(Self.fileSize(store.path) >= sizeBefore + 1_000 * 4_096)
    }

    @Test("A bulk series leaves the WAL uncopied until it ends, then copies it; every row is readable throughout")
    func bulkSeriesDefersTheCheckpoint() throws {
        let store = try TemporaryFileStore()
        let sizeBefore = Self.fileSize(store.path)
        let walBefore = try #require(store.sqlite.walPagesWritten)
        try store.sqlite.bulkWriting {
            try Self.seed(store.sqlite)
            // Enough for a checkpoint outside a series (the test above), and none has copied anything.
            try #require(try #require(store.sqlite.walPagesWritten) - walBefore > 1_000)
            store.sqlite.waitForCheckpoint()
            #expect(Self.fileSize(store.path) == sizeBefore)
            #expect(try store.sqlite.read { try $0.personCount() } == 10_000)
        }
        store.sqlite.waitForCheckpoint()
        #expect(Self.fileSize(store.path) >= sizeBefore + 1_000 * 4_096)
        #expect(try store.sqlite.read { try $0.personCount() } == 10_000)
    }

    @Test("The crediting run is one bulk series")
    func creditingRunIsABulkSeries() throws {
        let store = try SeriesCountingStore(TemporaryFileStore())
        let platform = Platform(store: store, catalog: try Bundled.catalog.get(), regions: try Bundled.regions.get(),
            calendar: try Bundled.calendar.get(), clock: .fixed(day("2025-06-30")))
        try store.base.sqlite.seedBenchmarkPeople(count: 50, region: "440300", month: "2025-06", start: "2025-01-01") { i in
            DemoSeed.idNumber(prefix: "440303", birth: "1980-01-01", sequence: i)
        }
        let report = try platform.runCrediting(month: "2025-06")
        #expect(report.credited == 50)
        #expect(store.seriesStarted.withLock { $0 } == 1)
        #expect(store.writesInSeries.withLock { $0 } >= 1)
    }
}

/// A store that counts bulk series and the credit batches written inside one.
final class SeriesCountingStore: LedgerStore {
    let base: TemporaryFileStore
    let seriesStarted = Mutex(0)
    let writesInSeries = Mutex(0)
    private let inSeries = Mutex(false)

    init(_ base: TemporaryFileStore) { self.base = base }

    func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T { try base.write(body) }
    func read<T>(_ body: (any StoreReader) throws -> T) throws -> T { try base.read(body) }
    var readsBesideWrites: Bool { base.readsBesideWrites }

    func writeNewCredits(_ postings: [CreditPosting]) throws -> [Bool] {
        if inSeries.withLock({ $0 }) { writesInSeries.withLock { $0 += 1 } }
        return try base.writeNewCredits(postings)
    }

    func bulkWriting<T>(_ body: () throws -> T) rethrows -> T {
        seriesStarted.withLock { $0 += 1 }
        inSeries.withLock { $0 = true }
        defer { inSeries.withLock { $0 = false } }
        return try base.bulkWriting(body)
    }
}
