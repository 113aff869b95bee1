// The station's audit trail: who changed records, saw a full ID number, printed or set
// a password, chained with SM3 so that any edit of the trail names where it broke.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "node/store_fixture.h"
#include "tongban/node/store/node_store.h"
#include "tongban/sync/sqlite.h"

using tongban::test::StoreFixture;

TEST_CASE("audit: changes, a full ID seen, a print and a password set are on the trail") {
  StoreFixture f;
  auto before = f.store->AuditEntries(0, 1000);
  REQUIRE(before.ok());
  const std::int64_t start = before->empty() ? 0 : before->back().seq;

  auto c = f.store->Intake(f.clerk, f.Request(tongban::test::kDibao));
  REQUIRE(c.ok());
  auto id = f.store->RevealApplicantId(f.processor, c->case_no);
  REQUIRE(id.ok());
  REQUIRE(*id == "11010519491231002X");
  REQUIRE(f.store->RecordPrint(f.clerk, c->case_no, "receipt", "Front-Desk").ok());
  REQUIRE(f.store->ResetPassword(f.admin, "clerk", "new-password-1").ok());
  REQUIRE(f.store->RevealApplicantId(f.clerk, "QS-JX01-20990101-0001").status().code() ==
          tongban::ErrorCode::kNotFound);

  auto trail = f.store->AuditEntries(start, 100);
  REQUIRE(trail.ok());
  REQUIRE(trail->size() == 4);  // a refused reveal leaves nothing
  const auto& intake = (*trail)[0];
  REQUIRE(intake.action == "change");
  REQUIRE(intake.user == "clerk");
  REQUIRE(intake.node == "QS-JX01");
  REQUIRE(intake.target.find("1:" + c->uid.Hex()) != std::string::npos);  // the case record
  REQUIRE((*trail)[1].action == "view_id");
  REQUIRE((*trail)[1].user == "proc");
  REQUIRE((*trail)[1].target == c->case_no);
  REQUIRE((*trail)[2].action == "print");
  REQUIRE((*trail)[2].detail.find("Front-Desk") != std::string::npos);
  REQUIRE((*trail)[3].action == "set_password");
  REQUIRE((*trail)[3].target == "clerk");
  // No full ID number in the trail itself.
  for (const auto& e : *trail) REQUIRE(e.detail.find("11010519491231002X") == std::string::npos);
  auto verified = f.store->VerifyAudit();
  REQUIRE(verified.ok());
  REQUIRE_FALSE(*verified);
}

TEST_CASE("audit: an entry edited in the database file is named") {
  StoreFixture f;
  auto c = f.store->Intake(f.clerk, f.Request(tongban::test::kDibao));
  REQUIRE(c.ok());
  REQUIRE(f.store->RevealApplicantId(f.clerk, c->case_no).ok());
  auto trail = f.store->AuditEntries(0, 1000);
  REQUIRE(trail.ok());
  const std::int64_t seen = trail->back().seq;
  // Someone with the file hides who looked.
  REQUIRE(f.store->database()
              .Exec("UPDATE audit_log SET user = 'nobody' WHERE seq = " + std::to_string(seen))
              .ok());
  auto verified = f.store->VerifyAudit();
  REQUIRE(verified.ok());
  REQUIRE(*verified == seen);
  // Deleting it instead breaks the link of the entry after it.
  REQUIRE(f.store->RecordPrint(f.clerk, c->case_no, "receipt", "Front-Desk").ok());
  REQUIRE(f.store->database().Exec("DELETE FROM audit_log WHERE seq = " + std::to_string(seen)).ok());
  verified = f.store->VerifyAudit();
  REQUIRE(*verified == seen + 1);
}

TEST_CASE("audit: a bulk import is one entry that names its change-log range, small enough to send") {
  StoreFixture f;
  std::string json = R"({"format":"tongban-cases/1","cases":[)";
  for (int i = 0; i < 40; ++i) {
    if (i) json += ',';
    json += R"({"legacy_no":"A)" + std::to_string(i) +
            R"(","item_code":"高龄津贴申领","applicant":{"kind":"person","name":"王五","id_number":"440524188001010014"},"received_at":"2026-01-05 09:00"})";
  }
  json += "]}";
  auto before = f.store->AuditEntries(0, 1000);
  REQUIRE(before.ok());
  auto imported = f.store->ImportCases(f.admin, json);
  REQUIRE(imported.ok());
  auto trail = f.store->AuditEntries(before->back().seq, 100);
  REQUIRE(trail.ok());
  REQUIRE(trail->size() == 1);
  const auto& e = trail->front();
  REQUIRE(e.action == "change");
  REQUIRE(e.target.size() < 2000);  // 32 records named, the rest counted
  REQUIRE(e.target.find(" +") != std::string::npos);
  const auto detail = nlohmann::json::parse(e.detail);
  REQUIRE(detail["records"].get<std::int64_t>() > 32);
  REQUIRE(detail["changes"].size() == 2);
  REQUIRE(detail["changes"][1].get<std::int64_t>() - detail["changes"][0].get<std::int64_t>() + 1 ==
          detail["records"].get<std::int64_t>());
}

TEST_CASE("audit: enrolled again, the trail takes back what the hub holds and goes on after it") {
  StoreFixture f;
  auto trail = f.store->AuditEntries(0, 1000);
  REQUIRE(trail.ok());
  REQUIRE(trail->size() >= 2);
  const std::int64_t sent = (*trail)[trail->size() - 2].seq;  // the hub took all but the last
  const tongban::sync::AuditEntry unsent_before = trail->back();
  // What the hub holds after `sent`: the entry this database has, and two it lost.
  std::vector<tongban::sync::AuditEntry> held{unsent_before};
  for (const char* target : {"QS-JX01-20260101-0007", "QS-JX01-20260101-0008"}) {
    tongban::sync::AuditEntry e{.at_ms = 1, .node = "QS-JX01", .user = "clerk", .action = "view_id",
                                .target = target, .detail = "{}"};
    held.push_back(tongban::sync::NextAuditEntry(held.back(), e));
  }
  // Written here since the restore: it numbers like the lost ones.
  REQUIRE(f.store->RevealApplicantId(f.processor, f.store->Intake(f.clerk, f.Request(tongban::test::kDibao))->case_no).ok());
  auto here = f.store->AuditEntries(sent, 100);
  REQUIRE(here.ok());
  const std::size_t written = here->size() - 1;

  // A hub copy that does not continue this chain changes nothing.
  auto forged = held;
  forged[0].user = "someone";
  CHECK(f.store->RejoinAuditTrail(sent, forged).key() == "store.audit_rejoin_broken");
  CHECK(f.store->AuditEntries(sent, 100)->size() == here->size());

  REQUIRE(f.store->SetMeta(tongban::node::kAuditRejoinMeta, "1").ok());
  REQUIRE(f.store->RejoinAuditTrail(sent, held).ok());
  auto after = f.store->AuditEntries(sent, 100);
  REQUIRE(after.ok());
  REQUIRE(after->size() == held.size() + written);
  for (std::size_t i = 0; i < held.size(); ++i) CHECK((*after)[i].hash == held[i].hash);
  CHECK((*after)[held.size()].action == (*here)[1].action);  // the new ones follow, chained anew
  CHECK(*f.store->VerifyAudit() == std::nullopt);
  CHECK(*f.store->Meta(std::string(tongban::node::kAuditSentKey)) ==
        std::to_string(sent + static_cast<std::int64_t>(held.size())));
  CHECK(f.store->Meta(tongban::node::kAuditRejoinMeta)->empty());
}

TEST_CASE("case numbers: parsed back into station, day and sequence; anything else is not one") {
  using tongban::node::ParseCaseNumber;
  const auto no = tongban::node::FormatCaseNumber("QS-JX01", *tongban::node::ParseDate("2026-03-09"), 12);
  auto parts = ParseCaseNumber(no);
  REQUIRE(parts);
  CHECK(parts->station == "QS-JX01");
  CHECK(tongban::node::FormatDate(parts->day) == "2026-03-09");
  CHECK(parts->sequence == 12);
  CHECK(ParseCaseNumber("QS-JX01-20260309-10234")->sequence == 10234);
  for (const char* bad : {"", "P1", "QS-JX01-2026039-0001", "QS-JX01-20260230-0001", "-20260309-0001",
                          "QS-JX01-20260309-", "QS-JX01-20260309-00a1", "QS-JX0120260309-0001"})
    CHECK_FALSE(ParseCaseNumber(bad));
}
