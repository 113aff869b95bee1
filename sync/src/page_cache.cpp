#include "page_cache.h"

#include <sqlite3.h>

#include <mutex>
#include <new>

namespace tongban::sync {
namespace {

sqlite3_pcache_methods2 g_base{};  // SQLite's own cache, which does all the work

constexpr unsigned kLockByte = 0x40000000;  // SQLite's PENDING_BYTE

struct Cache {
  sqlite3_pcache* base;
  unsigned parking_key;  // where a swap parks a page: just past the lock byte
  // A page SQLite has moved to parking_key, still kept at parked_from in the base cache.
  sqlite3_pcache_page* parked = nullptr;
  unsigned parked_from = 0;
};

Cache& C(sqlite3_pcache* p) { return *reinterpret_cast<Cache*>(p); }

// Moves a parked page where SQLite believes it is. Every call but the swap's own ones
// does this first, so the base cache is never seen out of step.
void Settle(Cache& c) {
  if (!c.parked) return;
  g_base.xRekey(c.base, c.parked, c.parked_from, c.parking_key);
  c.parked = nullptr;
}

int Init(void* arg) { return g_base.xInit ? g_base.xInit(arg) : SQLITE_OK; }
void Shutdown(void* arg) {
  if (g_base.xShutdown) g_base.xShutdown(arg);
}

sqlite3_pcache* Create(int page_size, int extra, int purgeable) {
  sqlite3_pcache* base = g_base.xCreate(page_size, extra, purgeable);
  if (!base) return nullptr;
  auto* c = new (std::nothrow) Cache{base, kLockByte / static_cast<unsigned>(page_size) + 1};
  if (!c) {
    g_base.xDestroy(base);
    return nullptr;
  }
  return reinterpret_cast<sqlite3_pcache*>(c);
}

void Cachesize(sqlite3_pcache* p, int n) {
  Settle(C(p));
  g_base.xCachesize(C(p).base, n);
}

int Pagecount(sqlite3_pcache* p) { return g_base.xPagecount(C(p).base); }

sqlite3_pcache_page* Fetch(sqlite3_pcache* p, unsigned key, int create) {
  Cache& c = C(p);
  if (c.parked) {
    // Between the swap's moves SQLite looks up only the pages it moves, without creating.
    if (create == 0 && key == c.parking_key) return c.parked;
    if (create == 0 && key == c.parked_from) return nullptr;  // moved away, as SQLite sees it
    if (create != 0) Settle(c);
  }
  return g_base.xFetch(c.base, key, create);
}

void Unpin(sqlite3_pcache* p, sqlite3_pcache_page* page, int discard) {
  Settle(C(p));
  g_base.xUnpin(C(p).base, page, discard);
}

void Rekey(sqlite3_pcache* p, sqlite3_pcache_page* page, unsigned from, unsigned to) {
  Cache& c = C(p);
  if (!c.parked) {
    if (to == c.parking_key && from < c.parking_key) {
      c.parked = page;  // the swap's first move: the page stays at `from` for now
      c.parked_from = from;
      return;
    }
    g_base.xRekey(c.base, page, from, to);
    return;
  }
  if (page == c.parked && from == c.parking_key) {  // the swap's last move
    c.parked = nullptr;
    if (to != c.parked_from) g_base.xRekey(c.base, page, c.parked_from, to);
    return;
  }
  // The swap's middle move takes the parked page's place; the base cache finds pages to
  // move by address, so two pages under one key for a moment are harmless.
  if (to != c.parked_from) Settle(c);
  g_base.xRekey(c.base, page, from, to);
}

void Truncate(sqlite3_pcache* p, unsigned limit) {
  Settle(C(p));
  g_base.xTruncate(C(p).base, limit);
}

void Destroy(sqlite3_pcache* p) {
  Cache* c = &C(p);
  Settle(*c);
  g_base.xDestroy(c->base);
  delete c;
}

void Shrink(sqlite3_pcache* p) {
  Settle(C(p));
  g_base.xShrink(C(p).base);
}

}  // namespace

void InstallPageCache() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Refused (SQLITE_MISUSE) once SQLite is initialized: SQLite's cache then stays.
    if (sqlite3_config(SQLITE_CONFIG_GETPCACHE2, &g_base) != SQLITE_OK || !g_base.xCreate) return;
    static sqlite3_pcache_methods2 ours{};
    ours.iVersion = 1;
    ours.pArg = g_base.pArg;
    ours.xInit = Init;
    ours.xShutdown = Shutdown;
    ours.xCreate = Create;
    ours.xCachesize = Cachesize;
    ours.xPagecount = Pagecount;
    ours.xFetch = Fetch;
    ours.xUnpin = Unpin;
    ours.xRekey = Rekey;
    ours.xTruncate = Truncate;
    ours.xDestroy = Destroy;
    ours.xShrink = Shrink;
    sqlite3_config(SQLITE_CONFIG_PCACHE2, &ours);
  });
}

}  // namespace tongban::sync
