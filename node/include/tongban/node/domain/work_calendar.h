// Working-day calendar, deadlines and timer states. Pure code, no I/O.
//
// A working day is Monday–Friday that is not a statutory holiday, or a make-up
// workday (调休). Holiday data comes per year; a year without data is counted
// on plain weekdays and every deadline that touches it is marked provisional,
// to be recomputed when the year's notice arrives. Local overrides (a station
// closed for a flood, say) win over the national data.
//
// Times are Unix milliseconds (UTC). Dates are local to China Standard Time
// (UTC+8, no daylight saving), the only zone the system serves.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>

#include "tongban/status.h"

namespace tongban::node {

using Date = std::chrono::sys_days;
using Millis = std::int64_t;

inline constexpr Millis kMsPerHour = 3'600'000;
inline constexpr Millis kMsPerDay = 24 * kMsPerHour;
inline constexpr Millis kChinaUtcOffsetMs = 8 * kMsPerHour;

Date LocalDate(Millis t);
Millis StartOfLocalDay(Date d);
Result<Date> ParseDate(std::string_view yyyy_mm_dd);
std::string FormatDate(Date d);
// Accepts "YYYY-MM-DD" (local midnight) or "YYYY-MM-DD HH:MM" / "YYYY-MM-DDTHH:MM" (local time).
Result<Millis> ParseLocalDateTime(std::string_view text);
std::string FormatLocalDateTime(Millis t);  // "2026-02-12 09:30"
// The same instant for machines and people alike: "2026-02-12T09:30:05+08:00".
std::string FormatLocalIso(Millis t);

enum class TimeUnit { kWorkday, kDay, kHour };
std::string_view TimeUnitName(TimeUnit unit);  // "workday", "day", "hour"
Result<TimeUnit> ParseTimeUnit(std::string_view name);

struct TimeLimit {
  int value = 0;
  TimeUnit unit = TimeUnit::kWorkday;
};

// An interval during which a timer stands still. `end` empty = still paused.
struct Pause {
  Millis start = 0;
  std::optional<Millis> end;
};

struct Deadline {
  Millis due = 0;            // the instant the limit runs out (exclusive)
  bool provisional = false;  // a counted day lies in a year without holiday data
  int paused_workdays = 0;   // working days added back for pauses (workday unit)
  Millis paused_ms = 0;      // time added back for pauses (hour and day units)
  // The last day on which the case is still on time (day-based units).
  Date due_date() const { return LocalDate(due - 1); }
};

// How a due instant reads to a person: the last day for day-based units
// ("2026-02-26"), date and time for hours ("2026-02-13 09:30").
std::string FormatDue(Millis due, std::string_view unit);

enum class TimerState { kNormal, kWarning, kOverdue };
std::string_view TimerStateName(TimerState state);

class WorkCalendar {
 public:
  // Parses the tongban-calendar/1 format (see docs/formats.md).
  static Result<WorkCalendar> FromJson(std::string_view json);
  // The calendar shipped inside the binaries (2024–2026 national data).
  static const WorkCalendar& Builtin();

  // Adds a local override that wins over national data for that date.
  void SetOverride(Date date, bool working, std::string reason);
  // Marks a year as known (its holidays, if any, added with AddDay).
  void AddYear(int year);
  void AddDay(Date date, bool working, std::string name);
  // Takes over a published calendar: each year it lists replaces that year here,
  // and its overrides are added.
  void Merge(const WorkCalendar& published);

  bool HasYear(int year) const { return years_.contains(year); }
  bool IsWorkday(Date date) const;
  // A local override closes this day (a flood, say): no service at all, not even off-hours.
  bool IsClosed(Date date) const {
    auto it = overrides_.find(date);
    return it != overrides_.end() && !it->second.working;
  }
  // Name of the holiday or make-up workday on this date, empty for ordinary days.
  std::string DayName(Date date) const;

  // The due instant of `limit` counted from `start`. For working days and
  // natural days the start day itself does not count and the due instant is
  // the end of the last day; hours are clock hours. Paused time is added back:
  // whole working days (or natural days) that fall inside a pause, or clock
  // time for hours. Open pauses are counted up to `now`.
  Deadline ComputeDeadline(Millis start, TimeLimit limit, std::span<const Pause> pauses = {},
                           Millis now = 0) const;

  // Working days from the day after `from` up to and including `to` (0 when to <= from).
  int WorkdaysBetween(Date from, Date to, bool* provisional = nullptr) const;

 private:
  struct DayEntry {
    bool working;
    std::string name;
  };
  int CountPausedDays(std::span<const Pause> pauses, Millis now, Date after, bool workdays_only,
                      bool* provisional) const;

  std::set<int> years_;
  std::map<Date, DayEntry> national_;
  std::map<Date, DayEntry> overrides_;
};

// normal until `warn_fraction` of the span from start to due remains, then
// warning, then overdue once `now` reaches due.
TimerState EvaluateTimer(Millis start, Millis due, Millis now, double warn_fraction = 0.2);

}  // namespace tongban::node
