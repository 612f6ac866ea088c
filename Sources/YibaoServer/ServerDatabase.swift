import Foundation
import YibaoCore
import YibaoPlatform
import YibaoPolicy
import YibaoStore

/// Opens the platform for the main job: creates and migrates the SQLite file on first start, loads the
/// policy packs, and seeds the demo data (people, a year of history, one institution token for 深圳 and one
/// operator token) into a database that has nobody in it yet.
public enum ServerDatabase {
    /// What a first start created, to print once: tokens are never shown again.
    public struct DemoCredentials: Sendable {
        public let people: [DemoSeed.Person]
        public let institutionToken: IssuedToken
        public let operatorToken: IssuedToken
    }

    public static let demoRegion = "440300"

    public static func open(path: String, clock: PlatformClock = .system, hasher: PasswordHasher = PasswordHasher(),
        now: Int64 = Int64(Date().timeIntervalSince1970)) throws -> (Platform, DemoCredentials?)
    {
        let sqlite = try SQLiteStore(path: path)
        // Writes are counted so that the read cache knows when nothing has changed (see `ReadCache`).
        let store = ObservedStore(sqlite)
        let platform = Platform(store: store, catalog: try PolicyCatalog.bundled(), regions: try RegionTable.bundled(),
            calendar: try WorkCalendar.bundled(), clock: clock)
        guard try store.read({ try $0.personCount() }) == 0 else { return (platform, nil) }
        return (platform, try seed(platform, hasher: hasher, now: now))
    }

    /// Seeds the demo people and issues the demo tokens.
    public static func seed(_ platform: Platform, hasher: PasswordHasher, now: Int64) throws -> DemoCredentials {
        let people = try platform.seedDemo(hashPassword: { try hasher.hash($0) })
        let institution = try platform.issueToken(role: .institution, region: demoRegion, name: "演示定点医院（深圳）", at: now)
        let op = try platform.issueToken(role: .operator, region: demoRegion, name: "演示经办人员（深圳）", at: now)
        return DemoCredentials(people: people, institutionToken: institution, operatorToken: op)
    }
}
