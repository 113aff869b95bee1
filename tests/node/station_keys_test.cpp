// The station key file: wraps per password and under the recovery code, re-wrapping
// without touching the data key, and a damaged or missing file told as such.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "test_support.h"
#include "tongban/node/store/node_store.h"
#include "tongban/node/store/station_keys.h"

using namespace tongban;
using node::StationKeys;

namespace {

// Argon2id at its smallest: the tests check wrapping, not the cost.
constexpr node::Argon2Cost kCheap{1, 8192 * 1024};

bool SameKey(const sync::DataKey& a, const sync::DataKey& b) { return a.bytes == b.bytes && a.suite == b.suite; }

}  // namespace

TEST_CASE("station keys: each password and the recovery code unwrap the one data key") {
  test::TempDir dir;
  const std::string db = dir.File("st.db");
  auto made = StationKeys::Generate(db, sync::CipherSuite::kAes256Gcm, "admin", "admin-pass");
  REQUIRE(made.ok());
  const sync::DataKey key = made->key();
  made->set_cost(kCheap);
  REQUIRE(made->SetPassword(key, "wangli", "clerk-pass").ok());  // saves
  const std::string code = made->recovery_code();
  CHECK(code.size() == 64 + 7);

  // Readable by its owner only (a copy is what a password guesser needs), whatever the umask.
  namespace fs = std::filesystem;
  CHECK(fs::status(node::KeyFilePath(db)).permissions() == (fs::perms::owner_read | fs::perms::owner_write));
  auto keys = StationKeys::Load(db);
  REQUIRE(keys.ok());
  CHECK(keys->suite() == sync::CipherSuite::kAes256Gcm);
  CHECK(keys->HasLogin("admin"));
  CHECK(keys->HasLogin("wangli"));
  auto by_admin = keys->Unlock("admin", "admin-pass");
  REQUIRE(by_admin.ok());
  CHECK(SameKey(*by_admin, key));
  auto by_clerk = keys->Unlock("wangli", "clerk-pass");
  REQUIRE(by_clerk.ok());
  CHECK(SameKey(*by_clerk, key));
  auto by_code = keys->UnlockWithRecovery(code);
  REQUIRE(by_code.ok());
  CHECK(SameKey(*by_code, key));

  // Wrong password, unknown login and another's password: the same refusal.
  for (auto [login, pw] : {std::pair{"admin", "clerk-pass"}, std::pair{"nobody", "admin-pass"},
                           std::pair{"wangli", "admin-pass"}}) {
    auto r = keys->Unlock(login, pw);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == ErrorCode::kPermissionDenied);
    CHECK(r.status().key() == "store.keys_wrong_password");
  }
  std::string other = code;
  other[0] = other[0] == '0' ? '1' : '0';
  CHECK(keys->UnlockWithRecovery(other).status().code() == ErrorCode::kPermissionDenied);
  CHECK(keys->UnlockWithRecovery("12-34").status().code() == ErrorCode::kInvalidArgument);

  // A new password re-wraps the same key; the old one no longer opens it.
  keys->set_cost(kCheap);
  REQUIRE(keys->SetPassword(*by_admin, "wangli", "new-clerk-pass").ok());
  auto again = StationKeys::Load(db);
  REQUIRE(again.ok());
  CHECK_FALSE(again->Unlock("wangli", "clerk-pass").ok());
  auto renewed = again->Unlock("wangli", "new-clerk-pass");
  REQUIRE(renewed.ok());
  CHECK(SameKey(*renewed, key));
  REQUIRE(again->Forget("wangli").ok());
  CHECK_FALSE(StationKeys::Load(db)->HasLogin("wangli"));
}

TEST_CASE("station keys: a missing or damaged key file is named") {
  test::TempDir dir;
  const std::string db = dir.File("st.db");
  auto missing = StationKeys::Load(db);
  CHECK(missing.status().code() == ErrorCode::kNotFound);
  CHECK_THAT(missing.status().message(), Catch::Contains("st.db.keys is missing"));
  for (const char* text : {"", "{}", "not json", R"({"format":"tongban-keys-1","suite":"rot13","wraps":[]})",
                           R"({"format":"tongban-keys-1","suite":"aes-256-gcm","wraps":[{"login":"a","sealed":"00"}]})"}) {
    std::ofstream(node::KeyFilePath(db), std::ios::trunc) << text;
    auto damaged = StationKeys::Load(db);
    INFO(text);
    CHECK(damaged.status().code() == ErrorCode::kCorruption);
  }
}

TEST_CASE("station keys: a password set on an encrypted station follows into its key file") {
  test::TempDir dir;
  const std::string db = dir.File("st.db");
  auto keys = StationKeys::Generate(db, sync::CipherSuite::kSm4CtrHmacSm3, "admin", "admin-pass");
  REQUIRE(keys.ok());
  REQUIRE(keys->Save().ok());
  {
    auto store = node::NodeStore::Create(db, {"QS-JX01", "金溪村便民服务站", node::NodeKind::kStation, "QS-JX"},
                                         "admin", "admin-pass", sync::SystemWallClock::Instance(),
                                         &keys->key());
    REQUIRE(store.ok());
    auto admin = (*store)->Login("admin", "admin-pass");
    REQUIRE(admin.ok());
    REQUIRE((*store)->AddStaff(*admin, "wangli", "王丽", node::Role::kClerk, "clerk-pass").ok());
    REQUIRE((*store)->ResetPassword(*admin, "wangli", "clerk-pass-2").ok());
    REQUIRE((*store)->AddStaff(*admin, "zhaomin", "赵敏", node::Role::kClerk, "clerk-pass-3").ok());
    REQUIRE((*store)->RemoveStaff(*admin, "zhaomin").ok());
  }
  auto loaded = StationKeys::Load(db);
  REQUIRE(loaded.ok());
  CHECK_FALSE(loaded->HasLogin("zhaomin"));
  auto key = loaded->Unlock("wangli", "clerk-pass-2");
  REQUIRE(key.ok());
  CHECK(SameKey(*key, keys->key()));
  // Without the key the store is not opened at all, and says why.
  auto keyless = node::NodeStore::Open(db);
  REQUIRE_FALSE(keyless.ok());
  CHECK_THAT(keyless.status().message(), Catch::Contains("is encrypted"));
  auto opened = node::NodeStore::Open(db, sync::SystemWallClock::Instance(), 5000, &*key);
  REQUIRE(opened.ok());
  CHECK((*opened)->Login("wangli", "clerk-pass-2").ok());
}

TEST_CASE("station keys: wrong passwords counted in the key file make the account wait") {
  test::TempDir dir;
  const std::string db = dir.File("st.db");
  auto made = StationKeys::Generate(db, sync::CipherSuite::kSm4Gcm, "admin", "admin-pass");
  REQUIRE(made.ok());
  made->set_cost(kCheap);
  REQUIRE(made->SetPassword(made->key(), "wangli", "clerk-pass").ok());
  const std::int64_t t0 = 1'800'000'000'000;
  auto unlock = [&](const std::string& login, const std::string& pw, std::int64_t at) {
    return StationKeys::UnlockCounted(db, login, pw, at);
  };
  // Four wrong ones are told as wrong; the right one then clears the count.
  for (int i = 0; i < 4; ++i) CHECK(unlock("wangli", "nope-nope", t0 + i).status().key() == "store.keys_wrong_password");
  REQUIRE(unlock("wangli", "clerk-pass", t0 + 10).ok());
  for (int i = 0; i < 4; ++i) REQUIRE_FALSE(unlock("wangli", "nope-nope", t0 + 20 + i).ok());
  // The fifth in a row locks: the right password waits too, 30 s, then opens.
  CHECK(unlock("wangli", "nope-nope", t0 + 30).status().key() == "store.account_locked");
  CHECK(unlock("wangli", "clerk-pass", t0 + 1000).status().key() == "store.account_locked");
  // A clock set back does not end the wait: it counts from the earlier time.
  CHECK(unlock("wangli", "clerk-pass", t0 - 3'600'000).status().key() == "store.account_locked");
  CHECK(unlock("wangli", "clerk-pass", t0 - 3'600'000 + 29'000).status().key() == "store.account_locked");
  CHECK(unlock("wangli", "clerk-pass", t0 - 3'600'000 + 31'000).ok());
  // Other accounts never waited; unknown logins are not written down.
  CHECK(unlock("admin", "admin-pass", t0).ok());
  CHECK_FALSE(unlock("ghost", "whatever1", t0).ok());
  std::ifstream in(node::KeyFilePath(db));
  const std::string text{std::istreambuf_iterator<char>(in), {}};
  CHECK(text.find("ghost") == std::string::npos);
  // A password set here ends a wait.
  for (int i = 0; i < 5; ++i) REQUIRE_FALSE(unlock("wangli", "nope-nope", t0 + 40 + i).ok());
  REQUIRE(unlock("wangli", "clerk-pass", t0 + 50).status().key() == "store.account_locked");
  REQUIRE(StationKeys::Edit(db, [&](StationKeys& k) {
            k.set_cost(kCheap);
            return k.SetPassword(made->key(), "wangli", "new-clerk-pass");
          }).ok());
  CHECK(unlock("wangli", "new-clerk-pass", t0 + 60).ok());
}
