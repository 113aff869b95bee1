#include "tongban/node/domain/work_calendar.h"

#include <catch2/catch.hpp>

using namespace tongban::node;

namespace {
Millis At(const char* text) { return *ParseLocalDateTime(text); }
std::string DueDate(const Deadline& d) { return FormatDate(d.due_date()); }
const WorkCalendar& Cal() { return WorkCalendar::Builtin(); }
}  // namespace

TEST_CASE("the built-in calendar knows 2024-2026 and not 2027") {
  CHECK(Cal().HasYear(2024));
  CHECK(Cal().HasYear(2026));
  CHECK_FALSE(Cal().HasYear(2027));
}

TEST_CASE("2026 Spring Festival: holidays, and the Saturday make-up workday") {
  CHECK(Cal().IsWorkday(*ParseDate("2026-02-13")));  // Friday
  CHECK(Cal().IsWorkday(*ParseDate("2026-02-14")));  // Saturday, make-up workday
  CHECK_FALSE(Cal().IsWorkday(*ParseDate("2026-02-16")));  // Monday, holiday
  CHECK_FALSE(Cal().IsWorkday(*ParseDate("2026-02-23")));
  CHECK(Cal().IsWorkday(*ParseDate("2026-02-24")));
  CHECK(Cal().IsWorkday(*ParseDate("2026-02-28")));  // Saturday, make-up workday
  CHECK(Cal().DayName(*ParseDate("2026-02-17")) == "春节");
}

TEST_CASE("a 5-working-day limit from 2026-02-12 is due 2026-02-26") {
  const auto d = Cal().ComputeDeadline(At("2026-02-12 10:00"), TimeLimit{5, TimeUnit::kWorkday});
  CHECK(DueDate(d) == "2026-02-26");
  CHECK_FALSE(d.provisional);
  CHECK(d.due == At("2026-02-27"));  // the limit runs out at the end of the last day
}

TEST_CASE("working-day deadlines: table across holidays") {
  struct Row {
    const char* start;
    int days;
    const char* due;
  };
  const Row rows[] = {
      {"2026-02-12", 0, "2026-02-12"},  // 即办: the same day
      {"2026-02-12", 1, "2026-02-13"},
      {"2026-02-12", 2, "2026-02-14"},  // make-up Saturday counts
      {"2026-02-12", 3, "2026-02-24"},  // the whole festival skipped
      {"2026-02-14", 1, "2026-02-24"},  // accepted on the make-up Saturday
      {"2026-09-30", 3, "2026-10-10"},  // National Day; 10 Oct is a make-up Saturday
      {"2026-09-30", 1, "2026-10-08"},
      {"2025-12-31", 1, "2026-01-04"},  // New Year 2026: 1-3 Jan off, 4 Jan (Sun) worked
      {"2025-12-31", 2, "2026-01-05"},
      {"2026-11-20", 5, "2026-11-27"},  // an ordinary week
  };
  for (const auto& r : rows) {
    INFO(r.start << " + " << r.days);
    CHECK(DueDate(Cal().ComputeDeadline(At(r.start), TimeLimit{r.days, TimeUnit::kWorkday})) ==
          r.due);
  }
}

TEST_CASE("2026-01-04 (Sunday) is a make-up workday") {
  CHECK(Cal().IsWorkday(*ParseDate("2026-01-04")));
  CHECK(DueDate(Cal().ComputeDeadline(At("2025-12-31"), TimeLimit{1, TimeUnit::kWorkday})) ==
        "2026-01-04");
}

TEST_CASE("paused working days are added back to the due date") {
  // Special procedure from 24 Feb to 26 Feb pauses two working days.
  const Pause pause{At("2026-02-24 09:00"), At("2026-02-26 09:00")};
  const auto d = Cal().ComputeDeadline(At("2026-02-12"), TimeLimit{5, TimeUnit::kWorkday},
                                       std::span(&pause, 1));
  CHECK(d.paused_workdays == 2);
  CHECK(DueDate(d) == "2026-02-28");  // 27 Feb (Fri), 28 Feb (make-up Saturday)

  // A pause over the festival costs no working days.
  const Pause festival{At("2026-02-15"), At("2026-02-24")};
  const auto f = Cal().ComputeDeadline(At("2026-02-12"), TimeLimit{5, TimeUnit::kWorkday},
                                       std::span(&festival, 1));
  CHECK(f.paused_workdays == 0);
  CHECK(DueDate(f) == "2026-02-26");
}

TEST_CASE("an open pause counts up to now") {
  const Pause open{At("2026-03-02"), std::nullopt};  // Monday, still paused
  const auto d = Cal().ComputeDeadline(At("2026-02-27"), TimeLimit{3, TimeUnit::kWorkday},
                                       std::span(&open, 1), At("2026-03-04 12:00"));
  CHECK(d.paused_workdays == 2);  // Mon and Tue
  CHECK(DueDate(d) == "2026-03-05");  // 28 Feb (make-up), 2, 3 Mar; then 4, 5 Mar added
}

TEST_CASE("clock hours: the green channel runs 24 hours, pauses added in time") {
  const auto d = Cal().ComputeDeadline(At("2026-02-14 09:30"), TimeLimit{24, TimeUnit::kHour});
  CHECK(FormatLocalDateTime(d.due) == "2026-02-15 09:30");  // holidays do not stop hours
  const Pause p{At("2026-02-14 10:00"), At("2026-02-14 12:00")};
  const auto paused = Cal().ComputeDeadline(At("2026-02-14 09:30"), TimeLimit{24, TimeUnit::kHour},
                                            std::span(&p, 1));
  CHECK(FormatLocalDateTime(paused.due) == "2026-02-15 11:30");
}

TEST_CASE("natural days count every day") {
  CHECK(DueDate(Cal().ComputeDeadline(At("2026-02-12"), TimeLimit{60, TimeUnit::kDay})) ==
        "2026-04-13");
  const Pause p{At("2026-02-20"), At("2026-02-23")};
  CHECK(DueDate(Cal().ComputeDeadline(At("2026-02-12"), TimeLimit{10, TimeUnit::kDay},
                                      std::span(&p, 1))) == "2026-02-25");
}

TEST_CASE("a year without data counts plain weekdays and is provisional") {
  const auto d = Cal().ComputeDeadline(At("2026-12-30"), TimeLimit{5, TimeUnit::kWorkday});
  CHECK(DueDate(d) == "2027-01-06");  // 1 Jan 2027 counts: no data yet
  CHECK(d.provisional);
  const auto in_year = Cal().ComputeDeadline(At("2026-12-21"), TimeLimit{5, TimeUnit::kWorkday});
  CHECK_FALSE(in_year.provisional);
  CHECK(Cal().ComputeDeadline(At("2030-06-03"), TimeLimit{5, TimeUnit::kWorkday}).provisional);
}

TEST_CASE("local overrides win over national data") {
  WorkCalendar cal = Cal();
  cal.SetOverride(*ParseDate("2026-02-13"), false, "flood: station closed");
  cal.SetOverride(*ParseDate("2026-02-21"), true, "extra window day");
  CHECK_FALSE(cal.IsWorkday(*ParseDate("2026-02-13")));
  CHECK(cal.IsWorkday(*ParseDate("2026-02-21")));
  CHECK(DueDate(cal.ComputeDeadline(At("2026-02-12"), TimeLimit{3, TimeUnit::kWorkday})) ==
        "2026-02-24");
}

TEST_CASE("calendar files are validated") {
  CHECK_FALSE(WorkCalendar::FromJson("{").ok());
  CHECK_FALSE(WorkCalendar::FromJson(R"({"format":"other"})").ok());
  CHECK_FALSE(
      WorkCalendar::FromJson(R"({"format":"tongban-calendar/1","years":[{"year":2027,"off":[{"date":"2027-02-30"}]}]})")
          .ok());
  auto ok = WorkCalendar::FromJson(
      R"({"format":"tongban-calendar/1","years":[{"year":2027,"off":[{"date":"2027-01-01","name":"元旦"}]}]})");
  REQUIRE(ok.ok());
  CHECK(ok->HasYear(2027));
  CHECK_FALSE(ok->IsWorkday(*ParseDate("2027-01-01")));
}

TEST_CASE("timers go normal, warning, overdue") {
  const Millis start = 0, due = 100 * kMsPerHour;
  CHECK(EvaluateTimer(start, due, 10 * kMsPerHour) == TimerState::kNormal);
  CHECK(EvaluateTimer(start, due, 85 * kMsPerHour) == TimerState::kWarning);
  CHECK(EvaluateTimer(start, due, 100 * kMsPerHour) == TimerState::kOverdue);
  CHECK(EvaluateTimer(start, due, 60 * kMsPerHour, 0.5) == TimerState::kWarning);
  CHECK(EvaluateTimer(start, due, 40 * kMsPerHour, 0.5) == TimerState::kNormal);
}

TEST_CASE("dates and times parse strictly") {
  CHECK_FALSE(ParseDate("2026-2-1").ok());
  CHECK_FALSE(ParseDate("2026-02-30").ok());
  CHECK_FALSE(ParseLocalDateTime("2026-02-12 25:00").ok());
  CHECK(FormatLocalDateTime(At("2026-02-12 09:05")) == "2026-02-12 09:05");
}

TEST_CASE("a time is written in the station's zone, with its offset, for machines and people") {
  // 2026-12-06 03:09:07 UTC is 11:09:07 in Beijing; 16:30 UTC is past midnight there.
  const Millis morning = StartOfLocalDay(std::chrono::year{2026} / 12 / 6) + 11 * kMsPerHour +
                         9 * 60'000 + 7'000 + 250;
  CHECK(FormatLocalIso(morning) == "2026-12-06T11:09:07+08:00");
  CHECK(FormatLocalDateTime(morning) == "2026-12-06 11:09");
  const Millis after_midnight = StartOfLocalDay(std::chrono::year{2026} / 12 / 7) + 30 * 60'000;
  CHECK(FormatLocalIso(after_midnight) == "2026-12-07T00:30:00+08:00");
}
