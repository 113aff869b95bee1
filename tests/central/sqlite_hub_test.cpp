// The hub over its SQLite storage on a real file: what it writes it reads back whole, damaged
// data is an error naming the record (never a record read in part), and hubs made
// by an older build migrate.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <tuple>

#include "test_support.h"
#include "tongban/central/hub.h"
#include "tongban/central/hub_service.h"
#include "tongban/node/domain/replication_schema.h"
#include "tongban/node/domain/status_order.h"
#include "tongban/sync/sm2.h"
#include "tongban/sync/sqlite.h"

using namespace tongban;
using namespace tongban::central;
using nlohmann::json;
using sync::Hlc;
using sync::RowId;

namespace {

RowId Row(int n) {
  RowId r;
  r.bytes[0] = 2;
  r.bytes[15] = static_cast<std::uint8_t>(n);
  return r;
}

json Uid(const RowId& row) {
  return json::binary(std::vector<std::uint8_t>(row.bytes.begin(), row.bytes.end()));
}

Hlc Now() { return sync::HybridClock::Make(sync::SystemWallClock::Instance().NowMillis(), 0); }

// A hub data folder with two announced nodes, opened and reopened at will.
struct HubFile {
  test::TempDir dir;
  std::unique_ptr<Hub> store = Open();  // the hub over hub.db
  node::CaseStatusOrder order;

  std::unique_ptr<Hub> Open() {
    auto s = Hub::Open(dir.File("hub"));
    INFO(s.status().message());
    REQUIRE(s.ok());
    return std::move(s).value();
  }
  void Reopen() {
    store.reset();
    store = Open();
  }
  void AddNodes() {
    REQUIRE(store->AddNode({"QS-JX01", "station", "station", "QS-JX"}).ok());
    REQUIRE(store->AddNode({"QS-JX", "township", "township", "QS-JX"}).ok());
    REQUIRE(store->AddNode({"C-MZ", "county", "county-office", ""}).ok());
  }
  Result<sync::PushReply> Push(const std::string& node, std::vector<sync::Change> changes) {
    for (auto& c : changes) c.node = node;
    return store->ApplyPush(node, {node::kReplicationSchemaVersion, node, 0, std::move(changes)},
                            &order);
  }
  // Turns the file back into what an older build made: undoes every migration above
  // `version` (the store is closed meanwhile; Reopen() migrates it again).
  void Downgrade(int version) {
    static const std::map<int, const char*> kUndo = {
        {3, "DROP TABLE refused_rows"},
        {4, "ALTER TABLE records DROP COLUMN handed_on_by"},
        {5, "DROP INDEX records_by_case; ALTER TABLE records DROP COLUMN case_row; "
            "DELETE FROM hub_meta WHERE key = 'case_rows_built'"},
        {6, "ALTER TABLE node_holds DROP COLUMN hlc"},
        {7, "DROP TABLE audit_log"},
        {8, "ALTER TABLE nodes DROP COLUMN public_key"},
        {9, "ALTER TABLE nodes DROP COLUMN escrow; ALTER TABLE nodes DROP COLUMN escrow_key"},
        {10, "ALTER TABLE nodes DROP COLUMN wipe_told_at"},
        {11, "DELETE FROM hub_meta WHERE key = 'node_keys_required'"},
        {12, "ALTER TABLE nodes DROP COLUMN retired_secret_hash"},
        {13, "ALTER TABLE nodes DROP COLUMN software; ALTER TABLE nodes DROP COLUMN clock_offset_ms"},
        {14, "DELETE FROM hub_meta WHERE key = 'epoch'"},
        {15, "ALTER TABLE nodes DROP COLUMN schema"},
        {16, "CREATE TABLE keyed (tbl TEXT NOT NULL, row BLOB NOT NULL, scope_a TEXT, scope_b "
             "TEXT, deleted INTEGER NOT NULL DEFAULT 0, fields BLOB NOT NULL, handed_on_by TEXT, "
             "case_row BLOB, PRIMARY KEY (tbl, row)) WITHOUT ROWID; INSERT INTO keyed SELECT tbl, "
             "row, scope_a, scope_b, deleted, fields, handed_on_by, case_row FROM records; DROP "
             "TABLE records; ALTER TABLE keyed RENAME TO records; CREATE INDEX records_by_case ON "
             "records (case_row) WHERE case_row IS NOT NULL"},
    };
    store.reset();
    auto db = Raw();
    for (auto it = kUndo.rbegin(); it != kUndo.rend(); ++it)
      if (it->first > version) REQUIRE(db->Exec(it->second).ok());
    REQUIRE(db->Exec("PRAGMA user_version = " + std::to_string(version)).ok());
  }
  int Version() {
    auto db = Raw();
    auto* st = *db->Prepare("PRAGMA user_version");
    REQUIRE(*st->Step());
    const int v = static_cast<int>(st->Int(0));
    st->Reset();
    return v;
  }
  // A second connection to hub.db, as an admin's sqlite3 shell would be.
  std::unique_ptr<sync::Database> Raw() {
    auto db = sync::Database::Open(dir.File("hub") + "/hub.db");
    REQUIRE(db.ok());
    return std::move(db).value();
  }
};

sync::Change NewCase(std::int64_t seq, const RowId& row) {
  sync::Change c;
  c.seq = seq;
  c.hlc = Now();
  c.table = "cases";
  c.row = row;
  c.node = "QS-JX01";
  c.user = "clerk";
  c.fields = {{"case_no", "QS-JX01-20260528-0001", 0},
              {"receiving_station", "QS-JX01", 0},
              {"processing_office", "QS-JX", 0},
              {"applicant_name", "张建国", 0},
              {"status", "received", 0}};
  return c;
}

sync::Change Event(std::int64_t seq, const RowId& kase, const RowId& row) {
  sync::Change c;
  c.seq = seq;
  c.hlc = Now() + static_cast<Hlc>(seq);
  c.table = "case_events";
  c.row = row;
  c.node = "QS-JX01";
  c.user = "clerk";
  c.fields = {{"case_uid", Uid(kase), 0}, {"action", "intake", 0}};
  return c;
}

sync::Change Phone(std::int64_t seq, const RowId& row, const std::string& phone) {
  sync::Change c;
  c.seq = seq;
  c.hlc = Now() + 1000;
  c.table = "cases";
  c.row = row;
  c.node = "QS-JX01";
  c.user = "clerk";
  c.fields = {{"applicant_phone", phone, 0}};
  return c;
}

}  // namespace

TEST_CASE("hub store: a record keeps field values of every JSON kind") {
  const std::vector<std::pair<std::string, json>> values = {
      {"null", nullptr},
      {"true", true},
      {"false", false},
      {"zero", 0},
      {"small", 42},
      {"negative", -7},
      {"very negative", -9'000'000'000'000LL},
      {"huge", 18'000'000'000'000'000'000ULL},
      {"float", 2.5},
      {"text", "申请人张建国"},
      {"empty text", ""},
      {"bytes", json::binary({0, 1, 2, 0xfe, 0xff})},
      {"empty list", json::array()},
      {"list", json::array({1, "二", nullptr, 3.25, json::array({false, json::object()})})},
      {"empty map", json::object()},
      {"map", {{"items", {1, 2, 3}}, {"inner", {{"deep", {{"x", "y"}}}}}, {"n", -1}}},
  };
  HubFile hub;
  std::vector<PublishedField> fields;
  for (const auto& [column, value] : values) fields.push_back({column, value});
  REQUIRE(hub.store->Publish("catalog_items", Row(1), fields, "admin").ok());
  hub.Reopen();  // read back from the file, not from anything cached
  for (const auto& [column, value] : values) {
    INFO(column << " = " << value.dump());
    auto read = hub.store->RecordField("catalog_items", Row(1), column);
    REQUIRE(read.ok());
    REQUIRE(read->has_value());
    CHECK(**read == value);
  }
  // Every value together, as supervision reads records.
  int seen = 0;
  REQUIRE(hub.store
              ->ForEachRecord("catalog_items",
                              [&](const RowId&, const json& got) {
                                ++seen;
                                for (const auto& [column, value] : values)
                                  CHECK(got.at(column) == value);
                                return Status::Ok();
                              })
              .ok());
  CHECK(seen == 1);
}

TEST_CASE("hub store: a damaged record fails the push, names the record and writes nothing") {
  struct Damage {
    const char* what;
    std::string blob;
  };
  const auto packed = [](const json& j) {
    const auto b = json::to_msgpack(j);
    return std::string(b.begin(), b.end());
  };
  const std::vector<Damage> rows = {
      {"cut short", std::string("\x82\xa7" "case_no\x94")},
      {"not MessagePack", std::string("\xc1\xc1\xc1")},
      {"empty", ""},
      {"a list, not a map", packed(json::array({1, 2}))},
      {"a field of three parts", packed({{"case_no", {"QS-JX01-20260528-0001", 5, "QS-JX01"}},
                                         {"status", {"received", 5, "QS-JX01", "clerk"}}})},
      {"a version that is text", packed({{"case_no", {"x", "5", "QS-JX01", "clerk"}}})},
      {"bytes after the map", packed({{"status", {"received", 5, "QS-JX01", "clerk"}}}) + "x"},
      // The layout since migration 16: [authors, {column: [value, version, author#]}].
      {"an author who is not listed",
       packed(json::array({json::array({"QS-JX01", "clerk"}), {{"status", {"received", 5, 1}}}}))},
      {"authors that are not pairs", packed(json::array({json::array({"QS-JX01"}), json::object()}))},
      {"a field of four parts with authors",
       packed(json::array({json::array({"QS-JX01", "clerk"}),
                           {{"status", {"received", 5, "QS-JX01", "clerk"}}}}))},
      {"authors cut short", packed(json::array({json::array({"QS-JX01", "clerk"}),
                                                {{"status", {"received", 5, 0}}}}))
                                .substr(0, 12)},
  };
  for (const auto& damage : rows) {
    INFO(damage.what);
    HubFile hub;
    hub.AddNodes();
    const RowId row = Row(7);
    auto first = hub.Push("QS-JX01", {NewCase(1, row)});
    REQUIRE(first.ok());
    REQUIRE(first->applied == 1);
    const auto before = hub.store->Stats();
    {
      auto db = hub.Raw();
      auto* st = *db->Prepare("UPDATE records SET fields = ?1 WHERE tbl = 'cases'");
      st->BindBlob(1, damage.blob);
      REQUIRE(st->Run().ok());
    }
    auto pushed = hub.Push("QS-JX01", {Phone(2, row, "13900001111")});
    REQUIRE_FALSE(pushed.ok());
    CHECK(pushed.status().code() == ErrorCode::kCorruption);
    CHECK_THAT(pushed.status().message(), Catch::Contains("cases record " + row.Hex()));
    // Nothing of the batch was applied: the node still owes change 2, the log did not grow,
    // and the damaged record was not overwritten with only the new field.
    CHECK(hub.store->GetNode("QS-JX01")->acked_seq == 1);
    CHECK(hub.store->Stats()->log_seq == before->log_seq);
    auto db = hub.Raw();
    auto* st = *db->Prepare("SELECT fields FROM records WHERE tbl = 'cases'");
    REQUIRE(*st->Step());
    CHECK(std::string(st->Blob(0)) == damage.blob);
    st->Reset();
    // The node's digest, which reads every record in its scope, says so too.
    CHECK(hub.store->Digest("QS-JX01").status().code() == ErrorCode::kCorruption);
  }
}

TEST_CASE("hub store: a hub from before refused rows migrates, and a refusal outlives a restart") {
  HubFile hub;
  hub.AddNodes();
  const int latest = hub.Version();
  hub.Downgrade(2);
  hub.Reopen();
  CHECK(hub.Version() == latest);
  const RowId kase = Row(3);
  auto bad = NewCase(1, kase);
  bad.fields.push_back({"status", "banana", 0});
  auto reply = hub.Push("QS-JX01", {bad});
  REQUIRE(reply.ok());
  REQUIRE(reply->rejected.size() == 1);
  CHECK(reply->rejected[0].code == "invalid_field");
  hub.Reopen();
  reply = hub.Push("QS-JX01", {Event(2, kase, Row(4))});
  REQUIRE(reply.ok());
  REQUIRE(reply->rejected.size() == 1);
  CHECK(reply->rejected[0].code == "parent_refused");
  CHECK(reply->acked_seq == 2);
  CHECK_FALSE(reply->held);
  CHECK_FALSE(hub.store->GetNode("QS-JX01")->held);
}

TEST_CASE("hub store: a handover's timeline event is in scope in a push batch of its own") {
  HubFile hub;
  hub.AddNodes();
  hub.Downgrade(3);  // a hub from before the handing office was stored
  hub.Reopen();
  const RowId kase = Row(5);
  REQUIRE(hub.Push("QS-JX01", {NewCase(1, kase)})->applied == 1);
  // The township center hands the case on, one change per batch, the hub restarting between.
  auto handover = Phone(1, kase, "");
  handover.fields = {{"processing_office", "C-MZ", 0}};
  auto reply = hub.Push("QS-JX", {handover});
  REQUIRE(reply.ok());
  REQUIRE(reply->applied == 1);
  hub.Reopen();
  auto step = Event(2, kase, Row(6));
  step.hlc = handover.hlc + 1;
  reply = hub.Push("QS-JX", {step});
  REQUIRE(reply.ok());
  CHECK(reply->rejected.empty());
  CHECK(reply->applied == 1);
  CHECK(hub.store->RecordField("case_events", Row(6), "action")->has_value());
}

TEST_CASE("hub store: a case handed on takes every record along, found by index, tombstones kept") {
  for (const bool migrated : {false, true}) {
    INFO((migrated ? "a hub from before records.case_row" : "a new hub"));
    HubFile hub;
    hub.AddNodes();
    const RowId kase = Row(1), event = Row(2), owed = Row(3);
    sync::Change materials = Phone(2, kase, "");
    materials.table = "case_materials";
    materials.fields = {{"M01", "supplied", 0}};
    sync::Change commitment = Event(4, kase, owed);
    commitment.table = "commitments";
    commitment.fields = {{"case_uid", Uid(kase), 0}, {"kind", "tolerance", 0},
                         {"state", "open", 0}};
    sync::Change dropped = commitment;
    dropped.seq = 5;
    dropped.hlc = commitment.hlc + 1;
    dropped.op = sync::ChangeOp::kDelete;
    dropped.fields = {{"*", nullptr, commitment.hlc}};
    auto reply = hub.Push("QS-JX01", {NewCase(1, kase), materials, Event(3, kase, event),
                                      commitment, dropped});
    REQUIRE(reply.ok());
    REQUIRE(reply->applied == 5);
    if (migrated) {
      hub.Downgrade(4);
      hub.Reopen();  // names the case of every record it holds, once
    }
    {
      // The reroute's read runs on the index, not over every record of the hub.
      auto db = hub.Raw();
      auto* plan = *db->Prepare("EXPLAIN QUERY PLAN SELECT tbl, row, deleted, fields FROM records "
                                "WHERE case_row = ?1 AND tbl != 'cases'");
      std::string steps;
      while (*plan->Step()) steps += plan->Text(3) + "\n";
      plan->Reset();
      CHECK_THAT(steps, Catch::Contains("records_by_case"));
    }

    auto handover = Phone(1, kase, "");
    handover.fields = {{"processing_office", "C-MZ", 0}};
    REQUIRE(hub.Push("QS-JX", {handover})->applied == 1);
    auto db = hub.Raw();
    auto* st = *db->Prepare("SELECT tbl, scope_a, scope_b, deleted FROM records ORDER BY tbl");
    std::map<std::string, std::tuple<std::string, std::string, bool>> stored;
    while (*st->Step())
      stored[st->Text(0)] = {st->Text(1), st->Text(2), st->Int(3) != 0};
    st->Reset();
    using Stored = std::tuple<std::string, std::string, bool>;
    CHECK(stored["cases"] == Stored{"QS-JX01", "C-MZ", false});
    CHECK(stored["case_materials"] == Stored{"QS-JX01", "C-MZ", false});
    CHECK(stored["case_events"] == Stored{"QS-JX01", "C-MZ", false});
    CHECK(stored["commitments"] == Stored{"QS-JX01", "C-MZ", true});  // still deleted

    // The county office pulls the case and its live records, never the deleted one.
    auto pulled = hub.store->Pull("C-MZ", {node::kReplicationSchemaVersion, "C-MZ", 0, 1000});
    REQUIRE(pulled.ok());
    std::set<std::string> tables;
    for (const auto& c : pulled->changes) tables.insert(c.table);
    CHECK(tables == std::set<std::string>{"cases", "case_materials", "case_events"});
  }
}

TEST_CASE("hub store: a conflict on a case's office resolved to the other office hands it on") {
  // Through the node API only the processing office may hand a case on, so no two nodes
  // can edit processing_office at once; here the station's push does it, as the hub allows.
  HubFile hub;
  hub.AddNodes();
  REQUIRE(hub.store->AddNode({"C-RS", "county hr", "county-office", ""}).ok());
  const RowId kase = Row(1), event = Row(2);
  const sync::Change intake = NewCase(1, kase);
  REQUIRE(hub.Push("QS-JX01", {intake, Event(2, kase, event)})->applied == 2);
  auto to_county = Phone(1, kase, "");
  to_county.fields = {{"processing_office", "C-MZ", intake.hlc}};
  REQUIRE(hub.Push("QS-JX", {to_county})->applied == 1);
  // The station, not having seen it, sends the case elsewhere: later, so provisional.
  auto elsewhere = Phone(3, kase, "");
  elsewhere.hlc = to_county.hlc + 1000;
  elsewhere.fields = {{"processing_office", "C-RS", intake.hlc}};
  REQUIRE(hub.Push("QS-JX01", {elsewhere})->conflicts == 1);
  auto open = hub.store->ListConflicts(true);
  REQUIRE(open.ok());
  REQUIRE(open->size() == 1);
  CHECK((*open)[0].column == "processing_office");
  CHECK((*open)[0].provisional == "C-RS");
  const std::int64_t cursor = hub.store->Stats()->log_seq;

  auto done = hub.store->ResolveConflict((*open)[0].id, Take::kHub, nullptr, "由县民政局审核",
                                         "admin");
  REQUIRE(done.ok());
  CHECK(done->status == "resolved");
  CHECK(done->resolution == "hub");
  CHECK(done->resolved_value == "C-MZ");
  CHECK(*hub.store->RecordField("cases", kase, "processing_office") == json("C-MZ"));

  // The case and its timeline now carry the chosen office's scope.
  auto db = hub.Raw();
  auto* st = *db->Prepare("SELECT tbl, scope_a, scope_b FROM records ORDER BY tbl");
  std::map<std::string, std::pair<std::string, std::string>> stored;
  while (*st->Step()) stored[st->Text(0)] = {st->Text(1), st->Text(2)};
  st->Reset();
  using Scope = std::pair<std::string, std::string>;
  CHECK(stored["cases"] == Scope{"QS-JX01", "C-MZ"});
  CHECK(stored["case_events"] == Scope{"QS-JX01", "C-MZ"});

  auto pull = [&](const std::string& code) {
    auto r = hub.store->Pull(code, {node::kReplicationSchemaVersion, code, cursor, 1000});
    REQUIRE(r.ok());
    return *r;
  };
  // The office turned down purges the case; the chosen one receives it whole, timeline too.
  const auto turned_down = pull("C-RS");
  REQUIRE(turned_down.purges.size() == 1);
  CHECK(turned_down.purges[0].row == kase);
  CHECK(turned_down.changes.empty());
  const auto chosen = pull("C-MZ");
  std::set<std::string> tables;
  for (const auto& c : chosen.changes) tables.insert(c.table);
  CHECK(tables == std::set<std::string>{"cases", "case_events"});
  CHECK(chosen.purges.empty());
  // The station gets the new office and the resolution's timeline entry.
  const auto station = pull("QS-JX01");
  REQUIRE(station.changes.size() == 2);
  CHECK(station.changes[0].fields[0].value == "C-MZ");
  CHECK(station.changes[1].table == "case_events");
}

TEST_CASE("hub store: every record is visited once, in pages, also while the visit writes") {
  HubFile hub;
  hub.AddNodes();
  // More records than one page of the storage's scan (512), over two tables.
  constexpr int kCases = 700;
  const auto row = [](int table, int n) {
    RowId r;
    r.bytes[0] = static_cast<std::uint8_t>(table);
    r.bytes[14] = static_cast<std::uint8_t>(n >> 8);
    r.bytes[15] = static_cast<std::uint8_t>(n);
    return r;
  };
  std::vector<sync::Change> changes;
  for (int n = 0; n < kCases; ++n) {
    changes.push_back(NewCase(static_cast<std::int64_t>(changes.size()) + 1, row(1, n)));
    changes.push_back(Event(static_cast<std::int64_t>(changes.size()) + 1, row(1, n), row(2, n)));
  }
  auto reply = hub.Push("QS-JX01", changes);
  REQUIRE(reply.ok());
  REQUIRE(reply->applied == 2 * kCases);

  const auto visit = [&](const std::string& table) {
    std::set<std::pair<std::string, RowId>> seen;
    int visits = 0;
    REQUIRE(hub.store
                ->ForEachRecord(table,
                                [&](const RowId& r, const json& values) {
                                  ++visits;
                                  seen.insert({values.contains("case_no") ? "cases" : "events", r});
                                  return Status::Ok();
                                })
                .ok());
    CHECK(visits == static_cast<int>(seen.size()));
    return visits;
  };
  CHECK(visit("cases") == kCases);
  CHECK(visit("case_events") == kCases);
  CHECK(visit("") == 2 * kCases);
  auto digest = hub.store->Digest("QS-JX01");
  REQUIRE(digest.ok());
  CHECK(digest->substr(digest->find(':') + 1) == std::to_string(2 * kCases));

  // The upgrade that names each child its case writes while it visits, page after page.
  hub.Downgrade(4);
  hub.Reopen();
  auto db = hub.Raw();
  auto* named = *db->Prepare("SELECT COUNT(*) FROM records WHERE case_row IS NOT NULL");
  REQUIRE(*named->Step());
  CHECK(named->Int(0) == kCases);
  named->Reset();
}

TEST_CASE("hub store: pushes of several nodes share one commit, and one that fails fails alone") {
  HubFile hub;
  hub.AddNodes();
  REQUIRE(hub.store->AddNode({"QS-JX02", "station 2", "station", "QS-JX"}).ok());
  const auto from = [](const std::string& node, sync::Change c) {
    c.node = node;
    if (c.table == "cases" && c.fields.size() > 1) c.fields[1].value = node;  // receiving_station
    return sync::PushRequest{node::kReplicationSchemaVersion, node, 0, {std::move(c)}};
  };
  const RowId damaged = Row(7);
  REQUIRE(hub.Push("QS-JX01", {NewCase(1, damaged)}).ok());

  // A group that goes through: each node's push applied, in order, replies in order.
  const auto a = from("QS-JX01", NewCase(2, Row(8)));
  const auto b = from("QS-JX02", NewCase(1, Row(9)));
  auto both = hub.store->ApplyPushes({{"QS-JX01", &a}, {"QS-JX02", &b}}, &hub.order);
  REQUIRE(both.size() == 2);
  REQUIRE(both[0].ok());
  REQUIRE(both[1].ok());
  CHECK(both[0]->applied == 1);
  CHECK(both[0]->acked_seq == 2);
  CHECK(both[1]->applied == 1);
  CHECK(both[1]->acked_seq == 1);

  // A push that meets a damaged record fails; the others of its group still land.
  {
    auto db = hub.Raw();
    auto* st = *db->Prepare("UPDATE records SET fields = x'c1c1' WHERE tbl = 'cases' AND row = ?1");
    st->BindBlob(1, damaged.View());
    REQUIRE(st->Run().ok());
  }
  const auto c = from("QS-JX01", NewCase(3, Row(10)));
  const auto d = from("QS-JX01", Phone(4, damaged, "13900001111"));
  const auto e = from("QS-JX02", NewCase(2, Row(11)));
  auto mixed = hub.store->ApplyPushes({{"QS-JX01", &c}, {"QS-JX01", &d}, {"QS-JX02", &e}}, &hub.order);
  REQUIRE(mixed.size() == 3);
  REQUIRE(mixed[0].ok());
  CHECK(mixed[0]->acked_seq == 3);
  REQUIRE_FALSE(mixed[1].ok());
  CHECK(mixed[1].status().code() == ErrorCode::kCorruption);
  REQUIRE(mixed[2].ok());
  CHECK(mixed[2]->acked_seq == 2);
  CHECK(hub.store->GetNode("QS-JX01")->acked_seq == 3);
  CHECK(hub.store->GetNode("QS-JX02")->acked_seq == 2);
  CHECK(hub.store->GetNode("QS-JX01")->changes_applied == 3);
}

TEST_CASE("hub store: a node is seen when it pushes or pulls, in the same transaction") {
  HubFile hub;
  hub.AddNodes();
  CHECK_FALSE(hub.store->GetNode("QS-JX01")->last_seen);
  CHECK_FALSE(hub.store->GetNode("QS-JX")->last_seen);
  const auto before = sync::SystemWallClock::Instance().NowMillis();
  REQUIRE(hub.Push("QS-JX01", {NewCase(1, Row(1))}).ok());
  const auto pushed = hub.store->GetNode("QS-JX01")->last_seen;
  REQUIRE(pushed);
  CHECK(*pushed >= before);
  CHECK_FALSE(hub.store->GetNode("QS-JX")->last_seen);
  REQUIRE(hub.store->Pull("QS-JX", {node::kReplicationSchemaVersion, "QS-JX", 0, 100, false}).ok());
  const auto pulled = hub.store->GetNode("QS-JX")->last_seen;
  REQUIRE(pulled);
  CHECK(*pulled >= before);
}

TEST_CASE("hub store: a node enrolled again goes on from its database, and its lost machine is told to erase") {
  HubFile hub;
  hub.AddNodes();
  auto key = sync::Sm2Key::Generate();
  REQUIRE(key.ok());
  auto code = hub.store->AddNode({"QS-JX05", "station", "station", "QS-JX"});
  REQUIRE(code.ok());
  auto first = hub.store->Enroll("QS-JX05", *code, key->PublicDer());
  REQUIRE(first.ok());
  CHECK_FALSE(first->known);
  std::vector<sync::Change> changes{NewCase(1, Row(1)), NewCase(2, Row(2)), NewCase(3, Row(3))};
  for (auto& c : changes) {
    c.hlc = Now() + static_cast<Hlc>(c.seq);
    c.fields[0].value = "QS-JX05-20260528-000" + std::to_string(c.seq);
    c.fields[1].value = "QS-JX05";  // received there: in its scope
  }
  auto pushed = hub.Push("QS-JX05", changes);
  REQUIRE(pushed.ok());
  REQUIRE(pushed->applied == 3);
  REQUIRE(hub.store->GetNode("QS-JX05")->acked_seq == 3);

  // Announcing it again is refused, naming the command that enrolls it again.
  const auto twice = hub.store->AddNode({"QS-JX05", "station", "station", "QS-JX"});
  CHECK(twice.status().code() == ErrorCode::kAlreadyExists);
  REQUIRE(twice.status().args().size() == 2);
  CHECK(twice.status().args()[1] == "tongban-central station reenroll --code QS-JX05");

  // A new code: the old secret stops working at once, and says why.
  auto again = hub.store->ReenrollNode("QS-JX05");
  REQUIRE(again.ok());
  CHECK(hub.store->Authenticate("QS-JX05", first->secret).key() == "hub.node_awaits_enrollment");
  CHECK(hub.store->Enroll("QS-JX05", *code, key->PublicDer()).status().key() == "hub.enroll_refused");
  // Restored from a backup that knew only change 1 acknowledged but held 2 as well, as
  // the hub logged it: pushes go on after 2, which never goes again.
  auto second = hub.store->Enroll("QS-JX05", *again, key->PublicDer(),
                                  EnrollResume{1, changes[0].hlc, 2, changes[1].hlc});
  REQUIRE(second.ok());
  CHECK(second->known);
  CHECK(hub.store->GetNode("QS-JX05")->acked_seq == 2);
  CHECK(hub.store->Authenticate("QS-JX05", second->secret).ok());
  // Its change 3 stamped otherwise than the hub's: from its last acknowledged one.
  auto other = hub.store->ReenrollNode("QS-JX05");
  REQUIRE(other.ok());
  auto restamped = hub.store->Enroll("QS-JX05", *other, key->PublicDer(),
                                     EnrollResume{1, changes[0].hlc, 3, changes[2].hlc + 7});
  REQUIRE(restamped.ok());
  CHECK(hub.store->GetNode("QS-JX05")->acked_seq == 1);
  // A node one version behind says nothing: where the hub stands is kept.
  REQUIRE(hub.Push("QS-JX05", {changes[1], changes[2]}).ok());
  auto older = hub.store->ReenrollNode("QS-JX05");
  REQUIRE(older.ok());
  auto silent = hub.store->Enroll("QS-JX05", *older, key->PublicDer());
  REQUIRE(silent.ok());
  CHECK(hub.store->GetNode("QS-JX05")->acked_seq == 3);
  second = std::move(silent);

  // Lost and revoked: enrolled again on a new laptop, whose database starts at nothing.
  REQUIRE(hub.store->RevokeNode("QS-JX05", true).ok());
  auto third_code = hub.store->ReenrollNode("QS-JX05");
  REQUIRE(third_code.ok());
  CHECK_FALSE(hub.store->GetNode("QS-JX05")->revoked);
  // A database claiming more than the hub holds goes on from what the hub holds.
  auto third = hub.store->Enroll("QS-JX05", *third_code, key->PublicDer(), EnrollResume{9, Now()});
  REQUIRE(third.ok());
  CHECK(hub.store->GetNode("QS-JX05")->acked_seq == 3);
  CHECK(hub.store->Authenticate("QS-JX05", third->secret).ok());
  // The lost laptop calls with the secret it had: it is told to erase what it holds.
  CHECK(hub.store->Authenticate("QS-JX05", second->secret).key() == "hub.node_wipe");
  CHECK(hub.store->Authenticate("QS-JX05", "guess").key() == "hub.node_secret_wrong");
  CHECK(hub.store->ReenrollNode("QS-JX99").status().code() == ErrorCode::kNotFound);

  // A hub from before keeps its nodes: the column comes with the migration.
  hub.Downgrade(11);
  hub.Reopen();
  CHECK(hub.store->Authenticate("QS-JX05", third->secret).ok());
}

TEST_CASE("hub store: an audit trail is continued, replays skipped, a rewrite or a gap refused") {
  HubFile hub;
  hub.AddNodes();
  std::vector<sync::AuditEntry> chain;
  std::optional<sync::AuditEntry> last;
  for (int i = 0; i < 5; ++i) {
    last = sync::NextAuditEntry(last, {.at_ms = 1000 + i, .node = "QS-JX01", .user = "clerk",
                                       .action = "view_id", .target = "case-" + std::to_string(i),
                                       .detail = "{}"});
    chain.push_back(*last);
  }
  auto acked = hub.store->AppendAudit("QS-JX01", {chain.begin(), chain.begin() + 3});
  REQUIRE(acked.ok());
  CHECK(*acked == 3);
  // A reply lost on the way: the same entries again, and the next ones.
  acked = hub.store->AppendAudit("QS-JX01", {chain.begin() + 1, chain.end()});
  REQUIRE(acked.ok());
  CHECK(*acked == 5);
  // A node restored from a backup numbers a new entry like one the hub holds.
  auto other = chain[3];
  other.user = "proc";
  other.hash = sync::AuditHash(other);
  auto rewritten = hub.store->AppendAudit("QS-JX01", {other});
  CHECK(rewritten.status().key() == "hub.audit_broken");
  // Entries after a gap: the hub says where it stands.
  auto later = sync::NextAuditEntry(chain[4], {.at_ms = 2000, .node = "QS-JX01", .user = "clerk",
                                               .action = "print", .target = "case-9", .detail = "{}"});
  auto after_gap = sync::NextAuditEntry(later, later);
  auto gap = hub.store->AppendAudit("QS-JX01", {after_gap});
  CHECK(gap.status().key() == "hub.audit_gap");
  CHECK(gap.status().args().at(1) == "5");
  // Another node's entries are not this node's to send.
  CHECK(hub.store->AppendAudit("QS-JX", {chain[0]}).status().code() == ErrorCode::kPermissionDenied);
  auto checks = hub.store->VerifyAudit();
  REQUIRE(checks.ok());
  REQUIRE(checks->size() == 1);
  CHECK(checks->front().check.entries == 5);
  CHECK_FALSE(checks->front().check.broken);
}

TEST_CASE("hub store: keys are required on a new hub and stay off on one upgraded with a node without") {
  HubFile fresh;
  CHECK(*fresh.store->NodeKeysRequired());
  fresh.AddNodes();
  // Without a key: refused at enrollment, the code kept for the right software.
  auto code = fresh.store->AddNode({"QS-JX02", "station", "station", "QS-JX"});
  REQUIRE(code.ok());
  const auto keyless = fresh.store->Enroll("QS-JX02", *code);
  CHECK(keyless.status().key() == "hub.node_key_required");
  auto key = sync::Sm2Key::Generate();
  REQUIRE(key.ok());
  auto secret = fresh.store->Enroll("QS-JX02", *code, key->PublicDer());
  REQUIRE(secret.ok());
  CHECK(fresh.store->Authenticate("QS-JX02", secret->secret).ok());

  // A hub from before the rule, with an enrolled node that has no key: it keeps serving it.
  HubFile old;
  old.AddNodes();
  auto old_code = old.store->AddNode({"QS-JX03", "station", "station", "QS-JX"});
  REQUIRE(old_code.ok());
  REQUIRE(old.store->RequireNodeKeys(false).ok());
  auto old_secret = old.store->Enroll("QS-JX03", *old_code);
  REQUIRE(old_secret.ok());
  old.Downgrade(10);
  old.Reopen();
  CHECK_FALSE(*old.store->NodeKeysRequired());
  CHECK(old.store->Authenticate("QS-JX03", old_secret->secret).ok());
  // Turning the rule on would cut it off: refused, naming it.
  const Status on = old.store->RequireNodeKeys(true);
  CHECK(on.key() == "hub.keyless_nodes_left");
  CHECK(on.args().front() == "QS-JX03");
  // Revoked, it is no longer counted; once keys are required it is only told to erase.
  REQUIRE(old.store->RevokeNode("QS-JX03").ok());
  REQUIRE(old.store->RequireNodeKeys(true).ok());
  const Status told = old.store->Authenticate("QS-JX03", old_secret->secret);
  CHECK(told.key() == "hub.node_wipe");
}

TEST_CASE("metrics: a label value escapes backslash, double quote and line feed") {
  CHECK(PrometheusLabel("QS-JX01") == "QS-JX01");
  CHECK(PrometheusLabel("a\\b\"c\nd") == "a\\\\b\\\"c\\nd");
}

TEST_CASE("hub store: records move to arrival order with their key as an index, and stay whole") {
  HubFile hub;
  hub.AddNodes();
  const RowId a = Row(21), b = Row(22);
  REQUIRE(hub.Push("QS-JX01", {NewCase(1, a), NewCase(2, b)}).ok());
  const auto digest = hub.store->Digest("QS-JX01");
  REQUIRE(digest.ok());
  hub.Downgrade(15);  // the records as a hub of the previous release keeps them
  {
    auto db = hub.Raw();
    auto* st = *db->Prepare("SELECT count(*) FROM pragma_index_list('records') WHERE origin = 'pk'");
    REQUIRE(*st->Step());
    CHECK(st->Int(0) == 1);  // WITHOUT ROWID: the key is the table
    st->Reset();
  }
  // Its record fields as that release wrote them: a map column -> [value, version, node, user].
  {
    auto db = hub.Raw();
    auto* st = *db->Prepare("SELECT fields FROM records WHERE row = ?1");
    st->BindBlob(1, b.View());
    REQUIRE(*st->Step());
    const std::string_view blob = st->Blob(0);
    const json now = json::from_msgpack(blob.begin(), blob.end());
    st->Reset();
    REQUIRE(now.is_array());
    json old = json::object();
    for (const auto& [column, f] : now[1].items())
      old[column] = {f[0], f[1], now[0][2 * f[2].get<std::size_t>()],
                     now[0][2 * f[2].get<std::size_t>() + 1]};
    const auto bytes = json::to_msgpack(old);
    auto* up = *db->Prepare("UPDATE records SET fields = ?2 WHERE row = ?1");
    up->BindBlob(1, b.View()).BindBlob(2, std::string(bytes.begin(), bytes.end()));
    REQUIRE(up->Run().ok());
  }
  hub.Reopen();
  CHECK(hub.Version() >= 16);
  CHECK(*hub.store->Digest("QS-JX01") == *digest);
  CHECK(hub.store->RecordField("cases", b, "case_no")->has_value());
  // Written again, an old record takes the new layout with what it held.
  REQUIRE(hub.Push("QS-JX01", {Phone(3, b, "13900002222")}).ok());
  CHECK(*hub.store->RecordField("cases", b, "applicant_phone") == json("13900002222"));
  CHECK(hub.store->RecordField("cases", b, "case_no")->has_value());
  // The key still admits one record per row: a push of the same case again updates it.
  REQUIRE(hub.Push("QS-JX01", {Phone(4, a, "13900001111")}).ok());
  auto db = hub.Raw();
  auto* st = *db->Prepare("SELECT count(*) FROM records WHERE tbl = 'cases'");
  REQUIRE(*st->Step());
  CHECK(st->Int(0) == 2);
  st->Reset();
  CHECK_FALSE(db->Exec("INSERT INTO records (tbl, row, fields) SELECT tbl, row, fields FROM "
                       "records LIMIT 1").ok());
}
