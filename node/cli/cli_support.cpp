#include "cli_support.h"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace tongban::cli {

using namespace tongban::node;

namespace {
constexpr std::uintmax_t kMaxInputFileBytes = 256u << 20;

}  // namespace

// TONGBAN_BUSY_TIMEOUT_MS shortens the wait for a locked database (scripts, tests).
Result<std::unique_ptr<NodeStore>> OpenStore(const Common& c) {
  int busy_ms = 5000;
  if (const char* env = std::getenv("TONGBAN_BUSY_TIMEOUT_MS"); env && *env) busy_ms = std::atoi(env);
  return NodeStore::Open(c.db, sync::SystemWallClock::Instance(), busy_ms);
}

Result<std::string> ReadPassword(const char* prompt) {
  if (const char* env = std::getenv("TONGBAN_PASSWORD"); env && *env) return std::string(env);
  if (!isatty(STDIN_FILENO))
    return PermissionDenied("no password: set TONGBAN_PASSWORD or run in a terminal");
  std::fprintf(stderr, "%s", prompt);
  termios old{};
  tcgetattr(STDIN_FILENO, &old);
  termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::string pw;
  std::getline(std::cin, pw);
  tcsetattr(STDIN_FILENO, TCSANOW, &old);
  std::fprintf(stderr, "\n");
  return pw;
}

Result<Session> Authenticate(NodeStore& store, const Common& c) {
  TB_ASSIGN_OR_RETURN(std::string pw, ReadPassword(("password for " + c.user + ": ").c_str()));
  return store.Login(c.user, pw);
}

Result<std::string> ReadFile(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return NotFound("cannot read " + path + ": " + ec.message());
  if (size > kMaxInputFileBytes) return InvalidArgument(path + " is larger than 256 MiB");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (!in && !in.eof()) return Status(ErrorCode::kIoError, "cannot read " + path);
  return ss.str();
}

void PrintJson(const nlohmann::json& j) { std::printf("%s\n", j.dump(2).c_str()); }


Result<std::vector<MaterialInput>> ParseMaterialArgs(const std::vector<std::string>& args) {
  std::vector<MaterialInput> out;
  for (const auto& a : args) {
    const auto eq = a.find('=');
    if (eq == std::string::npos)
      return InvalidArgument("material '" + a + "' must be written CODE=STATE");
    TB_ASSIGN_OR_RETURN(MaterialState s, ParseMaterialState(a.substr(eq + 1)));
    out.push_back(MaterialInput{a.substr(0, eq), s});
  }
  return out;
}

}  // namespace tongban::cli
