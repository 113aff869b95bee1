// A change the hub holds back goes behind the others, with what depends on it, so the
// rest of the queue is not stopped; numbers stay contiguous and nothing is lost.
#include <catch2/catch.hpp>

#include "node/store_fixture.h"
#include "tongban/node/store/node_replica.h"
#include "tongban/sync/sqlite.h"

using namespace tongban;
using namespace tongban::node;
using tongban::sync::Change;
using tongban::test::ChangesAfter;
using tongban::test::FieldOf;
using tongban::test::StoreFixture;
namespace t = tongban::test;

namespace {


// The unsent queue as (table, row) in order, to compare before and after.
std::vector<std::pair<std::string, std::string>> Shape(const std::vector<Change>& changes) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& c : changes) out.emplace_back(c.table, c.row.Hex());
  return out;
}

}  // namespace

TEST_CASE("a held change and the changes of its case go behind the others") {
  StoreFixture f(NodeKind::kTownship, "QS-JX", "");
  NodeReplica replica(*f.store);
  const std::int64_t acked = f.ChangeCount();
  REQUIRE(replica.Acknowledge(sync::PushReply{.acked_seq = acked}).ok());
  // Case A (intake: case, materials, event), case B, then A accepted (case, event).
  const auto a = *f.store->Intake(f.clerk, f.Request(t::kElderly));
  const auto b = *f.store->Intake(f.clerk, f.Request(t::kElderly));
  REQUIRE(f.store->Transition(f.processor, a.case_no, "accept", "").ok());
  const auto before = ChangesAfter(*f.store, acked);
  REQUIRE(before.size() == 8);
  const std::int64_t held = before[0].seq;  // A's case record

  auto moved = replica.DeferHeld(acked, held);
  REQUIRE(moved.ok());
  const auto after = ChangesAfter(*f.store, acked);
  REQUIRE(after.size() == before.size());
  // B first, then every change of A in its old order.
  std::vector<Change> expected{before[3], before[4], before[5], before[0], before[1], before[2],
                               before[6], before[7]};
  CHECK(Shape(after) == Shape(expected));
  for (std::size_t i = 0; i < after.size(); ++i) {
    INFO(i);
    CHECK(after[i].seq == acked + 1 + static_cast<std::int64_t>(i));  // contiguous
    CHECK(after[i].hlc == expected[i].hlc);                          // stamps unchanged
  }
  CHECK(*moved == acked + 4);

  // Reopened, the store still stamps after the newest change, which is no longer last.
  f.store.reset();
  f.store = std::move(NodeStore::Open(f.path, f.clock)).value();
  REQUIRE(f.store->Intake(f.clerk, f.Request(t::kElderly)).ok());
  const auto next = ChangesAfter(*f.store, after.back().seq);
  for (const auto& c : after) CHECK(next[0].hlc > c.hlc);
}

TEST_CASE("moving a held change refuses changes the hub may hold, and one not waiting") {
  StoreFixture f(NodeKind::kTownship, "QS-JX", "");
  NodeReplica replica(*f.store);
  const std::int64_t acked = f.ChangeCount();
  REQUIRE(replica.Acknowledge(sync::PushReply{.acked_seq = acked}).ok());
  REQUIRE(f.store->Intake(f.clerk, f.Request(t::kElderly)).ok());
  const auto before = ChangesAfter(*f.store, acked);
  CHECK(replica.DeferHeld(acked - 1, before[0].seq).status().code() ==
        ErrorCode::kFailedPrecondition);
  CHECK(replica.DeferHeld(acked, acked + 100).status().code() == ErrorCode::kFailedPrecondition);
  CHECK(Shape(ChangesAfter(*f.store, acked)) == Shape(before));
}

TEST_CASE("a held change that left on a USB stick keeps its number") {
  StoreFixture f(NodeKind::kTownship, "QS-JX", "");
  NodeReplica replica(*f.store);
  const std::int64_t acked = f.ChangeCount();
  REQUIRE(replica.Acknowledge(sync::PushReply{.acked_seq = acked}).ok());
  REQUIRE(f.store->Intake(f.clerk, f.Request(t::kElderly)).ok());
  REQUIRE(f.store->Intake(f.clerk, f.Request(t::kElderly)).ok());
  const auto before = ChangesAfter(*f.store, acked);
  // A bundle carried every unsent change; the hub may still import it as it is.
  REQUIRE(f.store->SetMeta(std::string(kBundleExportedKey), std::to_string(before.back().seq)).ok());
  auto moved = replica.DeferHeld(acked, before[0].seq);
  REQUIRE(moved.ok());
  CHECK(*moved == before[0].seq);
  CHECK(Shape(ChangesAfter(*f.store, acked)) == Shape(before));
}
