// This node's clock judged against the hub's.
//
// Every push and pull reply (and the hello) carries the hub's wall time. The node
// keeps the difference (its offset) across restarts and stamps, numbers and dates
// from corrected time, so a PC clock that is wrong by minutes, days or a year never
// decides a merge. Changes stamped before the node heard the hub, while its clock
// was wrong, are re-stamped before they are sent (NodeReplica::RestampUnsent).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "tongban/sync/hybrid_clock.h"

namespace tongban::sync {

// Clocks this close agree (a slow link, a PC clock that is not set by network time).
inline constexpr std::int64_t kClockToleranceMs = 5 * 60 * 1000;

// An offset this small is the link's delay, not a wrong clock: time is not corrected by it.
inline constexpr std::int64_t kOffsetNoiseMs = 1000;

// How far this node's wall clock was from the hub's when last heard.
struct ClockOffset {
  std::int64_t offset_ms = 0;    // this node's wall clock minus the hub's
  std::int64_t measured_at = 0;  // this node's wall clock then
  bool operator==(const ClockOffset&) const = default;
};

// "offset_ms,measured_at", as a node keeps it.
std::string FormatClockOffset(const ClockOffset& offset);
std::optional<ClockOffset> ParseClockOffset(std::string_view text);

// The time to stamp and date with: wall time less the offset (unless it is under a
// second). A wall clock that went
// back since the offset was measured has been set by hand, most often set right: the
// offset no longer describes it, so wall time is used until the hub is heard again.
std::int64_t CorrectedMillis(std::int64_t wall_ms, const std::optional<ClockOffset>& offset);

// The offset to keep after hearing the hub's time `hub_ms` at wall time `wall_ms`:
// the one kept already while the new one is within kOffsetNoiseMs of it and it is under
// an hour old, so the stored value does not churn.
ClockOffset NextOffset(const std::optional<ClockOffset>& kept, std::int64_t wall_ms,
                       std::int64_t hub_ms);

// A wall clock corrected by the hub's time. Thread safe: the desk's worker and a
// sync round share one.
class CorrectedWallClock final : public WallClock {
 public:
  explicit CorrectedWallClock(WallClock& raw) : raw_(raw) {}
  std::int64_t NowMillis() override;
  WallClock& raw() { return raw_; }
  std::optional<ClockOffset> offset() const;
  void SetOffset(const std::optional<ClockOffset>& offset);

 private:
  WallClock& raw_;
  mutable std::mutex mu_;
  std::optional<ClockOffset> offset_;
};

enum class HeldAction {
  kWait,     // held for another cause (a parent record not there yet): send again later
  kRestamp,  // timestamps far ahead: re-stamp the unsent changes from corrected time
};

// What to do about a push the hub held back with `held_code`; `hub_ms` 0 means the hub
// did not say its time, so there is nothing to correct by.
HeldAction DecideHeld(std::string_view held_code, std::int64_t hub_ms);

// Whether unsent changes stamped up to `newest_ms` must take fresh stamps before they
// go to a hub whose time is `hub_ms`: they run ahead of it by more than the tolerance.
bool NeedsRestamp(std::int64_t newest_ms, std::int64_t hub_ms);

// Whether an offset (this node's clock minus the hub's) is worth telling a person.
bool ClockDiffers(std::int64_t offset_ms);

}  // namespace tongban::sync
