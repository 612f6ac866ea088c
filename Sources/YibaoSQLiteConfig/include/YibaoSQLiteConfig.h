#ifndef YIBAO_SQLITE_CONFIG_H
#define YIBAO_SQLITE_CONFIG_H

/// Turns off SQLite's memory statistics (`SQLITE_CONFIG_MEMSTATUS`) for the whole process. It must run before
/// SQLite is initialised (before the first connection opens); afterwards SQLite refuses it. Returns SQLite's
/// result code: 0 (SQLITE_OK) when applied, 21 (SQLITE_MISUSE) when SQLite was already initialised.
///
/// A C function because `sqlite3_config` is variadic, which Swift cannot call.
int yibao_sqlite_disable_memstatus(void);

/// Whether SQLite still keeps memory statistics (the high-water mark of `sqlite3_memory_used` moves with an
/// allocation only when it does).
int yibao_sqlite_memstatus_enabled(void);

#endif
