// Hybrid logical clock (HLC) timestamps for ordering changes across nodes.
//
// Layout of an Hlc (uint64): bits 63..16 = wall time in Unix milliseconds,
// bits 15..0 = logical counter. Comparing two Hlc values as integers orders
// them. A node's clock never goes backwards, even when the wall clock does:
// the counter advances instead, and a counter overflow carries into the
// millisecond part. Timestamps from other nodes are folded in with Observe().
// The one exception is Rebase(), after a clock that ran far ahead was corrected.
#pragma once

#include <cstdint>
#include <string>

namespace tongban::sync {

using Hlc = std::uint64_t;

// Source of wall time, injectable so tests can drive the clock by hand.
class WallClock {
 public:
  virtual ~WallClock() = default;
  virtual std::int64_t NowMillis() = 0;  // Unix epoch milliseconds
};

// The operating system's real-time clock.
class SystemWallClock final : public WallClock {
 public:
  std::int64_t NowMillis() override;
  static SystemWallClock& Instance();
};

// The next timestamp after `last` at wall time `wall_ms`: the wall time when it is later,
// else one count on (a clock that went back or stood still). HybridClock::Now in one
// pure step, for code that is handed the time rather than owning a clock.
Hlc NextHlc(Hlc last, std::int64_t wall_ms);

class HybridClock {
 public:
  // `last` is the largest timestamp this node ever issued or observed (persisted by the caller).
  explicit HybridClock(WallClock& wall, Hlc last = 0) : wall_(wall), last_(last) {}

  // A timestamp strictly greater than every one issued or observed before.
  Hlc Now();
  // Folds in a timestamp received from another node.
  void Observe(Hlc remote);
  Hlc last() const { return last_; }
  // Sets the clock back to `last`. Only for a node whose clock ran far ahead and whose
  // timestamps from then were never accepted by anyone (re-stamped): everywhere else
  // a clock that goes back breaks the order of versions.
  void Rebase(Hlc last) { last_ = last; }

  static Hlc Make(std::int64_t millis, std::uint16_t counter) {
    return (static_cast<Hlc>(millis) << 16) | counter;
  }
  static std::int64_t Millis(Hlc t) { return static_cast<std::int64_t>(t >> 16); }
  static std::uint16_t Counter(Hlc t) { return static_cast<std::uint16_t>(t & 0xffff); }
  // "2026-02-12T08:30:00.000Z#3", for logs and docs.
  static std::string Format(Hlc t);

 private:
  WallClock& wall_;
  Hlc last_;
};

}  // namespace tongban::sync
