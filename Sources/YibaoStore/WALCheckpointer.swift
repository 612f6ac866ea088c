import Dispatch
import GRDB
import GRDBSQLite
import Synchronization
import YibaoPlatform

/// Copies the WAL back into the database file on a thread and connection of its own, so that the writer's
/// commits do not stop to checkpoint, and keeps the WAL from growing without end.
///
/// SQLite's automatic checkpoint runs inside the commit that grows the WAL past 1,000 pages: a large write (a
/// crediting batch) then also copies the pages of earlier commits into the database file and syncs it before it
/// returns. A WAL hook on the writer replaces that with a request here, once per 1,000 pages the WAL grows; the
/// PASSIVE checkpoint copies what no reader still needs, beside the writer, and syncs the WAL and then the
/// database file (its connection runs `synchronous = FULL`; a checkpoint syncs unless it runs OFF).
///
/// A background checkpoint alone never lets the WAL start again from its beginning: SQLite restarts the WAL only
/// when a write transaction begins with every frame copied, and under steady load the writer has always committed
/// again before the checkpoint ends (the WAL reached 300 MB in 20,000 settlements, and every commit past 1,000
/// pages asked for a checkpoint, two fsyncs each). So once the WAL holds `walRestartPagesMin` frames, and the
/// background checkpoints have left at most `walPagesMin` of them to copy, the writer itself checkpoints in its
/// hook, between two transactions: it copies those few, and the next transaction restarts the WAL. Durability does not depend on any of this:
/// every commit is synced to the WAL first (`synchronous = FULL`).
final class WALCheckpointer: Sendable {
    /// Growth of the WAL, in pages, for which a commit asks for a background checkpoint (SQLite's own automatic
    /// threshold).
    static let walPagesMin: Int32 = 1_000
    /// WAL size, in pages, from which the writer checkpoints between transactions so that the WAL restarts (16 MiB
    /// of 4 KiB pages).
    static let walRestartPagesMin: Int32 = 4_000
    /// WAL size, in pages, up to which a bulk series of writes (`deferring`: a crediting run) leaves the WAL
    /// uncopied (1 GiB of 4 KiB pages; a run over a million accounts writes about 81,000 pages).
    static let bulkWALPagesMax: Int32 = 262_144

    private let connection: DatabaseQueue
    private let queue = DispatchQueue(label: "yibao.wal-checkpoint")
    private let scheduled = Atomic<Bool>(false)
    /// WAL size at which the writer's hook next asks for a background checkpoint; only the hook uses it.
    private let nextRequestPages = Atomic<Int32>(WALCheckpointer.walPagesMin)
    /// WAL size at which the writer next checkpoints in its hook; only the hook uses it.
    private let nextInlinePages = Atomic<Int32>(WALCheckpointer.walRestartPagesMin)
    /// WAL size after the last commit; a smaller one means the WAL restarted.
    private let lastPages = Atomic<Int32>(0)
    /// WAL frames copied into the database file by the last background checkpoint.
    private let backfilledPages = Atomic<Int32>(0)
    /// Bulk series of writes in progress (`deferring`).
    private let bulkSeries = Atomic<Int>(0)
    /// Pages the writer's commits have appended to the WAL since the store opened (benchmarks divide it by commits).
    /// The first commit's report also counts frames already in the WAL when the hook was installed (the
    /// migrations'), so a measurement starts after a commit.
    let pagesWritten = Atomic<Int>(0)

    init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        connection = try DatabaseQueue(path: path, configuration: config)
        let mode = try connection.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            return try Int.fetchOne(db, sql: "PRAGMA synchronous")
        }
        // A checkpoint at OFF would copy frames into the database file and let the WAL restart over them
        // without syncing the file first.
        guard mode == 2 else { throw StoreError.notFound("PRAGMA synchronous = FULL was not applied to the checkpointer") }
    }

    /// Installs the hook on the writer connection (in place of SQLite's automatic checkpoint). The hook holds this
    /// object unretained: the store keeps it for as long as it keeps the writer.
    func install(on db: Database) {
        sqlite3_wal_hook(
            db.sqliteConnection,
            { context, connection, _, pages in
                guard let context else { return SQLITE_OK }
                return Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue()
                    .committed(walPages: pages, on: connection)
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Called by the writer after each commit, with no transaction open, with the WAL's size in pages.
    private func committed(walPages pages: Int32, on writer: OpaquePointer?) -> Int32 {
        if pages < lastPages.load(ordering: .relaxed) {
            nextRequestPages.store(WALCheckpointer.walPagesMin, ordering: .relaxed)
            nextInlinePages.store(WALCheckpointer.walRestartPagesMin, ordering: .relaxed)
            backfilledPages.store(0, ordering: .relaxed)
        }
        let before = lastPages.exchange(pages, ordering: .relaxed)
        pagesWritten.add(Int(pages >= before ? pages - before : pages), ordering: .relaxed)
        // A bulk series leaves the copying to its end (`deferring`), up to a bound on the WAL's size.
        if bulkSeries.load(ordering: .relaxed) > 0, pages < WALCheckpointer.bulkWALPagesMax { return SQLITE_OK }
        // Only while the background checkpoints keep up: a large commit (a crediting batch) leaves more than that to
        // copy, which is the work that must not run on the writer.
        let uncopied = pages - backfilledPages.load(ordering: .relaxed)
        if pages >= nextInlinePages.load(ordering: .relaxed), uncopied <= WALCheckpointer.walPagesMin {
            // Not again before the WAL has grown by as much, should a reader's snapshot keep it from restarting.
            nextInlinePages.store(pages + WALCheckpointer.walPagesMin, ordering: .relaxed)
            // PASSIVE, as SQLite's own automatic checkpoint is: it never waits for readers. A busy answer (the
            // background checkpoint is running) only leaves the restart to a later commit.
            _ = sqlite3_wal_checkpoint_v2(writer, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            return SQLITE_OK
        }
        if pages >= nextRequestPages.load(ordering: .relaxed) {
            nextRequestPages.store(pages + WALCheckpointer.walPagesMin, ordering: .relaxed)
            request()
        }
        return SQLITE_OK
    }

    /// Runs `body`, a bulk series of write transactions, without checkpoints while the WAL stays under
    /// `bulkWALPagesMax` pages, then checkpoints in the background.
    ///
    /// The checkpoints of a crediting run copy its pages into the database file and sync it on the second core,
    /// the one the run reads and decides its next batch on. Left to the end, the same copying (0.6–0.9 s for a
    /// million accounts, 81,000 WAL pages) no longer slows the run: 198–234k accounts/s against 170–192k,
    /// 171–194k either way when the copy is counted (`yibao-bench credit`, three alternated runs each).
    /// Durability is unchanged: every commit is synced to the WAL (`synchronous = FULL`); until the copy is done,
    /// readers find those pages in the WAL, and after a crash the WAL is replayed when the file opens.
    func deferring<T>(_ body: () throws -> T) rethrows -> T {
        bulkSeries.add(1, ordering: .relaxed)
        defer {
            // Queued even if a checkpoint is running: that one may have started before the series' last commits.
            if bulkSeries.subtract(1, ordering: .relaxed).oldValue == 1 { queue.async { self.checkpoint() } }
        }
        return try body()
    }

    /// Returns once the checkpoint scheduled last (if any) has finished.
    func waitForCheckpoint() {
        queue.sync {}
    }

    /// Schedules one checkpoint unless one is already waiting or running.
    private func request() {
        guard !scheduled.exchange(true, ordering: .acquiringAndReleasing) else { return }
        queue.async {
            self.checkpoint()
            self.scheduled.store(false, ordering: .releasing)
        }
    }

    /// Runs a PASSIVE checkpoint on the checkpointer's connection (on its queue).
    private func checkpoint() {
        // A failed checkpoint only leaves the WAL longer; the next request tries again.
        if let done = try? connection.writeWithoutTransaction({ db in try db.checkpoint(.passive) }) {
            backfilledPages.store(Int32(clamping: done.checkpointedFrameCount), ordering: .relaxed)
        }
    }
}
