#include "tongban/sync/hybrid_clock.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace tongban::sync {

std::int64_t SystemWallClock::NowMillis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

SystemWallClock& SystemWallClock::Instance() {
  static SystemWallClock clock;
  return clock;
}

Hlc NextHlc(Hlc last, std::int64_t wall_ms) {
  const Hlc wall = HybridClock::Make(wall_ms, 0);
  // A wall clock that went back (or stood still) leaves `last` ahead: count on from it.
  // At the very top of the range the counter stays put rather than wrap to 1970.
  return wall > last ? wall : (last == ~Hlc{0} ? last : last + 1);
}

Hlc HybridClock::Now() {
  last_ = NextHlc(last_, wall_.NowMillis());
  return last_;
}

void HybridClock::Observe(Hlc remote) {
  if (remote > last_) last_ = remote;
}

std::string HybridClock::Format(Hlc t) {
  const std::int64_t ms = Millis(t);
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ#%u", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000), static_cast<unsigned>(Counter(t)));
  return buf;
}

}  // namespace tongban::sync
