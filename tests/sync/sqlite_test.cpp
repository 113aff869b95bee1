#include "tongban/sync/sqlite.h"

#include <catch2/catch.hpp>
#include <fstream>

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
