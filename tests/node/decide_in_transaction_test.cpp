// Every mutation decides on what it reads inside its own write transaction: a pull
// applied by another connection on the same file, between what a clerk saw and the
// write, makes the move refused, never a silent fast-forward over a state unseen.
// Two real stores (a station and its township center) pass changes as the hub would.
#include <catch2/catch.hpp>

#include "store_fixture.h"
#include "tongban/node/store/node_replica.h"
#include "tongban/sync/sqlite.h"

using namespace tongban;
using namespace tongban::test;

namespace {

// Hands `from`'s changes after `after` to `to` as a hub's pull reply would carry them
// (its case records, each field at its version), and acknowledges them at `from` as a hub's push reply
// would, so they no longer count as unsent there. Returns the last change handed on.
class Relay {
 public:
  std::int64_t Pass(node::NodeStore& from, node::NodeStore& to, std::int64_t after) {
    auto changes = ChangesAfter(from, after);
    REQUIRE_FALSE(changes.empty());
    sync::PushReply acked{changes.back().seq, changes.back().hlc};
    node::NodeReplica sender(from);
    REQUIRE(sender.Acknowledge(acked).ok());
    sync::PullReply pull;
    for (auto& c : changes) {
      // Only what the hub sends the other node: the case's records, not staff or catalog.
      if (c.table != "cases" && c.table != "case_materials" && c.table != "case_events" &&
          c.table != "commitments")
        continue;
      for (auto& f : c.fields) f.base = c.hlc;  // a pulled field carries its version
      c.seq = ++hub_seq_;
      pull.changes.push_back(std::move(c));
    }
    pull.cursor = hub_seq_;
    node::NodeReplica receiver(to);
    auto applied = receiver.ApplyPull(pull);
    INFO(applied.message());
    REQUIRE(applied.ok());
    return acked.acked_seq;
  }

 private:
  std::int64_t hub_seq_ = 0;
};

// A station and its township center holding one case of an item the center processes.
struct StationAndCenter {
  StoreFixture station;
  StoreFixture center{node::NodeKind::kTownship, "QS-JX", ""};
  Relay relay;
  std::int64_t station_sent = 0, center_sent = 0;
  std::string no;

  StationAndCenter() {
    auto c = station.store->Intake(station.clerk, station.Request(kElderly));
    REQUIRE(c.ok());
    REQUIRE(c->processing_office == "QS-JX");
    no = c->case_no;
    ToCenter();
  }
  void ToCenter() { station_sent = relay.Pass(*station.store, *center.store, station_sent); }
  void ToStation() { center_sent = relay.Pass(*center.store, *station.store, center_sent); }
};

// A second connection on `f`'s file, as the sync round or the CLI opens it.
std::unique_ptr<node::NodeStore> SecondConnection(StoreFixture& f) {
  auto s = node::NodeStore::Open(f.path, f.clock);
  REQUIRE(s.ok());
  return std::move(s).value();
}

node::CaseStatus StatusAt(node::NodeStore& s, const std::string& no) {
  auto c = s.GetCase(no);
  REQUIRE(c.ok());
  return c->status;
}

}  // namespace

TEST_CASE("a withdraw decided on a case the center accepted meanwhile is refused") {
  StationAndCenter f;
  REQUIRE(StatusAt(*f.station.store, f.no) == node::CaseStatus::kReceived);  // what the clerk saw
  REQUIRE(f.center.store->Transition(f.center.processor, f.no, "accept", "").ok());
  // The sync round, on its own connection, applies the acceptance just before the write.
  auto sync_side = SecondConnection(f.station);
  const std::int64_t before = f.station.ChangeCount();
  f.station.store->SetBeforeWriteForTest([&] {
    f.station.store->SetBeforeWriteForTest({});
    f.center_sent = f.relay.Pass(*f.center.store, *sync_side, f.center_sent);
  });
  auto moved = f.station.store->Transition(f.station.clerk, f.no, "withdraw", "申请人不再申请");
  CHECK(moved.status().code() == ErrorCode::kFailedPrecondition);
  CHECK(StatusAt(*f.station.store, f.no) == node::CaseStatus::kAccepted);
  CHECK(f.station.ChangeCount() == before);  // nothing written, nothing to send
  // What the clerk may do now is ask the center to withdraw it.
  CHECK(f.station.store->Transition(f.station.clerk, f.no, "request_withdrawal", "申请人不再申请")
            .ok());
}

TEST_CASE("a case handed on is decided on its status as the pull left it: a withdrawn case stays") {
  StationAndCenter f;
  REQUIRE(f.station.store->Transition(f.station.clerk, f.no, "withdraw", "申请人不再申请").ok());
  auto sync_side = SecondConnection(f.center);
  f.center.store->SetBeforeWriteForTest([&] {
    f.center.store->SetBeforeWriteForTest({});
    f.station_sent = f.relay.Pass(*f.station.store, *sync_side, f.station_sent);
  });
  auto handed = f.center.store->Reroute(f.center.processor, f.no, "C-MZ", "需县民政局审核");
  CHECK(handed.status().code() == ErrorCode::kFailedPrecondition);
  auto c = f.center.store->GetCase(f.no);
  REQUIRE(c.ok());
  CHECK(c->status == node::CaseStatus::kWithdrawn);
  CHECK(c->processing_office == "QS-JX");
}

TEST_CASE("a case the office has decided, or that ended, cannot be handed on") {
  StationAndCenter f;
  auto& center = *f.center.store;
  const auto& proc = f.center.processor;
  auto reroute = [&] { return center.Reroute(proc, f.no, "C-MZ", "需县民政局审核").status(); };
  REQUIRE(center.Transition(proc, f.no, "accept", "").ok());
  REQUIRE(center.Transition(proc, f.no, "deny", "不符合条件").ok());
  CHECK(reroute().code() == ErrorCode::kFailedPrecondition);
  CHECK_THAT(reroute().message(), Catch::Contains("denied"));

  StationAndCenter g;
  REQUIRE(g.center.store->Transition(g.center.processor, g.no, "not_accept", "不属于受理范围").ok());
  CHECK(g.center.store->Reroute(g.center.processor, g.no, "C-MZ", "x").status().code() ==
        ErrorCode::kFailedPrecondition);

  StationAndCenter open;  // still to decide: it may go
  CHECK(open.center.store->Reroute(open.center.processor, open.no, "C-MZ", "需县民政局审核").ok());
}

TEST_CASE("accepting again after a supplement goes on from the first acceptance") {
  StationAndCenter f;
  auto& center = *f.center.store;
  REQUIRE(center.Transition(f.center.processor, f.no, "accept", "").ok());
  const auto first = center.GetCase(f.no)->accepted_at;
  REQUIRE(first);
  f.center.clock.Advance(3600'000);
  REQUIRE(center.Transition(f.center.processor, f.no, "request_supplement", "缺户口簿").ok());
  const auto due_before = center.GetCase(f.no)->due_at;
  f.ToStation();
  f.station.clock.Advance(2 * 86'400'000);
  f.center.clock.Advance(2 * 86'400'000);
  REQUIRE(f.station.store->Transition(f.station.clerk, f.no, "supply", "").ok());
  f.ToCenter();
  REQUIRE(StatusAt(center, f.no) == node::CaseStatus::kSupplementSupplied);
  REQUIRE(center.Transition(f.center.processor, f.no, "accept", "").ok());
  auto again = center.GetCase(f.no);
  REQUIRE(again.ok());
  CHECK(again->accepted_at == first);  // the promised limit did not restart
  // The days the applicant took are added back, so the due time moved on from before.
  CHECK(again->due_at >= due_before);
}

TEST_CASE("a pull never overwrites an edit not sent yet, behind more than 100,000 unsent changes") {
  StationAndCenter f;
  auto& station = *f.station.store;
  // A large import left 100,001 changes unsent (written straight into the log: the same
  // rows the import writes, without its minutes of work).
  {
    auto& db = station.database();
    REQUIRE(db.Exec("BEGIN IMMEDIATE").ok());
    const auto last = ChangesAfter(station, 0).back();
    auto* st = *db.Prepare("INSERT INTO change_log (hlc, tbl, row_uid, op, actor, fields) "
                           "VALUES (?1, 3, ?2, 0, (SELECT MAX(id) FROM actors), x'90')");
    bool written = true;
    for (int i = 1; i <= 100'001; ++i) {
      st->Bind(1, static_cast<std::int64_t>(last.hlc) + i);
      st->BindBlob(2, sync::RowId::Generate(f.station.clock.NowMillis() + i).View());
      written = written && st->Run().ok();
    }
    REQUIRE(written);
    REQUIRE(db.Exec("COMMIT").ok());
  }
  // Then the clerk corrects the applicant's phone, and the center changes it too, later:
  // its version is newer, yet the clerk's edit must reach the hub to be merged there.
  REQUIRE(station.UpdatePhone(f.station.clerk, f.no, "13900001111").ok());
  f.center.clock.Advance(60'000);
  REQUIRE(f.center.store->UpdatePhone(f.center.processor, f.no, "13700002222").ok());
  // The center's change arrives by pull (as the hub sends it, at its version).
  auto theirs = ChangesAfter(*f.center.store, f.center_sent);
  sync::PullReply pull;
  for (auto& c : theirs) {
    if (c.table != "cases") continue;
    for (auto& fc : c.fields) fc.base = c.hlc;
    c.seq = 1;
    pull.changes.push_back(c);
  }
  REQUIRE(pull.changes.size() == 1);
  pull.cursor = 1;
  node::NodeReplica replica(station);
  REQUIRE(replica.ApplyPull(pull).ok());
  CHECK(station.GetCase(f.no)->applicant_phone == "13900001111");  // still the clerk's, to send
}
