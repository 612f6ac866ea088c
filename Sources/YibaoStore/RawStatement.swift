import GRDB
import GRDBSQLite
import YibaoCore

/// SQLite's "copy the bytes now" destructor, which the C macro `SQLITE_TRANSIENT` spells as -1.
let sqliteTransient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

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
            _ = sqlite3_bind_text(handle, index, bytes.baseAddress, Int32(bytes.count), sqliteTransient)
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
        case let code:
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
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

    func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    /// The column's UTF-8 bytes, valid until the next step or reset.
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard let base = sqlite3_column_text(handle, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: base, count: count)
    }

    func text(_ column: Int32) -> String {
        String(decoding: bytes(column), as: UTF8.self)
    }

    func optionalText(_ column: Int32) -> String? {
        isNull(column) ? nil : text(column)
    }

    /// A stored `YYYY-MM-DD` date parsed from its bytes; a malformed one is a programmer error (the store
    /// writes only valid dates), as in `GRDBTransaction.date`.
    func date(_ column: Int32) -> CalendarDate {
        let b = bytes(column)
        func digits(_ range: Range<Int>) -> Int? {
            var n = 0
            for i in range {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                n = n * 10 + Int(b[i] - 48)
            }
            return n
        }
        guard b.count == 10, b[4] == 45, b[7] == 45, let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10),
            let date = CalendarDate(year: y, month: m, day: d)
        else { preconditionFailure("stored date is malformed: \(text(column)) (\(sql))") }
        return date
    }
}
