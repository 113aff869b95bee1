// MergeField, table-driven, every row checked in both argument orders: when
// the roles of hub and incoming are swapped, the same value must win.
#include "tongban/sync/merge.h"

#include <catch2/catch.hpp>

#include "tongban/node/domain/status_order.h"

using namespace tongban::sync;
using nlohmann::json;

namespace {

RecordLookup Office(const char* office) {
  return [office](std::string_view col) { return col == "processing_office" ? json(office) : json(); };
}

struct Side {
  json value;
  Hlc version;
  const char* node;
};

// The value the hub holds after `in` meets `hub`.
json Winner(const char* table, const char* column, const Side& hub, const Side& in, Hlc base,
            const FieldOrder* order, const RecordLookup& rec) {
  const auto r = MergeField(table, column, FieldVersion{hub.value, hub.version, hub.node},
                            IncomingField{in.value, base, in.version, in.node}, order, rec);
  return IncomingWins(r.action) ? in.value : hub.value;
}

}  // namespace

TEST_CASE("merge: the simple rules") {
  const auto none = RecordLookup([](std::string_view) { return json(); });
  // New field.
  auto r = MergeField("cases", "applicant_phone", std::nullopt, {"139", 0, 10, "A"}, nullptr, none);
  CHECK(r.action == MergeAction::kApply);
  // Fast-forward: edited on top of what the hub has.
  r = MergeField("cases", "applicant_phone", FieldVersion{"138", 5, "B"}, {"139", 5, 10, "A"},
                 nullptr, none);
  CHECK(r.action == MergeAction::kApply);
  CHECK_FALSE(IsConflict(r.action));
  // Replay of the very same write.
  r = MergeField("cases", "applicant_phone", FieldVersion{"139", 10, "A"}, {"139", 5, 10, "A"},
                 nullptr, none);
  CHECK(r.action == MergeAction::kKeep);
  // Concurrent, same value: no conflict.
  r = MergeField("cases", "applicant_phone", FieldVersion{"139", 12, "B"}, {"139", 5, 10, "A"},
                 nullptr, none);
  CHECK(r.action == MergeAction::kKeep);
  CHECK_FALSE(IsConflict(r.action));
}

TEST_CASE("merge: concurrent edits conflict and converge on the same provisional value") {
  const auto none = RecordLookup([](std::string_view) { return json(); });
  struct Row {
    Side a, b;
    json expected;
  };
  const Row rows[] = {
      {{"139", 20, "A"}, {"137", 30, "B"}, "137"},  // later HLC wins
      {{"139", 30, "A"}, {"137", 20, "B"}, "139"},
      {{"139", 30, "A"}, {"137", 30, "B"}, "137"},  // same HLC: higher node code wins
  };
  for (const auto& row : rows) {
    // Each side edited on top of base version 5; whichever reaches the hub second meets the other.
    const json ab = Winner("cases", "applicant_phone", row.a, row.b, 5, nullptr, none);
    const json ba = Winner("cases", "applicant_phone", row.b, row.a, 5, nullptr, none);
    CHECK(ab == row.expected);
    CHECK(ba == row.expected);
    const auto r = MergeField("cases", "applicant_phone", FieldVersion{row.a.value, row.a.version, row.a.node},
                              IncomingField{row.b.value, 5, row.b.version, row.b.node}, nullptr, none);
    CHECK(IsConflict(r.action));
  }
}

TEST_CASE("merge: case statuses follow the state machine, in both orders") {
  tongban::node::CaseStatusOrder order;
  const auto rec = Office("QS-JX");  // QS-JX processes; QS-JX01 is the window
  struct Row {
    Side a, b;
    json expected;
    bool conflict;
  };
  const Row rows[] = {
      // The window supplied what the office asked for; the office meanwhile re-read the case.
      {{"supplement_requested", 20, "QS-JX"}, {"supplement_supplied", 10, "QS-JX01"},
       "supplement_supplied", false},
      // Office accepted and went on to approve: a later stage of the same path.
      {{"accepted", 30, "QS-JX"}, {"approved", 20, "QS-JX"}, "approved", false},
      // Approved at the office, withdrawn at the window: incompatible decisions.
      {{"approved", 20, "QS-JX"}, {"withdrawn", 30, "QS-JX01"}, "withdrawn", true},
      {{"approved", 30, "QS-JX"}, {"withdrawn", 20, "QS-JX01"}, "approved", true},
      // Accepted at the office, withdrawn at the window before it knew.
      {{"accepted", 20, "QS-JX"}, {"withdrawn", 30, "QS-JX01"}, "withdrawn", true},
      // Same stage reached twice.
      {{"closed", 20, "QS-JX01"}, {"closed", 30, "QS-JX"}, "closed", false},
  };
  for (const auto& row : rows) {
    INFO(row.a.value << " vs " << row.b.value);
    CHECK(Winner("cases", "status", row.a, row.b, 5, &order, rec) == row.expected);
    CHECK(Winner("cases", "status", row.b, row.a, 5, &order, rec) == row.expected);
    const auto r = MergeField("cases", "status", FieldVersion{row.a.value, row.a.version, row.a.node},
                              IncomingField{row.b.value, 5, row.b.version, row.b.node}, &order, rec);
    CHECK(IsConflict(r.action) == row.conflict);
  }
}

TEST_CASE("merge: the status order ignores other fields") {
  tongban::node::CaseStatusOrder order;
  CHECK_FALSE(order.Follows("cases", "result", "a", "b", "X", Office("X")).has_value());
  CHECK(order.Follows("cases", "status", "received", "accepted", "QS-JX", Office("QS-JX")) == true);
  CHECK(order.Follows("cases", "status", "received", "accepted", "QS-JX01", Office("QS-JX")) == false);
  CHECK(order.Follows("cases", "status", "bogus", "accepted", "QS-JX", Office("QS-JX")) == false);
}
