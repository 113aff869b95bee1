#include "tongban/sync/hybrid_clock.h"

#include <catch2/catch.hpp>

#include "test_support.h"

using tongban::sync::HybridClock;
using tongban::test::FakeWallClock;

TEST_CASE("HLC follows the wall clock when it moves forward") {
  FakeWallClock wall(1'000'000);
  HybridClock clock(wall);
  const auto a = clock.Now();
  wall.Advance(5);
  const auto b = clock.Now();
  CHECK(HybridClock::Millis(a) == 1'000'000);
  CHECK(HybridClock::Millis(b) == 1'000'005);
  CHECK(HybridClock::Counter(b) == 0);
  CHECK(b > a);
}

TEST_CASE("HLC stays monotonic when the wall clock stands still or goes back") {
  FakeWallClock wall(2'000'000);
  HybridClock clock(wall);
  const auto a = clock.Now();
  const auto b = clock.Now();  // same millisecond
  wall.Set(1'000'000);         // clock set back by a quarter of an hour
  const auto c = clock.Now();
  CHECK(b > a);
  CHECK(c > b);
  CHECK(HybridClock::Millis(c) == 2'000'000);
  CHECK(HybridClock::Counter(c) == 2);
}

TEST_CASE("HLC counter overflow carries into the millisecond part") {
  FakeWallClock wall(10);
  HybridClock clock(wall, HybridClock::Make(10, 0xffff));
  const auto t = clock.Now();
  CHECK(HybridClock::Millis(t) == 11);
  CHECK(HybridClock::Counter(t) == 0);
}

TEST_CASE("HLC observes remote timestamps ahead of it") {
  FakeWallClock wall(5'000);
  HybridClock clock(wall);
  clock.Observe(HybridClock::Make(9'000, 7));
  const auto t = clock.Now();
  CHECK(t > HybridClock::Make(9'000, 7));
  clock.Observe(HybridClock::Make(1'000, 0));  // older: ignored
  CHECK(clock.Now() > t);
}

TEST_CASE("HLC formats for logs") {
  CHECK(HybridClock::Format(HybridClock::Make(0, 3)) == "1970-01-01T00:00:00.000Z#3");
}
