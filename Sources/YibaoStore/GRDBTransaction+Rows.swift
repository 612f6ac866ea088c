import GRDB
import GRDBSQLite
import YibaoCore
import YibaoPlatform

/// A value bound to a `?` of a hot-path query.
enum SQLiteArgument {
    case int(Int64)
    case text(String)
    case null

    static func int(_ value: Int64?) -> SQLiteArgument { value.map { .int($0) } ?? .null }
    static func text(_ value: String?) -> SQLiteArgument { value.map { .text($0) } ?? .null }
}

/// The current result row of a hot-path query, read by position straight from SQLite.
struct SQLiteRow {
    let statement: OpaquePointer

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }
    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(statement, column)) }
    func fen(_ column: Int32) -> Fen { Fen(sqlite3_column_int64(statement, column)) }
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }
    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    /// The column's UTF-8 bytes, valid until the next step or reset.
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let base = sqlite3_column_text(statement, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: base, count: Int(sqlite3_column_bytes(statement, column)))
    }

    func text(_ column: Int32) -> String { String(decoding: bytes(column), as: UTF8.self) }

    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

    /// A stored `YYYY-MM-DD` date parsed from its bytes; a malformed one is a programmer error (the store writes
    /// only valid dates).
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
        else { preconditionFailure("stored date at column \(column) is malformed: \(text(column))") }
        return date
    }

    func optionalDate(_ column: Int32) -> CalendarDate? { optionalText(column).flatMap(CalendarDate.init) }
}

extension GRDBTransaction {
    /// Runs a read-only query through the SQLite C API on GRDB's cached statement and hands each row to `body`.
    ///
    /// The settlement path reads a dozen small records per bill, and GRDB's row machinery (a column-name table
    /// built per query, arguments boxed and validated, rows copied) cost more than SQLite's own work. Only SELECTs
    /// go this way: writes keep GRDB's bookkeeping. The statement is left reset, as GRDB expects to find it.
    func query(_ sql: String, _ arguments: [SQLiteArgument], _ body: (SQLiteRow) throws -> Void) throws {
        let statement = try bound(sql, arguments)
        defer { sqlite3_reset(statement) }
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw Self.failure(statement, sql: sql) }
            try body(SQLiteRow(statement: statement))
        }
    }

    /// Runs an INSERT or UPDATE of the settlement path the same way (one per transfer, balance and record). A
    /// failure is the `DatabaseError` GRDB would throw, with SQLite's extended code (constraints are told apart).
    func run(_ sql: String, _ arguments: [SQLiteArgument]) throws {
        let statement = try bound(sql, arguments)
        defer { sqlite3_reset(statement) }
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE || code == SQLITE_ROW else { throw Self.failure(statement, sql: sql) }
    }

    /// `run` for an INSERT: the new row's ID, a unique key taken already as `StoreError.uniqueViolation`.
    func insert(_ sql: String, _ arguments: [SQLiteArgument]) throws -> Int64 {
        do {
            try run(sql, arguments)
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
            || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
        {
            throw StoreError.uniqueViolation(error.message ?? "unique constraint")
        }
        return db.lastInsertedRowID
    }

    private func bound(_ sql: String, _ arguments: [SQLiteArgument]) throws -> OpaquePointer {
        let statement = try db.cachedStatement(sql: sql).sqliteStatement
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        for (i, argument) in arguments.enumerated() {
            let code: Int32
            switch argument {
            case .int(let v): code = sqlite3_bind_int64(statement, Int32(i + 1), v)
            case .null: code = sqlite3_bind_null(statement, Int32(i + 1))
            case .text(let s):
                var s = s
                code = s.withUTF8 {
                    sqlite3_bind_text(statement, Int32(i + 1), $0.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                        Int32($0.count), SQLiteRow.transient)
                }
            }
            guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code), sql: sql) }
        }
        return statement
    }

    /// The `DatabaseError` GRDB would throw for the statement's last failure, with SQLite's extended code.
    static func failure(_ statement: OpaquePointer, sql: String) -> DatabaseError {
        let db = sqlite3_db_handle(statement)
        return DatabaseError(resultCode: ResultCode(rawValue: sqlite3_extended_errcode(db)),
            message: String(cString: sqlite3_errmsg(db)), sql: sql)
    }

    func queryOne<T>(_ sql: String, _ arguments: [SQLiteArgument], _ map: (SQLiteRow) throws -> T) throws -> T? {
        var out: T?
        try query(sql, arguments) { row in if out == nil { out = try map(row) } }
        return out
    }

    func queryAll<T>(_ sql: String, _ arguments: [SQLiteArgument], _ map: (SQLiteRow) throws -> T) throws -> [T] {
        var out: [T] = []
        try query(sql, arguments) { out.append(try map($0)) }
        return out
    }
}

extension SQLiteRow {
    /// SQLite copies bound text before `sqlite3_bind_text` returns.
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
