#include "tongban/sync/sqlite.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tongban/sync/wal_checkpointer.h"

#include "test_support.h"

using namespace tongban;
using tongban::sync::Database;
using tongban::sync::Transaction;

TEST_CASE("a transaction rolls back unless committed") {
  test::TempDir dir;
  auto db = Database::Open(dir.File("t.db"));
  REQUIRE(db.ok());
  REQUIRE((*db)->Exec("CREATE TABLE t (x INTEGER)").ok());
  {
    auto tx = Transaction::Begin(**db);
    REQUIRE(tx.ok());
    REQUIRE((*db)->Exec("INSERT INTO t VALUES (1)").ok());
  }
  {
    auto tx = Transaction::Begin(**db);
    REQUIRE((*db)->Exec("INSERT INTO t VALUES (2)").ok());
    REQUIRE((*tx)->Commit().ok());
  }
  auto st = (*db)->Prepare("SELECT group_concat(x) FROM t");
  REQUIRE(st.ok());
  REQUIRE(*(*st)->Step());
  CHECK((*st)->Text(0) == "2");
}

TEST_CASE("sqlite errors become plain messages") {
  test::TempDir dir;
  const auto path = dir.File("junk.db");
  std::ofstream(path) << std::string(8192, 'x');
  auto db = Database::Open(path);
  REQUIRE(db.ok());
  const Status st = (*db)->Exec("SELECT * FROM sqlite_master");
  CHECK(st.code() == ErrorCode::kCorruption);
  CHECK_THAT(st.message(), Catch::Contains("not a Tongban database or is corrupt"));
}

TEST_CASE("a full database reports disk full and keeps what was committed") {
  test::TempDir dir;
  auto db = Database::Open(dir.File("full.db"));
  REQUIRE(db.ok());
  REQUIRE((*db)->Exec("CREATE TABLE t (x BLOB)").ok());
  REQUIRE((*db)->Exec("INSERT INTO t VALUES (zeroblob(100))").ok());
  REQUIRE((*db)->Exec("PRAGMA max_page_count = 8").ok());
  const Status st = (*db)->Exec("INSERT INTO t VALUES (zeroblob(100000))");
  CHECK(st.code() == ErrorCode::kDiskFull);
  CHECK_THAT(st.message(), Catch::Contains("disk is full"));
  auto q = (*db)->Prepare("SELECT COUNT(*) FROM t");
  REQUIRE(*(*q)->Step());
  CHECK((*q)->Int(0) == 1);
}

TEST_CASE("a statement run to completion takes new bindings and runs again") {
  test::TempDir dir;
  auto db = Database::Open(dir.File("rerun.db"));
  REQUIRE(db.ok());
  REQUIRE((*db)->Exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)").ok());
  auto* ins = *(*db)->Prepare("INSERT INTO t (k, v) VALUES (?1, ?2)");
  for (int k = 1; k <= 3; ++k) REQUIRE(ins->Bind(1, k).Bind(2, "v" + std::to_string(k)).Run().ok());
  auto* st = *(*db)->Prepare("SELECT group_concat(v, ',') FROM t ORDER BY k");
  REQUIRE(*st->Step());
  CHECK(st->Text(0) == "v1,v2,v3");
  st->Reset();
}

// Random keys split index pages in the middle, where SQLite swaps new pages through a
// parking page number (sync/src/page_cache.h). Whatever the cache size, committed,
// rolled back and partly rolled back work must leave the file whole and exact.
TEST_CASE("random inserts that swap pages commit and roll back exactly whole or to a savepoint") {
  test::TempDir dir;
  for (const char* cache : {"PRAGMA cache_size = -262144", "PRAGMA cache_size = 50"}) {
    INFO(cache);
    auto db = Database::Open(dir.File(std::string("swap") + (cache[20] == '-' ? "big" : "small") + ".db"));
    REQUIRE(db.ok());
    REQUIRE((*db)->Exec("PRAGMA journal_mode = WAL").ok());
    REQUIRE((*db)->Exec(cache).ok());
    REQUIRE((*db)->Exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)").ok());
    REQUIRE((*db)->Exec("CREATE INDEX t_v ON t (v)").ok());
    auto* ins = *(*db)->Prepare("INSERT INTO t (k, v) VALUES (?1, ?2)");
    std::uint64_t x = 88172645463325252ull;
    auto next = [&] {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      return x;
    };
    auto insert_some = [&](int from, int n) {
      for (int i = from; i < from + n; ++i)
        REQUIRE(ins->Bind(1, i).Bind(2, std::to_string(next()) + std::string(120, 'v')).Run().ok());
    };
    auto count = [&] {
      auto st = (*db)->Prepare("SELECT count(*) FROM t");
      REQUIRE(st.ok());
      REQUIRE(*(*st)->Step());
      const auto n = (*st)->Int(0);
      (*st)->Reset();
      return n;
    };
    for (int round = 0; round < 20; ++round) {
      auto tx = Transaction::Begin(**db);
      REQUIRE(tx.ok());
      insert_some(round * 1000, 500);
      REQUIRE((*tx)->Commit().ok());
    }
    {
      auto tx = Transaction::Begin(**db);  // rolled back when dropped
      REQUIRE(tx.ok());
      insert_some(100000, 2000);
    }
    {
      auto tx = Transaction::Begin(**db);
      REQUIRE(tx.ok());
      insert_some(200000, 300);
      REQUIRE((*db)->Exec("SAVEPOINT part").ok());
      insert_some(300000, 1500);
      REQUIRE((*db)->Exec("ROLLBACK TO part").ok());
      REQUIRE((*db)->Exec("RELEASE part").ok());
      REQUIRE((*tx)->Commit().ok());
    }
    CHECK(count() == 20 * 500 + 300);
    auto check = (*db)->Prepare("PRAGMA integrity_check");
    REQUIRE(check.ok());
    REQUIRE(*(*check)->Step());
    CHECK((*check)->Text(0) == "ok");
    (*check)->Reset();
  }
}

namespace {
// Commits `n` transactions of one 4 KiB row each (about one WAL page apiece).
void CommitRows(Database& db, int n) {
  for (int i = 0; i < n; ++i) {
    auto tx = Transaction::Begin(db);
    REQUIRE(tx.ok());
    REQUIRE(db.Exec("INSERT INTO t VALUES (randomblob(4000))").ok());
    REQUIRE((*tx)->Commit().ok());
  }
}
}  // namespace

TEST_CASE("WAL checkpoints run on their own thread, and the WAL stays bounded without it") {
  test::TempDir dir;
  auto db = Database::Open(dir.File("w.db"));
  REQUIRE(db.ok());
  REQUIRE((*db)->Exec("PRAGMA journal_mode = WAL").ok());
  REQUIRE((*db)->Exec("CREATE TABLE t (x BLOB)").ok());
  const auto wal_bytes = [&] { return std::filesystem::file_size(dir.File("w.db-wal")); };

  SECTION("the thread copies the WAL back, so it is reused instead of growing") {
    auto cp = sync::WalCheckpointer::Start(**db, {.pages = 20, .hard_pages = 1'000'000});
    REQUIRE(cp.ok());
    for (int round = 0; round < 40; ++round) {  // 1,000 rows: 2,000 pages and more
      CommitRows(**db, 25);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    CHECK((*cp)->checkpoints() >= 3);
    // Never copied back, the WAL would hold every page written; reused, a fraction.
    CHECK(wal_bytes() < 600u * 4096);
  }
  SECTION("a thread that never runs: the writer checkpoints itself at the hard bound") {
    auto cp = sync::WalCheckpointer::Start(**db, {.pages = 1'000'000, .hard_pages = 50});
    REQUIRE(cp.ok());
    CommitRows(**db, 400);
    CHECK((*cp)->checkpoints() == 0);
    CHECK(wal_bytes() < 120u * 4096);
  }
  auto count = (*db)->Prepare("SELECT count(*) FROM t");
  REQUIRE(count.ok());
  REQUIRE(*(*count)->Step());
  CHECK((*count)->Int(0) >= 50);  // every committed row reads back
}
