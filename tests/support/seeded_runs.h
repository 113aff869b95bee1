// Command line of the seeded randomized runs (the property test, the power-loss trials):
//   PROGRAM [--seeds FIRST-LAST] [--seed N] [--steps N] [--verbose]
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

namespace tongban::test {

struct SeededRuns {
  std::uint64_t first = 1, last = 100;
  int steps = 40;
  bool verbose = false;
};

// nullopt after printing the usage line when the arguments are not understood.
inline std::optional<SeededRuns> ParseSeededRuns(int argc, char** argv, SeededRuns runs) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--seed" && i + 1 < argc) {
      runs.first = runs.last = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--seeds" && i + 1 < argc) {
      const std::string range = argv[++i];
      const auto dash = range.find('-');
      runs.first = std::strtoull(range.substr(0, dash).c_str(), nullptr, 10);
      runs.last = dash == std::string::npos ? runs.first
                                            : std::strtoull(range.substr(dash + 1).c_str(), nullptr, 10);
    } else if (a == "--steps" && i + 1 < argc) {
      runs.steps = std::atoi(argv[++i]);
    } else if (a == "--verbose") {
      runs.verbose = true;
    } else {
      std::fprintf(stderr, "usage: %s [--seeds FIRST-LAST] [--seed N] [--steps N] [--verbose]\n", argv[0]);
      return std::nullopt;
    }
  }
  return runs;
}

}  // namespace tongban::test
