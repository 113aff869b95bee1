#include "tongban/node/messages/sync_messages.h"

#include <charconv>
#include <cstdlib>
#include <initializer_list>

namespace tongban::node {
namespace {

std::string Arg(const std::vector<std::string>& args, std::size_t i) {
  return i < args.size() ? args[i] : std::string("?");
}

std::int64_t ArgNumber(const std::vector<std::string>& args, std::size_t i) {
  std::int64_t v = 0;
  if (i < args.size()) std::from_chars(args[i].data(), args[i].data() + args[i].size(), v);
  return v;
}

// "47 小时 59 分钟" / "47 h 59 min": whole minutes.
std::string Duration(std::int64_t ms, Language lang) {
  const std::int64_t minutes = std::llabs(ms) / 60'000;
  const bool zh = lang == Language::kChinese;
  std::string text;
  if (minutes >= 1440 * 2) {
    const std::int64_t days = minutes / 1440;
    text = std::to_string(days) + (zh ? " 天 " : " days ");
    return text + std::to_string(minutes % 1440 / 60) + (zh ? " 小时" : " h");
  }
  if (minutes >= 60) text = std::to_string(minutes / 60) + (zh ? " 小时 " : " h ");
  return text + std::to_string(minutes % 60) + (zh ? " 分钟" : " min");
}

struct TableName {
  std::string_view table, zh, en;
};
constexpr TableName kTables[] = {
    {"cases", "办件", "case"},
    {"case_materials", "办件材料", "case materials"},
    {"case_events", "办件记录", "case timeline entry"},
    {"commitments", "承诺时限", "commitment"},
    {"catalog_items", "事项目录", "catalog item"},
    {"staff", "工作人员", "staff account"},
    {"appointments", "预约", "appointment"},
    {"visits", "上门服务", "door visit"},
    {"shipments", "邮寄", "shipment"},
    {"shipment_events", "邮寄记录", "shipment event"},
    {"ratings", "评价", "rating"},
    {"escalations", "督办", "escalation"},
    {"calendars", "工作日历", "calendar"},
    {"case_scans", "材料扫描件", "scan"},
};

}  // namespace

Language LanguageFromLocale(const char* lc_all, const char* lc_messages, const char* lang) {
  for (const char* v : {lc_all, lc_messages, lang})
    if (v && *v) return std::string_view(v).rfind("en", 0) == 0 ? Language::kEnglish : Language::kChinese;
  return Language::kChinese;
}

Language LanguageFromEnvironment() {
  return LanguageFromLocale(std::getenv("LC_ALL"), std::getenv("LC_MESSAGES"), std::getenv("LANG"));
}

std::string RenderTable(std::string_view table, Language lang) {
  for (const auto& t : kTables)
    if (t.table == table) return std::string(lang == Language::kChinese ? t.zh : t.en);
  return std::string(table);
}

std::string RenderHubNote(std::string_view code, const std::vector<std::string>& args,
                          Language lang) {
  const bool zh = lang == Language::kChinese;
  const std::string table = RenderTable(Arg(args, 0), lang);
  if (code == "clock_ahead") {
    const std::int64_t ahead = ArgNumber(args, 0) - ArgNumber(args, 1);
    return zh ? "变更时间比中心快 " + Duration(ahead, lang) + "，本站时钟有误"
              : "its time is " + Duration(ahead, lang) + " ahead of the hub's: this "
                "station's clock is wrong";
  }
  if (code == "parent_missing")
    return zh ? "所属办件尚未到达中心（" + table + "）"
              : "the case it belongs to has not reached the hub yet (" + table + ")";
  if (code == "parent_refused")
    return zh ? "所属办件已被中心拒收（" + table + "）"
              : "the hub refused the case it belongs to (" + table + ")";
  if (code == "out_of_scope")
    return zh ? "不在本站的办理范围内（" + table + "）"
              : "it is outside this station's scope (" + table + ")";
  if (code == "invalid_field")
    return zh ? "字段值无效（" + table + "." + Arg(args, 1) + "）"
              : "a field value is invalid (" + table + "." + Arg(args, 1) + ")";
  if (code == "unknown_table")
    return zh ? "中心不认识这类记录（" + Arg(args, 0) + "），请升级中心"
              : "the hub does not know this kind of record (" + Arg(args, 0) +
                    "); upgrade the hub";
  if (code == "foreign_author")
    return zh ? "变更署名为其他站点（" + Arg(args, 0) + "）"
              : "the change names another station as its author (" + Arg(args, 0) + ")";
  if (code == "hub_owned")
    return zh ? table + "由中心发布，站点不能修改" : table + " is published by the hub; "
                                                        "stations may not change it";
  return zh ? "中心给出的原因：" + std::string(code) : "the hub's reason: " + std::string(code);
}

std::string RenderHeld(std::int64_t seq, std::string_view code,
                       const std::vector<std::string>& args, Language lang) {
  const std::string why = RenderHubNote(code, args, lang);
  if (lang == Language::kChinese)
    return "第 " + std::to_string(seq) + " 项变更被中心暂缓：" + why +
           "。它和其后的变更都留在本站，原因消除后自动发送，不会丢失。";
  return "change " + std::to_string(seq) + " is held at the hub: " + why +
         ". It and the changes after it stay on this station and go once the cause is gone; "
         "nothing is lost.";
}

std::string RenderRefused(std::int64_t seq, std::string_view code,
                          const std::vector<std::string>& args, Language lang) {
  const std::string why = RenderHubNote(code, args, lang);
  if (lang == Language::kChinese)
    return "第 " + std::to_string(seq) + " 项变更被中心拒收：" + why + "。不会再发送，请联系中心管理员。";
  return "change " + std::to_string(seq) + " was refused by the hub: " + why +
         ". It is not sent again; ask a central admin.";
}

std::string RenderClockOffset(std::int64_t offset_ms, Language lang) {
  const std::string by = Duration(offset_ms, lang);
  if (lang == Language::kChinese)
    return std::string("本站电脑时钟比中心") + (offset_ms < 0 ? "慢 " : "快 ") + by +
           "，请在系统设置中校准日期和时间。在此之前，办件编号、时限和记录时间按中心时间校正。";
  return "this station's clock is " + by + (offset_ms < 0 ? " behind" : " ahead of") +
         " the hub's; set the right date and time in the system settings. Until then case "
         "numbers, deadlines and timeline times use the hub's time.";
}

std::string RenderUpdateDue(int hub_schema, int ours, Language lang) {
  const std::string hub = std::to_string(hub_schema), here = std::to_string(ours);
  if (lang == Language::kChinese)
    return "中心已升级（数据版本 " + hub + "），本站软件仍是版本 " + here +
           "：同步照常进行，请尽快联系县里安装本站的软件更新，中心以后可能不再支持旧版本。";
  return "the hub has been upgraded (replication schema " + hub + "), this station speaks " + here +
         ": sync goes on, but ask county IT to install this station's software update soon; "
         "the hub may stop serving the old version later.";
}

std::string RenderRoundSummary(const RoundFigures& f, Language lang) {
  const auto n = [](auto v) { return std::to_string(v); };
  if (lang == Language::kChinese) {
    std::string s = "同步完成：上传 " + n(f.pushed) + " 条";
    if (f.duplicates > 0) s += "（其中 " + n(f.duplicates) + " 条中心已有）";
    s += "，下载 " + n(f.pulled) + " 条";
    if (f.conflicts > 0) s += "，新冲突 " + n(f.conflicts) + " 个";
    if (f.refused > 0) s += "，被中心拒收 " + n(f.refused) + " 条";
    s += "，待处理冲突 " + n(f.open_conflicts) + " 个";
    if (f.scans_sent + f.scans_fetched + f.scans_waiting + f.scans_refused > 0) {
      s += "；扫描件上传 " + n(f.scans_sent) + " 份，下载 " + n(f.scans_fetched) + " 份";
      if (f.scans_waiting > 0) s += "，" + n(f.scans_waiting) + " 份尚未到达中心";
      if (f.scans_refused > 0) s += "，" + n(f.scans_refused) + " 份被拒收";
    }
    if (f.escalated > 0) s += "；超时督办 " + n(f.escalated) + " 件";
    return s;
  }
  const auto plural = [&](auto v, const char* one, const char* many) {
    return n(v) + " " + (v == 1 ? one : many);
  };
  std::string s = "sync done: pushed " + n(f.pushed);
  if (f.duplicates > 0) s += " (" + n(f.duplicates) + " already at the hub)";
  s += ", pulled " + n(f.pulled);
  if (f.conflicts > 0) s += ", " + plural(f.conflicts, "new conflict", "new conflicts");
  if (f.refused > 0) s += ", " + n(f.refused) + " refused by the hub";
  s += ", " + plural(f.open_conflicts, "open conflict", "open conflicts");
  if (f.scans_sent + f.scans_fetched + f.scans_waiting + f.scans_refused > 0) {
    s += "; scans: " + n(f.scans_sent) + " sent, " + n(f.scans_fetched) + " fetched";
    if (f.scans_waiting > 0) s += ", " + n(f.scans_waiting) + " not at the hub yet";
    if (f.scans_refused > 0) s += ", " + n(f.scans_refused) + " refused";
  }
  if (f.escalated > 0) s += "; " + plural(f.escalated, "overdue case escalated", "overdue cases escalated");
  return s;
}

std::string RenderRestamped(std::int64_t count, Language lang) {
  if (lang == Language::kChinese)
    return std::to_string(count) + " 项未发送的变更按校正后的时间重新标记，已发送";
  return std::to_string(count) + " unsent changes took timestamps from corrected time and were sent";
}

}  // namespace tongban::node
