// The hub's admin commands as the benchmarks run them: `tongban-central <args> --data <dir>`
// on the data folder of a HubProcess, as a county IT admin would.
#pragma once

#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_text.h"
#include "hub_process.h"
#include "tongban/status.h"

namespace tongban::tools {

// Runs an admin command of the hub on its data folder and returns what it printed.
inline Result<std::string> Central(const HubProcess& hub, const std::vector<std::string>& args) {
  std::string cmd = ShellQuote(hub.binary());
  for (const auto& a : args) cmd += " " + ShellQuote(a);
  cmd += " --data " + ShellQuote(hub.data()) + " 2>&1";
  std::string out;
  int rc = 0;
  // Exit 126: the shell could not execute the binary, as while a build relinks it.
  for (int attempt = 0; attempt < 10; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::seconds(1));
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) return Status(ErrorCode::kIoError, "cannot run " + hub.binary());
    out.clear();
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
    rc = pclose(pipe);
    if (!WIFEXITED(rc) || WEXITSTATUS(rc) != 126) break;
  }
  std::string what = "tongban-central";
  for (std::size_t i = 0; i < args.size() && i < 2; ++i) what += " " + args[i];
  if (rc != 0)
    return Internal(what + " failed (exit " + std::to_string(WIFEXITED(rc) ? WEXITSTATUS(rc) : -1) +
                    "): " + LastLine(out));
  return out;
}

inline Result<nlohmann::json> CentralJson(const HubProcess& hub,
                                          const std::vector<std::string>& args) {
  TB_ASSIGN_OR_RETURN(std::string out, Central(hub, args));
  nlohmann::json j = nlohmann::json::parse(out, nullptr, false);
  if (j.is_discarded()) return Internal("tongban-central " + args[0] + " printed no JSON");
  return j;
}

// "hex:count" -> count: how many records a digest covers.
inline std::int64_t DigestRecords(const std::string& digest) {
  const auto colon = digest.rfind(':');
  return colon == std::string::npos ? -1 : std::atoll(digest.c_str() + colon + 1);
}

}  // namespace tongban::tools
