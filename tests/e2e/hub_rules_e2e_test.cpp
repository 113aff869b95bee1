// The hub's rules end to end: a real hub process, real node files, real HTTP.
// Crafted batches go through the wire encoder and CurlTransport, authenticated as
// the node they claim to come from, as a node that sends bad data would.
#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <iterator>
#include <thread>
#include <nlohmann/json.hpp>

#include "e2e_support.h"
#include "tongban/sync/compression.h"
#include "tongban/sync/curl_transport.h"
#include "tongban/sync/sqlite.h"
#include "tongban/sync/wire.h"

using namespace tongban;
using namespace tongban::test;
using nlohmann::json;

namespace {

constexpr const char* kElderly = "高龄津贴申领";  // processed by the township center

// A push batch sent by hand as `node`; the raw HTTP reply.
sync::HttpResponse SendPush(Hub& hub, Node& node, std::int64_t from,
                            std::vector<sync::Change> changes) {
  auto t = sync::CurlTransport::Create({hub.url()});
  REQUIRE(t.ok());
  sync::HttpRequest req;
  req.target = "/v1/push";
  req.headers["authorization"] = "Bearer " + node.Secret();
  req.headers["x-tongban-node"] = node.store().identity().code;
  req.headers["content-encoding"] = "zstd";
  req.body = sync::Compressor::Shipped().Compress(
      sync::EncodePushRequest({node::kReplicationSchemaVersion, node.store().identity().code, from,
                               std::move(changes)}),
      0);
  node.Sign(req);
  auto r = (*t)->Send(req);
  REQUIRE(r.ok());
  return *r;
}

// The same, for a batch the hub must answer: its decoded reply.
sync::PushReply Push(Hub& hub, Node& node, std::int64_t from, std::vector<sync::Change> changes) {
  const auto r = SendPush(hub, node, from, std::move(changes));
  INFO(r.body);
  REQUIRE(r.status == 200);
  auto plain = sync::Compressor::Shipped().Decompress(r.body, 1 << 20);
  REQUIRE(plain.ok());
  auto reply = sync::DecodePushReply(*plain);
  REQUIRE(reply.ok());
  return *reply;
}

// The node's changes the hub has not acknowledged yet, in order.
std::vector<sync::Change> Unsent(Node& node) {
  auto state = node.sync().replica().State();
  REQUIRE(state.ok());
  auto changes = node.store().ReadChanges(state->acked_seq, 1000);
  REQUIRE(changes.ok());
  return *changes;
}

std::int64_t Acked(Node& node) { return node.sync().replica().State()->acked_seq; }

void SetField(sync::Change& c, const std::string& column, json value) {
  for (auto& f : c.fields)
    if (f.column == column) {
      f.value = std::move(value);
      return;
    }
  c.fields.push_back({column, std::move(value), 0});
}

// The stored fields of a record in the hub's file, read and written behind the hub's back
// as a failing disk or a careless repair would.
std::string StoredFields(Hub& hub, const std::string& table, const sync::RowId& row) {
  auto db = sync::Database::Open(hub.process().data() + "/hub.db");
  REQUIRE(db.ok());
  auto* st = *(*db)->Prepare("SELECT fields FROM records WHERE tbl = ?1 AND row = ?2");
  st->Bind(1, table).BindBlob(2, row.View());
  REQUIRE(*st->Step());
  std::string blob(st->Blob(0));
  st->Reset();
  return blob;
}

void StoreFields(Hub& hub, const std::string& table, const sync::RowId& row,
                 const std::string& blob) {
  auto db = sync::Database::Open(hub.process().data() + "/hub.db");
  REQUIRE(db.ok());
  auto* st = *(*db)->Prepare("UPDATE records SET fields = ?3 WHERE tbl = ?1 AND row = ?2");
  st->Bind(1, table).BindBlob(2, row.View()).BindBlob(3, blob);
  REQUIRE(st->Run().ok());
}

// A row id as a field value.
json Uid(const sync::RowId& row) {
  return json::binary(std::vector<std::uint8_t>(row.bytes.begin(), row.bytes.end()));
}

// A timeline event of case `kase`, as change `seq` of `node`.
sync::Change Event(Node& node, std::int64_t seq, const sync::RowId& kase) {
  const auto now = sync::SystemWallClock::Instance().NowMillis();
  sync::Change c;
  c.seq = seq;
  c.hlc = sync::HybridClock::Make(now, 0);
  c.table = "case_events";
  c.row = sync::RowId::Generate(now);
  c.node = node.store().identity().code;
  c.user = "clerk";
  c.fields = {{"case_uid", Uid(kase), 0}, {"at", now, 0}, {"action", "note", 0}};
  return c;
}

// The node's row in `tongban-central station list --json`.
json Listed(Hub& hub, const std::string& code) {
  for (const auto& n : json::parse(hub.Admin("station list", "--json")))
    if (n["code"] == code) return n;
  FAIL("station list does not show " << code);
  return json();
}

}  // namespace

TEST_CASE("a field that is not UTF-8 is refused for good, never answered with a 500") {
  Hub hub;
  Node station(hub, "QS-JX01");
  station.Receive(kElderly);
  auto changes = Unsent(station);
  REQUIRE(changes.size() == 3);  // case, materials, timeline event
  REQUIRE(changes[0].table == "cases");
  // A status and a name cut in the middle of a character.
  sync::Change kase = changes[0];
  SetField(kase, "status", std::string("\xe5\x8f", 2));
  auto reply = Push(hub, station, Acked(station), {kase});
  REQUIRE(reply.rejected.size() == 1);
  CHECK(reply.rejected[0].code == "invalid_field");
  CHECK(reply.rejected[0].args == std::vector<std::string>{"cases", "status"});
  CHECK(reply.acked_seq == kase.seq);  // acknowledged: the node will not send it again
  CHECK_FALSE(reply.held);

  // Plain text too: a name that is not UTF-8 would break every JSON view of the case.
  Node other(hub, "QS-JX02");
  other.Receive(kElderly);
  auto theirs = Unsent(other);
  SetField(theirs[0], "applicant_name", std::string("\xe5\xbc\xa0\xff", 4));
  reply = Push(hub, other, Acked(other), {theirs[0]});
  REQUIRE(reply.rejected.size() == 1);
  CHECK(reply.rejected[0].code == "invalid_field");
  CHECK(reply.rejected[0].args == std::vector<std::string>{"cases", "applicant_name"});
  CHECK(reply.acked_seq == theirs[0].seq);
  // So is a column name that is not text: the arguments a node shows stay readable.
  auto bad_column = theirs[0];
  bad_column.seq = theirs[1].seq;
  bad_column.fields = {{std::string("\xc0\xaf", 2), "x", 0}};
  reply = Push(hub, other, theirs[0].seq, {bad_column});
  REQUIRE(reply.rejected.size() == 1);
  CHECK(reply.rejected[0].code == "invalid_field");
  REQUIRE(reply.rejected[0].args.size() == 2);
  CHECK_NOTHROW(json(reply.rejected[0].args[1]).dump());

  // The hub kept serving and wrote nothing unreadable.
  const auto status = json::parse(hub.Admin("status", "--json"));
  CHECK(status["records"].get<int>() > 0);
  CHECK_FALSE(HubLogged(hub, "internal"));
  CHECK(HubLogged(hub, "rejected", {{"node", "QS-JX01"}}));
}

TEST_CASE("a damaged record at the hub stops the push with a clear error, and nothing is lost") {
  Hub hub;
  Node station(hub, "QS-JX01");
  Node township(hub, "QS-JX", "township", "");
  Synced(township);
  const auto no = ReceivedAt(station, township, kElderly);
  const auto uid = station.store().GetCase(no)->uid;
  const std::string good = StoredFields(hub, "cases", uid);
  StoreFields(hub, "cases", uid, good.substr(0, good.size() / 2));  // a torn write

  REQUIRE(station.store().UpdatePhone(station.clerk, no, "13900001111").ok());
  const auto acked = Acked(station);
  const auto before = json::parse(hub.Admin("status", "--json"));
  auto r = station.Sync();
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == ErrorCode::kUnavailable);  // the hub's fault: try again later
  CHECK_THAT(r.status().message(),
             Catch::Contains("damaged") && Catch::Contains("cases record " + uid.Hex()));
  // Nothing was applied and nothing acknowledged: the edit waits on the station.
  CHECK(Acked(station) == acked);
  CHECK(Unsent(station).size() == 2);  // the phone and its timeline event
  const auto after = json::parse(hub.Admin("status", "--json"));
  CHECK(after["log_seq"] == before["log_seq"]);
  CHECK(StoredFields(hub, "cases", uid) == good.substr(0, good.size() / 2));
  const auto raw = SendPush(hub, station, acked, Unsent(station));
  CHECK(raw.status == 500);
  CHECK_THAT(raw.body, Catch::Contains("corruption") && Catch::Contains(uid.Hex()));

  // The admin puts the record back from a backup: the edit goes through, and the case
  // still has every field it had.
  StoreFields(hub, "cases", uid, good);
  Synced(station);
  Synced(township);
  auto at_township = township.store().GetCase(no);
  REQUIRE(at_township.ok());
  CHECK(at_township->applicant_phone == "13900001111");
  CHECK(at_township->applicant_name == "张建国");
  CHECK(at_township->case_no == no);
  CHECK(station.Digest() == station.HubDigest());
  CHECK(township.Digest() == township.HubDigest());
}

TEST_CASE("a held change keeps the since the admin sees, round after round") {
  Hub hub;
  Node station(hub, "QS-JX01");
  // A timeline event of a case the hub has never seen: held as parent_missing.
  const auto kase = sync::RowId::Generate(sync::SystemWallClock::Instance().NowMillis());
  const auto acked = Acked(station);
  const auto event = Event(station, acked + 1, kase);
  auto reply = Push(hub, station, acked, {event});
  REQUIRE(reply.held);
  CHECK(reply.held->code == "parent_missing");
  const json first = Listed(hub, "QS-JX01");
  REQUIRE(first.contains("held"));
  CHECK(first["held"]["seq"] == event.seq);
  CHECK(first["held"]["code"] == "parent_missing");
  const std::string since = first["held"]["since"];
  for (int round = 0; round < 2; ++round) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // since has whole seconds
    // A sync round as a node runs it: an empty probe, then the unsent changes again.
    reply = Push(hub, station, acked, {});
    CHECK_FALSE(reply.held);
    CHECK(Listed(hub, "QS-JX01")["held"]["since"] == since);
    reply = Push(hub, station, acked, {event});
    REQUIRE(reply.held);
    const json now = Listed(hub, "QS-JX01");
    CHECK(now["held"]["since"] == since);
    CHECK(now["held"]["seq"] == event.seq);
  }

  // The case arrives from the station that received it (this one is its office): the
  // event goes through and the hold is gone.
  Node other(hub, "QS-JX02");
  other.Receive(kElderly);
  auto theirs = Unsent(other);
  REQUIRE(theirs[0].table == "cases");
  sync::Change kase_change = theirs[0];
  kase_change.row = kase;
  for (auto& f : kase_change.fields)
    if (f.column == "processing_office") f.value = "QS-JX01";
  reply = Push(hub, other, Acked(other), {kase_change});
  REQUIRE(reply.applied == 1);
  reply = Push(hub, station, acked, {event});
  CHECK(reply.applied == 1);
  CHECK_FALSE(reply.held);
  CHECK_FALSE(Listed(hub, "QS-JX01").contains("held"));
}

TEST_CASE("station list in text names a node's held change, its code and since") {
  Hub hub;
  Node station(hub, "QS-JX01");
  Node other(hub, "QS-JX02");
  const auto kase = sync::RowId::Generate(sync::SystemWallClock::Instance().NowMillis());
  const auto event = Event(station, Acked(station) + 1, kase);
  REQUIRE(Push(hub, station, Acked(station), {event}).held);
  const std::string since = Listed(hub, "QS-JX01")["held"]["since"];
  const std::string text = hub.Admin("station list");
  INFO(text);
  CHECK_THAT(text, Catch::Contains("held: change " + std::to_string(event.seq) +
                                   " (parent_missing) since " + since.substr(0, 10) + " " +
                                   since.substr(11, 5)));  // the station's time, to the minute
  // Only the held node: one such line.
  CHECK(text.find("held:") == text.rfind("held:"));
  CHECK(text.find("held:") > text.find("QS-JX01"));
  CHECK(text.find("held:") < text.find("QS-JX02"));
}

TEST_CASE("what belongs to a case the hub refused is refused too, and the station's queue moves") {
  Hub hub;
  Node station(hub, "QS-JX01");
  Node township(hub, "QS-JX", "township", "");
  // Across batches: the station's case is refused (a status no node can read), then the
  // station syncs its materials and timeline as it always does.
  const auto no = station.Receive(kElderly);
  auto changes = Unsent(station);
  REQUIRE(changes.size() == 3);
  sync::Change bad = changes[0];
  SetField(bad, "status", "banana");
  auto reply = Push(hub, station, Acked(station), {bad});
  REQUIRE(reply.rejected.size() == 1);
  CHECK(reply.rejected[0].code == "invalid_field");
  auto r = station.Sync();
  INFO(r.status().message());
  REQUIRE(r.ok());  // held as parent_missing for ever before
  CHECK(r->rejected == 2);
  CHECK(r->pushed == 0);
  const auto state = station.sync().replica().State();
  CHECK(state->acked_seq == state->last_seq);
  CHECK(Unsent(station).empty());
  CHECK_FALSE(Listed(hub, "QS-JX01").contains("held"));
  // A case received afterwards goes through as usual.
  const auto next = ReceivedAt(station, township, kElderly);
  CHECK(township.store().GetCase(next).ok());
  CHECK(township.store().GetCase(no).status().code() == ErrorCode::kNotFound);

  // In one batch: the case refused first, its children after it.
  Node other(hub, "QS-JX02");
  other.Receive(kElderly);
  auto theirs = Unsent(other);
  REQUIRE(theirs.size() == 3);
  SetField(theirs[0], "receiving_station", "QS-JX01");  // claims another station's intake
  reply = Push(hub, other, Acked(other), theirs);
  std::vector<std::string> codes;
  for (const auto& rej : reply.rejected) codes.push_back(rej.code);
  CHECK(codes == std::vector<std::string>{"out_of_scope", "parent_refused", "parent_refused"});
  CHECK(reply.acked_seq == theirs.back().seq);
  CHECK_FALSE(reply.held);
  r = other.Sync();
  INFO(r.status().message());
  REQUIRE(r.ok());
  CHECK(r->pushed == 0);
}

TEST_CASE("a case handed on one change per push batch arrives with its whole timeline") {
  Hub hub;
  Node station(hub, "QS-JX01");
  Node township(hub, "QS-JX", "township", "");
  Node county(hub, "C-MZ", "county-office", "");
  township.Reconnect(hub.url(), 20, 1);  // every push batch holds one change
  township.sync().client().set_stream_push(false);  // whole batches, each its own commit
  const auto no = ReceivedAt(station, township, kElderly);
  REQUIRE(township.store().Transition(township.proc, no, "accept", "").ok());
  REQUIRE(township.store().Reroute(township.proc, no, "C-MZ", "需县民政局审核").ok());
  auto r = township.Sync();
  INFO(r.status().message());
  REQUIRE(r.ok());
  CHECK(r->rejected == 0);  // the handover's event was refused as out_of_scope before
  CHECK(r->push_batches >= 4);
  Synced(county);
  Synced(station);
  Synced(township);
  auto at_county = county.store().GetCase(no);
  REQUIRE(at_county.ok());
  std::vector<std::string> actions;
  for (const auto& e : at_county->events) actions.push_back(e.action);
  INFO(json(actions).dump());
  CHECK(at_county->events.size() == 3);  // intake, accept, reroute
  CHECK(station.store().GetCase(no)->events.size() == 3);
  CHECK(township.store().GetCase(no).status().code() == ErrorCode::kNotFound);  // purged
  for (Node* n : {&station, &township, &county}) CHECK(n->Digest() == n->HubDigest());
}

TEST_CASE("a case handed on does not bring a deleted record of it back to life") {
  Hub hub;
  Node station(hub, "QS-JX01");
  Node township(hub, "QS-JX", "township", "");
  Node county(hub, "C-MZ", "county-office", "");
  const auto no = ReceivedAt(station, township, kElderly);
  // A commitment of the case, made and deleted again (sent as the station would send it).
  const auto kase = station.store().GetCase(no)->uid;
  const auto now = sync::SystemWallClock::Instance().NowMillis();
  const auto owed = sync::RowId::Generate(now);
  const auto acked = Acked(station);
  sync::Change made;
  made.seq = acked + 1;
  made.hlc = sync::HybridClock::Make(now, 0);
  made.table = "commitments";
  made.row = owed;
  made.node = "QS-JX01";
  made.user = "clerk";
  made.fields = {{"case_uid", Uid(kase), 0},
                 {"kind", "tolerance", 0},
                 {"materials", "M01", 0},
                 {"due", now + 5 * 86'400'000LL, 0},
                 {"due_provisional", 0, 0},
                 {"state", "open", 0}};
  sync::Change dropped = made;
  dropped.seq = acked + 2;
  dropped.hlc = made.hlc + 1;
  dropped.op = sync::ChangeOp::kDelete;
  dropped.fields = {{"*", nullptr, made.hlc}};
  REQUIRE(Push(hub, station, acked, {made, dropped}).applied == 2);
  Synced(township);

  REQUIRE(township.store().Transition(township.proc, no, "accept", "").ok());
  REQUIRE(township.store().Reroute(township.proc, no, "C-MZ", "需县民政局审核").ok());
  Synced(township);
  Synced(county);
  REQUIRE(county.store().GetCase(no).ok());
  auto* st = *county.store().database().Prepare("SELECT COUNT(*) FROM commitments WHERE uid = ?1");
  st->BindBlob(1, owed.View());
  REQUIRE(*st->Step());
  CHECK(st->Int(0) == 0);  // the county never sees the deleted commitment
  st->Reset();
  // At the hub it moved with the case and is still a tombstone.
  auto db = sync::Database::Open(hub.process().data() + "/hub.db");
  REQUIRE(db.ok());
  auto* rec = *(*db)->Prepare("SELECT deleted, scope_b FROM records WHERE tbl = 'commitments' "
                              "AND row = ?1");
  rec->BindBlob(1, owed.View());
  REQUIRE(*rec->Step());
  CHECK(rec->Int(0) == 1);
  CHECK(rec->Text(1) == "C-MZ");
  rec->Reset();
  CHECK(county.Digest() == county.HubDigest());
  CHECK(township.Digest() == township.HubDigest());
}

TEST_CASE("an admin who resolves a conflict over a case's office hands the case to the office chosen") {
  Hub hub;
  Node station(hub, "QS-JX01");
  Node township(hub, "QS-JX", "township", "");
  Node mz(hub, "C-MZ", "county-office", "");
  Node rs(hub, "C-RS", "county-office", "");
  const auto no = ReceivedAt(station, township, kElderly);
  const auto kase = station.store().GetCase(no)->uid;
  // The version of the office the station holds: the intake's, as no one changed it since.
  auto* st = *station.store().database().Prepare("SELECT _hlc FROM cases WHERE uid = ?1");
  st->BindBlob(1, kase.View());
  REQUIRE(*st->Step());
  const auto office_version = static_cast<sync::Hlc>(st->Int(0));
  st->Reset();

  // The township hands the case to 民政局; the station, not having seen that, names 人社局
  // (sent by hand: the desk offers this move to the office only). Two offices at once.
  REQUIRE(township.store().Reroute(township.proc, no, "C-MZ", "需县民政局审核").ok());
  Synced(township);
  sync::Change named;
  named.seq = Acked(station) + 1;
  named.hlc = sync::HybridClock::Make(sync::SystemWallClock::Instance().NowMillis() + 1000, 0);
  named.table = "cases";
  named.row = kase;
  named.node = "QS-JX01";
  named.user = "clerk";
  named.fields = {{"processing_office", "C-RS", office_version}};
  const auto pushed = Push(hub, station, Acked(station), {named});
  REQUIRE(pushed.applied == 1);
  CHECK(pushed.conflicts == 1);
  auto list = json::parse(hub.Admin("conflicts list", "--json"));
  REQUIRE(list.size() == 1);
  CHECK(list[0]["column"] == "processing_office");
  CHECK(list[0]["provisional"] == "C-RS");  // the later edit holds until an admin decides
  Synced(rs);
  Synced(mz);
  REQUIRE(rs.store().GetCase(no).ok());
  CHECK(mz.store().GetCase(no).status().code() == ErrorCode::kNotFound);

  // The admin keeps the township's choice: the case, its timeline and its materials go to
  // 民政局, and 人社局 is told to purge it.
  const auto id = std::to_string(list[0]["id"].get<int>());
  hub.Admin("conflicts resolve", id + " --take hub --note 乡镇中心已移交民政局");
  Synced(rs);
  Synced(mz);
  Synced(township);
  auto at_mz = mz.store().GetCase(no);
  REQUIRE(at_mz.ok());
  CHECK(at_mz->processing_office == "C-MZ");
  REQUIRE(at_mz->events.size() == 3);  // intake, handed on, the admin's resolution
  CHECK(at_mz->events.back().action == "conflict_resolved");
  CHECK(at_mz->events.back().detail == "乡镇中心已移交民政局");
  CHECK_FALSE(at_mz->materials.empty());
  CHECK(rs.store().GetCase(no).status().code() == ErrorCode::kNotFound);
  CHECK(township.store().GetCase(no).status().code() == ErrorCode::kNotFound);
  for (Node* n : {&township, &mz, &rs}) CHECK(n->Digest() == n->HubDigest());
}
