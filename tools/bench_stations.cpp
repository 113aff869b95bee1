// tongban-bench-stations: a thousand stations sync a day's work at once against one real hub.
//
// Starts the real `tongban-central serve` on a loopback port (hub_process.h) and sets up
// --stations stations under --townships township centers, each announced with the hub's
// own admin command, enrolled over HTTP with its one-time code (so each has its own
// secret) and given its own small NodeStore on a real SQLite file. Each station imports
// some earlier cases and syncs them (the days before), then does a day's work: --new
// walk-in intakes and --updates phone corrections. Then every station runs one sync round
// at the same instant, each on its own thread, through the real NodeSync: libcurl, zstd,
// the wire format. All of them live in this one process; at about 80 MB per CLI process a
// thousand processes would take the machine down.
//
// Reported for the burst: round time p50/p90/p99/max, changes per second, the hub's peak
// RSS (reset just before), the hub's and the stations' CPU per change, and errors. Every
// station must succeed, the hub must hold every change once, and sampled stations' digests
// must equal the hub's. --compare runs the same load first against another build's hub
// (the previous commit's, say) and prints both side by side; --streams runs it first with
// this build's stations streaming every push, however small. The last line is
// "BENCH_JSON {...}"; a failed check exits 1. Run it under a memory and time cap:
//   prlimit --as=$((16<<30)) timeout 1200 build/tools/tongban-bench-stations
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_dir.h"
#include "bench_text.h"
#include "hub_admin.h"
#include "hub_process.h"
#include "sample_cases.h"
#include "tongban/node/store/node_store.h"
#include "tongban/node/store/node_sync.h"

#ifndef TONGBAN_CENTRAL
#error "TONGBAN_CENTRAL must name the tongban-central binary (set in tools/CMakeLists.txt)"
#endif

namespace tongban::tools {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr double kGoalP99Seconds = 5;
constexpr long kGoalHubPeakRssKib = 64 * 1024;
constexpr const char* kPassword = "bench-stations-pass";
constexpr std::size_t kBurstStackBytes = 1u << 20;  // a thousand threads, small stacks
constexpr int kDigestSamples = 5;

struct Options {
  int stations = 1000;
  int townships = 50;
  int earlier = 20;   // cases imported and synced before the day
  int fresh = 20;     // walk-in intakes during the day
  int updates = 100;  // phone corrections during the day
  int setup_threads = 2;
  std::string central = TONGBAN_CENTRAL;
  std::string compare;  // another build's tongban-central, run first
  bool streams = false;  // also a run of this build streaming every push, first
  std::string dir;
  bool keep = false;
};

// One station as the burst sees it.
struct Station {
  std::string code;
  std::string path;
  std::int64_t waiting = 0;   // changes not yet at the hub when the burst starts
  std::int64_t last_seq = 0;  // the station's last change: every one must be applied once
  double round_s = -1;
  std::int64_t pushed = 0;
  std::string error;
};

// What one run against one hub binary measured.
struct RunResult {
  std::string hub;
  int stations = 0;
  int ok = 0;
  std::map<std::string, int> errors;  // message -> how many stations
  double p50 = 0, p90 = 0, p99 = 0, max = 0;
  std::int64_t changes = 0;
  double burst_s = 0;
  double changes_per_s = 0;
  long hub_peak_rss_kib = 0;
  double hub_cpu_us_per_change = 0;
  double node_cpu_us_per_change = 0;
  double setup_s = 0;
  bool digests_equal = false;
  std::int64_t hub_applied = 0;
};

// CPU seconds (user + system) of a process from /proc/<pid>/stat ("self" for this one).
double CpuSeconds(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(stat.substr(close + 2));
  std::string field;
  long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::atoll(field.c_str());
    if (i == 15) stime = std::atoll(field.c_str());
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// Starts the peak RSS (VmHWM) of a process afresh.
void ResetPeakRss(pid_t pid) {
  std::ofstream out("/proc/" + std::to_string(pid) + "/clear_refs");
  out << "5";
}

// `sorted` in ascending order.
double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto at = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(at, sorted.size() - 1)];
}

// Runs fn(0..n-1) on `threads` threads; stops handing out work after the first failure.
Status ForEachParallel(int n, int threads, const std::function<Status(int)>& fn) {
  std::atomic<int> next{0};
  std::mutex mu;
  Status first = Status::Ok();
  std::vector<std::thread> pool;
  for (int t = 0; t < std::max(1, threads); ++t)
    pool.emplace_back([&] {
      for (int i; (i = next++) < n;) {
        Status st = fn(i);
        if (st.ok()) continue;
        std::lock_guard lock(mu);
        if (first.ok()) first = st;
        next = n;
      }
    });
  for (auto& t : pool) t.join();
  return first;
}

// A thread with a small stack: a thousand of them stay cheap.
class SmallThread {
 public:
  explicit SmallThread(std::function<void()> fn) : fn_(std::move(fn)) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, kBurstStackBytes);
    started_ = pthread_create(&thread_, &attr, &SmallThread::Run, this) == 0;
    pthread_attr_destroy(&attr);
  }
  bool started() const { return started_; }
  ~SmallThread() {
    if (started_) pthread_join(thread_, nullptr);
  }
  SmallThread(const SmallThread&) = delete;
  SmallThread& operator=(const SmallThread&) = delete;

 private:
  static void* Run(void* self) {
    static_cast<SmallThread*>(self)->fn_();
    return nullptr;
  }
  std::function<void()> fn_;
  pthread_t thread_{};
  bool started_ = false;
};

// Lets every waiting thread go at the same instant.
class StartGate {
 public:
  explicit StartGate(int expected) : expected_(expected) {}
  // The last to arrive opens the gate.
  void ArriveAndWait() {
    std::unique_lock lock(mu_);
    if (++arrived_ >= expected_) {
      open_ = true;
      cv_.notify_all();
    }
    cv_.wait(lock, [&] { return open_; });
  }
  // For a thread that never came to be: counted as arrived, waits for nothing.
  void Arrive() {
    std::lock_guard lock(mu_);
    if (++arrived_ >= expected_) {
      open_ = true;
      cv_.notify_all();
    }
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int expected_;
  int arrived_ = 0;
  bool open_ = false;
};

class LoadRun {
 public:
  // `stream_all`: the stations stream every push, however small (by default a day's work
  // at a station goes as whole batches: SyncOptions::stream_min_changes).
  LoadRun(const Options& opt, std::string hub_binary, fs::path dir, bool stream_all)
      : opt_(opt),
        stream_all_(stream_all),
        dir_(std::move(dir)),
        hub_(std::move(hub_binary), (dir_ / "hub").string()) {}

  Result<RunResult> Run() {
    result_.hub = hub_.binary();
    result_.stations = opt_.stations;
    const auto setup_start = SteadyClock::now();
    TB_RETURN_IF_ERROR(StartHub());
    TB_RETURN_IF_ERROR(ForEachParallel(opt_.stations, opt_.setup_threads, [&](int i) {
      return SetUpStation(stations_[static_cast<std::size_t>(i)], i)
          .WithContext("set up " + stations_[static_cast<std::size_t>(i)].code);
    }));
    result_.setup_s = SecondsSince(setup_start);
    std::printf("  set up %d stations in %.1f s; the burst starts\n", opt_.stations,
                result_.setup_s);
    std::fflush(stdout);
    Burst();
    TB_RETURN_IF_ERROR(Check());
    hub_.Stop();
    return result_;
  }

 private:
  Status StartHub() {
    std::error_code ec;
    fs::create_directories(hub_.data(), ec);
    if (ec) return Status(ErrorCode::kIoError, "cannot create " + hub_.data() + ": " + ec.message());
    if (!hub_.Start(0))
      return Status(ErrorCode::kUnavailable,
                    "the hub did not start; see " + hub_.data() + ".err (run with --keep)");
    TB_RETURN_IF_ERROR(Central(hub_, {"catalog", "publish", "sample"}).status());
    const int per_township = (opt_.stations + opt_.townships - 1) / opt_.townships;
    for (int t = 0; t < opt_.townships; ++t) {
      char code[16], name[64];
      std::snprintf(code, sizeof code, "TS%02d", t + 1);
      std::snprintf(name, sizeof name, "第%02d镇便民服务中心", t + 1);
      TB_RETURN_IF_ERROR(
          Central(hub_, {"station", "add", "--code", code, "--name", name, "--kind", "township"})
              .status());
      for (int s = 0; s < per_township && static_cast<int>(stations_.size()) < opt_.stations; ++s) {
        char station[40];
        std::snprintf(station, sizeof station, "%s%02d", code, s + 1);
        stations_.push_back(Station{station, (dir_ / (std::string(station) + ".db")).string()});
      }
    }
    return Status::Ok();
  }

  // Announces, enrolls and stocks one station, then closes it: the burst opens it again.
  Status SetUpStation(Station& s, int index) {
    const std::string township = s.code.substr(0, 4);
    TB_ASSIGN_OR_RETURN(std::string added,
                        Central(hub_, {"station", "add", "--code", s.code, "--name",
                                       s.code + "村便民服务站", "--kind", "station", "--township",
                                       township}));
    const node::HubLink link{hub_.url(), "", ""};
    TB_ASSIGN_OR_RETURN(node::Enrollment e, node::EnrollWithHub(link, s.code, LastLine(added)));
    TB_ASSIGN_OR_RETURN(node::NodeKind kind, node::ParseNodeKind(e.kind));
    TB_ASSIGN_OR_RETURN(auto store, node::NodeStore::Create(
                                        s.path, {s.code, e.name, kind, e.township}, "admin",
                                        kPassword));
    TB_RETURN_IF_ERROR(node::SaveHubLink(*store, link, e));
    // The clerk logged in hours ago; a login per station would only cost password hashing.
    const node::Session admin{"admin", "Administrator", node::Role::kAdmin};
    TB_RETURN_IF_ERROR(store->AddStaff(admin, "clerk", "窗口一", node::Role::kClerk, kPassword));
    const node::Session clerk{"clerk", "窗口一", node::Role::kClerk};
    TB_ASSIGN_OR_RETURN(auto link_sync, node::NodeSync::Open(*store));
    TB_RETURN_IF_ERROR(link_sync->RunRound().status().WithContext("first sync"));

    TB_ASSIGN_OR_RETURN(auto items, store->ListItems());
    std::vector<node::ServiceItem> township_items;
    for (const auto& item : items)
      if (item.handling_office == node::kTownshipOffice) township_items.push_back(item);
    if (township_items.empty()) return Internal("the catalog has no item handled at the township");
    // Earlier cases lie in the last 120 days, within the years the built-in calendar knows.
    const Date last = std::min<Date>(node::LocalDate(store->NowMillis()) - std::chrono::days(1),
                                     std::chrono::year{2026} / 12 / 31);
    CaseGenerator gen(ItemInfos(township_items), last - std::chrono::days(120), last,
                      kSeed + static_cast<std::uint64_t>(index));

    // The days before: earlier cases, synced.
    json doc = {{"format", "tongban-cases/1"}, {"cases", json::array()}};
    for (int i = 0; i < opt_.earlier; ++i) doc["cases"].push_back(gen.NextImported(i + 1));
    TB_ASSIGN_OR_RETURN(auto imported, store->ImportCases(clerk, doc.dump()));
    std::vector<std::string> cases = imported.case_numbers;
    TB_RETURN_IF_ERROR(link_sync->RunRound().status().WithContext("sync of the earlier cases"));

    // The day's work.
    for (int i = 0; i < opt_.fresh; ++i) {
      TB_ASSIGN_OR_RETURN(auto c, store->Intake(clerk, gen.NextIntake()));
      cases.push_back(c.case_no);
    }
    for (int i = 0; i < opt_.updates && !cases.empty(); ++i) {
      char phone[16];
      std::snprintf(phone, sizeof phone, "139%08d", (index * 997 + i) % 100000000);
      TB_RETURN_IF_ERROR(
          store->UpdatePhone(clerk, cases[static_cast<std::size_t>(i) % cases.size()], phone)
              .status());
    }
    TB_ASSIGN_OR_RETURN(sync::ReplicaState state, link_sync->replica().State());
    s.waiting = state.last_seq - state.acked_seq;
    s.last_seq = state.last_seq;
    return Status::Ok();
  }

  // Every station opens its store, waits at the gate, and syncs once when it opens.
  void Burst() {
    StartGate gate(opt_.stations + 1);
    SteadyClock::time_point start;
    double node_cpu_start = 0, hub_cpu_start = 0;
    std::atomic<std::int64_t> last_end_ns{0};
    {
      std::vector<std::unique_ptr<SmallThread>> threads;
      threads.reserve(stations_.size());
      for (auto& s : stations_) {
        threads.push_back(std::make_unique<SmallThread>([this, &gate, &s, &start, &last_end_ns] {
          auto store = node::NodeStore::Open(s.path);
          Result<std::unique_ptr<node::NodeSync>> link =
              store.ok() ? node::NodeSync::Open(**store) : Result<std::unique_ptr<node::NodeSync>>(
                                                               store.status());
          gate.ArriveAndWait();
          if (!link.ok()) {
            s.error = link.status().message();
            return;
          }
          if (stream_all_) (*link)->client().set_stream_min_changes(1);
          auto round = (*link)->RunRound();
          const auto end = SteadyClock::now();
          s.round_s = std::chrono::duration<double>(end - start).count();
          if (!round.ok()) s.error = round.status().message();
          else s.pushed = round->records.pushed;
          const std::int64_t ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                      end.time_since_epoch()).count();
          for (std::int64_t seen = last_end_ns.load(); ns > seen;)
            if (last_end_ns.compare_exchange_weak(seen, ns)) break;
        }));
        if (!threads.back()->started()) {
          s.error = "no thread could be started for the station";
          gate.Arrive();
        }
      }
      // Measured from the moment the gate opens: opening the stores is not part of it.
      ResetPeakRss(hub_.pid());
      hub_cpu_start = CpuSeconds(std::to_string(hub_.pid()));
      node_cpu_start = CpuSeconds("self");
      start = SteadyClock::now();
      gate.ArriveAndWait();
    }  // joins every thread
    const double node_cpu = CpuSeconds("self") - node_cpu_start;
    const double hub_cpu = CpuSeconds(std::to_string(hub_.pid())) - hub_cpu_start;
    result_.burst_s = std::chrono::duration<double>(
                          SteadyClock::time_point(std::chrono::nanoseconds(last_end_ns.load())) -
                          start)
                          .count();
    result_.hub_peak_rss_kib = hub_.PeakRssKib();

    std::vector<double> times;
    for (const auto& s : stations_) {
      if (s.error.empty()) {
        ++result_.ok;
        times.push_back(s.round_s);
        result_.changes += s.pushed;
      } else {
        ++result_.errors[OneLine(s.error)];
      }
    }
    std::sort(times.begin(), times.end());
    result_.p50 = Percentile(times, 0.50);
    result_.p90 = Percentile(times, 0.90);
    result_.p99 = Percentile(times, 0.99);
    result_.max = Percentile(times, 1.0);
    if (result_.changes > 0) {
      result_.changes_per_s = static_cast<double>(result_.changes) / result_.burst_s;
      result_.hub_cpu_us_per_change = hub_cpu * 1e6 / static_cast<double>(result_.changes);
      result_.node_cpu_us_per_change = node_cpu * 1e6 / static_cast<double>(result_.changes);
    }
  }

  // Every change arrived once: what each station pushed is what it had waiting, the hub
  // acknowledged each station's last change and applied each of its changes once, and
  // sampled stations hold what the hub holds for them.
  Status Check() {
    std::int64_t waiting = 0, made = 0;
    std::map<std::string, std::int64_t> last_seq;
    for (const auto& s : stations_) {
      waiting += s.waiting;
      made += s.last_seq;
      last_seq[s.code] = s.last_seq;
    }
    TB_ASSIGN_OR_RETURN(json nodes, CentralJson(hub_, {"station", "list", "--json"}));
    int behind = 0;
    for (const auto& n : nodes) {
      const auto it = last_seq.find(n.value("code", ""));
      if (it == last_seq.end()) continue;
      result_.hub_applied += n.value("changes_applied", std::int64_t{0});
      if (n.value("acked_seq", std::int64_t{0}) != it->second) ++behind;
    }
    result_.digests_equal = true;
    for (int k = 0; k < kDigestSamples && !stations_.empty(); ++k) {
      const auto& s = stations_[static_cast<std::size_t>(k) * (stations_.size() - 1) /
                                std::max(1, kDigestSamples - 1)];
      TB_ASSIGN_OR_RETURN(auto store, node::NodeStore::Open(s.path));
      TB_ASSIGN_OR_RETURN(auto link, node::NodeSync::Open(*store));
      TB_ASSIGN_OR_RETURN(std::string mine, link->replica().Digest());
      TB_ASSIGN_OR_RETURN(std::string hubs, link->client().HubDigest());
      if (mine != hubs) result_.digests_equal = false;
    }
    if (result_.ok != result_.stations)
      return Internal(std::to_string(result_.stations - result_.ok) + " of " +
                      std::to_string(result_.stations) + " stations failed to sync, first: " +
                      result_.errors.begin()->first);
    if (result_.changes != waiting)
      return Internal("the stations pushed " + std::to_string(result_.changes) + " changes of the " +
                      std::to_string(waiting) + " they had waiting");
    if (behind > 0)
      return Internal("the hub has not acknowledged every change of " + std::to_string(behind) +
                      " stations");
    if (result_.hub_applied != made)
      return Internal("the hub applied " + std::to_string(result_.hub_applied) +
                      " changes of stations that made " + std::to_string(made));
    if (!result_.digests_equal) return Internal("a sampled station's digest differs from the hub's");
    return Status::Ok();
  }

  const Options& opt_;
  bool stream_all_ = false;
  fs::path dir_;
  HubProcess hub_;
  std::vector<Station> stations_;
  RunResult result_;
};

json ToJson(const RunResult& r) {
  json errors = json::object();
  for (const auto& [message, n] : r.errors) errors[message] = n;
  return {{"hub", r.hub},
          {"stations", r.stations},
          {"ok", r.ok},
          {"errors", errors},
          {"round_s", {{"p50", Round3(r.p50)}, {"p90", Round3(r.p90)}, {"p99", Round3(r.p99)},
                       {"max", Round3(r.max)}}},
          {"changes", r.changes},
          {"hub_applied", r.hub_applied},
          {"burst_s", Round3(r.burst_s)},
          {"changes_per_s", std::round(r.changes_per_s)},
          {"hub_peak_rss_kib", r.hub_peak_rss_kib},
          {"hub_cpu_us_per_change", Round1(r.hub_cpu_us_per_change)},
          {"node_cpu_us_per_change", Round1(r.node_cpu_us_per_change)},
          {"digests_equal", r.digests_equal},
          {"setup_s", Round1(r.setup_s)}};
}

void PrintTable(const std::vector<std::pair<std::string, RunResult>>& runs) {
  std::printf("\n%-28s", "");
  for (const auto& [name, r] : runs) std::printf("%18s", name.c_str());
  std::printf("   goal\n");
  const auto row = [&](const char* what, auto value, const char* goal) {
    std::printf("%-28s", what);
    for (const auto& [name, r] : runs) std::printf("%18s", value(r).c_str());
    std::printf("   %s\n", goal);
  };
  const auto fixed = [](double v, int digits) {
    char b[32];
    std::snprintf(b, sizeof b, "%.*f", digits, v);
    return std::string(b);
  };
  row("stations synced", [](const RunResult& r) {
    return std::to_string(r.ok) + " of " + std::to_string(r.stations); }, "all");
  row("round p50 s", [&](const RunResult& r) { return fixed(r.p50, 3); }, "");
  row("round p90 s", [&](const RunResult& r) { return fixed(r.p90, 3); }, "");
  row("round p99 s", [&](const RunResult& r) { return fixed(r.p99, 3); }, "<= 5 s");
  row("round max s", [&](const RunResult& r) { return fixed(r.max, 3); }, "");
  row("changes pushed", [](const RunResult& r) { return Thousands(r.changes); }, "");
  row("changes/s (whole burst)", [](const RunResult& r) {
    return Thousands(static_cast<std::int64_t>(r.changes_per_s)); }, "");
  row("hub peak RSS MiB", [&](const RunResult& r) {
    return fixed(static_cast<double>(r.hub_peak_rss_kib) / 1024, 1); }, "<= 64 MiB");
  row("hub CPU us/change", [&](const RunResult& r) { return fixed(r.hub_cpu_us_per_change, 1); }, "");
  row("stations' CPU us/change", [&](const RunResult& r) {
    return fixed(r.node_cpu_us_per_change, 1); }, "");
  row("set-up s", [&](const RunResult& r) { return fixed(r.setup_s, 1); }, "");
  for (const auto& [name, r] : runs)
    for (const auto& [message, n] : r.errors)
      std::printf("  %s: %d stations: %s\n", name.c_str(), n, message.c_str());
}

int Main(int argc, char** argv) {
  CLI::App app{"tongban-bench-stations: a thousand stations sync a day's work at once"};
  Options opt;
  app.add_option("--stations", opt.stations, "Stations syncing at once")->check(CLI::Range(1, 5000));
  app.add_option("--townships", opt.townships, "Township centers they belong to")
      ->check(CLI::Range(1, 99));
  app.add_option("--earlier", opt.earlier, "Cases per station synced before the day")
      ->check(CLI::Range(1, 1000));
  app.add_option("--new", opt.fresh, "Walk-in intakes per station during the day")
      ->check(CLI::Range(0, 1000));
  app.add_option("--updates", opt.updates, "Phone corrections per station during the day")
      ->check(CLI::Range(0, 10000));
  app.add_option("--setup-threads", opt.setup_threads, "Threads that set the stations up")
      ->check(CLI::Range(1, 16));
  app.add_option("--central", opt.central, "The tongban-central binary measured");
  app.add_option("--compare", opt.compare,
                 "Another build's tongban-central (e.g. the previous commit's), run first");
  app.add_flag("--streams", opt.streams,
               "First the same load with every push streamed, however small");
  app.add_option("--dir", opt.dir, "Working folder (default: a fresh temp folder)");
  app.add_flag("--keep", opt.keep, "Keep the working folder");
  if (const int rc = ParseBenchOptions(app, argc, argv, "tongban-bench-stations"); rc >= 0)
    return rc;
  if (opt.townships * 99 < opt.stations) {
    std::fprintf(stderr, "tongban-bench-stations: at most 99 stations per township\n");
    return 2;
  }
  return RunInBenchDir(
      "tongban-bench-stations", opt.dir, opt.keep, {"compare", "streams", "this"},
      [&](const fs::path& dir, json& report) -> Status {
        std::printf("%d stations under %d townships; each syncs %d earlier cases, then %d new "
                    "cases and %d updates at once\n",
                    opt.stations, opt.townships, opt.earlier, opt.fresh, opt.updates);
        struct Planned {
          std::string name, binary;
          bool stream_all;
        };
        std::vector<Planned> plan;
        if (!opt.compare.empty()) plan.push_back({"compare", opt.compare, false});
        if (opt.streams) plan.push_back({"streams", opt.central, true});
        plan.push_back({"this", opt.central, false});
        std::vector<std::pair<std::string, RunResult>> runs;
        report = {{"bench", "stations"}, {"stations", opt.stations}, {"townships", opt.townships},
                  {"earlier", opt.earlier}, {"new", opt.fresh}, {"updates", opt.updates},
                  {"goals", {{"p99_s", kGoalP99Seconds}, {"hub_peak_rss_kib", kGoalHubPeakRssKib}}}};
        Status failed = Status::Ok();
        for (const auto& [name, binary, stream_all] : plan) {
          std::printf("run '%s': %s%s\n", name.c_str(), binary.c_str(),
                      stream_all ? " (every push streamed)" : "");
          std::fflush(stdout);
          LoadRun run(opt, binary, dir / name, stream_all);
          auto r = run.Run();
          if (!r.ok()) {
            failed = r.status().WithContext("run '" + name + "'");
            break;
          }
          report[name] = ToJson(*r);
          runs.push_back({name, std::move(r).value()});
        }
        if (!runs.empty()) PrintTable(runs);
        if (!failed.ok()) return failed;
        const RunResult& now = runs.back().second;
        json missed = json::array();
        if (now.p99 > kGoalP99Seconds) missed.push_back("p99_s");
        if (now.hub_peak_rss_kib > kGoalHubPeakRssKib) missed.push_back("hub_peak_rss_kib");
        report["missed"] = missed;
        report["ok"] = true;
        std::printf("goals: p99 <= %.0f s %s, hub peak RSS <= %ld MiB %s\n", kGoalP99Seconds,
                    Verdict(now.p99 <= kGoalP99Seconds), kGoalHubPeakRssKib / 1024,
                    Verdict(now.hub_peak_rss_kib <= kGoalHubPeakRssKib));
        return Status::Ok();
      });
}

}  // namespace
}  // namespace tongban::tools

int main(int argc, char** argv) { return tongban::tools::Main(argc, argv); }
