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

/// Makes a VFS that writes each commit's WAL frames in one call the process's default (see WALFrameWriter.c).
/// Call once, before the first connection opens; later calls do nothing. Returns SQLite's result code.
int yibao_sqlite_install_wal_frame_writer(void);

/// Writes the VFS has handed to the kernel, and the writes SQLite made to WAL files through it, since the
/// process started (the second divided by the first: writes saved per call).
long long yibao_sqlite_wal_flushes(void);
long long yibao_sqlite_wal_buffered_writes(void);

#endif
