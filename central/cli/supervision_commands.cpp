// `tongban-central calendar publish | escalations | stats`: supervision and
// publishing from the command line (the admin API offers the same).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tongban/node/messages/text_width.h"
#include "commands.h"
#include "tongban/central/supervision.h"
#include "tongban/node/domain/case_state_machine.h"
#include "tongban/node/domain/work_calendar.h"
#include "tongban/node/messages/command_text.h"

namespace tongban::central::cli {
namespace {

using nlohmann::json;
using node::Say;
using tongban::cli::Pad;
using tongban::cli::TextTable;

// Codes of the figures printed for people: Chinese labels in Chinese, codes in English.
std::string ChannelText(const std::string& channel) { return node::CodeText("channel", channel); }
std::string StatusText(const std::string& status) { return node::CodeText("status", status); }

Millis Now() { return sync::SystemWallClock::Instance().NowMillis(); }

constexpr MessageDef kToBeforeFrom{"central_cli.to_before_from", "{0} is before {1}"};

Result<std::string> ReadText(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return CannotRead(file);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

Status CalendarPublish(const std::string& data, const std::string& file, const std::string& name,
                       const std::string& applies_to) {
  TB_ASSIGN_OR_RETURN(std::string text, ReadText(file));
  TB_ASSIGN_OR_RETURN(auto hub, OpenExisting(data));
  TB_RETURN_IF_ERROR(PublishCalendar(*hub, name, applies_to, text, Now()));
  std::printf(
      Say("工作日历 '%s' 已发布到%s；各节点下次同步时重算未办结办件的期限\n",
          "calendar '%s' published to %s; open deadlines are recomputed on each node at its "
          "next sync\n"),
      name.c_str(), applies_to.empty() ? Say("全部节点", "every node") : applies_to.c_str());
  return Status::Ok();
}

Status EscalationsList(const std::string& data, bool all, bool as_json) {
  TB_ASSIGN_OR_RETURN(auto hub, OpenExisting(data));
  TB_ASSIGN_OR_RETURN(auto list, ListEscalations(*hub, !all));
  if (as_json) {
    json out = json::array();
    for (const auto& e : list) out.push_back(EscalationJson(e));
    std::printf("%s\n", out.dump(2).c_str());
    return Status::Ok();
  }
  if (list.empty())
    std::printf("%s", all ? Say("没有超时问责\n", "no escalations\n")
                          : Say("没有未关闭的超时问责\n", "no open escalations\n"));
  for (const auto& e : list)
    std::printf(Say("%-22s %s  期限 %s  部门 %s 站点 %s %s%s\n",
                    "%-22s %s  due %s  office %s station %s %s%s\n"),
                e.case_no.c_str(), EscalationJson(e)["label"].get<std::string>().c_str(),
                node::FormatDue(e.due, e.due_unit).c_str(), Pad(e.office, 8).c_str(),
                Pad(e.station, 8).c_str(), e.item_name.c_str(),
                e.open ? "" : Say("  （已关闭）", "  (closed)"));
  return Status::Ok();
}

Status CountyStats(const std::string& data, const std::string& from, const std::string& to,
                   bool as_json) {
  const node::Date today = node::LocalDate(Now());
  const auto ymd = std::chrono::year_month_day{today};
  node::Date first = node::Date{ymd.year() / ymd.month() / 1}, last = today;
  if (!from.empty()) { TB_ASSIGN_OR_RETURN(first, node::ParseDate(from)); }
  if (!to.empty()) { TB_ASSIGN_OR_RETURN(last, node::ParseDate(to)); }
  if (last < first) return InvalidArgument(kToBeforeFrom, {"--to", "--from"});
  TB_ASSIGN_OR_RETURN(auto hub, OpenExisting(data));
  TB_ASSIGN_OR_RETURN(auto f, ServiceFigures(*hub, node::StartOfLocalDay(first),
                                             node::StartOfLocalDay(last + std::chrono::days{1}), Now()));
  if (as_json) {
    std::printf("%s\n", FiguresJson(f).dump(2).c_str());
    return Status::Ok();
  }
  std::printf(Say("全县 %s 至 %s：收件 %lld，受理 %lld，办结 %lld，超期 %lld，绿色通道 %lld，"
                  "未关闭的超时问责 %lld\n",
                  "county %s to %s: received %lld, accepted %lld, closed %lld, overdue %lld, green "
                  "channel %lld, open escalations %lld\n"),
              node::FormatDate(first).c_str(), node::FormatDate(last).c_str(),
              static_cast<long long>(f.received), static_cast<long long>(f.accepted),
              static_cast<long long>(f.closed), static_cast<long long>(f.overdue),
              static_cast<long long>(f.green), static_cast<long long>(f.escalations_open));
  // One table: stations and offices by name (the hub knows every node's), channels and
  // statuses by their words.
  TB_ASSIGN_OR_RETURN(auto nodes, hub->ListNodes());
  auto node_name = [&](const std::string& code) {
    for (const auto& n : nodes)
      if (n.code == code) return n.name + Say("（", " (") + code + Say("）", ")");
    return code;
  };
  TextTable table({Say("分组", "by"), Say("名称", "name"), Say("件数", "cases")});
  for (const auto& [k, v] : f.by_station) table.Row({Say("站点", "station"), node_name(k), std::to_string(v)});
  for (const auto& [k, v] : f.by_office) table.Row({Say("部门", "office"), node_name(k), std::to_string(v)});
  for (const auto& [k, v] : f.by_channel) table.Row({Say("渠道", "channel"), ChannelText(k), std::to_string(v)});
  for (const auto& [k, v] : f.by_status) table.Row({Say("状态", "status"), StatusText(k), std::to_string(v)});
  table.Print();
  std::int64_t rated = 0;
  for (const auto& [score, n] : f.ratings) rated += n;
  if (rated == 0) {
    std::printf(Say("评价：暂无\n", "ratings: none yet\n"));
  } else {
    std::printf(Say("评价：", "ratings:"));
    for (const auto& [score, n] : f.ratings) std::printf(" %d★ %lld", score, static_cast<long long>(n));
    std::printf(Say("（平均 %.2f）\n", " (average %.2f)\n"), f.rating_average);
  }
  return Status::Ok();
}

}  // namespace tongban::central::cli
