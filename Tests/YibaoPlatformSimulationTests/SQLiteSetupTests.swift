import Testing
import YibaoStore

/// SQLite's process-wide setup. In this test process SQLite is only ever reached through `SQLiteStore`, so its
/// setup runs before the first connection opens, as it does in `yibao` and `yibao-bench`.
@Suite("SQLite process setup")
struct SQLiteSetupTests {
    @Test("SQLite keeps no memory statistics, so its allocations share no process-wide mutex")
    func memoryStatisticsAreOff() throws {
        let store = try SQLiteStore()
        try store.write { tx in _ = try tx.personCount() }
        #expect(!SQLiteStore.keepsMemoryStatistics)
    }
}
