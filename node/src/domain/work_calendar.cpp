#include "tongban/node/domain/work_calendar.h"

#include <nlohmann/json.hpp>

#include <cstdio>

#include "embedded_data.h"

namespace tongban::node {
namespace {

using std::chrono::days;
using std::chrono::weekday;
using std::chrono::year_month_day;

bool ParseInt(std::string_view s, int& out) {
  if (s.empty()) return false;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

bool IsPlainWeekday(Date d) {
  const weekday wd{d};
  return wd != std::chrono::Saturday && wd != std::chrono::Sunday;
}

int YearOf(Date d) { return static_cast<int>(year_month_day{d}.year()); }

constexpr MessageDef kDateForm{"calendar.date_form", "date '{0}' is not in the form YYYY-MM-DD"};
constexpr MessageDef kNoSuchDate{"calendar.no_such_date", "date '{0}' does not exist"};
constexpr MessageDef kTimeForm{"calendar.time_form",
                               "time '{0}' is not in the form YYYY-MM-DD or YYYY-MM-DD HH:MM"};
constexpr MessageDef kBadUnit{"calendar.bad_unit", "time unit '{0}' must be workday, day or hour"};
constexpr MessageDef kFileNotJson{"calendar.file_not_json", "calendar file is not valid JSON"};
constexpr MessageDef kFileFormat{"calendar.file_format", "calendar file format must be {0}"};
constexpr MessageDef kFileField{"calendar.file_field",
                                "calendar file has a missing or wrongly typed field: {0}"};
constexpr MessageDef kCtxCalendar{"calendar.ctx_calendar", "calendar"};
constexpr MessageDef kCtxOverride{"calendar.ctx_override", "calendar override"};

}  // namespace

Date LocalDate(Millis t) {
  const Millis local = t + kChinaUtcOffsetMs;
  const Millis day = local >= 0 ? local / kMsPerDay : -((-local + kMsPerDay - 1) / kMsPerDay);
  return Date{days{day}};
}

Millis StartOfLocalDay(Date d) {
  return static_cast<Millis>(d.time_since_epoch().count()) * kMsPerDay - kChinaUtcOffsetMs;
}

Result<Date> ParseDate(std::string_view s) {
  int y, m, d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !ParseInt(s.substr(0, 4), y) ||
      !ParseInt(s.substr(5, 2), m) || !ParseInt(s.substr(8, 2), d))
    return InvalidArgument(kDateForm, {std::string(s)});
  const year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                           std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return InvalidArgument(kNoSuchDate, {std::string(s)});
  return Date{ymd};
}

std::string FormatDate(Date d) {
  const year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

Result<Millis> ParseLocalDateTime(std::string_view text) {
  auto date = ParseDate(text.substr(0, 10));
  if (!date.ok()) return date.status();
  Millis t = StartOfLocalDay(*date);
  if (text.size() == 10) return t;
  int h, mi;
  if (text.size() != 16 || (text[10] != ' ' && text[10] != 'T') || text[13] != ':' ||
      !ParseInt(text.substr(11, 2), h) || !ParseInt(text.substr(14, 2), mi) || h > 23 || mi > 59)
    return InvalidArgument(kTimeForm, {std::string(text)});
  return t + h * kMsPerHour + mi * 60'000;
}

std::string FormatLocalIso(Millis t) {
  const Date d = LocalDate(t);
  const Millis in_day = t - StartOfLocalDay(d);
  char buf[24];
  std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d+%02d:00", static_cast<int>(in_day / kMsPerHour),
                static_cast<int>(in_day % kMsPerHour / 60'000),
                static_cast<int>(in_day % 60'000 / 1000), static_cast<int>(kChinaUtcOffsetMs / kMsPerHour));
  return FormatDate(d) + buf;
}

std::string FormatLocalDateTime(Millis t) {
  std::string text = FormatLocalIso(t).substr(0, 16);  // "2026-02-12T09:30"
  text[10] = ' ';
  return text;
}

std::string FormatDue(Millis due, std::string_view unit) {
  return unit == "hour" ? FormatLocalDateTime(due) : FormatDate(LocalDate(due - 1));
}

std::string_view TimeUnitName(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kWorkday: return "workday";
    case TimeUnit::kDay: return "day";
    case TimeUnit::kHour: return "hour";
  }
  return "workday";
}

Result<TimeUnit> ParseTimeUnit(std::string_view name) {
  if (name == "workday") return TimeUnit::kWorkday;
  if (name == "day") return TimeUnit::kDay;
  if (name == "hour") return TimeUnit::kHour;
  return InvalidArgument(kBadUnit, {std::string(name)});
}

std::string_view TimerStateName(TimerState state) {
  switch (state) {
    case TimerState::kNormal: return "normal";
    case TimerState::kWarning: return "warning";
    case TimerState::kOverdue: return "overdue";
  }
  return "normal";
}

Result<WorkCalendar> WorkCalendar::FromJson(std::string_view json) {
  auto doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object())
    return InvalidArgument(kFileNotJson);
  const auto format = doc.find("format");
  if (format == doc.end() || *format != "tongban-calendar/1")
    return InvalidArgument(kFileFormat, {"tongban-calendar/1"});
  WorkCalendar cal;
  try {
    for (const auto& y : doc.value("years", nlohmann::json::array())) {
      cal.AddYear(y.at("year").get<int>());
      for (const char* key : {"off", "work"}) {
        if (!y.contains(key)) continue;
        for (const auto& d : y.at(key)) {
          auto date = ParseDate(d.at("date").get<std::string>());
          if (!date.ok()) return date.status().WithContext(kCtxCalendar);
          cal.AddDay(*date, std::string_view(key) == "work", d.value("name", ""));
        }
      }
    }
    if (doc.contains("overrides")) {
      for (const auto& o : doc.at("overrides")) {
        auto date = ParseDate(o.at("date").get<std::string>());
        if (!date.ok()) return date.status().WithContext(kCtxOverride);
        cal.SetOverride(*date, o.at("working").get<bool>(), o.value("reason", ""));
      }
    }
  } catch (const nlohmann::json::exception& e) {
    // The library's text names the key or type; keep it short for a person to act on.
    std::string why = e.what();
    if (auto at = why.find("] "); at != std::string::npos) why = why.substr(at + 2);
    return InvalidArgument(kFileField, {why});
  }
  return cal;
}

const WorkCalendar& WorkCalendar::Builtin() {
  static const WorkCalendar cal = [] {
    auto parsed = FromJson(embedded::calendar_cn());
    return parsed.ok() ? std::move(parsed).value() : WorkCalendar{};
  }();
  return cal;
}

void WorkCalendar::SetOverride(Date date, bool working, std::string reason) {
  overrides_[date] = DayEntry{working, std::move(reason)};
}

void WorkCalendar::AddYear(int year) { years_.insert(year); }

void WorkCalendar::Merge(const WorkCalendar& published) {
  for (int year : published.years_) {
    std::erase_if(national_, [&](const auto& entry) { return YearOf(entry.first) == year; });
    years_.insert(year);
  }
  for (const auto& [date, entry] : published.national_) national_[date] = entry;
  for (const auto& [date, entry] : published.overrides_) overrides_[date] = entry;
}

void WorkCalendar::AddDay(Date date, bool working, std::string name) {
  years_.insert(YearOf(date));
  national_[date] = DayEntry{working, std::move(name)};
}

bool WorkCalendar::IsWorkday(Date date) const {
  if (auto it = overrides_.find(date); it != overrides_.end()) return it->second.working;
  if (auto it = national_.find(date); it != national_.end()) return it->second.working;
  return IsPlainWeekday(date);
}

std::string WorkCalendar::DayName(Date date) const {
  if (auto it = overrides_.find(date); it != overrides_.end()) return it->second.name;
  if (auto it = national_.find(date); it != national_.end()) return it->second.name;
  return {};
}

int WorkCalendar::WorkdaysBetween(Date from, Date to, bool* provisional) const {
  int n = 0;
  for (Date d = from + days{1}; d <= to; d += days{1}) {
    if (provisional && !HasYear(YearOf(d)) && !overrides_.contains(d)) *provisional = true;
    if (IsWorkday(d)) ++n;
  }
  return n;
}

int WorkCalendar::CountPausedDays(std::span<const Pause> pauses, Millis now, Date after,
                                  bool workdays_only, bool* provisional) const {
  // The day a pause starts is paused; the day it ends the clock runs again.
  int n = 0;
  for (const Pause& p : pauses) {
    const Millis end = p.end.value_or(now);
    Date first = LocalDate(p.start);
    if (first <= after) first = after + days{1};
    const Date stop = LocalDate(end);
    for (Date d = first; d < stop; d += days{1}) {
      if (!workdays_only) {
        ++n;
        continue;
      }
      if (provisional && !HasYear(YearOf(d))) *provisional = true;
      if (IsWorkday(d)) ++n;
    }
  }
  return n;
}

Deadline WorkCalendar::ComputeDeadline(Millis start, TimeLimit limit, std::span<const Pause> pauses,
                                       Millis now) const {
  Deadline out;
  const Date d0 = LocalDate(start);
  switch (limit.unit) {
    case TimeUnit::kHour: {
      for (const Pause& p : pauses) {
        const Millis end = p.end.value_or(now);
        if (end > p.start) out.paused_ms += end - p.start;
      }
      out.due = start + limit.value * kMsPerHour + out.paused_ms;
      return out;
    }
    case TimeUnit::kDay: {
      const int paused = CountPausedDays(pauses, now, d0, false, nullptr);
      out.paused_ms = paused * kMsPerDay;
      out.due = StartOfLocalDay(d0 + days{limit.value + paused + 1});
      return out;
    }
    case TimeUnit::kWorkday: {
      out.paused_workdays = CountPausedDays(pauses, now, d0, true, &out.provisional);
      int remaining = limit.value + out.paused_workdays;
      Date d = d0;
      while (remaining > 0) {
        d += days{1};
        if (!HasYear(YearOf(d)) && !overrides_.contains(d)) out.provisional = true;
        if (IsWorkday(d)) --remaining;
      }
      out.due = StartOfLocalDay(d + days{1});
      return out;
    }
  }
  return out;
}

TimerState EvaluateTimer(Millis start, Millis due, Millis now, double warn_fraction) {
  if (now >= due) return TimerState::kOverdue;
  const double span = static_cast<double>(due - start);
  const double left = static_cast<double>(due - now);
  if (span <= 0 || left <= span * warn_fraction) return TimerState::kWarning;
  return TimerState::kNormal;
}

}  // namespace tongban::node
