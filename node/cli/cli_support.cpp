#include "cli_support.h"

#include "tongban/node/store/station_keys.h"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string_view>
#include <utility>

namespace tongban::cli {

using namespace tongban::node;

namespace {
constexpr std::uintmax_t kMaxInputFileBytes = 256u << 20;

constexpr MessageDef kNoPassword{"cli.no_password", "no password: set {0} or run in a terminal"};
constexpr MessageDef kUnknownCipher{"cli.unknown_cipher",
                                    "unknown cipher suite '{0}' (choose {1})"};
constexpr MessageDef kSealedNeedsUser{
    "cli.sealed_needs_user",
    "this station's database is encrypted: sign in with {0} (or {1}) to unlock it"};
constexpr MessageDef kOldPasswordNeeded{
    "cli.old_password_needed",
    "the password was changed on another machine: give the old one this station knew, once, "
    "in {0} or in a terminal (or ask an admin to reset the password here)"};
constexpr MessageDef kCannotRead{"cli.cannot_read", "cannot read {0}: {1}"};
constexpr MessageDef kTooLarge{"cli.file_too_large", "{0} is larger than 256 MiB"};
constexpr MessageDef kReadFailed{"cli.read_failed", "cannot read {0}"};
constexpr MessageDef kMaterialForm{"cli.material_form", "material '{0}' must be written {1}"};

}  // namespace

std::string CommandUser(const Common& c) {
  if (!c.user.empty()) return c.user;
  const char* env = std::getenv("TONGBAN_USER");
  return env ? std::string(env) : std::string();
}

namespace {
// A secret from the environment variable `env`, else asked once on the terminal.
Result<std::string> ReadSecret(const char* env_name, const char* prompt,
                               std::optional<std::string>& asked, const MessageDef& none) {
  if (const char* env = std::getenv(env_name); env && *env) return std::string(env);
  if (asked) return *asked;
  if (!isatty(STDIN_FILENO)) return PermissionDenied(none, {env_name});
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
  asked = pw;
  return pw;
}
}  // namespace

Result<std::string> ReadPassword(const char* prompt) {
  static std::optional<std::string> asked;  // one prompt per command
  return ReadSecret("TONGBAN_PASSWORD", prompt, asked, kNoPassword);
}

static Result<std::string> PasswordOf(const std::string& user) {
  return ReadPassword((Chinese() ? user + " 的密码：" : "password for " + user + ": ").c_str());
}

namespace {
// The key of an encrypted station, unlocked by who signs in (nullopt: a plain station).
Result<std::optional<StationKeys::Unlocked>> UnlockSealed(const Common& c) {
  if (!IsSealedStation(c.db)) return std::optional<StationKeys::Unlocked>();
  const std::string user = CommandUser(c);
  if (user.empty()) return PermissionDenied(kSealedNeedsUser, {"--user", "TONGBAN_USER"});
  TB_ASSIGN_OR_RETURN(std::string pw, PasswordOf(user));
  const std::int64_t now = sync::SystemWallClock::Instance().NowMillis();
  Result<StationKeys::Unlocked> key = StationKeys::UnlockCounted(c.db, user, pw, now);
  if (!key.ok() && key.status().key() == "store.keys_password_changed_elsewhere") {
    // The new password, and a key file that knows only the old one: asked for once, it
    // opens the key, and OpenStore re-wraps it under the new one.
    static std::optional<std::string> asked;
    TB_ASSIGN_OR_RETURN(std::string old,
                        ReadSecret("TONGBAN_OLD_PASSWORD",
                                   Chinese() ? "本站上次所知的旧密码：" : "the old password this station knew: ",
                                   asked, kOldPasswordNeeded));
    key = StationKeys::UnlockCounted(c.db, user, old, now);
  }
  if (!key.ok()) return key.status();
  return std::optional<StationKeys::Unlocked>(std::move(*key));
}
}  // namespace

Result<std::optional<sync::DataKey>> UnlockStation(const Common& c) {
  TB_ASSIGN_OR_RETURN(auto unlocked, UnlockSealed(c));
  if (!unlocked) return std::optional<sync::DataKey>();
  return std::optional<sync::DataKey>(std::move(unlocked->key));
}

Result<sync::CipherSuite> ParseCipherOption(const std::string& name) {
  const auto suite = sync::ParseCipherSuite(name);
  if (!suite) return InvalidArgument(kUnknownCipher, {name, "sm4-gcm, sm4-ctr+hmac-sm3, aes-256-gcm"});
  return *suite;
}

void PrintRecoveryCode(const StationKeys& keys) {
  std::printf(Say("已加密（%s）。恢复码：所有密码都丢失时，凭它找回本站数据。请抄下另存，勿与本机放在一起：\n",
                  "encrypted (%s). Recovery code: it opens this station's data when every "
                  "password is lost. Write it down and keep it away from this computer:\n"),
              std::string(sync::CipherSuiteName(keys.suite())).c_str());
  // Scripts may grep this line: the same in both languages.
  std::printf("recovery code: %s\n", keys.recovery_code().c_str());
}

// TONGBAN_BUSY_TIMEOUT_MS shortens the wait for a locked database (scripts, tests).
Result<std::unique_ptr<NodeStore>> OpenStore(const Common& c) {
  int busy_ms = 5000;
  if (const char* env = std::getenv("TONGBAN_BUSY_TIMEOUT_MS"); env && *env) busy_ms = std::atoi(env);
  TB_ASSIGN_OR_RETURN(auto unlocked, UnlockSealed(c));
  TB_ASSIGN_OR_RETURN(auto store, NodeStore::Open(c.db, sync::SystemWallClock::Instance(), busy_ms,
                                                  unlocked ? &unlocked->key : nullptr));
  if (unlocked && unlocked->changed_elsewhere) {
    // An account whose password changed on another machine: the key opened with the old
    // password (given now, or this one); the new one must be the account's, and wraps it.
    const std::string user = CommandUser(c);
    TB_ASSIGN_OR_RETURN(std::string pw, PasswordOf(user));
    TB_RETURN_IF_ERROR(store->AdoptPassword(user, pw).status());
  }
  return store;
}

Result<Session> Authenticate(NodeStore& store, const Common& c) {
  const std::string user = CommandUser(c);
  TB_ASSIGN_OR_RETURN(std::string pw, PasswordOf(user));
  return store.Login(user, pw);
}

Result<std::string> ReadFile(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return NotFound(kCannotRead, {path, ec.message()});
  if (size > kMaxInputFileBytes) return InvalidArgument(kTooLarge, {path});
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (!in && !in.eof()) return Status(ErrorCode::kIoError, kReadFailed, {path});
  return ss.str();
}

void PrintJson(const nlohmann::json& j) { std::printf("%s\n", j.dump(2).c_str()); }


Result<std::vector<MaterialInput>> ParseMaterialArgs(const std::vector<std::string>& args) {
  std::vector<MaterialInput> out;
  for (const auto& a : args) {
    const auto eq = a.find('=');
    if (eq == std::string::npos)
      return InvalidArgument(kMaterialForm, {a, "CODE=STATE"});
    TB_ASSIGN_OR_RETURN(MaterialState s, ParseMaterialState(a.substr(eq + 1)));
    out.push_back(MaterialInput{a.substr(0, eq), s});
  }
  return out;
}

bool Chinese() { return CommandInChinese(); }

std::string CaseStatusText(CaseStatus s) { return CodeText("status", CaseStatusName(s)); }
std::string RoleText(Role r) { return CodeText("role", RoleName(r)); }
std::string NodeKindText(std::string_view kind) { return CodeText("node_kind", kind); }
std::string ChannelText(std::string_view channel) { return CodeText("channel", channel); }
std::string MaterialStateText(MaterialState s) {
  return CodeText("material_state", MaterialStateName(s));
}
std::string CommitmentKindText(CommitmentKind k) {
  return CodeText("commitment_kind", CommitmentKindName(k));
}
std::string CommitmentStateText(CommitmentState s) {
  return CodeText("commitment_state", CommitmentStateName(s));
}
std::string TimerStateText(TimerState s) { return CodeText("timer_state", TimerStateName(s)); }
std::string TimeUnitText(std::string_view unit) { return CodeText("time_unit", unit); }
std::string ActionText(std::string_view action) { return CodeText("action", action); }

std::string OfficeText(const node::OfficeNames& offices, const std::string& code) {
  const std::string name = offices.NameOf(code, NodeKindText("township"));
  if (name.empty()) return code;
  return name + Say("（", " (") + code + Say("）", ")");
}

}  // namespace tongban::cli
