// Re-stamping after a clock that ran days ahead was corrected: the unsent changes
// take fresh timestamps, the versions on their records follow, nothing is lost or
// doubled, and an interrupted re-stamping leaves everything as it was.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "node/store_fixture.h"
#include "tongban/node/store/node_replica.h"
#include "tongban/sync/sqlite.h"

using namespace tongban;
using namespace tongban::node;
using tongban::sync::Change;
using tongban::sync::Hlc;
using tongban::sync::HybridClock;
using tongban::test::ChangesAfter;
using tongban::test::FieldOf;
using tongban::test::StoreFixture;
namespace t = tongban::test;

namespace {

constexpr std::int64_t kTwoDays = 2LL * 86'400'000;



// Every version the case holds: its insert version, later field versions, materials.
std::vector<Hlc> CaseVersions(NodeStore& store, const sync::RowId& uid) {
  std::vector<Hlc> out;
  auto& db = store.database();
  auto* st = *db.Prepare("SELECT _hlc, _colv FROM cases WHERE uid = ?1");
  st->BindBlob(1, uid.View());
  REQUIRE(*st->Step());
  out.push_back(static_cast<Hlc>(st->Int(0)));
  if (!st->IsNull(1)) {
    const auto blob = st->Blob(1);
    const auto colv = nlohmann::json::from_msgpack(blob.begin(), blob.end());
    for (std::size_t i = 1; i < colv.size(); i += 2) out.push_back(colv[i].template get<Hlc>());
  }
  st->Reset();
  auto* m = *db.Prepare("SELECT _hlc FROM case_materials WHERE case_uid = ?1");
  m->BindBlob(1, uid.View());
  while (*m->Step()) out.push_back(static_cast<Hlc>(m->Int(0)));
  m->Reset();
  return out;
}

// A township center whose clock ran two days ahead for an intake and an accept, all
// acknowledged before; then the clock is set right.
struct AheadFixture : StoreFixture {
  AheadFixture() : StoreFixture(NodeKind::kTownship, "QS-JX", "") {
    acked = ChangeCount();
    REQUIRE(replica.Acknowledge(sync::PushReply{.acked_seq = acked}).ok());
    acked_hlc = ChangesAfter(*store, acked - 1).back().hlc;
    clock.Advance(kTwoDays);
    kase = *store->Intake(clerk, Request(t::kElderly));
    clock.Advance(60'000);
    REQUIRE(store->Transition(processor, kase.case_no, "accept", "").ok());
    before = ChangesAfter(*store, acked);
    clock.Advance(-kTwoDays);
  }
  NodeReplica replica{*store};
  std::int64_t acked = 0;
  Hlc acked_hlc = 0;
  CaseRecord kase;
  std::vector<Change> before;
};

}  // namespace

TEST_CASE("re-stamping gives the unsent changes fresh timestamps and moves their versions") {
  AheadFixture f;
  const Hlc wall = HybridClock::Make(f.clock.NowMillis(), 0);
  REQUIRE(f.before.size() == 5);  // intake: case, materials, event; accept: case, event
  auto n = f.replica.RestampUnsent(f.acked);
  REQUIRE(n.ok());
  CHECK(*n == 5);

  const auto after = ChangesAfter(*f.store, f.acked);
  REQUIRE(after.size() == f.before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    INFO("change " << after[i].seq);
    CHECK(after[i].seq == f.before[i].seq);  // nothing lost, nothing added
    CHECK(after[i].table == f.before[i].table);
    CHECK(after[i].row == f.before[i].row);
    CHECK(after[i].fields.size() == f.before[i].fields.size());
    for (std::size_t k = 0; k < after[i].fields.size(); ++k)
      CHECK(after[i].fields[k].value == f.before[i].fields[k].value);
    CHECK(after[i].hlc >= wall);
    CHECK(after[i].hlc > f.acked_hlc);
    CHECK(HybridClock::Millis(after[i].hlc) < f.clock.NowMillis() + 1000);
    if (i > 0) CHECK(after[i].hlc >= after[i - 1].hlc);
  }
  // One transaction still shares one timestamp; the next one is strictly later.
  CHECK(after[0].hlc == after[2].hlc);
  CHECK(after[3].hlc == after[4].hlc);
  CHECK(after[3].hlc > after[0].hlc);
  // The accept was made against the intake: its base follows the intake's new stamp.
  REQUIRE(FieldOf(after[3], "status"));
  CHECK(FieldOf(f.before[3], "status")->base == f.before[0].hlc);
  CHECK(FieldOf(after[3], "status")->base == after[0].hlc);

  // The record holds the new versions only: the intake's and the accept's.
  for (Hlc v : CaseVersions(*f.store, f.kase.uid)) CHECK((v == after[0].hlc || v == after[3].hlc));
  // An edit made now is based on the accept's new version, and is newer.
  REQUIRE(f.store->Transition(f.processor, f.kase.case_no, "approve", "").ok());
  auto approve = ChangesAfter(*f.store, after.back().seq);
  REQUIRE(FieldOf(approve[0], "status"));
  CHECK(FieldOf(approve[0], "status")->base == after[3].hlc);
  CHECK(approve[0].hlc > after.back().hlc);
  CHECK(HybridClock::Millis(approve[0].hlc) < f.clock.NowMillis() + 1000);

  // The clock stays back after a restart.
  f.store.reset();
  f.store = std::move(NodeStore::Open(f.path, f.clock)).value();
  REQUIRE(f.store->Intake(f.clerk, f.Request(t::kElderly)).ok());
  const auto next = ChangesAfter(*f.store, approve.back().seq);
  CHECK(next[0].hlc > approve.back().hlc);
  CHECK(HybridClock::Millis(next[0].hlc) < f.clock.NowMillis() + 1000);
}

TEST_CASE("an interrupted re-stamping leaves every change and version as it was") {
  AheadFixture f;
  const auto versions = CaseVersions(*f.store, f.kase.uid);
  // The power goes at the last change of the batch.
  REQUIRE(f.store->database()
              .Exec("CREATE TRIGGER cut BEFORE UPDATE OF hlc ON change_log WHEN NEW.seq = " +
                    std::to_string(f.before.back().seq) +
                    " BEGIN SELECT RAISE(ABORT, 'power cut'); END")
              .ok());
  auto n = f.replica.RestampUnsent(f.acked);
  REQUIRE_FALSE(n.ok());
  CHECK_THAT(n.status().message(), Catch::Contains("power cut"));
  const auto after = ChangesAfter(*f.store, f.acked);
  REQUIRE(after.size() == f.before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    CHECK(after[i].hlc == f.before[i].hlc);
    for (std::size_t k = 0; k < after[i].fields.size(); ++k)
      CHECK(after[i].fields[k].base == f.before[i].fields[k].base);
  }
  CHECK(CaseVersions(*f.store, f.kase.uid) == versions);
  // The clock did not go back either: a new change is still after the old ones.
  REQUIRE(f.store->Intake(f.clerk, f.Request(t::kElderly)).ok());
  CHECK(ChangesAfter(*f.store, f.before.back().seq)[0].hlc > f.before.back().hlc);

  // Once the cause is gone, the same call does it all.
  REQUIRE(f.store->database().Exec("DROP TRIGGER cut").ok());
  n = f.replica.RestampUnsent(f.acked);
  REQUIRE(n.ok());
  CHECK(*n == static_cast<std::int64_t>(f.before.size()) + 3);
  for (const auto& c : ChangesAfter(*f.store, f.acked))
    CHECK(HybridClock::Millis(c.hlc) < f.clock.NowMillis() + 1000);
}

TEST_CASE("re-stamping refuses changes the hub may already hold") {
  AheadFixture f;
  auto n = f.replica.RestampUnsent(f.acked - 1);
  REQUIRE_FALSE(n.ok());
  CHECK(n.status().code() == ErrorCode::kFailedPrecondition);
  CHECK(ChangesAfter(*f.store, f.acked)[0].hlc == f.before[0].hlc);
}

TEST_CASE("another connection to the station follows a re-stamped clock") {
  AheadFixture f;
  // The desk's window and its sync run on two connections to one database.
  auto window = NodeStore::Open(f.path, f.clock);
  REQUIRE(window.ok());
  REQUIRE((*window)->Intake(f.clerk, f.Request(t::kElderly)).ok());
  const auto far = ChangesAfter(**window, f.before.back().seq);
  CHECK(HybridClock::Millis(far[0].hlc) > f.clock.NowMillis() + 86'400'000);

  REQUIRE(f.replica.RestampUnsent(f.acked).ok());
  const auto restamped = ChangesAfter(*f.store, f.acked);
  REQUIRE((*window)->Intake(f.clerk, f.Request(t::kElderly)).ok());
  const auto next = ChangesAfter(**window, restamped.back().seq);
  REQUIRE(next.size() == 3);
  CHECK(next[0].hlc > restamped.back().hlc);
  CHECK(HybridClock::Millis(next[0].hlc) < f.clock.NowMillis() + 1000);
}
