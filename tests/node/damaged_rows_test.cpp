// Stored data a failing disk or a careless repair damaged is an error naming what is
// damaged, never an exception and never a read past a value.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>

#include "store_fixture.h"
#include "tongban/node/store/node_replica.h"
#include "tongban/node/store/scan_store.h"
#include "tongban/sync/hybrid_clock.h"
#include "tongban/sync/sqlite.h"

using namespace tongban;
using namespace tongban::test;

namespace {

void Damage(node::NodeStore& store, const std::string& sql) {
  auto s = store.database().Exec(sql);
  INFO(s.message());
  REQUIRE(s.ok());
}

}  // namespace

TEST_CASE("a damaged record id is an error naming the case, never a read past it") {
  struct Row {
    const char* what;
    const char* damage;
    const char* names;
  };
  const Row rows[] = {
      {"the case's own id", "UPDATE cases SET uid = x'0102'", "case "},
      {"an event of the case", "UPDATE case_events SET uid = x''", "an event of case "},
      {"an event id that is NULL", "UPDATE case_events SET uid = NULL", "an event of case "},
  };
  for (const auto& row : rows) {
    INFO(row.what);
    StoreFixture f;
    auto c = f.store->Intake(f.clerk, f.Request(kElderly));
    REQUIRE(c.ok());
    // A careless repair, with the checks SQLite would make switched off.
    Damage(*f.store, "PRAGMA foreign_keys = OFF");
    Damage(*f.store, "PRAGMA ignore_check_constraints = ON");
    if (auto s = f.store->database().Exec(row.damage); !s.ok()) {
      CHECK_THAT(s.message(), Catch::Contains("NOT NULL"));  // the schema refuses this one
      continue;
    }
    auto read = f.store->GetCase(c->case_no);
    REQUIRE_FALSE(read.ok());
    CHECK(read.status().code() == ErrorCode::kCorruption);
    CHECK_THAT(read.status().message(), Catch::Contains(row.names + c->case_no));
    CHECK_THAT(read.status().message(), Catch::Contains("damaged"));
  }
}

TEST_CASE("damaged sync bookkeeping is an error naming its key") {
  StoreFixture f;
  node::NodeReplica replica(*f.store);
  REQUIRE(replica.State().ok());
  Damage(*f.store, "INSERT OR REPLACE INTO node_meta (key, value) VALUES ('sync_acked_seq', '12x')");
  auto state = replica.State();
  REQUIRE_FALSE(state.ok());
  CHECK(state.status().code() == ErrorCode::kCorruption);
  CHECK_THAT(state.status().message(), Catch::Contains("sync_acked_seq"));
  Damage(*f.store, "UPDATE node_meta SET value = '7' WHERE key = 'sync_acked_seq'");
  Damage(*f.store, "INSERT OR REPLACE INTO node_meta (key, value) VALUES ('hlc_last', 'soon')");
  // The clock is read inside every write: a damaged one refuses the write, loses nothing.
  auto intake = f.store->Intake(f.clerk, f.Request(kElderly));
  REQUIRE_FALSE(intake.ok());
  CHECK(intake.status().code() == ErrorCode::kCorruption);
  CHECK_THAT(intake.status().message(), Catch::Contains("hlc_last"));
}

namespace {

// A township center with a row in every synced table: cases at every stage with their
// materials, events, commitments and scans, an appointment, a visit, shipments, a rating,
// escalations, staff, the catalog and a published calendar.
struct Populated : StoreFixture {
  Populated() : StoreFixture(node::NodeKind::kTownship, "QS-JX", "") {
    auto open = store->Intake(clerk, Request(kDibao));
    REQUIRE(open.ok());
    open_case = open->case_no;
    auto served = store->Intake(clerk, Request(kDibao));
    REQUIRE(served.ok());
    for (const char* action : {"accept", "approve", "issue_result"})
      REQUIRE(store->Transition(processor, served->case_no, action, "").ok());
    REQUIRE(store->CreateShipment(clerk, {served->case_no, node::ShipmentDirection::kOut, "中国邮政 EMS",
                                          "EMS1234567890", "金溪村三组12号"})
                .ok());
    REQUIRE(store->Transition(clerk, served->case_no, "deliver", "", "window").ok());
    served_case = served->case_no;
    REQUIRE(store->RateCase(clerk, {served_case, 2, {"trips"}, "跑了三趟"}).ok());  // a rectification
    REQUIRE(store->CreateShipment(clerk, {open_case, node::ShipmentDirection::kIn, "中国邮政 EMS",
                                          "EMS0000000001", "金溪村三组12号"})
                .ok());
    node::ScanStore scans(*store);
    std::string jpeg = "\xFF\xD8\xFF\xE0" + std::string(3000, 'j');
    REQUIRE(scans.AttachBytes(clerk, open_case, "M01", jpeg, "id.jpg").ok());
    const auto day = *node::ParseDate("2026-02-13");
    auto slots = store->AppointmentSlots(kDibao, day);
    REQUIRE(slots.ok());
    REQUIRE_FALSE(slots->empty());
    REQUIRE(store->BookAppointment(clerk, {kDibao, slots->front().start, "李四", "440524188001010014", ""}).ok());
    REQUIRE(store->PlanVisit(clerk, {"QS-JX-F1", kDibao, "赵大爷", "11010519491231002X", "", "金溪村三组12号",
                                     day, "低保入户核查"})
                .ok());
    node::NodeReplica replica(*store);
    REQUIRE(replica
                .ApplyPull(PullOf("calendars", sync::RowId::Generate(clock.NowMillis()), "hub",
                                  sync::HybridClock::Make(clock.NowMillis(), 1),
                                  {{"name", "防汛停工"},
                                   {"applies_to", ""},
                                   {"body", R"({"format":"tongban-calendar/1","years":[{"year":2026,"off":[{"date":"2026-02-16","name":"防汛"}]}]})"},
                                   {"published_at", clock.NowMillis()}}))
                .ok());
    // Two months on, the open case is overdue: the sweep opens its escalations.
    clock.Advance(60LL * 24 * 3600 * 1000);
    REQUIRE(store->RunTimers(clerk).ok());
    store.reset();  // closed, so each trial copies a quiet file
  }
  std::string open_case, served_case;
};

// Every public reader of the store, each call a line of the report. None may throw; each
// is fine or a clear error.
void ReadEverything(node::NodeStore& store, const node::Session& clerk, const std::string& open_case,
                    const std::string& served_case, std::vector<std::pair<std::string, Status>>& out) {
  const auto note = [&out](const char* what, const Status& s) { out.emplace_back(what, s); };
  const node::Millis day_ms = 24LL * 3600 * 1000;
  const node::Millis now = store.NowMillis();
  note("GetCase open", store.GetCase(open_case).status());
  note("GetCase served", store.GetCase(served_case).status());
  note("Search", store.Search({}).status());
  node::CaseQuery queue;
  queue.queue = true;
  note("Search queue", store.Search(queue).status());
  note("OutstandingMaterials", store.OutstandingMaterials(open_case).status());
  note("ListStaff", store.ListStaff().status());
  note("Login", store.Login("clerk", "clerk-password").status());
  note("ListItems", store.ListItems().status());
  note("GetItem", store.GetItem(kDibao).status());
  note("AppointmentRules", store.AppointmentRules().status());
  note("AppointmentSlots", store.AppointmentSlots(kDibao, node::LocalDate(now)).status());
  note("ListAppointments", store.ListAppointments(node::LocalDate(now - 90 * day_ms), node::LocalDate(now)).status());
  note("ListVisits", store.ListVisits().status());
  note("ListShipments", store.ListShipments().status());
  note("RatingsOf", store.RatingsOf(served_case).status());
  note("ListEscalations", store.ListEscalations(false).status());
  note("ReadChanges", store.ReadChanges(0, 10000).status());
  note("Stats", store.Stats().status());
  note("ServiceFigures", store.ServiceFigures(0, now + day_ms).status());
  note("ModeFigures", store.ModeFigures(0, now + day_ms).status());
  note("Today", store.Today().status());
  node::NodeReplica replica(store);
  note("State", replica.State().status());
  note("GetStatus", replica.GetStatus().status());
  note("Digest", replica.Digest().status());
  node::ScanStore scans(store);
  note("Scans List", scans.List(open_case).status());
  note("Scans Backlog", scans.Backlog().status());
  note("PendingUploads", scans.PendingUploads().status());
  note("PendingDownloads", scans.PendingDownloads().status());
  // Writers that read what they decide on.
  note("RunTimers", store.RunTimers(clerk).status());
  note("RecomputeDeadlines", store.RecomputeDeadlines(clerk, "test").status());
  note("Transition", store.Transition(clerk, open_case, "withdraw", "申请人撤回").status());
}

}  // namespace

TEST_CASE("rows of every synced table damaged are read through every public reader without an exception") {
  Populated base;
  const std::vector<std::string> damages = {"'garbage'", "x'00ff17'", "-1", "NULL", "1e300", "''"};
  int trials = 0, refused = 0, read_fine = 0, tables_with_rows = 0;
  std::map<std::string, int> errors_by_reader;
  for (const auto& spec : node::ReplicatedTables()) {
    const std::string table(spec.name);
    // Every column the table stores: its fields, its id and its versions.
    std::vector<std::string> columns;
    {
      auto store = node::NodeStore::Open(base.path, base.clock);
      REQUIRE(store.ok());
      auto rows = (*store)->database().Prepare("SELECT count(*) FROM " + table);
      REQUIRE(rows.ok());
      REQUIRE(*(*rows)->Step());
      if ((*rows)->Int(0) > 0) ++tables_with_rows;
      else WARN("no row in " << table);
      auto info = (*store)->database().Prepare("SELECT name FROM pragma_table_info('" + table + "')");
      REQUIRE(info.ok());
      while (*(*info)->Step()) columns.push_back((*info)->Text(0));
    }
    for (const auto& column : columns) {
      for (const auto& damage : damages) {
        ++trials;
        INFO(table << "." << column << " = " << damage);
        const std::string copy = base.dir.File("damaged.db");
        std::filesystem::copy_file(base.path, copy, std::filesystem::copy_options::overwrite_existing);
        for (const char* side : {"-wal", "-shm"}) std::filesystem::remove(copy + side);
        {
          auto raw = sync::Database::Open(copy, {});
          REQUIRE(raw.ok());
          REQUIRE((*raw)->Exec("PRAGMA ignore_check_constraints = ON").ok());
          if (!(*raw)->Exec("UPDATE " + table + " SET \"" + column + "\" = " + damage).ok()) continue;  // NOT NULL
        }
        std::vector<std::pair<std::string, Status>> seen;
        Result<std::unique_ptr<node::NodeStore>> store = Status::Ok();
        REQUIRE_NOTHROW(store = node::NodeStore::Open(copy, base.clock));
        if (!store.ok()) {
          seen.emplace_back("Open", store.status());
        } else {
          auto clerk = (*store)->Login("clerk", "clerk-password");
          node::Session who = clerk.ok() ? *clerk : node::Session{};
          REQUIRE_NOTHROW(ReadEverything(**store, who, base.open_case, base.served_case, seen));
        }
        for (const auto& [reader, status] : seen) {
          INFO(reader << ": " << status.message());
          CHECK(status.code() != ErrorCode::kInternal);
          if (status.ok()) {
            ++read_fine;
          } else {
            ++refused;
            ++errors_by_reader[reader];
            // What a damaged value makes of a record is refused as the record would be
            // (not found, not allowed, wrong state); a value that does not parse is
            // Corruption naming the record, in printable text.
            CHECK(status.code() != ErrorCode::kInvalidArgument);
            CHECK(node::IsUtf8Text(status.message()));
            CHECK(status.message().find('\0') == std::string::npos);
            if (status.code() == ErrorCode::kCorruption) CHECK_THAT(status.message(), Catch::Contains("damaged") || Catch::Contains("bad versions"));
          }
        }
      }
    }
  }
  CHECK(tables_with_rows == static_cast<int>(node::ReplicatedTables().size()));
  std::string by_reader;
  for (const auto& [reader, n] : errors_by_reader) by_reader += " " + reader + "=" + std::to_string(n);
  WARN("damaged-row trials: " << trials << ", reads fine " << read_fine << ", clear errors " << refused
                              << ";" << by_reader);
}
