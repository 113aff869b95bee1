#include "cli_support.h"

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
constexpr MessageDef kCannotRead{"cli.cannot_read", "cannot read {0}: {1}"};
constexpr MessageDef kTooLarge{"cli.file_too_large", "{0} is larger than 256 MiB"};
constexpr MessageDef kReadFailed{"cli.read_failed", "cannot read {0}"};
constexpr MessageDef kMaterialForm{"cli.material_form", "material '{0}' must be written {1}"};

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
    return PermissionDenied(kNoPassword, {"TONGBAN_PASSWORD"});
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
  TB_ASSIGN_OR_RETURN(
      std::string pw,
      ReadPassword((Chinese() ? c.user + " 的密码：" : "password for " + c.user + ": ").c_str()));
  return store.Login(c.user, pw);
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

bool Chinese() { return CommandLanguage() == Language::kChinese; }

namespace {

using Labels = std::initializer_list<std::pair<std::string_view, const char*>>;

// The Chinese label of a code in Chinese (the code itself when the table lacks it);
// the code in English.
std::string Pick(std::string_view code, Labels zh) {
  if (Chinese())
    for (const auto& [c, label] : zh)
      if (c == code) return label;
  return std::string(code);
}

}  // namespace

std::string CaseStatusText(CaseStatus s) {
  return Chinese() ? std::string(CaseStatusLabel(s)) : std::string(CaseStatusName(s));
}

std::string RoleText(Role r) {
  return Pick(RoleName(r), {{"clerk", "窗口人员"},
                            {"processor", "审批人员"},
                            {"field", "上门服务人员"},
                            {"admin", "管理员"}});
}

std::string NodeKindText(std::string_view kind) {
  return Pick(kind, {{"station", "便民服务站"},
                     {"township", "乡镇便民服务中心"},
                     {"county-office", "县级部门"},
                     {"field", "上门服务终端"}});
}

std::string ChannelText(std::string_view channel) {
  return Pick(channel,
              {{"window", "窗口"}, {"online", "网上"}, {"door", "上门"}, {"post", "邮递"}});
}

std::string MaterialStateText(MaterialState s) {
  return Pick(MaterialStateName(s), {{"received", "已收取"},
                                     {"tolerated", "容缺"},
                                     {"committed", "告知承诺"},
                                     {"supplied", "已补交"},
                                     {"verified", "已核验"},
                                     {"absent", "未提供"}});
}

std::string CommitmentKindText(CommitmentKind k) {
  return Pick(
      CommitmentKindName(k),
      {{"tolerance", "容缺补交承诺"}, {"written", "告知承诺"}, {"rectification", "差评整改"}});
}

std::string CommitmentStateText(CommitmentState s) {
  return Pick(CommitmentStateName(s),
              {{"open", "待履行"}, {"fulfilled", "已履行"}, {"breached", "已逾期"}});
}

std::string TimerStateText(TimerState s) {
  return Pick(TimerStateName(s),
              {{"normal", "正常"}, {"warning", "临近期限"}, {"overdue", "已超期"}});
}

std::string TimeUnitText(std::string_view unit) {
  return Pick(unit, {{"workday", "工作日"}, {"day", "自然日"}, {"hour", "小时"}});
}

std::string ActionText(std::string_view action) {
  return Pick(action, {{"intake", "收件"},
                       {"accept", "受理"},
                       {"not_accept", "不予受理"},
                       {"request_supplement", "补正告知"},
                       {"supply", "补正材料"},
                       {"start_special_procedure", "进入特别程序"},
                       {"end_special_procedure", "结束特别程序"},
                       {"approve", "准予办结"},
                       {"approve_with_tolerance", "容缺办结"},
                       {"deny", "不予许可"},
                       {"request_withdrawal", "申请撤回"},
                       {"withdraw", "撤回"},
                       {"refuse_withdrawal", "不同意撤回"},
                       {"issue_result", "出具结果"},
                       {"deliver", "送达"},
                       {"close", "归档"},
                       {"revoke", "撤销"},
                       {"complete_on_spot", "当场办结"},
                       {"appointment", "预约"},
                       {"deadline_recomputed", "期限重算"},
                       {"rating", "评价"},
                       {"rectified", "整改完成"},
                       {"rectification_overdue", "整改超期"},
                       {"shipment", "邮寄"}});
}

}  // namespace tongban::cli
