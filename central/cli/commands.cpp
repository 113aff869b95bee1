#include "commands.h"

#include "tongban/central/hub_backup.h"

#include <malloc.h>
#include <sodium.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tongban/central/bundle_import.h"
#include "tongban/central/http_server.h"
#include "tongban/central/hub_service.h"
#include "tongban/central/supervision.h"
#include "tongban/node/domain/catalog.h"
#include "tongban/node/domain/replication_schema.h"
#include "tongban/node/messages/command_text.h"
#include "tongban/node/messages/status_text.h"
#include "tongban/node/messages/sync_messages.h"
#include "tongban/node/messages/text_width.h"
#include "tongban/sync/curl_transport.h"

namespace tongban::central::cli {
namespace {

using nlohmann::json;
using node::Say;
using tongban::cli::TextTable;

constexpr MessageDef kCannotRead{"central_cli.cannot_read", "cannot read {0}"};
constexpr MessageDef kAuditBrokenAt{"central_cli.audit_broken",
                                    "the audit trail of node {0} is broken at its entry {1}: an "
                                    "entry was changed, removed or reordered there"};
constexpr MessageDef kNoHubData{"central_cli.no_hub_data",
                                "no hub data in {0} (start the hub once with '{1}')"};
constexpr MessageDef kListenForm{"central_cli.listen_form", "{0} must be {1}"};
constexpr MessageDef kListenPort{"central_cli.listen_port",
                                 "{0} port '{1}' must be a number from 0 to 65535"};
constexpr MessageDef kTlsBoth{"central_cli.tls_both", "give both {0} and {1}, or neither"};
constexpr MessageDef kPlainLoopback{"central_cli.plain_loopback",
                                    "plain {0} is served only on loopback; give {1} and {2} "
                                    "to listen on {3}"};
constexpr MessageDef kBadNodeCode{"central_cli.bad_node_code",
                                  "node code '{0}' must be 2-32 letters, digits or dashes"};
constexpr MessageDef kBadKind{"central_cli.bad_kind",
                              "{0} must be station, township, county-office or field"};
constexpr MessageDef kBadTake{"central_cli.bad_take", "{0} must be local, hub or value"};
constexpr MessageDef kTakeValue{"central_cli.take_value_needs_value", "{0} needs {1}"};

// A node kind printed for people: the Chinese label in Chinese, the code in English.
std::string KindText(const std::string& kind) { return node::CodeText("node_kind", kind); }

// A conflict's status, said as everywhere else.
std::string ConflictStateText(const std::string& status) {
  return node::CodeText("conflict_state", status);
}

// The field in conflict: its Chinese name ("办件状态") or "table.column" in English.
std::string FieldText(const ConflictRecord& c) {
  return node::CodeText("field", c.table + "." + c.column);
}

// Stored text may hold any bytes a node sent: replaced, never thrown on.
void Print(const json& j) {
  std::printf("%s\n", j.dump(2, ' ', false, json::error_handler_t::replace).c_str());
}

std::string Show(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// A value in conflict as people read it: a status or a channel by its name, nothing as
// "（无）", anything else as stored.
std::string ValueText(const ConflictRecord& c, const json& v) {
  if (v.is_null()) return Say("（无）", "(none)");
  if (v.is_string()) {
    struct Coded {
      std::string_view field, kind;
    };
    for (const Coded& k : {Coded{"cases.status", "status"}, Coded{"cases.delivery", "channel"},
                           Coded{"staff.role", "role"}, Coded{"shipments.state", "shipment_state"},
                           Coded{"visits.state", "visit_state"},
                           Coded{"appointments.state", "appointment_state"}})
      if (c.table + "." + c.column == k.field) return node::CodeText(k.kind, v.get<std::string>());
  }
  return Show(v);
}

}  // namespace

Status CannotRead(const std::string& file) { return NotFound(kCannotRead, {file}); }

Result<std::unique_ptr<Hub>> OpenExisting(const std::string& data) {
  std::error_code ec;
  if (!std::filesystem::exists(data + "/hub.db", ec))
    return NotFound(kNoHubData, {data, "tongban-central serve"});
  return Hub::Open(data);
}


Status Serve(const ServeOptions& o) {
  // glibc gives each thread that allocates its own arena, and freed memory stays in them:
  // tongban-bench-sync's hub peaked at 72 MiB with them, 51 MiB with two, at the same speed.
  mallopt(M_ARENA_MAX, 2);
  const auto colon = o.listen.rfind(':');
  if (colon == std::string::npos) return InvalidArgument(kListenForm, {"--listen", "HOST:PORT"});
  HttpServerOptions opts;
  opts.host = o.listen.substr(0, colon);
  const std::string port = o.listen.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port) > 65535)
    return InvalidArgument(kListenPort, {"--listen", port});
  opts.port = static_cast<std::uint16_t>(std::stoi(port));
  opts.threads = std::max(1, o.threads);
  opts.tls_cert_file = o.tls_cert;
  opts.tls_key_file = o.tls_key;
  if (opts.tls_cert_file.empty() != opts.tls_key_file.empty())
    return InvalidArgument(kTlsBoth, {"--tls-cert", "--tls-key"});
  if (opts.tls_cert_file.empty() && !sync::IsLoopbackHost(opts.host))
    return InvalidArgument(kPlainLoopback, {"HTTP", "--tls-cert", "--tls-key", opts.host});
  // Signals are taken by sigwait below; server threads inherit the blocked mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // No restore puts a file under this hub while it serves, nor runs while it opens.
  std::error_code dir_ec;
  std::filesystem::create_directories(o.data, dir_ec);
  TB_ASSIGN_OR_RETURN(ServeLock serving, ServeLock::Take(o.data, /*exclusive=*/false));
  TB_ASSIGN_OR_RETURN(auto service, HubService::Open(o.data));
  TB_ASSIGN_OR_RETURN(auto server,
                      HttpServer::Start(
                          opts, [&service](const sync::HttpRequest& r) { return service->Handle(r); },
                          [&service](sync::HttpRequest& head) { return service->Admit(head); },
                          [&service](const sync::HttpRequest& head) { return service->OpenStream(head); }));
  std::printf(Say("通办中心已在 %s://%s:%u 上监听（数据目录 %s）\n",
                  "tongban hub listening on %s://%s:%u (data %s)\n"),
              opts.tls_cert_file.empty() ? "http" : "https", opts.host.c_str(),
              static_cast<unsigned>(server->port()), o.data.c_str());
  if (!opts.tls_cert_file.empty()) {
    // Nodes enroll with --pin so that only this certificate's key is trusted.
    TB_ASSIGN_OR_RETURN(std::string pin, PublicKeyPin(opts.tls_cert_file));
    std::printf(Say("供节点注册用的证书公钥：--pin %s\n", "certificate pin for nodes: --pin %s\n"),
                pin.c_str());
  }
  std::fflush(stdout);
  int sig = 0;
  sigwait(&signals, &sig);
  server->Stop();
  std::printf(Say("通办中心已停止\n", "tongban hub stopped\n"));
  return Status::Ok();
}

Status StationAdd(const std::string& data, const std::string& code, const std::string& name,
                  const std::string& kind, const std::string& township, bool as_json) {
  if (code.size() < 2 || code.size() > 32 ||
      code.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-") !=
          std::string::npos)
    return InvalidArgument(kBadNodeCode, {code});
  if (kind != "station" && kind != "township" && kind != "county-office" && kind != "field")
    return InvalidArgument(kBadKind, {"--kind"});
  TB_ASSIGN_OR_RETURN(auto hub, OpenExisting(data));
  // A station or field laptop answers to a township center: one the hub does not know
  // yet is allowed (it may be added next), but said, since a typo would route its cases
  // nowhere.
  bool township_known = true;
  if (!township.empty() && kind != "township" && kind != "county-office") {
    TB_ASSIGN_OR_RETURN(auto nodes, hub->ListNodes());
    township_known = std::any_of(nodes.begin(), nodes.end(), [&](const NodeInfo& t) {
      return t.code == township && t.kind == "township";
    });
  }
  NodeInfo n;
  n.code = code;
  n.name = name;
  n.kind = kind;
  n.township = township.empty() && kind == "township" ? code : township;
  TB_ASSIGN_OR_RETURN(std::string enrollment, hub->AddNode(n));
  if (as_json) {
    Print({{"code", code}, {"enrollment_code", enrollment}});
  } else {
    // The enrollment code alone on the last line: scripts read it in both languages.
    if (!township_known)
      std::fprintf(stderr,
                   Say("注意：中心还没有乡镇便民服务中心 %s，请确认编码无误，并用 --kind township "
                       "添加它\n",
                       "note: the hub has no township center %s yet; check the code, and add it "
                       "with --kind township\n"),
                   township.c_str());
    std::printf(Say("已登记 %s %s（%s）；请把下面的一次性注册码交给该节点的管理员：\n%s\n",
                    "added %s %s (%s); give its operator this one-time enrollment code:\n%s\n"),
                code.c_str(), name.c_str(), KindText(kind).c_str(), enrollment.c_str());
  }
  return Status::Ok();
}

namespace {

// A time as the JSON views give it ("2026-02-12T09:30:05+08:00", the station's zone),
// shortened for a table: "2026-02-12 09:30".
std::string LocalText(const json& iso, const char* none = nullptr) {
  if (!iso.is_string()) return none ? none : Say("从未", "never");
  std::string t = iso.get<std::string>().substr(0, 16);
  if (t.size() == 16 && t[10] == 'T') t[10] = ' ';
  return t;
}

}  // namespace

Status AuditVerify(const std::string& data, const std::string& node, bool as_json) {
  TB_ASSIGN_OR_RETURN(auto hub, OpenExisting(data));
  TB_ASSIGN_OR_RETURN(auto checks, hub->VerifyAudit(node));
  json out = json::array();
  TextTable table({Say("节点", "node"), Say("条数", "entries"), Say("结果", "result")});
  Status first_break = Status::Ok();
  for (const auto& [node_code, c] : checks) {
    out.push_back({{"node", node_code}, {"entries", c.entries},
                   {"broken_at", c.broken ? json(*c.broken) : json()}});
    std::string result = Say("完好", "intact");
    if (c.broken) {
      result = std::string(Say("第 ", "broken at entry ")) + std::to_string(*c.broken) +
               Say(" 条处断开", "");
      if (first_break.ok())
        first_break = Status(ErrorCode::kCorruption, kAuditBrokenAt,
                             {node_code, std::to_string(*c.broken)});
    }
    table.Row({node_code, std::to_string(c.entries), result});
  }
  if (as_json) Print(out);
  else table.Print();
  return first_break;
}

Status StationList(const std::string& data, bool as_json) {
  TB_ASSIGN_OR_RETURN(auto hub, OpenExisting(data));
  TB_ASSIGN_OR_RETURN(auto nodes, hub->ListNodes());
  TB_ASSIGN_OR_RETURN(auto stats, hub->Stats());
  json out = json::array();
  for (const auto& n : nodes) out.push_back(NodeJson(n, stats.log_seq));
  if (as_json) {
    Print(out);
    return Status::Ok();
  }
  TextTable table({Say("编码", "code"), Say("类型", "kind"), Say("状态", "state"),
                   Say("最近联系", "last seen"), Say("落后", "lag"), Say("版本", "version"),
                   Say("数据版本", "schema"), Say("时钟偏差", "clock"), Say("名称", "name")});
  for (const auto& j : out) {
    const char* state = j["revoked"].get<bool>()    ? Say("已停用", "revoked")
                        : j["enrolled"].get<bool>() ? Say("已注册", "enrolled")
                                                    : Say("待注册", "pending");
    // Its clock minus the hub's, in whole seconds: a few are normal, minutes are not.
    std::string clock = "-";
    if (j["clock_offset_ms"].is_number_integer()) {
      const long long ms = j["clock_offset_ms"].get<long long>();
      clock = (ms >= 0 ? "+" : "-") + std::to_string((std::llabs(ms) + 500) / 1000) + " s";
    }
    // A node speaking an older replication schema than the hub's newest has an update due.
    std::string schema = "-";
    if (j["schema"].is_number_integer()) {
      const int v = j["schema"].get<int>();
      schema = std::to_string(v) + (v < tongban::node::kReplicationSchemaVersion ? Say("（应升级）", " (update due)") : "");
    }
    table.Row({j["code"].get<std::string>(), KindText(j["kind"].get<std::string>()), state,
               LocalText(j["last_seen"]), std::to_string(j["lag"].get<long long>()),
               j["software"].is_string() ? j["software"].get<std::string>() : "-", schema, clock,
               j["name"].get<std::string>()});
    // A held change stops everything the node sends after it: the admin must see it.
    if (j.contains("held")) {
      char line[256];
      std::snprintf(line, sizeof line,
                    Say("↑ 暂扣：第 %lld 条变更（%s），自 %s 起", "↑ held: change %lld (%s) since %s"),
                    j["held"]["seq"].get<long long>(), j["held"]["code"].get<std::string>().c_str(),
                    LocalText(j["held"]["since"]).c_str());
      table.Note(line);
    }
  }
  table.Print();
  return Status::Ok();
}

Status StationRevoke(const std::string& data, const std::string& code, bool now) {
  TB_ASSIGN_OR_RETURN(auto hub, OpenExisting(data));
  TB_RETURN_IF_ERROR(hub->RevokeNode(code, now));
  if (now)
    std::printf(Say("已停用 %s：不再接收它的任何内容；它下次联系中心时即清除本机数据\n",
                    "revoked %s: nothing more is taken from it; it erases its data at its next "
                    "contact\n"),
                code.c_str());
  else
    std::printf(Say("已停用 %s：它下次同步时先交出尚未上传的内容，然后清除本机数据\n",
                    "revoked %s: at its next sync it sends what it holds, then erases its data\n"),
                code.c_str());
  return Status::Ok();
}

Status HubBackup(const std::string& data, const std::string& out) {
  TB_RETURN_IF_ERROR(BackupHub(data, out));
  std::printf(Say("已把中心数据备份到 %s（中心运行时也可以）\n",
                  "hub data backed up to %s (also while the hub serves)\n"),
              out.c_str());
  return Status::Ok();
}

Status HubRestore(const std::string& data, const std::string& from, bool replace) {
  TB_ASSIGN_OR_RETURN(const RestoreReport report, RestoreHub(from, data, replace));
  std::printf(Say("已从 %s 恢复中心数据；原来的数据（如有）留作 hub.db.before-restore。各节点下次同步时会补发备份之后的内容\n",
                  "hub data restored from %s; what was there (if anything) is kept as "
                  "hub.db.before-restore. Each node sends again what came after the backup at "
                  "its next sync\n"),
              from.c_str());
  if (report.credentials_carried)
    std::printf(Say("节点的注册凭据取自被替换的数据（停用、重新注册照旧）：更新 %d 个，补回备份之后添加的 %d 个\n",
                    "node credentials come from the data replaced (revocations and new "
                    "enrollments stand): %d updated, %d added since the backup\n"),
                report.nodes_updated, report.nodes_added);
  else if (!report.not_carried.ok())
    std::fprintf(stderr, "%s\n%s\n", node::RenderStatus(report.not_carried, node::CommandLanguage()).c_str(),
                 Say("被替换的数据读不出，节点凭据按备份时的样子：备份之后停用或重新注册的节点，请再停用、再发注册码",
                     "the data replaced cannot be read, so node credentials are as at the backup: "
                     "revoke again, and reenroll, any node revoked or enrolled again since"));
  return Status::Ok();
}

Status StationReenroll(const std::string& data, const std::string& code, bool as_json) {
  TB_ASSIGN_OR_RETURN(auto hub, OpenExisting(data));
  TB_ASSIGN_OR_RETURN(const NodeInfo before, hub->GetNode(code));
  TB_ASSIGN_OR_RETURN(std::string enrollment, hub->ReenrollNode(code));
  if (as_json) {
    Print({{"code", code}, {"enrollment_code", enrollment}, {"was_revoked", before.revoked}});
    return Status::Ok();
  }
  if (before.revoked)
    std::printf(Say("%s 原来的电脑已停用；它若再联系中心，会被要求清除本机数据\n",
                    "%s: its old machine stays revoked and is told to erase its data if it calls\n"),
                code.c_str());
  else if (before.enrolled)
    std::printf(Say("注意：%s 的旧电脑若是丢失或被盗，请先停用它（station revoke --now），再重新登记，"
                    "它才会被要求清除本机数据\n",
                    "note: if %s's old computer was lost or stolen, revoke it first (station revoke "
                    "--now), then enroll it again, so that it is told to erase its data\n"),
                code.c_str());
  // The enrollment code alone on the last line, as for station add.
  std::printf(Say("%s 的旧密钥已失效；在该站点的电脑上运行 tongban enroll --again（新电脑则用 "
                  "tongban init --enroll），一次性注册码：\n%s\n",
                  "%s: its old secret no longer works; on the station's computer run tongban enroll "
                  "--again (a new computer: tongban init --enroll) with this one-time code:\n%s\n"),
              code.c_str(), enrollment.c_str());
  return Status::Ok();
}

Status StationRequireKeys(const std::string& data, const std::string& state) {
  TB_ASSIGN_OR_RETURN(auto hub, OpenExisting(data));
  if (!state.empty()) TB_RETURN_IF_ERROR(hub->RequireNodeKeys(state == "on"));
  TB_ASSIGN_OR_RETURN(bool required, hub->NodeKeysRequired());
  std::printf("%s", required ? Say("只为有签名密钥对的节点服务\n", "only nodes with key pairs are served\n")
                             : Say("没有签名密钥对的节点也受理（仅凭密钥口令；中心数据的副本可冒充它们）\n",
                                   "nodes without key pairs are served too (on their secret alone, which a "
                                   "copy of the hub's data can pass for)\n"));
  TB_ASSIGN_OR_RETURN(auto nodes, hub->ListNodes());
  for (const auto& n : nodes) {
    if (n.revoked) continue;
    if (!n.enrolled) {
      // Its enrollment brings a key from current software; an older one is refused then.
      if (required)
        std::printf(Say("  %s 尚未注册：须用新版软件注册\n",
                        "  %s has not enrolled yet: it must enroll with current software\n"),
                    n.code.c_str());
      continue;
    }
    TB_ASSIGN_OR_RETURN(auto key, hub->NodePublicKey(n.code));
    if (!key) std::printf(Say("  %s 尚无密钥对\n", "  %s has no key pair yet\n"), n.code.c_str());
  }
  return Status::Ok();
}

Status ConflictsList(const std::string& data, bool all, bool as_json) {
  TB_ASSIGN_OR_RETURN(auto hub, OpenExisting(data));
  TB_ASSIGN_OR_RETURN(auto list, hub->ListConflicts(!all));
  json out = json::array();
  for (const auto& c : list) out.push_back(ConflictJson(c));
  if (as_json) {
    Print(out);
    return Status::Ok();
  }
  if (list.empty())
    std::printf("%s", all ? Say("没有冲突\n", "no conflicts\n")
                          : Say("没有未解决的冲突\n", "no open conflicts\n"));
  TextTable table({Say("编号", "no."), Say("状态", "state"), Say("办件", "record"),
                   Say("字段", "field"), Say("站点的值", "local value"),
                   Say("中心的值", "hub value")});
  auto side = [&](const ConflictRecord& c, const json& v, const std::string& user,
                  const std::string& node) {
    return ValueText(c, v) + Say("（", " (") + user + "@" + node + Say("）", ")");
  };
  for (const auto& c : list)
    table.Row({"#" + std::to_string(c.id), ConflictStateText(c.status), c.label, FieldText(c),
               side(c, c.local_value, c.local_user, c.local_node),
               side(c, c.hub_value, c.hub_user, c.hub_node)});
  if (!list.empty()) table.Print();
  return Status::Ok();
}

Status ConflictsShow(const std::string& data, long long id, bool as_json) {
  TB_ASSIGN_OR_RETURN(auto hub, OpenExisting(data));
  TB_ASSIGN_OR_RETURN(auto c, hub->GetConflict(id));
  const json j = ConflictJson(c);
  if (as_json) {
    Print(j);
    return Status::Ok();
  }
  std::printf(Say("冲突 #%lld（%s）：%s，%s\n", "conflict #%lld (%s) on %s, field %s\n"), id,
              ConflictStateText(c.status).c_str(), c.label.c_str(), FieldText(c).c_str());
  // Both sides changed the value they had in common: the base, written at base_at.
  std::printf(Say("  原值    %s（%s）\n", "  base   %s (%s)\n"), ValueText(c, j["base_value"]).c_str(),
              LocalText(j["base_at"], Say("无更早版本", "no earlier version")).c_str());
  std::printf(Say("  站点    %s：%s 在 %s 修改，%s\n", "  local  %s: by %s at %s, %s\n"),
              ValueText(c, j["local"]["value"]).c_str(), c.local_user.c_str(),
              c.local_node.c_str(), LocalText(j["local"]["at"]).c_str());
  std::printf(Say("  中心    %s：%s 在 %s 修改，%s\n", "  hub    %s: by %s at %s, %s\n"),
              ValueText(c, j["hub"]["value"]).c_str(), c.hub_user.c_str(), c.hub_node.c_str(),
              LocalText(j["hub"]["at"]).c_str());
  if (!j.contains("resolution")) {
    std::printf(Say("  裁决前各节点暂时采用：%s\n", "  every node holds for now: %s\n"),
                ValueText(c, j["provisional"]).c_str());
  } else {
    const json& r = j["resolution"];
    std::printf(Say("  已裁决：%s（%s），处理人 %s，%s：%s\n",
                    "  resolved: %s (%s) by %s at %s: %s\n"),
                node::CodeText("take", r["take"].get<std::string>()).c_str(),
                ValueText(c, r["value"]).c_str(), r["by"].get<std::string>().c_str(),
                LocalText(r.value("at", json())).c_str(), r["note"].get<std::string>().c_str());
  }
  return Status::Ok();
}

Status ConflictsResolve(const std::string& data, long long id, const std::string& take,
                        const std::string& value, const std::string& note,
                        const std::string& admin, bool as_json) {
  Take t;
  if (take == "local") t = Take::kLocal;
  else if (take == "hub") t = Take::kHub;
  else if (take == "value") t = Take::kValue;
  else return InvalidArgument(kBadTake, {"--take"});
  if (t == Take::kValue && value.empty()) return InvalidArgument(kTakeValue, {"--take value", "--value"});
  json v = json::parse(value, nullptr, false);
  if (v.is_discarded()) v = value;  // plain text
  TB_ASSIGN_OR_RETURN(auto hub, OpenExisting(data));
  TB_ASSIGN_OR_RETURN(auto c, hub->ResolveConflict(id, t, v, note, admin));
  if (as_json) Print(ConflictJson(c));
  else
    std::printf(Say("冲突 #%lld 已裁决：%s；各节点下次同步时收到\n",
                    "conflict #%lld resolved: %s; every node will receive it at its next sync\n"),
                id, ValueText(c, c.resolved_value).c_str());
  return Status::Ok();
}

Status CatalogPublish(const std::string& data, const std::string& file, bool as_json) {
  std::string text;
  if (file == "sample") {
    text = std::string(node::SampleCatalogJson());
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in) return CannotRead(file);
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  TB_ASSIGN_OR_RETURN(auto hub, OpenExisting(data));
  TB_ASSIGN_OR_RETURN(CatalogPublished p, PublishCatalog(*hub, text));
  if (as_json) Print({{"added", p.added}, {"updated", p.updated}, {"unchanged", p.unchanged}});
  else
    std::printf(Say("事项目录已发布：新增 %d 项，更新 %d 项（新版本），%d 项未变\n",
                    "catalog published: %d added, %d updated (new version), %d unchanged\n"),
                p.added, p.updated, p.unchanged);
  return Status::Ok();
}

Status AdminToken(const std::string& data) {
  TB_ASSIGN_OR_RETURN(auto hub, OpenExisting(data));
  TB_ASSIGN_OR_RETURN(std::string token, hub->NewAdminToken());
  std::printf("%s\n", token.c_str());
  return Status::Ok();
}

Status HubStatus(const std::string& data, bool as_json) {
  TB_ASSIGN_OR_RETURN(auto hub, OpenExisting(data));
  TB_ASSIGN_OR_RETURN(auto stats, hub->Stats());
  TB_ASSIGN_OR_RETURN(auto nodes, hub->ListNodes());
  json j{{"log_seq", stats.log_seq}, {"records", stats.records},
         {"open_conflicts", stats.open_conflicts}, {"nodes", json::array()}};
  for (const auto& n : nodes) j["nodes"].push_back(NodeJson(n, stats.log_seq));
  if (as_json) {
    Print(j);
  } else {
    std::printf(Say("中心变更日志到第 %lld 条，记录 %lld 条，未解决的冲突 %lld 个，节点 %zu 个\n",
                    "hub log at %lld, %lld records, %lld open conflicts, %zu nodes\n"),
                static_cast<long long>(stats.log_seq), static_cast<long long>(stats.records),
                static_cast<long long>(stats.open_conflicts), nodes.size());
  }
  return Status::Ok();
}

Status BundleImport(const std::string& data, const std::string& file, const std::string& reply,
                    bool as_json) {
  TB_ASSIGN_OR_RETURN(auto hub, OpenExisting(data));
  node::CaseStatusOrder order;
  TB_ASSIGN_OR_RETURN(auto sum, ImportBundle(*hub, &order, file, reply));
  if (as_json) {
    Print({{"node", sum.node}, {"applied", sum.push.applied}, {"duplicates", sum.push.duplicates},
           {"conflicts", sum.push.conflicts}, {"rejected", sum.push.rejected.size()},
           {"reply", sum.reply_path}, {"reply_changes", sum.reply_changes},
           {"reply_complete", sum.reply_complete}, {"scans_stored", sum.scans_stored},
           {"scans_refused", sum.scans_refused}, {"reply_scans", sum.reply_scans},
           {"reply_scans_waiting", sum.reply_scans_waiting}, {"wipe", sum.wipe},
           {"held", sum.push.held ? nlohmann::json{{"seq", sum.push.held->seq},
                                                   {"code", sum.push.held->code},
                                                   {"args", sum.push.held->args}}
                                  : nlohmann::json()}});
  } else {
    std::printf(
        Say("%s 的数据包：已导入 %d 条变更，%d 条中心已有，冲突 %d 个，拒收 %zu 条；"
            "扫描件 %lld 个已存\n"
            "给 %s 的回复数据包（%lld 条变更、%lld 个扫描件）已写入 %s%s\n",
            "bundle from %s: %d changes applied, %d already here, %d conflicts, %zu refused; "
            "%lld scans held\n"
            "reply for %s with %lld changes and %lld scans written to %s%s\n"),
        sum.node.c_str(), sum.push.applied, sum.push.duplicates, sum.push.conflicts,
        sum.push.rejected.size(), static_cast<long long>(sum.scans_stored), sum.node.c_str(),
        static_cast<long long>(sum.reply_changes), static_cast<long long>(sum.reply_scans),
        sum.reply_path.c_str(),
        sum.reply_complete && !sum.reply_scans_waiting
            ? ""
            : Say("（还有未带走的：请再拷一个数据包）", " (more remains: bring another bundle)"));
    for (const auto& why : sum.scans_refused)
      std::printf(Say("  拒收：%s\n", "  refused: %s\n"), why.c_str());
    if (sum.wipe)
      std::printf(Say("%s 已被停用：回复数据包通知它清除本机数据\n",
                      "%s is revoked: its reply orders it to erase its data\n"),
                  sum.node.c_str());
  }
  // Holds and refusals as the station will read them from the reply, in the admin's language.
  const node::Language lang = node::LanguageFromEnvironment();
  for (const auto& r : sum.push.rejected)
    std::fprintf(stderr, "%s: %s\n", sum.node.c_str(), node::RenderRefused(r.seq, r.code, r.args, lang).c_str());
  if (sum.push.held)
    std::fprintf(stderr, "%s: %s\n", sum.node.c_str(),
                 node::RenderHeld(sum.push.held->seq, sum.push.held->code, sum.push.held->args, lang).c_str());
  return Status::Ok();
}

}  // namespace tongban::central::cli
