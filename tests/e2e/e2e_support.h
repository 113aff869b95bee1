// A county in a test: a real hub process and station nodes that enroll with it.
#pragma once

#include <catch2/catch.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hub_process.h"
#include "test_support.h"
#include "tongban/node/store/node_store.h"
#include "tongban/node/store/node_sync.h"

namespace tongban::test {

// A simulated date for a whole county: nodes take it as their wall clock, and the hub
// process and its admin commands follow it through libfaketime (an offset from real
// time in a file it reads at every clock call). Nodes correct their clocks by the
// hub's, so a test that moves the date moves it for both.
class CountyClock final : public sync::WallClock {
 public:
  explicit CountyClock(std::int64_t start_ms);
  std::int64_t NowMillis() override { return now_; }
  void Set(std::int64_t ms);
  void Advance(std::int64_t ms) { Set(now_ + ms); }
  // The environment a process needs to follow this clock.
  std::vector<std::string> Env() const;

 private:
  TempDir dir_;
  std::atomic<std::int64_t> now_;
};

class Hub {
 public:
  // With `tls`, the hub serves HTTPS on a certificate made for the test; nodes pin it.
  // With `clock`, the hub lives on the county's simulated date.
  explicit Hub(bool tls = false, const CountyClock* clock = nullptr);
  std::string pin() const { return pin_; }
  // Runs `tongban-central COMMAND --data <hub data> OPTIONS`; returns its output, in
  // English unless `lang` is another LANG. Without `exit_code`, a failure fails the test.
  std::string Admin(const std::string& command, const std::string& options = "",
                    int* exit_code = nullptr, const std::string& lang = "en_US.UTF-8");
  // The admin API token, issued at the first call and then reused (a new one
  // would end the old).
  std::string AdminToken();
  // Announces a node and returns its one-time enrollment code.
  std::string AddNode(const std::string& code, const std::string& kind,
                      const std::string& township);
  tools::HubProcess& process() { return process_; }
  std::string url() const { return process_.url(); }
  const TempDir& dir() const { return dir_; }

 private:
  TempDir dir_;
  std::string pin_;
  std::string admin_token_;
  std::string env_;  // prefix of admin commands: the clock's environment
  tools::HubProcess process_;
};

class Node {
 public:
  // Enrolls with the hub (announcing itself first) and creates the node's database
  // with an admin, a clerk "clerk" and a processor "proc".
  // `clock`: the node's wall time (a test may set it in the past; the hub refuses only
  // clocks running ahead).
  Node(Hub& hub, const std::string& code, const std::string& kind = "station",
       const std::string& township = "QS-JX", node::HubLink link = {},
       sync::WallClock& clock = sync::SystemWallClock::Instance());
  Result<sync::SyncSummary> Sync();
  std::string Digest();
  std::string HubDigest();
  std::string Secret();
  // Signs a request crafted by hand with the node's key, as its sync client does.
  void Sign(sync::HttpRequest& request);
  // Receives a case for `item` at this node (a clerk at the window).
  std::string Receive(const std::string& item, const std::string& name = "张建国");
  // Reopens the sync client, e.g. against another address or with a short stall limit.
  void Reconnect(const std::string& url, long stall_seconds = 20, int batch = 2000);

  node::NodeStore& store() { return *store_; }
  node::NodeSync& sync() { return *sync_; }
  node::Session clerk, proc;

 private:
  TempDir dir_;
  std::unique_ptr<node::NodeStore> store_;
  std::unique_ptr<node::NodeSync> sync_;
};

// Syncs `n` once and requires it to succeed, naming the node when it does not.
void Synced(Node& n);
// Receives a case for `item` at `station` and syncs the station, then `office`, so the
// office holds it; returns the case number.
std::string ReceivedAt(Node& station, Node& office, const std::string& item);

// The hub's log, a JSON object per line (every line must be one), and whether a line
// says `event` with these fields.
std::vector<nlohmann::json> HubLogLines(Hub& hub);
bool HubLogged(Hub& hub, const std::string& event, const nlohmann::json& fields = nlohmann::json::object());

// A file's bytes, whole ("" when it cannot be read).
std::string Slurp(const std::string& path);

// The `tongban` binary as a clerk's script runs it: `env` (assignments, a clock's
// environment) before it, output into files in `dir`. English unless `env` sets LANG.
struct CliRun {
  int code = -1;
  std::string out, err;
};
// `input`: what it reads on standard input (a new password).
CliRun RunCli(const TempDir& dir, const std::string& args, const std::string& env = "",
              const std::string& input = "");

}  // namespace tongban::test
