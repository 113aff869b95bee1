// Bundle files (format in tongban/sync/bundle.h): read back as written, checked whole
// before anything is applied, written in bounded sections.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_support.h"
#include "tongban/sync/bundle.h"
#include "tongban/sync/compression.h"
#include "tongban/sync/sm2.h"
#include "tongban/sync/scan_transfer.h"

using namespace tongban;

namespace {

const std::string kKey = sync::BundleKey("secret of QS-FD01");

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void Write(const std::string& path, std::string_view bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

sync::Change ChangeAt(std::int64_t seq, const std::string& text) {
  sync::Change c;
  c.seq = seq;
  c.hlc = static_cast<sync::Hlc>(seq) << 16;
  c.table = "cases";
  c.row = sync::RowId::Generate(1'700'000'000'000 + seq);
  c.node = "QS-FD01";
  c.user = "field";
  c.fields.push_back({"note", text, 0});
  return c;
}

sync::PushRequest Page(std::int64_t from, int n) {
  sync::PushRequest p{7, "QS-FD01", from, {}};
  for (int i = 1; i <= n; ++i) p.changes.push_back(ChangeAt(from + i, "走访记录 " + std::to_string(from + i)));
  return p;
}

sync::BundleScan Scan(char fill, std::size_t size) {
  std::string data(size, fill);
  return {sync::Sha256::Hex(data), "image/jpeg", std::move(data)};
}

sync::BundleHeader ChangesHeader() {
  return {sync::BundleKind::kChanges, "QS-FD01", 7, 1'700'000'000'000, 42};
}

// A node's bundle: three push pages, two scans, one list of wanted scans.
void WriteChanges(const std::string& path, const sync::BundleScan& second_scan = Scan('b', 3000)) {
  auto writer = sync::BundleWriter::Create(path, ChangesHeader(), kKey);
  REQUIRE(writer.ok());
  for (int page = 0; page < 3; ++page) REQUIRE(*(*writer)->Add(Page(page * 100, 100)));
  REQUIRE(*(*writer)->Add(Scan('a', 5000)));
  REQUIRE(*(*writer)->Add(second_scan));
  REQUIRE(*(*writer)->Add(sync::ScansWanted{{std::string(64, 'c')}}));
  REQUIRE((*writer)->Finish().ok());
}

struct Seen {
  std::vector<sync::BundleSection> sections;
  Status Take(sync::BundleSection&& s) {
    sections.push_back(std::move(s));
    return Status::Ok();
  }
};

Status ReadInto(const std::string& path, Seen& seen, std::string_view key = kKey) {
  return sync::ReadBundle(
      path, key, [](const sync::BundleHeader&) { return Status::Ok(); },
      [&seen](sync::BundleSection&& s) { return seen.Take(std::move(s)); });
}

}  // namespace

TEST_CASE("a streamed bundle reads back section by section, in the order written") {
  test::TempDir dir;
  const std::string path = dir.File("laptop.bundle");
  WriteChanges(path);
  CHECK_FALSE(std::filesystem::exists(path + ".part"));

  auto header = sync::PeekBundle(path);
  REQUIRE(header.ok());
  CHECK(header->format == sync::kBundleFormat);
  CHECK(header->node == "QS-FD01");
  CHECK(header->pull_cursor == 42);

  Seen seen;
  REQUIRE(ReadInto(path, seen).ok());
  REQUIRE(seen.sections.size() == 6);
  for (int page = 0; page < 3; ++page) {
    const auto& push = std::get<sync::PushRequest>(seen.sections[page]);
    CHECK(push.from_seq == page * 100);
    REQUIRE(push.changes.size() == 100);
    CHECK(push.changes.back().seq == page * 100 + 100);
    CHECK(push.changes.front().fields[0].value == "走访记录 " + std::to_string(page * 100 + 1));
  }
  CHECK(std::get<sync::BundleScan>(seen.sections[3]).data == std::string(5000, 'a'));
  CHECK(std::get<sync::BundleScan>(seen.sections[4]).sha256 == Scan('b', 3000).sha256);
  CHECK(std::get<sync::ScansWanted>(seen.sections[5]).sha256 == std::vector{std::string(64, 'c')});
}

TEST_CASE("a bundle cut short anywhere is refused whole before anything is applied") {
  test::TempDir dir;
  const std::string path = dir.File("laptop.bundle");
  WriteChanges(path);
  const std::string whole = Read(path);
  const std::string cut = dir.File("cut.bundle");
  int refused = 0;
  for (std::size_t at = 0; at < whole.size(); at += (at < 200 ? 1 : 97)) {
    Write(cut, whole.substr(0, at));
    Seen seen;
    const Status s = ReadInto(cut, seen);
    INFO("cut at " << at << " of " << whole.size() << ": " << s.message());
    CHECK(s.code() == ErrorCode::kCorruption);
    CHECK(seen.sections.empty());
    ++refused;
  }
  CHECK(refused > 100);
  // Cut exactly before the end section: every section is whole, but the end is missing.
  Write(cut, whole.substr(0, whole.size() - 5 - 32));
  Seen seen;
  CHECK_THAT(ReadInto(cut, seen).message(), Catch::Contains("cut short"));
  CHECK(seen.sections.empty());
}

TEST_CASE("an altered bundle, or one read with another node's key, is refused whole") {
  test::TempDir dir;
  const std::string path = dir.File("laptop.bundle");
  WriteChanges(path);
  const std::string whole = Read(path);
  const std::string altered = dir.File("altered.bundle");
  for (std::size_t at = 16; at < whole.size(); at += 331) {
    std::string bytes = whole;
    bytes[at] ^= 0x01;
    Write(altered, bytes);
    Seen seen;
    const Status s = ReadInto(altered, seen);
    INFO("byte " << at << ": " << s.message());
    CHECK_FALSE(s.ok());
    CHECK(seen.sections.empty());
  }
  Seen seen;
  const Status foreign = ReadInto(path, seen, sync::BundleKey("secret of QS-FD02"));
  CHECK(foreign.code() == ErrorCode::kPermissionDenied);
  CHECK_THAT(foreign.message(), Catch::Contains("nothing was applied"));
  CHECK(seen.sections.empty());

  Write(altered, whole + "x");
  CHECK_THAT(ReadInto(altered, seen).message(), Catch::Contains("after its end"));
  CHECK(seen.sections.empty());
}

TEST_CASE("a scan whose bytes are not the ones its address names refuses the whole bundle") {
  test::TempDir dir;
  const std::string path = dir.File("laptop.bundle");
  sync::BundleScan forged = Scan('b', 3000);
  forged.data[1000] ^= 0x01;
  WriteChanges(path, forged);  // signed with the right key
  Seen seen;
  const Status s = ReadInto(path, seen);
  CHECK(s.code() == ErrorCode::kCorruption);
  CHECK_THAT(s.message(), Catch::Contains("is damaged"));
  CHECK(seen.sections.empty());
}

TEST_CASE("the header is judged after the whole file is checked and before anything is applied") {
  test::TempDir dir;
  const std::string path = dir.File("laptop.bundle");
  WriteChanges(path);
  Seen seen;
  const Status s = sync::ReadBundle(
      path, kKey, [](const sync::BundleHeader& h) { return PermissionDenied("not for " + h.node); },
      [&seen](sync::BundleSection&& x) { return seen.Take(std::move(x)); });
  CHECK(s.message() == "not for QS-FD01");
  CHECK(seen.sections.empty());
}

TEST_CASE("the writer keeps the order, bounds every section and leaves no part file behind") {
  test::TempDir dir;
  const std::string path = dir.File("laptop.bundle");
  {
    auto writer = sync::BundleWriter::Create(path, ChangesHeader(), kKey);
    REQUIRE(writer.ok());
    // A reply's sections do not belong in a node's bundle, and pages come before scans.
    CHECK((*writer)->Add(sync::PullReply{}).status().code() == ErrorCode::kInternal);
    REQUIRE(*(*writer)->Add(Page(0, 1)));
    REQUIRE(*(*writer)->Add(Scan('a', 10)));
    CHECK((*writer)->Add(Page(1, 1)).status().code() == ErrorCode::kInternal);
    // Larger than a section may be: nothing written, the caller splits it.
    sync::PushRequest huge = Page(1, 0);
    for (int i = 0; i < 400; ++i) huge.changes.push_back(ChangeAt(2 + i, std::string(64 * 1024, 'x')));
    const std::uint64_t before = (*writer)->bytes();
    auto added = (*writer)->Add(huge);
    REQUIRE(added.ok());
    CHECK_FALSE(*added);
    CHECK((*writer)->bytes() == before);
    CHECK(std::filesystem::exists(path + ".part"));
  }  // dropped before Finish
  CHECK_FALSE(std::filesystem::exists(path + ".part"));
  CHECK_FALSE(std::filesystem::exists(path));

  // A bundle without its push page says so.
  auto writer = sync::BundleWriter::Create(path, ChangesHeader(), kKey);
  REQUIRE(writer.ok());
  CHECK((*writer)->Finish().code() == ErrorCode::kInternal);
}

TEST_CASE("a reply to a node one version behind is written in format 2 and reads back whole") {
  test::TempDir dir;
  const std::string path = dir.File("reply.bundle");
  sync::BundleHeader header{sync::BundleKind::kReply, "QS-FD01", 7, 1'700'000'000'000, 0,
                            sync::kLegacyBundleFormat};
  auto writer = sync::BundleWriter::Create(path, header, kKey);
  REQUIRE(writer.ok());
  sync::PushReply push;
  push.acked_seq = 300;
  push.applied = 300;
  REQUIRE(*(*writer)->Add(push));
  sync::PullReply first{10, true, Page(0, 5).changes, {}, 2, 0};
  sync::PullReply second{20, false, Page(5, 5).changes, {}, 3, 0};
  REQUIRE(*(*writer)->Add(first));
  REQUIRE(*(*writer)->Add(second));
  REQUIRE(*(*writer)->Add(Scan('z', 100)));
  REQUIRE(*(*writer)->Add(sync::ScansHeld{{Scan('a', 5000).sha256}}));
  REQUIRE((*writer)->Finish().ok());

  CHECK(sync::PeekBundle(path)->format == 2);
  Seen seen;
  REQUIRE(ReadInto(path, seen).ok());
  REQUIRE(seen.sections.size() == 4);
  CHECK(std::get<sync::PushReply>(seen.sections[0]).acked_seq == 300);
  const auto& pull = std::get<sync::PullReply>(seen.sections[1]);
  CHECK(pull.changes.size() == 10);
  CHECK(pull.cursor == 20);
  CHECK_FALSE(pull.more);
  CHECK(pull.open_conflicts == 3);
  CHECK(std::get<sync::BundleScan>(seen.sections[2]).data == std::string(100, 'z'));
  CHECK(std::get<sync::ScansHeld>(seen.sections[3]).sha256.size() == 1);
}

TEST_CASE("a bundle of a later format says to update Tongban") {
  test::TempDir dir;
  const std::string path = dir.File("laptop.bundle");
  WriteChanges(path);
  std::string bytes = Read(path);
  bytes[8] = 9;
  Write(path, bytes);
  const auto header = sync::PeekBundle(path);
  CHECK(header.status().code() == ErrorCode::kInvalidArgument);
  CHECK_THAT(header.status().message(), Catch::Contains("update Tongban"));
}

namespace {

sync::Sm2Key NewKey() {
  auto k = sync::Sm2Key::Generate();
  REQUIRE(k.ok());
  return std::move(*k);
}

sync::Sm2PublicKey PublicOf(const sync::Sm2Key& k) { return *sync::Sm2PublicKey::FromDer(k.PublicDer()); }

// A resident's visit: name, ID number and phone in a change and in a scan's bytes.
void WriteVisit(const std::string& path, int format, const sync::Sm2Key* signer = nullptr) {
  sync::BundleHeader h = ChangesHeader();
  h.format = format;
  auto writer = sync::BundleWriter::Create(path, h, kKey, signer);
  REQUIRE(writer.ok());
  sync::PushRequest page = Page(0, 0);
  page.changes.push_back(ChangeAt(1, "王秀英 110101199003074514 13800138000"));
  REQUIRE(*(*writer)->Add(page));
  const std::string scan = "%PDF-1.4 王秀英 110101199003074514";
  REQUIRE(*(*writer)->Add(sync::BundleScan{sync::Sha256::Hex(scan), "application/pdf", scan}));
  REQUIRE((*writer)->Finish().ok());
}

std::size_t Count(const std::string& haystack, std::string_view needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("a node's bundle shows nothing of what it carries to whoever finds the stick") {
  test::TempDir dir;
  const std::string plain = dir.File("format3.bundle"), sealed = dir.File("format4.bundle");
  WriteVisit(plain, sync::kPlainBundleFormat);
  WriteVisit(sealed, sync::kBundleFormat);
  const std::string zstd_magic("\x28\xb5\x2f\xfd", 4);
  // Format 3 holds zstd frames anyone can open; format 4 holds none.
  CHECK(Count(Read(plain), zstd_magic) == 2);
  const std::string bytes = Read(sealed);
  CHECK(Count(bytes, zstd_magic) == 0);
  for (const char* secret : {"王秀英", "110101199003074514", "13800138000", "%PDF"})
    CHECK(Count(bytes, secret) == 0);
  // Each bundle takes a fresh nonce: the same content never looks the same twice.
  WriteVisit(dir.File("again.bundle"), sync::kBundleFormat);
  CHECK(Read(dir.File("again.bundle")).substr(200) != bytes.substr(200));

  Seen seen;
  REQUIRE(ReadInto(sealed, seen).ok());
  REQUIRE(seen.sections.size() == 2);
  CHECK(std::get<sync::PushRequest>(seen.sections[0]).changes[0].fields[0].value ==
        "王秀英 110101199003074514 13800138000");
  CHECK(std::get<sync::BundleScan>(seen.sections[1]).data == "%PDF-1.4 王秀英 110101199003074514");
}

TEST_CASE("a node's signed bundle is checked against its key, and a copy of the hub's data cannot forge one") {
  test::TempDir dir;
  const sync::Sm2Key node = NewKey(), intruder = NewKey();
  const sync::Sm2PublicKey at_hub = PublicOf(node);
  const std::string path = dir.File("signed.bundle");
  WriteVisit(path, sync::kBundleFormat, &node);
  const auto read = [&](const std::string& p, const sync::Sm2PublicKey* signer, Seen& seen) {
    return sync::ReadBundle(
        p, kKey, [](const sync::BundleHeader&) { return Status::Ok(); },
        [&seen](sync::BundleSection&& s) { return seen.Take(std::move(s)); }, signer);
  };
  Seen ok;
  REQUIRE(read(path, &at_hub, ok).ok());
  CHECK(ok.sections.size() == 2);
  CHECK(sync::PeekBundle(path)->public_key == node.PublicDer());

  // The MAC key is a hash the hub keeps: with it alone a bundle can be written, signed
  // with another key or not at all. Neither passes for this node.
  const std::string forged = dir.File("forged.bundle"), unsigned_ = dir.File("unsigned.bundle"),
                    old = dir.File("format3.bundle");
  WriteVisit(forged, sync::kBundleFormat, &intruder);
  WriteVisit(unsigned_, sync::kBundleFormat);
  WriteVisit(old, sync::kPlainBundleFormat);
  for (const auto& p : {forged, unsigned_, old}) {
    Seen seen;
    const Status s = read(p, &at_hub, seen);
    INFO(p << ": " << s.message());
    CHECK(s.code() == ErrorCode::kPermissionDenied);
    CHECK_THAT(s.message(), Catch::Contains("nothing was applied"));
    CHECK(seen.sections.empty());
  }
  // A hub that holds no key yet checks the signature against the key the header names.
  Seen named;
  REQUIRE(read(forged, nullptr, named).ok());
  CHECK(sync::PeekBundle(forged)->public_key == intruder.PublicDer());

  // A signature that does not match the header's key is refused by such a hub too.
  std::string bytes = Read(path);
  const std::string node_b64 = sync::ToBase64(node.PublicDer());
  const std::string intruder_b64 = sync::ToBase64(intruder.PublicDer());
  REQUIRE(node_b64.size() == intruder_b64.size());
  bytes.replace(bytes.find(node_b64), node_b64.size(), intruder_b64);
  Write(dir.File("swapped.bundle"), bytes);
  Seen swapped;
  CHECK_FALSE(read(dir.File("swapped.bundle"), nullptr, swapped).ok());
  CHECK(swapped.sections.empty());
}

TEST_CASE("a bundle swapped for another between the check and the apply applies nothing") {
  test::TempDir dir;
  const sync::Sm2Key node = NewKey();
  const sync::Sm2PublicKey at_hub = PublicOf(node);
  const std::string path = dir.File("laptop.bundle"), other = dir.File("other.bundle");
  WriteVisit(path, sync::kBundleFormat, &node);
  WriteChanges(other);  // right MAC key, no signature
  Seen seen;
  const Status s = sync::ReadBundle(
      path, kKey,
      [&](const sync::BundleHeader&) {
        std::filesystem::copy_file(other, path, std::filesystem::copy_options::overwrite_existing);
        return Status::Ok();
      },
      [&seen](sync::BundleSection&& x) { return seen.Take(std::move(x)); }, &at_hub);
  CHECK(s.code() == ErrorCode::kCorruption);
  CHECK_THAT(s.message(), Catch::Contains("changed on the stick"));
  CHECK(seen.sections.empty());
}
