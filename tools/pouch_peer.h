// The JavaScript peer Tongban is measured against: PouchDB 9 replicating to express-pouchdb
// on leveldb, with its own benchmark (bench.js: the same four phases, every byte counted at
// a proxy). tongban-bench-sync --peer runs it beside Tongban's phases, round by round, on
// the same machine. The peer's folder is read-only: it is copied, and `npm ci` runs in the
// copy (from npm's cache when it holds the packages).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "bench_text.h"
#include "tongban/status.h"

namespace tongban::tools {

// What one peer run measured, per phase (docs per second, bytes per document both ways).
struct PeerFigures {
  double push_docs_per_s = 0, incremental_docs_per_s = 0, pull_docs_per_s = 0;
  double push_bytes_per_doc = 0, incremental_bytes_per_doc = 0, pull_bytes_per_doc = 0;
  double outage_overhead_pct = 0;  // server killed at 40 % of the bytes
};

class PouchPeer {
 public:
  // Copies `source` (without node_modules or data) into `work` and installs its packages.
  static Result<PouchPeer> Prepare(const std::filesystem::path& source,
                                   const std::filesystem::path& work) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(source / "bench.js", ec))
      return NotFound("no PouchDB peer at " + source.string() + " (bench.js missing)");
    fs::create_directories(work, ec);
    for (const auto& entry : fs::directory_iterator(source, ec)) {
      const std::string name = entry.path().filename().string();
      if (name == "node_modules" || name == "data") continue;
      fs::copy(entry.path(), work / name,
               fs::copy_options::recursive | fs::copy_options::overwrite_existing, ec);
      if (ec) return Status(ErrorCode::kIoError, "cannot copy the peer's " + name + ": " + ec.message());
      fs::permissions(work / name, fs::perms::owner_write, fs::perm_options::add, ec);
    }
    PouchPeer peer(work);
    TB_RETURN_IF_ERROR(peer.Shell("timeout 600 npm ci --no-audit --no-fund --prefer-offline",
                                  "npm-ci.log"));
    return peer;
  }

  // One run of the peer's four phases on `docs` documents (`updates` changed, `outage_docs`
  // pushed through the kill), in a fresh data folder.
  Result<PeerFigures> Run(int round, long docs, long updates, long outage_docs) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::remove_all(work_ / "data", ec);
    const std::string out = "round-" + std::to_string(round) + ".json";
    TB_RETURN_IF_ERROR(Shell("timeout 900 node bench.js --runs=1 --n=" + std::to_string(docs) +
                                 " --updates=" + std::to_string(updates) +
                                 " --outage-docs=" + std::to_string(outage_docs) + " --out=" + out,
                             "round-" + std::to_string(round) + ".log"));
    std::ifstream in(work_ / out);
    std::stringstream text;
    text << in.rdbuf();
    const auto j = nlohmann::json::parse(text.str(), nullptr, false);
    if (!j.is_object() || !j.contains("median")) return Corruption("the peer wrote no results to " + out);
    fs::remove_all(work_ / "data", ec);  // its databases: tens of MB a run
    const auto& m = j["median"];
    PeerFigures f;
    f.push_docs_per_s = Number(m, {"A_initial_push", "push_docs_per_s"});
    f.push_bytes_per_doc = Number(m, {"A_initial_push", "bytes_per_doc"});
    f.incremental_docs_per_s = Number(m, {"B_incremental_push", "push_docs_per_s"});
    f.incremental_bytes_per_doc = Number(m, {"B_incremental_push", "bytes_per_changed_doc"});
    f.pull_docs_per_s = Number(m, {"C_fresh_pull", "pull_docs_per_s"});
    f.pull_bytes_per_doc = Number(m, {"C_fresh_pull", "bytes_per_doc"});
    f.outage_overhead_pct = Number(m, {"D_outage", "server_kill", "overhead_pct"});
    if (f.push_docs_per_s <= 0 || f.pull_docs_per_s <= 0)
      return Corruption("the peer's results lack the push or pull rate (" + out + ")");
    return f;
  }

 private:
  explicit PouchPeer(std::filesystem::path work) : work_(std::move(work)) {}

  // Runs `command` in the peer's folder, output to `log` there; a failure names the log.
  // Node reserves address space for WebAssembly far beyond what it uses: a soft cap on
  // the address space (prlimit --as=N:unlimited) is lifted for it, a hard one is not.
  Status Shell(const std::string& command, const std::string& log) const {
    const std::string line = "cd '" + work_.string() + "' && (ulimit -S -v unlimited 2>/dev/null; " +
                             command + ") > '" + log + "' 2>&1";
    const int rc = std::system(line.c_str());
    if (rc == 0) return Status::Ok();
    // The folder goes with the bench's files: the log's last line goes into the error.
    std::ifstream in(work_ / log);
    std::stringstream text;
    text << in.rdbuf();
    return Status(ErrorCode::kUnavailable,
                  "the PouchDB peer failed: " + command + ": " + LastLine(text.str()));
  }

  static double Number(const nlohmann::json& j, std::initializer_list<const char*> path) {
    const nlohmann::json* at = &j;
    for (const char* key : path) {
      if (!at->is_object() || !at->contains(key)) return 0;
      at = &(*at)[key];
    }
    return at->is_number() ? at->get<double>() : 0;
  }

  std::filesystem::path work_;
};

}  // namespace tongban::tools
