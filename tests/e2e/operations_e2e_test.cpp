// What county IT sees of a running fleet (issue 11): each node's software version, clock
// offset and last contact (USB bundles count) in `station list`, the hub's log as JSON
// lines carrying the nodes' request ids, and /metrics per node.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "e2e_support.h"
#include "tongban/node/domain/replication_schema.h"
#include "tongban/node/store/node_bundle.h"
#include "tongban/sync/sqlite.h"
#include "tongban/sync/curl_transport.h"
#include "tongban/sync/request_tags.h"

using namespace tongban;
using namespace tongban::test;
using nlohmann::json;

namespace {

json NodeRow(Hub& hub, const std::string& code) {
  for (const auto& n : json::parse(hub.Admin("station list", "--json")))
    if (n["code"] == code) return n;
  FAIL("station list does not show " << code);
  return {};
}

// A node's clock that runs a fixed time behind the real one.
class BehindClock final : public sync::WallClock {
 public:
  explicit BehindClock(std::int64_t ms) : behind_(ms) {}
  std::int64_t NowMillis() override { return sync::SystemWallClock::Instance().NowMillis() - behind_; }

 private:
  std::int64_t behind_;
};

}  // namespace

TEST_CASE("station list, the hub's log and /metrics show each node's version, clock and last contact") {
  Hub hub;
  BehindClock slow(90'000);
  Node station(hub, "QS-JX01", "station", "QS-JX", {}, slow);
  Node laptop(hub, "QS-FD01", "field", "");
  station.Receive("高龄津贴申领");
  auto round = station.sync().RunRound();
  INFO(round.status().message());
  REQUIRE(round.ok());
  REQUIRE(!round->round_id.empty());

  // Version and clock offset as its last pull said them.
  const json row = NodeRow(hub, "QS-JX01");
  CHECK(row["software"] == std::string(sync::kSoftwareVersion));
  REQUIRE(row["clock_offset_ms"].is_number_integer());
  CHECK(row["clock_offset_ms"].get<long long>() < -85'000);
  CHECK(row["clock_offset_ms"].get<long long>() > -100'000);
  const std::string text = hub.Admin("station list");
  CHECK_THAT(text, Catch::Contains(std::string(sync::kSoftwareVersion)) &&
                       (Catch::Contains("-90 s") || Catch::Contains("-91 s")));

  // The hub's log: one JSON object a line, the round's requests under the node's ids.
  bool tagged = false;
  for (const auto& line : HubLogLines(hub))
    if (line["event"] == "push" && line["node"] == "QS-JX01")
      tagged = line.value("request_id", "").rfind(round->round_id + "-", 0) == 0;
  CHECK(tagged);
  // The station's own sync log: a JSON line for the round, under the same id.
  bool logged = false;
  std::istringstream sync_log(Slurp(node::SyncLogPath(station.store().database().path())));
  for (std::string line; std::getline(sync_log, line);) {
    const json j = json::parse(line);  // every line one object
    logged |= j["event"] == "round" && j["request_id"] == round->round_id && j["node"] == "QS-JX01" &&
              j["pushed"].get<int>() >= 1;
  }
  CHECK(logged);

  // A laptop seen only through a USB stick is seen all the same.
  const std::string enrolled_seen = NodeRow(hub, "QS-FD01")["last_seen"];
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  laptop.Receive("城乡居民基本养老保险参保登记");
  TempDir stick;
  REQUIRE(node::ExportBundle(laptop.store(), stick.File("fd01.bundle")).ok());
  hub.Admin("bundle import", stick.File("fd01.bundle"));
  const json seen = NodeRow(hub, "QS-FD01")["last_seen"];
  REQUIRE(seen.is_string());
  CHECK(seen.get<std::string>() > enrolled_seen);

  // /metrics: per node, in Prometheus' text format.
  auto t = sync::CurlTransport::Create({hub.url()});
  REQUIRE(t.ok());
  auto r = (*t)->Send(sync::HttpRequest{
      "GET", "/metrics", {{"authorization", "Bearer " + hub.AdminToken()}}, "", ""});
  REQUIRE(r.ok());
  CHECK(r->headers.contains("x-tongban-request-id"));
  CHECK_THAT(r->body, Catch::Contains("tongban_node_info{node=\"QS-JX01\",version=\"" +
                                      std::string(sync::kSoftwareVersion) + "\",schema=\"" +
                                      std::to_string(node::kReplicationSchemaVersion) + "\"} 1"));
  CHECK_THAT(r->body, Catch::Contains("tongban_node_lag{node=\"QS-FD01\"} "));
  CHECK_THAT(r->body, Catch::Contains("tongban_node_clock_offset_seconds{node=\"QS-JX01\"} -9"));
  CHECK_THAT(r->body, Catch::Contains("tongban_node_last_seen_seconds{node=\"QS-FD01\"} "));
}
