// The schema: migrations from empty, every table and column documented, and
// files from elsewhere refused.
#include <catch2/catch.hpp>
#include <regex>
#include <sstream>

#include "node/store_fixture.h"
#include "tongban/sync/sqlite.h"

using namespace tongban;
using namespace tongban::node;

TEST_CASE("a new database is migrated from empty to the current version") {
  test::StoreFixture f;
  auto st = f.store->database().Prepare("PRAGMA user_version");
  REQUIRE(*(*st)->Step());
  CHECK((*st)->Int(0) == f.store->schema_version());
  CHECK(f.store->schema_version() >= 1);
  auto wal = f.store->database().Prepare("PRAGMA journal_mode");
  REQUIRE(*(*wal)->Step());
  CHECK((*wal)->Text(0) == "wal");
  auto fk = f.store->database().Prepare("PRAGMA foreign_keys");
  REQUIRE(*(*fk)->Step());
  CHECK((*fk)->Int(0) == 1);
  auto sync_mode = f.store->database().Prepare("PRAGMA synchronous");
  REQUIRE(*(*sync_mode)->Step());
  CHECK((*sync_mode)->Int(0) == 2);  // FULL
}

TEST_CASE("every table and every column carries a comment") {
  test::StoreFixture f;
  auto st = f.store->database().Prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  int tables = 0;
  for (;;) {
    auto row = (*st)->Step();
    REQUIRE(row.ok());
    if (!*row) break;
    ++tables;
    const std::string name = (*st)->Text(0);
    std::istringstream sql((*st)->Text(1));
    std::string line;
    std::getline(sql, line);
    INFO(name << ": " << line);
    CHECK(line.find("--") != std::string::npos);  // the table's own comment
    while (std::getline(sql, line)) {
      // Column lines start with a lowercase name; constraint lines do not.
      if (!std::regex_search(line, std::regex("^\\s+[a-z_]+\\s+[A-Z]"))) continue;
      INFO(line);
      CHECK(line.find("--") != std::string::npos);
    }
  }
  CHECK(tables >= 10);
}

TEST_CASE("a database from a newer build or another program is refused") {
  test::TempDir dir;
  {
    test::StoreFixture f;
    REQUIRE(f.store->database().Exec("PRAGMA user_version = 99").ok());
    const auto path = f.path;
    f.store.reset();
    auto r = NodeStore::Open(path);
    CHECK(r.status().code() == ErrorCode::kFailedPrecondition);
    CHECK_THAT(r.status().message(), Catch::Contains("newer than this program"));
  }
  const auto other = dir.File("other.db");
  {
    auto db = sync::Database::Open(other);
    REQUIRE((*db)->Exec("CREATE TABLE notes (x TEXT)").ok());
  }
  auto r = NodeStore::Open(other);
  CHECK(r.status().code() == ErrorCode::kCorruption);
  CHECK_THAT(r.status().message(), Catch::Contains("not a Tongban station database"));
}
