import Foundation
import GRDB
import YibaoCore
import YibaoPlatform

/// `StoreTransaction` over one GRDB `Database` connection inside a transaction. The only SQL in Yibao
/// (with `Migrations`). Statements are cached per connection, so hot paths do not re-parse SQL.
struct GRDBTransaction: StoreTransaction {
    let db: Database

    func date(_ row: Row, _ column: String) -> CalendarDate {
        let text: String = row[column]
        guard let d = CalendarDate(text) else { preconditionFailure("stored date \(column) is malformed: \(text)") }
        return d
    }

    func optionalDate(_ row: Row, _ column: String) -> CalendarDate? {
        (row[column] as String?).flatMap(CalendarDate.init)
    }

    func fen(_ row: Row, _ column: String) -> Fen { Fen(row[column] as Int64) }

    // By position: GRDB's by-name lookup lower-cases the name on every access, which the settlement path (a
    // dozen records per bill) paid for on every column. Each positional reader selects its columns by name.

    func date(_ row: Row, _ index: Int) -> CalendarDate {
        let text: String = row[index]
        guard let d = CalendarDate(text) else { preconditionFailure("stored date at column \(index) is malformed: \(text)") }
        return d
    }

    func optionalDate(_ row: Row, _ index: Int) -> CalendarDate? {
        (row[index] as String?).flatMap(CalendarDate.init)
    }

    func fen(_ row: Row, _ index: Int) -> Fen { Fen(row[index] as Int64) }

    // Through a cursor: `map` reads each row where SQLite holds it, instead of GRDB copying every column into a
    // row of its own first (which cost as much as the query on the settlement path).

    func fetchAll<T>(_ sql: String, _ arguments: StatementArguments = [], _ map: (Row) throws -> T) throws -> [T] {
        let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        var out: [T] = []
        while let row = try rows.next() { out.append(try map(row)) }
        return out
    }

    func fetchOne<T>(_ sql: String, _ arguments: StatementArguments = [], _ map: (Row) throws -> T) throws -> T? {
        let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        return try rows.next().map(map)
    }

    func insertRow(_ sql: String, _ arguments: StatementArguments) throws -> Int64 {
        do {
            try db.cachedStatement(sql: sql).execute(arguments: arguments)
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
            || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
        {
            throw StoreError.uniqueViolation(error.message ?? "unique constraint")
        }
        return db.lastInsertedRowID
    }

    /// A savepoint of its own on cached statements: GRDB's `inSavepoint` parses its SQL on every call, and a group
    /// commit runs one savepoint per settlement. Always inside `write`'s transaction, and always balanced.
    func savepoint<T>(_ body: () throws -> T) throws -> T {
        try run("SAVEPOINT yibao_savepoint", [])
        let result: T
        do {
            result = try body()
        } catch {
            try run("ROLLBACK TO SAVEPOINT yibao_savepoint", [])
            try run("RELEASE SAVEPOINT yibao_savepoint", [])
            throw error
        }
        try run("RELEASE SAVEPOINT yibao_savepoint", [])
        return result
    }

    // MARK: settings and idempotency

    func setting(_ name: String) throws -> String? {
        try queryOne("SELECT value FROM setting WHERE name = ?", [.text(name)]) { $0.text(0) }
    }

    func setSetting(_ name: String, value: String) throws {
        try db.cachedStatement(sql: "INSERT INTO setting (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value")
            .execute(arguments: [name, value])
    }

    func idempotency(key: String) throws -> IdempotencyRecord? {
        try queryOne("SELECT key, operation, request_json, result_json FROM idempotency WHERE key = ?", [.text(key)]) {
            IdempotencyRecord(key: $0.text(0), operation: $0.text(1), requestJSON: $0.text(2), resultJSON: $0.text(3))
        }
    }

    func insert(_ r: IdempotencyRecord) throws {
        _ = try insert("INSERT INTO idempotency (key, operation, request_json, result_json) VALUES (?, ?, ?, ?)",
            [.text(r.key), .text(r.operation), .text(r.requestJSON), .text(r.resultJSON)])
    }
}
