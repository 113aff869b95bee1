// Station databases of every earlier node schema (tests/fixtures/node-schemas, written by
// make_fixtures.py there) open in this build: migrated to the current version, with their
// accounts, cases, change log and case counters as they were, and ready for new work.
#include <zstd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <string>

#include "node/store_fixture.h"
#include "tongban/node/store/node_store.h"
#include "tongban/sync/sqlite.h"
#include "test_support.h"

using namespace tongban;
using namespace tongban::node;

namespace {

constexpr int kLastFixture = 10;  // the node schema before replication schema 3
constexpr const char* kPassword = "fixture-pass-1234";

// The fixture of `version`, decompressed into `dir`.
std::string Unpack(const test::TempDir& dir, int version) {
  const std::string name = "node-schema-" + std::to_string(version) + ".db";
  std::ifstream in(std::string(TONGBAN_SOURCE_DIR) + "/tests/fixtures/node-schemas/" + name + ".zst",
                   std::ios::binary);
  REQUIRE(in);
  const std::string packed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto size = ZSTD_getFrameContentSize(packed.data(), packed.size());
  REQUIRE(size != ZSTD_CONTENTSIZE_ERROR);
  REQUIRE(size != ZSTD_CONTENTSIZE_UNKNOWN);
  std::string plain(size, '\0');
  REQUIRE(ZSTD_decompress(plain.data(), plain.size(), packed.data(), packed.size()) == size);
  const std::string path = dir.File(name);
  std::ofstream(path, std::ios::binary) << plain;
  return path;
}

int UserVersion(const std::string& path) {
  auto db = sync::Database::Open(path);
  REQUIRE(db.ok());
  auto* st = *(*db)->Prepare("PRAGMA user_version");
  REQUIRE(*st->Step());
  return static_cast<int>(st->Int(0));
}

}  // namespace

TEST_CASE("a station of every earlier schema opens migrated with its work intact") {
  const int version = GENERATE(range(1, kLastFixture + 1));
  INFO("node schema " << version);
  test::TempDir dir;
  const std::string path = Unpack(dir, version);
  REQUIRE(UserVersion(path) == version);
  test::FakeWallClock clock(1'796'608'800'000);  // 2026-12-07 10:00 in China: the cases' day
  auto store = NodeStore::Open(path, clock);
  REQUIRE(store.ok());
  CHECK((*store)->schema_version() > kLastFixture);
  CHECK((*store)->identity().code == "QS-FX01");

  // Accounts: the clerk signs in with the password set under the old schema.
  auto clerk = (*store)->Login("wangli", kPassword);
  REQUIRE(clerk.ok());
  CHECK((*store)->Login("admin", kPassword).ok());

  // Cases as they were, with materials, the commitment for the tolerated one, timelines.
  auto first = (*store)->GetCase("QS-FX01-20261207-0001");
  REQUIRE(first.ok());
  CHECK(first->applicant_name == "陈桂兰");
  CHECK(first->applicant_phone == "13812345678");
  CHECK(first->status == CaseStatus::kReceived);
  CHECK(first->note.empty());
  CHECK_FALSE(first->materials.empty());
  CHECK_FALSE(first->events.empty());
  auto second = (*store)->GetCase("QS-FX01-20261207-0002");
  REQUIRE(second.ok());
  CHECK(second->applicant_name == "张建国");
  bool tolerated = false;
  for (const auto& m : second->materials) tolerated |= m.code == "M05" && m.state == MaterialState::kTolerated;
  CHECK(tolerated);
  CHECK(second->commitments.size() == 1);

  // The change log still holds everything unsent, as the hub will need it.
  auto changes = (*store)->ReadChanges(0, 100);
  REQUIRE(changes.ok());
  CHECK(changes->size() == 9);

  // New work: the next number follows the day's counter; the remark of schema 11 is kept.
  IntakeRequest req;
  req.item_code = "11339901004171587U0503300310010001";  // 高龄津贴申领
  req.applicant_name = "李秀英";
  req.applicant_id = "330102196001010043";
  req.note = "申请人行动不便，结果请邮寄";
  auto third = (*store)->Intake(*clerk, req);
  REQUIRE(third.ok());
  CHECK(third->case_no == "QS-FX01-20261207-0003");
  CHECK(third->note == "申请人行动不便，结果请邮寄");
  const int migrated = (*store)->schema_version();
  store->reset();
  CHECK(UserVersion(path) == migrated);  // written to the file, not only known in memory
}
