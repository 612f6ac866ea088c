import Dispatch
import GRDB
import GRDBSQLite
import Synchronization

/// Copies the WAL back into the database file on a thread and connection of its own, so that the writer's
/// commits do not stop to checkpoint.
///
/// SQLite's automatic checkpoint runs inside the commit that grows the WAL past 1,000 pages: a large write (a
/// crediting batch) then also copies the pages of earlier commits into the database file and syncs it before it
/// returns. A WAL hook on the writer replaces that with a request here; the PASSIVE checkpoint copies what no
/// reader still needs, beside the writer, and syncs the database file (`synchronous = FULL`). Durability does
/// not depend on it: every commit is synced to the WAL first.
final class WALCheckpointer: Sendable {
    /// WAL size, in pages, from which a commit asks for a checkpoint (SQLite's own automatic threshold).
    static let walPagesMin: Int32 = 1_000

    private let connection: DatabaseQueue
    private let queue = DispatchQueue(label: "yibao.wal-checkpoint")
    private let scheduled = Atomic<Bool>(false)

    init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        connection = try DatabaseQueue(path: path, configuration: config)
        try connection.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
    }

    /// Installs the hook on the writer connection (in place of SQLite's automatic checkpoint). The hook holds this
    /// object unretained: the store keeps it for as long as it keeps the writer.
    func install(on db: Database) {
        sqlite3_wal_hook(
            db.sqliteConnection,
            { context, _, _, pages in
                if let context, pages >= WALCheckpointer.walPagesMin {
                    Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue().request()
                }
                return SQLITE_OK
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Schedules one checkpoint unless one is already waiting or running.
    private func request() {
        guard !scheduled.exchange(true, ordering: .acquiringAndReleasing) else { return }
        queue.async {
            // A failed checkpoint only leaves the WAL longer; the next commit asks again.
            _ = try? self.connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            self.scheduled.store(false, ordering: .releasing)
        }
    }
}
