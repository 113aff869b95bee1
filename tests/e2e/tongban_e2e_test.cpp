// 通办 end to end with a real hub process and real node databases: a case received at a
// station, processed by the office that owns the item, handed out and rated; deadlines
// across the 2026 holidays with a pause; a calendar published by the hub; escalation of
// an overdue case; the green channel at the head of the queue; a field laptop's visit
// plan round trip by USB bundle.
//
// The county's date is set in 2026 by hand (CountyClock: the hub follows it too);
// expected due dates below are counted by hand from the State Council's 2026 calendar.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "e2e_support.h"
#include "tongban/node/store/node_bundle.h"
#include "tongban/node/store/station_keys.h"
#include "tongban/sync/sqlite.h"
#include "tongban/sync/curl_transport.h"

using namespace tongban;
using namespace tongban::test;
using nlohmann::json;

namespace {

constexpr const char* kElderly = "高龄津贴申领";  // 5 workdays, township center
constexpr const char* kDisability = "困难残疾人生活补贴和重度残疾人护理补贴";  // 10 workdays, county office C-MZ
constexpr const char* kDibao = "最低生活保障审核确认";  // township center, offered at the door

node::Millis At(const char* text) { return *node::ParseLocalDateTime(text); }

std::string DueDate(const node::CaseRecord& c) { return node::FormatDate(node::LocalDate(c.due_at - 1)); }

node::CaseRecord Case(Node& n, const std::string& no) {
  auto c = n.store().GetCase(no);
  INFO(c.status().message());
  REQUIRE(c.ok());
  return *c;
}

node::CaseRecord Move(Node& n, const node::Session& who, const std::string& no, const char* action,
                      const std::string& reason = "", const std::string& delivery = "window") {
  auto c = n.store().Transition(who, no, action, reason, delivery);
  INFO(action << ": " << c.status().message());
  REQUIRE(c.ok());
  return *c;
}

bool HasEvent(const node::CaseRecord& c, const std::string& action) {
  return std::any_of(c.events.begin(), c.events.end(),
                     [&](const node::CaseEvent& e) { return e.action == action; });
}

}  // namespace

TEST_CASE("通办 round trip: station receives, county office processes, station hands out, rating comes back") {
  CountyClock clock(At("2026-02-12 09:30"));
  Hub hub(false, &clock);
  Node station(hub, "QS-JX01", "station", "QS-JX", {}, clock);
  Node office(hub, "C-MZ", "county-office", "", {}, clock);

  const std::string no = station.Receive(kDisability);
  CHECK(Case(station, no).processing_office == "C-MZ");
  Synced(station);
  Synced(office);
  REQUIRE(office.store().GetCase(no).ok());  // routed to the office that owns the item

  // Back-office moves only at the processing office, and only by a processor.
  CHECK(station.store().Transition(station.proc, no, "accept", "").status().code() ==
        ErrorCode::kPermissionDenied);
  CHECK_FALSE(office.store().Transition(office.clerk, no, "accept", "").ok());
  // Window steps only at the receiving station.
  CHECK(office.store().Transition(office.clerk, no, "supply", "").status().code() ==
        ErrorCode::kPermissionDenied);

  // The office asks for a supplement before accepting; the station sees what is asked.
  clock.Set(At("2026-02-13 09:00"));
  Move(office, office.proc, no, "request_supplement", "残疾人证复印件不清晰，请补交");
  Synced(office);
  Synced(station);
  auto asked = Case(station, no);
  CHECK(asked.status == node::CaseStatus::kSupplementRequested);
  CHECK(asked.events.back().detail == "残疾人证复印件不清晰，请补交");

  // After the Spring Festival the applicant brings it; the office accepts and approves.
  clock.Set(At("2026-02-24 09:00"));
  Move(station, station.clerk, no, "supply", "补交清晰复印件");
  Synced(station);
  Synced(office);
  clock.Set(At("2026-02-24 14:00"));
  auto accepted = Move(office, office.proc, no, "accept");
  // 10 working days from Tue 24 Feb: 25, 26, 27, Sat 28 (make-up day), 2, 3, 4, 5, 6, 9 Mar.
  CHECK(DueDate(accepted) == "2026-03-09");
  clock.Set(At("2026-02-25 10:00"));
  Move(office, office.proc, no, "approve");
  Move(office, office.proc, no, "issue_result");
  Synced(office);
  Synced(station);
  CHECK(Case(station, no).status == node::CaseStatus::kResultReady);
  CHECK(DueDate(Case(station, no)) == "2026-03-09");

  // The station hands the result out, closes the case, and the applicant rates it.
  clock.Set(At("2026-02-26 10:00"));
  Move(station, station.clerk, no, "deliver", "", "window");
  Move(station, station.clerk, no, "close");
  auto rated = station.store().RateCase(station.clerk, {no, 2, {"trips"}, "跑了两趟"});
  REQUIRE(rated.ok());
  Synced(station);

  // The hub sees the rating; the office sees the rectification it owes.
  auto figures = json::parse(hub.Admin("stats", "--from 2026-02-01 --to 2026-02-28 --json"));
  CHECK(figures["received"] == 1);
  CHECK(figures["closed"] == 1);
  CHECK(figures["ratings"]["2"] == 1);
  Synced(office);
  auto owed = Case(office, no);
  REQUIRE(owed.commitments.size() == 1);
  CHECK(owed.commitments[0].kind == node::CommitmentKind::kRectification);
  // 15 working days from Thu 26 Feb: the last is Wed 18 Mar.
  CHECK(node::FormatDate(node::LocalDate(owed.commitments[0].due - 1)) == "2026-03-18");
  clock.Set(At("2026-03-02 10:00"));
  REQUIRE(office.store().CloseRectification(office.proc, no, "窗口补充一次性告知清单").ok());
  Synced(office);
  Synced(station);
  auto done = Case(station, no);
  CHECK(done.status == node::CaseStatus::kClosed);
  CHECK(done.commitments[0].state == node::CommitmentState::kFulfilled);
  CHECK(HasEvent(done, "rating"));
  CHECK(HasEvent(done, "rectified"));
  CHECK(station.Digest() == station.HubDigest());
  CHECK(office.Digest() == office.HubDigest());
  CHECK(json::parse(hub.Admin("conflicts list", "--json")).empty());
}

TEST_CASE("National Day with a special procedure, a calendar published by the hub, an overdue case escalated") {
  CountyClock clock(At("2026-09-28 09:00"));
  Hub hub(false, &clock);
  Node station(hub, "QS-JX01", "station", "QS-JX", {}, clock);
  Node township(hub, "QS-JX", "township", "", {}, clock);

  const std::string no = ReceivedAt(station, township, kElderly);
  clock.Set(At("2026-09-28 14:00"));
  auto accepted = Move(township, township.proc, no, "accept");
  // 5 working days from Mon 28 Sep: 29, 30 Sep, then after the holiday 8, 9 and Sat 10 Oct.
  CHECK(DueDate(accepted) == "2026-10-10");

  clock.Set(At("2026-09-29 10:00"));
  Move(township, township.proc, no, "start_special_procedure", "需公示五个工作日");
  clock.Set(At("2026-10-12 10:00"));
  auto resumed = Move(township, township.proc, no, "end_special_procedure");
  // Paused working days 29, 30 Sep, 8, 9, 10 Oct are added back: 5 more after 10 Oct.
  CHECK(DueDate(resumed) == "2026-10-16");
  Synced(township);
  Synced(station);
  CHECK(DueDate(Case(station, no)) == "2026-10-16");

  // A flood closes the township on Tue 13 Oct: the hub publishes an override for it.
  TempDir files;
  const std::string cal = files.File("flood.json");
  std::ofstream(cal) << R"({"format": "tongban-calendar/1", "years": [],
    "overrides": [{"date": "2026-10-13", "working": false, "reason": "洪水闭站"}]})";
  hub.Admin("calendar publish", cal + " --name flood-QS-JX-2026 --applies-to QS-JX");
  Synced(township);
  auto moved = Case(township, no);
  CHECK(DueDate(moved) == "2026-10-19");
  CHECK(HasEvent(moved, "deadline_recomputed"));
  Synced(township);
  Synced(station);  // the processing office recomputed; the station receives its due time
  CHECK(DueDate(Case(station, no)) == "2026-10-19");
  CHECK(json::parse(hub.Admin("conflicts list", "--json")).empty());

  // Nobody approves in time: the township's timers escalate once, the hub supervises.
  clock.Set(At("2026-10-21 09:00"));
  auto sweep = township.store().RunTimers(township.proc);
  REQUIRE(sweep.ok());
  CHECK(sweep->escalated == 1);
  CHECK(township.store().RunTimers(township.proc)->escalated == 0);
  Synced(township);
  auto escalations = json::parse(hub.Admin("escalations", "--json"));
  REQUIRE(escalations.size() == 1);
  CHECK(escalations[0]["case_no"] == no);
  CHECK(escalations[0]["kind"] == "case_overdue");
  CHECK(escalations[0]["office"] == "QS-JX");
  CHECK(escalations[0]["station"] == "QS-JX01");
}

namespace {

// `tongban sync` on node `n`, run as a clerk's script would on the county's date.
CliRun SyncCli(const CountyClock& clock, Node& n, const std::string& lang, const std::string& flags = "") {
  TempDir files;
  std::string env;
  for (const auto& e : clock.Env()) env += e + " ";
  return RunCli(files, "sync --db " + n.store().database().path() + " " + flags,
                env + "LC_ALL= LC_MESSAGES= LANG=" + lang);
}

}  // namespace

TEST_CASE("tongban sync ends with one line in Chinese by default, each timer only with --verbose") {
  CountyClock clock(At("2026-09-28 09:00"));
  Hub hub(false, &clock);
  Node station(hub, "QS-JX01", "station", "QS-JX", {}, clock);
  Node township(hub, "QS-JX", "township", "", {}, clock);
  const std::string first = ReceivedAt(station, township, kElderly);
  Move(township, township.proc, first, "accept");  // due 2026-10-10
  Synced(township);

  // Overdue: the round escalates it before the push and says so in its one line.
  clock.Set(At("2026-10-21 09:00"));
  CliRun zh = SyncCli(clock, township, "zh_CN.UTF-8");
  INFO(zh.out << zh.err);
  CHECK(zh.code == 0);
  CHECK(zh.out.rfind("同步完成：上传 ", 0) == 0);
  CHECK(zh.out.find('\n') == zh.out.size() - 1);  // one line
  CHECK_THAT(zh.out, Catch::Contains("超时督办 1 件"));
  CHECK(zh.err.find("超时督办：") == std::string::npos);

  CliRun en = SyncCli(clock, township, "en_US.UTF-8");
  CHECK(en.code == 0);
  CHECK(en.out == "sync done: pushed 0, pulled 0, 0 open conflicts\n");

  // --verbose: the same line, and each escalation on a line of its own.
  const std::string second = ReceivedAt(station, township, kElderly);
  Move(township, township.proc, second, "accept");
  Synced(township);
  clock.Set(At("2026-11-20 09:00"));
  CliRun verbose = SyncCli(clock, township, "zh_CN.UTF-8", "--verbose");
  INFO(verbose.out << verbose.err);
  CHECK(verbose.code == 0);
  CHECK_THAT(verbose.out, Catch::Contains("超时督办 1 件"));
  CHECK_THAT(verbose.err, Catch::Contains("超时督办：") && Catch::Contains(second));
}

TEST_CASE("a station begun offline enrolls later, and what it received offline reaches its office") {
  Hub hub;
  Node township(hub, "QS-JX", "township", "");
  TempDir files;
  const std::string db = files.File("late.db");
  const std::string as_admin = " --db " + db + " --user admin ";
  // Made as `init` makes stations by default: encrypted, so every command signs in.
  const std::string pw = "TONGBAN_PASSWORD=pass-word-1 TONGBAN_USER=admin";
  REQUIRE(RunCli(files, "init --db " + db + " --station QS-JX09 --name 九村 --township QS-JX", pw).code == 0);
  REQUIRE(node::IsSealedStation(db));
  REQUIRE(RunCli(files, "catalog import" + as_admin + "sample", pw).code == 0);
  // Cases taken in while there was no hub, brought in by the admin from the paper register.
  const std::string register_file = files.File("register.json");
  std::ofstream(register_file) << R"({"format":"tongban-cases/1","cases":[
    {"legacy_no":"P1","item_code":"高龄津贴申领","applicant":{"kind":"person","name":"王五","id_number":"440524188001010014"},"received_at":"2026-01-05 09:00"}]})";
  const CliRun imported = RunCli(files, "case import" + as_admin + register_file, pw);
  INFO(imported.err);
  REQUIRE(imported.code == 0);

  // Not enrolled yet: sync says which command enrolls it.
  const CliRun early = RunCli(files, "sync --db " + db, pw);
  CHECK(early.code != 0);
  CHECK_THAT(early.err, Catch::Contains("tongban enroll"));

  const std::string code = hub.AddNode("QS-JX09", "station", "QS-JX");
  const CliRun wrong = RunCli(files, "enroll" + as_admin + "--central " + hub.url() + " --enroll nope", pw);
  CHECK(wrong.code != 0);
  const CliRun enroll =
      RunCli(files, "enroll" + as_admin + "--json --central " + hub.url() + " --enroll " + code, pw);
  INFO(enroll.err);
  REQUIRE(enroll.code == 0);
  const json e = json::parse(enroll.out);
  CHECK(e["name"] == "QS-JX09-name");  // the hub's register names the station now
  CHECK(e["waiting_changes"].get<long long>() > 0);
  CHECK(RunCli(files, "enroll" + as_admin + "--central " + hub.url() + " --enroll " + code, pw).code != 0);

  const CliRun sync = RunCli(files, "sync --db " + db, pw);
  INFO(sync.err);
  REQUIRE(sync.code == 0);
  // The catalog it imported offline is the hub's to publish: never sent, so nothing refused.
  CHECK(sync.out.find("refused") == std::string::npos);
  CHECK(sync.err.find("refused") == std::string::npos);
  Synced(township);
  node::CaseQuery q;
  q.name_prefix = "王五";
  auto found = township.store().Search(q);
  REQUIRE(found.ok());
  CHECK(found->size() == 1);
}

TEST_CASE("a green channel case overtakes the queue at the office") {
  CountyClock clock(At("2026-03-02 09:00"));
  Hub hub(false, &clock);
  Node station(hub, "QS-JX01", "station", "QS-JX", {}, clock);
  Node township(hub, "QS-JX", "township", "", {}, clock);
  std::vector<std::string> normal;
  for (int i = 0; i < 3; ++i) {
    normal.push_back(station.Receive(kElderly, "村民"));
    clock.Advance(10 * 60'000);
  }
  node::IntakeRequest r;
  r.item_code = kElderly;
  r.applicant_name = "王奶奶";
  r.applicant_id = "11010519491231002X";
  r.green_channel = true;
  r.green_reason = "八十岁以上老人";
  auto green = station.store().Intake(station.clerk, r);
  REQUIRE(green.ok());
  CHECK(green->due_unit == "hour");
  CHECK(green->due_at == green->received_at + 24 * node::kMsPerHour);
  Synced(station);
  Synced(township);

  node::CaseQuery queue;
  queue.queue = true;
  queue.office = "QS-JX";
  auto list = township.store().Search(queue);
  REQUIRE(list.ok());
  REQUIRE(list->size() == 4);
  CHECK(list->front().case_no == green->case_no);  // received last, served first
  CHECK(list->at(1).case_no == normal[0]);

  // Accepting starts 24 clock hours, across the night.
  clock.Set(At("2026-03-02 16:00"));
  auto accepted = Move(township, township.proc, green->case_no, "accept");
  CHECK(accepted.due_at == At("2026-03-03 16:00"));
}

TEST_CASE("a visit planned at the station is made offline on the field laptop and comes back by bundle") {
  CountyClock clock(At("2026-04-07 09:00"));
  Hub hub(false, &clock);
  Node station(hub, "QS-JX01", "station", "QS-JX", {}, clock);
  Node township(hub, "QS-JX", "township", "", {}, clock);
  Node laptop(hub, "QS-JX-F1", "field", "QS-JX", {}, clock);

  auto plan = station.store().PlanVisit(
      station.clerk, {"QS-JX-F1", kDibao, "赵大爷", "", "", "金溪村三组12号",
                      *node::ParseDate("2026-04-09"), "低保入户核查并受理"});
  REQUIRE(plan.ok());
  Synced(station);
  Synced(laptop);  // the last network sync before a week in the hills
  auto planned = laptop.store().ListVisits(node::VisitState::kPlanned);
  REQUIRE(planned.ok());
  REQUIRE(planned->size() == 1);

  // Two days later, at the door, no network.
  clock.Set(At("2026-04-09 10:30"));
  node::IntakeRequest r;
  r.item_code = kDibao;
  r.applicant_name = "赵大爷";
  r.applicant_id = "440524188001010014";
  r.channel = node::Channel::kDoor;
  auto kase = laptop.store().Intake(laptop.clerk, r);
  REQUIRE(kase.ok());
  REQUIRE(laptop.store().RecordVisit(laptop.clerk, plan->ref, node::VisitState::kVisited,
                                     "材料齐全，已受理", kase->case_no).ok());
  // The station cannot record the outcome for the laptop.
  CHECK(station.store().RecordVisit(station.clerk, plan->ref, node::VisitState::kVisited, "x")
            .status().code() == ErrorCode::kPermissionDenied);

  // A week later the stick goes to the township's hub machine and back.
  clock.Set(At("2026-04-14 17:00"));
  TempDir stick;
  const auto out = stick.File("field.bundle");
  REQUIRE(node::ExportBundle(laptop.store(), out).ok());
  int code = 0;
  auto text = hub.Admin("bundle import", out + " --json", &code);
  INFO(text);
  REQUIRE(code == 0);
  REQUIRE(node::ImportReplyBundle(laptop.store(), out + ".reply").ok());
  CHECK(laptop.sync().replica().GetStatus()->queue_depth == 0);

  Synced(station);
  auto visits = station.store().ListVisits();
  REQUIRE(visits.ok());
  REQUIRE(visits->size() == 1);
  CHECK(visits->at(0).state == node::VisitState::kVisited);
  CHECK(visits->at(0).outcome == "材料齐全，已受理");
  Synced(township);
  auto routed = Case(township, kase->case_no);  // the door case reached its office
  CHECK(routed.channel == node::Channel::kDoor);
  CHECK(routed.receiving_station == "QS-JX-F1");
}

TEST_CASE("the admin API: token, stations, conflicts, escalations, figures, publishing") {
  CountyClock clock(At("2026-09-28 09:00"));
  Hub hub(false, &clock);
  Node station(hub, "QS-JX01", "station", "QS-JX", {}, clock);
  Node township(hub, "QS-JX", "township", "", {}, clock);
  const std::string no = ReceivedAt(station, township, kElderly);
  clock.Set(At("2026-11-02 09:00"));  // long overdue: the township's sync escalates it
  Synced(township);
  REQUIRE(township.sync().RunRound().ok());

  std::string token = hub.Admin("admin-token");
  token.erase(token.find_last_not_of(" \n") + 1);
  auto transport = sync::CurlTransport::Create({hub.url()});
  REQUIRE(transport.ok());
  auto call = [&](const std::string& method, const std::string& target, const std::string& body = "",
                  const std::string& bearer = "") {
    sync::HttpRequest req;
    req.method = method;
    req.target = target;
    req.body = body;
    req.headers["authorization"] = "Bearer " + (bearer.empty() ? token : bearer);
    req.headers["content-type"] = "application/json";
    auto r = (*transport)->Send(req);
    REQUIRE(r.ok());
    return *r;
  };

  CHECK(call("GET", "/v1/admin/nodes", "", "wrong-token").status == 403);
  auto nodes = json::parse(call("GET", "/v1/admin/nodes").body);
  CHECK(nodes.size() == 2);
  CHECK(json::parse(call("GET", "/v1/admin/conflicts").body).empty());

  auto escalations = json::parse(call("GET", "/v1/admin/escalations").body);
  REQUIRE(escalations.size() == 1);
  CHECK(escalations[0]["case_no"] == no);
  auto figures = call("GET", "/v1/admin/stats?days=3660");
  REQUIRE(figures.status == 200);
  CHECK(json::parse(figures.body)["received"] == 1);
  CHECK(call("GET", "/v1/admin/stats?days=0").status == 400);

  // A calendar for 2027 reaches every node; a malformed one is refused whole.
  const json cal = {{"name", "national-2027"},
                    {"calendar", {{"format", "tongban-calendar/1"},
                                  {"years", {{{"year", 2027},
                                              {"off", {{{"date", "2027-01-01"}, {"name", "元旦"}}}}}}}}}};
  CHECK(call("POST", "/v1/admin/calendar", cal.dump()).status == 200);
  json bad = cal;
  bad["calendar"]["format"] = "something-else";
  CHECK(call("POST", "/v1/admin/calendar", bad.dump()).status == 400);
  CHECK(call("POST", "/v1/admin/calendar", std::string(64, '[')).status == 400);
  Synced(station);
  CHECK(station.store().calendar().HasYear(2027));
  CHECK_FALSE(station.store().calendar().IsWorkday(*node::ParseDate("2027-01-01")));

  // The catalog, published again unchanged, adds nothing; garbage is refused.
  auto unchanged = json::parse(call("POST", "/v1/admin/catalog", std::string(node::SampleCatalogJson())).body);
  CHECK(unchanged["added"] == 0);
  CHECK(unchanged["updated"] == 0);
  CHECK(call("POST", "/v1/admin/catalog", "{\"format\": 1}").status == 400);
}

TEST_CASE("the audit trail goes to the hub with each round, and the hub names the first broken link") {
  Hub hub;
  Node station(hub, "QS-JX01", "station", "QS-JX");
  Node township(hub, "QS-JX", "township", "");
  const std::string no = ReceivedAt(station, township, kElderly);
  REQUIRE(station.store().RevealApplicantId(station.proc, no).ok());
  auto round = station.sync().RunRound();
  REQUIRE(round.ok());
  if (round->audit_refused) FAIL(round->audit_refused->message());
  auto trail = station.store().AuditEntries(0, 1000);
  REQUIRE(trail.ok());
  REQUIRE(round->audit_sent == static_cast<std::int64_t>(trail->size()));
  // A second round sends nothing again.
  auto again = station.sync().RunRound();
  REQUIRE(again.ok());
  CHECK(again->audit_sent == 0);

  const json verified = json::parse(hub.Admin("audit verify", "--json"));
  bool found = false;
  for (const auto& n : verified) {
    if (n["node"] != "QS-JX01") continue;
    found = true;
    CHECK(n["entries"].get<std::int64_t>() == static_cast<std::int64_t>(trail->size()));
    CHECK(n["broken_at"].is_null());
  }
  CHECK(found);

  // Someone with the hub's disk edits who looked at the ID: the check names the entry.
  const std::int64_t seen = trail->back().seq;  // the view_id entry
  REQUIRE(trail->back().action == "view_id");
  hub.process().Kill();
  {
    auto db = sync::Database::Open(hub.process().data() + "/hub.db");
    REQUIRE(db.ok());
    REQUIRE((*db)->Exec("UPDATE audit_log SET user = 'nobody' WHERE node = 'QS-JX01' AND seq = " +
                        std::to_string(seen)).ok());
  }
  int code = 0;
  const std::string broken = hub.Admin("audit verify", "--node QS-JX01", &code);
  CHECK(code == 9);  // corruption
  CHECK_THAT(broken, Catch::Contains("QS-JX01") && Catch::Contains("entry " + std::to_string(seen)));
  const std::string zh = hub.Admin("audit verify", "", &code, "zh_CN.UTF-8");
  CHECK_THAT(zh, Catch::Contains("第 " + std::to_string(seen) + " 条处断开"));

  // The hub refuses to continue a chain that does not link to what it holds.
  REQUIRE(hub.process().Start(hub.process().port()));
  REQUIRE(station.store().RevealApplicantId(station.clerk, no).ok());
  REQUIRE(station.store().database().Exec("UPDATE audit_log SET prev_hash = '" +
                                          std::string(64, 'f') + "' WHERE seq = " +
                                          std::to_string(seen + 1)).ok());
  auto refused = station.sync().RunRound();
  REQUIRE(refused.ok());  // the round still synced the records
  REQUIRE(refused->audit_refused);
  CHECK_THAT(refused->audit_refused->message(), Catch::Contains("breaks at its entry " + std::to_string(seen + 1)));
}
