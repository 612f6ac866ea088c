import Foundation
import GRDB
import GRDBSQLite
import Testing
import YibaoStore

/// The VFS that writes a commit's WAL frames in one call (`YibaoSQLiteConfig/WALFrameWriter.c`): whatever it
/// holds back, a commit is whole in the WAL file when it returns, so other connections (which read the file, not
/// the writer's buffer) see every committed row, and a reopened database finds them all.
@Suite("WAL frames written one commit at a time")
struct WALFrameWriterTests {
    /// A WAL database beside a fresh temporary directory, and a connection configured as the test asks.
    static func connection(_ path: String, synchronous: String, cachePages: Int = 2_000) throws -> DatabaseQueue {
        var config = Configuration()
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            try db.execute(sql: "PRAGMA cache_size = \(cachePages)")
        }
        return try DatabaseQueue(path: path, configuration: config)
    }

    static func scratch() throws -> (dir: URL, path: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("yibao-wal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return (dir, dir.appendingPathComponent("t.sqlite").path)
    }

    @Test("Another connection sees every commit as soon as it returns, even when nothing syncs the WAL",
        arguments: ["FULL", "OFF"])
    func commitsAreVisibleAtOnce(synchronous: String) throws {
        _ = try SQLiteStore()  // the process setup that installs the VFS, as in `yibao`
        let (dir, path) = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try Self.connection(path, synchronous: synchronous)
        try writer.write { try $0.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL)") }
        let reader = try DatabaseQueue(path: path)
        let before = SQLiteStore.walWritesAndFlushes
        var expected = 0
        for commit in 1...48 {
            // Rows of 3 KB (a page each), 1 to 48 per commit: commits of a few frames and of more than the 31 the
            // buffer holds, so that some commit frames fall where the buffer is full.
            try writer.write { db in
                for row in 0..<commit {
                    try db.execute(sql: "INSERT INTO t (body) VALUES (?)",
                        arguments: [Data(repeating: UInt8(truncatingIfNeeded: commit &* 31 &+ row), count: 3_000)])
                    expected += 1
                }
            }
            let seen = try reader.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM t WHERE length(body) = 3000") }
            #expect(seen == expected, "commit \(commit)")
        }
        let after = SQLiteStore.walWritesAndFlushes
        // Two writes per frame went in; far fewer calls came out (other tests may write WAL files meanwhile, so
        // the counts are compared loosely).
        #expect(after.writes - before.writes >= 2 * 48 * 2)
        #expect(after.flushes - before.flushes < after.writes - before.writes)
        let integrity = try reader.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
        #expect(integrity == "ok")
    }

    @Test("A transaction far larger than the buffer, spilled before it commits and changing spilled pages again, is whole after reopening",
        arguments: ["FULL", "OFF"])
    func largeTransactionSurvivesReopening(synchronous: String) throws {
        _ = try SQLiteStore()
        let (dir, path) = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("copy.sqlite").path
        var checksum: Int64 = 0
        do {
            // A 40-page cache: the 6 MB transaction spills frames to the WAL long before its commit.
            let writer = try Self.connection(path, synchronous: synchronous, cachePages: 40)
            try writer.write { db in
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
                try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, body BLOB NOT NULL)")
            }
            try writer.write { db in
                for n in 0..<3_000 {
                    try db.execute(sql: "INSERT INTO t (n, body) VALUES (?, ?)",
                        arguments: [n, Data(repeating: UInt8(n % 251), count: 2_000)])
                    checksum += Int64(n)
                }
                // Pages spilled to the WAL earlier in this transaction change again: SQLite writes them again in
                // place and, at the commit, rewrites the checksums of the frames after the first of them.
                try db.execute(sql: "UPDATE t SET n = n + 1 WHERE id % 10 = 0")
                checksum += 300
            }
            let walBytes = (try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
            #expect(walBytes > 4 << 20)
            // Copies of the database file and of its WAL, taken while the writer is still open: opening the copy
            // replays the WAL from the bytes in the file alone (there is no copy of the wal-index).
            for suffix in ["", "-wal"] {
                try FileManager.default.copyItem(atPath: path + suffix, toPath: copy + suffix)
            }
            try writer.close()
        }
        for file in [path, copy] {
            let reopened = try DatabaseQueue(path: file)
            let (sum, rows, wrong, integrity) = try reopened.read { db in
                (try Int64.fetchOne(db, sql: "SELECT SUM(n) FROM t"), try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t"),
                    try Int.fetchOne(db, sql: """
                        SELECT COUNT(*) FROM t WHERE length(body) <> 2000 OR hex(substr(body, 2000, 1)) <> printf('%02X', (id - 1) % 251)
                        """),
                    try String.fetchOne(db, sql: "PRAGMA integrity_check"))
            }
            #expect(sum == checksum, "\(file)")
            #expect(rows == 3_000)
            #expect(wrong == 0)
            #expect(integrity == "ok")
        }
    }

    @Test("Held-back bytes that cannot be written during a call whose result SQLite may ignore make every later write, read and sync of that WAL file fail")
    func lostBytesAreNotForgotten() throws {
        _ = try SQLiteStore()
        let vfs = try #require(sqlite3_vfs_find("yibao-wal-frames"))
        // A WAL file on /dev/full: it opens, and every write to it fails with ENOSPC (SQLITE_FULL).
        let name = strdup("/dev/full\0\0\0")!  // SQLite's file names end with extra NULs
        let storage = UnsafeMutableRawPointer.allocate(byteCount: Int(vfs.pointee.szOsFile), alignment: 16)
        storage.initializeMemory(as: UInt8.self, repeating: 0, count: Int(vfs.pointee.szOsFile))
        let file = storage.assumingMemoryBound(to: sqlite3_file.self)
        var outFlags: Int32 = 0
        let opened = vfs.pointee.xOpen(vfs, name, file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_WAL, &outFlags)
        try #require(opened == SQLITE_OK)
        let methods = try #require(file.pointee.pMethods).pointee
        defer {
            _ = methods.xClose(file)
            storage.deallocate()
            free(name)
        }
        // A frame header that does not end a transaction is held back, so its write "succeeds".
        var header = [UInt8](repeating: 0, count: 24)
        header[3] = 1
        #expect(methods.xWrite(file, header, 24, 32) == SQLITE_OK)
        // A file control writes it first and fails; SQLite ignores the result of some file controls.
        var chunk: Int32 = 0
        #expect(methods.xFileControl(file, SQLITE_FCNTL_CHUNK_SIZE, &chunk) == SQLITE_FULL)
        // The frame's page would follow the lost header: it must not be taken (nor a commit after it), and nothing
        // may report the file written or synced.
        let page = [UInt8](repeating: 7, count: 4_096)
        #expect(methods.xWrite(file, page, 4_096, 56) != SQLITE_OK)
        #expect(methods.xSync(file, SQLITE_SYNC_NORMAL) != SQLITE_OK)
        var size: sqlite3_int64 = 0
        #expect(methods.xFileSize(file, &size) != SQLITE_OK)
        var read = [UInt8](repeating: 0, count: 24)
        #expect(methods.xRead(file, &read, 24, 32) != SQLITE_OK)
    }
}
