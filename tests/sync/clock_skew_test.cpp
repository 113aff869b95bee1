#include "tongban/sync/clock_skew.h"

#include <catch2/catch.hpp>

using tongban::sync::ClockDiffers;
using tongban::sync::ClockOffset;
using tongban::sync::CorrectedMillis;
using tongban::sync::FormatClockOffset;
using tongban::sync::NeedsRestamp;
using tongban::sync::NextOffset;
using tongban::sync::ParseClockOffset;
using tongban::sync::DecideHeld;
using tongban::sync::HeldAction;

namespace {
constexpr std::int64_t kMin = 60'000;
constexpr std::int64_t kHub = 1'760'000'000'000;  // the hub's wall time in every row
}  // namespace

TEST_CASE("a push held for a clock ahead is re-stamped, other holds wait") {
  CHECK(DecideHeld("clock_ahead", kHub) == HeldAction::kRestamp);
  CHECK(DecideHeld("clock_ahead", 0) == HeldAction::kWait);  // an older hub: no time to go by
  CHECK(DecideHeld("parent_missing", kHub) == HeldAction::kWait);
  CHECK(DecideHeld("something_new", kHub) == HeldAction::kWait);
}

TEST_CASE("unsent changes are re-stamped when they run ahead of the hub by more than five minutes") {
  CHECK_FALSE(NeedsRestamp(kHub, kHub));
  CHECK_FALSE(NeedsRestamp(kHub + 5 * kMin, kHub));
  CHECK(NeedsRestamp(kHub + 5 * kMin + 1, kHub));
  CHECK(NeedsRestamp(kHub + 365LL * 1440 * kMin, kHub));
  CHECK_FALSE(NeedsRestamp(kHub - 365LL * 1440 * kMin, kHub));  // behind: stamps stay
  CHECK_FALSE(NeedsRestamp(kHub + 60 * kMin, 0));                // the hub did not say
}

TEST_CASE("corrected time: wall time less the offset, until the wall clock is set back") {
  constexpr std::int64_t kYear = 365LL * 1440 * kMin;
  struct Row {
    const char* what;
    std::int64_t wall;
    std::optional<ClockOffset> offset;
    std::int64_t expected;
  };
  const Row rows[] = {
      {"never heard the hub", kHub + kYear, std::nullopt, kHub + kYear},
      {"a year ahead, as measured", kHub + kYear, ClockOffset{kYear, kHub + kYear}, kHub},
      {"a year ahead, a day later", kHub + kYear + 1440 * kMin, ClockOffset{kYear, kHub + kYear},
       kHub + 1440 * kMin},
      {"a year ahead, then set right", kHub + 10 * kMin, ClockOffset{kYear, kHub + kYear - kMin},
       kHub + 10 * kMin},
      {"ten minutes behind", kHub - 10 * kMin, ClockOffset{-10 * kMin, kHub - 10 * kMin}, kHub},
      {"half a second is the link's delay", kHub + 500, ClockOffset{500, kHub + 500}, kHub + 500},
      {"a little jitter back is not a setting", kHub + kYear - kMin,
       ClockOffset{kYear, kHub + kYear}, kHub - kMin},
  };
  for (const auto& r : rows) {
    INFO(r.what);
    CHECK(CorrectedMillis(r.wall, r.offset) == r.expected);
  }
}

TEST_CASE("the kept offset changes only when it moved by more than a second or is an hour old") {
  const ClockOffset kept{10 * kMin, kHub};
  CHECK(NextOffset(std::nullopt, kHub, kHub - 10 * kMin) == kept);
  CHECK(NextOffset(kept, kHub + kMin, kHub + kMin - 10 * kMin - 800) == kept);  // link delay
  CHECK(NextOffset(kept, kHub + kMin, kHub + kMin - 8 * kMin) ==
        ClockOffset{8 * kMin, kHub + kMin});
  CHECK(NextOffset(kept, kHub + 61 * kMin, kHub + 51 * kMin) ==
        ClockOffset{10 * kMin, kHub + 61 * kMin});  // re-measured hourly
  CHECK(ParseClockOffset(FormatClockOffset(ClockOffset{-42, 7})) == ClockOffset{-42, 7});
  CHECK_FALSE(ParseClockOffset("12"));
  CHECK_FALSE(ParseClockOffset("12,x"));
  CHECK_FALSE(ParseClockOffset(""));
}

TEST_CASE("a clock offset is told beyond five minutes") {
  CHECK_FALSE(ClockDiffers(0));
  CHECK_FALSE(ClockDiffers(5 * kMin));
  CHECK_FALSE(ClockDiffers(-5 * kMin));
  CHECK(ClockDiffers(5 * kMin + 1));
  CHECK(ClockDiffers(-10 * kMin));
}
