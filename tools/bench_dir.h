// The working folder of a benchmark: --dir when given, else a fresh temp folder.
#pragma once

#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

namespace tongban::tools {

// Returns 0 and sets `dir` (and whether it was created here), or the exit code after
// printing a one-line message prefixed with `program`.
inline int MakeBenchDir(const std::string& wanted, const char* program, std::filesystem::path& dir,
                        bool& created) {
  namespace fs = std::filesystem;
  std::error_code ec;
  created = false;
  if (wanted.empty()) {
    std::random_device random;
    for (int attempt = 0; attempt < 100 && !created; ++attempt) {
      dir = fs::temp_directory_path(ec) /
            (std::string(program) + "-" + std::to_string(random() % 1000000));
      created = !ec && fs::create_directory(dir, ec) && !ec;
    }
    if (!created) {
      std::fprintf(stderr, "%s: cannot create a temp directory: %s\n", program, ec.message().c_str());
      return 1;
    }
    return 0;
  }
  dir = wanted;
  created = fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir, ec)) {
    std::fprintf(stderr, "%s: --dir %s is not a usable directory%s%s\n", program, wanted.c_str(),
                 ec ? ": " : "", ec ? ec.message().c_str() : "");
    return 2;
  }
  return 0;
}

}  // namespace tongban::tools
