// The working folder of a benchmark: --dir when given, else a fresh temp folder.
#pragma once

#include <cstdio>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "tongban/status.h"

namespace tongban::tools {

// Returns 0 and sets `dir` (and whether it was created here), or the exit code after
// printing a one-line message prefixed with `program`.
inline int MakeBenchDir(const std::string& wanted, const char* program, std::filesystem::path& dir,
                        bool& created) {
  namespace fs = std::filesystem;
  std::error_code ec;
  created = false;
  if (wanted.empty()) {
    std::random_device random;
    for (int attempt = 0; attempt < 100 && !created; ++attempt) {
      dir = fs::temp_directory_path(ec) /
            (std::string(program) + "-" + std::to_string(random() % 1000000));
      created = !ec && fs::create_directory(dir, ec) && !ec;
    }
    if (!created) {
      std::fprintf(stderr, "%s: cannot create a temp directory: %s\n", program, ec.message().c_str());
      return 1;
    }
    return 0;
  }
  dir = wanted;
  created = fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir, ec)) {
    std::fprintf(stderr, "%s: --dir %s is not a usable directory%s%s\n", program, wanted.c_str(),
                 ec ? ": " : "", ec ? ec.message().c_str() : "");
    return 2;
  }
  return 0;
}

// Parses a benchmark's options: -1 to go on, else the exit code (help shown, or a bad option).
inline int ParseBenchOptions(CLI::App& app, int argc, char** argv, const char* program) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);
    std::fprintf(stderr, "%s: %s\n", program, e.what());
    return 2;
  }
  return -1;
}

// Runs a benchmark in its working folder (MakeBenchDir) and returns its exit code. Unless
// `keep`, removes what it wrote: the whole folder when made here, else `own_files` in it.
// Prints the report as "BENCH_JSON {...}" (with the error, if any); a failure is one line on
// stderr and exit code 1.
inline int RunInBenchDir(const char* program, const std::string& wanted, bool keep,
                         const std::vector<std::string>& own_files,
                         const std::function<Status(const std::filesystem::path&, nlohmann::json&)>& run) {
  std::filesystem::path dir;
  bool created = false;
  if (const int rc = MakeBenchDir(wanted, program, dir, created); rc != 0) return rc;
  std::printf("files: %s\n", dir.c_str());
  nlohmann::json report;
  const Status st = run(dir, report);
  if (!keep) {
    std::error_code ec;
    if (created) std::filesystem::remove_all(dir, ec);
    else for (const auto& name : own_files) std::filesystem::remove_all(dir / name, ec);
  }
  if (!report.is_null()) {
    if (!st.ok()) report["error"] = st.message();
    std::printf("\nBENCH_JSON %s\n", report.dump().c_str());
  }
  if (!st.ok()) {
    std::fprintf(stderr, "%s: %s\n", program, st.message().c_str());
    return 1;
  }
  return 0;
}

}  // namespace tongban::tools
