// Runs the real command-line programs as a script would: a shell command line,
// stdout and stderr caught in files, the exit code. Shared by the CLI tests.
#pragma once

#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "test_support.h"

namespace tongban::test {

// English words: most tests read what the CLI says in English.
inline constexpr const char* kEnglish = "LC_ALL= LC_MESSAGES= LANG=en_US.UTF-8 ";

struct Run {
  int code;
  std::string out;
  std::string err;
};

inline std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class Cli {
 public:
  Cli() : db_(dir_.File("station.db")) {}
  explicit Cli(std::string db) : db_(std::move(db)) {}

  // `tongban`, in English unless `env` sets LANG: these tests read the English words.
  Run operator()(const std::string& args, const std::string& env = "TONGBAN_PASSWORD=pass-word-1") {
    return Exec(TONGBAN_CLI, args, env);
  }
  // Any program (tongban-central too), stdin from /dev/null; `env` comes after the
  // English defaults, so a LANG there wins.
  Run Exec(const std::string& program, const std::string& args, const std::string& env,
           const std::string& stdin_file = "/dev/null") {
    const std::string out = dir_.File("out"), err = dir_.File("err");
    const std::string cmd = std::string(kEnglish) + env + " " + program + " " + args + " >" + out +
                            " 2>" + err + " <" + stdin_file;
    const int rc = std::system(cmd.c_str());
    return Run{WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, Slurp(out), Slurp(err)};
  }
  // Runs with the new staff password piped in (`env` as above).
  Run WithStdin(const std::string& input, const std::string& args, const std::string& env = "") {
    std::ofstream(dir_.File("in")) << input << "\n";
    return Exec(TONGBAN_CLI, args, "TONGBAN_PASSWORD=pass-word-1 " + env, dir_.File("in"));
  }

  // A station with the sample catalog and a clerk "clerk" (same password as the admin).
  // Plain unless asked: these tests are about the commands, and an encrypted station
  // adds an Argon2id run to each; the encrypted default has its own tests.
  void Setup(bool plain = true) {
    REQUIRE(Ok("init --db " + db_ + " --station QS-JX01 --name 金溪村便民服务站 --township QS-JX" +
               (plain ? " --plain" : "")));
    REQUIRE(Ok("catalog import --db " + db_ + " --user admin sample"));
    REQUIRE(WithStdin("pass-word-1", "staff add --db " + db_ +
                                         " --user admin --login clerk --name 王丽 --role clerk")
                .code == 0);
  }
  bool Ok(const std::string& args) {
    const Run r = (*this)(args);
    if (r.code != 0) UNSCOPED_INFO(args << " -> " << r.code << ": " << r.err);
    return r.code == 0;
  }
  std::string Last(const std::string& text) {
    auto s = text;
    while (!s.empty() && s.back() == '\n') s.pop_back();
    return s.substr(s.rfind('\n') == std::string::npos ? 0 : s.rfind('\n') + 1);
  }
  const std::string& db() const { return db_; }
  const TempDir& dir() const { return dir_; }

 private:
  TempDir dir_;
  std::string db_;
};

}  // namespace tongban::test
