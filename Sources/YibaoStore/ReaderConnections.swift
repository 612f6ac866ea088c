import Foundation
import GRDB
import Synchronization

/// Read-only connections to a WAL database file, beside the `DatabasePool` that writes it: what
/// `SQLiteStore.read` runs on.
///
/// Each read is one deferred transaction (`BEGIN` … `COMMIT`) on a connection of its own, so it sees one
/// snapshot of the database, exactly as a `DatabasePool` read does. What differs is the bookkeeping around it:
/// a pool read takes a reader through two dispatch barriers, a semaphore, a dispatch group and a key path
/// instantiated at run time, and parses `BEGIN`/`COMMIT` again every time; with two threads reading at once
/// the barriers also made them wait on each other. Here a read takes an idle connection from a list under a
/// mutex and runs two cached statements. On the pre-settlement path (about ten small queries) that
/// bookkeeping was a sixth of the request.
///
/// Connections are opened on demand (`SQLITE_OPEN_READONLY`, so nothing can write through them) and at most
/// `idleMax` are kept; a connection that is somehow still inside a transaction after a read is dropped.
final class ReaderConnections: Sendable {
    let path: String
    private let configuration: Configuration
    private let idle = Mutex<[DatabaseQueue]>([])

    /// Most idle connections kept (a few per core: each holds its own page cache).
    static let idleMax = max(4, ProcessInfo.processInfo.activeProcessorCount * 2)

    init(path: String) {
        self.path = path
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(10)
        config.label = "yibao.reader"
        configuration = config
    }

    /// Runs `body` in one read transaction on an idle connection (opening one if none is idle).
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        let queue = try idle.withLock { $0.popLast() } ?? DatabaseQueue(path: path, configuration: configuration)
        var reusable = false
        defer {
            if reusable { idle.withLock { if $0.count < Self.idleMax { $0.append(queue) } } }
        }
        return try queue.inDatabase { db in
            try db.cachedStatement(sql: "BEGIN DEFERRED TRANSACTION").execute()
            defer {
                // A read transaction has nothing to commit; COMMIT only ends it and cannot lose anything.
                try? db.cachedStatement(sql: "COMMIT TRANSACTION").execute()
                reusable = !db.isInsideTransaction
            }
            return try body(db)
        }
    }

    /// Connections now idle (tests).
    var idleCount: Int { idle.withLock { $0.count } }
}
