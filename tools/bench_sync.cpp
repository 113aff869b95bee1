// tongban-bench-sync: what sync costs on the wire and in time, against a real hub.
//
// Starts the real `tongban-central serve` on a loopback port (hub_process.h)
// and drives in-process nodes on real SQLite files through NodeSync: real
// libcurl, real zstd (with the shipped dictionary when both sides have it).
// Topology: the township center QS-JX and its stations QS-JX01 and QS-JX02,
// plus QS-JX03 as a like-for-like baseline for the outage. Cases are generated
// (sample_cases.h) for items handled "@township", so QS-JX is their
// processing office: it pulls them and may move them.
//
// Phases, each timed and counted in bytes on the wire, both directions, HTTP
// headers included. The bytes are counted by a loopback relay the nodes reach
// the hub through; the node transport's own counters are shown beside them.
//   1. QS-JX01 pushes N imported cases;
//   2. QS-JX, a fresh node, pulls them;
//   3. QS-JX accepts M of them and verifies one material on each, then pushes;
//   4. QS-JX02 pushes N cases; once 40 % of the bytes the same push takes
//      undisturbed (QS-JX03's, 4a) have crossed to the hub, the hub is killed
//      (kill -9) wherever the push stands and restarted on the same data and
//      port; the push retries until done. Its bytes are compared with 4a's.
// Then every node syncs and its digest must equal the hub's, and the hub must
// have applied each of QS-JX02's changes exactly once. The hub's peak RSS is
// sampled after each phase and before the kill. The last line is
// "BENCH_JSON {...}" for scripts; a failed check exits 1 with one line on stderr.
//
// With --peer ../shared/peers/pouchdb the JavaScript peer's own benchmark (pouch_peer.h)
// runs after Tongban's phases in each of --rounds rounds, on the same case counts, and
// the medians are printed side by side with the ratio to the goal (10x the peer's
// docs/s) and added to the JSON line as "side_by_side".
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "bench_dir.h"
#include "bench_text.h"
#include "hub_admin.h"
#include "hub_process.h"
#include "pouch_peer.h"
#include "sample_cases.h"
#include "tongban/node/domain/replication_schema.h"
#include "tongban/node/store/node_replica.h"
#include "tongban/node/store/node_store.h"
#include "tongban/node/store/node_sync.h"
#include "tongban/sync/compression.h"
#include "tongban/sync/page_cipher.h"
#include "tongban/sync/wire.h"

#ifndef TONGBAN_CENTRAL
#error "TONGBAN_CENTRAL must name the tongban-central binary (set in tools/CMakeLists.txt)"
#endif

namespace tongban::tools {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Goals set for sync; bytes count both directions.
constexpr double kGoalPushBytesPerCase = 250;
constexpr double kGoalPushCasesPerSecond = 40000;
constexpr double kGoalIncrementalBytesPerCase = 100;
constexpr double kGoalOutageOverheadPct = 1;
constexpr double kGoalSealedCost = 1.25;          // issue 12: encrypted nodes within 1.25x
constexpr long kGoalHubPeakRssKib = 64 * 1024;

constexpr int kOutageBatch = 2000;
constexpr double kKillAtShare = 0.40;
// Long enough that the station's retries meet a dead hub, not only a slow one.
constexpr auto kHubDownTime = std::chrono::milliseconds(300);
constexpr auto kRetryPause = std::chrono::milliseconds(100);
constexpr auto kRetryDeadline = std::chrono::seconds(120);
constexpr std::size_t kImportChunk = 5000;  // well under ImportCases' limit
constexpr int kCompressionLevel = 6;        // what NodeSync's client uses
constexpr const char* kPassword = "bench-sync-pass";

struct Options {
  std::int64_t cases = 10000;
  std::int64_t changed = 2000;
  int batch = 2000;
  std::string dir;
  bool keep = false;
  std::string peer;  // the PouchDB peer's folder: run it beside, round by round
  int rounds = 1;
  std::string sealed;  // a cipher suite: each round again with encrypted nodes
  bool batches = false;  // push whole batches, not streams: the figures to compare with
};

// The goal against the peer: each phase at least this many times its docs per second.
constexpr double kGoalTimesPeer = 10;

// A TCP relay on loopback between the nodes and the hub that counts the bytes
// it forwards each way: what crossed the wire (HTTP headers and bodies),
// independent of the transport's own counters. Nodes are given its address.
// A connection whose hub side cannot be opened (hub down) is closed unread,
// as a refused connection would be. Thread per connection; few connections.
class CountingRelay {
 public:
  static Result<std::unique_ptr<CountingRelay>> Start(int hub_port) {
    std::unique_ptr<CountingRelay> r(new CountingRelay(hub_port));
    r->listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr = Loopback(0);
    socklen_t len = sizeof addr;
    if (r->listen_fd_ < 0 ||
        bind(r->listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        listen(r->listen_fd_, 64) != 0 ||
        getsockname(r->listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
      return Status(ErrorCode::kIoError, "the byte-counting relay cannot listen on loopback");
    r->port_ = ntohs(addr.sin_port);
    r->acceptor_ = std::thread([raw = r.get()] { raw->AcceptLoop(); });
    return r;
  }

  ~CountingRelay() {
    stop_ = true;
    if (acceptor_.joinable()) acceptor_.join();
    std::lock_guard lock(mu_);
    for (auto& t : pumps_) t.join();
    close(listen_fd_);
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::uint64_t to_hub() const { return to_hub_; }
  std::uint64_t from_hub() const { return from_hub_; }

 private:
  static constexpr int kPollMs = 50;  // how soon threads notice stop_

  explicit CountingRelay(int hub_port) : hub_port_(hub_port) {}

  static sockaddr_in Loopback(int port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
  }

  void AcceptLoop() {
    while (!stop_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (poll(&p, 1, kPollMs) <= 0) continue;
      const int client = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) continue;
      std::lock_guard lock(mu_);
      pumps_.emplace_back([this, client] { Pump(client); });
    }
  }

  static bool SendAll(int fd, const char* data, std::size_t n) {
    while (n > 0) {
      const ssize_t w = send(fd, data, n, MSG_NOSIGNAL);
      if (w <= 0) return false;
      data += w;
      n -= static_cast<std::size_t>(w);
    }
    return true;
  }

  void Pump(int client) {
    const int hub = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const sockaddr_in addr = Loopback(hub_port_);
    if (hub < 0 || connect(hub, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
      if (hub >= 0) close(hub);
      close(client);
      return;
    }
    // Both ends disable Nagle; so must the relay, or it adds delayed-ACK stalls.
    const int one = 1;
    setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    setsockopt(hub, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    pollfd fds[2] = {{client, POLLIN, 0}, {hub, POLLIN, 0}};
    std::atomic<std::uint64_t>* counters[2] = {&to_hub_, &from_hub_};
    std::vector<char> buf(1 << 16);
    for (bool open = true; open && !stop_;) {
      if (poll(fds, 2, kPollMs) <= 0) continue;
      for (int i = 0; i < 2 && open; ++i) {
        if (fds[i].revents == 0) continue;
        const ssize_t n = recv(fds[i].fd, buf.data(), buf.size(), 0);
        open = n > 0 && SendAll(fds[1 - i].fd, buf.data(), static_cast<std::size_t>(n));
        if (n > 0) *counters[i] += static_cast<std::uint64_t>(n);
      }
    }
    close(hub);
    close(client);
  }

  int hub_port_;
  int port_ = 0;
  int listen_fd_ = -1;
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> to_hub_{0};
  std::atomic<std::uint64_t> from_hub_{0};
  std::thread acceptor_;
  std::mutex mu_;
  std::vector<std::thread> pumps_;
};

struct NodeSpec {
  std::string code;
  std::string name;
  std::string kind;  // as `tongban-central station add --kind` takes it
  std::string township;
  node::Role role;  // of the one staff member who works here
  std::string login;
};

// One in-process node. NodeSync refers to the store: it is declared after it,
// so it goes first.
struct Node {
  std::unique_ptr<sync::DataKey> key;  // an encrypted node's; outlives its store
  std::string code;
  std::string path;
  std::unique_ptr<node::NodeStore> store;
  std::unique_ptr<node::NodeSync> sync;
  node::Session staff;           // clerk at a station, processor at the township
  std::uint32_t dictionary = 0;  // negotiated at the first sync
};

// What one phase moved, and how fast.
struct Phase {
  std::string key;    // name in BENCH_JSON
  std::string title;  // row in the table
  std::int64_t changes = 0;
  std::int64_t cases = 0;  // the divisor of the per-case figures
  double seconds = 0;
  std::uint64_t sent = 0;  // counted by the relay: on the wire
  std::uint64_t received = 0;
  std::uint64_t curl_sent = 0;  // as the node's CurlTransport counts them
  std::uint64_t curl_received = 0;
  int requests = 0;
  std::int64_t duplicates = 0;
  double goal_bytes = 0;  // per case; 0 when the phase has no byte goal
  double goal_rate = 0;   // cases/s; 0 when none

  std::uint64_t bytes() const { return sent + received; }
  std::uint64_t curl_bytes() const { return curl_sent + curl_received; }
  double PerCase(double x) const { return cases > 0 ? x / static_cast<double>(cases) : 0; }
  double BytesPerCase() const { return PerCase(static_cast<double>(bytes())); }
  double CasesPerSecond() const { return seconds > 0 ? static_cast<double>(cases) / seconds : 0; }
  bool BytesOk() const { return goal_bytes <= 0 || BytesPerCase() <= goal_bytes; }
  bool RateOk() const { return goal_rate <= 0 || CasesPerSecond() >= goal_rate; }
};

// Bytes so far, by the relay and by one node's transport; a phase is the difference.
struct Meter {
  std::uint64_t sent, received, curl_sent, curl_received;

  static Meter Read(const CountingRelay& relay, const sync::CurlTransport& t) {
    return {relay.to_hub(), relay.from_hub(), t.bytes_sent(), t.bytes_received()};
  }
  void Into(const Meter& later, Phase& p) const {
    p.sent = later.sent - sent;
    p.received = later.received - received;
    p.curl_sent = later.curl_sent - curl_sent;
    p.curl_received = later.curl_received - curl_received;
  }
};

// Where a push's bytes go: its request bodies encoded again here from the
// node's log, exactly as SyncClient builds them, and per table.
struct TableShare {
  std::int64_t changes = 0;
  std::int64_t fields = 0;
  std::uint64_t raw = 0;
  std::uint64_t compressed = 0;  // this table's changes compressed on their own
};

struct Breakdown {
  std::int64_t changes = 0;
  int requests = 0;
  std::uint64_t raw = 0;         // MessagePack request bodies
  std::uint64_t compressed = 0;  // as sent: zstd with the negotiated dictionary
  std::uint64_t plain = 0;       // zstd without a dictionary, for comparison
  double client_seconds = 0;     // read log + encode + compress: the node's CPU share
  std::map<std::string, TableShare> tables;
};

struct Outage {
  std::int64_t total = 0;          // changes to push
  std::int64_t acked_at_kill = 0;  // of those, acknowledged when the hub was killed
  std::uint64_t sent_at_kill = 0;  // bytes that had crossed to the hub then
  double down_seconds = 0;         // from the kill until the hub listened again
  int attempts = 0;
  int failures = 0;
  std::string first_error;
  double expected_bytes = 0;  // phase 1's bytes per case, times N
  double baseline_bytes = 0;  // QS-JX03: same batch, same data, no outage
  double baseline_sent = 0;   // of those, to the hub
  double OverheadPct(double bytes, double reference) const {
    return reference > 0 ? 100.0 * (bytes / reference - 1) : 0;
  }
};

struct DigestCheck {
  std::string code;
  std::string node, hub;
  bool ok() const { return node == hub; }
};

// The hub's own account of QS-JX02 after the outage, against the node's.
struct ExactlyOnce {
  std::int64_t node_last_seq = 0;
  std::int64_t node_acked_seq = 0;
  std::int64_t hub_acked_seq = 0;
  std::int64_t hub_applied = 0;
  std::int64_t hub_rejected = 0;
  std::int64_t hub_records_added = 0;
  std::int64_t node_records_added = 0;
  bool ok() const {
    return node_acked_seq == node_last_seq && hub_acked_seq == node_last_seq &&
           hub_applied == node_last_seq && hub_rejected == 0 &&
           hub_records_added == node_records_added;
  }
};

// The station's sync loop during the outage: push, and after a failure wait
// a moment and push again, until everything is acknowledged. Runs on its own
// thread with its own store (one NodeStore per thread).
class RetryingPush {
 public:
  RetryingPush(std::string db_path, bool batches) : db_path_(std::move(db_path)), batches_(batches) {}

  void Run() {
    status_ = Loop();
    done_ = true;
  }
  void GiveUp() { give_up_ = true; }
  bool done() const { return done_; }

  // Read only after the thread has joined.
  const Status& status() const { return status_; }
  const sync::SyncSummary& summary() const { return summary_; }
  int attempts() const { return attempts_; }
  int failures() const { return failures_; }
  const std::string& first_error() const { return first_error_; }
  std::uint64_t sent() const { return sent_; }
  std::uint64_t received() const { return received_; }
  double seconds() const { return seconds_; }

 private:
  Status Loop() {
    TB_ASSIGN_OR_RETURN(auto store, node::NodeStore::Open(db_path_));
    TB_ASSIGN_OR_RETURN(auto link, node::NodeSync::Open(*store, kOutageBatch));
    link->client().set_stream_push(!batches_);
    const auto start = SteadyClock::now();
    Status last;
    for (;;) {
      ++attempts_;
      last = link->client().Push(summary_, {});
      if (last.ok()) break;
      ++failures_;
      if (first_error_.empty()) first_error_ = last.message();
      if (give_up_ || SteadyClock::now() - start > kRetryDeadline) break;
      std::this_thread::sleep_for(kRetryPause);
    }
    seconds_ = SecondsSince(start);
    sent_ = link->transport().bytes_sent();
    received_ = link->transport().bytes_received();
    return last;
  }

  std::string db_path_;
  bool batches_;
  std::atomic<bool> done_{false};
  std::atomic<bool> give_up_{false};
  Status status_;
  sync::SyncSummary summary_;
  int attempts_ = 0;
  int failures_ = 0;
  std::string first_error_;
  std::uint64_t sent_ = 0;
  std::uint64_t received_ = 0;
  double seconds_ = 0;
};

class SyncBench {
 public:
  SyncBench(const Options& opt, const fs::path& dir,
            std::optional<sync::CipherSuite> sealed = std::nullopt)
      : opt_(opt), dir_(dir), sealed_(sealed), hub_(TONGBAN_CENTRAL, (dir / "hub").string()) {}

  // Runs every phase. An error stops the run; a failed check (digests,
  // exactly-once) is recorded and the run goes on, so its figures still print.
  Status Run();
  void Print() const;
  json Report() const;
  // Empty when every check passed.
  std::string failure() const { return failure_; }
  bool measured() const { return !phases_.empty(); }

 private:
  Status Setup();
  Result<Node> AddNode(const NodeSpec& spec, int batch);
  Result<std::vector<std::string>> Fill(Node& n, std::uint64_t seed);
  Result<Phase> TimedPush(Node& n, Phase p);
  Status InitialPush();
  Status FreshPull();
  Status IncrementalPush();
  Status OutagePush();
  Status KillDuringPush(RetryingPush& pusher, std::int64_t start_seq, std::uint64_t to_hub0,
                        std::uint64_t threshold);
  Status VerifyAll();
  Result<Breakdown> Explain(Node& n, std::int64_t after_seq, std::int64_t last_seq, int batch);
  Result<std::int64_t> HubRecords();
  void SampleRss(const char* when);
  void Fail(const std::string& why) {
    if (failure_.empty()) failure_ = why;
  }

  Options opt_;
  fs::path dir_;
  std::optional<sync::CipherSuite> sealed_;  // nodes encrypted with this suite
  HubProcess hub_;
  std::unique_ptr<CountingRelay> relay_;  // after the hub, before the nodes
  std::vector<ItemInfo> items_;
  Date first_day_, last_day_;
  Node station1_, township_, station2_, baseline_;
  std::vector<std::string> station1_cases_;
  double fill_seconds_ = 0;
  std::int64_t fill_cases_ = 0;
  double process_seconds_ = 0;  // phase 3's Transition + UpdateMaterials at the township

  std::vector<Phase> phases_;
  Breakdown push_parts_, incremental_parts_, baseline_parts_;
  Outage outage_;
  ExactlyOnce once_;
  std::vector<DigestCheck> digests_;
  std::vector<std::pair<std::string, long>> rss_;  // (after what, VmHWM KiB)
  long peak_rss_kib_ = 0;
  std::string failure_;
};

Status SyncBench::Setup() {
  std::error_code ec;
  fs::create_directories(hub_.data(), ec);
  if (ec) return Status(ErrorCode::kIoError, "cannot create " + hub_.data() + ": " + ec.message());
  if (!hub_.Start(0))
    return Status(ErrorCode::kUnavailable,
                  "the hub did not start; see " + hub_.data() + ".err (run with --keep)");
  TB_ASSIGN_OR_RETURN(relay_, CountingRelay::Start(hub_.port()));
  TB_RETURN_IF_ERROR(Central(hub_, {"catalog", "publish", "sample"}).status());

  auto township = AddNode(
      {"QS-JX", "金溪镇便民服务中心", "township", "", node::Role::kProcessor, "proc"}, opt_.batch);
  if (!township.ok()) return township.status().WithContext("set up QS-JX");
  township_ = std::move(*township);
  auto station = AddNode(
      {"QS-JX01", "金溪镇江星村便民服务站", "station", "QS-JX", node::Role::kClerk, "clerk"},
      opt_.batch);
  if (!station.ok()) return station.status().WithContext("set up QS-JX01");
  station1_ = std::move(*station);

  // Only items the township center processes, so it pulls every case.
  TB_ASSIGN_OR_RETURN(auto items, station1_.store->ListItems());
  std::vector<node::ServiceItem> township_items;
  for (const auto& item : items)
    if (item.handling_office == node::kTownshipOffice) township_items.push_back(item);
  if (township_items.empty())
    return Internal("the catalog pulled from the hub has no item handled at the township");
  items_ = ItemInfos(township_items);

  // Legacy cases lie in the past: 2025-01-01 to yesterday, at most the calendar's last year.
  first_day_ = std::chrono::year{2025} / 1 / 1;
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  last_day_ = std::min<Date>(node::LocalDate(now_ms) - std::chrono::days(1),
                             std::chrono::year{2026} / 12 / 31);

  TB_ASSIGN_OR_RETURN(station1_cases_, Fill(station1_, kSeed));
  SampleRss("setup");
  return Status::Ok();
}

// Announces the node at the hub, enrolls it with the one-time code, creates
// its store with the identity the hub gave, adds its staff member and syncs
// once (which pulls the catalog).
Result<Node> SyncBench::AddNode(const NodeSpec& spec, int batch) {
  std::vector<std::string> args = {"station", "add",     "--code", spec.code,
                                   "--name",  spec.name, "--kind", spec.kind};
  if (!spec.township.empty()) args.insert(args.end(), {"--township", spec.township});
  TB_ASSIGN_OR_RETURN(std::string added, Central(hub_, args));
  const node::HubLink link{relay_->url(), "", ""};
  TB_ASSIGN_OR_RETURN(node::Enrollment e, node::EnrollWithHub(link, spec.code, LastLine(added)));
  TB_ASSIGN_OR_RETURN(node::NodeKind kind, node::ParseNodeKind(e.kind));
  Node n;
  n.code = spec.code;
  n.path = (dir_ / (spec.code + ".db")).string();
  if (sealed_) n.key = std::make_unique<sync::DataKey>(sync::DataKey::Random(*sealed_));
  TB_ASSIGN_OR_RETURN(n.store, node::NodeStore::Create(n.path, {spec.code, e.name, kind, e.township},
                                                       "admin", kPassword,
                                                       sync::SystemWallClock::Instance(), n.key.get()));
  TB_RETURN_IF_ERROR(node::SaveHubLink(*n.store, link, e));
  TB_ASSIGN_OR_RETURN(node::Session admin, n.store->Login("admin", kPassword));
  TB_RETURN_IF_ERROR(n.store->AddStaff(admin, spec.login, spec.login, spec.role, kPassword));
  TB_ASSIGN_OR_RETURN(n.staff, n.store->Login(spec.login, kPassword));
  TB_ASSIGN_OR_RETURN(n.sync, node::NodeSync::Open(*n.store, batch));
  n.sync->client().set_stream_push(!opt_.batches);
  TB_ASSIGN_OR_RETURN(sync::SyncSummary first, n.sync->client().RunOnce());
  n.dictionary = first.dictionary;
  return n;
}

// Imports N generated cases at a station; returns their case numbers.
Result<std::vector<std::string>> SyncBench::Fill(Node& n, std::uint64_t seed) {
  CaseGenerator gen(items_, first_day_, last_day_, seed);
  std::vector<std::string> numbers;
  numbers.reserve(static_cast<std::size_t>(opt_.cases));
  std::int64_t legacy_no = 0;
  const auto start = SteadyClock::now();
  while (static_cast<std::int64_t>(numbers.size()) < opt_.cases) {
    const auto count =
        std::min<std::size_t>(kImportChunk, static_cast<std::size_t>(opt_.cases) - numbers.size());
    json doc = {{"format", "tongban-cases/1"}, {"cases", json::array()}};
    for (std::size_t i = 0; i < count; ++i) doc["cases"].push_back(gen.NextImported(++legacy_no));
    auto imported = n.store->ImportCases(n.staff, doc.dump());
    if (!imported.ok()) return imported.status().WithContext("fill " + n.code);
    if (imported->imported != static_cast<int>(count))
      return Internal("fill " + n.code + ": ImportCases took " +
                      std::to_string(imported->imported) + " of " + std::to_string(count));
    numbers.insert(numbers.end(), imported->case_numbers.begin(), imported->case_numbers.end());
  }
  fill_seconds_ += SecondsSince(start);
  fill_cases_ += opt_.cases;
  return numbers;
}

// Pushes everything the node has not had acknowledged, with its NodeSync.
Result<Phase> SyncBench::TimedPush(Node& n, Phase p) {
  TB_ASSIGN_OR_RETURN(sync::ReplicaState before, n.sync->replica().State());
  p.changes = before.last_seq - before.acked_seq;
  const Meter m0 = Meter::Read(*relay_, n.sync->transport());
  sync::SyncSummary sum;
  const auto start = SteadyClock::now();
  const Status pushed = n.sync->client().Push(sum, {});
  p.seconds = SecondsSince(start);
  if (!pushed.ok()) return pushed.WithContext(p.title);
  m0.Into(Meter::Read(*relay_, n.sync->transport()), p);
  p.requests = sum.push_batches;
  p.duplicates = sum.duplicates;
  if (sum.pushed != p.changes || sum.rejected != 0 || sum.conflicts != 0)
    return Internal(p.title + ": the hub applied " + std::to_string(sum.pushed) + " of " +
                    std::to_string(p.changes) + " changes, refused " +
                    std::to_string(sum.rejected) + ", " + std::to_string(sum.conflicts) +
                    " conflicts");
  return p;
}

Status SyncBench::InitialPush() {
  TB_ASSIGN_OR_RETURN(sync::ReplicaState before, station1_.sync->replica().State());
  Phase p{.key = "initial_push", .title = "1 initial push QS-JX01"};
  p.cases = opt_.cases;
  p.goal_bytes = kGoalPushBytesPerCase;
  p.goal_rate = kGoalPushCasesPerSecond;
  TB_ASSIGN_OR_RETURN(p, TimedPush(station1_, p));
  phases_.push_back(p);
  SampleRss("phase 1");
  TB_ASSIGN_OR_RETURN(push_parts_,
                      Explain(station1_, before.acked_seq, before.last_seq, opt_.batch));
  return Status::Ok();
}

Status SyncBench::FreshPull() {
  Phase p{.key = "fresh_pull", .title = "2 fresh pull QS-JX"};
  p.cases = opt_.cases;
  const Meter m0 = Meter::Read(*relay_, township_.sync->transport());
  sync::SyncSummary sum;
  const auto start = SteadyClock::now();
  TB_RETURN_IF_ERROR(township_.sync->client().Pull(sum, {}).WithContext("fresh pull"));
  p.seconds = SecondsSince(start);
  m0.Into(Meter::Read(*relay_, township_.sync->transport()), p);
  p.changes = sum.pulled;
  p.requests = sum.pull_batches;
  phases_.push_back(p);
  SampleRss("phase 2");
  TB_ASSIGN_OR_RETURN(node::StoreStats stats, township_.store->Stats());
  if (stats.cases != opt_.cases)
    return Internal("fresh pull: QS-JX holds " + std::to_string(stats.cases) + " cases, expected " +
                    std::to_string(opt_.cases));
  return Status::Ok();
}

Status SyncBench::IncrementalPush() {
  // Spread over the station's cases, as real work would be.
  const auto start = SteadyClock::now();
  for (std::int64_t i = 0; i < opt_.changed; ++i) {
    const std::string& no =
        station1_cases_[static_cast<std::size_t>(i * opt_.cases / opt_.changed)];
    auto accepted = township_.store->Transition(township_.staff, no, "accept", "");
    if (!accepted.ok()) return accepted.status().WithContext("accept " + no + " at QS-JX");
    auto verified = township_.store->UpdateMaterials(township_.staff, no,
                                                     {{"M01", node::MaterialState::kVerified}});
    if (!verified.ok()) return verified.status().WithContext("verify M01 of " + no + " at QS-JX");
  }
  process_seconds_ = SecondsSince(start);

  TB_ASSIGN_OR_RETURN(sync::ReplicaState before, township_.sync->replica().State());
  Phase p{.key = "incremental_push", .title = "3 incremental push QS-JX"};
  p.cases = opt_.changed;
  p.goal_bytes = kGoalIncrementalBytesPerCase;
  TB_ASSIGN_OR_RETURN(p, TimedPush(township_, p));
  phases_.push_back(p);
  SampleRss("phase 3");
  TB_ASSIGN_OR_RETURN(incremental_parts_,
                      Explain(township_, before.acked_seq, before.last_seq, opt_.batch));
  return Status::Ok();
}

Status SyncBench::OutagePush() {
  // The same push without an outage: same batch, same generated data (seed).
  const std::uint64_t seed = kSeed + 1;
  auto baseline = AddNode(
      {"QS-JX03", "金溪镇石门村便民服务站", "station", "QS-JX", node::Role::kClerk, "clerk"},
      kOutageBatch);
  if (!baseline.ok()) return baseline.status().WithContext("set up QS-JX03");
  baseline_ = std::move(*baseline);
  TB_RETURN_IF_ERROR(Fill(baseline_, seed).status());
  TB_ASSIGN_OR_RETURN(sync::ReplicaState baseline_before, baseline_.sync->replica().State());
  Phase b{.key = "outage_baseline", .title = "4a same, no outage QS-JX03"};
  b.cases = opt_.cases;
  TB_ASSIGN_OR_RETURN(b, TimedPush(baseline_, b));
  TB_ASSIGN_OR_RETURN(baseline_parts_, Explain(baseline_, baseline_before.acked_seq,
                                               baseline_before.last_seq, kOutageBatch));
  phases_.push_back(b);
  SampleRss("phase 4a");
  outage_.baseline_bytes = static_cast<double>(b.bytes());
  outage_.baseline_sent = static_cast<double>(b.sent);

  auto station = AddNode(
      {"QS-JX02", "金溪镇上洋村便民服务站", "station", "QS-JX", node::Role::kClerk, "clerk"},
      kOutageBatch);
  if (!station.ok()) return station.status().WithContext("set up QS-JX02");
  station2_ = std::move(*station);
  TB_ASSIGN_OR_RETURN(std::string digest_before, station2_.sync->replica().Digest());
  TB_RETURN_IF_ERROR(Fill(station2_, seed).status());
  TB_ASSIGN_OR_RETURN(std::int64_t hub_records_before, HubRecords());
  TB_ASSIGN_OR_RETURN(sync::ReplicaState before, station2_.sync->replica().State());
  outage_.total = before.last_seq - before.acked_seq;
  // Killed by bytes, wherever that falls: mid-request, mid-frame or between them.
  const auto threshold = static_cast<std::uint64_t>(std::ceil(kKillAtShare * static_cast<double>(b.sent)));

  RetryingPush pusher(station2_.path, opt_.batches);
  const std::uint64_t to_hub0 = relay_->to_hub();
  const std::uint64_t from_hub0 = relay_->from_hub();
  Status watched;
  {
    std::jthread worker([&pusher] { pusher.Run(); });
    watched = KillDuringPush(pusher, before.acked_seq, to_hub0, threshold);
    if (!watched.ok()) pusher.GiveUp();
  }
  TB_RETURN_IF_ERROR(watched);
  TB_RETURN_IF_ERROR(pusher.status().WithContext("push through the outage"));

  Phase p{.key = "outage_push", .title = "4 push through outage QS-JX02"};
  p.cases = opt_.cases;
  p.changes = outage_.total;
  p.seconds = pusher.seconds();
  p.sent = relay_->to_hub() - to_hub0;
  p.received = relay_->from_hub() - from_hub0;
  p.curl_sent = pusher.sent();
  p.curl_received = pusher.received();
  p.requests = pusher.summary().push_batches;
  p.duplicates = pusher.summary().duplicates;
  phases_.push_back(p);
  outage_.attempts = pusher.attempts();
  outage_.failures = pusher.failures();
  outage_.first_error = pusher.first_error();
  outage_.expected_bytes = phases_.front().BytesPerCase() * static_cast<double>(opt_.cases);
  SampleRss("phase 4 (restarted hub)");
  if (outage_.failures == 0)
    Fail("outage: no push attempt failed, so the kill did not interrupt the push");

  // Exactly once: the hub applied every change of the node once, refused none,
  // and holds as many new records as the node.
  TB_ASSIGN_OR_RETURN(sync::ReplicaState after, station2_.sync->replica().State());
  TB_ASSIGN_OR_RETURN(std::string digest_after, station2_.sync->replica().Digest());
  TB_ASSIGN_OR_RETURN(std::int64_t hub_records_after, HubRecords());
  TB_ASSIGN_OR_RETURN(json nodes, CentralJson(hub_, {"station", "list", "--json"}));
  once_.node_last_seq = after.last_seq;
  once_.node_acked_seq = after.acked_seq;
  once_.hub_records_added = hub_records_after - hub_records_before;
  once_.node_records_added = DigestRecords(digest_after) - DigestRecords(digest_before);
  bool listed = false;
  for (const auto& n : nodes) {
    if (!n.is_object() || n.value("code", "") != station2_.code) continue;
    listed = true;
    once_.hub_acked_seq = n.value("acked_seq", std::int64_t{-1});
    once_.hub_applied = n.value("changes_applied", std::int64_t{-1});
    once_.hub_rejected = n.value("rejected", std::int64_t{-1});
  }
  if (!listed) return Internal("`tongban-central station list` does not list QS-JX02");
  if (!once_.ok())
    Fail("exactly-once check failed for QS-JX02: node last seq " +
         std::to_string(once_.node_last_seq) + ", hub acked " +
         std::to_string(once_.hub_acked_seq) + " and applied " + std::to_string(once_.hub_applied) +
         ", rejected " + std::to_string(once_.hub_rejected) + "; hub records +" +
         std::to_string(once_.hub_records_added) + " vs node +" +
         std::to_string(once_.node_records_added));
  return Status::Ok();
}

// Watches the bytes crossing to the hub from this thread; at the threshold kills
// the hub, keeps it down a moment and starts it again on the same port.
Status SyncBench::KillDuringPush(RetryingPush& pusher, std::int64_t start_seq,
                                 std::uint64_t to_hub0, std::uint64_t threshold) {
  for (;;) {
    if (pusher.done())
      return FailedPrecondition("the push ended before the hub could be killed at " +
                                std::to_string(static_cast<int>(kKillAtShare * 100)) +
                                " %, so no outage was measured; try more --cases");
    if (relay_->to_hub() - to_hub0 >= threshold) break;
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
  SampleRss("before the kill");  // its high-water mark dies with it
  const auto killed_at = SteadyClock::now();
  hub_.Kill();
  outage_.sent_at_kill = relay_->to_hub() - to_hub0;
  TB_ASSIGN_OR_RETURN(sync::ReplicaState state, station2_.sync->replica().State());
  outage_.acked_at_kill = state.acked_seq - start_seq;
  std::this_thread::sleep_for(kHubDownTime);
  if (!hub_.Start(hub_.port()))
    return Status(ErrorCode::kUnavailable, "the hub did not restart on port " +
                                               std::to_string(hub_.port()) + "; see " +
                                               hub_.data() + ".err");
  outage_.down_seconds = SecondsSince(killed_at);
  return Status::Ok();
}

// Every node syncs once more and compares its digest with the hub's view of its scope.
Status SyncBench::VerifyAll() {
  for (Node* n : {&station1_, &township_, &station2_, &baseline_}) {
    if (!n->sync) continue;  // not made: no outage phase
    auto synced = n->sync->client().RunOnce();
    if (!synced.ok()) return synced.status().WithContext("final sync of " + n->code);
    DigestCheck d{.code = n->code};
    TB_ASSIGN_OR_RETURN(d.node, n->sync->replica().Digest());
    TB_ASSIGN_OR_RETURN(d.hub, n->sync->client().HubDigest());
    if (!d.ok()) Fail("digest of " + n->code + " differs: node " + d.node + ", hub " + d.hub);
    digests_.push_back(d);
  }
  SampleRss("final sync");
  return Status::Ok();
}

Result<std::int64_t> SyncBench::HubRecords() {
  TB_ASSIGN_OR_RETURN(json status, CentralJson(hub_, {"status", "--json"}));
  if (!status.is_object() || !status.contains("records") || !status["records"].is_number())
    return Internal("`tongban-central status --json` has no records figure");
  return status["records"].get<std::int64_t>();
}

void SyncBench::SampleRss(const char* when) {
  const long kib = hub_.PeakRssKib();
  rss_.emplace_back(when, kib);
  peak_rss_kib_ = std::max(peak_rss_kib_, kib);
}

Result<Breakdown> SyncBench::Explain(Node& n, std::int64_t after_seq, std::int64_t last_seq,
                                     int batch) {
  const sync::Compressor& zstd = sync::Compressor::Shipped();
  Breakdown b;
  std::int64_t from = after_seq;
  while (from < last_seq) {
    const auto start = SteadyClock::now();
    TB_ASSIGN_OR_RETURN(auto changes, n.store->ReadChanges(from, batch));
    if (changes.empty()) break;
    const std::int64_t to = changes.back().seq;
    std::map<std::string, std::vector<sync::Change>> by_table;
    for (const auto& c : changes) by_table[c.table].push_back(c);
    const std::string raw = sync::EncodePushRequest(
        {node::kReplicationSchemaVersion, n.code, from, std::move(changes)});
    const std::string sent = zstd.Compress(raw, n.dictionary, kCompressionLevel);
    b.client_seconds += SecondsSince(start);
    b.raw += raw.size();
    b.compressed += sent.size();
    b.plain += zstd.Compress(raw, 0, kCompressionLevel).size();
    ++b.requests;
    for (auto& [table, list] : by_table) {
      TableShare& t = b.tables[table];
      t.changes += static_cast<std::int64_t>(list.size());
      for (const auto& c : list) t.fields += static_cast<std::int64_t>(c.fields.size());
      const std::string part =
          sync::EncodePushRequest({node::kReplicationSchemaVersion, n.code, from, std::move(list)});
      t.raw += part.size();
      t.compressed += zstd.Compress(part, n.dictionary, kCompressionLevel).size();
    }
    b.changes += to - from;
    from = to;
  }
  return b;
}

Status SyncBench::Run() {
  TB_RETURN_IF_ERROR(Setup());
  TB_RETURN_IF_ERROR(InitialPush());
  TB_RETURN_IF_ERROR(FreshPull());
  TB_RETURN_IF_ERROR(IncrementalPush());
  // Encrypted nodes are timed for throughput only: the outage is the plain run's.
  if (!sealed_) TB_RETURN_IF_ERROR(OutagePush());
  return VerifyAll();
}

void PrintBreakdown(const char* what, const Breakdown& b, const Phase& p) {
  const double cases = static_cast<double>(p.cases);
  const double other = static_cast<double>(p.bytes()) - static_cast<double>(b.compressed);
  std::printf("\n%s: %s changes in %d requests (bodies encoded again from the node's log)\n", what,
              Thousands(b.changes).c_str(), b.requests);
  std::printf("  request bodies  msgpack %7.1f B/case   zstd as sent %7.1f   plain zstd %7.1f\n",
              static_cast<double>(b.raw) / cases, static_cast<double>(b.compressed) / cases,
              static_cast<double>(b.plain) / cases);
  std::printf("  HTTP headers + replies  %7.1f B/case   (%.0f B per request)\n", other / cases,
              b.requests > 0 ? other / b.requests : 0.0);
  std::printf(
      "  node CPU (read log, encode, compress) %.3f s of %.3f s wall; the rest, HTTP, "
      "the hub's apply\n  and the node's acknowledgement, is %.1f us per change\n",
      b.client_seconds, p.seconds,
      b.changes > 0 ? 1e6 * (p.seconds - b.client_seconds) / static_cast<double>(b.changes) : 0.0);
  std::printf("  %-16s %11s %13s %11s %16s\n", "table", "changes/case", "fields/change",
              "msgpack B/case", "zstd alone B/case");
  for (const auto& [table, t] : b.tables)
    std::printf(
        "  %-16s %11.2f %13.1f %11.1f %16.1f\n", table.c_str(),
        static_cast<double>(t.changes) / cases,
        t.changes > 0 ? static_cast<double>(t.fields) / static_cast<double>(t.changes) : 0.0,
        static_cast<double>(t.raw) / cases, static_cast<double>(t.compressed) / cases);
}

void SyncBench::Print() const {
  std::printf(
      "\nbytes per case on the wire, counted by a relay between nodes and hub; 'curl' is "
      "what the node's\nCurlTransport counted for the same requests\n");
  std::printf("%-32s %8s %8s %8s %9s %8s %8s %8s %8s %5s  %s\n", "phase", "changes", "cases",
              "wall s", "cases/s", "sent/c", "recv/c", "B/case", "curl", "reqs", "goals");
  for (const Phase& p : phases_) {
    std::string goals;
    if (p.goal_bytes > 0) {
      char g[64];
      std::snprintf(g, sizeof g, "<= %.0f B/case %s", p.goal_bytes, Verdict(p.BytesOk()));
      goals += g;
    }
    if (p.goal_rate > 0) {
      goals += (goals.empty() ? "" : ", ") + std::string(">= ") +
               Thousands(static_cast<std::int64_t>(p.goal_rate)) + " cases/s " +
               Verdict(p.RateOk());
    }
    if (p.key == "outage_push") {
      char g[64];
      std::snprintf(g, sizeof g, "overhead <= %.0f %% %s", kGoalOutageOverheadPct,
                    Verdict(outage_.OverheadPct(static_cast<double>(p.bytes()),
                                                outage_.expected_bytes) <= kGoalOutageOverheadPct));
      goals = g;
    }
    std::printf("%-32s %8s %8s %8.3f %9s %8.1f %8.1f %8.1f %8.1f %5d  %s\n", p.title.c_str(),
                Thousands(p.changes).c_str(), Thousands(p.cases).c_str(), p.seconds,
                Thousands(static_cast<std::int64_t>(p.CasesPerSecond())).c_str(),
                p.PerCase(static_cast<double>(p.sent)), p.PerCase(static_cast<double>(p.received)),
                p.BytesPerCase(), p.PerCase(static_cast<double>(p.curl_bytes())), p.requests,
                goals.c_str());
  }
  std::printf(
      "(3: per changed case; local accept + verify of %s cases took %.3f s. "
      "Fill: %s cases imported in %.1f s)\n",
      Thousands(opt_.changed).c_str(), process_seconds_, Thousands(fill_cases_).c_str(),
      fill_seconds_);

  const Phase* out = nullptr;
  for (const Phase& p : phases_)
    if (p.key == "outage_push") out = &p;
  if (out) {
    const double bytes = static_cast<double>(out->bytes());
    std::printf(
        "\noutage: hub killed (kill -9) once %s bytes had crossed to it (%.1f %% of 4a's), "
        "%s of %s changes acknowledged then; back after %.2f s\n",
        Thousands(static_cast<std::int64_t>(outage_.sent_at_kill)).c_str(),
        100.0 * static_cast<double>(outage_.sent_at_kill) /
            std::max(1.0, outage_.baseline_sent),
        Thousands(outage_.acked_at_kill).c_str(), Thousands(outage_.total).c_str(),
        outage_.down_seconds);
    std::printf(
        "  %d push attempts, %d failed (first: %s); %s changes resent and skipped by "
        "the hub\n",
        outage_.attempts, outage_.failures, OneLine(outage_.first_error).c_str(),
        Thousands(out->duplicates).c_str());
    std::printf(
        "  bytes: %s interrupted vs %s at phase 1's rate: overhead %+.2f %% (goal <= "
        "%.0f %%) %s\n",
        Thousands(static_cast<std::int64_t>(bytes)).c_str(),
        Thousands(static_cast<std::int64_t>(outage_.expected_bytes)).c_str(),
        outage_.OverheadPct(bytes, outage_.expected_bytes), kGoalOutageOverheadPct,
        Verdict(outage_.OverheadPct(bytes, outage_.expected_bytes) <= kGoalOutageOverheadPct));
    std::printf(
        "         %s for the same push without outage (4a, batch %d): overhead %+.2f %% "
        "(the outage alone)\n",
        Thousands(static_cast<std::int64_t>(outage_.baseline_bytes)).c_str(), kOutageBatch,
        outage_.OverheadPct(bytes, outage_.baseline_bytes));
    const double cases = static_cast<double>(opt_.cases);
    std::printf(
        "  batch %d vs %d: request bodies %.1f vs %.1f B/case, headers + replies %.1f vs "
        "%.1f B/case\n",
        kOutageBatch, opt_.batch, static_cast<double>(baseline_parts_.compressed) / cases,
        static_cast<double>(push_parts_.compressed) / cases,
        (outage_.baseline_bytes - static_cast<double>(baseline_parts_.compressed)) / cases,
        (phases_.front().BytesPerCase() * cases - static_cast<double>(push_parts_.compressed)) /
            cases);
    std::printf(
        "  exactly once: node last seq %s, hub acked %s, applied %s, rejected %s; "
        "records +%s at the hub, +%s at the node  %s\n",
        Thousands(once_.node_last_seq).c_str(), Thousands(once_.hub_acked_seq).c_str(),
        Thousands(once_.hub_applied).c_str(), Thousands(once_.hub_rejected).c_str(),
        Thousands(once_.hub_records_added).c_str(), Thousands(once_.node_records_added).c_str(),
        once_.ok() ? "ok" : "FAILED");
  }
  if (!digests_.empty()) {
    std::printf("\ndigests after a final sync of every node (node = hub):\n");
    for (const auto& d : digests_)
      std::printf("  %-8s %s  %s records  %s\n", d.code.c_str(), d.ok() ? "equal " : "DIFFER",
                  Thousands(DigestRecords(d.node)).c_str(),
                  d.ok() ? d.node.substr(0, 16).c_str() : (d.node + " vs " + d.hub).c_str());
  }
  std::printf("\nhub peak RSS: %.1f MiB (goal <= %ld MiB) %s;", peak_rss_kib_ / 1024.0,
              kGoalHubPeakRssKib / 1024, Verdict(peak_rss_kib_ <= kGoalHubPeakRssKib));
  for (const auto& [when, kib] : rss_) std::printf(" %s %.1f;", when.c_str(), kib / 1024.0);
  std::printf("\n");

  const auto ids = sync::Compressor::Shipped().dictionary_ids();
  std::printf("dictionary in use: id %u%s (this build ships %zu)\n", station1_.dictionary,
              station1_.dictionary == 0 ? " = plain zstd" : "", ids.size());
  for (const Phase& p : phases_) {
    if (p.key == "initial_push") PrintBreakdown("where phase 1's bytes go", push_parts_, p);
    if (p.key == "incremental_push")
      PrintBreakdown("where phase 3's bytes go (per changed case)", incremental_parts_, p);
  }
  std::fflush(stdout);
}

json PhaseJson(const Phase& p) {
  json j = {{"changes", p.changes},
            {"cases", p.cases},
            {"seconds", Round3(p.seconds)},
            {"cases_per_s", std::round(p.CasesPerSecond())},
            {"changes_per_s", p.seconds > 0 ? std::round(p.changes / p.seconds) : 0.0},
            {"bytes_sent", p.sent},
            {"bytes_received", p.received},
            {"bytes_per_case", Round1(p.BytesPerCase())},
            {"curl_bytes_sent", p.curl_sent},
            {"curl_bytes_received", p.curl_received},
            {"requests", p.requests},
            {"duplicates", p.duplicates}};
  if (p.goal_bytes > 0) j["bytes_goal_met"] = p.BytesOk();
  if (p.goal_rate > 0) j["rate_goal_met"] = p.RateOk();
  return j;
}

json BreakdownJson(const Breakdown& b, const Phase& p) {
  const double cases = static_cast<double>(p.cases);
  json tables = json::object();
  for (const auto& [table, t] : b.tables)
    tables[table] = {
        {"changes", t.changes},
        {"fields", t.fields},
        {"msgpack_bytes_per_case", Round1(static_cast<double>(t.raw) / cases)},
        {"zstd_alone_bytes_per_case", Round1(static_cast<double>(t.compressed) / cases)}};
  return {{"msgpack_bytes_per_case", Round1(static_cast<double>(b.raw) / cases)},
          {"body_bytes_per_case", Round1(static_cast<double>(b.compressed) / cases)},
          {"plain_zstd_bytes_per_case", Round1(static_cast<double>(b.plain) / cases)},
          {"headers_and_replies_bytes_per_case",
           Round1((static_cast<double>(p.bytes()) - static_cast<double>(b.compressed)) / cases)},
          {"node_cpu_seconds", Round3(b.client_seconds)},
          {"tables", tables}};
}

json SyncBench::Report() const {
  json phases = json::object();
  std::vector<std::string> missed;
  for (const Phase& p : phases_) {
    phases[p.key] = PhaseJson(p);
    if (!p.BytesOk()) missed.push_back(p.key + "_bytes_per_case");
    if (!p.RateOk()) missed.push_back(p.key + "_cases_per_s");
    if (p.key == "initial_push") phases[p.key]["breakdown"] = BreakdownJson(push_parts_, p);
    if (p.key == "incremental_push")
      phases[p.key]["breakdown"] = BreakdownJson(incremental_parts_, p);
    if (p.key == "outage_baseline") phases[p.key]["breakdown"] = BreakdownJson(baseline_parts_, p);
    if (p.key == "outage_push") {
      const double bytes = static_cast<double>(p.bytes());
      const double overhead = outage_.OverheadPct(bytes, outage_.expected_bytes);
      if (overhead > kGoalOutageOverheadPct) missed.push_back("outage_overhead_pct");
      phases[p.key]["outage"] = {
          {"killed_at_acked", outage_.acked_at_kill},
          {"killed_at_sent_bytes", outage_.sent_at_kill},
          {"total_changes", outage_.total},
          {"down_seconds", Round3(outage_.down_seconds)},
          {"attempts", outage_.attempts},
          {"failed_attempts", outage_.failures},
          {"first_error", outage_.first_error},
          {"expected_bytes", std::round(outage_.expected_bytes)},
          {"overhead_pct", Round3(overhead)},
          {"baseline_bytes", std::round(outage_.baseline_bytes)},
          {"overhead_vs_baseline_pct", Round3(outage_.OverheadPct(bytes, outage_.baseline_bytes))}};
    }
  }
  if (peak_rss_kib_ > kGoalHubPeakRssKib) missed.push_back("hub_peak_rss");
  json digests = json::object();
  for (const auto& d : digests_)
    digests[d.code] = {{"node", d.node}, {"hub", d.hub}, {"equal", d.ok()}};
  json rss = json::object();
  for (const auto& [when, kib] : rss_) rss[when] = kib;
  return {{"bench", "sync"},
          {"ok", failure_.empty()},
          {"error", failure_},
          {"cases", opt_.cases},
          {"changed", opt_.changed},
          {"batch", opt_.batch},
          {"outage_batch", kOutageBatch},
          {"dictionary", station1_.dictionary},
          {"phases", phases},
          {"exactly_once",
           {{"ok", once_.ok()},
            {"node_last_seq", once_.node_last_seq},
            {"hub_acked_seq", once_.hub_acked_seq},
            {"hub_applied", once_.hub_applied},
            {"hub_rejected", once_.hub_rejected},
            {"hub_records_added", once_.hub_records_added},
            {"node_records_added", once_.node_records_added}}},
          {"digests", digests},
          {"hub_peak_rss_kib", peak_rss_kib_},
          {"hub_rss_kib", rss},
          {"goals",
           {{"initial_push_bytes_per_case", kGoalPushBytesPerCase},
            {"initial_push_cases_per_s", kGoalPushCasesPerSecond},
            {"incremental_push_bytes_per_case", kGoalIncrementalBytesPerCase},
            {"outage_overhead_pct", kGoalOutageOverheadPct},
            {"hub_peak_rss_kib", kGoalHubPeakRssKib}}},
          {"missed", missed}};
}

double Median(std::vector<double> xs) {
  if (xs.empty()) return 0;
  std::sort(xs.begin(), xs.end());
  return xs[xs.size() / 2];
}

// Tongban's phases against the peer's, medians over the rounds: speed with the ratio and
// its goal, bytes per document, the outage's extra bytes.
json SideBySide(const std::vector<json>& reports, const std::vector<PeerFigures>& peers) {
  auto ours = [&](const char* phase, const char* field) {
    std::vector<double> xs;
    for (const json& r : reports) xs.push_back(r["phases"][phase].value(field, 0.0));
    return Median(xs);
  };
  auto theirs = [&](double PeerFigures::*field) {
    std::vector<double> xs;
    for (const PeerFigures& f : peers) xs.push_back(f.*field);
    return Median(xs);
  };
  std::vector<double> outage;
  for (const json& r : reports) outage.push_back(r["phases"]["outage_push"]["outage"].value("overhead_pct", 0.0));
  struct Row {
    const char* key;
    const char* title;
    const char* phase;
    double PeerFigures::*rate;
    double PeerFigures::*bytes;
  };
  const Row rows[] = {
      {"initial_push", "initial push", "initial_push", &PeerFigures::push_docs_per_s,
       &PeerFigures::push_bytes_per_doc},
      {"incremental_push", "incremental push", "incremental_push",
       &PeerFigures::incremental_docs_per_s, &PeerFigures::incremental_bytes_per_doc},
      {"fresh_pull", "fresh pull", "fresh_pull", &PeerFigures::pull_docs_per_s,
       &PeerFigures::pull_bytes_per_doc},
  };
  std::printf("\nside by side with PouchDB 9 (express-pouchdb on leveldb), median of %zu round%s:\n",
              reports.size(), reports.size() == 1 ? "" : "s");
  std::printf("%-18s %12s %12s %8s  %-16s %10s %10s\n", "phase", "PouchDB/s", "Tongban/s",
              "ratio", "goal", "B/doc P", "B/case T");
  json out = {{"rounds", reports.size()}, {"goal_times_peer", kGoalTimesPeer}};
  std::vector<std::string> missed;
  for (const Row& row : rows) {
    const double peer_rate = theirs(row.rate), our_rate = ours(row.phase, "cases_per_s");
    const double ratio = peer_rate > 0 ? our_rate / peer_rate : 0;
    const bool met = ratio >= kGoalTimesPeer;
    if (!met) missed.push_back(std::string(row.key) + "_vs_peer");
    std::printf("%-18s %12s %12s %7.1fx  >= %.0fx %-9s %10.1f %10.1f\n", row.title,
                Thousands(static_cast<std::int64_t>(peer_rate)).c_str(),
                Thousands(static_cast<std::int64_t>(our_rate)).c_str(), ratio, kGoalTimesPeer,
                Verdict(met), theirs(row.bytes), ours(row.phase, "bytes_per_case"));
    out[row.key] = {{"peer_docs_per_s", std::round(peer_rate)},
                    {"tongban_cases_per_s", std::round(our_rate)},
                    {"ratio", Round3(ratio)},
                    {"goal_met", met},
                    {"peer_bytes_per_doc", Round1(theirs(row.bytes))},
                    {"tongban_bytes_per_case", ours(row.phase, "bytes_per_case")}};
  }
  const double peer_outage = theirs(&PeerFigures::outage_overhead_pct), our_outage = Median(outage);
  std::printf("%-18s %11.2f%% %11.2f%%  (extra bytes when the hub/server is killed mid-push)\n",
              "outage", peer_outage, our_outage);
  out["outage_overhead_pct"] = {{"peer", peer_outage}, {"tongban", Round3(our_outage)}};
  out["missed"] = missed;
  json per_round = json::array();
  for (const PeerFigures& f : peers)
    per_round.push_back({{"push_docs_per_s", f.push_docs_per_s},
                         {"incremental_docs_per_s", f.incremental_docs_per_s},
                         {"pull_docs_per_s", f.pull_docs_per_s},
                         {"outage_overhead_pct", f.outage_overhead_pct}});
  out["peer_rounds"] = per_round;
  return out;
}

// Plain nodes against encrypted ones, medians over the rounds: each throughput phase's
// cases/s and how many times slower the encrypted nodes were.
json EncryptionCost(const std::vector<json>& plain, const std::vector<json>& sealed,
                    const std::string& suite) {
  auto median = [](const std::vector<json>& reports, const char* phase) {
    std::vector<double> xs;
    for (const json& r : reports) xs.push_back(r["phases"][phase].value("cases_per_s", 0.0));
    return Median(xs);
  };
  std::printf("\nencrypted nodes (%s) against plain ones, median of %zu round%s, goal <= %.2fx:\n",
              suite.c_str(), plain.size(), plain.size() == 1 ? "" : "s", kGoalSealedCost);
  std::printf("%-18s %12s %12s %8s\n", "phase", "plain/s", "encrypted/s", "slower");
  json out = {{"suite", suite}, {"rounds", plain.size()}, {"goal_ratio", kGoalSealedCost}};
  for (const char* phase : {"initial_push", "incremental_push", "fresh_pull"}) {
    const double p = median(plain, phase), e = median(sealed, phase);
    const double ratio = e > 0 ? p / e : 0;
    std::printf("%-18s %12s %12s %7.2fx %s\n", phase, Thousands(static_cast<std::int64_t>(p)).c_str(),
                Thousands(static_cast<std::int64_t>(e)).c_str(), ratio,
                Verdict(ratio <= kGoalSealedCost));
    out[phase] = {{"plain_cases_per_s", std::round(p)},
                  {"sealed_cases_per_s", std::round(e)},
                  {"ratio", Round3(ratio)}};
  }
  return out;
}

int Main(int argc, char** argv) {
  CLI::App app{"tongban-bench-sync: sync bytes and speed against a real hub on loopback"};
  Options opt;
  app.add_option("--cases", opt.cases, "Cases per station (N)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1000000}))
      ->capture_default_str();
  app.add_option("--changed", opt.changed, "Cases the township changes in phase 3 (M)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1000000}))
      ->capture_default_str();
  app.add_option("--batch", opt.batch, "Changes per push and pull request (phases 1-3)")
      ->check(CLI::Range(1, static_cast<int>(sync::kMaxChangesPerBatch)))
      ->capture_default_str();
  app.add_option("--dir", opt.dir,
                 "Directory for the hub and node files (default: a new temp one)");
  app.add_flag("--keep", opt.keep, "Keep the files afterwards");
  app.add_flag("--batches", opt.batches,
               "Push whole batches instead of streams (what nodes did before streamed pushes)");
  app.add_option("--peer", opt.peer,
                 "Folder of the PouchDB peer (../shared/peers/pouchdb): its benchmark runs "
                 "after Tongban's in each round, and the phases are compared side by side");
  app.add_option("--rounds", opt.rounds, "Rounds (Tongban, then the peer); medians are compared")
      ->check(CLI::Range(1, 9))
      ->capture_default_str();
  app.add_option("--sealed", opt.sealed,
                 "Each round again with encrypted nodes (sm4-gcm, sm4-ctr+hmac-sm3 or "
                 "aes-256-gcm), and compare their speed with plain nodes'");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);
    std::fprintf(stderr, "tongban-bench-sync: %s\n", OneLine(e.what()).c_str());
    return 2;
  }
  std::optional<sync::CipherSuite> sealed;
  if (!opt.sealed.empty()) {
    sealed = sync::ParseCipherSuite(opt.sealed);
    if (!sealed) {
      std::fprintf(stderr, "tongban-bench-sync: --sealed: unknown cipher suite '%s'\n",
                   opt.sealed.c_str());
      return 2;
    }
  }
  if (opt.changed > opt.cases) {
    std::fprintf(stderr, "tongban-bench-sync: --changed (%lld) must not exceed --cases (%lld)\n",
                 static_cast<long long>(opt.changed), static_cast<long long>(opt.cases));
    return 2;
  }

  // A directory this run created is removed again; in one the user named, only our files.
  std::error_code ec;
  fs::path dir;
  bool created_dir = false;
  if (const int rc = MakeBenchDir(opt.dir, "tongban-bench-sync", dir, created_dir); rc != 0) return rc;
  std::printf("files: %s\n", dir.c_str());
  std::printf("cases %s per station, %s changed, batch %d (outage push: %d)\n",
              Thousands(opt.cases).c_str(), Thousands(opt.changed).c_str(), opt.batch,
              kOutageBatch);
  std::fflush(stdout);

  Status st;
  json report;
  std::string failure;
  std::optional<PouchPeer> peer;
  if (!opt.peer.empty()) {
    std::printf("preparing the PouchDB peer (copy, npm ci)...\n");
    std::fflush(stdout);
    auto prepared = PouchPeer::Prepare(opt.peer, dir / "pouchdb");
    if (prepared.ok()) peer.emplace(std::move(*prepared));
    else failure = prepared.status().message();
  }
  std::vector<json> reports, sealed_reports;
  std::vector<PeerFigures> peer_rounds;
  for (int round = 1; round <= opt.rounds && failure.empty(); ++round) {
    // Each round on fresh files: the hub and nodes of the one before are gone.
    const fs::path round_dir = opt.rounds == 1 ? dir : dir / ("round-" + std::to_string(round));
    fs::create_directories(round_dir, ec);
    // One run of the phases, plain nodes or encrypted ones.
    auto run = [&](bool encrypted) {
      if (encrypted)
        std::printf("\n== round %d of %d: Tongban, encrypted nodes (%s)\n", round, opt.rounds,
                    opt.sealed.c_str());
      else if (opt.rounds > 1)
        std::printf("\n== round %d of %d: Tongban\n", round, opt.rounds);
      SyncBench bench(opt, encrypted ? round_dir / "sealed" : round_dir,
                      encrypted ? sealed : std::nullopt);  // stops the hub when it goes
      st = bench.Run();
      if (bench.measured()) {
        bench.Print();
        (encrypted ? sealed_reports : reports).push_back(bench.Report());
        if (!encrypted) report = reports.back();
      }
      failure = st.ok() ? bench.failure() : st.message();
    };
    // Encrypted nodes go first in every other round, so neither always runs on a warmer machine.
    if (sealed && round % 2 == 0) run(true);
    if (failure.empty()) run(false);
    if (failure.empty() && sealed && round % 2 == 1) run(true);
    if (opt.rounds > 1 && !opt.keep) fs::remove_all(round_dir, ec);
    if (!failure.empty() || !peer) continue;
    std::printf("\n== round %d of %d: PouchDB peer\n", round, opt.rounds);
    std::fflush(stdout);
    auto figures = peer->Run(round, static_cast<long>(opt.cases), static_cast<long>(opt.changed),
                             static_cast<long>(std::max<std::int64_t>(1, opt.cases / 2)));
    if (!figures.ok()) {
      failure = figures.status().message();
      continue;
    }
    peer_rounds.push_back(*figures);
    std::printf("peer: push %.0f docs/s, incremental %.0f, pull %.0f; outage +%.2f %%\n",
                figures->push_docs_per_s, figures->incremental_docs_per_s, figures->pull_docs_per_s,
                figures->outage_overhead_pct);
  }
  if (!peer_rounds.empty() && peer_rounds.size() == reports.size())
    report["side_by_side"] = SideBySide(reports, peer_rounds);
  if (!sealed_reports.empty() && sealed_reports.size() == reports.size())
    report["sealed_cost"] = EncryptionCost(reports, sealed_reports, opt.sealed);

  if (opt.keep) {
    std::printf("\nkept %s\n", dir.c_str());
  } else if (created_dir) {
    fs::remove_all(dir, ec);
  } else {
    fs::remove_all(dir / "hub", ec);
    fs::remove_all(dir / "sealed", ec);
    fs::remove_all(dir / "pouchdb", ec);
    for (int round = 1; round <= opt.rounds; ++round)
      fs::remove_all(dir / ("round-" + std::to_string(round)), ec);
    for (const char* f : {"hub.out", "hub.err"}) fs::remove(dir / f, ec);
    for (const char* code : {"QS-JX", "QS-JX01", "QS-JX02", "QS-JX03"})
      for (const char* suffix : {".db", ".db-wal", ".db-shm", ".db-journal"})
        fs::remove(dir / (std::string(code) + suffix), ec);
  }
  if (!report.is_null()) {
    if (!st.ok()) {
      report["ok"] = false;
      report["error"] = st.message();
    }
    std::printf("\nBENCH_JSON %s\n", report.dump().c_str());
    std::fflush(stdout);
  }
  if (!failure.empty()) {
    std::fprintf(stderr, "tongban-bench-sync: %s\n", OneLine(failure).c_str());
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace tongban::tools

int main(int argc, char** argv) { return tongban::tools::Main(argc, argv); }
