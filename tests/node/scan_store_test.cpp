// Scans attached to a case's materials: limits, types told by content, one copy of each
// content, the timeline, and the repository side the chunked transfer uses.
#include "tongban/node/store/scan_store.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <random>

#include "node/store_fixture.h"
#include "tongban/sync/sqlite.h"

using namespace tongban;
using namespace tongban::node;
using tongban::test::StoreFixture;
namespace t = tongban::test;

namespace {

// Bytes that start like a JPEG (or `magic`) and do not compress.
std::string FakeScan(std::size_t size, std::uint32_t seed, std::string magic = "\xFF\xD8\xFF\xE0") {
  std::mt19937 rng(seed);
  std::string s(size, '\0');
  for (auto& c : s) c = static_cast<char>(rng());
  s.replace(0, magic.size(), magic);
  return s;
}

std::string WriteFile(const t::TempDir& dir, const std::string& name, const std::string& bytes) {
  const auto path = dir.File(name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

std::int64_t Count(NodeStore& store, const std::string& sql) {
  auto st = store.database().Prepare(sql);
  REQUIRE(st.ok());
  REQUIRE(*(*st)->Step());
  const auto n = (*st)->Int(0);
  (*st)->Reset();
  return n;
}

}  // namespace

TEST_CASE("an attached scan is recorded, logged on the timeline and exported byte for byte", "[scans]") {
  StoreFixture f;
  auto c = f.store->Intake(f.clerk, f.Request(t::kElderly));
  REQUIRE(c.ok());
  ScanStore scans(*f.store);
  const std::string bytes = FakeScan(700'000, 1);  // three chunks
  const auto path = WriteFile(f.dir, "户口簿.jpg", bytes);
  const auto before = f.ChangeCount();

  auto r = scans.Attach(f.clerk, c->case_no, "M02", path);
  INFO(r.status().message());
  REQUIRE(r.ok());
  CHECK(r->added);
  CHECK(r->scan.material == "M02");
  CHECK(r->scan.mime == "image/jpeg");
  CHECK(r->scan.size == 700'000);
  CHECK(r->scan.sha256 == sync::Sha256::Hex(bytes));
  CHECK(r->scan.file_name == "户口簿.jpg");
  CHECK(r->scan.added_by == "clerk");
  CHECK(r->scan.held);
  CHECK_FALSE(r->scan.at_hub);
  // One record and one timeline event, in one transaction.
  CHECK(f.ChangeCount() == before + 2);
  auto changes = f.store->ReadChanges(before, 10);
  REQUIRE(changes->size() == 2);
  CHECK((*changes)[0].table == "case_scans");
  CHECK((*changes)[1].table == "case_events");
  auto kase = f.store->GetCase(c->case_no);
  REQUIRE(kase.ok());
  const auto event = std::find_if(kase->events.begin(), kase->events.end(),
                                  [](const CaseEvent& e) { return e.action == "scan"; });
  REQUIRE(event != kase->events.end());
  CHECK(event->user == "clerk");
  CHECK_THAT(event->detail, Catch::Contains("M02") && Catch::Contains("户口簿.jpg"));

  auto list = scans.List(c->case_no);
  REQUIRE(list.ok());
  REQUIRE(list->size() == 1);
  CHECK((*list)[0].sha256 == r->scan.sha256);

  const auto out = f.dir.File("out.jpg");
  REQUIRE(scans.Export(r->scan.sha256, out).ok());
  CHECK(Slurp(out) == bytes);
}

TEST_CASE("the same content is one scan per material and one copy per node", "[scans]") {
  StoreFixture f;
  auto c = f.store->Intake(f.clerk, f.Request(t::kElderly));
  ScanStore scans(*f.store);
  const std::string bytes = FakeScan(300'000, 2);
  REQUIRE(scans.AttachBytes(f.clerk, c->case_no, "M01", bytes, "id.jpg").ok());
  const auto changes = f.ChangeCount();
  const auto chunks = Count(*f.store, "SELECT COUNT(*) FROM scan_chunks");

  auto again = scans.AttachBytes(f.clerk, c->case_no, "M01", bytes, "id-again.jpg");
  REQUIRE(again.ok());
  CHECK_FALSE(again->added);
  CHECK(again->scan.file_name == "id.jpg");
  CHECK(f.ChangeCount() == changes);

  // On another material it is another scan, but the bytes are stored once.
  auto other = scans.AttachBytes(f.processor, c->case_no, "M03", bytes, "id.jpg");
  REQUIRE(other.ok());
  CHECK(other->added);
  CHECK(scans.List(c->case_no)->size() == 2);
  CHECK(Count(*f.store, "SELECT COUNT(*) FROM scan_chunks") == chunks);
  CHECK(Count(*f.store, "SELECT COUNT(*) FROM scan_content") == 1);
}

TEST_CASE("types are told by content and every limit is refused with one clear line", "[scans]") {
  StoreFixture f;
  auto c = f.store->Intake(f.clerk, f.Request(t::kElderly));
  ScanStore scans(*f.store);
  CHECK(scans.AttachBytes(f.clerk, c->case_no, "M01", FakeScan(5000, 3, "\x89PNG\r\n\x1A\n"), "a")
            ->scan.mime == "image/png");
  CHECK(scans.AttachBytes(f.clerk, c->case_no, "M01", FakeScan(5000, 4, "%PDF-1.7\n"), "a")
            ->scan.mime == "application/pdf");
  const auto changes = f.ChangeCount();

  struct Row {
    const char* what;
    Status status;
    ErrorCode code;
    const char* says;
  };
  const Row rows[] = {
      {"a text file named .jpg",
       scans.Attach(f.clerk, c->case_no, "M01", WriteFile(f.dir, "fake.jpg", "hello, not a scan"))
           .status(),
       ErrorCode::kInvalidArgument, "fake.jpg is not a JPEG, PNG or PDF file"},
      {"over 20 MiB",
       scans.Attach(f.clerk, c->case_no, "M01",
                    WriteFile(f.dir, "big.jpg", FakeScan((20u << 20) + 1, 5)))
           .status(),
       ErrorCode::kInvalidArgument, "a scan may have at most 20 MiB"},
      {"empty", scans.Attach(f.clerk, c->case_no, "M01", WriteFile(f.dir, "empty.pdf", "")).status(),
       ErrorCode::kInvalidArgument, "empty.pdf is empty"},
      {"no such file", scans.Attach(f.clerk, c->case_no, "M01", f.dir.File("missing.jpg")).status(),
       ErrorCode::kNotFound, "cannot read scan file"},
      {"material of another item",
       scans.AttachBytes(f.clerk, c->case_no, "M09", FakeScan(100, 6), "x.jpg").status(),
       ErrorCode::kInvalidArgument, "material 'M09' is not part of case"},
      {"unknown case", scans.AttachBytes(f.clerk, "QS-JX01-20260212-0999", "M01", FakeScan(100, 7), "x").status(),
       ErrorCode::kNotFound, "no case numbered"},
      {"an admin", scans.AttachBytes(f.admin, c->case_no, "M01", FakeScan(100, 8), "x").status(),
       ErrorCode::kPermissionDenied, "admins attach no scans"},
  };
  for (const auto& row : rows) {
    INFO(row.what << ": " << row.status.message());
    CHECK(row.status.code() == row.code);
    CHECK_THAT(row.status.message(), Catch::Contains(row.says));
    CHECK(row.status.message().find('\n') == std::string::npos);
  }
  // Exactly 20 MiB is allowed.
  CHECK(scans.AttachBytes(f.clerk, c->case_no, "M01", FakeScan(20u << 20, 9), "max.jpg").ok());
  CHECK(f.ChangeCount() == changes + 2);
}

TEST_CASE("scans attached here wait for upload until the hub confirms them", "[scans]") {
  StoreFixture f;
  auto c = f.store->Intake(f.clerk, f.Request(t::kElderly));
  ScanStore scans(*f.store);
  const std::string bytes = FakeScan(600'000, 10);
  auto r = scans.AttachBytes(f.clerk, c->case_no, "M01", bytes, "a.jpg");
  REQUIRE(r.ok());
  auto pending = scans.PendingUploads();
  REQUIRE(pending->size() == 1);
  CHECK((*pending)[0].size == 600'000);
  // Chunks read across the pieces the content is stored in.
  CHECK(*scans.ReadChunk(r->scan.sha256, 200'000, 200'000) == bytes.substr(200'000, 200'000));
  CHECK(*scans.ReadChunk(r->scan.sha256, 500'000, 262'144) == bytes.substr(500'000));
  REQUIRE(scans.ConfirmUploaded(r->scan.sha256).ok());
  CHECK(scans.PendingUploads()->empty());
  CHECK(scans.List(c->case_no)->at(0).at_hub);
  // A station does not fetch scans of cases another office processes.
  CHECK(scans.PendingDownloads()->empty());
}

TEST_CASE("the processing office fetches what it lacks, and keeps it only when it matches", "[scans]") {
  StoreFixture f(NodeKind::kTownship, "QS-JX", "");
  auto c = f.store->Intake(f.clerk, f.Request(t::kElderly));
  REQUIRE(c.ok());
  REQUIRE(c->processing_office == "QS-JX");
  ScanStore scans(*f.store);
  const std::string bytes = FakeScan(400'000, 11);
  auto r = scans.AttachBytes(f.clerk, c->case_no, "M01", bytes, "a.jpg");
  REQUIRE(r.ok());
  // As if the record had come from the hub without its content.
  REQUIRE(f.store->database().Exec("DELETE FROM scan_content").ok());
  auto pending = scans.PendingDownloads();
  REQUIRE(pending->size() == 1);
  const sync::ScanInfo info = (*pending)[0];
  CHECK(info.sha256 == r->scan.sha256);
  CHECK_FALSE(scans.List(c->case_no)->at(0).held);

  // A damaged byte: the whole download is dropped and starts again.
  std::string damaged = bytes;
  damaged[300'000] ^= 0x01;
  REQUIRE(scans.AppendChunk(info, 0, std::string_view(damaged).substr(0, 262'144)).ok());
  CHECK(*scans.HeldBytes(info.sha256) == 262'144);
  REQUIRE(scans.AppendChunk(info, 262'144, std::string_view(damaged).substr(262'144)).ok());
  auto bad = scans.FinishDownload(info.sha256);
  CHECK(bad.code() == ErrorCode::kCorruption);
  CHECK(*scans.HeldBytes(info.sha256) == 0);
  CHECK(scans.PendingDownloads()->size() == 1);

  // A chunk that does not start where the download stands is not stored.
  CHECK_FALSE(scans.AppendChunk(info, 1000, "xyz").ok());
  REQUIRE(scans.AppendChunk(info, 0, std::string_view(bytes).substr(0, 262'144)).ok());
  REQUIRE(scans.AppendChunk(info, 262'144, std::string_view(bytes).substr(262'144)).ok());
  REQUIRE(scans.FinishDownload(info.sha256).ok());
  CHECK(scans.PendingDownloads()->empty());
  CHECK(*scans.Content(info.sha256) == bytes);
  CHECK(scans.List(c->case_no)->at(0).held);
}

TEST_CASE("a scan not held here says why it cannot be exported", "[scans]") {
  StoreFixture f;
  ScanStore scans(*f.store);
  CHECK(scans.Export("nothex", f.dir.File("x")).code() == ErrorCode::kInvalidArgument);
  auto missing = scans.Export(std::string(64, 'a'), f.dir.File("x"));
  CHECK(missing.code() == ErrorCode::kNotFound);
  CHECK_THAT(missing.message(), Catch::Contains("is not held on this node"));
}
