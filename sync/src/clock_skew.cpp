#include "tongban/sync/clock_skew.h"

#include <charconv>

namespace tongban::sync {

std::string FormatClockOffset(const ClockOffset& offset) {
  return std::to_string(offset.offset_ms) + "," + std::to_string(offset.measured_at);
}

std::optional<ClockOffset> ParseClockOffset(std::string_view text) {
  ClockOffset o;
  const char* end = text.data() + text.size();
  auto r = std::from_chars(text.data(), end, o.offset_ms);
  if (r.ec != std::errc() || r.ptr == end || *r.ptr != ',') return std::nullopt;
  r = std::from_chars(r.ptr + 1, end, o.measured_at);
  if (r.ec != std::errc() || r.ptr != end) return std::nullopt;
  return o;
}

std::int64_t CorrectedMillis(std::int64_t wall_ms, const std::optional<ClockOffset>& offset) {
  if (!offset) return wall_ms;
  // Under a second is the link's delay, not the clock: HLC orders that much anyway.
  if (offset->offset_ms > -kOffsetNoiseMs && offset->offset_ms < kOffsetNoiseMs) return wall_ms;
  if (wall_ms < offset->measured_at - kClockToleranceMs) return wall_ms;  // set back by hand
  return wall_ms - offset->offset_ms;
}

ClockOffset NextOffset(const std::optional<ClockOffset>& kept, std::int64_t wall_ms,
                       std::int64_t hub_ms) {
  const ClockOffset heard{wall_ms - hub_ms, wall_ms};
  if (!kept) return heard;
  const std::int64_t change = heard.offset_ms - kept->offset_ms;
  const std::int64_t age = wall_ms - kept->measured_at;
  // Re-measured hourly all the same: a recent measurement tells a clock set back by hand.
  if (change > -kOffsetNoiseMs && change < kOffsetNoiseMs && age >= 0 && age < 3'600'000)
    return *kept;
  return heard;
}

std::int64_t CorrectedWallClock::NowMillis() {
  const std::int64_t wall = raw_.NowMillis();
  std::lock_guard lock(mu_);
  return CorrectedMillis(wall, offset_);
}

std::optional<ClockOffset> CorrectedWallClock::offset() const {
  std::lock_guard lock(mu_);
  return offset_;
}

void CorrectedWallClock::SetOffset(const std::optional<ClockOffset>& offset) {
  std::lock_guard lock(mu_);
  offset_ = offset;
}

HeldAction DecideHeld(std::string_view held_code, std::int64_t hub_ms) {
  return held_code == "clock_ahead" && hub_ms > 0 ? HeldAction::kRestamp : HeldAction::kWait;
}

bool NeedsRestamp(std::int64_t newest_ms, std::int64_t hub_ms) {
  return hub_ms > 0 && newest_ms > hub_ms + kClockToleranceMs;
}

bool ClockDiffers(std::int64_t offset_ms) {
  return offset_ms > kClockToleranceMs || offset_ms < -kClockToleranceMs;
}

}  // namespace tongban::sync
