#include "tongban/sync/clock_skew.h"

#include <catch2/catch.hpp>

using tongban::sync::ClockDiffers;
using tongban::sync::DecideHeld;
using tongban::sync::DescribeClockOffset;
using tongban::sync::HeldAction;

namespace {
constexpr std::int64_t kMin = 60'000;
constexpr std::int64_t kHub = 1'760'000'000'000;  // the hub's wall time in every row
}  // namespace

TEST_CASE("a held push is re-stamped only when the clock agrees with the hub again") {
  struct Row {
    const char* what;
    const char* code;
    std::int64_t wall;
    std::int64_t hub;
    HeldAction expected;
  };
  const Row rows[] = {
      {"clock corrected to the hub's time", "clock_ahead", kHub, kHub, HeldAction::kRestamp},
      {"corrected, 4 min fast", "clock_ahead", kHub + 4 * kMin, kHub, HeldAction::kRestamp},
      {"corrected, 4 min slow", "clock_ahead", kHub - 4 * kMin, kHub, HeldAction::kRestamp},
      {"exactly at the tolerance", "clock_ahead", kHub + 5 * kMin, kHub, HeldAction::kRestamp},
      {"just past the tolerance", "clock_ahead", kHub + 5 * kMin + 1, kHub, HeldAction::kFixClock},
      {"still two days ahead", "clock_ahead", kHub + 2 * 1440 * kMin, kHub, HeldAction::kFixClock},
      {"set back too far", "clock_ahead", kHub - 3 * 60 * kMin, kHub, HeldAction::kFixClock},
      {"hub did not say its time", "clock_ahead", kHub, 0, HeldAction::kFixClock},
      {"parent not there yet", "parent_missing", kHub, kHub, HeldAction::kWait},
      {"parent missing, clock off too", "parent_missing", kHub + 2 * 1440 * kMin, kHub,
       HeldAction::kWait},
      {"an unknown cause", "something_new", kHub, kHub, HeldAction::kWait},
  };
  for (const auto& r : rows) {
    INFO(r.what);
    CHECK(DecideHeld(r.code, r.wall, r.hub) == r.expected);
  }
}

TEST_CASE("a clock offset is told beyond five minutes, in hours and minutes") {
  CHECK_FALSE(ClockDiffers(0));
  CHECK_FALSE(ClockDiffers(5 * kMin));
  CHECK_FALSE(ClockDiffers(-5 * kMin));
  CHECK(ClockDiffers(5 * kMin + 1));
  CHECK(ClockDiffers(-10 * kMin));
  CHECK(DescribeClockOffset(-10 * kMin - 20'000) == "10 min behind");
  CHECK(DescribeClockOffset(48 * 60 * kMin + 5 * kMin) == "48 h 5 min ahead of");
  CHECK(DescribeClockOffset(-(2 * 60 * kMin)) == "2 h 0 min behind");
}
