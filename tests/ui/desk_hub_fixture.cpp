// desk_hub_fixture: runs a command against a county with a conflict in its hub
// (ConflictCounty), for the tests that need the desk's admin console on a real
// hub — the QML conflict test and the conflicts screenshot.
//
//   desk_hub_fixture [--expect-winner station|center] -- COMMAND [ARGS...]
//
// "{db}" in ARGS becomes the station's database (log in as admin /
// demo-admin-pass), "{case}" the case in conflict; the command's environment holds TONGBAN_HUB_TOKEN (the
// hub's admin token), TONGBAN_TEST_DB (that database) and TONGBAN_TEST_CASE
// (the case in conflict). The exit
// code is the command's; with --expect-winner it is 1 unless, afterwards, the
// hub's inbox is empty and the station, synced once more, holds the phone the
// named node had typed.
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "conflict_county.h"

extern char** environ;

namespace {

int Usage() {
  std::fprintf(stderr, "usage: desk_hub_fixture [--expect-winner station|center] -- COMMAND [ARGS...]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string winner;
  int i = 1;
  for (; i < argc && std::strcmp(argv[i], "--") != 0; ++i) {
    if (std::strcmp(argv[i], "--expect-winner") == 0 && i + 1 < argc) winner = argv[++i];
    else return Usage();
  }
  if (i + 1 >= argc || (!winner.empty() && winner != "station" && winner != "center")) return Usage();

  std::string tmpl = (std::filesystem::temp_directory_path() / "desk-hub-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) {
    std::perror("desk_hub_fixture: mkdtemp");
    return 1;
  }
  const std::string dir = tmpl;
  int rc = 1;
  {
    auto county = tongban::desk::test::ConflictCounty::Create(dir, TONGBAN_CENTRAL);
    if (!county.ok()) {
      std::fprintf(stderr, "desk_hub_fixture: %s\n", county.status().message().c_str());
    } else {
      auto& c = **county;
      setenv("TONGBAN_HUB_TOKEN", c.admin_token().c_str(), 1);
      setenv("TONGBAN_TEST_CASE", c.case_no().c_str(), 1);
      setenv("TONGBAN_TEST_DB", c.station_db().c_str(), 1);
      // A PC set to UTC, as many are: the desk must still show the station's time.
      setenv("TZ", "UTC", 1);
      std::vector<std::string> args;
      for (int a = i + 1; a < argc; ++a) {
        std::string arg = argv[a];
        if (arg == "{db}") arg = c.station_db();
        if (arg == "{case}") arg = c.case_no();
        args.push_back(arg);
      }
      std::vector<char*> cargs;
      for (auto& a : args) cargs.push_back(a.data());
      cargs.push_back(nullptr);
      pid_t pid = -1;
      if (posix_spawnp(&pid, cargs[0], nullptr, nullptr, cargs.data(), environ) != 0) {
        std::fprintf(stderr, "desk_hub_fixture: cannot run %s\n", cargs[0]);
      } else {
        int status = 0;
        waitpid(pid, &status, 0);
        rc = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
      }
      if (rc == 0 && !winner.empty()) {
        auto open = c.Central("conflicts list --json");
        auto phone = c.SyncedStationPhone();
        const std::string want = winner == "station" ? c.station_phone() : c.center_phone();
        if (!open.ok() || open->find("\"id\"") != std::string::npos) {
          std::fprintf(stderr, "desk_hub_fixture: the conflict is still open at the hub\n");
          rc = 1;
        } else if (!phone.ok() || *phone != want) {
          std::fprintf(stderr, "desk_hub_fixture: the station holds %s, not %s\n",
                       phone.ok() ? phone->c_str() : phone.status().message().c_str(), want.c_str());
          rc = 1;
        }
      }
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return rc;
}
