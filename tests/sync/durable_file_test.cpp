#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_support.h"
#include "tongban/sync/durable_file.h"

using namespace tongban;

namespace {

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("a file written durably replaces the old one whole and leaves no part behind") {
  test::TempDir dir;
  const std::string path = dir.File("stick.tbb");
  REQUIRE(sync::WriteFileDurably(path, "first").ok());
  CHECK(Read(path) == "first");
  const std::string big(3 << 20, 'x');  // more than one write may take
  REQUIRE(sync::WriteFileDurably(path, big).ok());
  CHECK(Read(path) == big);
  CHECK_FALSE(std::filesystem::exists(path + ".part"));
}

TEST_CASE("a file that cannot be written is a clear error and the old one stays") {
  test::TempDir dir;
  const std::string path = dir.File("gone/stick.tbb");  // the stick was pulled out
  const Status s = sync::WriteFileDurably(path, "data");
  CHECK(s.code() == ErrorCode::kIoError);
  CHECK_THAT(s.message(), Catch::Contains("gone/stick.tbb"));
  CHECK_FALSE(std::filesystem::exists(path));
  CHECK_FALSE(std::filesystem::exists(path + ".part"));
  const std::string kept = dir.File("kept.tbb");
  REQUIRE(sync::WriteFileDurably(kept, "old").ok());
  std::filesystem::create_directory(kept + ".part");  // a part file that cannot be opened
  CHECK_FALSE(sync::WriteFileDurably(kept, "new").ok());
  CHECK(Read(kept) == "old");
}

TEST_CASE("a durable rename moves the file whole, and a failed one says which file") {
  test::TempDir dir;
  const std::string from = dir.File("station.db.part"), to = dir.File("station.db");
  REQUIRE(sync::WriteFileDurably(from, "whole").ok());
  REQUIRE(sync::RenameDurably(from, to).ok());
  CHECK(Read(to) == "whole");
  CHECK_FALSE(std::filesystem::exists(from));
  const Status s = sync::RenameDurably(dir.File("missing.part"), dir.File("missing"));
  CHECK(s.code() == ErrorCode::kIoError);
  CHECK_THAT(s.message(), Catch::Contains("missing"));
}
