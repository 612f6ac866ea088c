// A VFS over SQLite's default one that hands a commit's WAL frames to the kernel in one write.
//
// SQLite 3.40 writes each WAL frame as two writes, its 24-byte header and then its page, so a group commit of
// four settlements (about 27 frames) made 54 pwrite calls before its fsync. This VFS keeps the writes of a WAL
// file that follow each other in the file in a buffer and writes them in one call:
//   - at the end of every commit: a frame header whose "database size after commit" field is not zero marks
//     the commit frame, and the buffer is written as soon as that frame's page has joined it, before the
//     xWrite call of the page returns. So when SQLite goes on to sync the WAL (synchronous = FULL) or to
//     publish the commit in the wal-index (any mode), every byte of the transaction is already in the file,
//     exactly as without this VFS;
//   - before any other call on the file (read, sync, truncate, size, file control, lock, close) and before a
//     write that does not follow the buffer;
//   - when the next write would take the buffer past WAL_BUFFER_MAX (about 31 frames).
// A failed write of the buffer is an error of the call that made it. Where that call is one whose result SQLite
// may ignore (a file control, a lock), SQLite would go on as if the bytes were in the file and could publish a
// commit over the hole they leave; so after such a failure every later write, read, sync, truncate and size call
// on the file fails too, until SQLite closes it. (SQLite makes those calls on a WAL file only between
// transactions, when nothing is held back; this is the guard for the case it does not.)
// Only writes that append to the file are held back. A write over bytes already written (the WAL header when the
// WAL restarts, a page rewritten in place, the frame headers SQLite rewrites after a commit frame to fix their
// checksums) is written at once, after what is pending.
// Every other file (the database, its journals) is SQLite's own file object, untouched.
#include "YibaoSQLiteConfig.h"
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#define WAL_FRAME_HEADER 24
// SQLite's unix VFS writes at most 128 KiB - 1 bytes per pwrite call (it masks a length with 0x1ffff, so a write
// of exactly 128 KiB would be a write of 0 bytes, reported as a full disk): the buffer stays below that.
#define WAL_BUFFER_MAX 0x1ffff

typedef struct WALFile {
    sqlite3_file base;          // pMethods: walMethods
    sqlite3_file *real;         // the default VFS's file, allocated right after this struct
    unsigned char *buffer;      // pending bytes, to be written at `offset`
    int used;
    int capacity;
    sqlite3_int64 offset;
    int commitPending;          // the buffer ends with a commit frame's header: write it after the page
    sqlite3_int64 end;          // end of the furthest write through this file (buffered or not)
    int poisoned;               // nonzero: held-back bytes were lost where SQLite may not know; refuse all I/O
} WALFile;

static sqlite3_vfs *realVFS;
static sqlite3_vfs walVFS;
static sqlite3_io_methods walMethods;
static sqlite3_int64 flushes;
static sqlite3_int64 coalescedWrites;

static int flushBuffer(WALFile *f) {
    if (f->used == 0) return SQLITE_OK;
    int rc = f->real->pMethods->xWrite(f->real, f->buffer, f->used, f->offset);
    __atomic_add_fetch(&flushes, 1, __ATOMIC_RELAXED);
    f->used = 0;
    f->commitPending = 0;
    return rc;
}

// Writes what is held back before a call whose error SQLite may ignore; a failure poisons the file (above).
static int flushOrPoison(WALFile *f) {
    int rc = flushBuffer(f);
    if (rc != SQLITE_OK && f->poisoned == 0) f->poisoned = rc;
    return rc;
}

static int walClose(sqlite3_file *p) {
    WALFile *f = (WALFile *)p;
    int rc = flushBuffer(f);
    int rc2 = f->real->pMethods->xClose(f->real);
    sqlite3_free(f->buffer);
    f->buffer = NULL;
    f->capacity = 0;
    return rc != SQLITE_OK ? rc : rc2;
}

static int walWrite(sqlite3_file *p, const void *data, int amount, sqlite3_int64 offset) {
    WALFile *f = (WALFile *)p;
    if (f->poisoned) return f->poisoned;
    if (offset < f->end && !(f->used > 0 && offset == f->offset + f->used)) {
        // Bytes already written: the WAL's header when it restarts from the beginning, a page written again in
        // place, frame headers whose checksums SQLite rewrites after the commit frame. Only appended frames are
        // held back; these go straight to the file, after what is pending, so nothing is left in the buffer
        // that SQLite believes written when it publishes the commit.
        int rc = flushBuffer(f);
        if (rc != SQLITE_OK) return rc;
        rc = f->real->pMethods->xWrite(f->real, data, amount, offset);
        f->end = offset == 0 ? amount : (offset + amount > f->end ? offset + amount : f->end);
        return rc;
    }
    if (offset + amount > f->end) f->end = offset + amount;
    // This write is the page of the commit frame whose header ends the buffer: after it, nothing may wait, even
    // when the buffer is written out before it for room (below) and the flag with it.
    int commitPage = f->commitPending && f->used > 0 && offset == f->offset + f->used;
    if (f->used > 0 && offset != f->offset + f->used) {
        int rc = flushBuffer(f);
        if (rc != SQLITE_OK) return rc;
    }
    if (f->used + amount > WAL_BUFFER_MAX) {
        int rc = flushBuffer(f);
        if (rc != SQLITE_OK) return rc;
        if (amount > WAL_BUFFER_MAX) return f->real->pMethods->xWrite(f->real, data, amount, offset);
    }
    if (f->used + amount > f->capacity) {
        int capacity = f->capacity == 0 ? 64 * 1024 : f->capacity;
        while (capacity < f->used + amount) capacity *= 2;
        unsigned char *grown = sqlite3_realloc(f->buffer, capacity);
        if (grown == NULL) {
            // No memory for the buffer: write what is pending and this write directly.
            int rc = flushBuffer(f);
            if (rc != SQLITE_OK) return rc;
            return f->real->pMethods->xWrite(f->real, data, amount, offset);
        }
        f->buffer = grown;
        f->capacity = capacity;
    }
    if (f->used == 0) f->offset = offset;
    memcpy(f->buffer + f->used, data, (size_t)amount);
    f->used += amount;
    __atomic_add_fetch(&coalescedWrites, 1, __ATOMIC_RELAXED);
    if (commitPage) return flushBuffer(f);
    if (amount == WAL_FRAME_HEADER) {
        // A frame header: big-endian page number, then the database size in pages after the commit, which is
        // zero except in the last frame of a transaction.
        const unsigned char *h = data;
        if (h[4] | h[5] | h[6] | h[7]) f->commitPending = 1;
    }
    return SQLITE_OK;
}

static int walRead(sqlite3_file *p, void *data, int amount, sqlite3_int64 offset) {
    WALFile *f = (WALFile *)p;
    if (f->poisoned) return SQLITE_IOERR_READ;
    int rc = flushBuffer(f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xRead(f->real, data, amount, offset);
}

static int walTruncate(sqlite3_file *p, sqlite3_int64 size) {
    WALFile *f = (WALFile *)p;
    if (f->poisoned) return f->poisoned;
    int rc = flushBuffer(f);
    if (size < f->end) f->end = size;
    return rc != SQLITE_OK ? rc : f->real->pMethods->xTruncate(f->real, size);
}

static int walSync(sqlite3_file *p, int flags) {
    WALFile *f = (WALFile *)p;
    if (f->poisoned) return f->poisoned;
    int rc = flushBuffer(f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xSync(f->real, flags);
}

static int walFileSize(sqlite3_file *p, sqlite3_int64 *size) {
    WALFile *f = (WALFile *)p;
    if (f->poisoned) return f->poisoned;
    int rc = flushBuffer(f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xFileSize(f->real, size);
}

static int walLock(sqlite3_file *p, int lock) {
    WALFile *f = (WALFile *)p;
    int rc = flushOrPoison(f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xLock(f->real, lock);
}

static int walUnlock(sqlite3_file *p, int lock) {
    WALFile *f = (WALFile *)p;
    int rc = flushOrPoison(f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xUnlock(f->real, lock);
}

static int walCheckReservedLock(sqlite3_file *p, int *out) {
    WALFile *f = (WALFile *)p;
    int rc = flushOrPoison(f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xCheckReservedLock(f->real, out);
}

static int walFileControl(sqlite3_file *p, int op, void *arg) {
    WALFile *f = (WALFile *)p;
    int rc = flushOrPoison(f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xFileControl(f->real, op, arg);
}

static int walSectorSize(sqlite3_file *p) {
    WALFile *f = (WALFile *)p;
    return f->real->pMethods->xSectorSize(f->real);
}

static int walDeviceCharacteristics(sqlite3_file *p) {
    WALFile *f = (WALFile *)p;
    return f->real->pMethods->xDeviceCharacteristics(f->real);
}

static int walOpen(sqlite3_vfs *vfs, const char *name, sqlite3_file *p, int flags, int *outFlags) {
    (void)vfs;
    if (!(flags & SQLITE_OPEN_WAL)) return realVFS->xOpen(realVFS, name, p, flags, outFlags);
    WALFile *f = (WALFile *)p;
    memset(f, 0, sizeof(WALFile));
    f->real = (sqlite3_file *)(f + 1);
    int rc = realVFS->xOpen(realVFS, name, f->real, flags, outFlags);
    // SQLite calls xClose only when pMethods is set: leave it NULL when the real open failed.
    f->base.pMethods = f->real->pMethods != NULL ? &walMethods : NULL;
    return rc;
}

static int vfsDelete(sqlite3_vfs *v, const char *n, int s) { (void)v; return realVFS->xDelete(realVFS, n, s); }
static int vfsAccess(sqlite3_vfs *v, const char *n, int fl, int *o) { (void)v; return realVFS->xAccess(realVFS, n, fl, o); }
static int vfsFullPathname(sqlite3_vfs *v, const char *n, int sz, char *o) { (void)v; return realVFS->xFullPathname(realVFS, n, sz, o); }
static void *vfsDlOpen(sqlite3_vfs *v, const char *n) { (void)v; return realVFS->xDlOpen(realVFS, n); }
static void vfsDlError(sqlite3_vfs *v, int n, char *m) { (void)v; realVFS->xDlError(realVFS, n, m); }
static void (*vfsDlSym(sqlite3_vfs *v, void *h, const char *s))(void) { (void)v; return realVFS->xDlSym(realVFS, h, s); }
static void vfsDlClose(sqlite3_vfs *v, void *h) { (void)v; realVFS->xDlClose(realVFS, h); }
static int vfsRandomness(sqlite3_vfs *v, int n, char *o) { (void)v; return realVFS->xRandomness(realVFS, n, o); }
static int vfsSleep(sqlite3_vfs *v, int us) { (void)v; return realVFS->xSleep(realVFS, us); }
static int vfsCurrentTime(sqlite3_vfs *v, double *t) { (void)v; return realVFS->xCurrentTime(realVFS, t); }
static int vfsGetLastError(sqlite3_vfs *v, int n, char *m) { (void)v; return realVFS->xGetLastError ? realVFS->xGetLastError(realVFS, n, m) : 0; }
static int vfsCurrentTimeInt64(sqlite3_vfs *v, sqlite3_int64 *t) { (void)v; return realVFS->xCurrentTimeInt64(realVFS, t); }

int yibao_sqlite_install_wal_frame_writer(void) {
    if (realVFS != NULL) return SQLITE_OK;
    sqlite3_vfs *real = sqlite3_vfs_find(NULL);
    if (real == NULL) return SQLITE_ERROR;
    // The methods a WAL file needs: the shared-memory and memory-map methods belong to the database file.
    walMethods.iVersion = 1;
    walMethods.xClose = walClose;
    walMethods.xRead = walRead;
    walMethods.xWrite = walWrite;
    walMethods.xTruncate = walTruncate;
    walMethods.xSync = walSync;
    walMethods.xFileSize = walFileSize;
    walMethods.xLock = walLock;
    walMethods.xUnlock = walUnlock;
    walMethods.xCheckReservedLock = walCheckReservedLock;
    walMethods.xFileControl = walFileControl;
    walMethods.xSectorSize = walSectorSize;
    walMethods.xDeviceCharacteristics = walDeviceCharacteristics;
    walVFS.iVersion = 2;
    walVFS.szOsFile = (int)sizeof(WALFile) + real->szOsFile;
    walVFS.mxPathname = real->mxPathname;
    walVFS.zName = "yibao-wal-frames";
    walVFS.xOpen = walOpen;
    walVFS.xDelete = vfsDelete;
    walVFS.xAccess = vfsAccess;
    walVFS.xFullPathname = vfsFullPathname;
    walVFS.xDlOpen = vfsDlOpen;
    walVFS.xDlError = vfsDlError;
    walVFS.xDlSym = vfsDlSym;
    walVFS.xDlClose = vfsDlClose;
    walVFS.xRandomness = vfsRandomness;
    walVFS.xSleep = vfsSleep;
    walVFS.xCurrentTime = vfsCurrentTime;
    walVFS.xGetLastError = vfsGetLastError;
    walVFS.xCurrentTimeInt64 = vfsCurrentTimeInt64;
    realVFS = real;
    return sqlite3_vfs_register(&walVFS, 1);
}

long long yibao_sqlite_wal_flushes(void) { return __atomic_load_n(&flushes, __ATOMIC_RELAXED); }
long long yibao_sqlite_wal_buffered_writes(void) { return __atomic_load_n(&coalescedWrites, __ATOMIC_RELAXED); }
