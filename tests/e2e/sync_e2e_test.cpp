// Nodes and a real hub converge: scope, field merge, conflicts and their
// resolution, replays, authentication, schema versions, bad bodies.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <chrono>
#include <functional>
#include <fstream>
#include <thread>
#include <nlohmann/json.hpp>

#include "e2e_support.h"
#include "tongban/node/messages/sync_messages.h"
#include "tongban/sync/clock_skew.h"
#include "tongban/sync/compression.h"
#include "tongban/sync/sqlite.h"
#include "tongban/sync/curl_transport.h"
#include "tongban/sync/push_stream.h"
#include "tongban/sync/sm2.h"
#include "tongban/sync/sync_client.h"
#include "tongban/sync/wire.h"

using namespace tongban;
using namespace tongban::test;
using nlohmann::json;

namespace {

constexpr const char* kElderly = "高龄津贴申领";  // processed by the township center (@township)
constexpr const char* kDisability = "困难残疾人生活补贴和重度残疾人护理补贴";  // county office C-MZ

// A raw authenticated request from a node, for replays and crafted batches; signed with
// the node's key unless `sign` does otherwise.
sync::HttpResponse Raw(Hub& hub, Node& node, const std::string& target, const std::string& plain,
                       int schema_compress = 1, const std::string& declared_changes = "",
                       const std::function<void(sync::HttpRequest&)>& sign = {}) {
  auto t = sync::CurlTransport::Create({hub.url()});
  REQUIRE(t.ok());
  sync::HttpRequest req;
  req.target = target;
  req.headers["authorization"] = "Bearer " + node.Secret();
  req.headers["x-tongban-node"] = node.store().identity().code;
  req.headers["content-encoding"] = "zstd";
  if (!declared_changes.empty()) req.headers[std::string(sync::kChangesHeader)] = declared_changes;
  req.body = schema_compress ? sync::Compressor::Shipped().Compress(plain, 0) : plain;
  if (sign) sign(req);
  else node.Sign(req);
  auto r = (*t)->Send(req);
  REQUIRE(r.ok());
  return *r;
}

json Conflicts(Hub& hub) { return json::parse(hub.Admin("conflicts list", "--json")); }

// A station and its township center, both holding one case the station received.
struct StationAndCenter {
  Hub hub;
  Node station{hub, "QS-JX01"};
  Node township{hub, "QS-JX", "township", ""};
  std::string no = [this] {
    Synced(township);
    auto n = station.Receive(kElderly);
    Synced(station);
    Synced(township);
    return n;
  }();
};

}  // namespace

TEST_CASE("a station and its township center converge through the hub") {
  Hub hub;
  Node station(hub, "QS-JX01");
  Node township(hub, "QS-JX", "township", "");
  Synced(station);
  Synced(township);
  // The catalog arrived from the hub.
  REQUIRE(station.store().GetItem(kElderly).ok());

  std::vector<std::string> cases;
  for (int i = 0; i < 5; ++i) cases.push_back(station.Receive(kElderly));
  Synced(station);
  Synced(township);
  for (const auto& no : cases) REQUIRE(township.store().GetCase(no).ok());

  REQUIRE(township.store().Transition(township.proc, cases[0], "accept", "").ok());
  REQUIRE(township.store().Transition(township.proc, cases[0], "approve", "").ok());
  REQUIRE(township.store().Transition(township.proc, cases[0], "issue_result", "").ok());
  Synced(township);
  Synced(station);
  auto c = station.store().GetCase(cases[0]);
  REQUIRE(c.ok());
  CHECK(c->status == node::CaseStatus::kResultReady);
  CHECK(c->events.size() == 4);  // the whole timeline travelled
  // The station hands it out; the township sees the case closed.
  REQUIRE(station.store().Transition(station.clerk, cases[0], "deliver", "").ok());
  REQUIRE(station.store().Transition(station.clerk, cases[0], "close", "").ok());
  Synced(station);
  Synced(township);
  CHECK(township.store().GetCase(cases[0])->status == node::CaseStatus::kClosed);
  CHECK(station.Digest() == station.HubDigest());
  CHECK(township.Digest() == township.HubDigest());
}

TEST_CASE("three nodes: each pulls only its scope") {
  Hub hub;
  Node a(hub, "QS-JX01");
  Node b(hub, "QS-JX02");
  Node office(hub, "C-MZ", "county-office", "");
  Synced(a);
  Synced(b);
  Synced(office);
  const auto mz_case = a.Receive(kDisability);
  const auto township_case = ReceivedAt(a, b, kElderly);
  Synced(office);
  CHECK(office.store().GetCase(mz_case).ok());
  CHECK(office.store().GetCase(township_case).status().code() == ErrorCode::kNotFound);
  CHECK(b.store().GetCase(mz_case).status().code() == ErrorCode::kNotFound);
  CHECK(b.store().Search({})->empty());
  for (Node* n : {&a, &b, &office}) CHECK(n->Digest() == n->HubDigest());
}

TEST_CASE("edits to different fields of one case merge without a conflict") {
  StationAndCenter f;
  auto& [hub, station, township, no] = f;
  // Both edit while neither has synced: the window corrects the phone, the office accepts.
  REQUIRE(station.store().UpdatePhone(station.clerk, no, "13900001111").ok());
  REQUIRE(township.store().Transition(township.proc, no, "accept", "").ok());
  Synced(station);
  Synced(township);
  Synced(station);
  for (Node* n : {&station, &township}) {
    auto c = n->store().GetCase(no);
    CHECK(c->applicant_phone == "13900001111");
    CHECK(c->status == node::CaseStatus::kAccepted);
    CHECK(c->events.size() == 3);  // intake, phone, accept
  }
  CHECK(Conflicts(hub).empty());
}

TEST_CASE("same-field edits become a conflict, the resolution reaches every node") {
  StationAndCenter f;
  auto& [hub, station, township, no] = f;
  REQUIRE(station.store().UpdatePhone(station.clerk, no, "13900001111").ok());
  REQUIRE(township.store().UpdatePhone(township.proc, no, "13700002222").ok());
  Synced(station);
  Synced(township);
  Synced(station);
  auto list = Conflicts(hub);
  REQUIRE(list.size() == 1);
  CHECK(list[0]["column"] == "applicant_phone");
  CHECK(list[0]["label"] == no);
  CHECK(list[0]["local"]["node"] == "QS-JX");  // the later push met the hub's value
  CHECK(list[0]["hub"]["node"] == "QS-JX01");
  CHECK(list[0]["base_value"].is_null());  // the phone was empty when both edited it
  // Until an admin decides, both nodes hold the same provisional value.
  const auto provisional = list[0]["provisional"].get<std::string>();
  CHECK(station.store().GetCase(no)->applicant_phone == provisional);
  CHECK(township.store().GetCase(no)->applicant_phone == provisional);
  CHECK(station.Sync()->open_conflicts == 1);
  // Each node knows which field waits, so the case page marks it.
  for (Node* n : {&station, &township}) {
    const auto marked = n->store().GetCase(no)->conflicts;
    REQUIRE(marked.size() == 1);
    CHECK(marked[0].table == "cases");
    CHECK(marked[0].column == "applicant_phone");
    CHECK(marked[0].id == list[0]["id"].get<std::int64_t>());
  }

  const auto id = std::to_string(list[0]["id"].get<int>());
  hub.Admin("conflicts resolve", id + " --take hub --note 申请人电话核实为窗口登记的号码");
  Synced(station);
  Synced(township);
  CHECK(station.store().GetCase(no)->applicant_phone == "13900001111");
  CHECK(township.store().GetCase(no)->applicant_phone == "13900001111");
  CHECK(Conflicts(hub).empty());
  CHECK(station.Sync()->open_conflicts == 0);
  CHECK(station.store().GetCase(no)->conflicts.empty());
  CHECK(township.store().GetCase(no)->conflicts.empty());
  auto shown = json::parse(hub.Admin("conflicts show", id + " --json"));
  CHECK(shown["status"] == "resolved");
  CHECK(shown["resolution"]["take"] == "hub");
  // Times in the station's zone, as the nodes show them; the version stays for machines.
  CHECK(shown["resolution"]["at"].get<std::string>().substr(19) == "+08:00");
  CHECK(shown["local"]["at"].get<std::string>().substr(19) == "+08:00");
  CHECK(shown["local"]["version"].get<std::string>().find('#') != std::string::npos);

  // Both edit the resolved phone again: the inbox shows the value they both started from.
  REQUIRE(station.store().UpdatePhone(station.clerk, no, "13911112222").ok());
  REQUIRE(township.store().UpdatePhone(township.proc, no, "13922223333").ok());
  Synced(station);
  Synced(township);
  auto again = Conflicts(hub);
  REQUIRE(again.size() == 1);
  CHECK(again[0]["base_value"] == "13900001111");
}

TEST_CASE("statuses: a later stage merges, incompatible moves conflict") {
  Hub hub;
  Node station(hub, "QS-JX01");
  Node township(hub, "QS-JX", "township", "");
  Synced(township);
  const auto merged = station.Receive(kElderly);
  const auto clash = ReceivedAt(station, township, kElderly);
  // The office accepts and approves one case while the station withdraws the other
  // (received -> withdrawn) and the office accepts that one too: approved vs withdrawn.
  REQUIRE(township.store().Transition(township.proc, clash, "accept", "").ok());
  REQUIRE(township.store().Transition(township.proc, clash, "approve", "").ok());
  REQUIRE(station.store().Transition(station.clerk, clash, "withdraw", "申请人撤回").ok());
  REQUIRE(township.store().Transition(township.proc, merged, "accept", "").ok());
  Synced(township);
  Synced(station);
  Synced(township);
  auto list = Conflicts(hub);
  REQUIRE(list.size() == 1);
  CHECK(list[0]["label"] == clash);
  CHECK(list[0]["column"] == "status");
  INFO(list[0].dump());
  CHECK(station.store().GetCase(clash)->status == township.store().GetCase(clash)->status);
  CHECK(station.store().GetCase(merged)->status == node::CaseStatus::kAccepted);

  // An admin reads it in Chinese: the field and both statuses by name, no codes.
  const std::string id = std::to_string(list[0]["id"].get<int>());
  int exit_code = 0;
  const std::string zh_list = hub.Admin("conflicts list", "", &exit_code, "zh_CN.UTF-8");
  CHECK_THAT(zh_list, Catch::StartsWith("编号") && Catch::Contains("办件状态") &&
                          Catch::Contains("准予办结") && Catch::Contains("已撤回"));
  CHECK_THAT(zh_list, !Catch::Contains("approved") && !Catch::Contains("withdrawn"));
  CHECK_THAT(hub.Admin("conflicts show", id, &exit_code, "zh_CN.UTF-8"),
             Catch::Contains("裁决前各节点暂时采用"));
  const std::string refused =
      hub.Admin("conflicts resolve", id + " --take value --value closed --note 直接归档", &exit_code);
  CHECK(exit_code != 0);
  CHECK_THAT(refused, Catch::Contains("a node reached"));
  CHECK(Conflicts(hub).size() == 1);
  // ... the words the help shows are taken, and the resolution enters the case's
  // timeline on every node.
  hub.Admin("conflicts resolve", id + " --take 采用中心的值 --note 申请人已撤回，以窗口为准");
  const std::string zh_show = hub.Admin("conflicts show", id, &exit_code, "zh_CN.UTF-8");
  CHECK_THAT(zh_show, Catch::Contains("已裁决：采用中心的值") && !Catch::Contains("暂时采用"));
  for (Node* n : {&township, &station}) {
    Synced(*n);
    const auto c = n->store().GetCase(clash);
    REQUIRE(c.ok());
    const auto resolved = std::find_if(c->events.begin(), c->events.end(),
                                       [](const auto& e) { return e.action == "conflict_resolved"; });
    REQUIRE(resolved != c->events.end());
    CHECK(resolved->detail == "申请人已撤回，以窗口为准");
    CHECK(resolved->node == "hub");
    CHECK(resolved->to_status == list[0]["hub"]["value"].get<std::string>());
    CHECK(node::CaseStatusName(c->status) == resolved->to_status);
  }
  CHECK(station.Digest() == station.HubDigest());
  CHECK(township.Digest() == township.HubDigest());
}

TEST_CASE("statuses: completed on the spot against withdrawn converges on every node") {
  // The village completes a case on the spot while the township center withdraws it;
  // the center syncs first. The later stage (closed) wins with the village's older
  // version, so the hub must re-issue it under a version every node accepts.
  Hub hub;
  Node station(hub, "QS-JX01");
  Node township(hub, "QS-JX", "township", "");
  Synced(township);
  const auto no = station.Receive("城乡居民基本养老保险参保登记");
  Synced(station);
  Synced(township);
  REQUIRE(station.store().Transition(station.clerk, no, "complete_on_spot", "").ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  REQUIRE(township.store().Transition(township.proc, no, "withdraw", "申请人撤回").ok());
  Synced(township);
  Synced(station);
  Synced(township);
  Synced(station);
  const auto at_station = station.store().GetCase(no)->status;
  INFO(Conflicts(hub).dump());
  CHECK(at_station == township.store().GetCase(no)->status);
  CHECK((at_station == node::CaseStatus::kClosed || !Conflicts(hub).empty()));
  CHECK(station.Digest() == station.HubDigest());
  CHECK(township.Digest() == township.HubDigest());
}

TEST_CASE("a station whose clock runs a year ahead is corrected by the hub and never cut off") {
  constexpr std::int64_t kYear = 365LL * 86'400'000;
  const std::int64_t real = sync::SystemWallClock::Instance().NowMillis();
  auto close_to_now = [](std::int64_t ms) {
    const std::int64_t now = sync::SystemWallClock::Instance().NowMillis();
    return ms > now - 600'000 && ms < now + 600'000;
  };
  Hub hub;
  Node township(hub, "QS-JX", "township", "");
  FakeWallClock clock(real);
  Node station(hub, "QS-JX01", "station", "QS-JX", {}, clock);
  const std::string first = ReceivedAt(station, township, kElderly);
  REQUIRE(township.store().Transition(township.proc, first, "accept", "").ok());
  Synced(township);

  // The PC's clock jumps a year ahead (a flat battery); the clerk goes on working offline.
  clock.Advance(kYear);
  std::vector<std::string> cases{station.Receive(kElderly), station.Receive(kElderly)};
  auto r = station.Sync();
  INFO(r.status().message());
  REQUIRE(r.ok());
  // The hub's time corrects the clock and the queued changes take fresh stamps.
  CHECK(r->restamped == 6);  // two cases of three changes each
  CHECK(r->pushed == 6);
  CHECK_FALSE(r->held);
  // The township's acceptance arrived in the same round.
  CHECK(station.store().GetCase(first)->status == node::CaseStatus::kAccepted);
  auto status = station.sync().replica().GetStatus();
  REQUIRE(status->clock_offset_ms);
  CHECK(*status->clock_offset_ms > kYear - 600'000);
  const auto stamped = station.store().ReadChanges(0, 1000);
  REQUIRE(stamped.ok());
  for (const auto& c : *stamped) {
    INFO("change " << c.seq << " of " << c.table << " at " << sync::HybridClock::Format(c.hlc));
    CHECK(close_to_now(sync::HybridClock::Millis(c.hlc)));
  }

  // While the clock is still wrong, a case is numbered and dated by corrected time.
  const std::string today = node::FormatDate(node::LocalDate(real));
  const std::string later = station.Receive(kElderly);
  CHECK_THAT(later, Catch::Contains(today.substr(0, 4) + today.substr(5, 2) + today.substr(8, 2)));
  CHECK(close_to_now(station.store().GetCase(later)->received_at));
  r = station.Sync();
  REQUIRE(r.ok());
  CHECK(r->restamped == 0);
  CHECK(r->pushed == 3);
  cases.push_back(later);

  // Then the PC's clock is set right: no admin step, nothing lost, nothing re-stamped.
  clock.Set(sync::SystemWallClock::Instance().NowMillis());
  cases.push_back(station.Receive(kElderly));
  CHECK(close_to_now(station.store().GetCase(cases.back())->received_at));
  r = station.Sync();
  REQUIRE(r.ok());
  CHECK(r->pushed == 3);
  CHECK(r->restamped == 0);
  CHECK(r->duplicates == 0);
  CHECK(r->rejected == 0);
  CHECK_FALSE(sync::ClockDiffers(*station.sync().replica().GetStatus()->clock_offset_ms));

  // Every case reached the township, once.
  Synced(township);
  for (const auto& no : cases) {
    INFO(no);
    auto c = township.store().GetCase(no);
    REQUIRE(c.ok());
    CHECK(c->status == node::CaseStatus::kReceived);
  }
  CHECK(station.Digest() == station.HubDigest());
  CHECK(township.Digest() == township.HubDigest());
  auto nodes = json::parse(hub.Admin("station list", "--json"));
  for (const auto& n : nodes)
    if (n["code"] == "QS-JX01") {
      CHECK((!n.contains("held") || n["held"].is_null()));
      // The admin sees the time the station sees: Beijing time, not UTC.
      REQUIRE(n["last_seen"].is_string());
      const std::string seen = n["last_seen"];
      CHECK(seen.size() == 25);
      CHECK(seen.substr(19) == "+08:00");
      const std::string text = hub.Admin("station list", "");
      CHECK_THAT(text, Catch::Contains(seen.substr(0, 10) + " " + seen.substr(11, 5)));
    }
}

TEST_CASE("a change the hub holds does not stop the pull, and the station is told why in Chinese") {
  // Batches of 2: every batch is full, so the next one is prepared while this one is on
  // the way, and thrown away when the hub holds a change of this one.
  const int batch = GENERATE(2000, 2);
  INFO("push batch " << batch);
  Hub hub;
  Node township(hub, "QS-JX", "township", "");
  Node station(hub, "QS-JX01", "station", "QS-JX");
  station.Reconnect(hub.url(), 20, batch);
  const std::string first = ReceivedAt(station, township, kElderly);
  REQUIRE(township.store().Transition(township.proc, first, "accept", "").ok());
  Synced(township);

  // A timeline entry of a case the hub has never seen (a hub restored from an older
  // backup lost it): the hub holds it back as parent_missing.
  auto& db = station.store().database();
  const auto mine = station.store().ReadChanges(0, 1000);
  REQUIRE(mine.ok());
  const sync::Change* event = nullptr;
  for (const auto& c : *mine)
    if (c.table == "case_events") event = &c;
  REQUIRE(event);
  auto* st = *db.Prepare("SELECT tbl, actor, fields, hlc FROM change_log WHERE seq = ?1");
  st->Bind(1, event->seq);
  REQUIRE(*st->Step());
  auto fields = json::from_msgpack(st->Blob(2).begin(), st->Blob(2).end());
  const std::int64_t tbl = st->Int(0), actor = st->Int(1);
  const auto hlc = static_cast<sync::Hlc>(st->Int(3));
  st->Reset();
  const auto lost_case = sync::RowId::Generate(sync::SystemWallClock::Instance().NowMillis());
  const auto& spec = *node::SpecByName("case_events");
  for (std::size_t i = 0; i < fields.size(); i += 3)
    if (spec.columns[fields[i].get<std::size_t>()] == "case_uid")
      fields[i + 1] = json::binary(std::vector<std::uint8_t>(lost_case.View().begin(), lost_case.View().end()));
  const auto packed = json::to_msgpack(fields);
  auto* ins = *db.Prepare("INSERT INTO change_log (hlc, tbl, row_uid, op, actor, fields) VALUES "
                          "(?1, ?2, ?3, 0, ?4, ?5)");
  const auto row = sync::RowId::Generate(sync::SystemWallClock::Instance().NowMillis());
  ins->Bind(1, static_cast<std::int64_t>(hlc + 1)).Bind(2, tbl).BindBlob(3, row.View()).Bind(4, actor);
  ins->BindBlob(5, std::string_view(reinterpret_cast<const char*>(packed.data()), packed.size()));
  REQUIRE(ins->Run().ok());
  // The clerk goes on: a case that has nothing to do with the held change.
  const std::string independent = station.Receive(kElderly);

  auto r = station.Sync();
  INFO(r.status().message());
  REQUIRE(r.ok());  // held is told, not failed
  REQUIRE(r->held);
  CHECK(r->held->code == "parent_missing");
  CHECK(r->pushed == 3);  // the independent case went ahead of the held change
  auto state = station.sync().replica().State();
  CHECK(state->acked_seq == state->last_seq - 1);
  CHECK(r->held->seq == state->last_seq);
  Synced(township);
  CHECK(township.store().GetCase(independent).ok());
  // The pull still ran: the township's acceptance is here.
  CHECK(station.store().GetCase(first)->status == node::CaseStatus::kAccepted);
  auto status = station.sync().replica().GetStatus();
  REQUIRE(status->held);
  const auto since = status->held->since;
  CHECK(status->held->code == "parent_missing");

  // Next round: still held, same since; the CLI says so in Chinese by default.
  REQUIRE(station.Sync().ok());
  CHECK(station.sync().replica().GetStatus()->held->since == since);
  auto* path = *db.Prepare("PRAGMA database_list");
  REQUIRE(*path->Step());
  const std::string file = path->Text(2);
  path->Reset();
  auto run = [&](const std::string& env) {
    TempDir files;
    const CliRun r = RunCli(files, "sync status --db " + file, env);
    CHECK(r.code == 0);
    return r.out + r.err;
  };
  CHECK_THAT(run("LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8"), Catch::Contains("被中心暂缓") && Catch::Contains("所属办件尚未到达中心"));
  CHECK_THAT(run("LC_ALL= LC_MESSAGES= LANG=en_US.UTF-8"), Catch::Contains("is held at the hub") &&
                                          Catch::Contains("has not reached the hub yet"));
}

TEST_CASE("a station whose clock runs ten minutes behind syncs, and is told the offset") {
  Hub hub;
  FakeWallClock clock(sync::SystemWallClock::Instance().NowMillis() - 10 * 60'000);
  Node station(hub, "QS-JX01", "station", "QS-JX", {}, clock);
  station.Receive(kElderly);
  auto r = station.Sync();
  INFO(r.status().message());
  REQUIRE(r.ok());
  CHECK(r->pushed == 3);
  CHECK(r->restamped == 0);
  CHECK(station.Digest() == station.HubDigest());
  const auto offset = station.sync().client().clock_offset_ms();
  REQUIRE(offset);
  CHECK(*offset <= -10 * 60'000);
  CHECK(*offset > -11 * 60'000);
  CHECK_THAT(node::RenderClockOffset(*offset, node::Language::kEnglish), Catch::Contains("10 min behind"));
  const auto status = station.sync().replica().GetStatus();
  REQUIRE(status->clock_offset_ms);
  CHECK(sync::ClockDiffers(*status->clock_offset_ms));

  // `tongban sync status` says it in a line of its own.
  auto* st = *station.store().database().Prepare("PRAGMA database_list");
  REQUIRE(*st->Step());
  const std::string db = st->Text(2);
  st->Reset();
  TempDir files;
  const CliRun status_cli = RunCli(files, "sync status --db " + db, "LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8");
  CHECK(status_cli.code == 0);
  CHECK_THAT(status_cli.out + status_cli.err, Catch::Contains("本站电脑时钟比中心慢 10 分钟"));
}

TEST_CASE("a replayed push changes nothing") {
  Hub hub;
  Node station(hub, "QS-JX01");
  station.Receive(kElderly);
  const auto acked = station.sync().replica().State()->acked_seq;
  auto changes = station.store().ReadChanges(acked, 1000);
  REQUIRE(changes.ok());
  REQUIRE(changes->size() == 3);  // case, materials, timeline event
  const std::string body = sync::EncodePushRequest(
      {node::kReplicationSchemaVersion, "QS-JX01", acked, *changes});
  auto first = sync::DecodePushReply(*sync::Compressor::Shipped().Decompress(
      Raw(hub, station, "/v1/push", body).body, 1 << 20));
  REQUIRE(first.ok());
  CHECK(first->applied == static_cast<int>(changes->size()));
  const auto status_before = json::parse(hub.Admin("status", "--json"));
  auto again = sync::DecodePushReply(*sync::Compressor::Shipped().Decompress(
      Raw(hub, station, "/v1/push", body).body, 1 << 20));
  REQUIRE(again.ok());
  CHECK(again->applied == 0);
  CHECK(again->duplicates == static_cast<int>(changes->size()));
  CHECK(again->acked_seq == first->acked_seq);
  const auto status_after = json::parse(hub.Admin("status", "--json"));
  CHECK(status_after["log_seq"] == status_before["log_seq"]);
  CHECK(status_after["records"] == status_before["records"]);
  // The node itself now learns the acknowledgement and sends nothing twice.
  auto s = station.Sync();
  REQUIRE(s.ok());
  CHECK(s->pushed == 0);
  CHECK(station.Digest() == station.HubDigest());
}

TEST_CASE("credentials: wrong secret, revoked node, used enrollment code") {
  Hub hub;
  Node station(hub, "QS-JX01");
  Synced(station);
  REQUIRE(station.store().SetMeta("node_secret", "not-the-secret").ok());
  station.Reconnect(hub.url());
  auto r = station.Sync();
  CHECK(r.status().code() == ErrorCode::kPermissionDenied);
  CHECK_THAT(r.status().message(), Catch::Contains("secret is wrong"));

  Node other(hub, "QS-JX02");
  Synced(other);
  hub.Admin("station revoke", "--code QS-JX02");
  const auto records = [&] { return json::parse(hub.Admin("status", "--json"))["records"].get<int>(); };
  // Revoked: the node still sends what it holds, then hears it must erase its data.
  const int before = records();
  other.Receive(kElderly);
  r = other.Sync();
  CHECK(node::IsWipeOrder(r.status()));
  CHECK_THAT(r.status().message(), Catch::Contains("erases its data"));
  CHECK(records() == before + 3);
  // Told again at every contact, so an order lost on the way is not lost for good; and
  // nothing more is taken from it.
  other.Receive(kElderly);
  CHECK(node::IsWipeOrder(other.Sync().status()));
  CHECK(records() == before + 3);

  // A lost laptop revoked at once: nothing it sends is taken.
  Node lost(hub, "QS-JX04");
  Synced(lost);
  hub.Admin("station revoke", "--code QS-JX04 --now");
  const int at_revoke = records();
  lost.Receive(kElderly);
  CHECK(node::IsWipeOrder(lost.Sync().status()));
  CHECK(records() == at_revoke);

  const auto code = hub.AddNode("QS-JX03", "station", "QS-JX");
  REQUIRE(node::EnrollWithHub({hub.url()}, "QS-JX03", code).ok());
  auto twice = node::EnrollWithHub({hub.url()}, "QS-JX03", code);
  CHECK(twice.status().code() == ErrorCode::kPermissionDenied);
}

TEST_CASE("a node's pushes are signed: its secret alone, or another key, is refused") {
  Hub hub;
  Node station(hub, "QS-JX01");
  station.Receive(kElderly);
  const auto acked = station.sync().replica().State()->acked_seq;
  auto changes = station.store().ReadChanges(acked, 1000);
  REQUIRE(changes.ok());
  const std::string body =
      sync::EncodePushRequest({node::kReplicationSchemaVersion, "QS-JX01", acked, *changes});
  const auto push = [&](const std::function<void(sync::HttpRequest&)>& sign) {
    return Raw(hub, station, "/v1/push", body, 1, "", sign);
  };
  const auto records_before = json::parse(hub.Admin("status", "--json"))["records"];
  // The secret is what the hub keeps a hash of; it is not enough once the node has a key.
  const auto bare = push([](sync::HttpRequest&) {});
  CHECK(bare.status == 403);
  CHECK_THAT(bare.body, Catch::Contains("not signed"));
  const auto other = push([](sync::HttpRequest& r) {
    auto k = sync::Sm2Key::Generate();
    REQUIRE(sync::SignRequest(r, *k).ok());
  });
  CHECK(other.status == 403);
  CHECK_THAT(other.body, Catch::Contains("not signed with node QS-JX01's key"));
  CHECK(json::parse(hub.Admin("status", "--json"))["records"] == records_before);
  const auto own = push([&](sync::HttpRequest& r) { station.Sign(r); });
  CHECK(own.status == 200);
  Synced(station);
  CHECK(station.Digest() == station.HubDigest());
}

TEST_CASE("a node enrolled before key pairs hands in its key at its next round, once") {
  Hub hub;
  // Enrolled as a node one version behind does: no public key in the request.
  const std::string code = hub.AddNode("QS-JX05", "station", "QS-JX");
  auto t = sync::CurlTransport::Create({hub.url()});
  REQUIRE(t.ok());
  sync::HttpRequest enroll{"POST", "/v1/enroll", {{"content-type", "application/json"}},
                           json{{"node", "QS-JX05"}, {"code", code}}.dump(), "", ""};
  // A hub made by this release serves only nodes with key pairs: refused, code kept.
  CHECK_THAT(hub.Admin("station require-keys"), Catch::Contains("only nodes with key pairs"));
  auto keyless = (*t)->Send(enroll);
  REQUIRE(keyless.ok());
  CHECK(keyless->status == 403);
  CHECK_THAT(keyless->body, Catch::Contains("no key pair") && Catch::Contains("update its software"));
  // A hub upgraded with such nodes serves them (its upgrade leaves the rule off).
  hub.Admin("station require-keys", "off");
  auto answer = (*t)->Send(enroll);
  REQUIRE(answer.ok());
  REQUIRE(answer->status == 200);
  const auto reply = json::parse(answer->body);
  // While it has no key, the rule cannot be turned on: it would be cut off.
  int exit_code = 0;
  const std::string cut_off = hub.Admin("station require-keys", "on", &exit_code);
  CHECK(exit_code != 0);
  CHECK_THAT(cut_off, Catch::Contains("QS-JX05") && Catch::Contains("would be cut off"));
  CHECK(reply["public_key"] == false);
  TempDir dir;
  auto store = node::NodeStore::Create(dir.File("old.db"), {"QS-JX05", "old", node::NodeKind::kStation, "QS-JX"},
                                       "admin", "admin-password", sync::SystemWallClock::Instance());
  REQUIRE(store.ok());
  REQUIRE(node::SaveHubLink(**store, {hub.url()}, reply["secret"].get<std::string>()).ok());
  CHECK((*store)->Meta("node_signing_key")->empty());

  // Unsigned requests pass while the hub holds no key.
  auto sync = node::NodeSync::Open(**store);
  REQUIRE(sync.ok());
  auto round = (*sync)->RunRound();
  INFO(round.status().message());
  REQUIRE(round.ok());
  CHECK(*(*store)->Meta("node_key_at_hub") == "1");
  auto key = node::NodeSigningKey(**store);
  REQUIRE(key.ok());
  // From now on the hub asks for its signature: a bare request with the secret is refused.
  sync::HttpRequest bare = sync::NodeRequest("POST", "/v1/audit", "QS-JX05", reply["secret"]);
  bare.body = R"({"entries":[]})";
  CHECK((*t)->Send(bare)->status == 403);
  REQUIRE(sync::SignRequest(bare, *key).ok());
  CHECK((*t)->Send(bare)->status == 200);
  // The same key again is fine; another one comes only with a new enrollment.
  sync::HttpRequest again = sync::NodeRequest("POST", "/v1/node-key", "QS-JX05", reply["secret"]);
  again.body = json{{"public_key", sync::ToBase64(key->PublicDer())}}.dump();
  CHECK((*t)->Send(again)->status == 200);
  again.body = json{{"public_key", sync::ToBase64(sync::Sm2Key::Generate()->PublicDer())}}.dump();
  const auto refused = (*t)->Send(again);
  CHECK(refused->status == 409);
  CHECK_THAT(refused->body, Catch::Contains("enroll it again"));
  auto next = (*sync)->RunRound();
  INFO(next.status().message());
  CHECK(next.ok());
  // Every node has its key now: the rule goes on, and a bare request stays refused.
  hub.Admin("station require-keys", "on");
  CHECK_THAT(hub.Admin("station require-keys"), Catch::Contains("only nodes with key pairs"));
  CHECK((*sync)->RunRound().ok());
}

namespace {

// A station's transport that signs each head as the station does, and gives the streamed
// body's writer `body_signer` to sign frames with (none: a station of the release before
// signed streams).
class HeadSignedOnly final : public sync::Transport {
 public:
  HeadSignedOnly(Node& node, const sync::StreamSigner* body_signer)
      : node_(node), body_signer_(body_signer) {}
  Result<sync::HttpResponse> Send(const sync::HttpRequest& request) override {
    sync::HttpRequest r = request;
    node_.Sign(r);
    return node_.sync().transport().Send(r);
  }
  bool streams() const override { return true; }
  Result<sync::HttpResponse> SendStreamed(const sync::HttpRequest& head, sync::BodyStream& body) override {
    sync::HttpRequest r = head;
    r.body.clear();
    node_.Sign(r);
    return node_.sync().transport().SendStreamed(r, body);
  }
  const sync::StreamSigner* signer() const override { return body_signer_; }

 private:
  Node& node_;
  const sync::StreamSigner* body_signer_;
};

// Signs the first `honest` frames with `key`, the rest with `forger`.
class TurningSigner final : public sync::StreamSigner {
 public:
  TurningSigner(const sync::Sm2Key& key, const sync::Sm2Key& forger, int honest)
      : key_(key), forger_(forger), honest_(honest) {}
  Result<std::string> Sign(std::string_view text) const override {
    return signed_++ < honest_ ? key_.Sign(text) : forger_.Sign(text);
  }

 private:
  const sync::Sm2Key& key_;
  const sync::Sm2Key& forger_;
  int honest_;
  mutable int signed_ = 0;
};

// Changes the hub holds from `node`.
std::int64_t HubChangesFrom(Hub& hub, const std::string& node) {
  auto db = sync::Database::Open(hub.process().data() + "/hub.db", {.create = false});
  REQUIRE(db.ok());
  auto st = (*db)->Prepare("SELECT COUNT(*) FROM hub_log WHERE origin = ?1");
  REQUIRE(st.ok());
  (*st)->Bind(1, node);
  REQUIRE(*(*st)->Step());
  return (*st)->Int(0);
}

}  // namespace

TEST_CASE("a streamed push is signed frame by frame: a forged frame and all after it are refused") {
  Hub hub;
  Node station(hub, "QS-JX01");
  for (int i = 0; i < 40; ++i) station.Receive(kElderly, "村民" + std::to_string(i));
  const auto state = *station.sync().replica().State();
  REQUIRE(state.last_seq - state.acked_seq > 100);
  REQUIRE(HubChangesFrom(hub, "QS-JX01") == state.acked_seq);
  // Frames of exactly 10 changes (the batch size caps a frame), however small the push.
  sync::SyncOptions options{"QS-JX01", station.Secret(), node::kReplicationSchemaVersion, 10, 2000};
  options.stream_min_changes = 1;
  auto key = node::NodeSigningKey(station.store());
  REQUIRE(key.ok());
  auto other = sync::Sm2Key::Generate();
  REQUIRE(other.ok());

  // Three frames signed by the station, then one by another key, under a head the station
  // signed: the three are committed, the fourth and everything after it are not.
  TurningSigner turning(*key, *other, 3);
  HeadSignedOnly forged(station, &turning);
  sync::SyncClient forger(forged, station.sync().replica(), sync::Compressor::Shipped(), options);
  sync::SyncSummary first;
  const Status refused = forger.Push(first, {});
  CHECK(refused.code() == ErrorCode::kPermissionDenied);
  CHECK(refused.key() == sync::kStreamBadSignature.key);
  CHECK(refused.args() == std::vector<std::string>{"4", "QS-JX01"});
  CHECK(HubChangesFrom(hub, "QS-JX01") == state.acked_seq + 30);
  CHECK(station.sync().replica().State()->acked_seq == state.acked_seq + 30);

  // Every frame signed by the station's key: the rest is taken, a dozen frames.
  sync::SigningTransport signing(station.sync().transport(), *key);
  sync::SyncClient own(signing, station.sync().replica(), sync::Compressor::Shipped(), options);
  sync::SyncSummary streamed;
  const Status taken = own.Push(streamed, {});
  INFO(taken.message());
  REQUIRE(taken.ok());
  CHECK(streamed.pushed == state.last_seq - state.acked_seq - 30);
  CHECK(HubChangesFrom(hub, "QS-JX01") == state.last_seq);

  // A station whose stream is unsigned (it predates signed streams) is not cut off: the hub
  // sends it to whole batches, each signed whole.
  for (int i = 0; i < 3; ++i) station.Receive(kElderly, "村民甲" + std::to_string(i));
  HeadSignedOnly old(station, nullptr);
  sync::SyncClient old_client(old, station.sync().replica(), sync::Compressor::Shipped(), options);
  sync::SyncSummary pushed;
  const Status batches = old_client.Push(pushed, {});
  INFO(batches.message());
  REQUIRE(batches.ok());
  CHECK(HubLogged(hub, "push_stream_unsigned", {{"node", "QS-JX01"}}));
  Synced(station);
  CHECK(station.Digest() == station.HubDigest());
  auto t = sync::CurlTransport::Create({hub.url()});
  REQUIRE(t.ok());
  auto metrics = (*t)->Send(sync::HttpRequest{
      "GET", "/metrics", {{"authorization", "Bearer " + hub.AdminToken()}}, "", ""});
  REQUIRE(metrics.ok());
  CHECK_THAT(metrics->body, Catch::Contains(R"(route="/v1/push-stream",status="200"} 1)") &&
                                Catch::Contains(R"(route="/v1/push-stream",status="403"} 1)") &&
                                Catch::Contains(R"(route="/v1/push-stream",status="503"} 1)"));
}

TEST_CASE("a push outside the node's scope is refused and nothing of it applied") {
  Hub hub;
  Node a(hub, "QS-JX01");
  Node b(hub, "QS-JX02");
  const auto no = ReceivedAt(a, b, kElderly);
  auto kase = a.store().GetCase(no);
  // B forges an edit of A's case, and a catalog change.
  sync::Change forged;
  auto state = b.sync().replica().State();
  forged.seq = state->acked_seq + 1;
  forged.hlc = sync::HybridClock::Make(sync::SystemWallClock::Instance().NowMillis(), 0);
  forged.table = "cases";
  forged.row = kase->uid;
  forged.node = "QS-JX02";
  forged.user = "clerk";
  forged.fields = {{"applicant_phone", "13000000000", 0}};
  auto reply = sync::DecodePushReply(*sync::Compressor::Shipped().Decompress(
      Raw(hub, b, "/v1/push",
          sync::EncodePushRequest({node::kReplicationSchemaVersion, "QS-JX02", state->acked_seq,
                                   {forged}}))
          .body,
      1 << 20));
  REQUIRE(reply.ok());
  REQUIRE(reply->rejected.size() == 1);
  CHECK_THAT(reply->rejected[0].reason, Catch::Contains("outside the scope"));
  CHECK(reply->applied == 0);
  Synced(a);
  CHECK(a.store().GetCase(no)->applicant_phone.empty());
  CHECK(a.Digest() == a.HubDigest());
  // The refusal is in the hub's log for the admin.
  CHECK(HubLogged(hub, "rejected", {{"node", "QS-JX02"}}));
}

TEST_CASE("a different replication schema is refused with a clear message on both sides") {
  Hub hub;
  Node station(hub, "QS-JX01");
  const auto body = sync::EncodePushRequest({99, "QS-JX01", 0, {}});
  auto r = Raw(hub, station, "/v1/push", body);
  CHECK(r.status == 409);
  CHECK_THAT(r.body, Catch::Contains("schema mismatch"));
  auto secret = station.Secret();
  sync::SyncClient client(station.sync().transport(), station.sync().replica(),
                          sync::Compressor::Shipped(), {"QS-JX01", secret, 99, 100, 100});
  auto s = client.RunOnce();
  CHECK(s.status().code() == ErrorCode::kFailedPrecondition);
  // A node newer than the hub: the hub names the versions it serves, the node says who upgrades.
  CHECK_THAT(s.status().message(), Catch::Contains("serves replication schemas 2 to 3") &&
                                       Catch::Contains("upgrades the hub first"));
}

TEST_CASE("malformed, truncated and oversized bodies get 4xx, the hub keeps serving") {
  Hub hub;
  Node station(hub, "QS-JX01");
  station.Receive(kElderly);
  auto changes = station.store().ReadChanges(0, 1000);
  const std::string good = sync::EncodePushRequest({node::kReplicationSchemaVersion, "QS-JX01", 0, *changes});
  const std::string frame = sync::Compressor::Shipped().Compress(good, 0);

  CHECK(Raw(hub, station, "/v1/push", "garbage, not zstd", 0).status == 400);
  CHECK(Raw(hub, station, "/v1/push", frame.substr(0, frame.size() / 2), 0).status == 400);
  CHECK(Raw(hub, station, "/v1/push", std::string("\x93\x01\x02", 3)).status == 400);  // not a map
  // A frame that claims to expand past the limit is refused before any work.
  const std::string bomb = sync::Compressor::Shipped().Compress(std::string(200u << 20, 'a'), 0);
  auto big = Raw(hub, station, "/v1/push", bomb, 0);
  CHECK(big.status == 400);
  CHECK_THAT(big.body, Catch::Contains("over the limit"));
  // A body past the server's size limit.
  CHECK(Raw(hub, station, "/v1/push", std::string(40u << 20, 'x'), 0).status == 413);
  // Nothing of it was applied, and a real sync still works.
  Synced(station);
  CHECK(station.Digest() == station.HubDigest());
}

// The hub process's resident memory in MiB.
double HubRssMiB(Hub& hub) {
  std::ifstream status("/proc/" + std::to_string(hub.process().pid()) + "/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  return 0;
}

TEST_CASE("a push over the batch limit is refused from its header, and the hub's memory comes back") {
  Hub hub;
  Node station(hub, "QS-JX01");
  station.Receive(kElderly);
  Synced(station);
  const double baseline = HubRssMiB(hub);
  REQUIRE(baseline > 0);
  // One change more than a batch may hold, as a rogue or broken node would send it.
  const auto one = station.store().ReadChanges(0, 1);
  REQUIRE(one.ok());
  REQUIRE_FALSE(one->empty());
  const std::int64_t acked = station.sync().replica().State()->acked_seq;
  sync::PushRequest huge{node::kReplicationSchemaVersion, "QS-JX01", acked, {}};
  for (std::size_t i = 0; i <= sync::kMaxChangesPerBatch; ++i) {
    sync::Change c = one->front();
    c.seq = acked + 1 + static_cast<std::int64_t>(i);
    huge.changes.push_back(std::move(c));
  }
  const std::string body = sync::EncodePushRequest(huge);

  // Said in the header: refused before the body is read.
  auto declared = Raw(hub, station, "/v1/push", body, 1, std::to_string(huge.changes.size()));
  CHECK(declared.status == 413);
  CHECK_THAT(declared.body, Catch::Contains("at most 50000 changes"));
  // Not said (a node of an older version): refused when decoded.
  CHECK(Raw(hub, station, "/v1/push", body).status == 400);
  // Said wrong: the body must hold what the header declared.
  const std::string two = sync::EncodePushRequest({node::kReplicationSchemaVersion, "QS-JX01", acked,
                                                   {huge.changes[0], huge.changes[1]}});
  auto lied = Raw(hub, station, "/v1/push", two, 1, "1");
  CHECK(lied.status == 400);
  CHECK_THAT(lied.body, Catch::Contains("different number of changes"));
  CHECK(Raw(hub, station, "/v1/push", two, 1, "many").status == 400);

  // Decoding the undeclared batch took memory; the hub gave it back.
  const double after = HubRssMiB(hub);
  INFO("hub RSS " << baseline << " MiB before, " << after << " MiB after");
  CHECK(after < baseline + 32);
  // Nothing of it was applied, and a real sync still works.
  station.Receive(kElderly);
  Synced(station);
  CHECK(station.Digest() == station.HubDigest());
}

TEST_CASE("the hub refuses unknown fields, bad codes, far-future clocks and bad resolutions") {
  Hub hub;
  Node station(hub, "QS-JX01");
  Node township(hub, "QS-JX", "township", "");
  const auto no = ReceivedAt(station, township, kElderly);
  auto kase = station.store().GetCase(no);
  // A third node sends what no Tongban node would write; the checks come before scope.
  Node rogue(hub, "QS-JX09");
  auto state = rogue.sync().replica().State();
  auto forge = [&](std::int64_t seq, const std::string& column, json value, sync::Hlc hlc) {
    sync::Change c;
    c.seq = seq;
    c.hlc = hlc;
    c.table = "cases";
    c.row = kase->uid;
    c.node = "QS-JX09";
    c.user = "clerk";
    c.fields = {{column, std::move(value), 0}};
    return c;
  };
  const auto now = sync::HybridClock::Make(sync::SystemWallClock::Instance().NowMillis(), 0);
  const auto far = sync::HybridClock::Make(sync::SystemWallClock::Instance().NowMillis() + 400LL * 86'400'000, 0);
  const std::int64_t s0 = state->acked_seq;
  auto reply = sync::DecodePushReply(*sync::Compressor::Shipped().Decompress(
      Raw(hub, rogue, "/v1/push",
          sync::EncodePushRequest({node::kReplicationSchemaVersion, "QS-JX09", s0,
                                   {forge(s0 + 1, "zzz", "x", now), forge(s0 + 2, "status", "banana", now),
                                    forge(s0 + 3, "applicant_phone", "13000000000", far)}}))
          .body,
      1 << 20));
  REQUIRE(reply.ok());
  // Bad fields are refused for good; a clock far ahead is held back, unacknowledged.
  REQUIRE(reply->rejected.size() == 2);
  CHECK(reply->rejected[0].code == "invalid_field");
  CHECK(reply->rejected[0].args == std::vector<std::string>{"cases", "zzz"});
  CHECK_THAT(reply->rejected[0].reason, Catch::Contains("unknown column"));
  CHECK(reply->rejected[1].code == "invalid_field");
  CHECK_THAT(reply->rejected[1].reason, Catch::Contains("must be a case status"));
  CHECK(reply->acked_seq == s0 + 2);
  REQUIRE(reply->held);
  CHECK(reply->held->seq == s0 + 3);
  CHECK(reply->held->code == "clock_ahead");
  CHECK_THAT(reply->held->reason, Catch::Contains("more than a day ahead"));
  CHECK(reply->hub_ms > 0);
  Synced(station);  // nothing unreadable reached the station
  CHECK(station.store().GetCase(no)->applicant_phone.empty());

  // A resolution must hold a value the field can take.
  REQUIRE(station.store().Transition(station.clerk, no, "withdraw", "申请人撤回").ok());
  REQUIRE(township.store().Transition(township.proc, no, "accept", "").ok());
  Synced(township);
  Synced(station);
  auto list = Conflicts(hub);
  REQUIRE(list.size() == 1);
  const auto id = std::to_string(list[0]["id"].get<int>());
  int code = 0;
  const auto out = hub.Admin("conflicts resolve", id + " --take value --value banana --note x", &code);
  CHECK(code == 3);
  CHECK_THAT(out, Catch::Contains("must be a case status"));
  CHECK(Conflicts(hub).size() == 1);  // still open
}

TEST_CASE("a node restored from a backup is stopped before it loses new work") {
  Hub hub;
  Node station(hub, "QS-JX01");
  const auto backup = station.store().database().path() + ".bak";
  REQUIRE(station.store().database().Exec("VACUUM INTO '" + backup + "'").ok());
  station.Receive(kElderly);
  Synced(station);
  // The clerk's disk dies; yesterday's backup comes back and work goes on.
  auto restored = node::NodeStore::Open(backup);
  REQUIRE(restored.ok());
  auto clerk = (*restored)->Login("clerk", "clerk-password");
  node::IntakeRequest r;
  r.item_code = kElderly;
  r.applicant_name = "王五";
  r.applicant_id = "440524188001010014";
  REQUIRE((*restored)->Intake(*clerk, r).ok());
  auto sync = node::NodeSync::Open(**restored);
  REQUIRE(sync.ok());
  auto s = (*sync)->client().RunOnce();
  CHECK(s.status().code() == ErrorCode::kFailedPrecondition);
  CHECK_THAT(s.status().message(), Catch::Contains("restored from a backup"));
  CHECK((*sync)->replica().State()->acked_seq < (*sync)->replica().State()->last_seq);  // kept
}

TEST_CASE("a case handed on leaves the old office and arrives whole at the new one") {
  Hub hub;
  Node station(hub, "QS-JX01");
  Node township(hub, "QS-JX", "township", "");
  Node county(hub, "C-MZ", "county-office", "");
  const auto no = ReceivedAt(station, township, kElderly);
  REQUIRE(township.store().Transition(township.proc, no, "accept", "").ok());
  auto moved = township.store().Reroute(township.proc, no, "C-MZ", "需县民政局审核");
  REQUIRE(moved.ok());
  CHECK(township.store().Transition(township.proc, no, "approve", "").status().code() ==
        ErrorCode::kPermissionDenied);
  Synced(township);
  Synced(county);
  Synced(station);
  Synced(township);
  auto at_county = county.store().GetCase(no);
  REQUIRE(at_county.ok());
  CHECK(at_county->status == node::CaseStatus::kAccepted);
  for (const auto& e : at_county->events) UNSCOPED_INFO(e.action);
  CHECK(at_county->events.size() == 3);  // intake, accept, reroute: the whole timeline
  CHECK(township.store().GetCase(no).status().code() == ErrorCode::kNotFound);  // purged
  CHECK(station.store().GetCase(no)->processing_office == "C-MZ");
  REQUIRE(county.store().Transition(county.proc, no, "approve", "").ok());
  Synced(county);
  Synced(station);
  CHECK(station.store().GetCase(no)->status == node::CaseStatus::kApproved);
  for (Node* n : {&station, &township, &county}) CHECK(n->Digest() == n->HubDigest());
}

TEST_CASE("delete against edit: a conflict, and nothing is lost") {
  Hub hub;
  Node station(hub, "QS-JX01");
  auto admin = station.store().Login("admin", "admin-password");
  REQUIRE(station.store().AddStaff(*admin, "temp", "临时工", node::Role::kClerk, "temp-password").ok());
  Synced(station);
  // The removal is pushed as a tombstone and the hub deletes the account.
  REQUIRE(station.store().RemoveStaff(*admin, "temp").ok());
  Synced(station);
  CHECK(station.Digest() == station.HubDigest());
  CHECK(Conflicts(hub).empty());

  // A node that deletes without having seen a later edit: its tombstone carries an older base.
  auto uid = [&](const std::string& login) {
    auto st = station.store().database().Prepare("SELECT uid FROM staff WHERE login = ?1");
    (*st)->Bind(1, login);
    REQUIRE(*(*st)->Step());
    auto id = sync::RowId::FromBytes((*st)->Blob(0).data());
    (*st)->Reset();
    return id;
  };
  const auto clerk_row = uid("clerk");
  auto state = station.sync().replica().State();
  sync::Change tomb;
  tomb.seq = state->acked_seq + 1;
  tomb.hlc = sync::HybridClock::Make(sync::SystemWallClock::Instance().NowMillis(), 0);
  tomb.table = "staff";
  tomb.row = clerk_row;
  tomb.op = sync::ChangeOp::kDelete;
  tomb.node = "QS-JX01";
  tomb.user = "admin";
  tomb.fields = {{"*", nullptr, 1}};  // base older than the account's insert
  auto reply = sync::DecodePushReply(*sync::Compressor::Shipped().Decompress(
      Raw(hub, station, "/v1/push",
          sync::EncodePushRequest({node::kReplicationSchemaVersion, "QS-JX01", state->acked_seq, {tomb}}))
          .body,
      1 << 20));
  REQUIRE(reply.ok());
  CHECK(reply->conflicts == 1);
  auto list = Conflicts(hub);
  REQUIRE(list.size() == 1);
  CHECK(list[0]["column"] == "*");
  CHECK(list[0]["provisional"] == "kept");
}

TEST_CASE("a second sync of one station file says plainly that one is running, and sends nothing") {
  Hub hub;
  Node station(hub, "QS-JX01");
  station.Receive(kElderly);
  // The desk's round holds the station's sync lock (another process, as far as this one knows).
  const std::string lock = station.store().database().path() + ".sync-lock";
  const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  REQUIRE(fd >= 0);
  REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);
  const auto before = station.sync().replica().State()->acked_seq;
  auto busy = station.sync().RunRound();
  CHECK(busy.status().code() == ErrorCode::kBusy);
  CHECK_THAT(busy.status().message(), Catch::Contains("another sync of this station is running"));
  CHECK(ExitCodeFor(busy.status()) == 7);
  CHECK(station.sync().replica().State()->acked_seq == before);  // nothing went
  ::close(fd);  // that round ended
  auto r = station.sync().RunRound();
  INFO(r.status().message());
  REQUIRE(r.ok());
  CHECK(station.sync().replica().State()->acked_seq > before);

  // A lock held only for a moment (a process this one forked, before it execs) is waited for.
  const int brief = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  REQUIRE(::flock(brief, LOCK_EX | LOCK_NB) == 0);
  std::thread release([brief] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    ::close(brief);
  });
  station.Receive(kElderly);
  auto waited = station.sync().RunRound();
  release.join();
  INFO(waited.status().message());
  CHECK(waited.ok());
}
