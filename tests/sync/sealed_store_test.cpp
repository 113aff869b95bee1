// Encrypted station files: the page cipher alone, then whole SQLite files through the
// sealed VFS (WAL, checkpoints, rollback journals, recovery after a crash), damage and
// wrong keys, and sealing a plain file in place.
#include <gcrypt.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "test_support.h"
#include "tongban/sync/page_cipher.h"
#include "tongban/sync/salvage.h"
#include "tongban/sync/sqlite.h"

using namespace tongban;
using sync::CipherSuite;
using sync::Database;
using sync::DataKey;
using sync::PageCipher;

namespace {

// What a lost laptop would give away: a resident's ID number, name and phone.
constexpr std::string_view kId = "110101199003077571";
constexpr std::string_view kName = "欧阳明远";
constexpr std::string_view kPhone = "13912345678";

std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void WriteAll(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
}

// Every file in the folder that holds any of the resident's details, as plain bytes.
std::vector<std::string> FilesShowing(const std::filesystem::path& dir) {
  std::vector<std::string> found;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    const std::string bytes = ReadAll(e.path());
    for (std::string_view secret : {kId, kName, kPhone})
      if (bytes.find(secret) != std::string::npos) found.push_back(e.path().filename().string());
  }
  return found;
}

// Residents enough that pages are written to the WAL, checkpointed and spread over
// many pages of the file.
void FillResidents(Database& db, int n) {
  REQUIRE(db.Exec("CREATE TABLE IF NOT EXISTS residents (k INTEGER PRIMARY KEY, id TEXT, "
                  "name TEXT, phone TEXT, note TEXT)")
              .ok());
  auto tx = sync::Transaction::Begin(db);
  REQUIRE(tx.ok());
  auto* ins = *db.Prepare("INSERT INTO residents (id, name, phone, note) VALUES (?1, ?2, ?3, ?4)");
  for (int i = 0; i < n; ++i)
    REQUIRE(ins->Bind(1, kId).Bind(2, kName).Bind(3, kPhone).Bind(4, std::string(200, 'n')).Run().ok());
  REQUIRE((*tx)->Commit().ok());
}

std::int64_t CountResidents(Database& db) {
  auto st = db.Prepare("SELECT count(*) FROM residents WHERE id = ?1 AND name = ?2");
  REQUIRE(st.ok());
  (*st)->Bind(1, kId).Bind(2, kName);
  auto row = (*st)->Step();
  REQUIRE(row.ok());
  const auto n = (*st)->Int(0);
  (*st)->Reset();
  return n;
}

std::unique_ptr<Database> OpenSealed(const std::string& path, const DataKey& key) {
  auto db = Database::Open(path, {.key = &key});
  INFO((db.ok() ? std::string() : db.status().message()));
  REQUIRE(db.ok());
  REQUIRE((*db)->Exec("PRAGMA journal_mode = WAL").ok());
  return std::move(*db);
}

// A sealed station file holding `n` residents, closed: the last connection checkpointed
// every page into the file.
std::string SealedStation(const test::TempDir& dir, const DataKey& key, int n) {
  const std::string path = dir.File("station.db");
  auto db = OpenSealed(path, key);
  FillResidents(*db, n);
  return path;
}

}  // namespace

TEST_CASE("a sealed page opens only unchanged, in its place, with its key") {
  for (CipherSuite suite : {CipherSuite::kSm4Gcm, CipherSuite::kSm4CtrHmacSm3, CipherSuite::kAes256Gcm}) {
    INFO(sync::CipherSuiteName(suite));
    const DataKey key = DataKey::Random(suite);
    auto cipher = PageCipher::Make(key);
    REQUIRE(cipher.ok());
    std::vector<std::uint8_t> page(4096);
    for (std::size_t i = 0; i + PageCipher::kSealBytes < page.size(); ++i)
      page[i] = static_cast<std::uint8_t>(i * 7);
    const auto plain = page;

    auto sealed = page;
    REQUIRE((*cipher)->Seal(sealed, 8192));
    CHECK(sealed != plain);
    auto again = plain;
    REQUIRE((*cipher)->Seal(again, 8192));
    CHECK(again != sealed);  // a fresh nonce every time

    auto copy = sealed;
    REQUIRE((*cipher)->Open(copy, 8192));
    CHECK(copy == plain);

    // Body, the nonce's first and last bytes (all 16 count, GCM too), the tag.
    for (std::size_t at : {std::size_t{0}, std::size_t{2000}, std::size_t{4064}, std::size_t{4079},
                           std::size_t{4090}}) {
      auto flipped = sealed;
      flipped[at] ^= 0x01;
      CHECK_FALSE((*cipher)->Open(flipped, 8192));
    }
    auto moved = sealed;
    CHECK_FALSE((*cipher)->Open(moved, 12288));  // a page copied to another place

    auto other = PageCipher::Make(DataKey::Random(suite));
    auto foreign = sealed;
    CHECK_FALSE((*other)->Open(foreign, 8192));
  }
}

TEST_CASE("a sealed database shows nothing of a resident in any of its files") {
  for (CipherSuite suite : {CipherSuite::kSm4Gcm, CipherSuite::kSm4CtrHmacSm3, CipherSuite::kAes256Gcm}) {
    INFO(sync::CipherSuiteName(suite));
    test::TempDir dir;
    const DataKey key = DataKey::Random(suite);
    const std::string path = dir.File("station.db");
    {
      auto db = OpenSealed(path, key);
      FillResidents(*db, 500);
      REQUIRE(db->Exec("PRAGMA wal_checkpoint(PASSIVE)").ok());
      FillResidents(*db, 50);  // these stay in the WAL, looked at while it is open
      CHECK(std::filesystem::file_size(path + "-wal") > 0);
      CHECK(FilesShowing(dir.path()).empty());
      CHECK(CountResidents(*db) == 550);
    }
    CHECK(FilesShowing(dir.path()).empty());
    auto db = OpenSealed(path, key);
    CHECK(CountResidents(*db) == 550);
  }
  // The same rows in a plain file are there for anyone to read: the search above works.
  test::TempDir plain_dir;
  {
    auto db = Database::Open(plain_dir.File("plain.db"));
    REQUIRE(db.ok());
    FillResidents(**db, 10);
  }
  CHECK_FALSE(FilesShowing(plain_dir.path()).empty());
}

TEST_CASE("a damaged page of a sealed database is named and never served") {
  test::TempDir dir;
  const DataKey key = DataKey::Random(CipherSuite::kSm4CtrHmacSm3);
  const std::string path = SealedStation(dir, key, 300);
  std::string bytes = ReadAll(path);
  REQUIRE(bytes.size() > 10 * 4096);
  bytes[5 * 4096 + 1234] ^= 0x20;  // one bit of page 6
  WriteAll(path, bytes);

  auto db = Database::Open(path, {.key = &key});
  REQUIRE(db.ok());  // page 1 is intact
  auto st = (*db)->Prepare("SELECT count(*), sum(length(note)) FROM residents");
  REQUIRE(st.ok());
  auto row = (*st)->Step();
  REQUIRE_FALSE(row.ok());
  CHECK(row.status().code() == ErrorCode::kCorruption);
  CHECK_THAT(row.status().message(), Catch::Contains("page 6 of") &&
                                         Catch::Contains("fails its integrity check"));
}

TEST_CASE("a wrong key, a missing key and a plain file are told apart and change nothing") {
  test::TempDir dir;
  const DataKey key = DataKey::Random(CipherSuite::kSm4CtrHmacSm3);
  const std::string path = SealedStation(dir, key, 20);
  const std::string before = ReadAll(path);

  const DataKey wrong = DataKey::Random(CipherSuite::kSm4CtrHmacSm3);
  auto bad = Database::Open(path, {.create = false, .key = &wrong});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == ErrorCode::kPermissionDenied);
  CHECK_THAT(bad.status().message(), Catch::Contains("the key does not open"));

  {
    auto keyless = Database::Open(path, {.create = false});
    REQUIRE(keyless.ok());
    const Status st = (*keyless)->Exec("SELECT * FROM residents");
    CHECK(st.code() == ErrorCode::kCorruption);
  }
  CHECK(ReadAll(path) == before);

  const std::string plain_path = dir.File("plain.db");
  {
    auto plain = Database::Open(plain_path);
    REQUIRE(plain.ok());
    FillResidents(**plain, 1);
  }
  auto not_sealed = Database::Open(plain_path, {.create = false, .key = &key});
  REQUIRE_FALSE(not_sealed.ok());
  CHECK(not_sealed.status().code() == ErrorCode::kFailedPrecondition);
  CHECK_THAT(not_sealed.status().message(), Catch::Contains("is not encrypted"));
}

// A transaction larger than the page cache spills pages to the WAL before it commits,
// and SQLite then writes a page again over its own frame, image only (no header).
TEST_CASE("a sealed transaction larger than the cache spills to the WAL and commits whole") {
  test::TempDir dir;
  for (CipherSuite suite : {CipherSuite::kSm4Gcm, CipherSuite::kSm4CtrHmacSm3, CipherSuite::kAes256Gcm}) {
    INFO(sync::CipherSuiteName(suite));
    const DataKey key = DataKey::Random(suite);
    const std::string path = dir.File(std::string(sync::CipherSuiteName(suite)) + ".db");
    auto db = OpenSealed(path, key);
    REQUIRE(db->Exec("PRAGMA cache_size = 20").ok());
    REQUIRE(db->Exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)").ok());
    REQUIRE(db->Exec("CREATE INDEX t_v ON t (v)").ok());
    {
      auto tx = sync::Transaction::Begin(*db);
      REQUIRE(tx.ok());
      auto* ins = *db->Prepare("INSERT INTO t (k, v) VALUES (?1, ?2)");
      auto* upd = *db->Prepare("UPDATE t SET v = ?2 WHERE k = ?1");
      for (int i = 0; i < 3000; ++i) {
        INFO(i);
        REQUIRE(ins->Bind(1, i).Bind(2, std::string(300, static_cast<char>('a' + i % 26))).Run().ok());
        // Back to an early row: its page was spilled and is written again in place.
        REQUIRE(upd->Bind(1, i / 7).Bind(2, "v" + std::to_string(i)).Run().ok());
      }
      REQUIRE((*tx)->Commit().ok());
    }
    auto n = db->Prepare("SELECT count(*) FROM t");
    REQUIRE(n.ok());
    auto row = (*n)->Step();
    INFO((row.ok() ? "" : row.status().message()));
    REQUIRE(row.ok());
    REQUIRE(*row);
    CHECK((*n)->Int(0) == 3000);
    (*n)->Reset();
    auto check = db->Prepare("PRAGMA integrity_check");
    REQUIRE(check.ok());
    REQUIRE(*(*check)->Step());
    CHECK((*check)->Text(0) == "ok");
    (*check)->Reset();
    db.reset();  // the last connection checkpoints the WAL into the file
    auto again = OpenSealed(path, key);
    auto m = again->Prepare("SELECT count(*) FROM t");
    REQUIRE(m.ok());
    REQUIRE(*(*m)->Step());
    CHECK((*m)->Int(0) == 3000);
    (*m)->Reset();
  }
}

TEST_CASE("a sealed WAL cut short by a power cut keeps every commit before the cut") {
  test::TempDir dir;
  const DataKey key = DataKey::Random(CipherSuite::kSm4CtrHmacSm3);
  const std::string path = dir.File("station.db");
  const std::string copy = dir.File("copy.db");
  {
    auto db = OpenSealed(path, key);
    REQUIRE(db->Exec("PRAGMA wal_autocheckpoint = 0").ok());
    FillResidents(*db, 100);
    FillResidents(*db, 100);
    // The files as the power cut leaves them: the WAL never checkpointed, one sector of
    // its last frame's page never written.
    std::filesystem::copy_file(path, copy);
    std::string wal = ReadAll(path + "-wal");
    REQUIRE(wal.size() > 3 * (4096 + 24));
    REQUIRE((wal.size() - 32) % (4096 + 24) == 0);
    wal.replace(wal.size() - 1024, 512, std::string(512, '\0'));
    WriteAll(copy + "-wal", wal);
  }
  auto db = OpenSealed(copy, key);
  CHECK(CountResidents(*db) == 100);  // the second transaction lost its commit frame
  FillResidents(*db, 1);               // and the log goes on from there
  CHECK(CountResidents(*db) == 101);
}

TEST_CASE("a sealed database rolls back through its journal") {
  test::TempDir dir;
  const DataKey key = DataKey::Random(CipherSuite::kAes256Gcm);
  const std::string path = dir.File("station.db");
  auto db = Database::Open(path, {.key = &key});
  REQUIRE(db.ok());
  REQUIRE((*db)->Exec("PRAGMA journal_mode = DELETE").ok());
  REQUIRE((*db)->Exec("PRAGMA cache_size = 4").ok());  // the transaction spills to the file
  FillResidents(**db, 200);
  {
    auto tx = sync::Transaction::Begin(**db);
    REQUIRE(tx.ok());
    REQUIRE((*db)->Exec("UPDATE residents SET name = 'x', note = zeroblob(300)").ok());
    REQUIRE(std::filesystem::exists(path + "-journal"));
    CHECK(FilesShowing(dir.path()).empty());
  }  // rolled back: the old pages come back from the journal
  CHECK(CountResidents(**db) == 200);
  CHECK(FilesShowing(dir.path()).empty());
}

TEST_CASE("a plain station file is sealed in place and keeps every row") {
  test::TempDir dir;
  const std::string path = dir.File("station.db");
  {
    auto db = Database::Open(path);
    REQUIRE(db.ok());
    REQUIRE((*db)->Exec("PRAGMA journal_mode = WAL").ok());
    FillResidents(**db, 400);
  }
  REQUIRE_FALSE(FilesShowing(dir.path()).empty());
  const DataKey key = DataKey::Random(CipherSuite::kSm4CtrHmacSm3);
  const Status sealed = sync::SealDatabase(path, key);
  INFO(sealed.message());
  REQUIRE(sealed.ok());
  CHECK(FilesShowing(dir.path()).empty());
  auto db = OpenSealed(path, key);
  CHECK(CountResidents(*db) == 400);
  FillResidents(*db, 1);
  CHECK(CountResidents(*db) == 401);

  // Sealing it again is refused: it is no longer plain.
  db.reset();
  const Status twice = sync::SealDatabase(path, key);
  CHECK_FALSE(twice.ok());
  auto still = OpenSealed(path, key);
  CHECK(CountResidents(*still) == 401);
}

namespace {

// The SM4 page format rebuilt with OpenSSL alone: HKDF-SM3 keys, SM4-CTR, HMAC-SM3 over
// position, nonce and ciphertext. The page cipher runs libgcrypt; both must agree.
std::vector<std::uint8_t> OpenSslDerive(const DataKey& key, std::string label, std::size_t n) {
  std::vector<std::uint8_t> out(n);
  EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
  EVP_KDF_CTX* ctx = EVP_KDF_CTX_new(kdf);
  char digest[] = "SM3";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<std::uint8_t*>(key.bytes.data()),
                                        key.bytes.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, label.data(), label.size()),
      OSSL_PARAM_construct_end()};
  REQUIRE(EVP_KDF_derive(ctx, out.data(), out.size(), params) == 1);
  EVP_KDF_CTX_free(ctx);
  EVP_KDF_free(kdf);
  return out;
}

}  // namespace

TEST_CASE("a sealed SM4 page is standard SM4-CTR and HMAC-SM3, as OpenSSL computes them") {
  const DataKey key = DataKey::Random(CipherSuite::kSm4CtrHmacSm3);
  auto cipher = PageCipher::Make(key);
  REQUIRE(cipher.ok());
  std::vector<std::uint8_t> page(4096);
  for (std::size_t i = 0; i < page.size() - PageCipher::kSealBytes; ++i) page[i] = static_cast<std::uint8_t>(i * 31 + 7);
  const auto plain = page;
  const std::uint64_t position = 0x0100000000003000;
  REQUIRE((*cipher)->Seal(page, position));
  const std::size_t n = page.size() - PageCipher::kSealBytes;
  const std::uint8_t* nonce = page.data() + n;
  const std::uint8_t* tag = nonce + 16;

  const auto mac_key = OpenSslDerive(key, "tongban page hmac-sm3", 32);
  std::vector<std::uint8_t> macced(8);
  for (int i = 0; i < 8; ++i) macced[i] = static_cast<std::uint8_t>(position >> (56 - 8 * i));
  macced.insert(macced.end(), nonce, nonce + 16);
  macced.insert(macced.end(), page.begin(), page.begin() + static_cast<std::ptrdiff_t>(n));
  unsigned char full[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  REQUIRE(HMAC(EVP_sm3(), mac_key.data(), static_cast<int>(mac_key.size()), macced.data(), macced.size(),
               full, &len) != nullptr);
  CHECK(std::equal(tag, tag + 16, full));

  const auto sm4_key = OpenSslDerive(key, "tongban page sm4-ctr", 16);
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  REQUIRE(EVP_DecryptInit_ex(ctx, EVP_sm4_ctr(), nullptr, sm4_key.data(), nonce) == 1);
  std::vector<std::uint8_t> out(n);
  int got = 0;
  REQUIRE(EVP_DecryptUpdate(ctx, out.data(), &got, page.data(), static_cast<int>(n)) == 1);
  EVP_CIPHER_CTX_free(ctx);
  CHECK(std::equal(out.begin(), out.end(), plain.begin()));
}

namespace {

std::vector<std::uint8_t> Hex(std::string_view hex) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  return out;
}

// A page sealed by a GCM suite, split as the seal lays it out.
struct GcmPage {
  std::vector<std::uint8_t> body, nonce, tag, plain;
  std::uint64_t position = 0x0200000000003018;  // a WAL image
  // What a WAL image's tag also covers: its frame header's page number, commit size, salts.
  std::vector<std::uint8_t> context = Hex("0000001b00000000c0ffee0012345678");
};
GcmPage SealedGcmPage(const DataKey& key) {
  auto cipher = PageCipher::Make(key);
  REQUIRE(cipher.ok());
  std::vector<std::uint8_t> page(4096);
  for (std::size_t i = 0; i < page.size() - PageCipher::kSealBytes; ++i) page[i] = static_cast<std::uint8_t>(i * 29 + 3);
  GcmPage g;
  const std::size_t n = page.size() - PageCipher::kSealBytes;
  g.plain.assign(page.begin(), page.begin() + static_cast<std::ptrdiff_t>(n));
  REQUIRE((*cipher)->Seal(page, g.position, g.context));
  g.body.assign(page.begin(), page.begin() + static_cast<std::ptrdiff_t>(n));
  g.nonce.assign(page.begin() + static_cast<std::ptrdiff_t>(n), page.begin() + static_cast<std::ptrdiff_t>(n) + 16);
  g.tag.assign(page.begin() + static_cast<std::ptrdiff_t>(n) + 16, page.end());
  return g;
}
std::vector<std::uint8_t> PositionBytes(std::uint64_t position) {
  std::vector<std::uint8_t> pos(8);
  for (int i = 0; i < 8; ++i) pos[i] = static_cast<std::uint8_t>(position >> (56 - 8 * i));
  return pos;
}

}  // namespace

TEST_CASE("libgcrypt's SM4-GCM gives RFC 8998's example") {
  REQUIRE(gcry_check_version(nullptr) != nullptr);
  const auto key = Hex("0123456789ABCDEFFEDCBA9876543210");
  const auto iv = Hex("00001234567800000000ABCD");
  const auto aad = Hex("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2");
  auto text = Hex("AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
                  "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA");
  gcry_cipher_hd_t h = nullptr;
  REQUIRE(gcry_cipher_open(&h, GCRY_CIPHER_SM4, GCRY_CIPHER_MODE_GCM, 0) == 0);
  REQUIRE(gcry_cipher_setkey(h, key.data(), key.size()) == 0);
  REQUIRE(gcry_cipher_setiv(h, iv.data(), iv.size()) == 0);
  REQUIRE(gcry_cipher_authenticate(h, aad.data(), aad.size()) == 0);
  REQUIRE(gcry_cipher_encrypt(h, text.data(), text.size(), nullptr, 0) == 0);
  std::vector<std::uint8_t> tag(16);
  REQUIRE(gcry_cipher_gettag(h, tag.data(), tag.size()) == 0);
  gcry_cipher_close(h);
  CHECK(text == Hex("17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
                    "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D"));
  CHECK(tag == Hex("83DE3541E4C2B58177E065A9BF7B62EC"));
}

TEST_CASE("a sealed SM4-GCM page is SM4-GCM with its 16-byte nonce as IV and its position and context as associated data") {
  const DataKey key = DataKey::Random(CipherSuite::kSm4Gcm);
  GcmPage g = SealedGcmPage(key);
  const auto sm4_key = OpenSslDerive(key, "tongban page sm4-gcm", 16);
  const auto pos = PositionBytes(g.position);
  gcry_cipher_hd_t h = nullptr;
  REQUIRE(gcry_cipher_open(&h, GCRY_CIPHER_SM4, GCRY_CIPHER_MODE_GCM, 0) == 0);
  REQUIRE(gcry_cipher_setkey(h, sm4_key.data(), sm4_key.size()) == 0);
  REQUIRE(gcry_cipher_setiv(h, g.nonce.data(), g.nonce.size()) == 0);
  REQUIRE(gcry_cipher_authenticate(h, pos.data(), pos.size()) == 0);
  REQUIRE(gcry_cipher_authenticate(h, g.context.data(), g.context.size()) == 0);
  REQUIRE(gcry_cipher_decrypt(h, g.body.data(), g.body.size(), nullptr, 0) == 0);
  CHECK(gcry_cipher_checktag(h, g.tag.data(), g.tag.size()) == 0);
  gcry_cipher_close(h);
  CHECK(g.body == g.plain);
}

// Stations sealed before the GCM suites moved to libgcrypt keep opening: OpenSSL, the
// library they were sealed with then, opens a page sealed now.
TEST_CASE("a sealed AES-256-GCM page opens with OpenSSL's AES-256-GCM") {
  const DataKey key = DataKey::Random(CipherSuite::kAes256Gcm);
  GcmPage g = SealedGcmPage(key);
  const auto aes_key = OpenSslDerive(key, "tongban page aes-256-gcm", 32);
  const auto pos = PositionBytes(g.position);
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  int len = 0;
  std::uint8_t end[16];
  REQUIRE(EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1);
  REQUIRE(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, 16, nullptr) == 1);
  REQUIRE(EVP_DecryptInit_ex(ctx, nullptr, nullptr, aes_key.data(), g.nonce.data()) == 1);
  REQUIRE(EVP_DecryptUpdate(ctx, nullptr, &len, pos.data(), 8) == 1);
  REQUIRE(EVP_DecryptUpdate(ctx, nullptr, &len, g.context.data(), static_cast<int>(g.context.size())) == 1);
  REQUIRE(EVP_DecryptUpdate(ctx, g.body.data(), &len, g.body.data(), static_cast<int>(g.body.size())) == 1);
  REQUIRE(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, 16, g.tag.data()) == 1);
  CHECK(EVP_DecryptFinal_ex(ctx, end, &len) == 1);
  EVP_CIPHER_CTX_free(ctx);
  CHECK(g.body == g.plain);
}

namespace {

std::uint32_t Get32Be(const std::string& b, std::size_t at) {
  return (std::uint32_t(std::uint8_t(b[at])) << 24) | (std::uint32_t(std::uint8_t(b[at + 1])) << 16) |
         (std::uint32_t(std::uint8_t(b[at + 2])) << 8) | std::uint32_t(std::uint8_t(b[at + 3]));
}
void Put32Be(std::string& b, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<char>(v >> (24 - 8 * i));
}
// A 32-bit word of the WAL as SQLite's checksum reads it: big-endian when the magic's
// low bit is set, else the machine's order (little-endian here).
std::uint32_t ChecksumWord(const std::string& b, std::size_t at, bool big) {
  if (big) return Get32Be(b, at);
  return std::uint32_t(std::uint8_t(b[at])) | (std::uint32_t(std::uint8_t(b[at + 1])) << 8) |
         (std::uint32_t(std::uint8_t(b[at + 2])) << 16) | (std::uint32_t(std::uint8_t(b[at + 3])) << 24);
}

}  // namespace

// What an attacker without the key can do to a WAL: SQLite's frame checksum is additive,
// so a changed header word shifts every later checksum by amounts that depend on the
// change alone. Two frames' page numbers swapped that way pass SQLite's checks; the seal
// must not.
TEST_CASE("a WAL frame moved to another page by its header is refused, not served") {
  test::TempDir dir;
  const DataKey key = DataKey::Random(CipherSuite::kSm4CtrHmacSm3);
  const std::string path = dir.File("station.db");
  const std::string copy = dir.File("copy.db");
  std::int64_t before = 0;
  {
    auto db = OpenSealed(path, key);
    REQUIRE(db->Exec("PRAGMA wal_autocheckpoint = 0").ok());
    FillResidents(*db, 60);
    REQUIRE(db->Exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
    before = CountResidents(*db);
    FillResidents(*db, 60);  // the transaction whose frames are forged
    FillResidents(*db, 5);   // a later commit: the forged frames had been synced
    std::filesystem::copy_file(path, copy);
    WriteAll(copy + "-wal", ReadAll(path + "-wal"));
  }
  std::string wal = ReadAll(copy + "-wal");
  constexpr std::size_t kFrame = 4096 + 24;
  const std::size_t frames = (wal.size() - 32) / kFrame;
  REQUIRE(frames >= 4);
  const bool big = Get32Be(wal, 0) & 1;
  // The first two frames with different page numbers.
  std::size_t a = 0, b = 1;
  while (b < frames && Get32Be(wal, 32 + b * kFrame) == Get32Be(wal, 32 + a * kFrame)) ++b;
  REQUIRE(b < frames);
  const std::uint32_t pa = Get32Be(wal, 32 + a * kFrame), pb = Get32Be(wal, 32 + b * kFrame);
  std::uint32_t d1 = 0, d2 = 0;  // how much the running checksum has moved
  for (std::size_t f = 0; f < frames; ++f) {
    const std::size_t at = 32 + f * kFrame;
    std::uint32_t delta = 0;
    if (f == a || f == b) {
      const std::uint32_t old_word = ChecksumWord(wal, at, big);
      Put32Be(wal, at, f == a ? pb : pa);
      delta = ChecksumWord(wal, at, big) - old_word;
    }
    // The header's two words, then the page's 1024 words, two at a time.
    d1 += d2 + delta;
    d2 += d1;
    for (int pair = 0; pair < 512; ++pair) {
      d1 += d2;
      d2 += d1;
    }
    Put32Be(wal, at + 16, Get32Be(wal, at + 16) + d1);
    Put32Be(wal, at + 20, Get32Be(wal, at + 20) + d2);
  }
  WriteAll(copy + "-wal", wal);

  // The seal names the damage; SQLite's own "corrupt" would mean the forged pages were
  // read as data.
  auto db = Database::Open(copy, {.create = false, .key = &key});
  if (!db.ok()) {
    CHECK(db.status().code() == ErrorCode::kCorruption);
    CHECK_THAT(db.status().message(), Catch::Contains("fails its integrity check"));
    return;
  }
  auto st = (*db)->Prepare("SELECT count(*) FROM residents WHERE id = ?1 AND name = ?2");
  REQUIRE(st.ok());
  (*st)->Bind(1, kId).Bind(2, kName);
  auto row = (*st)->Step();
  // Refused as damage, or (had the forged frames been the torn tail) the log ends before
  // them; never the forged mapping served as data.
  if (row.ok()) {
    CHECK((*st)->Int(0) == before);
  } else {
    CHECK(row.status().code() == ErrorCode::kCorruption);
    CHECK_THAT(row.status().message(), Catch::Contains("fails its integrity check"));
  }
}

TEST_CASE("salvage copies every row it can still read into a new sealed file, past the damage") {
  test::TempDir dir;
  const DataKey key = DataKey::Random(CipherSuite::kSm4CtrHmacSm3);
  const std::string path = SealedStation(dir, key, 1000);
  {
    auto db = OpenSealed(path, key);
    REQUIRE(db->Exec("CREATE TABLE marks (k INTEGER, v TEXT, PRIMARY KEY (k)) WITHOUT ROWID").ok());
    REQUIRE(db->Exec("INSERT INTO marks SELECT k, note FROM residents WHERE k <= 50").ok());
    REQUIRE(db->Exec("CREATE INDEX residents_by_name ON residents (name, k)").ok());
    REQUIRE(db->Exec("PRAGMA user_version = 7").ok());
    REQUIRE(db->Exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
  }
  // One bit in a leaf page in the middle of the residents table.
  std::string bytes = ReadAll(path);
  const std::size_t pages = bytes.size() / 4096;
  REQUIRE(pages > 40);
  bytes[20 * 4096 + 2000] ^= 0x04;
  WriteAll(path, bytes);

  auto damaged = Database::Open(path, {.key = &key});
  REQUIRE(damaged.ok());
  const Status check = sync::CheckEveryPage(**damaged);
  CHECK(check.code() == ErrorCode::kCorruption);
  CHECK_THAT(check.message(), Catch::Contains("page 21 of"));

  const std::string out = dir.File("salvaged.db");
  auto report = sync::Salvage(**damaged, out, &key);
  REQUIRE(report.ok());
  CHECK(report->damaged_tables() == std::vector<std::string>{"residents"});
  const auto residents = std::find_if(report->tables.begin(), report->tables.end(),
                                      [](const auto& t) { return t.name == "residents"; });
  REQUIRE(residents != report->tables.end());
  // One leaf holds a dozen or so rows: those are lost, every other row is copied.
  CHECK(residents->copied < 1000);
  CHECK(residents->copied > 950);

  auto copy = Database::Open(out, {.create = false, .key = &key});
  REQUIRE(copy.ok());
  CHECK(sync::CheckEveryPage(**copy).ok());
  auto st = (*copy)->Prepare("SELECT count(*), max(k), min(k) FROM residents");
  REQUIRE((*st)->Step().value());
  CHECK((*st)->Int(0) == residents->copied);
  CHECK((*st)->Int(1) == 1000);  // the rows after the damage are there
  CHECK((*st)->Int(2) == 1);
  (*st)->Reset();
  auto marks = (*copy)->Prepare("SELECT count(*) FROM marks");
  REQUIRE((*marks)->Step().value());
  CHECK((*marks)->Int(0) == 50);
  (*marks)->Reset();
  auto index = (*copy)->Prepare("SELECT count(*) FROM sqlite_master WHERE name = 'residents_by_name'");
  REQUIRE((*index)->Step().value());
  CHECK((*index)->Int(0) == 1);
  (*index)->Reset();
  auto version = (*copy)->Prepare("PRAGMA user_version");
  REQUIRE((*version)->Step().value());
  CHECK((*version)->Int(0) == 7);
  (*version)->Reset();
  // The copy is sealed like the original.
  CHECK(FilesShowing(dir.path()).empty());
  CHECK(sync::Salvage(**damaged, out, &key).status().code() == ErrorCode::kAlreadyExists);
}
