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

    func fetchAll<T>(_ sql: String, _ arguments: StatementArguments = [], _ map: (Row) throws -> T) throws -> [T] {
        let statement = try db.cachedStatement(sql: sql)
        return try Row.fetchAll(statement, arguments: arguments).map(map)
    }

    func fetchOne<T>(_ sql: String, _ arguments: StatementArguments = [], _ map: (Row) throws -> T) throws -> T? {
        let statement = try db.cachedStatement(sql: sql)
        return try Row.fetchOne(statement, arguments: arguments).map(map)
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

    func savepoint<T>(_ body: () throws -> T) throws -> T {
        var result: T?
        try db.inSavepoint {
            result = try body()
            return .commit
        }
        guard let result else { throw StoreError.notFound("savepoint produced no result") }
        return result
    }

    // MARK: settings and idempotency

    func setting(_ name: String) throws -> String? {
        try fetchOne("SELECT value FROM setting WHERE name = ?", [name]) { $0["value"] as String }
    }

    func setSetting(_ name: String, value: String) throws {
        try db.cachedStatement(sql: "INSERT INTO setting (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value")
            .execute(arguments: [name, value])
    }

    func idempotency(key: String) throws -> IdempotencyRecord? {
        try fetchOne("SELECT * FROM idempotency WHERE key = ?", [key]) {
            IdempotencyRecord(key: $0["key"], operation: $0["operation"], requestJSON: $0["request_json"],
                resultJSON: $0["result_json"])
        }
    }

    func insert(_ r: IdempotencyRecord) throws {
        _ = try insertRow("INSERT INTO idempotency (key, operation, request_json, result_json) VALUES (?, ?, ?, ?)",
            [r.key, r.operation, r.requestJSON, r.resultJSON])
    }
}
