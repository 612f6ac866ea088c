#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import YibaoCore
import YibaoPlatform

/// The store the server runs on, counting its writes: the read cache's proof that nothing changed.
final class ObservedStore: LedgerStore {
    let base: any LedgerStore
    private let writes = Atomic<UInt64>(0)

    init(_ base: any LedgerStore) { self.base = base }

    /// Incremented after every write transaction, committed or not (a failed one changes nothing, but
    /// counting it costs only a recomputation).
    var generation: UInt64 { writes.load(ordering: .acquiring) }

    func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        defer { writes.add(1, ordering: .releasing) }
        return try base.write(body)
    }

    func read<T>(_ body: (any StoreReader) throws -> T) throws -> T { try base.read(body) }

    var readsBesideWrites: Bool { base.readsBesideWrites }

    func writeNewCredits(_ postings: [CreditPosting]) throws -> [Bool] {
        defer { writes.add(1, ordering: .releasing) }
        return try base.writeNewCredits(postings)
    }

    func bulkWriting<T>(_ body: () throws -> T) rethrows -> T { try base.bulkWriting(body) }
}

/// Caches the two hottest reads, a session's person and a person's balance view, until anything is written.
///
/// Validity is a stamp taken *before* each read: this process's write count and, for writers in other
/// processes (the CLI on the same file), the size and modification time of the SQLite WAL file. A write
/// after the stamp changes it, so an entry is never served across a write; the worst case is a needless
/// recomputation. Bounded by `entriesMax` (cleared when full).
final class ReadCache: Sendable {
    struct Stamp: Equatable, Sendable {
        let generation: UInt64
        let walSize: Int64
        let walModifiedNs: Int64
    }

    static let entriesMax = 100_000

    let store: ObservedStore?
    let walPath: String?
    private let sessions = Mutex<[String: (Stamp, SessionPrincipal)]>([:])
    private let tokens = Mutex<[String: (Stamp, TokenPrincipal)]>([:])
    private let balances = Mutex<[String: (Stamp, CalendarDate, BalanceView, String)]>([:])

    init(store: ObservedStore?, databasePath: String?) {
        self.store = store
        walPath = databasePath.map { $0 + "-wal" }
    }

    func stamp() -> Stamp {
        var size: Int64 = -1
        var modified: Int64 = -1
        if let walPath {
            var s = stat()
            if stat(walPath, &s) == 0 {
                size = Int64(s.st_size)
                modified = Int64(s.st_mtim.tv_sec) * 1_000_000_000 + Int64(s.st_mtim.tv_nsec)
            }
        }
        return Stamp(generation: store?.generation ?? 0, walSize: size, walModifiedNs: modified)
    }

    /// The session's person, from the cache while nothing was written and the session has not expired.
    func person(forSession token: String, at now: Int64, platform: Platform) throws -> SessionPrincipal {
        guard store != nil else { return try platform.person(forSession: token, at: now) }
        let stamp = stamp()
        if let (s, p) = sessions.withLock({ $0[token] }), s == stamp, p.expiresAt > now { return p }
        let principal = try platform.person(forSession: token, at: now)
        sessions.withLock {
            if $0.count >= ReadCache.entriesMax { $0.removeAll() }
            $0[token] = (stamp, principal)
        }
        return principal
    }

    /// The institution or operator behind an API token, from the cache while nothing was written.
    func principal(forToken token: String, platform: Platform) throws -> TokenPrincipal {
        guard store != nil else { return try platform.principal(forToken: token) }
        let stamp = stamp()
        if let (s, p) = tokens.withLock({ $0[token] }), s == stamp { return p }
        let principal = try platform.principal(forToken: token)
        tokens.withLock {
            if $0.count >= ReadCache.entriesMax { $0.removeAll() }
            $0[token] = (stamp, principal)
        }
        return principal
    }

    /// The person's balance view, from the cache while nothing was written and the date is the same.
    func balance(person psnNo: String, platform: Platform) throws -> BalanceView {
        try balanceEntry(person: psnNo, platform: platform).0
    }

    /// The same view as the API's JSON text, cached with it (the balance route answers with these bytes).
    func balanceJSON(person psnNo: String, platform: Platform) throws -> String {
        try balanceEntry(person: psnNo, platform: platform).1
    }

    private func balanceEntry(person psnNo: String, platform: Platform) throws -> (BalanceView, String) {
        guard store != nil else {
            let view = try platform.balance(person: psnNo)
            return (view, view.jsonText)
        }
        let stamp = stamp()
        let day = platform.clock.today()
        if let (s, d, view, json) = balances.withLock({ $0[psnNo] }), s == stamp, d == day { return (view, json) }
        let view = try platform.balance(person: psnNo)
        let json = view.jsonText
        balances.withLock {
            if $0.count >= ReadCache.entriesMax { $0.removeAll() }
            $0[psnNo] = (stamp, day, view, json)
        }
        return (view, json)
    }
}
