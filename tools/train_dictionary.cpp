// tongban-train-dictionary: trains the zstd dictionary shipped for sync bodies.
//
// Builds a township node on a temporary SQLite file, receives generated cases
// (tools/sample_cases.h) and moves some through accept, supplement, approval
// and materials, then encodes its change log the way sync sends it: push
// requests and pull replies in batch sizes nodes use. zstd's trainer learns
// the recurring structure (field names, statuses, item names, codes). The
// output replaces sync/data/tongban-v1.zdict; its id is negotiated on the wire.
#include <zdict.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "sample_cases.h"
#include "tongban/node/store/node_store.h"
#include "tongban/sync/wire.h"

namespace tongban::tools {
namespace {

Status Train(const std::string& out, int cases, std::size_t dict_bytes) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("tongban-dict-" + std::to_string(getpid()));
  fs::create_directories(dir);
  struct Cleanup {
    fs::path p;
    ~Cleanup() { std::error_code ec; fs::remove_all(p, ec); }
  } cleanup{dir};

  TB_ASSIGN_OR_RETURN(auto store, node::NodeStore::Create((dir / "n.db").string(),
                                                          {"QS-JX", "金溪镇便民服务中心",
                                                           node::NodeKind::kTownship, ""},
                                                          "admin", "dictionary-pass"));
  TB_ASSIGN_OR_RETURN(auto admin, store->Login("admin", "dictionary-pass"));
  TB_ASSIGN_OR_RETURN(auto catalog, node::ParseCatalog(node::SampleCatalogJson()));
  TB_RETURN_IF_ERROR(store->ImportCatalog(admin, catalog).status());
  TB_RETURN_IF_ERROR(store->AddStaff(admin, "clerk", "王丽", node::Role::kClerk, "dictionary-pass"));
  TB_RETURN_IF_ERROR(store->AddStaff(admin, "proc", "李强", node::Role::kProcessor, "dictionary-pass"));
  TB_ASSIGN_OR_RETURN(auto clerk, store->Login("clerk", "dictionary-pass"));
  TB_ASSIGN_OR_RETURN(auto proc, store->Login("proc", "dictionary-pass"));
  TB_ASSIGN_OR_RETURN(auto items, store->ListItems());

  CaseGenerator gen(ItemInfos(items), std::chrono::year{2025} / 1 / 1, std::chrono::year{2026} / 10 / 31, 7);
  std::vector<std::string> numbers;
  for (int i = 0; i < cases; ++i) {
    auto c = store->Intake(clerk, gen.NextIntake());
    if (c.ok()) numbers.push_back(c->case_no);
  }
  // Processing as an office does it, on a share of the cases.
  std::mt19937 rng(11);
  for (std::size_t i = 0; i < numbers.size(); i += 3) {
    const auto& no = numbers[i];
    auto c = store->GetCase(no);
    if (!c.ok() || c->processing_office != "QS-JX") continue;
    (void)store->Transition(proc, no, "accept", "");
    if (rng() % 4 == 0) {
      (void)store->Transition(proc, no, "request_supplement", "请补充户口簿复印件");
      (void)store->Transition(clerk, no, "supply", "");
      (void)store->Transition(proc, no, "accept", "");
    }
    (void)store->UpdateMaterials(proc, no, {{"M01", node::MaterialState::kVerified}});
    if (rng() % 2 == 0) {
      (void)store->Transition(proc, no, "approve", "");
      (void)store->Transition(proc, no, "issue_result", "");
    }
  }

  TB_ASSIGN_OR_RETURN(auto changes, store->ReadChanges(0, 10'000'000));
  std::string samples;
  std::vector<std::size_t> sizes;
  std::int64_t hub_seq = 0;
  for (std::size_t i = 0; i < changes.size();) {
    const std::size_t n = std::min<std::size_t>(changes.size() - i, 20 + rng() % 200);
    std::vector<sync::Change> batch(changes.begin() + static_cast<long>(i),
                                    changes.begin() + static_cast<long>(i + n));
    i += n;
    const std::string push = sync::EncodePushRequest({1, "QS-JX", batch.front().seq - 1, batch});
    sync::PullReply pull;
    for (auto& c : batch) c.seq = ++hub_seq;
    pull.changes = std::move(batch);
    pull.cursor = hub_seq;
    for (const std::string& s : {push, sync::EncodePullReply(pull)}) {
      samples += s;
      sizes.push_back(s.size());
    }
  }
  std::string dict(dict_bytes, '\0');
  const std::size_t n = ZDICT_trainFromBuffer(dict.data(), dict.size(), samples.data(),
                                              sizes.data(), static_cast<unsigned>(sizes.size()));
  if (ZDICT_isError(n)) return Internal(std::string("training failed: ") + ZDICT_getErrorName(n));
  dict.resize(n);
  std::ofstream(out, std::ios::binary) << dict;
  std::printf("trained dictionary %u: %zu bytes from %zu samples (%zu bytes of %zu changes) -> %s\n",
              ZDICT_getDictID(dict.data(), dict.size()), n, sizes.size(), samples.size(),
              changes.size(), out.c_str());
  return Status::Ok();
}

}  // namespace
}  // namespace tongban::tools

int main(int argc, char** argv) {
  CLI::App app{"Train the zstd dictionary for Tongban sync bodies"};
  std::string out = "sync/data/tongban-v1.zdict";
  int cases = 3000;
  std::size_t bytes = 48 * 1024;
  app.add_option("--out", out, "Dictionary file to write");
  app.add_option("--cases", cases, "Generated cases")->check(CLI::Range(100, 200000));
  app.add_option("--size", bytes, "Dictionary size in bytes")->check(CLI::Range(4096, 1 << 20));
  CLI11_PARSE(app, argc, argv);
  const auto st = tongban::tools::Train(out, cases, bytes);
  if (!st.ok()) {
    std::fprintf(stderr, "error: %s\n", st.message().c_str());
    return 1;
  }
  return 0;
}
