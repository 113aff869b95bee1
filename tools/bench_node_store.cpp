// tongban-bench-node: how the station store holds up as a station's case table grows.
//
// Runs the real NodeStore on a real SQLite file, configured as the store
// configures itself (WAL, synchronous=FULL), fills it with generated cases up to
// each target size and reports there:
//   - intake latency: single NodeStore::Intake calls, each one durable
//     transaction (what a clerk waits for the receipt, including the read-back),
//     and, to tell the two apart, GetCase on the cases just received;
//   - search latency by resident ID and by name prefix, the window's two lookups;
//   - database bytes per case, main file after a full WAL checkpoint;
//   - how fast ImportCases fills the store (the speed of a legacy migration).
// Generated data is deterministic (fixed seed): items round-robin over the
// sample catalog, valid resident IDs, common names, working-hour reception
// times over 2025–2026. Searches run with a warm OS page cache, as on a station
// that is open all day. The last line is "BENCH_JSON {...}" for scripts.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <numeric>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "tongban/node/domain/catalog.h"
#include "tongban/node/domain/work_calendar.h"
#include "tongban/node/store/node_store.h"
#include "tongban/sync/sqlite.h"
#include "bench_dir.h"
#include "sample_cases.h"

namespace tongban::tools {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using node::Date;
using SteadyClock = std::chrono::steady_clock;

// Goals of the design: figures a clerk at the window should never notice.
constexpr double kGoalIntakeP99Ms = 5;
constexpr double kGoalSearchP99Ms = 10;
constexpr double kGoalBytesPerCase = 2048;
constexpr double kGoalSealedCost = 1.25;  // issue 12: encryption within 1.25x

constexpr std::size_t kImportChunk = 20000;     // well under ImportCases' 200,000-case limit
struct Options {
  std::string sizes = "100000,1000000";
  int samples = 2000;
  std::string dir;
  bool keep = false;
  bool space_report = false;
  std::string sealed;  // a cipher suite: measure a sealed store too, beside the plain one
  int cache_mib = 0;   // SQLite page cache of both stores; 0: as the store sets it
};

struct Latency {
  double p50 = 0, p99 = 0, max = 0;
};

// Nearest-rank percentiles: every figure is a latency that was actually seen.
Latency Summarize(std::vector<double> ms) {
  Latency l;
  if (ms.empty()) return l;
  std::sort(ms.begin(), ms.end());
  auto rank = [&](double q) {
    const auto i = static_cast<std::size_t>(std::ceil(q * static_cast<double>(ms.size())));
    return ms[std::clamp<std::size_t>(i, 1, ms.size()) - 1];
  };
  l.p50 = rank(0.50);
  l.p99 = rank(0.99);
  l.max = ms.back();
  return l;
}

double MsSince(SteadyClock::time_point start) {
  return std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
}

double Round3(double x) { return std::round(x * 1000) / 1000; }

std::string Thousands(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(i, ",");
  return n < 0 ? "-" + digits : digits;
}

struct SizeResult {
  std::int64_t target = 0;
  std::int64_t cases = 0;  // in the database when its size was taken
  std::int64_t filled = 0;
  double fill_seconds = 0;
  Latency intake, get_case, search_id, search_name;
  // Sealed stores: pages sealed and checked per intake, over all and over the slowest 1%.
  double intake_sealed = 0, intake_opened = 0, slowest_sealed = 0, slowest_opened = 0;
  double name_rows_mean = 0;
  std::int64_t file_bytes = 0;
  double bytes_per_case = 0;
  json space;  // table/index -> bytes, with --space-report
};

// Adds generated cases through ImportCases until the store holds `target`.
// Only the ImportCases calls are timed: that is the store's share of a migration.
Status Fill(node::NodeStore& store, const node::Session& clerk, CaseGenerator& gen,
            std::int64_t target, std::int64_t& legacy_no, SizeResult& r) {
  TB_ASSIGN_OR_RETURN(node::StoreStats stats, store.Stats());
  std::int64_t have = stats.cases;
  std::int64_t next_report = have + 100000;
  while (have < target) {
    const auto n = static_cast<std::size_t>(
        std::min<std::int64_t>(target - have, static_cast<std::int64_t>(kImportChunk)));
    json doc = {{"format", "tongban-cases/1"}, {"cases", json::array()}};
    json& cases = doc["cases"];
    for (std::size_t i = 0; i < n; ++i) cases.push_back(gen.NextImported(++legacy_no));
    const std::string text = doc.dump();
    const auto start = SteadyClock::now();
    TB_ASSIGN_OR_RETURN(node::CaseImportSummary sum, store.ImportCases(clerk, text));
    r.fill_seconds += MsSince(start) / 1000;
    if (sum.imported != static_cast<int>(n))
      return Internal("ImportCases imported " + std::to_string(sum.imported) + " of " +
                      std::to_string(n) + " cases");
    have += sum.imported;
    r.filled += sum.imported;
    if (have >= next_report || have >= target) {
      std::printf("  filled %s / %s  (%s cases/s so far)\n", Thousands(have).c_str(),
                  Thousands(target).c_str(),
                  Thousands(static_cast<std::int64_t>(r.filled / r.fill_seconds)).c_str());
      std::fflush(stdout);
      while (next_report <= have) next_report += 100000;
    }
  }
  return Status::Ok();
}

// Moves every WAL page into the main file and empties the WAL, so the main
// file's size is the whole database.
Status Checkpoint(node::NodeStore& store) {
  TB_ASSIGN_OR_RETURN(auto* st, store.database().Prepare("PRAGMA wal_checkpoint(TRUNCATE)"));
  TB_ASSIGN_OR_RETURN(bool row, st->Step());
  const bool busy = row && st->Int(0) != 0;
  st->Reset();
  if (busy) return Status(ErrorCode::kBusy, "WAL checkpoint could not finish (a reader is open)");
  return Status::Ok();
}

// One store under measurement: the plain one, or the sealed one beside it. Both get
// the same generated cases (same seed) and are timed in turns, sample by sample, so a
// slow moment of the disk falls on both alike.
struct Station {
  std::string label;  // "plain" or the cipher suite
  fs::path path;
  const sync::DataKey* key = nullptr;
  std::unique_ptr<node::NodeStore> store;
  node::Session clerk;
  std::optional<CaseGenerator> gen;
  std::int64_t legacy_no = 0;
  std::vector<std::string> received;  // numbers of the cases taken in, for the read-back
  std::vector<std::pair<double, sync::SealedPageCounts>> intakes;  // time and pages, each
  std::int64_t name_rows = 0;  // rows the name searches found, for their mean
  SizeResult r;
  json results = json::array();
};

// Times `op` once per sample on each station in turn; `op` returns false when the
// sample is wrong (the timing would mean nothing).
template <typename Op>
Status Interleaved(std::vector<Station>& stations, int samples, const char* what,
                   Latency SizeResult::*into, Op op) {
  std::vector<std::vector<double>> ms(stations.size());
  for (auto& m : ms) m.reserve(static_cast<std::size_t>(samples));
  for (int i = 0; i < samples; ++i) {
    // Who goes first alternates, so neither store always follows the other's sync.
    for (std::size_t k = 0; k < stations.size(); ++k) {
      const std::size_t s = (k + static_cast<std::size_t>(i)) % stations.size();
      double took = 0;
      TB_RETURN_IF_ERROR(op(stations[s], i, took).WithContext(std::string(what) + " sample " +
                                                               std::to_string(i + 1) + " on " +
                                                               stations[s].label));
      ms[s].push_back(took);
    }
  }
  for (std::size_t s = 0; s < stations.size(); ++s) stations[s].r.*into = Summarize(std::move(ms[s]));
  return Status::Ok();
}

// Where a sealed intake's time goes, in pages: on average, and in the slowest 1%.
void CountPages(Station& st) {
  if (!st.key || st.intakes.empty()) return;
  auto mean = [](auto begin, auto end, auto field) {
    double sum = 0;
    for (auto it = begin; it != end; ++it) sum += static_cast<double>(it->second.*field);
    return sum / static_cast<double>(end - begin);
  };
  auto& v = st.intakes;
  st.r.intake_sealed = mean(v.begin(), v.end(), &sync::SealedPageCounts::sealed);
  st.r.intake_opened = mean(v.begin(), v.end(), &sync::SealedPageCounts::opened);
  std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  const auto slow = v.begin() + static_cast<std::ptrdiff_t>(std::max<std::size_t>(1, v.size() / 100));
  st.r.slowest_sealed = mean(v.begin(), slow, &sync::SealedPageCounts::sealed);
  st.r.slowest_opened = mean(v.begin(), slow, &sync::SealedPageCounts::opened);
}

// Intake, then GetCase on the cases just received (Intake reads the new case back
// through the same lookup, so this separates the read-back from the write), then the
// window's two searches.
Status MeasureAll(std::vector<Station>& stations, int samples) {
  for (Station& st : stations) {
    st.received.clear();
    st.intakes.clear();
  }
  TB_RETURN_IF_ERROR(Interleaved(stations, samples, "intake", &SizeResult::intake,
                                 [](Station& st, int, double& took) -> Status {
    const node::IntakeRequest request = st.gen->NextIntake();
    const sync::SealedPageCounts before = sync::SealedPagesSoFar();
    const auto start = SteadyClock::now();
    auto c = st.store->Intake(st.clerk, request);
    took = MsSince(start);
    const sync::SealedPageCounts after = sync::SealedPagesSoFar();
    if (!c.ok()) return c.status();
    st.received.push_back(c->case_no);
    st.intakes.push_back({took, {after.sealed - before.sealed, after.opened - before.opened}});
    return Status::Ok();
  }));
  for (Station& st : stations) CountPages(st);
  TB_RETURN_IF_ERROR(Interleaved(stations, samples, "get case", &SizeResult::get_case,
                                 [](Station& st, int i, double& took) -> Status {
    const auto start = SteadyClock::now();
    auto c = st.store->GetCase(st.received[static_cast<std::size_t>(i)]);
    took = MsSince(start);
    return c.status();
  }));
  TB_RETURN_IF_ERROR(Interleaved(stations, samples, "search by ID", &SizeResult::search_id,
                                 [](Station& st, int, double& took) -> Status {
    const node::CaseQuery query{.id_number = st.gen->population().Get(st.gen->RandomApplicant()).id_number};
    const auto start = SteadyClock::now();
    auto rows = st.store->Search(query);
    took = MsSince(start);
    if (!rows.ok()) return rows.status();
    // A miss would make the timing meaningless: the ID is known to be stored.
    if (rows->empty()) return Internal("search by ID found no case for " + query.id_number);
    return Status::Ok();
  }));
  for (Station& st : stations) st.name_rows = 0;
  TB_RETURN_IF_ERROR(Interleaved(stations, samples, "search by name", &SizeResult::search_name,
                                 [](Station& st, int, double& took) -> Status {
    const node::CaseQuery query{.name_prefix = st.gen->population().NamePrefix(st.gen->RandomApplicant())};
    const auto start = SteadyClock::now();
    auto rows = st.store->Search(query);
    took = MsSince(start);
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return Internal("search by name found no case for " + query.name_prefix);
    st.name_rows += static_cast<std::int64_t>(rows->size());
    return Status::Ok();
  }));
  for (Station& st : stations) st.r.name_rows_mean = static_cast<double>(st.name_rows) / samples;
  return Status::Ok();
}

// Bytes per table and index from SQLite's dbstat view (needs SQLITE_ENABLE_DBSTAT_VTAB).
json SpaceReport(node::NodeStore& store) {
  auto st = store.database().Prepare("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name");
  if (!st.ok()) return json{{"error", st.status().message()}};
  json out = json::object();
  for (;;) {
    auto row = (*st)->Step();
    if (!row.ok()) return json{{"error", row.status().message()}};
    if (!*row) break;
    out[(*st)->Text(0)] = (*st)->Int(1);
  }
  (*st)->Reset();
  return out;
}

const char* Verdict(bool ok) { return ok ? "ok" : "MISSED"; }

// A row without a goal (goal <= 0) is a diagnostic figure.
void PrintLatencyRow(const char* what, int n, const Latency& l, double goal,
                     const std::string& note = "") {
  std::printf("  %-20s %6d %9.3f %9.3f %9.3f", what, n, l.p50, l.p99, l.max);
  if (goal > 0) {
    std::printf("   p99 <= %2.0f ms  %s%s\n", goal, Verdict(l.p99 <= goal), note.c_str());
  } else {
    std::printf("   %s\n", note.c_str());
  }
}

void PrintResult(const SizeResult& r, int samples) {
  std::printf("\n=== %s cases (%s in the database when measured) ===\n",
              Thousands(r.target).c_str(), Thousands(r.cases).c_str());
  if (r.filled > 0)
    std::printf("  fill: %s cases in %.1f s = %s cases/s (ImportCases, %zu per call)\n",
                Thousands(r.filled).c_str(), r.fill_seconds,
                Thousands(static_cast<std::int64_t>(r.filled / r.fill_seconds)).c_str(),
                kImportChunk);
  std::printf("  %-20s %6s %9s %9s %9s   %-14s\n", "operation", "n", "p50 ms", "p99 ms", "max ms",
              "goal");
  PrintLatencyRow("intake", samples, r.intake, kGoalIntakeP99Ms);
  if (r.intake_sealed > 0)
    std::printf("  pages per intake: %.1f sealed, %.1f checked; in the slowest 1%%: %.1f sealed, "
                "%.1f checked\n",
                r.intake_sealed, r.intake_opened, r.slowest_sealed, r.slowest_opened);
  PrintLatencyRow("get case (new ones)", samples, r.get_case, 0, "(diagnostic, no goal)");
  PrintLatencyRow("search by ID", samples, r.search_id, kGoalSearchP99Ms);
  char found[64];
  std::snprintf(found, sizeof found, "  (%.1f rows per search)", r.name_rows_mean);
  PrintLatencyRow("search name prefix", samples, r.search_name, kGoalSearchP99Ms, found);
  std::printf("  database: %s bytes = %.0f bytes/case (goal <= %.0f)  %s\n",
              Thousands(r.file_bytes).c_str(), r.bytes_per_case, kGoalBytesPerCase,
              Verdict(r.bytes_per_case <= kGoalBytesPerCase));
  if (r.space.is_object() && !r.space.contains("error")) {
    // JSON objects keep keys sorted; a person wants the largest first.
    std::vector<std::pair<std::string, std::int64_t>> rows;
    for (const auto& [name, bytes] : r.space.items())
      rows.emplace_back(name, bytes.get<std::int64_t>());
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    std::printf("  %-38s %15s %10s %7s\n", "table or index", "bytes", "bytes/case", "share");
    for (const auto& [name, b] : rows) {
      std::printf("  %-38s %15s %10.0f %6.1f%%\n", name.c_str(), Thousands(b).c_str(),
                  static_cast<double>(b) / static_cast<double>(r.cases),
                  100.0 * static_cast<double>(b) / static_cast<double>(r.file_bytes));
    }
  } else if (r.space.is_object()) {
    std::printf("  space report unavailable: %s\n", r.space["error"].get<std::string>().c_str());
  }
  std::fflush(stdout);
}

void LatencyJson(const std::string& prefix, const Latency& l, json& into) {
  into[prefix + "_p50_ms"] = Round3(l.p50);
  into[prefix + "_p99_ms"] = Round3(l.p99);
  into[prefix + "_max_ms"] = Round3(l.max);
}

json ResultJson(const SizeResult& r) {
  json j = {{"cases", r.target}, {"cases_in_db", r.cases}};
  LatencyJson("intake", r.intake, j);
  LatencyJson("get_case", r.get_case, j);
  if (r.intake_sealed > 0) {
    j["intake_pages_sealed"] = Round3(r.intake_sealed);
    j["intake_pages_opened"] = Round3(r.intake_opened);
    j["slowest_intake_pages_sealed"] = Round3(r.slowest_sealed);
    j["slowest_intake_pages_opened"] = Round3(r.slowest_opened);
  }
  LatencyJson("search_id", r.search_id, j);
  LatencyJson("search_name", r.search_name, j);
  j["search_name_rows_mean"] = Round3(r.name_rows_mean);
  j["file_bytes"] = r.file_bytes;
  j["bytes_per_case"] = Round3(r.bytes_per_case);
  j["fill_cases_per_s"] =
      r.fill_seconds > 0 ? std::round(static_cast<double>(r.filled) / r.fill_seconds) : 0.0;
  if (r.space.is_object()) j["space_bytes"] = r.space;
  return j;
}

Status SetUp(Station& st, int cache_mib) {
  const std::string admin_password = "bench-admin-pass";
  const std::string clerk_password = "bench-clerk-pass";
  const node::NodeIdentity identity{"QS-JX01", "清溪镇江星村便民服务站", node::NodeKind::kStation,
                                    "QS-QX00"};
  TB_ASSIGN_OR_RETURN(st.store,
                      node::NodeStore::Create(st.path.string(), identity, "admin", admin_password,
                                              sync::SystemWallClock::Instance(), st.key));
  TB_ASSIGN_OR_RETURN(node::Session admin, st.store->Login("admin", admin_password));
  TB_ASSIGN_OR_RETURN(node::Catalog catalog, node::ParseCatalog(node::SampleCatalogJson()));
  TB_ASSIGN_OR_RETURN(auto imported, st.store->ImportCatalog(admin, catalog));
  TB_RETURN_IF_ERROR(
      st.store->AddStaff(admin, "clerk", "窗口收件员", node::Role::kClerk, clerk_password));
  TB_ASSIGN_OR_RETURN(st.clerk, st.store->Login("clerk", clerk_password));
  if (cache_mib > 0) {
    TB_RETURN_IF_ERROR(
        st.store->database().Exec("PRAGMA cache_size = -" + std::to_string(cache_mib * 1024)));
  }
  TB_ASSIGN_OR_RETURN(auto items, st.store->ListItems());
  if (items.empty()) return Internal("the sample catalog has no items");

  // Legacy cases lie in the past: 2025-01-01 up to yesterday, at most the end of 2026.
  const Date first_day = std::chrono::year{2025} / 1 / 1;
  Date last_day = std::chrono::year{2026} / 12 / 31;
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const Date yesterday = node::LocalDate(now_ms) - std::chrono::days(1);
  if (yesterday > first_day && yesterday < last_day) last_day = yesterday;
  st.gen.emplace(ItemInfos(items), first_day, last_day);

  std::printf("database: %s (%s)\n", st.path.string().c_str(), st.label.c_str());
  std::printf("catalog: %d items imported; %zu surnames x %zu given names; received %s..%s\n",
              imported.added, st.gen->population().surname_count(),
              st.gen->population().given_count(), node::FormatDate(first_day).c_str(),
              node::FormatDate(last_day).c_str());
  std::fflush(stdout);
  return Status::Ok();
}

// Takes the size of the database and prints and keeps this size's figures.
Status Record(Station& st, int samples) {
  TB_RETURN_IF_ERROR(Checkpoint(*st.store).WithContext("checkpoint before measuring size"));
  TB_ASSIGN_OR_RETURN(node::StoreStats stats, st.store->Stats());
  std::error_code ec;
  const auto bytes = fs::file_size(st.path, ec);
  if (ec) return Status(ErrorCode::kIoError, "size of " + st.path.string() + ": " + ec.message());
  st.r.cases = stats.cases;
  st.r.file_bytes = static_cast<std::int64_t>(bytes);
  st.r.bytes_per_case = static_cast<double>(st.r.file_bytes) / static_cast<double>(st.r.cases);
  std::printf("\n[%s]", st.label.c_str());
  PrintResult(st.r, samples);
  st.results.push_back(ResultJson(st.r));
  return Status::Ok();
}

Status Run(const Options& opt, const std::vector<std::int64_t>& sizes,
           std::vector<Station>& stations) {
  for (Station& st : stations) TB_RETURN_IF_ERROR(SetUp(st, opt.cache_mib));
  for (const std::int64_t target : sizes) {
    for (Station& st : stations) {
      st.r = SizeResult{};
      st.r.target = target;
      std::printf("\nfilling %s to %s cases...\n", st.label.c_str(), Thousands(target).c_str());
      std::fflush(stdout);
      TB_RETURN_IF_ERROR(Fill(*st.store, st.clerk, *st.gen, target, st.legacy_no, st.r));
      // Intake latency should not pay for checkpointing the bulk fill's WAL: a
      // station receiving cases one by one never has such a WAL.
      TB_RETURN_IF_ERROR(Checkpoint(*st.store).WithContext("checkpoint after fill"));
    }
    TB_RETURN_IF_ERROR(MeasureAll(stations, opt.samples));
    for (Station& st : stations) {
      if (opt.space_report) st.r.space = SpaceReport(*st.store);
      TB_RETURN_IF_ERROR(Record(st, opt.samples));
    }
  }
  return Status::Ok();
}

// "100000,1000000" -> ascending positive case counts.
Result<std::vector<std::int64_t>> ParseSizes(const std::string& text) {
  std::vector<std::int64_t> sizes;
  for (std::string part : SplitOn(text, ',')) {
    part.erase(0, part.find_first_not_of(' '));
    part.erase(part.find_last_not_of(' ') + 1);
    const bool digits =
        !part.empty() && part.size() <= 10 &&
        std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || std::stoll(part) <= 0)
      return InvalidArgument("--sizes: '" + part + "' is not a positive whole number of cases");
    const std::int64_t n = std::stoll(part);
    if (!sizes.empty() && n <= sizes.back())
      return InvalidArgument("--sizes must be ascending (" + std::to_string(n) + " after " +
                             std::to_string(sizes.back()) + ")");
    sizes.push_back(n);
  }
  return sizes;
}

// CLI11 messages can span lines; the contract here is one line per error.
std::string OneLine(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}


int Main(int argc, char** argv) {
  CLI::App app{"tongban-bench-node: station store latency and size at growing case counts"};
  Options opt;
  app.add_option("--sizes", opt.sizes, "Case counts to measure at, comma-separated, ascending")
      ->capture_default_str();
  app.add_option("--samples", opt.samples, "Operations timed per measurement")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--dir", opt.dir, "Directory for the database (default: a new temp directory)");
  app.add_flag("--keep", opt.keep, "Keep the database afterwards");
  app.add_flag("--space-report", opt.space_report,
               "Also print bytes per table and index (SQLite dbstat)");
  app.add_option("--cache-mib", opt.cache_mib,
                 "SQLite page cache of every store, in MiB (default: as the store sets it, 16 MB "
                 "plain and 256 MiB sealed)")
      ->check(CLI::Range(1, 4096));
  app.add_option("--sealed", opt.sealed,
                 "Measure an encrypted store beside the plain one, operations in turns, and "
                 "compare: sm4-gcm, sm4-ctr+hmac-sm3 or aes-256-gcm; none: a second plain "
                 "store, to show the comparison's own bias (expect 1.00x)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);
    std::fprintf(stderr, "tongban-bench-node: %s\n", OneLine(e.what()).c_str());
    return 2;
  }
  auto sizes = ParseSizes(opt.sizes);
  if (!sizes.ok()) {
    std::fprintf(stderr, "tongban-bench-node: %s\n", sizes.status().message().c_str());
    return 2;
  }

  // A directory this run created is removed again; one the user named is kept.
  std::error_code ec;
  fs::path dir;
  bool created_dir = false;
  if (const int rc = MakeBenchDir(opt.dir, "tongban-bench-node", dir, created_dir); rc != 0) return rc;
  const fs::path db_path = dir / "bench-node.db";
  const fs::path sealed_path = dir / "bench-node-sealed.db";
  std::optional<sync::DataKey> key;
  const bool compare = !opt.sealed.empty();
  if (compare && opt.sealed != "none") {
    const auto suite = sync::ParseCipherSuite(opt.sealed);
    if (!suite) {
      std::fprintf(stderr, "tongban-bench-node: --sealed: unknown cipher suite '%s'\n",
                   opt.sealed.c_str());
      return 2;
    }
    key = sync::DataKey::Random(*suite);
  }

  std::vector<Station> stations(compare ? 2 : 1);
  stations[0].label = "plain";
  stations[0].path = db_path;
  const std::string suite_name = key ? std::string(sync::CipherSuiteName(key->suite)) : "";
  if (compare) {
    stations[1].label = key ? suite_name : "plain (control)";
    stations[1].path = sealed_path;
    stations[1].key = key ? &*key : nullptr;
    std::printf("two stores side by side, plain and %s, operations timed in turns\n",
                stations[1].label.c_str());
  }
  Status st = Run(opt, *sizes, stations);
  const json results = stations[0].results;
  const json sealed_results = compare ? stations[1].results : json::array();
  const std::string compared = compare ? stations[1].label : "";
  stations.clear();  // closes the stores before their files go
  if (opt.keep) {
    std::printf("\nkept %s\n", db_path.string().c_str());
  } else {
    for (const fs::path& p : {db_path, sealed_path})
      for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        fs::remove(p.string() + suffix, ec);
    if (created_dir) fs::remove(dir, ec);
  }
  if (!st.ok()) {
    std::fprintf(stderr, "tongban-bench-node: %s\n", OneLine(st.message()).c_str());
    return 1;
  }

  json costs = json::array();
  if (compare) {
    std::printf("\nencryption cost (%s), sealed / plain, goal <= %.2fx:\n",
                compared.c_str(), kGoalSealedCost);
    for (std::size_t i = 0; i < results.size() && i < sealed_results.size(); ++i) {
      json cost = {{"cases", results[i]["cases"]}};
      std::printf("  %s cases:", Thousands(results[i]["cases"].get<std::int64_t>()).c_str());
      for (const char* what : {"intake_p50", "intake_p99", "search_id_p99", "search_name_p99"}) {
        const std::string k = std::string(what) + "_ms";
        const double plain = results[i][k].get<double>();
        const double sealed = sealed_results[i][k].get<double>();
        const double ratio = plain > 0 ? sealed / plain : 0;
        cost[std::string(what) + "_ratio"] = Round3(ratio);
        std::printf("\n    %-16s %7.3f / %7.3f ms = %.2fx %s", what, sealed, plain, ratio,
                    Verdict(ratio <= kGoalSealedCost));
      }
      std::printf("\n");
      costs.push_back(cost);
    }
  }

  const json report = {{"bench", "node_store"},
                       {"samples", opt.samples},
                       {"results", results},
                       {"sealed_suite", compared},
                       {"sealed_results", sealed_results},
                       {"sealed_cost", costs},
                       {"goals",
                        {{"intake_p99_ms", kGoalIntakeP99Ms},
                         {"search_p99_ms", kGoalSearchP99Ms},
                         {"bytes_per_case", kGoalBytesPerCase},
                         {"sealed_cost_ratio", kGoalSealedCost}}}};
  std::printf("\nBENCH_JSON %s\n", report.dump().c_str());
  return 0;
}

}  // namespace
}  // namespace tongban::tools

int main(int argc, char** argv) { return tongban::tools::Main(argc, argv); }
