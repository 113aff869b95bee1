// tongban-bench-bundle: what a USB bundle costs in memory and time, with the real programs.
//
// Starts the real `tongban-central serve` (hub_process.h) for enrollment. The field
// laptop QS-FD01 (a real SQLite file) imports --cases generated cases and attaches
// --scans photo-like (incompressible) scans of 20 MiB. Then, each as its own process:
//   1. `tongban bundle export`            the laptop writes its bundle;
//   2. `tongban-central bundle import`    the hub applies it and writes the reply;
//   3. `tongban bundle import`            the laptop applies the reply.
// For each: wall time and peak RSS (from wait4). A bundle held whole in memory costs a
// few times its size; streamed, the peak stays near one section (24 MiB) whatever the
// bundle's size. Then the laptop's digest must equal the hub's and its queue be empty.
// --cli and --central measure the programs of another build (the same database schema).
// The last line is "BENCH_JSON {...}"; a failed check exits 1 with one line on stderr.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "bench_dir.h"
#include "hub_process.h"
#include "sample_cases.h"
#include "tongban/node/store/node_replica.h"
#include "tongban/node/store/node_store.h"
#include "tongban/node/store/node_sync.h"
#include "tongban/node/store/scan_store.h"

#ifndef TONGBAN_CENTRAL
#error "TONGBAN_CENTRAL must name the tongban-central binary (set in tools/CMakeLists.txt)"
#endif
#ifndef TONGBAN_CLI
#error "TONGBAN_CLI must name the tongban binary (set in tools/CMakeLists.txt)"
#endif

namespace tongban::tools {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

constexpr const char* kPassword = "bench-bundle-pass";
constexpr const char* kCode = "QS-FD01";
constexpr std::size_t kImportChunk = 5000;

struct Options {
  int cases = 20000;
  int scans = 6;
  std::string cli = TONGBAN_CLI;          // programs measured: another build's, to compare
  std::string central = TONGBAN_CENTRAL;
  std::string dir;
  bool keep = false;
};

struct Step {
  std::string key;
  double seconds = 0;
  double peak_mib = 0;
};

double Round1(double x) { return std::round(x * 10) / 10; }

// Runs a program to the end with its output in `log`; returns its wall time and peak RSS.
Result<Step> Measure(const std::string& key, std::vector<std::string> args, const std::string& log) {
  const auto start = SteadyClock::now();
  const pid_t pid = fork();
  if (pid < 0) return Status(ErrorCode::kIoError, "cannot fork");
  if (pid == 0) {
    std::FILE* out = std::fopen(log.c_str(), "a");
    if (out) {
      dup2(fileno(out), 1);
      dup2(fileno(out), 2);
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid) return Internal("lost the child process of " + key);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return Internal(key + " failed (exit " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) +
                    "); see " + log);
  return Step{key, std::chrono::duration<double>(SteadyClock::now() - start).count(),
              static_cast<double>(usage.ru_maxrss) / 1024.0};
}

class BundleBench {
 public:
  BundleBench(Options opt, fs::path dir)
      : opt_(std::move(opt)), dir_(std::move(dir)), hub_(opt_.central, (dir_ / "hub").string()) {}

  Status Run(json& report) {
    if (!hub_.Start(0)) return Internal("the hub did not start (see " + hub_.data() + ".err)");
    TB_RETURN_IF_ERROR(Central({"catalog", "publish", "sample"}));
    TB_RETURN_IF_ERROR(Setup());
    const std::string db = (dir_ / (std::string(kCode) + ".db")).string();
    const std::string bundle = (dir_ / "qs-fd01.bundle").string();
    const std::string log = (dir_ / "steps.log").string();
    std::vector<Step> steps;
    const auto run = [&](const std::string& key, std::vector<std::string> args) -> Status {
      TB_ASSIGN_OR_RETURN(Step s, Measure(key, std::move(args), log));
      std::printf("%-14s %7.1f s  peak RSS %7.1f MiB\n", key.c_str(), s.seconds, s.peak_mib);
      steps.push_back(s);
      return Status::Ok();
    };
    // The laptop's store is closed while the programs work on its file.
    TB_ASSIGN_OR_RETURN(sync::ReplicaState before, node::NodeReplica(*store_).State());
    store_.reset();
    // An export is on the audit trail: the field worker signs in.
    setenv("TONGBAN_PASSWORD", kPassword, 1);
    TB_RETURN_IF_ERROR(run("export", {opt_.cli, "bundle", "export", "--db", db, "--user", "field",
                                      "--out", bundle}));
    const auto bundle_bytes = fs::file_size(bundle);
    std::printf("bundle         %7.1f MiB: %lld changes, %d scans\n",
                static_cast<double>(bundle_bytes) / 1048576.0,
                static_cast<long long>(before.last_seq - before.acked_seq), opt_.scans);
    TB_RETURN_IF_ERROR(run("hub_import", {opt_.central, "bundle", "import", bundle, "--data", hub_.data()}));
    TB_RETURN_IF_ERROR(run("reply_import", {opt_.cli, "bundle", "import", "--db", db, bundle + ".reply"}));

    // Everything arrived once: the laptop's queue is empty and it agrees with the hub.
    TB_ASSIGN_OR_RETURN(store_, node::NodeStore::Open(db));
    TB_ASSIGN_OR_RETURN(sync::ReplicaState after, node::NodeReplica(*store_).State());
    if (after.acked_seq != before.last_seq)
      return Internal("the hub acknowledged up to " + std::to_string(after.acked_seq) + " of " +
                      std::to_string(before.last_seq));
    node::ScanStore scans(*store_);
    TB_ASSIGN_OR_RETURN(auto waiting, scans.PendingUploads());
    if (!waiting.empty()) return Internal(std::to_string(waiting.size()) + " scans still wait to be sent");
    TB_ASSIGN_OR_RETURN(auto sync, node::NodeSync::Open(*store_));
    TB_ASSIGN_OR_RETURN(std::string mine, sync->replica().Digest());
    TB_ASSIGN_OR_RETURN(std::string hubs, sync->client().HubDigest());
    if (mine != hubs) return Internal("the laptop's digest differs from the hub's");
    std::printf("checked: every change acknowledged, every scan confirmed, digests equal\n");

    report = {{"bench", "bundle"},
              {"cases", opt_.cases},
              {"changes", before.last_seq - before.acked_seq},
              {"scans", opt_.scans},
              {"bundle_mib", Round1(static_cast<double>(bundle_bytes) / 1048576.0)}};
    for (const auto& s : steps) {
      report[s.key + "_seconds"] = Round1(s.seconds);
      report[s.key + "_peak_rss_mib"] = Round1(s.peak_mib);
    }
    return Status::Ok();
  }

 private:
  Status Central(std::vector<std::string> args, std::string* last_line = nullptr) {
    const std::string out = (dir_ / "central.out").string();
    std::error_code ec;
    fs::remove(out, ec);
    args.insert(args.begin(), opt_.central);
    args.push_back("--data");
    args.push_back(hub_.data());
    TB_RETURN_IF_ERROR(Measure(args[1], args, out).status());
    if (last_line) {
      std::ifstream in(out);
      for (std::string line; std::getline(in, line);)
        if (!line.empty()) *last_line = line;
    }
    return Status::Ok();
  }

  // The laptop: enrolled, then cases and scans made while it was offline.
  Status Setup() {
    std::string enrollment;
    TB_RETURN_IF_ERROR(Central({"station", "add", "--code", kCode, "--name", "走访笔记本", "--kind", "field"},
                               &enrollment));
    const node::HubLink link{hub_.url(), "", ""};
    TB_ASSIGN_OR_RETURN(node::Enrollment e, node::EnrollWithHub(link, kCode, enrollment));
    TB_ASSIGN_OR_RETURN(node::NodeKind kind, node::ParseNodeKind(e.kind));
    TB_ASSIGN_OR_RETURN(store_, node::NodeStore::Create((dir_ / (std::string(kCode) + ".db")).string(),
                                                        {kCode, e.name, kind, e.township}, "admin",
                                                        kPassword));
    TB_RETURN_IF_ERROR(node::SaveHubLink(*store_, link, e));
    TB_ASSIGN_OR_RETURN(node::Session admin, store_->Login("admin", kPassword));
    TB_RETURN_IF_ERROR(store_->AddStaff(admin, "field", "field", node::Role::kClerk, kPassword));
    TB_ASSIGN_OR_RETURN(node::Session field, store_->Login("field", kPassword));
    {
      TB_ASSIGN_OR_RETURN(auto sync, node::NodeSync::Open(*store_));
      TB_RETURN_IF_ERROR(sync->RunRound().status().WithContext("first sync of the laptop"));
    }
    TB_ASSIGN_OR_RETURN(auto items, store_->ListItems());
    const Date last_day = node::LocalDate(std::chrono::duration_cast<std::chrono::milliseconds>(
                                              std::chrono::system_clock::now().time_since_epoch())
                                              .count()) -
                          std::chrono::days(1);
    CaseGenerator gen(ItemInfos(items), last_day - std::chrono::days(200), last_day);
    std::vector<std::string> numbers;
    std::int64_t legacy_no = 0;
    while (static_cast<int>(numbers.size()) < opt_.cases) {
      const auto count = std::min<std::size_t>(kImportChunk, static_cast<std::size_t>(opt_.cases) - numbers.size());
      json doc = {{"format", "tongban-cases/1"}, {"cases", json::array()}};
      for (std::size_t i = 0; i < count; ++i) doc["cases"].push_back(gen.NextImported(++legacy_no));
      TB_ASSIGN_OR_RETURN(auto imported, store_->ImportCases(field, doc.dump()));
      if (imported.case_numbers.empty()) return Internal("the import took no case");
      numbers.insert(numbers.end(), imported.case_numbers.begin(), imported.case_numbers.end());
    }
    node::ScanStore scans(*store_);
    for (int i = 0; i < opt_.scans; ++i) {
      const std::string& case_no = numbers[static_cast<std::size_t>(i) % numbers.size()];
      TB_ASSIGN_OR_RETURN(node::CaseRecord c, store_->GetCase(case_no));
      if (c.materials.empty()) return Internal("case " + case_no + " lists no material");
      TB_RETURN_IF_ERROR(scans.AttachBytes(field, case_no, c.materials.front().code,
                                           PhotoLike(20u << 20, static_cast<std::uint32_t>(i + 1)),
                                           "scan-" + std::to_string(i) + ".jpg")
                             .status());
    }
    std::printf("laptop: %d cases, %d scans of 20 MiB\n", opt_.cases, opt_.scans);
    return Status::Ok();
  }

  Options opt_;
  fs::path dir_;
  HubProcess hub_;
  std::unique_ptr<node::NodeStore> store_;
};

int Main(int argc, char** argv) {
  CLI::App app{"tongban-bench-bundle: memory and time of a USB bundle, out and back, real programs"};
  Options opt;
  app.add_option("--cases", opt.cases, "Cases made on the laptop while offline")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  app.add_option("--scans", opt.scans, "Scans of 20 MiB attached (a bundle carries at most 6)")
      ->check(CLI::Range(0, 6))
      ->capture_default_str();
  app.add_option("--cli", opt.cli, "The tongban program to measure")->capture_default_str();
  app.add_option("--central", opt.central, "The tongban-central program to measure")->capture_default_str();
  app.add_option("--dir", opt.dir, "Directory for the hub and node files (default: a new temp one)");
  app.add_flag("--keep", opt.keep, "Keep the files afterwards");
  if (const int rc = ParseBenchOptions(app, argc, argv, "tongban-bench-bundle"); rc >= 0) return rc;
  return RunInBenchDir("tongban-bench-bundle", opt.dir, opt.keep,
                       {"hub", "hub.out", "hub.err", "central.out", "steps.log", "QS-FD01.db", "QS-FD01.db-wal",
                        "QS-FD01.db-shm", "QS-FD01.db.sync-lock", "qs-fd01.bundle", "qs-fd01.bundle.reply"},
                       [&](const fs::path& dir, json& report) {
                         BundleBench bench(opt, dir);
                         return bench.Run(report);
                       });
}

}  // namespace
}  // namespace tongban::tools

int main(int argc, char** argv) { return tongban::tools::Main(argc, argv); }
