#include "tongban/node/store/node_store.h"

#include <catch2/catch.hpp>
#include <regex>

#include "node/store_fixture.h"
#include "tongban/sync/sqlite.h"

using namespace tongban;
using namespace tongban::node;
using tongban::test::StoreFixture;
namespace t = tongban::test;

TEST_CASE("intake issues station-date-sequence numbers that restart each day") {
  StoreFixture f;
  auto a = f.store->Intake(f.clerk, f.Request(t::kElderly));
  auto b = f.store->Intake(f.clerk, f.Request(t::kElderly));
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->case_no == "QS-JX01-20260212-0001");
  CHECK(b->case_no == "QS-JX01-20260212-0002");
  f.clock.Advance(kMsPerDay);
  CHECK(f.store->Intake(f.clerk, f.Request(t::kElderly))->case_no == "QS-JX01-20260213-0001");
}

TEST_CASE("a received case keeps everything the window recorded") {
  StoreFixture f;
  auto r = f.Request(t::kDibao);
  r.applicant_phone = "13812345678";
  r.materials = {{"M05", MaterialState::kTolerated}};
  auto c = f.store->Intake(f.clerk, r);
  REQUIRE(c.ok());
  CHECK(c->status == CaseStatus::kReceived);
  CHECK(c->receiving_station == "QS-JX01");
  CHECK(c->processing_office == "QS-JX");  // @township routes to the township center
  CHECK(c->item_version == 1);
  CHECK(c->due_unit == "workday");
  CHECK(FormatDate(LocalDate(c->due_at - 1)) == "2026-03-06");  // 12 working days
  REQUIRE(c->commitments.size() == 1);
  CHECK(c->commitments[0].kind == CommitmentKind::kTolerance);
  CHECK(c->commitments[0].materials == std::vector<std::string>{"M05"});
  CHECK(c->commitments[0].state == CommitmentState::kOpen);
  REQUIRE(c->events.size() == 1);
  CHECK(c->events[0].action == "intake");
  CHECK(c->events[0].user == "clerk");
  CHECK(c->events[0].node == "QS-JX01");
  bool tolerated = false;
  for (const auto& m : c->materials)
    if (m.code == "M05") tolerated = m.state == MaterialState::kTolerated;
  CHECK(tolerated);
  auto owed = f.store->OutstandingMaterials(c->case_no);
  REQUIRE(owed.ok());
  REQUIRE(owed->size() == 1);
  CHECK((*owed)[0].code == "M05");
}

TEST_CASE("intake refuses bad input with a clear reason and saves nothing") {
  StoreFixture f;
  const auto before = f.ChangeCount();
  struct Row {
    std::function<void(IntakeRequest&)> edit;
    const char* why;
  };
  const Row rows[] = {
      {[](IntakeRequest& r) { r.applicant_id = "110105194912310021"; }, "check character"},
      {[](IntakeRequest& r) { r.applicant_id = "110105194902301234"; }, "not a real date"},
      {[](IntakeRequest& r) { r.applicant_id = "110105202612120010"; }, "is after today (2026-02-12)"},
      {[](IntakeRequest& r) { r.applicant_id = "110105187001010012"; }, "more than 150 years ago"},
      {[](IntakeRequest& r) { r.item_code = "no such item"; }, "not in this station's catalog"},
      {[](IntakeRequest& r) { r.applicant_name.clear(); }, "applicant name is missing"},
      {[](IntakeRequest& r) { r.applicant_phone = "12ab"; }, "phone number"},
      {[](IntakeRequest& r) { r.materials = {{"M09", MaterialState::kReceived}}; },
       "not in the list"},
      {[](IntakeRequest& r) { r.materials = {{"M01", MaterialState::kTolerated}}; },
       "cannot be missing"},
      {[](IntakeRequest& r) { r.materials = {{"M01", MaterialState::kAbsent}}; },
       "one-time notice"},
      {[](IntakeRequest& r) { r.materials = {{"M01", MaterialState::kCommitted}}; },
       "written commitment"},
      {[](IntakeRequest& r) { r.green_channel = true; }, "green channel needs a reason"},
      {[](IntakeRequest& r) {
         r.item_code = t::kPensionEnrol;
         r.channel = Channel::kDoor;
       },
       "door visit"},
      {[](IntakeRequest& r) {
         r.item_code = t::kPensionEnrol;
         r.channel = Channel::kPost;
       },
       "by post"},
  };
  for (const auto& row : rows) {
    auto r = f.Request(t::kElderly);
    row.edit(r);
    auto c = f.store->Intake(f.clerk, r);
    INFO(row.why);
    REQUIRE_FALSE(c.ok());
    CHECK_THAT(c.status().message(), Catch::Contains(row.why));
  }
  CHECK(f.ChangeCount() == before);
  // The sequence was not consumed by the refused attempts.
  CHECK(f.store->Intake(f.clerk, f.Request(t::kElderly))->case_no == "QS-JX01-20260212-0001");
}

TEST_CASE("enterprises: credit codes, with a recorded clerk override for early codes") {
  StoreFixture f;
  auto r = f.Request(t::kSoleProprietorChange, "91330100716105852F");
  r.applicant_kind = PartyKind::kEnterprise;
  r.materials = {{"M04", MaterialState::kCommitted}};
  auto ok = f.store->Intake(f.clerk, r);
  REQUIRE(ok.ok());
  CHECK(ok->processing_office == "C-SJ");
  REQUIRE(ok->commitments.size() == 1);
  CHECK(ok->commitments[0].kind == CommitmentKind::kWritten);

  r.applicant_id = "91330100716105852E";
  CHECK_THAT(f.store->Intake(f.clerk, r).status().message(), Catch::Contains("override"));
  r.id_override_reason = "1998 年登记的老代码，核对营业执照原件无误";
  auto overridden = f.store->Intake(f.clerk, r);
  REQUIRE(overridden.ok());
  CHECK(overridden->id_override_reason == r.id_override_reason);
  r.applicant_id = "9133010071610585";  // too short: no override possible
  CHECK_FALSE(f.store->Intake(f.clerk, r).ok());
}

TEST_CASE("proxy: agent and authorization, never for in-person-only items") {
  StoreFixture f;
  auto r = f.Request(t::kElderly);
  r.agent = Agent{"张小明", "440524188001010014", "", "授权委托书 2026-017", "申领高龄津贴",
                  *ParseDate("2026-12-31")};
  auto c = f.store->Intake(f.clerk, r);
  REQUIRE(c.ok());
  REQUIRE(c->agent);
  CHECK(c->agent->authorization == "授权委托书 2026-017");
  // With a proxy the authorization is a required material, received with the rest, so the
  // receipt and the one-time notice agree; without one it stays optional and not given.
  const auto authorization = [](const CaseRecord& k) {
    const auto m = std::find_if(k.materials.begin(), k.materials.end(), [](const CaseMaterial& x) {
      return x.name.find("授权委托书") != std::string::npos;
    });
    REQUIRE(m != k.materials.end());
    return *m;
  };
  CHECK(authorization(*c).required);
  CHECK(authorization(*c).state == MaterialState::kReceived);
  auto missing = r;
  missing.materials.push_back({authorization(*c).code, MaterialState::kAbsent});
  CHECK_THAT(f.store->Intake(f.clerk, missing).status().message(),
             Catch::Contains("required material") && Catch::Contains("授权委托书"));
  auto alone = f.store->Intake(f.clerk, f.Request(t::kElderly));
  REQUIRE(alone.ok());
  CHECK_FALSE(authorization(*alone).required);
  CHECK(authorization(*alone).state == MaterialState::kAbsent);

  auto in_person = f.Request(t::kResidencePermit);
  in_person.agent = r.agent;
  CHECK(f.store->Intake(f.clerk, in_person).status().code() == ErrorCode::kPermissionDenied);

  r.agent->expires = *ParseDate("2026-01-31");
  CHECK_THAT(f.store->Intake(f.clerk, r).status().message(), Catch::Contains("expired"));
  r.agent->expires.reset();
  r.agent->authorization.clear();
  CHECK_THAT(f.store->Intake(f.clerk, r).status().message(), Catch::Contains("授权委托书"));
}

TEST_CASE("green channel: 24 clock hours") {
  StoreFixture f;
  auto r = f.Request(t::kDibao);
  r.green_channel = true;
  r.green_reason = "重度残疾";
  auto c = f.store->Intake(f.clerk, r);
  REQUIRE(c.ok());
  CHECK(c->priority == Priority::kGreen);
  CHECK(c->due_unit == "hour");
  CHECK(FormatLocalDateTime(c->due_at) == "2026-02-13 09:30");
}

TEST_CASE("only clerks and field staff receive cases") {
  StoreFixture f;
  CHECK(f.store->Intake(f.processor, f.Request(t::kElderly)).status().code() ==
        ErrorCode::kPermissionDenied);
  CHECK(f.store->Intake(f.admin, f.Request(t::kElderly)).status().code() ==
        ErrorCode::kPermissionDenied);
}

TEST_CASE("search by case number, ID number, name prefix and status") {
  StoreFixture f;
  auto r = f.Request(t::kElderly);
  r.applicant_name = "张三丰";
  const auto first = f.store->Intake(f.clerk, r)->case_no;
  r.applicant_name = "张三";
  r.applicant_id = "440524188001010014";
  f.store->Intake(f.clerk, r);
  r.applicant_name = "李四";
  f.store->Intake(f.clerk, r);

  CHECK(f.store->Search({.case_no = first})->size() == 1);
  CHECK(f.store->Search({.id_number = "11010519491231002x"})->size() == 1);
  CHECK(f.store->Search({.id_number = "440524188001010014"})->size() == 2);
  auto zhang = f.store->Search({.name_prefix = "张三"});
  REQUIRE(zhang->size() == 2);
  CHECK((*zhang)[0].applicant_name == "张三");  // name order
  CHECK(f.store->Search({.name_prefix = "王"})->empty());
  CHECK(f.store->Search({.status = CaseStatus::kReceived})->size() == 3);
  CHECK(f.store->Search({.status = CaseStatus::kClosed})->empty());
  CHECK(f.store->Search({.limit = 2})->size() == 2);
}

TEST_CASE("back-office moves only at the processing office, window moves only at the station") {
  StoreFixture station;
  const auto no = station.store->Intake(station.clerk, station.Request(t::kElderly))->case_no;
  // The item is processed by the township center QS-JX, not by this station.
  auto r = station.store->Transition(station.processor, no, "accept", "");
  CHECK(r.status().code() == ErrorCode::kPermissionDenied);
  CHECK_THAT(r.status().message(), Catch::Contains("only the processing office QS-JX"));
  r = station.store->Transition(station.clerk, no, "approve", "");
  CHECK(r.status().code() == ErrorCode::kPermissionDenied);
  r = station.store->Transition(station.admin, no, "withdraw", "applicant asked");
  CHECK(r.status().code() == ErrorCode::kPermissionDenied);
  r = station.store->Transition(station.clerk, no, "withdraw", "申请人撤回");
  REQUIRE(r.ok());
  CHECK(r->status == CaseStatus::kWithdrawn);
}

TEST_CASE("a township center takes a case through its life, deadlines follow pauses") {
  StoreFixture f(NodeKind::kTownship, "QS-JX", "");
  auto r = f.Request(t::kElderly);  // 5 working days, processed here
  const auto no = f.store->Intake(f.clerk, r)->case_no;
  f.clock.Set(*ParseLocalDateTime("2026-02-13 10:00"));
  auto c = f.store->Transition(f.processor, no, "accept", "");
  REQUIRE(c.ok());
  CHECK(c->accepted_at);
  CHECK(FormatDate(LocalDate(c->due_at - 1)) == "2026-02-27");  // from 13 Feb, over the festival
  f.clock.Set(*ParseLocalDateTime("2026-02-24 09:00"));
  REQUIRE(f.store->Transition(f.processor, no, "start_special_procedure", "现场核查").ok());
  f.clock.Set(*ParseLocalDateTime("2026-02-26 09:00"));
  c = f.store->Transition(f.processor, no, "end_special_procedure", "");
  REQUIRE(c.ok());
  CHECK(FormatDate(LocalDate(c->due_at - 1)) == "2026-03-02");  // two paused days added
  REQUIRE(f.store->Transition(f.processor, no, "approve", "").ok());
  REQUIRE(f.store->Transition(f.processor, no, "issue_result", "").ok());
  c = f.store->Transition(f.clerk, no, "deliver", "", "post");
  REQUIRE(c.ok());
  CHECK(c->delivery == "post");
  c = f.store->Transition(f.clerk, no, "close", "");
  REQUIRE(c.ok());
  CHECK(c->status == CaseStatus::kClosed);
  CHECK(c->events.size() == 8);
  CHECK(f.store->Transition(f.processor, no, "approve", "").status().code() ==
        ErrorCode::kFailedPrecondition);
}

TEST_CASE("materials supplied at the window and verified by the office fulfil the commitment") {
  StoreFixture f(NodeKind::kTownship, "QS-JX", "");
  auto r = f.Request(t::kDibao);
  r.materials = {{"M05", MaterialState::kTolerated}};
  const auto no = f.store->Intake(f.clerk, r)->case_no;
  CHECK(f.store->UpdateMaterials(f.processor, no, {{"M05", MaterialState::kVerified}})
            .status()
            .code() == ErrorCode::kFailedPrecondition);  // not supplied yet
  REQUIRE(f.store->UpdateMaterials(f.clerk, no, {{"M05", MaterialState::kSupplied}}).ok());
  CHECK(f.store->OutstandingMaterials(no)->empty());
  auto c = f.store->UpdateMaterials(f.processor, no, {{"M05", MaterialState::kVerified}});
  REQUIRE(c.ok());
  CHECK(c->commitments[0].state == CommitmentState::kFulfilled);
}

TEST_CASE("the instant item closes at the window") {
  StoreFixture f;
  const auto no = f.store->Intake(f.clerk, f.Request(t::kPensionEnrol))->case_no;
  auto c = f.store->Transition(f.clerk, no, "complete_on_spot", "");
  REQUIRE(c.ok());
  CHECK(c->status == CaseStatus::kClosed);
  const auto other = f.store->Intake(f.clerk, f.Request(t::kElderly))->case_no;
  CHECK_FALSE(f.store->Transition(f.clerk, other, "complete_on_spot", "").ok());
}

TEST_CASE("catalog import versions changed items, cases keep their version") {
  StoreFixture f;
  const auto no = f.store->Intake(f.clerk, f.Request(t::kElderly))->case_no;
  auto catalog = *ParseCatalog(SampleCatalogJson());
  for (auto& it : catalog.items)
    if (it.name == t::kElderly) it.promised_limit.value = 3;
  auto sum = f.store->ImportCatalog(f.admin, catalog);
  REQUIRE(sum.ok());
  CHECK(sum->updated == 1);
  CHECK(sum->added == 0);
  CHECK(f.store->GetItem(t::kElderly)->version == 2);
  CHECK(f.store->GetCase(no)->item_version == 1);
  CHECK(f.store->ImportCatalog(f.clerk, catalog).status().code() == ErrorCode::kPermissionDenied);
  CHECK(f.store->ImportCatalog(f.admin, catalog)->unchanged ==
        static_cast<int>(catalog.items.size()));
}

TEST_CASE("bulk import is all or nothing") {
  StoreFixture f;
  const std::string good = R"({"format":"tongban-cases/1","cases":[
    {"legacy_no":"L-1","item_code":"高龄津贴申领","applicant":{"kind":"person","name":"王五","id_number":"440524188001010014"},"received_at":"2026-01-05 09:00"},
    {"legacy_no":"L-2","item_code":"高龄津贴申领","applicant":{"kind":"person","name":"赵六","id_number":"11010519491231002X"},"received_at":"2026-01-06 10:00","materials":{"M02":"tolerated"}}]})";
  auto sum = f.store->ImportCases(f.clerk, good);
  REQUIRE(sum.ok());
  CHECK(sum->imported == 2);
  CHECK(sum->case_numbers[0] == "QS-JX01-20260105-0001");
  const auto before = f.ChangeCount();
  const std::string bad = R"({"format":"tongban-cases/1","cases":[
    {"legacy_no":"L-3","item_code":"高龄津贴申领","applicant":{"kind":"person","name":"王五","id_number":"440524188001010014"}},
    {"legacy_no":"L-4","item_code":"高龄津贴申领","applicant":{"kind":"person","name":"钱七","id_number":"440524188001010015"}}]})";
  auto failed = f.store->ImportCases(f.clerk, bad);
  REQUIRE_FALSE(failed.ok());
  CHECK_THAT(failed.status().message(), Catch::Contains("case #2 (\"L-4\")"));
  CHECK_THAT(failed.status().message(), Catch::Contains("nothing was imported"));
  CHECK(f.ChangeCount() == before);
  CHECK_FALSE(f.store->ImportCases(f.clerk, "{\"format\":\"x\"}").ok());
  CHECK_FALSE(f.store->ImportCases(f.clerk, "[").ok());
}

TEST_CASE("bulk import run twice changes nothing and names rows that differ") {
  StoreFixture f;
  const std::string file = R"({"format":"tongban-cases/1","cases":[
    {"legacy_no":"L-1","item_code":"高龄津贴申领","applicant":{"kind":"person","name":"王五","id_number":"440524188001010014"},"received_at":"2026-01-05 09:00"},
    {"legacy_no":"L-2","item_code":"高龄津贴申领","applicant":{"kind":"person","name":"赵六","id_number":"11010519491231002X"},"received_at":"2026-01-06 10:00"},
    {"item_code":"高龄津贴申领","applicant":{"kind":"person","name":"孙八","id_number":"11010519491231002X"},"received_at":"2026-01-07 10:00"}]})";
  auto first = f.store->ImportCases(f.clerk, file);
  REQUIRE(first.ok());
  CHECK(first->imported == 3);
  CHECK(first->without_legacy_no == 1);
  // The legacy number is on the case's timeline, for every node that sees the case.
  auto kase = f.store->GetCase(first->case_numbers[0]);
  REQUIRE(kase.ok());
  CHECK(kase->events.front().detail.find("L-1") != std::string::npos);

  // The same rows again, spaced and ordered otherwise: the numbered ones change nothing.
  std::string again = file;
  again.replace(again.find("\"legacy_no\":\"L-1\","), std::string("\"legacy_no\":\"L-1\",").size(), "");
  again.replace(again.find("\"received_at\":\"2026-01-05 09:00\"}"),
                std::string("\"received_at\":\"2026-01-05 09:00\"}").size(),
                "\"received_at\":\"2026-01-05 09:00\",  \"legacy_no\" : \"L-1\"}");
  const auto before = f.ChangeCount();
  auto second = f.store->ImportCases(f.clerk, again);
  REQUIRE(second.ok());
  CHECK(second->imported == 1);  // the one without a legacy number, told as such
  CHECK(second->without_legacy_no == 1);
  REQUIRE(second->unchanged.size() == 2);
  CHECK(second->unchanged[0].legacy_no == "L-1");
  CHECK(second->unchanged[0].case_no == first->case_numbers[0]);
  CHECK(second->differing.empty());
  CHECK(f.ChangeCount() > before);

  // A row changed since: named with its case, and the case left as it is.
  std::string changed = file;
  changed.replace(changed.find("赵六"), std::string("赵六").size(), "赵七");
  auto third = f.store->ImportCases(f.clerk, changed);
  REQUIRE(third.ok());
  REQUIRE(third->differing.size() == 1);
  CHECK(third->differing[0].legacy_no == "L-2");
  CHECK(third->differing[0].case_no == first->case_numbers[1]);
  CHECK(f.store->GetCase(first->case_numbers[1])->applicant_name == "赵六");
  // A legacy number that is no string is refused, and nothing of the file is taken.
  CHECK_FALSE(f.store->ImportCases(f.clerk, R"({"format":"tongban-cases/1","cases":[
    {"legacy_no":17,"item_code":"高龄津贴申领","applicant":{"kind":"person","name":"王五","id_number":"440524188001010014"}}]})").ok());
}

TEST_CASE("staff: Argon2id passwords, admin-only account creation") {
  StoreFixture f;
  CHECK(f.store->Login("clerk", "wrong-password").status().code() == ErrorCode::kPermissionDenied);
  CHECK(f.store->Login("nobody", "x").status().message() == "wrong login or password");
  CHECK(f.store->AddStaff(f.clerk, "x", "X", Role::kClerk, "password1").code() ==
        ErrorCode::kPermissionDenied);
  CHECK(f.store->AddStaff(f.admin, "clerk", "X", Role::kClerk, "password1").code() ==
        ErrorCode::kAlreadyExists);
  CHECK_FALSE(f.store->AddStaff(f.admin, "Bad Login", "X", Role::kClerk, "password1").ok());
  CHECK_FALSE(f.store->AddStaff(f.admin, "short", "X", Role::kClerk, "pw").ok());
  auto hash = f.store->database().Prepare("SELECT pw_hash FROM staff WHERE login = 'clerk'");
  REQUIRE((*hash)->Step().ok());
  CHECK_THAT((*hash)->Text(0), Catch::StartsWith("$argon2id$"));
}

TEST_CASE("a store reopens with its identity, cases and calendar overrides") {
  StoreFixture f;
  const auto no = f.store->Intake(f.clerk, f.Request(t::kElderly))->case_no;
  REQUIRE(f.store->SetCalendarOverride(f.admin, *ParseDate("2026-03-02"), false, "洪水闭站").ok());
  CHECK_FALSE(f.store->SetCalendarOverride(f.clerk, *ParseDate("2026-03-02"), false, "x").ok());
  f.store.reset();
  auto reopened = NodeStore::Open(f.path, f.clock);
  REQUIRE(reopened.ok());
  CHECK((*reopened)->identity().code == "QS-JX01");
  CHECK((*reopened)->identity().township == "QS-JX");
  CHECK((*reopened)->GetCase(no).ok());
  CHECK_FALSE((*reopened)->calendar().IsWorkday(*ParseDate("2026-03-02")));
}

TEST_CASE("opening: missing file, foreign file, existing file on create") {
  t::TempDir dir;
  CHECK(NodeStore::Open(dir.File("none.db")).status().code() == ErrorCode::kNotFound);
  StoreFixture f;
  auto again = NodeStore::Create(f.path, {"QS-X", "X"}, "admin", "admin-password");
  CHECK(again.status().code() == ErrorCode::kAlreadyExists);
  CHECK_FALSE(NodeStore::Create(dir.File("a.db"), {"bad code!", "X"}, "admin", "pw12345678").ok());
}

TEST_CASE("a full disk is reported and the case is not half-written") {
  StoreFixture f;
  REQUIRE(f.store->Intake(f.clerk, f.Request(t::kElderly)).ok());
  const auto before = f.ChangeCount();
  auto pages = f.store->database().Prepare("PRAGMA page_count");
  REQUIRE(*(*pages)->Step());
  const auto count = (*pages)->Int(0);
  (*pages)->Reset();
  REQUIRE(f.store->database().Exec("PRAGMA max_page_count = " + std::to_string(count)).ok());
  Status last;
  for (int i = 0; i < 200 && last.ok(); ++i) last = f.store->Intake(f.clerk, f.Request(t::kElderly)).status();
  CHECK(last.code() == ErrorCode::kDiskFull);
  CHECK_THAT(last.message(), Catch::Contains("disk is full"));
  // Every case that did commit has its change rows; the failed one left none.
  const auto cases = f.store->Stats()->cases;
  CHECK(f.ChangeCount() - before == (cases - 1) * 3);
}

TEST_CASE("service figures count a period by status, channel, office and lateness") {
  StoreFixture f(NodeKind::kTownship, "QS-JX", "");
  auto r = f.Request(t::kElderly);
  const auto a = f.store->Intake(f.clerk, r)->case_no;
  r.green_channel = true;
  r.green_reason = "老年人";
  f.store->Intake(f.clerk, r);
  r = f.Request(t::kSoleProprietorChange, "91330100716105852F");
  r.applicant_kind = PartyKind::kEnterprise;
  r.channel = Channel::kOnline;
  f.store->Intake(f.clerk, r);
  REQUIRE(f.store->Transition(f.processor, a, "accept", "").ok());
  f.clock.Set(*ParseLocalDateTime("2026-03-20 10:00"));  // everything is due by now
  auto s = f.store->ServiceFigures(*ParseLocalDateTime("2026-02-01"), *ParseLocalDateTime("2026-03-01"));
  REQUIRE(s.ok());
  CHECK(s->received == 3);
  CHECK(s->accepted == 1);
  CHECK(s->green == 1);
  CHECK(s->overdue == 3);
  CHECK(s->by_channel["online"] == 1);
  CHECK(s->by_office["QS-JX"] == 2);
  CHECK(s->by_office["C-SJ"] == 1);
  CHECK(f.store->ServiceFigures(0, *ParseLocalDateTime("2026-02-01"))->received == 0);
}

TEST_CASE("a birth date is judged by the node's clock on the day the case is received") {
  StoreFixture f;  // the node's clock says 2026-02-12
  auto r = f.Request(t::kElderly, "110105202602130012");  // born 2026-02-13
  auto early = f.store->Intake(f.clerk, r);
  REQUIRE_FALSE(early.ok());
  CHECK_THAT(early.status().message(), Catch::Contains("after today"));
  f.clock.Advance(24LL * 3600 * 1000);
  CHECK(f.store->Intake(f.clerk, r).ok());
}
