#include "tongban/sync/clock_skew.h"

namespace tongban::sync {

HeldAction DecideHeld(std::string_view held_code, std::int64_t wall_ms, std::int64_t hub_ms) {
  if (held_code != "clock_ahead") return HeldAction::kWait;
  if (hub_ms <= 0) return HeldAction::kFixClock;
  return ClockDiffers(wall_ms - hub_ms) ? HeldAction::kFixClock : HeldAction::kRestamp;
}

bool ClockDiffers(std::int64_t offset_ms) {
  return offset_ms > kClockToleranceMs || offset_ms < -kClockToleranceMs;
}

std::string DescribeClockOffset(std::int64_t offset_ms) {
  const std::int64_t minutes = (offset_ms < 0 ? -offset_ms : offset_ms) / 60'000;
  std::string text;
  if (minutes >= 60) text = std::to_string(minutes / 60) + " h ";
  text += std::to_string(minutes % 60) + " min ";
  return text + (offset_ms < 0 ? "behind" : "ahead of");
}

}  // namespace tongban::sync
