// This node's clock judged against the hub's.
//
// Every push and pull reply (and the hello) carries the hub's wall time. A node
// whose clock differs from it by more than kClockToleranceMs says so. A push the
// hub held because its timestamps run far ahead is re-stamped only once this
// node's clock agrees with the hub's again: re-stamping from a clock that is still
// wrong would only make new wrong timestamps.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tongban::sync {

// Clocks this close agree (a slow link, a PC clock that is not set by network time).
inline constexpr std::int64_t kClockToleranceMs = 5 * 60 * 1000;

enum class HeldAction {
  kWait,      // held for another cause (a parent record not there yet): send again later
  kRestamp,   // timestamps far ahead, the clock is right now: re-stamp the unsent changes
  kFixClock,  // timestamps far ahead and the clock is still wrong: a person must set it
};

// What to do about a push the hub held back with `held_code`, from this node's wall
// time and the hub's (`hub_ms` 0: the hub did not say, so the clock cannot be trusted).
HeldAction DecideHeld(std::string_view held_code, std::int64_t wall_ms, std::int64_t hub_ms);

// Whether an offset (this node's clock minus the hub's) is worth telling a person.
bool ClockDiffers(std::int64_t offset_ms);

// "48 h 5 min ahead of", "10 min behind": whole minutes, English, to be followed by
// what the clock is compared with ("... the hub's").
std::string DescribeClockOffset(std::int64_t offset_ms);

}  // namespace tongban::sync
