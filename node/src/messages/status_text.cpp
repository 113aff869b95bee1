#include "tongban/node/messages/status_text.h"

#include <span>
#include <unordered_map>

#include "catalog.h"
#include "tongban/node/domain/case_state_machine.h"
#include "tongban/node/domain/service_modes.h"
#include "tongban/node/messages/sync_messages.h"

namespace tongban::node {
namespace {

using catalog::Translation;

const std::unordered_map<std::string_view, std::string_view>& Chinese() {
  static const auto* table = [] {
    auto* t = new std::unordered_map<std::string_view, std::string_view>();
    for (auto part : {catalog::SyncPart(), catalog::DomainPart(), catalog::StorePart(),
                      catalog::ServicesPart(), catalog::HubPart(), catalog::CommandPart()})
      for (const Translation& e : part)
        if (!e.key.empty()) t->emplace(e.key, e.zh);
    return t;
  }();
  return *table;
}

struct Label {
  std::string_view name, zh;
};
// Case actions (case_state_machine.cpp) and who may take them, as a clerk says them.
constexpr Label kActions[] = {
    {"intake", "收件"},
    {"accept", "受理"},
    {"not_accept", "不予受理"},
    {"request_supplement", "补正告知"},
    {"supply", "补正材料"},
    {"start_special_procedure", "启动特别程序"},
    {"end_special_procedure", "结束特别程序"},
    {"approve", "准予办结"},
    {"approve_with_tolerance", "容缺办结"},
    {"deny", "不予许可"},
    {"request_withdrawal", "申请撤回"},
    {"withdraw", "撤回"},
    {"refuse_withdrawal", "驳回撤回申请"},
    {"issue_result", "出具结果"},
    {"deliver", "送达出件"},
    {"revoke", "撤销"},
    {"close", "归档"},
    {"complete_on_spot", "当场办结"},
    {"reroute", "转办"},
    {"materials", "材料更新"},
    {"appointment", "预约转办件"},
    {"shipment", "邮寄"},
    {"rating", "评价"},
    {"rectified", "差评整改完成"},
    {"rectification_overdue", "整改超期"},
    {"deadline_recomputed", "期限重算"},
    {"conflict_resolved", "冲突裁决"},
    {"scan", "材料扫描件"},
    {"update_phone", "修改电话"},
    {"print", "打印文书"},
};
// The same words as the desk's labels (ui/src/labels.cpp).
constexpr Label kRoles[] = {
    {"clerk", "窗口人员"},
    {"processor", "审批人员"},
    {"field", "外勤人员"},
    {"admin", "管理员"},
};
constexpr Label kMaterialStates[] = {
    {"received", "已收取"},  {"tolerated", "容缺后补"}, {"committed", "告知承诺"},
    {"supplied", "已补交"},  {"verified", "已核验"},    {"absent", "未提供"},
};
constexpr Label kNodeKinds[] = {
    {"station", "便民服务站"},
    {"township", "乡镇便民服务中心"},
    {"county-office", "县级部门"},
    {"field", "上门服务终端"},
};
constexpr Label kCommitmentKinds[] = {
    {"tolerance", "容缺补交承诺"},
    {"written", "告知承诺"},
    {"rectification", "差评整改"},
};
constexpr Label kCommitmentStates[] = {
    {"open", "待履行"},
    {"fulfilled", "已履行"},
    {"breached", "已逾期"},
};
constexpr Label kTimerStates[] = {
    {"normal", "正常"},
    {"warning", "临近期限"},
    {"overdue", "已超期"},
};
constexpr Label kTimeUnits[] = {
    {"workday", "工作日"},
    {"day", "自然日"},
    {"hour", "小时"},
};
constexpr Label kChannels[] = {
    {"window", "窗口"},
    {"online", "网上"},
    {"door", "上门"},
    {"post", "邮递"},
};
constexpr Label kActors[] = {
    {"station", "收件窗口"},
    {"back_office", "承办部门"},
    {"system", "系统"},
};
constexpr Label kDirections[] = {
    {"in", "寄来材料"},
    {"out", "寄出结果"},
};
// How a hub admin settles a conflict (tongban-central conflicts resolve --take).
constexpr Label kTakes[] = {
    {"local", "采用站点的值"},
    {"hub", "采用中心的值"},
    {"value", "采用另给的值"},
};
// Fields that can be in conflict, "table.column", as the desk's conflict inbox names
// them (ui/src/hub_admin.cpp).
constexpr Label kFields[] = {
    {"cases.applicant_phone", "申请人联系电话"},
    {"cases.applicant_name", "申请人姓名"},
    {"cases.status", "办件状态"},
    {"cases.result", "办理结果"},
    {"cases.green_reason", "绿色通道原因"},
    {"cases.processing_office", "办理机构"},
    {"cases.due_at", "办结期限"},
    {"cases.delivery", "送达方式"},
    {"cases.note", "备注"},
    {"appointments.state", "预约状态"},
    {"visits.state", "上门状态"},
    {"shipments.state", "邮件状态"},
    {"staff.role", "人员岗位"},
};
// The printable documents (node/src/documents), as their titles say.
constexpr Label kDocumentKinds[] = {
    {"notice", "一次性告知书"},
    {"receipt", "受理回执"},
    {"non-acceptance", "不予受理通知书"},
};
constexpr Label kConflictStates[] = {
    {"open", "未解决"},
    {"resolved", "已解决"},
};

// What the operating system said (strerror, std::error_code::message()), in Chinese.
constexpr Label kOsErrors[] = {
    {"No such file or directory", "文件不存在"},
    {"Permission denied", "没有访问权限"},
    {"Is a directory", "这是文件夹，不是文件"},
    {"Not a directory", "路径中有一段不是文件夹"},
    {"File exists", "文件已存在"},
    {"No space left on device", "磁盘空间已满"},
    {"Read-only file system", "磁盘只读，不能写入"},
    {"File too large", "文件太大"},
    {"Too many open files", "打开的文件太多"},
    {"Input/output error", "磁盘读写出错"},
    {"Operation not permitted", "操作系统不允许"},
    {"File name too long", "文件名太长"},
    {"Directory not empty", "文件夹不是空的"},
    // SQLite's words for the same (sqlite3_errmsg)
    {"disk I/O error", "磁盘读写出错"},
    {"unable to open database file", "无法打开数据库文件"},
    {"attempt to write a readonly database", "数据库文件是只读的"},
};

std::vector<NamedCode> FromTable(std::span<const Label> labels) {
  std::vector<NamedCode> out;
  for (const Label& l : labels) out.push_back({std::string(l.name), std::string(l.zh)});
  return out;
}

// Codes whose names the domain keeps with its enum: every value, in enum order.
template <typename E, typename NameFn, typename LabelFn>
std::vector<NamedCode> FromEnum(int count, NameFn name, LabelFn label) {
  std::vector<NamedCode> out;
  for (int i = 0; i < count; ++i)
    out.push_back({std::string(name(static_cast<E>(i))), std::string(label(static_cast<E>(i)))});
  return out;
}

std::string NameOne(std::string_view kind, std::string_view arg) {
  if (kind == "table") return RenderTable(arg, Language::kChinese);
  if (kind == "delivery") kind = "channel";
  for (const NamedCode& c : CodesOfKind(kind))
    if (c.code == arg) return c.zh;
  if (kind == "os_error") return "操作系统拒绝了读写";  // the OS's English: said by what it is
  if (kind == "field") {
    // "case_materials.M05" → 材料 M05; "*" is the whole row (deleted on one side).
    const std::size_t dot = arg.find('.');
    const std::string_view table = arg.substr(0, dot), column = arg.substr(dot + 1);
    if (column == "*") return RenderTable(table, Language::kChinese) + "（整条记录）";
    if (table == "case_materials") return "材料 " + std::string(column);
    return RenderTable(table, Language::kChinese) + "." + std::string(column);
  }
  if (kind == "hub_call") {
    // Which call to the hub, as a path ("/v1/push") or a word ("enrollment"): said as when
    // it happened.
    if (arg.substr(0, 4) == "/v1/") arg.remove_prefix(4);
    struct Call {
      std::string_view prefix, zh;
    };
    for (const Call& c : {Call{"hello", "开始同步时"}, Call{"push", "上传时"}, Call{"pull", "下载时"},
                          Call{"enroll", "注册时"}, Call{"digest", "核对时"},
                          Call{"scans", "传送扫描件时"}, Call{"admin", "管理操作时"}})
      if (arg.substr(0, c.prefix.size()) == c.prefix) return std::string(c.zh);
    return "与中心通信时";
  }
  if (kind == "sqlite_context") {
    // Where the database failed (sqlite.cpp): "database", "prepare", "open PATH".
    if (arg == "database") return "数据库";
    if (arg == "prepare") return "准备查询";
    if (arg.rfind("open ", 0) == 0) return "打开 " + std::string(arg.substr(5));
    if (arg.rfind("seal ", 0) == 0) return "加密 " + std::string(arg.substr(5));
  }
  return std::string(arg);
}

// An argument named in Chinese by its kind; unknown kinds stay as they are. A plural
// kind ("statuses") names each item of a comma-separated list: "received, accepted"
// → 已收件、已受理.
std::string Named(std::string_view kind, const std::string& arg) {
  struct Plural {
    std::string_view many, one;
  };
  std::string_view one_kind;
  for (const Plural& p : {Plural{"statuses", "status"}, Plural{"actions", "action"},
                          Plural{"actors", "actor"}, Plural{"tables", "table"},
                          Plural{"roles", "role"}, Plural{"material_states", "material_state"},
                          Plural{"channels", "channel"},
                          Plural{"document_kinds", "document_kind"},
                          Plural{"indicators", "indicator"}})
    if (kind == p.many) one_kind = p.one;
  if (one_kind.empty()) return NameOne(kind, arg);
  std::string out;
  std::size_t from = 0;
  while (from <= arg.size()) {
    std::size_t comma = arg.find(',', from);
    if (comma == std::string::npos) comma = arg.size();
    std::string_view one(arg.data() + from, comma - from);
    while (!one.empty() && one.front() == ' ') one.remove_prefix(1);
    if (!one.empty()) out += (out.empty() ? "" : "、") + NameOne(one_kind, one);
    from = comma + 1;
  }
  return out;
}


}  // namespace

std::string NameInChinese(std::string_view kind, std::string_view value) {
  return NameOne(kind, value);
}

std::vector<NamedCode> CodesOfKind(std::string_view kind) {
  if (kind == "status")
    return FromEnum<CaseStatus>(kCaseStatusCount, CaseStatusName, CaseStatusLabel);
  if (kind == "shipment_state")
    return FromEnum<ShipmentState>(kShipmentStateCount, ShipmentStateName, ShipmentStateLabel);
  if (kind == "visit_state") return FromEnum<VisitState>(kVisitStateCount, VisitStateName, VisitStateLabel);
  if (kind == "appointment_state")
    return FromEnum<AppointmentState>(kAppointmentStateCount, AppointmentStateName, AppointmentStateLabel);
  if (kind == "escalation_kind")
    return FromEnum<EscalationKind>(kEscalationKindCount, EscalationKindName, EscalationKindLabel);
  if (kind == "indicator") {
    std::vector<NamedCode> out;
    for (const RatingIndicator& i : RatingIndicators())
      out.push_back({std::string(i.code), std::string(i.label)});
    return out;
  }
  struct Table {
    std::string_view kind;
    std::span<const Label> labels;
  };
  for (const Table& t : {Table{"action", kActions}, Table{"actor", kActors},
                         Table{"role", kRoles}, Table{"material_state", kMaterialStates},
                         Table{"channel", kChannels}, Table{"node_kind", kNodeKinds},
                         Table{"commitment_kind", kCommitmentKinds},
                         Table{"commitment_state", kCommitmentStates},
                         Table{"timer_state", kTimerStates}, Table{"time_unit", kTimeUnits},
                         Table{"direction", kDirections}, Table{"take", kTakes},
                         Table{"conflict_state", kConflictStates}, Table{"field", kFields},
                         Table{"document_kind", kDocumentKinds},
                         Table{"os_error", kOsErrors}})
    if (t.kind == kind) return FromTable(t.labels);
  return {};
}

std::string CodeForWord(std::string_view kind, std::string_view word) {
  for (const NamedCode& c : CodesOfKind(kind))
    if (c.code == word || c.zh == word) return c.code;
  return {};
}

std::string RenderMessage(const Message& m, Language lang) {
  if (lang == Language::kEnglish) return m.text;
  if (m.key.empty()) return {};
  auto it = Chinese().find(m.key);
  return it == Chinese().end() ? std::string() : FillTemplate(it->second, m.args, Named);
}

std::string RenderErrorCode(ErrorCode code, Language lang) {
  const bool zh = lang == Language::kChinese;
  switch (code) {
    case ErrorCode::kOk: return zh ? "成功" : "done";
    case ErrorCode::kInvalidArgument: return zh ? "输入有误" : "the input is not valid";
    case ErrorCode::kNotFound: return zh ? "找不到要操作的记录" : "not found";
    case ErrorCode::kAlreadyExists: return zh ? "该记录已存在" : "it exists already";
    case ErrorCode::kPermissionDenied: return zh ? "没有权限执行此操作" : "not permitted";
    case ErrorCode::kFailedPrecondition:
      return zh ? "当前状态下不能执行此操作" : "not possible in the current state";
    case ErrorCode::kCorruption:
      return zh ? "数据已损坏，请联系县信息中心" : "the data is damaged; call county IT";
    case ErrorCode::kBusy: return zh ? "另一个操作正在进行，请稍后再试" : "busy; try again shortly";
    case ErrorCode::kDiskFull:
      return zh ? "磁盘空间已满，请清理后重试，已录入的内容没有丢失"
                : "the disk is full; free space and try again (nothing was lost)";
    case ErrorCode::kIoError: return zh ? "读写文件失败" : "a file could not be read or written";
    case ErrorCode::kUnavailable:
      return zh ? "暂时连接不上中心，请检查网络后再同步" : "the hub cannot be reached right now";
    case ErrorCode::kCancelled: return zh ? "操作已取消" : "cancelled";
    case ErrorCode::kInternal:
      return zh ? "程序内部错误，请联系县信息中心" : "internal error; call county IT";
  }
  return zh ? "操作未完成" : "failed";
}

std::string RenderStatus(const Status& status, Language lang) {
  if (status.ok()) return {};
  if (lang == Language::kEnglish) return status.message();
  std::string out;
  for (const Message& c : status.context()) {
    std::string part = RenderMessage(c, lang);
    if (!part.empty()) out += part + "：";
  }
  std::string what = RenderMessage(Message{status.key(), status.args(), {}}, lang);
  return out + (what.empty() ? RenderErrorCode(status.code(), lang) : what);
}

std::vector<std::pair<std::string_view, std::string_view>> ChineseCatalog() {
  return {Chinese().begin(), Chinese().end()};
}

}  // namespace tongban::node
