import ArgumentParser
import Foundation
import YibaoCore
import YibaoPlatform
import YibaoPolicy
import YibaoStore

/// Opens the platform for commands that use the register and ledger.
///
/// Database: `--db PATH` (before or after the command), else `YIBAO_DB`, else `./yibao.sqlite`. Today:
/// `YIBAO_TODAY` (YYYY-MM-DD) if set, else the date pinned in the database (the demo's), else the clock.
enum Context {
    static var databasePath: String {
        ProcessInfo.processInfo.environment["YIBAO_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "./yibao.sqlite"
    }

    static func platform() throws -> Platform {
        let store = try SQLiteStore(path: databasePath)
        var clock = PlatformClock.system
        if let text = ProcessInfo.processInfo.environment["YIBAO_TODAY"], let date = CalendarDate(text) {
            clock = .fixed(date)
        }
        return Platform(store: store, catalog: try PolicyCatalog.bundled(), regions: try RegionTable.bundled(),
            calendar: try WorkCalendar.bundled(), clock: clock)
    }

    /// Runs a use case and maps its typed errors to the CLI's `{ "code", "message" }` with exit 2.
    static func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PlatformError {
            throw Output.fail(error)
        } catch let error as any YibaoError {
            throw Output.fail(error)
        }
    }

    /// The idempotency key: the one given, or one derived from the command's own arguments, so that
    /// running the same command twice is a replay, not a second posting.
    static func key(_ given: String?, _ parts: String...) -> String {
        if let given, !given.isEmpty { return given }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in parts.joined(separator: "\u{1F}").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return "cli-" + String(hash, radix: 16)
    }
}

/// `--json` and `--key` shared by the register commands.
struct CommonOptions: ParsableArguments {
    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: "Idempotency key (default: derived from the command's arguments, so a rerun is a replay).")
    var key: String?
}
