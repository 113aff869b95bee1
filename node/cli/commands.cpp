#include "commands.h"

#include <sodium.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "cli_support.h"
#include "tongban/node/domain/notice.h"
#include "tongban/node/domain/replication_schema.h"
#include "tongban/node/messages/event_text.h"
#include "tongban/node/messages/status_text.h"
#include "tongban/node/messages/sync_messages.h"
#include "tongban/node/store/node_bundle.h"
#include "tongban/node/store/node_replica.h"
#include "tongban/node/store/node_store.h"
#include "tongban/node/store/node_sync.h"
#include "tongban/node/store/station_backup.h"
#include "tongban/node/store/station_keys.h"
#include "tongban/sync/clock_skew.h"
#include "tongban/sync/curl_transport.h"
#include "tongban/sync/salvage.h"
#include "tongban/sync/sqlite.h"
#include "tongban/sync/sync_client.h"

namespace tongban::cli {
namespace {

using nlohmann::json;
using namespace tongban::node;

constexpr MessageDef kJoinNeedsBoth{"cli.join_needs_both", "give both {0} and {1} to join a hub"};
constexpr MessageDef kDbExists{"cli.db_exists", "database {0} exists already; choose a new file name"};
constexpr MessageDef kCannotProbe{"cli.cannot_probe",
                                  "cannot create files next to {0} (does the folder exist?); "
                                  "the enrollment code was not used"};
constexpr MessageDef kRequired{"cli.required", "{0} is required"};
constexpr MessageDef kFullIdNeedsUser{"cli.full_id_needs_user",
                                      "{0} needs {1}: who sees a full ID number is recorded"};
constexpr MessageDef kAuditBrokenHere{"cli.audit_broken",
                                      "this station's audit trail is broken at its entry {0}: an "
                                      "entry was changed, removed or reordered there"};
constexpr MessageDef kNewPasswordStdin{"cli.new_password_stdin",
                                       "the new account's password must be given on standard input"};
constexpr MessageDef kMaterialNotListed{"cli.material_not_listed",
                                        "material '{0}' is not in the list of '{1}'"};
constexpr MessageDef kNoticeNeedsWhat{"cli.notice_needs_what",
                                      "give a case number, or {0} for an application not received"};
constexpr MessageDef kDaysRange{"cli.days_range", "{0} must be between 0 and 3650"};
constexpr MessageDef kPauseForm{"cli.pause_form", "{0} must be {1}"};
constexpr MessageDef kPauseBackwards{"cli.pause_backwards", "{0} {1} ends before it starts"};
constexpr MessageDef kToBeforeFrom{"cli.to_before_from", "{0} is before {1}"};
constexpr MessageDef kSyncContext{"cli.ctx_sync", "sync"};
constexpr MessageDef kRepairContext{"cli.ctx_repair", "repair"};
constexpr MessageDef kMetaDamaged{"cli.salvage_meta_damaged",
                                  "the damaged pages of {0} hold the station's identity, hub link "
                                  "and keys: it cannot be repaired from the hub; restore it from a "
                                  "backup or enroll a new station"};
constexpr MessageDef kWiped{"cli.wiped",
                            "the county hub revoked this node: what it held went to the hub, "
                            "and {0} has been erased"};
constexpr MessageDef kStillDiffer{"cli.still_differ",
                                  "node and hub still differ after the repair; unsent changes "
                                  "({0}) or an admin must settle it"};
constexpr MessageDef kDiffer{"cli.differ",
                             "node and hub differ: run '{0}' (unsent changes) or '{1}'"};

// Chinese: the label ("已受理"); English: the code with the label ("accepted 已受理").
std::string StatusText(CaseStatus s) {
  if (Chinese()) return std::string(CaseStatusLabel(s));
  return std::string(CaseStatusName(s)) + " " + std::string(CaseStatusLabel(s));
}

json DeadlineJson(const WorkCalendar& cal, Millis start, Millis due, bool provisional,
                  const std::string& unit, Millis now) {
  json j{{"due", FormatDue(due, unit)},
         {"unit", unit},
         {"provisional", provisional},
         {"state", TimerStateName(EvaluateTimer(start, due, now))}};
  if (unit == "hour") {
    j["hours_left"] = (due - now) / kMsPerHour;
  } else {
    j["due_date"] = FormatDate(LocalDate(due - 1));
    j["workdays_left"] = now < due ? cal.WorkdaysBetween(LocalDate(now), LocalDate(due - 1)) : 0;
  }
  return j;
}

// ID numbers and phones are masked; `full_id` shows the applicant's ID number (case show
// --full-id, which puts it on the audit trail).
json CaseJson(const CaseRecord& c, const WorkCalendar& cal, Millis now, bool full_id = false) {
  json materials = json::array();
  for (const auto& m : c.materials)
    materials.push_back({{"code", m.code},
                         {"name", m.name},
                         {"required", m.required},
                         {"state", MaterialStateName(m.state)}});
  json commitments = json::array();
  for (const auto& k : c.commitments) {
    json mats = k.materials;
    commitments.push_back({{"kind", CommitmentKindName(k.kind)},
                           {"materials", mats},
                           {"due", FormatDate(LocalDate(k.due - 1))},
                           {"provisional", k.due_provisional},
                           {"state", CommitmentStateName(k.state)}});
  }
  json events = json::array();
  for (const auto& e : c.events)
    events.push_back({{"at", FormatLocalDateTime(e.at)},
                      {"node", e.node},
                      {"user", e.user},
                      {"action", e.action},
                      {"from", e.from_status},
                      {"to", e.to_status},
                      {"detail", e.detail}});
  json j{{"case_no", c.case_no},
         {"item_code", c.item_code},
         {"item_version", c.item_version},
         {"item_name", c.item_name},
         {"applicant",
          {{"kind", c.applicant_kind == PartyKind::kPerson ? "person" : "enterprise"},
           {"name", c.applicant_name},
           {"id_number", full_id ? c.applicant_id : MaskIdNumber(c.applicant_id)},
           {"phone", MaskPhone(c.applicant_phone)}}},
         {"channel", ChannelName(c.channel)},
         {"green_channel", c.priority == Priority::kGreen},
         {"receiving_station", c.receiving_station},
         {"processing_office", c.processing_office},
         {"status", CaseStatusName(c.status)},
         {"received_at", FormatLocalDateTime(c.received_at)},
         {"deadline", DeadlineJson(cal, c.accepted_at.value_or(c.received_at), c.due_at,
                                   c.due_provisional, c.due_unit, now)},
         {"materials", materials},
         {"commitments", commitments},
         {"events", events}};
  if (c.county_no) j["county_no"] = *c.county_no;
  if (!c.green_reason.empty()) j["green_reason"] = c.green_reason;
  if (!c.id_override_reason.empty()) j["id_override_reason"] = c.id_override_reason;
  if (c.accepted_at) j["accepted_at"] = FormatLocalDateTime(*c.accepted_at);
  if (!c.result.empty()) j["result"] = c.result;
  if (!c.delivery.empty()) j["delivery"] = c.delivery;
  if (!c.note.empty()) j["note"] = c.note;
  if (c.agent)
    j["agent"] = {{"name", c.agent->name},
                  {"id_number", MaskIdNumber(c.agent->id_number)},
                  {"authorization", c.agent->authorization},
                  {"scope", c.agent->scope}};
  return j;
}

void PrintCaseText(const CaseRecord& c, const WorkCalendar& cal, const OfficeNames& offices,
                   Millis now, bool full_id = false) {
  const json d = DeadlineJson(cal, c.accepted_at.value_or(c.received_at), c.due_at,
                              c.due_provisional, c.due_unit, now);
  const TimerState timer = EvaluateTimer(c.accepted_at.value_or(c.received_at), c.due_at, now);
  std::printf("%s  %s\n", c.case_no.c_str(), c.item_name.c_str());
  std::printf(Say("  申请人    %s  %s\n", "  applicant  %s  %s\n"), c.applicant_name.c_str(),
              (full_id ? c.applicant_id : MaskIdNumber(c.applicant_id)).c_str());
  std::printf(Say("  状态      %s%s\n", "  status     %s%s\n"), StatusText(c.status).c_str(),
              c.priority == Priority::kGreen ? Say("  【绿色通道】", "  [green channel]") : "");
  std::printf(
      Say("  办理路线  %s 收件，%s 办理\n", "  route      received at %s, processed by %s\n"),
      OfficeText(offices, c.receiving_station).c_str(),
      OfficeText(offices, c.processing_office).c_str());
  std::printf(Say("  期限      %s（按%s计）%s  %s\n", "  deadline   %s (in %ss)%s  %s\n"),
              d["due"].get<std::string>().c_str(), TimeUnitText(c.due_unit).c_str(),
              c.due_provisional ? Say("  暂定", " provisional") : "",
              TimerStateText(timer).c_str());
  if (!c.note.empty()) std::printf(Say("  备注      %s\n", "  remark     %s\n"), c.note.c_str());
  std::printf(Say("  材料\n", "  materials\n"));
  for (const auto& m : c.materials)
    std::printf("    %s %s %s\n", Pad(m.code, 4).c_str(),
                Pad(MaterialStateText(m.state), 10).c_str(), m.name.c_str());
  for (const auto& k : c.commitments)
    std::printf(Say("  承诺      %s，期限 %s%s，%s\n", "  commitment %s, due %s%s, %s\n"),
                CommitmentKindText(k.kind).c_str(), FormatDate(LocalDate(k.due - 1)).c_str(),
                k.due_provisional ? Say("（暂定：节假日安排尚未公布）", " (provisional: holidays not yet published)") : "",
                CommitmentStateText(k.state).c_str());
  for (const auto& f : c.conflicts)
    std::printf(Say("  冲突待裁决 %s（#%lld），中心管理员裁决前为暂定值\n",
                    "  conflict   %s (#%lld): provisional until a central admin decides\n"),
                CodeText("field", f.table + "." + f.column).c_str(), static_cast<long long>(f.id));
  std::printf(Say("  办理过程\n", "  timeline\n"));
  for (const auto& e : c.events)
    std::printf("    %s  %s %s %s %s\n", FormatLocalDateTime(e.at).c_str(), Pad(e.node, 8).c_str(),
                Pad(e.user, 10).c_str(), Pad(ActionText(e.action), 20).c_str(),
                RenderEventDetail(e.action, e.detail, CommandLanguage()).c_str());
}


}  // namespace


Status Init(const Common& c, const InitOptions& o) {
  InitOptions opts = o;
  std::optional<Enrollment> enrolled;
  if (c.db.empty()) return InvalidArgument(kRequired, {"--db"});
  // The default place (~/.local/share/tongban) may not exist yet: made private, as the
  // station's data is.
  if (const auto parent = std::filesystem::path(c.db).parent_path(); !parent.empty()) {
    std::error_code ec;
    if (std::filesystem::create_directories(parent, ec))
      std::filesystem::permissions(parent, std::filesystem::perms::owner_all, ec);
  }
  if (!o.central.empty() || !o.enroll.empty()) {
    if (o.central.empty() || o.enroll.empty())
      return InvalidArgument(kJoinNeedsBoth, {"--central", "--enroll"});
    std::error_code ec;
    if (std::filesystem::exists(c.db, ec))
      return Status(ErrorCode::kAlreadyExists, kDbExists, {c.db});
    // The enrollment code works once: make sure the database can be written before using it.
    {
      const std::string probe = c.db + ".probe";
      std::ofstream test(probe);
      if (!test) return Status(ErrorCode::kIoError, kCannotProbe, {c.db});
      test.close();
      std::filesystem::remove(probe, ec);
    }
    TB_ASSIGN_OR_RETURN(enrolled, EnrollWithHub({o.central, o.pin, o.ca_file}, o.station, o.enroll));
    if (opts.name.empty()) opts.name = enrolled->name;
    if (opts.township.empty()) opts.township = enrolled->township;
    if (!enrolled->kind.empty()) opts.kind = enrolled->kind;
    // A new machine for a station the hub knows: the station's accounts come with its first
    // sync, so its first account takes a login none of them has.
    const auto taken = [&](const std::string& login) {
      return std::find(enrolled->logins.begin(), enrolled->logins.end(), login) != enrolled->logins.end();
    };
    for (int n = 2; taken(opts.admin); ++n) opts.admin = o.admin + "-" + std::to_string(n);
  }
  if (opts.name.empty()) return InvalidArgument(kRequired, {"--name"});
  TB_ASSIGN_OR_RETURN(NodeKind kind, ParseNodeKind(opts.kind));
  std::string password;
  bool generated = false;
  if (const char* env = std::getenv("TONGBAN_PASSWORD"); env && *env) {
    password = env;
  } else {
    // A random first password, shown once; the admin changes it after logging in.
    unsigned char raw[9];
    randombytes_buf(raw, sizeof raw);
    char b64[sodium_base64_ENCODED_LEN(9, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    password = b64;
    generated = true;
  }
  // An encrypted station's key file is written first: a station file never exists
  // sealed without the key that opens it.
  std::optional<StationKeys> keys;
  std::error_code ec;
  if (!o.plain) {
    TB_ASSIGN_OR_RETURN(const sync::CipherSuite suite, ParseCipherOption(o.cipher));
    TB_ASSIGN_OR_RETURN(keys, StationKeys::Generate(c.db, suite, opts.admin, password));
    TB_RETURN_IF_ERROR(keys->Save());
  }
  auto created = NodeStore::Create(c.db, {opts.station, opts.name, kind, opts.township}, opts.admin,
                                   password, sync::SystemWallClock::Instance(),
                                   keys ? &keys->key() : nullptr);
  if (!created.ok() && keys) std::filesystem::remove(keys->path(), ec);
  TB_ASSIGN_OR_RETURN(auto store, std::move(created));
  if (enrolled)
    TB_RETURN_IF_ERROR(SaveHubLink(*store, {o.central, o.pin, o.ca_file}, *enrolled));
  const auto& id = store->identity();
  if (c.json) {
    json j{{"db", c.db},       {"station", id.code},  {"name", id.name},
           {"kind", NodeKindName(id.kind)}, {"admin", opts.admin}, {"enrolled", enrolled.has_value()},
           {"encrypted", keys.has_value()}};
    if (generated) j["admin_password"] = password;
    if (keys) {
      j["cipher"] = sync::CipherSuiteName(keys->suite());
      j["recovery_code"] = keys->recovery_code();
    }
    PrintJson(j);
  } else {
    std::printf(Say("已创建 %s：%s %s（%s）\n", "created %s for %s %s (%s)\n"), c.db.c_str(),
                id.code.c_str(), id.name.c_str(), NodeKindText(NodeKindName(id.kind)).c_str());
    if (enrolled)
      std::printf(Say("已在中心 %s 注册\n", "enrolled with the hub at %s\n"), o.central.c_str());
    // Scripts take the password from --json (its "admin_password"), not from this line.
    if (generated)
      std::printf(Say("管理员登录名 %s，密码：%s\n", "admin login '%s', password: %s\n"), opts.admin.c_str(),
                  password.c_str());
    if (keys)
      PrintRecoveryCode(*keys);
    else
      std::printf(Say("注意：数据库未加密，拿到这个文件就能读出居民信息（可随时用 tongban encrypt 加密）\n",
                      "note: the database is not encrypted; anyone with a copy of the file reads "
                      "the residents' details (tongban encrypt seals it at any time)\n"));
  }
  return Status::Ok();
}

Status Enroll(const Common& c, const InitOptions& o) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(Session by, Authenticate(*store, c));
  TB_ASSIGN_OR_RETURN(Enrollment e,
                      EnrollExisting(*store, by, {o.central, o.pin, o.ca_file}, o.enroll, o.again));
  NodeReplica replica(*store);
  TB_ASSIGN_OR_RETURN(SyncStatus waiting, replica.GetStatus());
  const long long changes = waiting.queue_depth;
  if (c.json) {
    PrintJson({{"station", store->identity().code}, {"hub", o.central}, {"name", e.name},
               {"kind", e.kind}, {"township", e.township}, {"waiting_changes", changes},
               {"takes_back", e.known}});
  } else {
    std::printf(Say("%s 已在中心 %s 登记（%s）；离线时办理的 %lld 条变更将在下次同步时上传\n",
                    "%s enrolled with the hub at %s (%s); the %lld changes made offline go up "
                    "at the next sync\n"),
                store->identity().code.c_str(), o.central.c_str(), e.name.c_str(), changes);
    if (e.known)
      std::printf(Say("中心保存着本站以前的办件：下次同步时取回本站丢失的办件和审计记录，完成前不受理新件\n",
                      "the hub holds this station's earlier work: the next sync takes back what "
                      "was lost here, its records and audit trail; no case is received until "
                      "then\n"));
  }
  return Status::Ok();
}

Status StaffAdd(const Common& c, const StaffAddOptions& o) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(Session by, Authenticate(*store, c));
  TB_ASSIGN_OR_RETURN(Role role, ParseRole(o.role));
  std::string pw;
  if (!std::getline(std::cin, pw) || pw.empty())
    return InvalidArgument(kNewPasswordStdin);
  TB_RETURN_IF_ERROR(store->AddStaff(by, o.login, o.name, role, pw));
  if (c.json) PrintJson({{"login", o.login}, {"role", o.role}});
  else
    std::printf(Say("已添加 %s（%s）\n", "added %s (%s)\n"), o.login.c_str(),
                RoleText(role).c_str());
  return Status::Ok();
}

Status StaffResetPassword(const Common& c, const std::string& login) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(Session by, Authenticate(*store, c));
  std::string pw;
  if (!std::getline(std::cin, pw) || pw.empty()) return InvalidArgument(kNewPasswordStdin);
  TB_RETURN_IF_ERROR(store->ResetPassword(by, login, pw));
  if (c.json) PrintJson({{"login", login}, {"reset", true}});
  else
    std::printf(Say("已为 %s 重设密码，本机上的锁定也已解除\n",
                    "the password of %s is reset, and its lock on this station ended\n"),
                login.c_str());
  return Status::Ok();
}

Status StaffChangePassword(const Common& c) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  // The current password as for any command (TONGBAN_PASSWORD, or asked); the new one
  // from standard input.
  TB_ASSIGN_OR_RETURN(
      std::string current,
      ReadPassword((Chinese() ? c.user + " 的当前密码：" : "current password for " + c.user + ": ").c_str()));
  TB_ASSIGN_OR_RETURN(Session by, store->Login(c.user, current));
  std::string pw;
  if (!std::getline(std::cin, pw) || pw.empty()) return InvalidArgument(kNewPasswordStdin);
  TB_RETURN_IF_ERROR(store->ChangePassword(by, current, pw));
  if (c.json) PrintJson({{"login", by.login}, {"changed", true}});
  else std::printf(Say("%s 的密码已更改\n", "the password of %s is changed\n"), by.login.c_str());
  return Status::Ok();
}

Status StaffList(const Common& c) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(auto staff, store->ListStaff());
  json j = json::array();
  TextTable table({Say("登录名", "login"), Say("岗位", "role"), Say("姓名", "name")});
  for (const auto& s : staff) {
    j.push_back({{"login", s.login}, {"name", s.name}, {"role", RoleName(s.role)}});
    table.Row({s.login, RoleText(s.role), s.name});
  }
  if (c.json) PrintJson(j);
  else table.Print();
  return Status::Ok();
}

Status CatalogImport(const Common& c, const std::string& file) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(Session by, Authenticate(*store, c));
  std::string text;
  if (file == "sample") {
    text = std::string(SampleCatalogJson());
  } else {
    TB_ASSIGN_OR_RETURN(text, ReadFile(file));
  }
  TB_ASSIGN_OR_RETURN(Catalog catalog, ParseCatalog(text));
  TB_ASSIGN_OR_RETURN(auto sum, store->ImportCatalog(by, catalog));
  if (c.json)
    PrintJson({{"added", sum.added}, {"updated", sum.updated}, {"unchanged", sum.unchanged}});
  else
    std::printf(Say("事项目录已导入：新增 %d 项，更新 %d 项（新版本），%d 项未变\n",
                    "catalog imported: %d added, %d updated (new version), %d unchanged\n"),
                sum.added, sum.updated, sum.unchanged);
  return Status::Ok();
}

Status CatalogList(const Common& c) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(auto items, store->ListItems());
  json j = json::array();
  TextTable table({Say("实施编码", "code"), Say("版本", "version"), Say("部门", "office"),
                   Say("承诺时限", "limit"), Say("事项", "item")});
  for (const auto& it : items) {
    const std::string limit = it.mode == ServiceMode::kInstant
                                  ? "即办"
                                  : std::to_string(it.promised_limit.value) + " " +
                                        std::string(TimeUnitName(it.promised_limit.unit));
    j.push_back({{"impl_code", it.impl_code},
                 {"version", it.version},
                 {"name", it.name},
                 {"department", it.department},
                 {"mode", ServiceModeName(it.mode)},
                 {"promised_limit", limit},
                 {"handling_office", it.handling_office}});
    const std::string shown = it.mode == ServiceMode::kInstant
                                  ? std::string(Say("即办", "instant"))
                                  : std::to_string(it.promised_limit.value) + " " +
                                        TimeUnitText(TimeUnitName(it.promised_limit.unit));
    table.Row({it.impl_code, "v" + std::to_string(it.version), it.department_tag, shown, it.name});
  }
  if (c.json) PrintJson(j);
  else table.Print();
  return Status::Ok();
}

Status CatalogExport(const Common& c) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(auto items, store->ListItems());
  Catalog cat{store->identity().name, FormatDate(LocalDate(store->NowMillis())), std::move(items)};
  std::printf("%s\n", SerializeCatalog(cat).c_str());
  return Status::Ok();
}

Status CaseIntake(const Common& c, const IntakeOptions& o) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(Session by, Authenticate(*store, c));
  IntakeRequest r;
  r.item_code = o.item;
  r.applicant_kind = o.enterprise ? PartyKind::kEnterprise : PartyKind::kPerson;
  r.applicant_name = o.applicant;
  r.applicant_id = o.id_number;
  r.applicant_phone = o.phone;
  r.id_override_reason = o.id_override;
  TB_ASSIGN_OR_RETURN(r.channel, ParseChannel(o.channel));
  r.green_channel = !o.green.empty();
  r.green_reason = o.green;
  r.note = o.note;
  TB_ASSIGN_OR_RETURN(r.materials, ParseMaterialArgs(o.materials));
  if (!o.agent_name.empty() || !o.agent_id.empty()) {
    Agent a{o.agent_name, o.agent_id, o.agent_phone, o.agent_auth, o.agent_scope, std::nullopt};
    if (!o.agent_expires.empty()) {
      TB_ASSIGN_OR_RETURN(a.expires, ParseDate(o.agent_expires));
    }
    r.agent = a;
  }
  if (!o.received_at.empty()) {
    TB_ASSIGN_OR_RETURN(r.received_at, ParseLocalDateTime(o.received_at));
  }
  TB_ASSIGN_OR_RETURN(CaseRecord rec, store->Intake(by, r));
  if (c.json) {
    PrintJson(CaseJson(rec, store->calendar(), store->NowMillis()));
  } else {
    // The case number alone on the last line: scripts read it in both languages.
    std::printf(Say("已收件：%s，期限 %s%s\n%s\n", "received %s, due %s%s\n%s\n"),
                rec.item_name.c_str(), FormatDue(rec.due_at, rec.due_unit).c_str(),
                rec.due_provisional ? Say("（暂定）", " (provisional)") : "", rec.case_no.c_str());
  }
  return Status::Ok();
}

Status CaseImport(const Common& c, const std::string& file) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(Session by, Authenticate(*store, c));
  TB_ASSIGN_OR_RETURN(std::string text, ReadFile(file));
  TB_ASSIGN_OR_RETURN(auto sum, store->ImportCases(by, text));
  const auto pairs = [](const std::vector<CaseImportSummary::Earlier>& list) {
    json out = json::array();
    for (const auto& e : list) out.push_back({{"legacy_no", e.legacy_no}, {"case_no", e.case_no}});
    return out;
  };
  if (c.json) {
    PrintJson({{"imported", sum.imported},
               {"case_numbers", sum.case_numbers},
               {"unchanged", pairs(sum.unchanged)},
               {"differing", pairs(sum.differing)},
               {"without_legacy_no", sum.without_legacy_no}});
    return Status::Ok();
  }
  std::printf(Say("已导入 %d 件办件\n", "imported %d cases\n"), sum.imported);
  if (!sum.unchanged.empty())
    std::printf(Say("%zu 件此前已导入，未再导入\n", "%zu were imported before and are left as they are\n"),
                sum.unchanged.size());
  if (sum.without_legacy_no > 0)
    std::printf(Say("注意：%d 件没有原系统编号（legacy_no），再次导入会重复\n",
                    "note: %d have no legacy number (legacy_no); importing them again would double them\n"),
                sum.without_legacy_no);
  // A row that differs from what was imported is named, never applied over the case.
  for (const auto& d : sum.differing)
    std::fprintf(stderr,
                 Say("原系统编号 %s 已导入为 %s，但这次的内容不同：未作改动，请在办件上核对\n",
                     "legacy number %s was imported as %s, but this row differs: nothing changed; "
                     "check the case\n"),
                 d.legacy_no.c_str(), d.case_no.c_str());
  return Status::Ok();
}

Status CaseSearch(const Common& c, const SearchOptions& o) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  CaseQuery q;
  q.case_no = o.case_no;
  q.id_number = o.id_number;
  q.name_prefix = o.name;
  q.limit = o.limit;
  if (!o.status.empty()) {
    TB_ASSIGN_OR_RETURN(q.status, ParseCaseStatus(o.status));
  }
  TB_ASSIGN_OR_RETURN(auto rows, store->Search(q));
  const Millis now = store->NowMillis();
  json j = json::array();
  TextTable table({Say("办件编号", "number"), Say("状态", "status"), Say("申请人", "applicant"),
                   Say("证件号码", "ID"), Say("办结期限", "due"), Say("计时", "timer"),
                   Say("事项", "item")});
  for (const auto& s : rows) {
    const auto state = EvaluateTimer(s.received_at, s.due_at, now);
    // Lists show masked identity numbers; `case show` has the full record.
    j.push_back({{"case_no", s.case_no},
                 {"item_name", s.item_name},
                 {"applicant_name", s.applicant_name},
                 {"applicant_id", MaskIdNumber(s.applicant_id)},
                 {"status", CaseStatusName(s.status)},
                 {"green_channel", s.priority == Priority::kGreen},
                 {"received_at", FormatLocalDateTime(s.received_at)},
                 {"due", FormatDue(s.due_at, s.due_unit)},
                 {"due_provisional", s.due_provisional},
                 {"timer", TimerStateName(state)}});
    table.Row({s.case_no, CaseStatusText(s.status), s.applicant_name,
               MaskIdNumber(s.applicant_id),
               FormatDue(s.due_at, s.due_unit) + (s.due_provisional ? "*" : ""),
               TimerStateText(state),
               s.item_name + (s.priority == Priority::kGreen
                                  ? Say(" 【绿色通道】", " [green channel]")
                                  : "")});
  }
  if (c.json) PrintJson(j);
  else if (rows.empty())
    std::printf(Say("没有找到办件\n", "no cases found\n"));
  else
    table.Print();
  return Status::Ok();
}

Status CaseShow(const Common& c, const std::string& case_no, bool full_id) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(CaseRecord rec, store->GetCase(case_no));
  if (full_id) {
    if (c.user.empty()) return InvalidArgument(kFullIdNeedsUser, {"--full-id", "--user"});
    // Signed in, and the audit trail records who saw it.
    TB_ASSIGN_OR_RETURN(Session by, Authenticate(*store, c));
    TB_ASSIGN_OR_RETURN(rec.applicant_id, store->RevealApplicantId(by, case_no));
  }
  if (c.json) PrintJson(CaseJson(rec, store->calendar(), store->NowMillis(), full_id));
  else {
    TB_ASSIGN_OR_RETURN(const OfficeNames offices, LoadOfficeNames(*store));
    PrintCaseText(rec, store->calendar(), offices, store->NowMillis(), full_id);
  }
  return Status::Ok();
}

Status AuditVerify(const Common& c) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(std::optional<std::int64_t> broken, store->VerifyAudit());
  TB_ASSIGN_OR_RETURN(std::string sent, store->Meta(std::string(kAuditSentKey)));
  if (c.json) {
    PrintJson({{"broken_at", broken ? json(*broken) : json()},
               {"sent_to_hub", sent.empty() ? 0 : std::stoll(sent)}});
  } else if (!broken) {
    std::printf(Say("审计记录完好（已上传中心至第 %s 条）\n",
                    "the audit trail is intact (sent to the hub up to entry %s)\n"),
                sent.empty() ? "0" : sent.c_str());
  }
  if (broken) return Status(ErrorCode::kCorruption, kAuditBrokenHere, {std::to_string(*broken)});
  return Status::Ok();
}

Status AuditList(const Common& c, int limit) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  // The newest `limit` entries, oldest first.
  std::deque<sync::AuditEntry> last;
  for (std::int64_t after = 0;;) {
    TB_ASSIGN_OR_RETURN(auto page, store->AuditEntries(after, 1000));
    if (page.empty()) break;
    after = page.back().seq;
    for (auto& e : page) {
      last.push_back(std::move(e));
      if (static_cast<int>(last.size()) > limit) last.pop_front();
    }
  }
  const auto action_text = [](const std::string& a) -> std::string {
    if (a == "change") return Say("修改记录", "change");
    if (a == "view_id") return Say("查看完整证件号", "full ID seen");
    if (a == "print") return Say("打印", "print");
    if (a == "export") return Say("导出", "export");
    if (a == "set_password") return Say("设置密码", "password set");
    return a;
  };
  // A change of many records names them all: the table shows the first and how many.
  const auto target_text = [](const std::string& t) -> std::string {
    const std::size_t space = t.find(' ');
    if (space == std::string::npos) return t;
    const auto n = std::count(t.begin(), t.end(), ' ') + 1;
    return t.substr(0, space) + Say(" 等 ", " and ") + std::to_string(n - 1) + Say(" 项", " more");
  };
  // An export says what went into which file; other details as stored.
  const auto detail_text = [](const sync::AuditEntry& e) -> std::string {
    if (e.detail == "{}") return "";
    const json d = json::parse(e.detail, nullptr, false);
    if (e.action == "export" && d.is_object() && d.contains("file") && d["file"].is_string()) {
      const std::string what = d.value("what", "");
      const bool document = what == "receipt" || what == "notice" || what == "non-acceptance";
      return (document ? CodeText("document_kind", what) : what) + " → " + d["file"].get<std::string>();
    }
    return e.detail;
  };
  json j = json::array();
  TextTable table({Say("序号", "seq"), Say("时间", "time"), Say("人员", "user"),
                   Say("操作", "action"), Say("对象", "target"), Say("详情", "detail")});
  for (const auto& e : last) {
    j.push_back({{"seq", e.seq}, {"at_ms", e.at_ms}, {"node", e.node}, {"user", e.user},
                 {"action", e.action}, {"target", e.target}, {"detail", json::parse(e.detail, nullptr, false)}});
    table.Row({std::to_string(e.seq), FormatLocalDateTime(e.at_ms), e.user, action_text(e.action),
               target_text(e.target), detail_text(e)});
  }
  if (c.json) PrintJson(j);
  else table.Print();
  return Status::Ok();
}

Status CaseTransition(const Common& c, const std::string& case_no, const std::string& action,
                      const std::string& reason, const std::string& delivery) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(Session by, Authenticate(*store, c));
  TB_ASSIGN_OR_RETURN(CaseRecord rec, store->Transition(by, case_no, action, reason, delivery));
  if (c.json) PrintJson(CaseJson(rec, store->calendar(), store->NowMillis()));
  else
    std::printf(Say("%s 现在是：%s\n", "%s is now %s\n"), rec.case_no.c_str(),
                StatusText(rec.status).c_str());
  return Status::Ok();
}

Status CaseMaterials(const Common& c, const std::string& case_no,
                     const std::vector<std::string>& sets) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(Session by, Authenticate(*store, c));
  TB_ASSIGN_OR_RETURN(auto inputs, ParseMaterialArgs(sets));
  TB_ASSIGN_OR_RETURN(CaseRecord rec, store->UpdateMaterials(by, case_no, inputs));
  if (c.json) PrintJson(CaseJson(rec, store->calendar(), store->NowMillis()));
  else {
    TB_ASSIGN_OR_RETURN(const OfficeNames offices, LoadOfficeNames(*store));
    PrintCaseText(rec, store->calendar(), offices, store->NowMillis());
  }
  return Status::Ok();
}

Status Notice(const Common& c, const NoticeOptions& o) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  const Date today = LocalDate(store->NowMillis());
  OneTimeNotice n;
  if (!o.case_no.empty()) {
    TB_ASSIGN_OR_RETURN(CaseRecord rec, store->GetCase(o.case_no));
    TB_ASSIGN_OR_RETURN(ServiceItem item, store->GetItem(rec.item_code, rec.item_version));
    n = NoticeForCase(rec, item, store->identity().name, today);
  } else if (!o.item.empty()) {
    TB_ASSIGN_OR_RETURN(ServiceItem item, store->GetItem(o.item));
    for (const auto& code : o.have)
      if (!item.FindMaterial(code))
        return InvalidArgument(kMaterialNotListed, {code, item.name});
    n = NoticeForItem(item, o.have, store->identity().name, today);
  } else {
    return InvalidArgument(kNoticeNeedsWhat, {"--item"});
  }
  if (c.json) {
    json lines = json::array();
    for (const auto& l : n.lines)
      lines.push_back({{"code", l.material.code}, {"name", l.material.name}, {"why", l.why}});
    PrintJson({{"item", n.item_name}, {"case_no", n.case_no}, {"outstanding", lines},
               {"text", RenderNoticeText(n)}});
  } else {
    std::printf("%s", RenderNoticeText(n).c_str());
  }
  return Status::Ok();
}

Status Deadline(const Common& c, const DeadlineOptions& o) {
  WorkCalendar cal = WorkCalendar::Builtin();
  if (!c.db.empty()) {
    TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
    cal = store->calendar();
  }
  TB_ASSIGN_OR_RETURN(Millis from, ParseLocalDateTime(o.from));
  TB_ASSIGN_OR_RETURN(TimeUnit unit, ParseTimeUnit(o.unit));
  if (o.amount < 0 || o.amount > 3650) return InvalidArgument(kDaysRange, {"--days"});
  std::vector<Pause> pauses;
  for (const auto& p : o.pauses) {
    const auto sep = p.find("..");
    if (sep == std::string::npos) return InvalidArgument(kPauseForm, {"--pause", "FROM..TO"});
    TB_ASSIGN_OR_RETURN(Millis a, ParseLocalDateTime(p.substr(0, sep)));
    TB_ASSIGN_OR_RETURN(Millis b, ParseLocalDateTime(p.substr(sep + 2)));
    if (b < a) return InvalidArgument(kPauseBackwards, {"--pause", p});
    pauses.push_back(Pause{a, b});
  }
  const auto d = cal.ComputeDeadline(from, TimeLimit{o.amount, unit}, pauses);
  const std::string due_date = FormatDate(d.due_date());
  if (c.json) {
    PrintJson({{"from", FormatLocalDateTime(from)},
               {"amount", o.amount},
               {"unit", TimeUnitName(unit)},
               {"due", unit == TimeUnit::kHour ? FormatLocalDateTime(d.due) : due_date},
               {"due_instant", FormatLocalDateTime(d.due)},
               {"provisional", d.provisional},
               {"paused_workdays", d.paused_workdays}});
  } else {
    std::printf("%s%s\n",
                unit == TimeUnit::kHour ? FormatLocalDateTime(d.due).c_str() : due_date.c_str(),
                d.provisional ? Say("（暂定：还没有该年的节假日安排）",
                                    " (provisional: no holiday data for that year yet)")
                              : "");
  }
  return Status::Ok();
}

Status CalendarOverride(const Common& c, const std::string& date, bool working,
                        const std::string& reason) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(Session by, Authenticate(*store, c));
  TB_ASSIGN_OR_RETURN(Date d, ParseDate(date));
  TB_RETURN_IF_ERROR(store->SetCalendarOverride(by, d, working, reason));
  if (Chinese())
    std::printf("%s 在%s现在是%s\n", date.c_str(), store->identity().name.c_str(),
                working ? "工作日" : "休息日");
  else
    std::printf("%s is now a %s at %s\n", date.c_str(), working ? "working day" : "day off",
                store->identity().name.c_str());
  return Status::Ok();
}

Status Changes(const Common& c, long after, int limit) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(auto changes, store->ReadChanges(after, limit));
  json j = json::array();
  for (const auto& ch : changes) {
    json fields = json::array();
    for (const auto& f : ch.fields) {
      json v = f.value.is_binary()
                   ? json(sync::RowId::FromBytes(f.value.get_binary().data()).Hex())
                   : f.value;
      fields.push_back({{"column", f.column}, {"value", v}, {"base", f.base}});
    }
    j.push_back({{"seq", ch.seq},
                 {"hlc", ch.hlc},
                 {"hlc_text", sync::HybridClock::Format(ch.hlc)},
                 {"table", ch.table},
                 {"row", ch.row.Hex()},
                 {"op", ch.op == sync::ChangeOp::kDelete ? "delete" : "upsert"},
                 {"node", ch.node},
                 {"user", ch.user},
                 {"fields", fields}});
  }
  if (c.json) {
    PrintJson(j);
  } else {
    // For people: the station's time and the record's short number; --json has the versions.
    TextTable table({Say("序号", "seq"), Say("时间", "time"), Say("数据表", "table"),
                     Say("记录", "record"), Say("由", "by"), Say("字段数", "fields")});
    for (std::size_t i = 0; i < changes.size(); ++i) {
      const auto& ch = changes[i];
      table.Row({std::to_string(ch.seq), FormatLocalDateTime(sync::HybridClock::Millis(ch.hlc)),
                 Chinese() ? RenderTable(ch.table, Language::kChinese) : ch.table,
                 ShortRef(ch.row.Hex()), ch.node + "/" + ch.user, std::to_string(ch.fields.size())});
    }
    table.Print();
  }
  return Status::Ok();
}

namespace {

std::atomic<bool> g_stop{false};

struct SyncSetup {
  std::unique_ptr<NodeStore> store;
  std::unique_ptr<NodeSync> sync;
};

Result<SyncSetup> OpenSync(const Common& c, int batch) {
  if (c.db.empty()) return InvalidArgument(kRequired, {"--db"});
  SyncSetup s;
  TB_ASSIGN_OR_RETURN(s.store, OpenStore(c));
  long stall = 20;
  if (const char* env = std::getenv("TONGBAN_SYNC_STALL_SECONDS"); env && *env) stall = std::atol(env);
  TB_ASSIGN_OR_RETURN(s.sync, NodeSync::Open(*s.store, batch, stall));
  return s;
}


// A progress bar on a terminal; nothing when output goes to a file or a pipe.
void ShowProgress(const sync::SyncProgress& p) {
  if (!isatty(STDERR_FILENO)) return;
  const bool zh = CommandLanguage() == Language::kChinese;
  const std::string_view phase(p.phase);
  const bool scans = phase.rfind("scans", 0) == 0;
  const char* label = !zh ? p.phase
                      : phase == "push"      ? "上传变更"
                      : phase == "pull"      ? "下载变更"
                      : phase == "scans up"  ? "上传扫描件"
                                             : "下载扫描件";
  const char* unit = scans ? (zh ? "字节" : "bytes") : (zh ? "条" : "changes");
  if (p.total > 0) {
    const int width = 30;
    const int filled = static_cast<int>(width * p.done / std::max<std::int64_t>(1, p.total));
    std::fprintf(stderr, "\r%s [%-*s] %lld/%lld %s", label, width,
                 std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 static_cast<long long>(p.done), static_cast<long long>(p.total), unit);
  } else {
    std::fprintf(stderr, "\r%s %lld %s          ", label, static_cast<long long>(p.done), unit);
  }
}

RoundFigures Figures(const RoundSummary& round) {
  const sync::SyncSummary& r = round.records;
  const sync::ScanTransferSummary& s = round.scans;
  RoundFigures f;
  f.pushed = r.pushed;
  f.duplicates = r.duplicates;
  f.pulled = r.pulled;
  f.conflicts = r.conflicts;
  f.refused = r.rejected;
  f.open_conflicts = r.open_conflicts;
  f.scans_sent = s.uploaded;
  f.scans_fetched = s.downloaded;
  f.scans_waiting = s.waiting;
  f.scans_refused = s.refused;
  f.escalated = round.timers.escalated;
  return f;
}

// What a round did besides its figures, one line each on stderr (--verbose).
void PrintRoundDetails(const RoundSummary& round) {
  for (const auto& m : round.timers.messages)
    std::fprintf(stderr, Say("超时督办：%s\n", "timers: %s\n"), m.c_str());
  for (const auto& e : round.scans.errors)
    std::fprintf(stderr, Say("扫描件：%s\n", "scans: %s\n"), e.c_str());
}

json SummaryJson(const sync::SyncSummary& s, std::uint64_t sent, std::uint64_t received) {
  return {{"pushed", s.pushed},           {"duplicates", s.duplicates},
          {"conflicts", s.conflicts},     {"rejected", s.rejected},
          {"pulled", s.pulled},           {"purged", s.purged},
          {"push_batches", s.push_batches}, {"pull_batches", s.pull_batches},
          {"open_conflicts", s.open_conflicts}, {"dictionary", s.dictionary},
          {"restamped", s.restamped},
          {"bytes_sent", sent},           {"bytes_received", received}};
}

json NoteJson(const HubNote& n) {
  return {{"seq", n.seq}, {"code", n.code}, {"args", n.args},
          {"since", FormatLocalDateTime(n.since)}};
}

// What a round leaves a person to know, one line each on stderr: a change the hub
// holds, a clock that is off, changes re-stamped. Said after a failed round too.
void PrintSyncNotes(const std::optional<sync::Held>& held, std::int64_t restamped,
                    const std::optional<std::int64_t>& offset_ms,
                    const std::vector<sync::Rejection>& refused = {}) {
  const Language lang = CommandLanguage();
  for (const auto& r : refused)
    std::fprintf(stderr, "%s\n", RenderRefused(r.seq, r.code, r.args, lang).c_str());
  if (held)
    std::fprintf(stderr, "%s\n", RenderHeld(held->seq, held->code, held->args, lang).c_str());
  if (restamped > 0) std::fprintf(stderr, "%s\n", RenderRestamped(restamped, lang).c_str());
  if (offset_ms && sync::ClockDiffers(*offset_ms))
    std::fprintf(stderr, "%s\n", RenderClockOffset(*offset_ms, lang).c_str());
}

json ScansJson(const sync::ScanTransferSummary& s) {
  return {{"uploaded", s.uploaded}, {"downloaded", s.downloaded}, {"waiting", s.waiting},
          {"refused", s.refused},   {"bytes_sent", s.bytes_sent}, {"bytes_received", s.bytes_received},
          {"errors", s.errors}};
}


}  // namespace

// A revoked node's last round: the hub took what it sent; the station is then erased
// (every connection to it closed first).
Status EraseRevoked(const Common& c) {
  TB_RETURN_IF_ERROR(WipeStation(c.db));
  return PermissionDenied(kWiped, {c.db});
}

Status WipeAfterRevoke(const Common& c, SyncSetup& s) {
  s.sync.reset();
  s.store.reset();
  return EraseRevoked(c);
}

Status Sync(const Common& c, const SyncCliOptions& o) {
  if (o.unattended) {
    std::error_code ec;
    if (c.db.empty() || !std::filesystem::exists(c.db, ec)) {
      std::printf(Say("本账号没有站点（%s），不必同步\n", "no station for this account (%s); nothing to sync\n"),
                  c.db.c_str());
      return Status::Ok();
    }
    if (IsSealedStation(c.db) && CommandUser(c).empty()) {
      std::printf("%s\n", Say("本站数据已加密，后台同步跳过：有人在前台登录时，前台会自动同步",
                             "the station is encrypted; background sync skipped (the desk syncs "
                             "while someone is signed in)"));
      return Status::Ok();
    }
  }
  auto setup = OpenSync(c, std::clamp(o.batch, 1, 20000));
  if (o.unattended && setup.status().key() == "station_sync.not_enrolled") {
    // A station working without a hub for now: nothing to do until it enrolls.
    std::printf("%s\n", RenderStatus(setup.status(), CommandLanguage()).c_str());
    return Status::Ok();
  }
  if (!setup.ok()) return setup.status();
  SyncSetup s = std::move(*setup);
  if (!o.watch) {
    auto round = s.sync->RunRound(ShowProgress);
    if (isatty(STDERR_FILENO)) std::fprintf(stderr, "\n");
    if (IsWipeOrder(round.status())) return WipeAfterRevoke(c, s);
    (void)s.sync->replica().RecordAttempt(round.status());
    const auto offset = s.sync->client().clock_offset_ms();
    if (!round.ok()) {
      PrintSyncNotes(std::nullopt, 0, offset);
      // In the background a hub out of reach, or the desk syncing now, is no failure: work
      // goes on offline and the next run tries again.
      const ErrorCode code = round.status().code();
      if (o.unattended && (code == ErrorCode::kUnavailable || code == ErrorCode::kBusy)) {
        std::printf("%s\n", RenderStatus(round.status().WithContext(kSyncContext), CommandLanguage()).c_str());
        return Status::Ok();
      }
      return round.status().WithContext(kSyncContext);
    }
    const sync::SyncSummary* r = &round->records;
    json j = SummaryJson(*r, s.sync->transport().bytes_sent(), s.sync->transport().bytes_received());
    j["clock_offset_ms"] = offset ? json(*offset) : json();
    j["update_due_schema"] = round->update_due_schema > 0 ? json(round->update_due_schema) : json();
    j["held"] = r->held ? json{{"seq", r->held->seq}, {"code", r->held->code}, {"args", r->held->args}}
                        : json();
    j["scans"] = ScansJson(round->scans);
    j["escalated"] = round->timers.escalated;
    if (c.json) PrintJson(j);
    else std::printf("%s\n", RenderRoundSummary(Figures(*round), CommandLanguage()).c_str());
    if (o.verbose) PrintRoundDetails(*round);
    // A held change is told, not failed: the round did the rest of its work.
    PrintSyncNotes(r->held, r->restamped, offset, r->refused);
    if (round->update_due_schema > 0)
      std::fprintf(stderr, "%s\n",
                   RenderUpdateDue(round->update_due_schema, s.sync->client().newest_spoken_schema(),
                                   CommandLanguage())
                       .c_str());
    return Status::Ok();
  }
  std::signal(SIGINT, [](int) { g_stop = true; });
  std::signal(SIGTERM, [](int) { g_stop = true; });
  std::mt19937 rng(std::random_device{}());
  int failures = 0;
  while (!g_stop) {
    auto round = s.sync->RunRound();
    if (IsWipeOrder(round.status())) return WipeAfterRevoke(c, s);
    (void)s.sync->replica().RecordAttempt(round.status());
    std::chrono::milliseconds wait(o.interval_s * 1000L);
    const std::string when = FormatLocalDateTime(s.store->NowMillis());
    if (round.ok()) {
      failures = 0;
      std::printf("%s %s\n", when.c_str(), RenderRoundSummary(Figures(*round), CommandLanguage()).c_str());
      if (o.verbose) PrintRoundDetails(*round);
    } else {
      wait = sync::SyncClient::Backoff(++failures, rng);
      const long long seconds = wait.count() / 1000;
      if (CommandLanguage() == Language::kChinese)
        std::printf("%s 同步失败（%s），%lld 秒后重试\n", when.c_str(),
                    RenderStatus(round.status(), Language::kChinese).c_str(), seconds);
      else
        std::printf("%s sync failed (%s); retrying in %lld s\n", when.c_str(),
                    round.status().message().c_str(), seconds);
    }
    std::fflush(stdout);
    PrintSyncNotes(round.ok() ? round->records.held : std::nullopt,
                   round.ok() ? round->records.restamped : 0, s.sync->client().clock_offset_ms());
    for (auto slept = std::chrono::milliseconds(0); slept < wait && !g_stop;
         slept += std::chrono::milliseconds(100))
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return Status::Ok();
}

Status SyncStatusCmd(const Common& c) {
  if (c.db.empty()) return InvalidArgument(kRequired, {"--db"});
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  NodeReplica replica(*store);
  TB_ASSIGN_OR_RETURN(SyncStatus s, replica.GetStatus());
  auto when = [](const std::optional<Millis>& t) { return t ? json(FormatLocalDateTime(*t)) : json(); };
  const Millis now = store->NowMillis();
  json j{{"hub", s.hub_url.empty() ? json() : json(s.hub_url)},
         {"queue_depth", s.queue_depth},
         {"oldest_unsent", when(s.oldest_unsent_at)},
         {"oldest_unsent_age_s", s.oldest_unsent_at ? json((now - *s.oldest_unsent_at) / 1000) : json()},
         {"last_success", when(s.last_success_at)},
         {"last_attempt", when(s.last_attempt_at)},
         {"last_error", s.last_error.empty() ? json() : json(s.last_error)},
         {"open_conflicts", s.open_conflicts},
         {"rejected", s.rejected},
         {"clock_offset_ms", s.clock_offset_ms ? json(*s.clock_offset_ms) : json()},
         {"held", s.held ? NoteJson(*s.held) : json()},
         {"update_due_schema", s.update_due_schema > 0 ? json(s.update_due_schema) : json()}};
  j["refusals"] = json::array();
  for (const auto& r : s.refusals) j["refusals"].push_back(NoteJson(r));
  if (c.json) {
    PrintJson(j);
    return Status::Ok();
  }
  std::printf(Say("中心            %s\n", "hub              %s\n"),
              s.hub_url.empty() ? Say("（未注册）", "(not enrolled)") : s.hub_url.c_str());
  std::printf(Say("待上传          %lld 条变更", "waiting to send  %lld changes"),
              static_cast<long long>(s.queue_depth));
  if (s.oldest_unsent_at)
    std::printf(Say("，最早一条在 %s", ", oldest from %s"),
                FormatLocalDateTime(*s.oldest_unsent_at).c_str());
  std::printf(
      Say("\n上次同步成功    %s\n", "\nlast success     %s\n"),
      s.last_success_at ? FormatLocalDateTime(*s.last_success_at).c_str() : Say("从未", "never"));
  if (!s.last_error.empty())
    std::printf(Say("上次的错误      %s\n", "last error       %s\n"),
                (s.last_failure.ok() ? s.last_error : RenderStatus(s.last_failure, CommandLanguage()))
                    .c_str());
  std::printf(Say("未解决的冲突    %lld\n被拒收的变更    %lld\n",
                  "open conflicts   %lld\nrefused changes  %lld\n"),
              static_cast<long long>(s.open_conflicts), static_cast<long long>(s.rejected));
  const Language lang = CommandLanguage();
  if (s.held)
    std::printf(Say("暂扣自 %s  %s\n", "held since %s  %s\n"),
                FormatLocalDateTime(s.held->since).c_str(),
                RenderHeld(s.held->seq, s.held->code, s.held->args, lang).c_str());
  for (const auto& r : s.refusals)
    if (!r.code.empty())  // refusals from before codes were kept have only an English reason
      std::printf(Say("拒收于 %s  %s\n", "refused %s  %s\n"), FormatLocalDateTime(r.since).c_str(),
                  RenderRefused(r.seq, r.code, r.args, lang).c_str());
  if (s.clock_offset_ms && sync::ClockDiffers(*s.clock_offset_ms))
    std::printf(Say("时钟            %s\n", "clock            %s\n"),
                RenderClockOffset(*s.clock_offset_ms, lang).c_str());
  if (s.update_due_schema > 0)
    std::printf(Say("软件更新        %s\n", "software update  %s\n"),
                RenderUpdateDue(s.update_due_schema, s.spoken_schema, lang).c_str());
  return Status::Ok();
}

// After a salvage: the change log must go on where the hub stands. Unsent changes that
// survived are numbered again right after the last one the hub acknowledged (the hub
// takes them only without gaps), and the next number is above it even when the log's
// tail was lost (the hub would take a number it saw as a replay). A bundle written
// before the repair is then stale.
Status RenumberUnsent(sync::Database& db) {
  const auto meta = [&](const char* key) -> Result<std::int64_t> {
    TB_ASSIGN_OR_RETURN(auto* st, db.Prepare("SELECT value FROM node_meta WHERE key = ?1"));
    st->Bind(1, key);
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    const std::int64_t v = row ? std::atoll(st->Text(0).c_str()) : 0;
    st->Reset();
    return v;
  };
  TB_ASSIGN_OR_RETURN(const std::int64_t acked, meta("sync_acked_seq"));
  TB_ASSIGN_OR_RETURN(auto tx, sync::Transaction::Begin(db));
  std::vector<std::int64_t> unsent;
  {
    TB_ASSIGN_OR_RETURN(auto* st, db.Prepare("SELECT seq FROM change_log WHERE seq > ?1 ORDER BY seq"));
    st->Bind(1, acked);
    for (;;) {
      TB_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      unsent.push_back(st->Int(0));
    }
    st->Reset();
  }
  TB_ASSIGN_OR_RETURN(auto* move, db.Prepare("UPDATE change_log SET seq = ?2 WHERE seq = ?1"));
  for (std::size_t i = 0; i < unsent.size(); ++i) {  // ascending: each lands below the next
    move->Bind(1, unsent[i]).Bind(2, acked + 1 + static_cast<std::int64_t>(i));
    TB_RETURN_IF_ERROR(move->Run());
  }
  if (unsent.empty() && acked > 0)  // a placeholder at the acknowledged number, never sent
    TB_RETURN_IF_ERROR(db.Exec("INSERT OR IGNORE INTO change_log (seq, hlc, tbl, row_uid, op, actor) "
                               "VALUES (" + std::to_string(acked) + ", 0, 0, zeroblob(16), 0, 0)"));
  TB_RETURN_IF_ERROR(db.Exec("UPDATE node_meta SET value = '" + std::to_string(acked) +
                             "' WHERE key = '" + std::string(kBundleExportedKey) + "'"));
  return tx->Commit();
}

// A station with a page that fails its check is salvaged in place (sync/salvage.h); the
// repair that follows brings back from the hub the records that were lost.
Status SalvageIfDamaged(const Common& c) {
  TB_ASSIGN_OR_RETURN(auto key, UnlockStation(c));
  const auto fixup = [&](sync::Database& db, const sync::SalvageReport& report) -> Status {
    const auto lost = report.damaged_tables();
    const auto has = [&](const char* t) { return std::find(lost.begin(), lost.end(), t) != lost.end(); };
    // Without its identity, hub link and keys the station cannot be repaired from the hub.
    if (has("node_meta")) return Status(ErrorCode::kCorruption, kMetaDamaged, {c.db});
    return has("change_log") ? RenumberUnsent(db) : Status::Ok();
  };
  TB_ASSIGN_OR_RETURN(auto report, sync::SalvageInPlace(c.db, key ? &*key : nullptr, fixup));
  if (!report) return Status::Ok();
  std::string lost;
  for (const auto& t : report->damaged_tables()) lost += (lost.empty() ? "" : ", ") + t;
  std::fprintf(stderr,
               Say("本站数据库已损坏：仍可读的内容已抢救到新文件（原文件保留为 %s.damaged），"
                   "受损的表：%s；只在本站、尚未上传的内容若在受损处则已丢失。"
                   "下面从中心重新下载本站范围内的全部记录。\n",
                   "the station's database was damaged: what could still be read is in a new "
                   "file (the damaged one is kept as %s.damaged); damaged tables: %s; what only "
                   "this station held and had not sent, on those pages, is lost. Now every "
                   "record in this station's scope comes again from the hub.\n"),
               c.db.c_str(), lost.c_str());
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  ScanStore scans(*store);
  TB_ASSIGN_OR_RETURN(const std::int64_t dropped, scans.RecheckHeld());
  if (dropped > 0)
    std::fprintf(stderr, Say("%lld 份扫描件受损，将从中心重新下载（本站需要的）\n",
                             "%lld damaged scans will be fetched again from the hub (those this "
                             "station needs)\n"),
                 static_cast<long long>(dropped));
  return Status::Ok();
}

Status SyncVerify(const Common& c, bool repair) {
  if (repair) TB_RETURN_IF_ERROR(SalvageIfDamaged(c));
  TB_ASSIGN_OR_RETURN(SyncSetup s, OpenSync(c, 2000));
  // A revoked node hears at its pull or digest that it must erase its data.
  const auto asked = [&](Status st) { return IsWipeOrder(st) ? WipeAfterRevoke(c, s) : st; };
  if (repair) {
    // Unsent changes go first; then the whole scope comes again, field versions decide.
    sync::SyncSummary summary;
    TB_RETURN_IF_ERROR(asked(s.sync->client().Push(summary, ShowProgress)).WithContext(kRepairContext));
    TB_RETURN_IF_ERROR(s.sync->replica().ResetPullCursor());
    TB_RETURN_IF_ERROR(asked(s.sync->client().Pull(summary, ShowProgress, /*include_own=*/true))
                           .WithContext(kRepairContext));
    if (isatty(STDERR_FILENO)) std::fprintf(stderr, "\n");
  }
  auto hub_digest = s.sync->client().HubDigest();
  if (!hub_digest.ok()) return asked(hub_digest.status());
  TB_ASSIGN_OR_RETURN(std::string mine, s.sync->replica().Digest());
  const std::string hubs = *hub_digest;
  const bool same = mine == hubs;
  const char* verdict = same ? "node and hub hold the same records"
                        : repair ? "node and hub still differ after the repair; unsent changes "
                                   "(tongban sync status) or an admin must settle it"
                                 : "node and hub differ: run 'tongban sync' (unsent changes) "
                                   "or 'tongban sync repair'";
  const char* said = same ? Say("本站与中心的数据一致", verdict)
                     : repair
                         ? Say("修复后本站与中心的数据仍不一致：请查看未上传的变更"
                               "（tongban sync status），或请中心管理员处理",
                               verdict)
                         : Say("本站与中心的数据不一致：请运行 tongban sync（上传未上传的变更）"
                               "或 tongban sync repair",
                               verdict);
  if (c.json) PrintJson({{"node", mine}, {"hub", hubs}, {"in_agreement", same}});
  else
    std::printf(Say("%s\n本站 %s\n中心 %s\n", "%s\nnode %s\nhub  %s\n"), said, mine.c_str(),
                hubs.c_str());
  if (same) return Status::Ok();
  return repair ? FailedPrecondition(kStillDiffer, {"tongban sync status"})
                : FailedPrecondition(kDiffer, {"tongban sync", "tongban sync repair"});
}

Status Stats(const Common& c, const std::string& from, const std::string& to) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  const Date today = LocalDate(store->NowMillis());
  const auto ymd = std::chrono::year_month_day{today};
  Date first = Date{ymd.year() / ymd.month() / 1};
  Date last = today;
  if (!from.empty()) { TB_ASSIGN_OR_RETURN(first, ParseDate(from)); }
  if (!to.empty()) { TB_ASSIGN_OR_RETURN(last, ParseDate(to)); }
  if (last < first) return InvalidArgument(kToBeforeFrom, {"--to", "--from"});
  const Millis from_ms = StartOfLocalDay(first), to_ms = StartOfLocalDay(last + std::chrono::days{1});
  TB_ASSIGN_OR_RETURN(ServiceStats s, store->ServiceFigures(from_ms, to_ms));
  TB_ASSIGN_OR_RETURN(ModeStats m, store->ModeFigures(from_ms, to_ms));
  json ratings = json::object();
  for (const auto& [score, n] : m.ratings) ratings[std::to_string(score)] = n;
  const json j{{"from", FormatDate(first)},       {"to", FormatDate(last)},
               {"station", store->identity().code}, {"received", s.received},
               {"accepted", s.accepted},          {"closed", s.closed},
               {"overdue", s.overdue},            {"green_channel", s.green},
               {"by_channel", s.by_channel},      {"by_status", s.by_status},
               {"by_station", s.by_station},      {"by_office", s.by_office},
               {"ratings", ratings},              {"rating_average", m.rating_average},
               {"rectifications_open", m.rectifications_open},
               {"appointments", m.appointments},  {"appointments_no_show", m.appointments_no_show},
               {"visits", m.visits},              {"visits_done", m.visits_done},
               {"shipments_in", m.shipments_in},  {"shipments_out", m.shipments_out},
               {"escalations_open", m.escalations_open},
               {"commitments_open", m.commitments_open},
               {"commitments_breached", m.commitments_breached}};
  if (c.json) {
    PrintJson(j);
    return Status::Ok();
  }
  std::printf(Say("%s  %s 至 %s\n", "%s  %s to %s\n"), store->identity().name.c_str(),
              FormatDate(first).c_str(), FormatDate(last).c_str());
  std::printf(Say("收件 %lld，受理 %lld，办结 %lld，超期 %lld，绿色通道 %lld\n",
                  "received %lld, accepted %lld, closed %lld, overdue %lld, green channel %lld\n"),
              static_cast<long long>(s.received), static_cast<long long>(s.accepted),
              static_cast<long long>(s.closed), static_cast<long long>(s.overdue),
              static_cast<long long>(s.green));
  for (const auto& [k, v] : s.by_channel)
    std::printf(Say("  渠道 %s %lld\n", "  channel %s %lld\n"), Pad(ChannelText(k), 8).c_str(),
                static_cast<long long>(v));
  TB_ASSIGN_OR_RETURN(const OfficeNames offices, LoadOfficeNames(*store));
  for (const auto& [k, v] : s.by_office)
    std::printf(Say("  部门 %s %lld\n", "  office  %s %lld\n"),
                Pad(OfficeText(offices, k), 24).c_str(), static_cast<long long>(v));
  std::printf(Say("评价：", "ratings:"));
  for (const auto& [score, n] : m.ratings) std::printf(" %d★ %lld", score, static_cast<long long>(n));
  std::printf(
      Say("  （平均 %.2f，%lld 件整改未完成）\n", "  (average %.2f, %lld rectification(s) open)\n"),
      m.rating_average, static_cast<long long>(m.rectifications_open));
  std::printf(
      Say("预约 %lld（爽约 %lld），上门 %lld（已上门 %lld），邮寄 寄来 %lld / 寄出 %lld，"
          "未关闭的超时问责 %lld\n",
          "appointments %lld (no-show %lld), visits %lld (done %lld), post in %lld / out %lld, "
          "open escalations %lld\n"),
      static_cast<long long>(m.appointments), static_cast<long long>(m.appointments_no_show),
      static_cast<long long>(m.visits), static_cast<long long>(m.visits_done),
      static_cast<long long>(m.shipments_in), static_cast<long long>(m.shipments_out),
      static_cast<long long>(m.escalations_open));
  return Status::Ok();
}

Status BundleExport(const Common& c, const std::string& out) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(Session by, Authenticate(*store, c));
  TB_RETURN_IF_ERROR(store->RecordExport(by, "bundle", std::filesystem::path(out).filename().string(), out));
  TB_ASSIGN_OR_RETURN(auto sum, ExportBundle(*store, out));
  if (c.json) PrintJson({{"file", out}, {"changes", sum.changes}, {"bytes", sum.bytes},
                         {"changes_waiting", sum.changes_waiting},
                         {"scans", sum.scans}, {"scans_waiting", sum.scans_waiting},
                         {"scans_wanted", sum.scans_wanted}});
  else
    std::printf(Say("已把 %lld 条未上传的变更和 %lld 个扫描件写入 %s（%lld 字节）%s；"
                    "请在中心用 tongban-central bundle import 导入\n",
                    "wrote %lld unsent changes and %lld scans to %s (%lld bytes)%s; import it at "
                    "the hub with 'tongban-central bundle import'\n"),
                static_cast<long long>(sum.changes), static_cast<long long>(sum.scans), out.c_str(),
                static_cast<long long>(sum.bytes),
                sum.changes_waiting || sum.scans_waiting
                    ? Say("；还有的留待下一个数据包", "; more waits for the next bundle")
                    : "");
  return Status::Ok();
}

Status BundleImport(const Common& c, const std::string& file) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  auto imported = ImportReplyBundle(*store, file);
  if (IsWipeOrder(imported.status())) {
    store.reset();
    return EraseRevoked(c);
  }
  TB_ASSIGN_OR_RETURN(auto sum, std::move(imported));
  if (c.json) {
    PrintJson({{"acked_seq", sum.acked_seq}, {"applied", sum.applied},
               {"open_conflicts", sum.open_conflicts}, {"rejected", sum.rejected},
               {"complete", sum.complete}, {"scans_received", sum.scans_received},
               {"scans_confirmed", sum.scans_confirmed},
               {"held", sum.held ? json{{"seq", sum.held->seq}, {"code", sum.held->code},
                                        {"args", sum.held->args}}
                                 : json()}});
  } else {
    std::printf(
        Say("已导入中心的 %lld 条变更和 %lld 个扫描件；中心已收到本站第 %lld 条及以前的全部变更"
            "和 %lld 个扫描件%s\n",
            "applied %lld changes and %lld scans from the hub; the hub has everything up to "
            "change %lld and %lld scans from here%s\n"),
        static_cast<long long>(sum.applied), static_cast<long long>(sum.scans_received),
        static_cast<long long>(sum.acked_seq), static_cast<long long>(sum.scans_confirmed),
        sum.complete ? ""
                     : Say("；中心还有数据待取（请再同步一次）",
                           "; more is waiting at the hub (sync again)"));
  }
  PrintSyncNotes(sum.held, sum.restamped, std::nullopt, sum.refused);
  return Status::Ok();
}

Status Backup(const Common& c, const std::string& out) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(Session by, Authenticate(*store, c));
  TB_RETURN_IF_ERROR(store->BackupTo(by, out));
  const bool sealed = IsSealedStation(c.db);
  if (c.json) {
    PrintJson({{"backup", out}, {"keys", sealed ? KeyFilePath(out) : ""}});
    return Status::Ok();
  }
  std::printf(Say("已备份到 %s\n", "backed up to %s\n"), out.c_str());
  if (sealed)
    std::printf(Say("加密站点：%s 一并保存，恢复时凭备份当天的密码或恢复码打开\n",
                    "encrypted: keep %s with it; the backup opens with the passwords or the "
                    "recovery code of its day\n"),
                KeyFilePath(out).c_str());
  return Status::Ok();
}

Status Restore(const Common& c, const std::string& from, bool replace) {
  TB_RETURN_IF_ERROR(RestoreStation(from, c.db, replace));
  std::printf(Say("已恢复 %s（来自 %s）。已接入中心的站点，在中心管理员为它重新注册之前，同步会被中心拒绝\n",
                  "restored %s (from %s). A station enrolled with a hub has its sync refused "
                  "until a central admin enrolls it again\n"),
              c.db.c_str(), from.c_str());
  return Status::Ok();
}

}  // namespace tongban::cli
