#include <sys/stat.h>

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

TEST_CASE("a durable file gets the mode asked for whatever the umask or else follows the umask") {
  test::TempDir dir;
  namespace fs = std::filesystem;
  const auto perms = [](const std::string& p) { return fs::status(p).permissions() & fs::perms::all; };
  const mode_t before = ::umask(0);
  // A secret: the owner's only, even under a umask that lets everyone read.
  REQUIRE(sync::WriteFileDurably(dir.File("secret"), "s", 0600).ok());
  CHECK(perms(dir.File("secret")) == (fs::perms::owner_read | fs::perms::owner_write));
  // Anything else follows the umask, as a new file does: here readable by all...
  REQUIRE(sync::WriteFileDurably(dir.File("open"), "o").ok());
  CHECK((perms(dir.File("open")) & fs::perms::others_read) != fs::perms::none);
  // ...and under 077 by its owner only.
  ::umask(077);
  REQUIRE(sync::WriteFileDurably(dir.File("closed"), "c").ok());
  CHECK(perms(dir.File("closed")) == (fs::perms::owner_read | fs::perms::owner_write));
  ::umask(before);
}
