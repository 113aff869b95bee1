// Stored data a failing disk or a careless repair damaged is an error naming what is
// damaged, never an exception and never a read past a value.
#include <catch2/catch.hpp>

#include "store_fixture.h"
#include "tongban/node/store/node_replica.h"
#include "tongban/sync/sqlite.h"

using namespace tongban;
using namespace tongban::test;

namespace {

void Damage(node::NodeStore& store, const std::string& sql) {
  auto s = store.database().Exec(sql);
  INFO(s.message());
  REQUIRE(s.ok());
}

}  // namespace

TEST_CASE("a damaged record id is an error naming the case, never a read past it") {
  struct Row {
    const char* what;
    const char* damage;
    const char* names;
  };
  const Row rows[] = {
      {"the case's own id", "UPDATE cases SET uid = x'0102'", "case "},
      {"an event of the case", "UPDATE case_events SET uid = x''", "an event of case "},
      {"an event id that is NULL", "UPDATE case_events SET uid = NULL", "an event of case "},
  };
  for (const auto& row : rows) {
    INFO(row.what);
    StoreFixture f;
    auto c = f.store->Intake(f.clerk, f.Request(kElderly));
    REQUIRE(c.ok());
    // A careless repair, with the checks SQLite would make switched off.
    Damage(*f.store, "PRAGMA foreign_keys = OFF");
    Damage(*f.store, "PRAGMA ignore_check_constraints = ON");
    if (auto s = f.store->database().Exec(row.damage); !s.ok()) {
      CHECK_THAT(s.message(), Catch::Contains("NOT NULL"));  // the schema refuses this one
      continue;
    }
    auto read = f.store->GetCase(c->case_no);
    REQUIRE_FALSE(read.ok());
    CHECK(read.status().code() == ErrorCode::kCorruption);
    CHECK_THAT(read.status().message(), Catch::Contains(row.names + c->case_no));
    CHECK_THAT(read.status().message(), Catch::Contains("damaged"));
  }
}

TEST_CASE("damaged sync bookkeeping is an error naming its key") {
  StoreFixture f;
  node::NodeReplica replica(*f.store);
  REQUIRE(replica.State().ok());
  Damage(*f.store, "INSERT OR REPLACE INTO node_meta (key, value) VALUES ('sync_acked_seq', '12x')");
  auto state = replica.State();
  REQUIRE_FALSE(state.ok());
  CHECK(state.status().code() == ErrorCode::kCorruption);
  CHECK_THAT(state.status().message(), Catch::Contains("sync_acked_seq"));
  Damage(*f.store, "UPDATE node_meta SET value = '7' WHERE key = 'sync_acked_seq'");
  Damage(*f.store, "INSERT OR REPLACE INTO node_meta (key, value) VALUES ('hlc_last', 'soon')");
  // The clock is read inside every write: a damaged one refuses the write, loses nothing.
  auto intake = f.store->Intake(f.clerk, f.Request(kElderly));
  REQUIRE_FALSE(intake.ok());
  CHECK(intake.status().code() == ErrorCode::kCorruption);
  CHECK_THAT(intake.status().message(), Catch::Contains("hlc_last"));
}
