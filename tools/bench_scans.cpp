// tongban-bench-scans: what moving a scan costs, and what a cut costs, against a real hub.
//
// Starts the real `tongban-central serve` on a loopback port (hub_process.h);
// the station QS-JX01 reaches it through a fault proxy (tests/support) that
// counts the bytes it forwards and can drop the link; the township center
// QS-JX, the processing office, reaches it directly. Each scan is a photo-like
// (incompressible) JPEG of --size MiB.
//   1. baseline: scan A is uploaded without trouble: throughput, and the bytes
//      on the wire of an uninterrupted upload;
//   2. link cut: scan B's upload loses the link inside a chunk past the 50 %
//      mark; the link stays down (libcurl's own retry is refused) until the next
//      pass, which resumes from what the hub holds;
//   3. hub killed: scan C's upload at 50 % has the hub killed (kill -9) while the
//      next chunk is in flight; the hub restarts on the same data and port and
//      the next pass resumes.
// "Resent" is the scan content the node put in requests beyond the scan's size:
// a chunk cut in flight counts whole, though only part of it was on the wire
// (an upper bound). Goal: at most one chunk. Beside it, the bytes on the wire
// beyond those of the uninterrupted upload of the same size (the part of the
// chunk that went again, and the headers of the extra requests). Then the
// township center downloads all three (throughput) and each must equal what
// was attached, and the hub must have stored every chunk exactly once. The last
// line is "BENCH_JSON {...}"; a failed check exits 1 with one line on stderr.
#include <sys/wait.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <thread>

#include "bench_dir.h"
#include "fault_proxy.h"
#include "hub_process.h"
#include "sample_cases.h"
#include "tongban/node/store/node_store.h"
#include "tongban/node/store/node_sync.h"
#include "tongban/node/store/scan_store.h"
#include "tongban/sync/compression.h"
#include "tongban/sync/scan_transfer.h"

#ifndef TONGBAN_CENTRAL
#error "TONGBAN_CENTRAL must name the tongban-central binary (set in tools/CMakeLists.txt)"
#endif

namespace tongban::tools {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;
using test::Fault;
using test::FaultProxy;

constexpr const char* kPassword = "bench-scans-pass";
constexpr const char* kElderly = "高龄津贴申领";  // @township: QS-JX processes it
constexpr double kCutAt = 0.5;

struct Options {
  int size_mib = 20;
  std::string dir;
  bool keep = false;
};

double SecondsSince(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

double MiBps(std::uint64_t bytes, double seconds) {
  return seconds > 0 ? static_cast<double>(bytes) / 1048576.0 / seconds : 0;
}

double Round1(double x) { return std::round(x * 10) / 10; }

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs an admin command of the hub on its data folder; returns its last line.
Result<std::string> Central(const HubProcess& hub, const std::string& args) {
  const std::string cmd = ShellQuote(hub.binary()) + " " + args + " --data " +
                          ShellQuote(hub.data()) + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return Status(ErrorCode::kIoError, "cannot run " + hub.binary());
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
  const int rc = pclose(pipe);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  const std::string last = out.substr(out.rfind('\n') == std::string::npos ? 0 : out.rfind('\n') + 1);
  if (!WIFEXITED(rc) || WEXITSTATUS(rc) != 0)
    return Internal("tongban-central " + args.substr(0, args.find(" --")) + " failed: " + last);
  return last;
}

struct Node {
  std::unique_ptr<node::NodeStore> store;
  std::unique_ptr<node::NodeSync> sync;
  node::Session staff;
};

Result<Node> MakeNode(const HubProcess& hub, const fs::path& dir, const std::string& code,
                      const std::string& kind, const std::string& township,
                      const std::string& url) {
  TB_ASSIGN_OR_RETURN(std::string enrollment,
                      Central(hub, "station add --code " + code + " --name " + code + " --kind " +
                                       kind + (township.empty() ? "" : " --township " + township)));
  const node::HubLink link{url, "", ""};
  TB_ASSIGN_OR_RETURN(node::Enrollment e, node::EnrollWithHub(link, code, enrollment));
  TB_ASSIGN_OR_RETURN(node::NodeKind k, node::ParseNodeKind(e.kind));
  Node n;
  TB_ASSIGN_OR_RETURN(n.store, node::NodeStore::Create((dir / (code + ".db")).string(),
                                                       {code, e.name, k, e.township}, "admin",
                                                       kPassword));
  TB_RETURN_IF_ERROR(node::SaveHubLink(*n.store, link, e));
  TB_ASSIGN_OR_RETURN(node::Session admin, n.store->Login("admin", kPassword));
  TB_RETURN_IF_ERROR(n.store->AddStaff(admin, "staff", "staff", node::Role::kClerk, kPassword));
  TB_ASSIGN_OR_RETURN(n.staff, n.store->Login("staff", kPassword));
  TB_ASSIGN_OR_RETURN(n.sync, node::NodeSync::Open(*n.store, 2000, 5));
  TB_RETURN_IF_ERROR(n.sync->RunRound().status().WithContext("first sync of " + code));
  return n;
}

// A figure of the hub's /metrics, which needs the admin token.
Result<long long> Metric(const std::string& url, const std::string& token,
                         const std::string& name) {
  TB_ASSIGN_OR_RETURN(auto t, sync::CurlTransport::Create({url}));
  TB_ASSIGN_OR_RETURN(auto r, t->Send(sync::HttpRequest{
                                  "GET", "/metrics", {{"authorization", "Bearer " + token}}, "", ""}));
  std::istringstream in(r.body);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(name + " ", 0) == 0) return std::stoll(line.substr(name.size() + 1));
  return NotFound("the hub has no metric " + name);
}

// Counts the scan content in the chunk requests a node sends, whether or not they arrive.
class ContentCounter final : public sync::Transport {
 public:
  explicit ContentCounter(sync::Transport& inner) : inner_(inner) {}
  Result<sync::HttpResponse> Send(const sync::HttpRequest& req) override {
    if (req.method == "POST" && req.target.rfind("/v1/scans/", 0) == 0) {
      auto enc = req.headers.find("content-encoding");
      if (enc != req.headers.end() && enc->second == "zstd") {
        auto plain = sync::Compressor::Shipped().Decompress(req.body, sync::kMaxScanChunkBytes);
        content_ += plain.ok() ? plain->size() : 0;
      } else {
        content_ += req.body.size();
      }
    }
    return inner_.Send(req);
  }
  std::uint64_t content() const { return content_; }

 private:
  sync::Transport& inner_;
  std::uint64_t content_ = 0;
};

struct Upload {
  std::uint64_t content = 0;  // scan bytes in chunk requests, all passes
  std::uint64_t wire_up = 0;  // bytes the proxy forwarded to the hub, all passes
  double seconds = 0;         // all passes, the outage excluded
  int passes = 0;
  std::string cut_error;      // how the interrupted pass failed
  std::uint64_t held_at_cut = 0;  // what the hub held when the next pass began
};

class ScanBench {
 public:
  ScanBench(Options opt, fs::path dir)
      : opt_(opt), dir_(std::move(dir)), size_(static_cast<std::size_t>(opt.size_mib) << 20),
        hub_(TONGBAN_CENTRAL, (dir_ / "hub").string()) {}

  Status Run(json& report) {
    if (!hub_.Start(0)) return Internal("the hub did not start (see " + hub_.data() + ".err)");
    TB_RETURN_IF_ERROR(Central(hub_, "catalog publish sample").status());
    TB_ASSIGN_OR_RETURN(token_, Central(hub_, "admin-token"));
    proxy_ = std::make_unique<FaultProxy>("127.0.0.1", static_cast<std::uint16_t>(hub_.port()));
    const std::string via_proxy = "http://127.0.0.1:" + std::to_string(proxy_->port());
    TB_ASSIGN_OR_RETURN(township_, MakeNode(hub_, dir_, "QS-JX", "township", "", hub_.url()));
    TB_ASSIGN_OR_RETURN(station_, MakeNode(hub_, dir_, "QS-JX01", "station", "QS-JX", via_proxy));

    // Three cases, one scan each; their records reach the hub before any content.
    node::IntakeRequest req;
    req.item_code = kElderly;
    req.applicant_name = "张建国";
    req.applicant_id = "11010519491231002X";
    node::ScanStore& scans = station_.sync->scans();
    for (std::uint32_t i = 0; i < 3; ++i) {
      TB_ASSIGN_OR_RETURN(node::CaseRecord c, station_.store->Intake(station_.staff, req));
      contents_.push_back(PhotoLike(size_, 1000 + i));
      TB_ASSIGN_OR_RETURN(node::AttachResult a,
                          scans.AttachBytes(station_.staff, c.case_no, "M02", contents_.back(),
                                            "scan.jpg"));
      infos_.push_back({a.scan.sha256, static_cast<std::uint64_t>(a.scan.size), a.scan.mime});
    }
    sync::SyncSummary records;
    TB_RETURN_IF_ERROR(station_.sync->client().Push(records, {}).WithContext("push"));
    TB_ASSIGN_OR_RETURN(std::string secret, station_.store->Meta("node_secret"));
    counter_ = std::make_unique<ContentCounter>(station_.sync->transport());
    transfer_ = std::make_unique<sync::ScanTransfer>(*counter_, scans,
                                                     sync::ScanTransferOptions{"QS-JX01", secret});
    std::printf("scans of %d MiB (photo-like, incompressible), chunks of %zu KiB\n", opt_.size_mib,
                sync::kScanChunkBytes / 1024);

    TB_ASSIGN_OR_RETURN(Upload base, Baseline(infos_[0]));
    TB_ASSIGN_OR_RETURN(Upload cut, LinkCut(infos_[1]));
    // The hub's counters die with it: read them before the kill.
    TB_ASSIGN_OR_RETURN(long long stored_before, Metric(hub_.url(), token_, "tongban_scan_chunks_stored_total"));
    TB_ASSIGN_OR_RETURN(long long replayed_before, Metric(hub_.url(), token_, "tongban_scan_chunks_replayed_total"));
    TB_ASSIGN_OR_RETURN(Upload killed, HubKill(infos_[2]));

    // The processing office fetches all three; each must be what was attached.
    const auto start = SteadyClock::now();
    TB_ASSIGN_OR_RETURN(node::RoundSummary down, township_.sync->RunRound());
    const double down_seconds = SecondsSince(start);
    if (down.scans.downloaded != 3)
      return Internal("the township center fetched " + std::to_string(down.scans.downloaded) +
                      " of 3 scans" + (down.scans.errors.empty() ? "" : ": " + down.scans.errors[0]));
    for (std::size_t i = 0; i < 3; ++i) {
      TB_ASSIGN_OR_RETURN(std::string got, township_.sync->scans().Content(infos_[i].sha256));
      if (got != contents_[i]) return Internal("scan " + std::to_string(i) + " arrived changed");
    }
    TB_ASSIGN_OR_RETURN(long long stored_after, Metric(hub_.url(), token_, "tongban_scan_chunks_stored_total"));
    TB_ASSIGN_OR_RETURN(long long replayed_after, Metric(hub_.url(), token_, "tongban_scan_chunks_replayed_total"));
    const long long chunks = static_cast<long long>((size_ + sync::kScanChunkBytes - 1) / sync::kScanChunkBytes);
    // Before the kill: scans A and B whole. After the restart: the rest of scan C.
    const long long held_chunks = static_cast<long long>(killed.held_at_cut / sync::kScanChunkBytes);
    const long long stored = stored_before + stored_after, replayed = replayed_before + replayed_after;
    const bool stored_once = replayed == 0 && stored_before == 2 * chunks &&
                             stored_after == chunks - held_chunks;

    const auto resent = [&](const Upload& u) {
      return static_cast<long long>(u.content) - static_cast<long long>(size_);
    };
    const auto extra_wire = [&](const Upload& u) {
      return static_cast<long long>(u.wire_up) - static_cast<long long>(base.wire_up);
    };
    const long long cut_resent = resent(cut), kill_resent = resent(killed);
    const long long chunk = static_cast<long long>(sync::kScanChunkBytes);
    const bool ok = resent(base) == 0 && cut_resent <= chunk && kill_resent <= chunk && stored_once;
    const double up_rate = MiBps(size_, base.seconds);
    const double down_rate = MiBps(3 * size_, down_seconds);

    std::printf("\n%-34s %12s %10s\n", "", "bytes", "goal");
    std::printf("%-34s %12zu\n", "scan size", size_);
    std::printf("%-34s %12llu\n", "uninterrupted upload, on the wire",
                static_cast<unsigned long long>(base.wire_up));
    std::printf("%-34s %12lld %10lld  %s   (resumed at byte %llu, %s; on the wire +%lld)\n",
                "link cut at 50 %: content resent", cut_resent, chunk,
                cut_resent <= chunk ? "ok" : "MISSED", static_cast<unsigned long long>(cut.held_at_cut),
                Percent(cut.held_at_cut).c_str(), extra_wire(cut));
    std::printf("%-34s %12lld %10lld  %s   (resumed at byte %llu, %s, after the restart; on the "
                "wire +%lld)\n",
                "hub kill -9 at 50 %: content resent", kill_resent, chunk,
                kill_resent <= chunk ? "ok" : "MISSED",
                static_cast<unsigned long long>(killed.held_at_cut), Percent(killed.held_at_cut).c_str(),
                extra_wire(killed));
    std::printf("\nupload   %.1f MiB/s (%.2f s for %d MiB through the proxy, SQLite fsync per chunk)\n",
                up_rate, base.seconds, opt_.size_mib);
    std::printf("download %.1f MiB/s (%.2f s for 3 x %d MiB, township center, direct)\n", down_rate,
                down_seconds, opt_.size_mib);
    std::printf("hub chunks stored %lld + %lld held at the kill = %lld for 3 scans of %lld, replayed "
                "%lld: %s\n", stored, held_chunks, stored + held_chunks, chunks, replayed,
                stored_once ? "each chunk stored once" : "MISSED");
    std::printf("link cut: %s\n", cut.cut_error.c_str());
    std::printf("hub kill: %s\n", killed.cut_error.c_str());

    report = {{"ok", ok},
              {"scan_bytes", size_},
              {"chunk_bytes", sync::kScanChunkBytes},
              {"baseline_wire_bytes", base.wire_up},
              {"cut_resent_bytes", cut_resent},
              {"cut_extra_wire_bytes", extra_wire(cut)},
              {"cut_held_at_resume", cut.held_at_cut},
              {"kill_resent_bytes", kill_resent},
              {"kill_extra_wire_bytes", extra_wire(killed)},
              {"kill_held_at_resume", killed.held_at_cut},
              {"goal_resent_bytes", chunk},
              {"upload_mib_s", Round1(up_rate)},
              {"download_mib_s", Round1(down_rate)},
              {"hub_chunks_replayed", replayed}};
    if (!ok) return FailedPrecondition("a goal was missed (see above)");
    return Status::Ok();
  }

 private:
  std::string Percent(std::uint64_t bytes) const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f %%", 100.0 * static_cast<double>(bytes) / static_cast<double>(size_));
    return buf;
  }

  Result<Upload> Baseline(const sync::ScanInfo& scan) {
    Upload u;
    proxy_->CloseAll();
    const std::size_t up = proxy_->bytes_up();
    const std::uint64_t content = counter_->content();
    const auto start = SteadyClock::now();
    sync::ScanTransferSummary sum;
    TB_RETURN_IF_ERROR(transfer_->Upload(scan, sum).WithContext("baseline"));
    u.seconds = SecondsSince(start);
    u.wire_up = proxy_->bytes_up() - up;
    u.content = counter_->content() - content;
    u.passes = 1;
    return u;
  }

  // The link drops inside the chunk after the 50 % mark and stays down until the next pass.
  Result<Upload> LinkCut(const sync::ScanInfo& scan) {
    Upload u;
    proxy_->CloseAll();
    const std::size_t up = proxy_->bytes_up();
    const std::uint64_t content = counter_->content();
    const std::size_t cut_at = static_cast<std::size_t>(kCutAt * static_cast<double>(size_)) +
                               sync::kScanChunkBytes / 2;
    proxy_->SetPlan({Fault::kDropAfter, cut_at, {}, 1});
    sync::ScanTransferSummary first;
    Status st = transfer_->Upload(scan, first, [&](std::uint64_t held, std::uint64_t) {
      if (held >= kCutAt * static_cast<double>(size_) - sync::kScanChunkBytes)
        proxy_->SetPlan({Fault::kRefuse});
    });
    if (st.ok()) return Internal("link cut: the upload was not interrupted");
    u.cut_error = st.message();
    proxy_->SetPlan({});
    TB_ASSIGN_OR_RETURN(u, Resume(scan, u, up, content));
    return u;
  }

  // kill -9 of the hub while the chunk after the 50 % mark is on its way or being stored.
  Result<Upload> HubKill(const sync::ScanInfo& scan) {
    Upload u;
    proxy_->CloseAll();
    const std::size_t up = proxy_->bytes_up();
    const std::uint64_t content = counter_->content();
    std::thread killer;
    sync::ScanTransferSummary first;
    Status st = transfer_->Upload(scan, first, [&](std::uint64_t held, std::uint64_t) {
      if (killer.joinable() || held < kCutAt * static_cast<double>(size_)) return;
      killer = std::thread([this] {
        std::this_thread::sleep_for(std::chrono::microseconds(1500));
        hub_.Kill();
      });
    });
    if (killer.joinable()) killer.join();
    if (st.ok()) return Internal("hub kill: the upload was not interrupted");
    u.cut_error = st.message();
    if (!hub_.Start()) return Internal("the hub did not restart after kill -9");
    proxy_->SetTarget(static_cast<std::uint16_t>(hub_.port()));
    TB_ASSIGN_OR_RETURN(u, Resume(scan, u, up, content));
    return u;
  }

  Result<Upload> Resume(const sync::ScanInfo& scan, Upload u, std::size_t up_before,
                        std::uint64_t content_before) {
    TB_ASSIGN_OR_RETURN(sync::ScanRemote where, transfer_->Remote(scan.sha256));
    u.held_at_cut = where.held;
    sync::ScanTransferSummary second;
    TB_RETURN_IF_ERROR(transfer_->Upload(scan, second).WithContext("resume"));
    TB_ASSIGN_OR_RETURN(where, transfer_->Remote(scan.sha256));
    if (!where.complete) return Internal("the resumed upload did not complete");
    // The status request above went through the proxy too: it is part of the resume.
    u.wire_up = proxy_->bytes_up() - up_before;
    u.content = counter_->content() - content_before;
    u.passes = 2;
    return u;
  }

  Options opt_;
  fs::path dir_;
  std::size_t size_;
  HubProcess hub_;
  std::string token_;  // the admin token, for /metrics
  std::unique_ptr<FaultProxy> proxy_;
  Node township_, station_;
  std::unique_ptr<ContentCounter> counter_;
  std::unique_ptr<sync::ScanTransfer> transfer_;
  std::vector<std::string> contents_;
  std::vector<sync::ScanInfo> infos_;
};

int Main(int argc, char** argv) {
  CLI::App app{"tongban-bench-scans: scan upload, download and resume after a cut, real hub"};
  Options opt;
  app.add_option("--size", opt.size_mib, "Scan size in MiB (at most 20)")
      ->check(CLI::Range(1, 20))
      ->capture_default_str();
  app.add_option("--dir", opt.dir, "Directory for the hub and node files (default: a new temp one)");
  app.add_flag("--keep", opt.keep, "Keep the files afterwards");
  if (const int rc = ParseBenchOptions(app, argc, argv, "tongban-bench-scans"); rc >= 0) return rc;
  return RunInBenchDir("tongban-bench-scans", opt.dir, opt.keep,
                       {"hub", "hub.out", "hub.err", "QS-JX.db", "QS-JX01.db", "QS-JX.db-wal",
                        "QS-JX.db-shm", "QS-JX01.db-wal", "QS-JX01.db-shm"},
                       [&](const fs::path& dir, json& report) {
                         ScanBench bench(opt, dir);
                         return bench.Run(report);
                       });
}

}  // namespace
}  // namespace tongban::tools

int main(int argc, char** argv) { return tongban::tools::Main(argc, argv); }
