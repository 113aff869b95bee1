#include "tongban/node/messages/event_text.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <vector>

#include "tongban/node/domain/event_detail.h"
#include "tongban/node/domain/work_calendar.h"
#include "tongban/node/messages/status_text.h"

namespace tongban::node {
namespace {

using nlohmann::json;

std::string Text(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  return it->is_string() ? it->get<std::string>() : it->dump();
}

// A kind of value named in the reader's language through the message catalog's kinds.
std::string Named(std::string_view kind, const std::string& value, Language lang) {
  return lang == Language::kEnglish ? value : NameInChinese(kind, value);
}

std::string Join(const std::vector<std::string>& parts, bool zh) {
  std::string out;
  for (const auto& p : parts)
    if (!p.empty()) out += (out.empty() ? "" : (zh ? "；" : "; ")) + p;
  return out;
}

}  // namespace

std::string RenderEventDetail(std::string_view action, std::string_view detail, Language lang) {
  if (detail.empty() || detail.front() != '{') return std::string(detail);
  const json j = json::parse(detail, nullptr, false);
  if (!j.is_object()) return std::string(detail);
  const bool zh = lang == Language::kChinese;
  if (action == "intake") {
    const std::string green = Text(j, "green"), proxy = Text(j, "proxy");
    const std::string legacy = Text(j, "legacy_no");
    return Join({green.empty() ? "" : (zh ? "绿色通道：" : "green channel: ") + green,
                 proxy.empty() ? "" : (zh ? "代办人：" : "proxy: ") + proxy,
                 legacy.empty() ? "" : (zh ? "原系统编号：" : "legacy number: ") + legacy},
                zh);
  }
  if (action == "materials" && j.contains("materials") && j["materials"].is_object()) {
    std::string out;
    for (const auto& [code, state] : j["materials"].items()) {
      const std::string s = state.is_string() ? state.get<std::string>() : state.dump();
      out += (out.empty() ? "" : (zh ? "，" : ", ")) + code + " " + Named("material_state", s, lang);
    }
    return out;
  }
  if (action == "reroute")
    return (zh ? "转至 " : "to ") + Text(j, "to") + (zh ? "：" : ": ") + Text(j, "reason");
  if (action == "update_phone") return (zh ? "新电话 " : "new phone ") + Text(j, "phone");
  if (action == "print")
    return Named("document_kind", Text(j, "document"), lang) + (zh ? "，打印机 " : " on printer ") +
           Text(j, "printer");
  if (action == "scan") {
    const std::string file = Text(j, "file");
    const auto bytes = static_cast<std::uint64_t>(std::max<std::int64_t>(j.value("bytes", 0), 0));
    return Text(j, "material") + " " + (file.empty() ? (zh ? "扫描件" : "scan") : file) +
           (zh ? "（" : " (") + HumanSize(bytes) + (zh ? "，" : ", ") + Text(j, "sha") +
           (zh ? "）" : ")");
  }
  if (action == "rating") {
    const std::string due = Text(j, "rectify_due");
    return Join({Text(j, "score") + (zh ? " 分" : "/5"),
                 due.empty() ? "" : (zh ? "整改期限 " : "rectification due ") + due},
                zh);
  }
  if (action == "deadline_recomputed") {
    const std::string from = Text(j, "from");
    const std::string provisional = j.value("provisional", false) ? (zh ? "（暂定）" : " (provisional)") : "";
    return Join({Text(j, "reason"), from.empty() ? "" : (zh ? "期限 " : "due ") + from + " → " +
                                                        Text(j, "to") + provisional},
                zh);
  }
  if (action == "appointment" && j.contains("at") && j["at"].is_number_integer())
    return (zh ? "预约时段 " : "booked for ") + FormatLocalDateTime(j["at"].get<Millis>());
  if (action == "shipment") {
    if (j.contains("state"))
      return (zh ? "运单 " : "waybill ") + Text(j, "waybill") + (zh ? "：" : ": ") +
             Named("shipment_state", Text(j, "state"), lang);
    const bool in = Text(j, "direction") == "in";
    return (zh ? (in ? "材料寄入：" : "结果寄出：") : (in ? "materials in by " : "result out by ")) +
           Text(j, "carrier") + " " + Text(j, "waybill");
  }
  // A kind this version does not know (a newer station's): its values, without names.
  std::string out;
  for (const auto& [key, value] : j.items())
    out += (out.empty() ? "" : " ") + (value.is_string() ? value.get<std::string>() : value.dump());
  return out;
}

}  // namespace tongban::node
