import Foundation
import GRDB
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
}
