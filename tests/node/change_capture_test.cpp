// Change capture: the exact change-log rows each mutation writes, in the same
// transaction as the business write, with HLC timestamps and base versions.
#include <catch2/catch.hpp>

#include "node/store_fixture.h"

using namespace tongban;
using namespace tongban::node;
using tongban::sync::Change;
using tongban::sync::HybridClock;
using tongban::test::ChangesAfter;
using tongban::test::FieldOf;
using tongban::test::StoreFixture;
namespace t = tongban::test;

namespace {

std::vector<Change> After(StoreFixture& f, std::int64_t seq) { return ChangesAfter(*f.store, seq); }


}  // namespace

TEST_CASE("intake writes one change per record: case, materials, event") {
  StoreFixture f;
  const auto seq = f.ChangeCount();
  auto c = f.store->Intake(f.clerk, f.Request(t::kElderly));
  REQUIRE(c.ok());
  const auto changes = After(f, seq);
  REQUIRE(changes.size() == 3);
  CHECK(changes[0].table == "cases");
  CHECK(changes[1].table == "case_materials");
  CHECK(changes[2].table == "case_events");
  for (const auto& ch : changes) {
    CHECK(ch.node == "QS-JX01");
    CHECK(ch.user == "clerk");
    CHECK(ch.op == sync::ChangeOp::kUpsert);
    CHECK(ch.hlc == changes[0].hlc);  // one transaction, one instant
    for (const auto& fc : ch.fields) CHECK(fc.base == 0);  // new records
  }
  CHECK(changes[0].row == c->uid);
  CHECK(changes[1].row == c->uid);  // materials travel as one record per case
  REQUIRE(FieldOf(changes[0], "status"));
  CHECK(FieldOf(changes[0], "status")->value == "received");
  CHECK(FieldOf(changes[0], "case_no")->value == c->case_no);
  CHECK(FieldOf(changes[0], "applicant_id")->value == "11010519491231002X");
  CHECK_FALSE(FieldOf(changes[0], "accepted_at"));  // null fields are not sent
  REQUIRE(FieldOf(changes[1], "M01"));
  CHECK(FieldOf(changes[1], "M01")->value == "received");
  CHECK(FieldOf(changes[2], "action")->value == "intake");
  CHECK(HybridClock::Millis(changes[0].hlc) == f.clock.NowMillis());
}

TEST_CASE("a tolerated material adds a commitment record") {
  StoreFixture f;
  const auto seq = f.ChangeCount();
  auto r = f.Request(t::kDibao);
  r.materials = {{"M05", MaterialState::kTolerated}};
  REQUIRE(f.store->Intake(f.clerk, r).ok());
  const auto changes = After(f, seq);
  REQUIRE(changes.size() == 4);
  CHECK(changes[2].table == "commitments");
  CHECK(FieldOf(changes[2], "materials")->value == "M05");
}

TEST_CASE("an update records the new value and the version it was based on") {
  StoreFixture f(NodeKind::kTownship, "QS-JX", "");
  auto c = f.store->Intake(f.clerk, f.Request(t::kElderly));
  const auto insert_hlc = After(f, 0).back().hlc;
  f.clock.Advance(60'000);
  const auto seq = f.ChangeCount();
  REQUIRE(f.store->Transition(f.processor, c->case_no, "accept", "").ok());
  auto changes = After(f, seq);
  REQUIRE(changes.size() == 2);
  CHECK(changes[0].table == "cases");
  CHECK(changes[0].user == "proc");
  REQUIRE(FieldOf(changes[0], "status"));
  CHECK(FieldOf(changes[0], "status")->value == "accepted");
  CHECK(FieldOf(changes[0], "status")->base == insert_hlc);
  CHECK(FieldOf(changes[0], "accepted_at"));
  CHECK(changes[1].table == "case_events");
  const auto accept_hlc = changes[0].hlc;
  CHECK(accept_hlc > insert_hlc);

  f.clock.Advance(60'000);
  const auto seq2 = f.ChangeCount();
  REQUIRE(f.store->Transition(f.processor, c->case_no, "approve", "").ok());
  changes = After(f, seq2);
  CHECK(FieldOf(changes[0], "status")->base == accept_hlc);  // based on the accept
  CHECK(FieldOf(changes[0], "status")->value == "approved");
}

TEST_CASE("a rolled-back write leaves no change behind") {
  StoreFixture f;
  const auto seq = f.ChangeCount();
  auto r = f.Request(t::kElderly);
  r.materials = {{"M01", MaterialState::kAbsent}};  // fails after the counter was bumped
  REQUIRE_FALSE(f.store->Intake(f.clerk, r).ok());
  CHECK(After(f, seq).empty());
  CHECK(f.store->Search({})->empty());
}

TEST_CASE("HLC stays monotonic when the wall clock jumps back, across restarts too") {
  StoreFixture f;
  REQUIRE(f.store->Intake(f.clerk, f.Request(t::kElderly)).ok());
  const auto first = After(f, 0).back().hlc;
  f.clock.Advance(-3'600'000);  // NTP set the clock back an hour
  REQUIRE(f.store->Intake(f.clerk, f.Request(t::kElderly)).ok());
  const auto second = After(f, 0).back().hlc;
  CHECK(second > first);
  CHECK(HybridClock::Millis(second) == HybridClock::Millis(first));

  f.store.reset();
  f.clock.Advance(-86'400'000);  // and a day further back after a reboot
  f.store = std::move(NodeStore::Open(f.path, f.clock)).value();
  REQUIRE(f.store->Intake(f.clerk, f.Request(t::kElderly)).ok());
  CHECK(After(f, 0).back().hlc > second);
}

TEST_CASE("the log reads in order from a cursor, in pages") {
  StoreFixture f;
  for (int i = 0; i < 5; ++i) REQUIRE(f.store->Intake(f.clerk, f.Request(t::kElderly)).ok());
  const auto all = After(f, 0);
  std::vector<Change> paged;
  std::int64_t cursor = 0;
  for (;;) {
    auto page = f.store->ReadChanges(cursor, 4);
    REQUIRE(page.ok());
    if (page->empty()) break;
    for (auto& c : *page) paged.push_back(c);
    cursor = page->back().seq;
  }
  REQUIRE(paged.size() == all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    CHECK(paged[i].seq == all[i].seq);
    if (i) CHECK(all[i].seq > all[i - 1].seq);
  }
  // Staff and catalog writes are captured too.
  CHECK(all[0].table == "staff");
  CHECK(all[0].user == "system");
}

TEST_CASE("text that is not UTF-8 is refused at the window and nothing is written") {
  StoreFixture f;
  const std::int64_t before = f.ChangeCount();
  auto r = f.Request(tongban::test::kElderly);
  r.applicant_name = std::string("\xD5\xC5") + "建国";  // GBK bytes from a terminal set to GBK
  auto c = f.store->Intake(f.clerk, r);
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().code() == ErrorCode::kInvalidArgument);
  CHECK_THAT(c.status().message(), Catch::Contains("not UTF-8"));
  CHECK(f.ChangeCount() == before);
  node::CaseQuery all;
  CHECK(f.store->Search(all)->empty());
}
