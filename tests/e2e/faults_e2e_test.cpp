// Outages: the hub killed mid-push, and a link that refuses, drops, truncates,
// stalls and flips bytes. Nothing is lost and nothing is applied twice.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <thread>

#include "e2e_support.h"
#include "fault_proxy.h"
#include "tongban/sync/sqlite.h"

extern char** environ;

using namespace tongban;
using namespace tongban::test;

namespace {

constexpr const char* kElderly = "高龄津贴申领";

// Changes from `node` in the hub's log: each must be there exactly once.
std::int64_t HubLogRows(Hub& hub, const std::string& node) {
  auto db = sync::Database::Open(hub.process().data() + "/hub.db", {.create = false});
  REQUIRE(db.ok());
  auto st = (*db)->Prepare("SELECT COUNT(*), COUNT(DISTINCT origin_seq) FROM hub_log WHERE origin = ?1");
  (*st)->Bind(1, node);
  REQUIRE(*(*st)->Step());
  const auto rows = (*st)->Int(0);
  CHECK(rows == (*st)->Int(1));  // no origin change logged twice
  return rows;
}

// Fills a station with generated cases in one legacy import.
void Fill(Node& n, int cases) {
  std::string body = R"({"format":"tongban-cases/1","cases":[)";
  for (int i = 0; i < cases; ++i) {
    body += std::string(i ? "," : "") + R"({"item_code":")" + kElderly +
            R"(","applicant":{"kind":"person","name":"村民)" + std::to_string(i) +
            R"(","id_number":"11010519491231002X"},"received_at":"2026-03-02 09:30"})";
  }
  body += "]}";
  auto r = n.store().ImportCases(n.clerk, body);
  REQUIRE(r.ok());
}

}  // namespace

TEST_CASE("kill -9 of the hub mid-push: restart, resume, nothing lost or doubled") {
  Hub hub;
  Node station(hub, "QS-JX01");
  Fill(station, 3000);
  station.Reconnect(hub.url(), 5, 100);
  const auto total = *station.sync().replica().State();

  std::atomic<bool> done{false};
  Status first;
  std::thread pusher([&] {
    sync::SyncSummary s;
    first = station.sync().client().Push(s, {});
    done = true;
  });
  // Wait until part of the push is durable at the hub, then pull the plug.
  auto node_db = node::NodeStore::Open(station.store().database().path());
  REQUIRE(node_db.ok());
  node::NodeReplica watcher(**node_db);
  for (int i = 0; i < 2000 && !done; ++i) {
    if (watcher.State()->acked_seq > total.last_seq * 3 / 10) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  hub.process().Kill();
  pusher.join();
  REQUIRE_FALSE(done == false);
  CHECK_FALSE(first.ok());  // the push noticed the outage
  const auto acked_at_kill = watcher.State()->acked_seq;
  CHECK(acked_at_kill > 0);
  CHECK(acked_at_kill < total.last_seq);

  REQUIRE(hub.process().Start());
  auto resumed = station.Sync();
  INFO(resumed.status().message());
  REQUIRE(resumed.ok());
  // The hub may have committed part of the cut batch; the node asks, and sends only the rest.
  CHECK(resumed->pushed <= total.last_seq - acked_at_kill);
  CHECK(resumed->duplicates == 0);
  CHECK(station.Digest() == station.HubDigest());
  CHECK(HubLogRows(hub, "QS-JX01") == total.last_seq);
}

TEST_CASE("a faulty link fails a sync cleanly, the next one completes exactly once") {
  Hub hub;
  FaultProxy proxy("127.0.0.1", static_cast<std::uint16_t>(hub.process().port()));
  const std::string via = "http://127.0.0.1:" + std::to_string(proxy.port());
  Node station(hub, "QS-JX01", "station", "QS-JX", {via});
  station.Reconnect(via, 1, 50);  // a 1 s stall limit keeps the test short
  REQUIRE(station.Sync().ok());

  struct Row {
    const char* name;
    FaultPlan plan;
  };
  const Row rows[] = {
      {"refused", {Fault::kRefuse}},
      {"dropped mid-request", {Fault::kDropAfter, 300}},
      {"reply truncated", {Fault::kTruncateReply, 60}},
      {"reply stalled", {Fault::kStallReply, 0, std::chrono::milliseconds(4000)}},
      {"request byte flipped", {Fault::kFlipRequest, 400}},
      {"reply byte flipped", {Fault::kFlipReply, 200}},
  };
  for (const auto& row : rows) {
    INFO(row.name);
    for (int i = 0; i < 20; ++i) station.Receive(kElderly, "村民");
    proxy.SetPlan(row.plan);
    proxy.CloseAll();  // the next request opens a connection under the new plan
    auto failed = station.Sync();
    CHECK_FALSE(failed.ok());
    CHECK_FALSE(failed.status().message().empty());
    proxy.SetPlan({Fault::kPass});
    proxy.CloseAll();
    auto ok = station.Sync();
    INFO(ok.status().message());
    REQUIRE(ok.ok());
    CHECK(station.Digest() == station.HubDigest());
  }
  const auto state = *station.sync().replica().State();
  CHECK(state.acked_seq == state.last_seq);
  CHECK(HubLogRows(hub, "QS-JX01") == state.last_seq);
}

TEST_CASE("kill -9 of a node mid-sync: the next sync completes, nothing lost or doubled") {
  Hub hub;
  Node station(hub, "QS-JX01");
  Fill(station, 3000);
  const auto path = station.store().database().path();
  const auto total = *station.sync().replica().State();
  // The real CLI syncs in small batches; it is killed while pushing.
  std::vector<std::string> args = {TONGBAN_CLI, "sync", "--db", path, "--batch", "100"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  REQUIRE(posix_spawn(&pid, TONGBAN_CLI, nullptr, nullptr, argv.data(), environ) == 0);
  auto other = node::NodeStore::Open(path);
  REQUIRE(other.ok());
  node::NodeReplica watcher(**other);
  for (int i = 0; i < 2000; ++i) {
    if (watcher.State()->acked_seq > total.last_seq / 4) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  const auto at_kill = watcher.State()->acked_seq;
  INFO("acknowledged when killed: " << at_kill << " of " << total.last_seq);
  CHECK(at_kill < total.last_seq);  // the kill really landed mid-push
  auto resumed = station.Sync();
  INFO(resumed.status().message());
  REQUIRE(resumed.ok());
  CHECK(station.Digest() == station.HubDigest());
  CHECK(HubLogRows(hub, "QS-JX01") == total.last_seq);
}

TEST_CASE("a node that lost records repairs from the hub without losing unsent work") {
  Hub hub;
  Node station(hub, "QS-JX01");
  const auto kept = station.Receive(kElderly, "王五");
  REQUIRE(station.Sync().ok());
  // A careless tool deletes a case's timeline behind the store's back.
  REQUIRE(station.store().database().Exec("DELETE FROM case_events").ok());
  CHECK(station.Digest() != station.HubDigest());
  const auto unsent = station.Receive(kElderly, "赵六");  // and new work is waiting
  sync::SyncSummary summary;
  REQUIRE(station.sync().client().Push(summary, {}).ok());
  REQUIRE(station.sync().replica().ResetPullCursor().ok());
  REQUIRE(station.sync().client().Pull(summary, {}, /*include_own=*/true).ok());
  CHECK(station.Digest() == station.HubDigest());
  CHECK(station.store().GetCase(kept)->events.size() == 1);
  CHECK(station.store().GetCase(unsent).ok());
}

TEST_CASE("a streamed push cut partway resends only what was not acknowledged") {
  Hub hub;
  FaultProxy proxy("127.0.0.1", static_cast<std::uint16_t>(hub.process().port()));
  const std::string via = "http://127.0.0.1:" + std::to_string(proxy.port());
  Node clean(hub, "QS-JX01", "station", "QS-JX", {via});
  Node cut(hub, "QS-JX02", "station", "QS-JX", {via});
  for (Node* n : {&clean, &cut}) {
    n->Reconnect(via, 5);
    REQUIRE(n->Sync().ok());
    Fill(*n, 3000);
  }
  // The same push undisturbed, for its bytes.
  proxy.CloseAll();
  const std::size_t up0 = proxy.bytes_up();
  sync::SyncSummary undisturbed;
  REQUIRE(clean.sync().client().Push(undisturbed, {}).ok());
  const std::size_t clean_up = proxy.bytes_up() - up0;

  // Cut once 40 % of those bytes are through, wherever that falls in the stream.
  proxy.SetPlan({Fault::kDropAfter, clean_up * 4 / 10, {}, 1});
  proxy.CloseAll();
  const std::size_t up1 = proxy.bytes_up();
  sync::SyncSummary first;
  const Status cut_short = cut.sync().client().Push(first, {});
  CHECK_FALSE(cut_short.ok());
  sync::SyncSummary second;
  const Status resumed = cut.sync().client().Push(second, {});
  INFO(resumed.message());
  REQUIRE(resumed.ok());
  const std::size_t cut_up = proxy.bytes_up() - up1;
  // What the hub committed before the cut was acknowledged as it went: the rest goes once.
  // A frame the hub was still applying when the link went may be committed after the
  // node asked where it stands; sent again, it is skipped (at most a window of changes).
  CHECK(first.pushed > 0);
  CHECK(second.duplicates < 300);
  // The cut costs a window of a few kilobytes again, not a batch (2,000 changes would
  // be a fifth of this push).
  CHECK(cut_up < clean_up * 105 / 100);
  const auto state = *cut.sync().replica().State();
  CHECK(state.acked_seq == state.last_seq);
  CHECK(HubLogRows(hub, "QS-JX02") == state.last_seq);
  REQUIRE(cut.Sync().ok());
  CHECK(cut.Digest() == cut.HubDigest());
}
