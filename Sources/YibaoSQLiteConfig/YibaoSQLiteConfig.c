#include "YibaoSQLiteConfig.h"
#include <sqlite3.h>

int yibao_sqlite_disable_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int yibao_sqlite_memstatus_enabled(void) {
    // With statistics on, allocating grows sqlite3_memory_used(); with them off it stays 0.
    void *p = sqlite3_malloc(4096);
    sqlite3_int64 used = sqlite3_memory_used();
    sqlite3_free(p);
    return used > 0;
}
