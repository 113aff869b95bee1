#include "tongban/sync/audit_chain.h"

#include <catch2/catch.hpp>
#include <functional>

using tongban::sync::AuditEntry;
using tongban::sync::AuditHash;
using tongban::sync::FirstBrokenLink;
using tongban::sync::NextAuditEntry;

namespace {

std::vector<AuditEntry> Chain(int n) {
  std::vector<AuditEntry> out;
  std::optional<AuditEntry> last;
  for (int i = 0; i < n; ++i) {
    AuditEntry e;
    e.at_ms = 1'770'000'000'000 + i * 1000;
    e.node = "QS-JX01";
    e.user = "wangli";
    e.action = i % 2 ? "print" : "view_id";
    e.target = "QS-JX01-20260212-000" + std::to_string(i + 1);
    e.detail = R"({"field":"applicant_id"})";
    last = NextAuditEntry(last, e);
    out.push_back(*last);
  }
  return out;
}

}  // namespace

TEST_CASE("audit: a chain links each entry to the one before with SM3") {
  const auto chain = Chain(5);
  REQUIRE(chain[0].seq == 1);
  REQUIRE(chain[0].prev_hash == tongban::sync::kAuditGenesis);
  REQUIRE(chain[0].hash.size() == 64);  // SM3: 256 bits
  for (std::size_t i = 1; i < chain.size(); ++i) REQUIRE(chain[i].prev_hash == chain[i - 1].hash);
  REQUIRE(AuditHash(chain[2]) == chain[2].hash);
  REQUIRE_FALSE(FirstBrokenLink(std::nullopt, chain));
  // Checked in parts, each continuing the last entry before it.
  REQUIRE_FALSE(FirstBrokenLink(chain[1], {chain.begin() + 2, chain.end()}));
}

TEST_CASE("audit: any change names the first broken link") {
  struct Row {
    const char* what;
    std::function<void(std::vector<AuditEntry>&)> tamper;
    std::int64_t broken;
  };
  const std::vector<Row> rows = {
      {"another user", [](auto& c) { c[2].user = "liqiang"; }, 3},
      {"another time", [](auto& c) { c[3].at_ms += 1; }, 4},
      {"another action", [](auto& c) { c[1].action = "export"; }, 2},
      {"another target", [](auto& c) { c[4].target = "QS-JX01-20260212-0009"; }, 5},
      {"another detail", [](auto& c) { c[0].detail = "{}"; }, 1},
      {"an entry dropped", [](auto& c) { c.erase(c.begin() + 2); }, 4},
      {"two swapped", [](auto& c) { std::swap(c[1], c[2]); }, 3},
      {"an entry rewritten and rehashed", [](auto& c) {
         c[2].user = "liqiang";
         c[2].hash = AuditHash(c[2]);
       }, 4},
      {"another node's entry", [](auto& c) {
         c[3].node = "QS-JX02";
         c[3].hash = AuditHash(c[3]);
       }, 4},
      {"the last entry's hash", [](auto& c) { c[4].hash[0] = c[4].hash[0] == 'a' ? 'b' : 'a'; }, 5},
  };
  for (const auto& row : rows) {
    INFO(row.what);
    auto chain = Chain(5);
    row.tamper(chain);
    REQUIRE(FirstBrokenLink(std::nullopt, chain) == row.broken);
  }
  // A first entry that does not start from the genesis.
  auto chain = Chain(3);
  REQUIRE(FirstBrokenLink(std::nullopt, {chain.begin() + 1, chain.end()}) == 2);
}
