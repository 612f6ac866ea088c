import Foundation
import GRDB
import YibaoPlatform

/// The embedded store: one SQLite file in WAL mode through GRDB, or an in-memory database for tests.
///
/// Durability: the writer connection runs with `synchronous = FULL`, set after GRDB's own setup (a
/// `DatabasePool` sets NORMAL after `prepareDatabase`) and read back, so a `write` that returns is on disk.
public final class SQLiteStore: LedgerStore {
    let writer: any DatabaseWriter
    /// Read back from the writer after opening: 2 = FULL (in-memory databases report their own value).
    public let synchronousMode: Int

    /// Opens (creating and migrating if needed) the database file at `path`.
    public init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        let pool = try DatabasePool(path: path, configuration: config)
        try Migrations.migrator().migrate(pool)
        synchronousMode = try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            return try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
        }
        guard synchronousMode == 2 else { throw StoreError.notFound("PRAGMA synchronous = FULL was not applied") }
        writer = pool
    }

    /// An in-memory database (tests and benchmarks of logic, not of durability).
    public init(inMemory: Void = ()) throws {
        var config = Configuration()
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA foreign_keys = ON") }
        let queue = try DatabaseQueue(configuration: config)
        try Migrations.migrator().migrate(queue)
        synchronousMode = try queue.read { try Int.fetchOne($0, sql: "PRAGMA synchronous") ?? -1 }
        writer = queue
    }

    public func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try writer.write { db in try body(GRDBTransaction(db: db)) }
    }

    public func read<T>(_ body: (any StoreReader) throws -> T) throws -> T {
        try writer.read { db in try body(GRDBTransaction(db: db)) }
    }

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
