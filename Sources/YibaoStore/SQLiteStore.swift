import Foundation
import GRDB
import YibaoPlatform
import YibaoSQLiteConfig

/// The embedded store: one SQLite file in WAL mode through GRDB, or an in-memory database for tests.
///
/// Durability: the writer connection runs with `synchronous = FULL`, set after GRDB's own setup (a
/// `DatabasePool` sets NORMAL after `prepareDatabase`) and read back, so a `write` that returns is on disk.
public final class SQLiteStore: LedgerStore {
    let writer: any DatabaseWriter
    /// Read back from the writer after opening: 2 = FULL (in-memory databases report their own value).
    public let synchronousMode: Int

    /// Pages the writer has appended to the WAL since the store opened (nil in memory, where there is no WAL); the
    /// first commit also counts what the WAL held at opening, so measure between two later readings.
    public var walPagesWritten: Int? { checkpointer?.pagesWritten.load(ordering: .relaxed) }
    /// Checkpoints the WAL beside the writer (file databases only).
    let checkpointer: WALCheckpointer?
    /// The read-only connections `read` runs on (file databases only; an in-memory database reads on its queue).
    let readers: ReaderConnections?

    /// Page cache of the writer connection, in KiB (4,096 pages of 4 KiB).
    ///
    /// Kept small on purpose. Every commit that adds a page to the database (every settlement does) ends in
    /// SQLite's page-cache truncation, which in SQLite 3.40 walks the cache's whole hash table: one bucket per
    /// cached page, and the table never shrinks. At 256 MiB, with a settlement database's pages cached, that walk
    /// was a seventh of the group-commit writer's CPU (about 100 µs a commit, `perf` of `settle-durable`).
    /// At 16 MiB it is a few microseconds. The 256 MiB was chosen so that a crediting run would not read index
    /// pages back from disk; at 16 MiB it runs no slower (four alternated pairs of `credit --accounts 1000000`:
    /// 197k/254k/270k/224k against 194k/194k/234k/220k accounts/s).
    public static let writerCacheKiB = 16_384

    /// Size the WAL file is cut back to when the WAL restarts (`PRAGMA journal_size_limit`).
    public static let walFileBytesKept = 64 << 20

    /// SQLite's process-wide settings, made once, before the first connection opens (SQLite refuses them after).
    ///
    /// Memory statistics off: with them on (SQLite's default), every allocation and free SQLite makes takes one
    /// mutex shared by all connections of the process, to count the bytes. A crediting run reads its next batch
    /// on one connection while the writer writes on another, and a tenth of each thread's time went to waiting for
    /// that mutex and to the futex calls it made; readers serving requests side by side share it the same way.
    /// Nothing here reads the statistics (`sqlite3_memory_used`, a soft heap limit). Returns SQLite's result:
    /// `SQLITE_MISUSE` if something else in the process used SQLite first, which leaves them on.
    ///
    /// Then SQLite's default VFS becomes one that hands each commit's WAL frames to the kernel in one write
    /// instead of two per frame (`YibaoSQLiteConfig/WALFrameWriter.c`, `walWritesAndFlushes`).
    static let processSetup: Int32 = {
        let memstatus = yibao_sqlite_disable_memstatus()
        _ = yibao_sqlite_install_wal_frame_writer()
        return memstatus
    }()

    /// WAL writes SQLite made through the frame-writing VFS, and the writes it made of them (see
    /// `YibaoSQLiteConfig/WALFrameWriter.c`), since the process started; both stay 0 when it is not installed.
    public static var walWritesAndFlushes: (writes: Int, flushes: Int) {
        (Int(yibao_sqlite_wal_buffered_writes()), Int(yibao_sqlite_wal_flushes()))
    }

    /// Whether SQLite counts its memory in this process (false once `processSetup` applied).
    public static var keepsMemoryStatistics: Bool { yibao_sqlite_memstatus_enabled() != 0 }

    /// Opens (creating and migrating if needed) the database file at `path`.
    public init(path: String) throws {
        _ = SQLiteStore.processSetup
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        let pool = try DatabasePool(path: path, configuration: config)
        try Migrations.migrator().migrate(pool)
        synchronousMode = try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Larger than SQLite's 2 MiB default, and no larger: see `writerCacheKiB`.
            try db.execute(sql: "PRAGMA cache_size = -\(SQLiteStore.writerCacheKiB)")
            // A savepoint inside a transaction (one per settlement of a group commit) keeps the original of every
            // page it changes in a sub-journal; in a temporary file that was half the writes of a group commit
            // (never synced, but written all the same). The sub-journal only serves a rollback in this process.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            // A crediting run leaves its whole WAL to one checkpoint at its end (`bulkWriting`), a few hundred MB
            // for a million accounts; when the WAL next starts again from its beginning, the file is cut back to
            // this size instead of staying that large. Steady traffic restarts it at about 16 MiB, below it.
            try db.execute(sql: "PRAGMA journal_size_limit = \(SQLiteStore.walFileBytesKept)")
            return try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
        }
        guard synchronousMode == 2 else { throw StoreError.notFound("PRAGMA synchronous = FULL was not applied") }
        let checkpointer = try WALCheckpointer(path: path)
        pool.writeWithoutTransaction { db in checkpointer.install(on: db) }
        self.checkpointer = checkpointer
        readers = ReaderConnections(path: path)
        writer = pool
    }

    /// An in-memory database (tests and benchmarks of logic, not of durability).
    public init(inMemory: Void = ()) throws {
        _ = SQLiteStore.processSetup
        var config = Configuration()
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA foreign_keys = ON") }
        let queue = try DatabaseQueue(configuration: config)
        try Migrations.migrator().migrate(queue)
        synchronousMode = try queue.read { try Int.fetchOne($0, sql: "PRAGMA synchronous") ?? -1 }
        checkpointer = nil
        readers = nil
        writer = queue
    }

    public func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try writer.write { db in try body(GRDBTransaction(db: db)) }
    }

    public func read<T>(_ body: (any StoreReader) throws -> T) throws -> T {
        if let readers { return try readers.read { db in try body(GRDBTransaction(db: db)) } }
        return try writer.read { db in try body(GRDBTransaction(db: db)) }
    }

    /// The crediting run's batches, with the transfers' foreign keys proven once per account instead of per row.
    ///
    /// With foreign keys on, every credit's INSERT looks up both of its accounts, and the multi-row INSERT keeps a
    /// statement journal (an immediate foreign key can abort it), together a third of the writer's work.
    /// `postNewCredits` moves the balance of every account named by a transfer it writes, with an UPDATE that
    /// must change exactly one row (`AccountTotals.apply`), in the same transaction: that proves each account
    /// exists, and accounts are never deleted (trigger `account_no_delete`). So the connection runs this one
    /// transaction with `foreign_keys` off (a per-connection setting, changeable only between transactions) and
    /// turns it back on before any other write can use the connection. Every other write keeps the declared
    /// foreign keys enforced by SQLite.
    public func writeNewCredits(_ postings: [CreditPosting]) throws -> [Bool] {
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            let written = Result { () throws -> [Bool] in
                var written: [Bool] = []
                try db.inTransaction {
                    written = try GRDBTransaction(db: db).postNewCredits(postings)
                    return .commit
                }
                return written
            }
            Self.restoreForeignKeys(db)
            return try written.get()
        }
    }

    /// A crediting run's batches: the WAL is not copied back into the database file while they are written
    /// (unless it passes `WALCheckpointer.bulkWALPagesMax`), and a checkpoint is asked for when they end.
    public func bulkWriting<T>(_ body: () throws -> T) rethrows -> T {
        guard let checkpointer else { return try body() }
        return try checkpointer.deferring(body)
    }

    /// Waits for the background checkpoint asked for last, if any (benchmarks time the copy a run leaves).
    public func waitForCheckpoint() {
        checkpointer?.waitForCheckpoint()
    }

    /// Turns foreign keys back on. A writer left without them would let a later write break one, so failing to
    /// restore them stops the process rather than go on.
    static func restoreForeignKeys(_ db: Database) {
        if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK") }
        do {
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            if try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") == true { return }
        } catch {}
        preconditionFailure("PRAGMA foreign_keys = ON was not applied on the writer connection")
    }

    /// Whether the writer connection enforces foreign keys (tests: it does again after `writeNewCredits`).
    public func writerEnforcesForeignKeys() throws -> Bool {
        try writer.writeWithoutTransaction { db in try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") ?? false }
    }

    /// A file database is a `DatabasePool`: its reads run on reader connections (WAL snapshots) beside the writer.
    /// An in-memory one is a `DatabaseQueue`, where a read waits for the write in progress.
    public var readsBesideWrites: Bool { writer is DatabasePool }

    /// The schema's migration identifiers applied to this database, for `yibao audit` and tests.
    public func appliedMigrations() throws -> [String] {
        try writer.read { db in try Migrations.migrator().appliedIdentifiers(db).sorted() }
    }

    /// Inserts `count` bare rows into a scratch table in one transaction: the raw GRDB insert rate that
    /// benchmarks compare the crediting run with.
    public func rawInsertBenchmark(count: Int) throws {
        try writer.write { db in
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS bench_row (account_id INTEGER, month TEXT, amount_fen INTEGER)")
            let statement = try db.makeStatement(sql: "INSERT INTO bench_row (account_id, month, amount_fen) VALUES (?, ?, ?)")
            for i in 0..<count {
                try statement.execute(arguments: [i, "2025-06", 20_000])
            }
            try db.execute(sql: "DELETE FROM bench_row")
        }
    }
}

extension SQLiteStore {
    /// Benchmark fixture: `count` 深圳 一档 employees with open personal accounts and a paid contribution
    /// for `month`, inserted with raw SQL in one transaction (enrolling a million people one use case at a
    /// time would measure enrolment, not crediting). Returns the psn_no of the first person.
    public func seedBenchmarkPeople(count: Int, region: String, month: String, start: String, idNumbers: (Int) -> String)
        throws
    {
        try writer.write { db in
            let person = try db.makeStatement(sql: "INSERT INTO person (psn_no, id_number, name, phone, created_on) VALUES (?, ?, ?, NULL, ?)")
            let insurance = try db.makeStatement(sql: "INSERT INTO insurance (person_id, insutype, region, employer, start_date) VALUES (?, '310', ?, NULL, ?)")
            let version = try db.makeStatement(sql: """
                INSERT INTO insurance_version (insurance_id, effective_from, tier, person_type, base_fen, status, reason, recorded_on)
                VALUES (?, ?, '1', 'in_service', 1000000, 'active', '参保登记', ?)
                """)
            let account = try db.makeStatement(sql: "INSERT INTO account (kind, region, owner_person_id, opened_on) VALUES ('personal', ?, ?, ?)")
            let event = try db.makeStatement(sql: "INSERT INTO account_status_event (account_id, status, reason, effective_on) VALUES (?, 'active', '个人账户已建立', ?)")
            let contribution = try db.makeStatement(sql: """
                INSERT INTO contribution (insurance_id, month, kind, base_fen, employer_fen, employee_fen, paid_on, transfer_id)
                VALUES (?, ?, 'monthly', 1000000, 50000, 20000, ?, NULL)
                """)
            for i in 0..<count {
                try person.execute(arguments: [region + String(format: "%010d", i + 1), idNumbers(i), "测试\(i)", start])
                let pid = db.lastInsertedRowID
                try insurance.execute(arguments: [pid, region, start])
                let iid = db.lastInsertedRowID
                try version.execute(arguments: [iid, start, start])
                try account.execute(arguments: [region, pid, start])
                try event.execute(arguments: [db.lastInsertedRowID, start])
                try contribution.execute(arguments: [iid, month, start])
            }
        }
    }
}
