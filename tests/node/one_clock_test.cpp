// One clock per database: the desk's worker, the CLI and a sync round each open the
// station file on their own connection, and every stamp any of them issues is newer
// than every stamp before it in the file.
#include <catch2/catch.hpp>

#include <mutex>
#include <set>
#include <thread>

#include "store_fixture.h"
#include "tongban/node/store/node_replica.h"

using namespace tongban;
using namespace tongban::test;

TEST_CASE("every connection writing one station file issues increasing stamps") {
  StoreFixture f;  // its wall clock stands still: only the shared clock can keep order
  auto first = f.store->Intake(f.clerk, f.Request(kElderly));
  REQUIRE(first.ok());
  std::vector<std::unique_ptr<node::NodeStore>> writers;
  for (int i = 0; i < 3; ++i) {
    auto s = node::NodeStore::Open(f.path, f.clock);
    REQUIRE(s.ok());
    writers.push_back(std::move(s).value());
  }
  // A pull on the sync round's connection observes a stamp from another node, a little ahead.
  const sync::Hlc remote = sync::HybridClock::Make(f.clock.NowMillis() + 60'000, 3);
  std::vector<Status> failures;
  std::mutex mu;
  auto record = [&](const Status& s) {
    if (s.ok()) return;
    std::lock_guard lock(mu);
    failures.push_back(s);
  };
  std::vector<std::thread> threads;
  threads.emplace_back([&] {  // the desk's worker: intakes
    for (int i = 0; i < 25; ++i) record(writers[0]->Intake(f.clerk, f.Request(kElderly)).status());
  });
  threads.emplace_back([&] {  // the CLI: phone numbers of the first case
    for (int i = 0; i < 25; ++i)
      record(writers[1]->UpdatePhone(f.clerk, first->case_no, "1390000" + std::to_string(1000 + i))
                 .status());
  });
  threads.emplace_back([&] {  // the sync round: the township's note on the case, then intakes
    node::NodeReplica replica(*writers[2]);
    const auto kase = nlohmann::json::binary(
        std::vector<std::uint8_t>(first->uid.bytes.begin(), first->uid.bytes.end()));
    const auto pull = PullOf("case_events", sync::RowId::Generate(f.clock.NowMillis()), "QS-JX",
                             remote,
                             {{"case_uid", kase}, {"at", f.clock.NowMillis()}, {"node", "QS-JX"},
                              {"user", "proc"}, {"action", "note"}, {"from_status", "received"},
                              {"to_status", "received"}});
    record(replica.ApplyPull(pull));
    for (int i = 0; i < 10; ++i) record(writers[2]->Intake(f.clerk, f.Request(kElderly)).status());
  });
  for (auto& t : threads) t.join();
  for (const auto& s : failures) FAIL(s.message());

  // The rows one write makes share its stamp; every write's stamp is newer than the last.
  const auto changes = ChangesAfter(*f.store, 0);
  REQUIRE(changes.size() > 60);
  sync::Hlc before = 0;
  std::set<sync::Hlc> writes;
  for (const auto& c : changes) {
    INFO("change " << c.seq);
    CHECK(c.hlc >= before);
    before = c.hlc;
    writes.insert(c.hlc);
  }
  CHECK(writes.size() >= 1 + 25 + 25 + 10 + 1);  // staff and catalog too, each its own stamp
  CHECK(before > remote);  // the stamp a pull observed moved every connection's clock on
  node::CaseQuery all;
  all.limit = 1000;
  auto cases = f.store->Search(all);
  REQUIRE(cases.ok());
  CHECK(cases->size() == 1 + 25 + 10);
  std::set<std::string> numbers;
  for (const auto& c : *cases) CHECK(numbers.insert(c.case_no).second);  // none issued twice
}

TEST_CASE("a calendar another connection pulled reaches a running desk") {
  StoreFixture desk;  // 2026-02-12, a Thursday
  auto before = desk.store->Intake(desk.clerk, desk.Request(kElderly));
  REQUIRE(before.ok());
  // `tongban sync` from the CLI, on its own connection, pulls a calendar making Friday a day off.
  auto cli = node::NodeStore::Open(desk.path, desk.clock);
  REQUIRE(cli.ok());
  node::NodeReplica replica(**cli);
  const auto pull = PullOf(
      "calendars", sync::RowId::Generate(desk.clock.NowMillis()), "hub",
      sync::HybridClock::Make(desk.clock.NowMillis(), 1),
      {{"name", "防汛停工"},
       {"applies_to", ""},
       {"body",
        R"({"format":"tongban-calendar/1","years":[{"year":2026,"off":[{"date":"2026-02-13","name":"防汛"}]}]})"},
       {"published_at", desk.clock.NowMillis()}});
  REQUIRE(replica.ApplyPull(pull).ok());
  CHECK_FALSE((*cli)->calendar().IsWorkday(*node::ParseDate("2026-02-13")));
  // The desk, open all along, counts the promised limit on the published year (which
  // replaces the shipped one: this one lists no Spring Festival, so the limit differs).
  auto after = desk.store->Intake(desk.clerk, desk.Request(kElderly));
  REQUIRE(after.ok());
  CHECK_FALSE(desk.store->calendar().IsWorkday(*node::ParseDate("2026-02-13")));
  CHECK(after->due_at != before->due_at);
}
