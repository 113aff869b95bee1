// FaultVfs against real SQLite files: what was synced stays, what was not is gone.
#include "fault_vfs.h"

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <string>

#include "test_support.h"

namespace {

using tongban::test::FaultVfs;
using tongban::test::TempDir;

// A raw connection, so the test sees SQLite's own result codes.
class Db {
 public:
  explicit Db(const std::string& path) { rc_ = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr); }
  ~Db() { sqlite3_close_v2(db_); }
  int open_rc() const { return rc_; }
  int Exec(const std::string& sql) { return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr); }
  std::int64_t Count() {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db_, "SELECT count(*) FROM t", -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    const std::int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
  }
  std::string IntegrityCheck() {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db_, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    std::string out(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
  int rc_ = SQLITE_OK;
};

// Inserts one row in its own transaction; the commit's result code.
int InsertOne(Db& db, int i) { return db.Exec("INSERT INTO t (v) VALUES ('row " + std::to_string(i) + "')"); }

}  // namespace

TEST_CASE("writes never synced are gone after a power cut, synced ones stay") {
  FaultVfs& vfs = FaultVfs::Install();
  TempDir dir;
  vfs.Watch(dir.path().string());
  const std::string path = dir.File("a.db");
  {
    Db db(path);
    REQUIRE(db.Exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                    "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)") == SQLITE_OK);
    for (int i = 0; i < 10; ++i) REQUIRE(InsertOne(db, i) == SQLITE_OK);
    // Commits that reach the WAL but are never synced: lost with the power.
    REQUIRE(db.Exec("PRAGMA synchronous = OFF") == SQLITE_OK);
    for (int i = 10; i < 20; ++i) REQUIRE(InsertOne(db, i) == SQLITE_OK);
    REQUIRE(db.Count() == 20);
    vfs.SimulatePowerLoss();
    CHECK(db.Exec("SELECT count(*) FROM t") != SQLITE_OK);  // the process is dead
  }
  REQUIRE(vfs.Recover().ok());
  Db db(path);
  CHECK(db.Count() == 10);
  CHECK(db.IntegrityCheck() == "ok");
  vfs.Unwatch(dir.path().string());
}

TEST_CASE("a power cut at every write or sync of a commit keeps exactly what was acknowledged") {
  FaultVfs& vfs = FaultVfs::Install();
  int crashes = 0;
  for (int n = 1; n <= 60; ++n) {
    TempDir dir;
    vfs.Watch(dir.path().string());
    const std::string path = dir.File("b.db");
    int acknowledged = 0;
    {
      Db db(path);
      REQUIRE(db.Exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                      "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)") == SQLITE_OK);
      // Small checkpoints, so the cut also lands inside them and in WAL reuse.
      REQUIRE(db.Exec("PRAGMA wal_autocheckpoint = 4") == SQLITE_OK);
      vfs.CrashAfter(n);
      for (int i = 0; i < 20 && !vfs.crashed(); ++i)
        if (InsertOne(db, i) == SQLITE_OK) ++acknowledged;
      if (!vfs.crashed()) vfs.SimulatePowerLoss();
      else ++crashes;
    }
    INFO("power cut at operation " << n);
    REQUIRE(vfs.Recover().ok());
    Db db(path);
    // A commit whose WAL sync happened may still report a failed checkpoint after it.
    const std::int64_t rows = db.Count();
    CHECK(rows >= acknowledged);
    CHECK(rows <= acknowledged + 1);
    CHECK(db.IntegrityCheck() == "ok");
    vfs.Unwatch(dir.path().string());
  }
  CHECK(crashes == 60);  // every cut landed inside the work, not after it
}

TEST_CASE("a file created and never synced vanishes, a synced folder keeps it") {
  FaultVfs& vfs = FaultVfs::Install();
  TempDir dir;
  vfs.Watch(dir.path().string());
  const std::string unsynced = dir.File("never-synced.db"), synced = dir.File("synced.db");
  {
    Db a(unsynced);
    REQUIRE(a.Exec("PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF;"
                   "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)") == SQLITE_OK);
    REQUIRE(std::filesystem::exists(unsynced));
    vfs.SimulatePowerLoss();
  }
  REQUIRE(vfs.Recover().ok());
  CHECK_FALSE(std::filesystem::exists(unsynced));
  {
    // A rollback journal's first sync also syncs the folder (the unix VFS's dirSync).
    Db b(synced);
    REQUIRE(b.Exec("PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL;"
                   "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)") == SQLITE_OK);
    REQUIRE(InsertOne(b, 1) == SQLITE_OK);
    vfs.SimulatePowerLoss();
  }
  REQUIRE(vfs.Recover().ok());
  REQUIRE(std::filesystem::exists(synced));
  Db b(synced);
  CHECK(b.Count() == 1);
  CHECK(b.IntegrityCheck() == "ok");
  vfs.Unwatch(dir.path().string());
}

TEST_CASE("recovering with a connection still open is refused") {
  FaultVfs& vfs = FaultVfs::Install();
  TempDir dir;
  vfs.Watch(dir.path().string());
  {
    Db db(dir.File("c.db"));
    REQUIRE(db.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)") == SQLITE_OK);
    vfs.SimulatePowerLoss();
    CHECK_FALSE(vfs.Recover().ok());
  }
  CHECK(vfs.Recover().ok());
  vfs.Unwatch(dir.path().string());
}
