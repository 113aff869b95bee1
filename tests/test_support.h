// Shared helpers for tests: temporary folders and a hand-driven wall clock.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <random>
#include <string>

#include "tongban/sync/hybrid_clock.h"

namespace tongban::test {

// A fresh folder under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("tongban-test-" + std::to_string(rd()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string File(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Wall time that moves only when a test says so (and may go backwards).
class FakeWallClock final : public sync::WallClock {
 public:
  explicit FakeWallClock(std::int64_t start_ms) : now_(start_ms) {}
  std::int64_t NowMillis() override { return now_; }
  void Set(std::int64_t ms) { now_ = ms; }
  void Advance(std::int64_t ms) { now_ += ms; }

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace tongban::test
