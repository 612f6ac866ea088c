import GRDB
import GRDBSQLite
import YibaoCore

/// A statement from GRDB's per-connection cache, bound and stepped through the SQLite C API.
///
/// Only the crediting run's hot path uses it: there GRDB's `StatementArguments` (an array of existentials
/// per call) and `Row` cost more than SQLite itself. The statement stays in GRDB's cache, which finalizes it;
/// `reset()` after use leaves it as GRDB expects (and releases a read statement's snapshot).
struct RawStatement {
    let handle: OpaquePointer
    let db: Database
    let sql: String

    init(_ db: Database, _ sql: String) throws {
        self.db = db
        self.sql = sql
        handle = try db.cachedStatement(sql: sql).sqliteStatement
        sqlite3_reset(handle)
    }

    func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(handle, index, value)
    }

    func bind(_ index: Int32, _ value: String) {
        var text = value
        text.withUTF8 { bytes in
            _ = sqlite3_bind_text(handle, index, bytes.baseAddress, Int32(bytes.count), SQLiteRow.transient)
        }
    }

    func bindNull(_ index: Int32) {
        sqlite3_bind_null(handle, index)
    }

    /// Steps once: true while a row is available, false when done. An error resets the statement and throws
    /// GRDB's `DatabaseError` with SQLite's extended code (GRDB turns extended codes on).
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = GRDBTransaction.failure(handle, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Runs a statement that returns no rows, then resets it; the number of rows it changed.
    func execute() throws -> Int {
        defer { sqlite3_reset(handle) }
        _ = try step()
        return Int(sqlite3_changes(db.sqliteConnection))
    }

    func reset() {
        sqlite3_reset(handle)
    }

    /// The current row, read by position (valid until the next step or reset).
    var row: SQLiteRow { SQLiteRow(statement: handle) }
}
