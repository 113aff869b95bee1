// Mixed versions (issue 11): a hub one replication schema ahead serves stations one behind.
// The older side here is a township office that speaks schema 2, as the release before
// does (TONGBAN_REPLICATION_SCHEMA=2): it never sees a field of schema 3 (a case's remark),
// its edits leave that field at the hub as it was, both digests agree, it is told in
// Chinese that an update is due, and station list shows what each node speaks. A node
// that does not negotiate (every release before schema 3) is answered in schema 2.
#include <cstdlib>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "e2e_support.h"
#include "tongban/node/domain/replication_schema.h"
#include "tongban/sync/curl_transport.h"
#include "tongban/sync/sqlite.h"
#include "tongban/sync/wire.h"

using namespace tongban;
using namespace tongban::test;
using nlohmann::json;

namespace {

// A node built while TONGBAN_REPLICATION_SCHEMA says `schema`: it speaks that version.
struct SpeaksSchema {
  explicit SpeaksSchema(int schema) {
    ::setenv("TONGBAN_REPLICATION_SCHEMA", std::to_string(schema).c_str(), 1);
  }
  ~SpeaksSchema() { ::unsetenv("TONGBAN_REPLICATION_SCHEMA"); }
};

json Hello(Hub& hub, const std::string& schemas) {
  auto t = sync::CurlTransport::Create({hub.url()});
  REQUIRE(t.ok());
  sync::HttpRequest req{"GET", "/v1/hello", {}, "", ""};
  if (!schemas.empty()) req.headers[std::string(sync::kSchemasHeader)] = schemas;
  auto resp = (*t)->Send(req);
  REQUIRE(resp.ok());
  REQUIRE(resp->status == 200);
  return json::parse(resp->body);
}

json NodeRow(Hub& hub, const std::string& code) {
  for (const auto& n : json::parse(hub.Admin("station list", "--json")))
    if (n["code"] == code) return n;
  FAIL("station list does not show " << code);
  return {};
}

}  // namespace

TEST_CASE("a hub one schema ahead serves an office one behind and keeps what it does not know") {
  Hub hub;
  Node station(hub, "QS-JX01", "station", "QS-JX");
  std::unique_ptr<Node> office;
  {
    const SpeaksSchema older(node::kReplicationSchemaVersion - 1);
    office = std::make_unique<Node>(hub, "QS-JX", "township", "");
  }
  REQUIRE(office->sync().client().schema() == node::kReplicationSchemaVersion - 1);
  REQUIRE(station.sync().client().schema() == node::kReplicationSchemaVersion);

  // A case with a remark (schema 3) goes to the office, which does not know remarks.
  node::IntakeRequest req;
  req.item_code = "高龄津贴申领";
  req.applicant_name = "陈桂兰";
  req.applicant_id = "330102196001010043";
  req.note = "申请人行动不便，结果请邮寄";
  auto received = station.store().Intake(station.clerk, req);
  REQUIRE(received.ok());
  const std::string no = received->case_no;
  auto sent = station.sync().RunRound();
  INFO(sent.status().message());
  REQUIRE(sent.ok());
  CHECK(sent->update_due_schema == 0);

  auto pulled = office->sync().RunRound();
  INFO(pulled.status().message());
  REQUIRE(pulled.ok());
  CHECK(pulled->update_due_schema == node::kReplicationSchemaVersion);
  auto at_office = office->store().GetCase(no);
  REQUIRE(at_office.ok());
  CHECK(at_office->note.empty());
  // Nothing it does not know reached it: the hub left the field out, none was kept aside.
  auto kept = office->store().database().Prepare("SELECT count(*) FROM kept_fields");
  REQUIRE(kept.ok());
  REQUIRE(*(*kept)->Step());
  CHECK((*kept)->Int(0) == 0);

  // The office works the case; its edits name only what they change.
  REQUIRE(office->store().Transition(office->proc, no, "accept", "").ok());
  REQUIRE(office->store().Transition(office->proc, no, "approve", "").ok());
  REQUIRE(office->sync().RunRound().ok());
  REQUIRE(station.sync().RunRound().ok());
  auto at_station = station.store().GetCase(no);
  REQUIRE(at_station.ok());
  CHECK(at_station->status == node::CaseStatus::kApproved);
  CHECK(at_station->note == "申请人行动不便，结果请邮寄");

  // Each side's digest agrees with the hub's over the fields it speaks.
  CHECK(station.Digest() == station.HubDigest());
  CHECK(office->Digest() == office->HubDigest());

  // The admin sees who speaks what; the office's status and its clerk are told.
  CHECK(NodeRow(hub, "QS-JX")["schema"] == node::kReplicationSchemaVersion - 1);
  CHECK(NodeRow(hub, "QS-JX01")["schema"] == node::kReplicationSchemaVersion);
  CHECK_THAT(hub.Admin("station list", "", nullptr, "zh_CN.UTF-8"), Catch::Contains("（应升级）"));
  auto status = office->sync().replica().GetStatus();
  REQUIRE(status.ok());
  CHECK(status->update_due_schema == node::kReplicationSchemaVersion);
  TempDir cli;
  const std::string db = office->store().database().path();
  const std::string older = "TONGBAN_REPLICATION_SCHEMA=" + std::to_string(node::kReplicationSchemaVersion - 1);
  const CliRun round = RunCli(cli, "sync --db " + db, older + " LANG=zh_CN.UTF-8");
  INFO(round.err);
  CHECK(round.code == 0);
  CHECK_THAT(round.err, Catch::Contains("中心已升级") && Catch::Contains("软件更新"));
  const CliRun shown = RunCli(cli, "sync status --db " + db, "LANG=zh_CN.UTF-8");
  CHECK_THAT(shown.out, Catch::Contains("中心已升级"));
  // Upgraded, it speaks the newest and is told nothing more.
  const CliRun upgraded = RunCli(cli, "sync --db " + db, "LANG=zh_CN.UTF-8");
  CHECK(upgraded.code == 0);
  CHECK_THAT(upgraded.err, !Catch::Contains("中心已升级"));
  CHECK(NodeRow(hub, "QS-JX")["schema"] == node::kReplicationSchemaVersion);
}

TEST_CASE("hello answers each node in the newest version both speak and names the range") {
  Hub hub;
  // Releases before ranges send none: they speak schema 2 and compare it with "schema".
  const json legacy = Hello(hub, "");
  CHECK(legacy["schema"] == node::kUnnegotiatedSchema);
  CHECK(legacy["schema_min"] == node::kOldestServedSchema);
  CHECK(legacy["schema_max"] == node::kReplicationSchemaVersion);
  CHECK(Hello(hub, "2-2")["schema"] == 2);
  CHECK(Hello(hub, "2-9")["schema"] == node::kReplicationSchemaVersion);
  CHECK(Hello(hub, "garbage")["schema"] == node::kUnnegotiatedSchema);

  // A station too old for the hub, and one newer than it, are told what to do, in Chinese.
  Node station(hub, "QS-JX01", "station", "QS-JX");
  TempDir cli;
  const std::string db = station.store().database().path();
  const CliRun old = RunCli(cli, "sync --db " + db, "TONGBAN_REPLICATION_SCHEMA=1 LANG=zh_CN.UTF-8");
  CHECK(old.code != 0);
  CHECK_THAT(old.err, Catch::Contains("本站软件太旧") && Catch::Contains("安装更新"));
}
