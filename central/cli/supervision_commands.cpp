// `tongban-central calendar publish | escalations | stats`: supervision and
// publishing from the command line (the admin API offers the same).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "commands.h"
#include "tongban/central/supervision.h"
#include "tongban/node/domain/work_calendar.h"

namespace tongban::central::cli {
namespace {

using nlohmann::json;

Millis Now() { return sync::SystemWallClock::Instance().NowMillis(); }

Result<std::string> ReadText(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return NotFound("cannot read " + file);
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
  std::printf("calendar '%s' published to %s; open deadlines are recomputed on each node at its "
              "next sync\n",
              name.c_str(), applies_to.empty() ? "every node" : applies_to.c_str());
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
  if (list.empty()) std::printf("no %sescalations\n", all ? "" : "open ");
  for (const auto& e : list)
    std::printf("%-22s %s  due %s  office %-8s station %-8s %s%s\n", e.case_no.c_str(),
                EscalationJson(e)["label"].get<std::string>().c_str(),
                node::FormatDue(e.due, e.due_unit).c_str(), e.office.c_str(),
                e.station.c_str(), e.item_name.c_str(), e.open ? "" : "  (closed)");
  return Status::Ok();
}

Status CountyStats(const std::string& data, const std::string& from, const std::string& to,
                   bool as_json) {
  const node::Date today = node::LocalDate(Now());
  const auto ymd = std::chrono::year_month_day{today};
  node::Date first = node::Date{ymd.year() / ymd.month() / 1}, last = today;
  if (!from.empty()) { TB_ASSIGN_OR_RETURN(first, node::ParseDate(from)); }
  if (!to.empty()) { TB_ASSIGN_OR_RETURN(last, node::ParseDate(to)); }
  if (last < first) return InvalidArgument("--to is before --from");
  TB_ASSIGN_OR_RETURN(auto hub, OpenExisting(data));
  TB_ASSIGN_OR_RETURN(auto f, ServiceFigures(*hub, node::StartOfLocalDay(first),
                                             node::StartOfLocalDay(last + std::chrono::days{1}), Now()));
  if (as_json) {
    std::printf("%s\n", FiguresJson(f).dump(2).c_str());
    return Status::Ok();
  }
  std::printf("county %s to %s: received %lld, accepted %lld, closed %lld, overdue %lld, green "
              "channel %lld, open escalations %lld\n",
              node::FormatDate(first).c_str(), node::FormatDate(last).c_str(),
              static_cast<long long>(f.received), static_cast<long long>(f.accepted),
              static_cast<long long>(f.closed), static_cast<long long>(f.overdue),
              static_cast<long long>(f.green), static_cast<long long>(f.escalations_open));
  for (const auto& [k, v] : f.by_station) std::printf("  station %-10s %lld\n", k.c_str(), static_cast<long long>(v));
  for (const auto& [k, v] : f.by_office) std::printf("  office  %-10s %lld\n", k.c_str(), static_cast<long long>(v));
  for (const auto& [k, v] : f.by_channel) std::printf("  channel %-10s %lld\n", k.c_str(), static_cast<long long>(v));
  for (const auto& [k, v] : f.by_status) std::printf("  status  %-22s %lld\n", k.c_str(), static_cast<long long>(v));
  std::printf("  ratings:");
  for (const auto& [s, n] : f.ratings) std::printf(" %d:%lld", s, static_cast<long long>(n));
  std::printf(" (average %.2f)\n", f.rating_average);
  return Status::Ok();
}

}  // namespace tongban::central::cli
