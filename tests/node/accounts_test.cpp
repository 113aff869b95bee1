// Staff accounts on a lost laptop: wrong passwords lock an account for a growing
// wait, a clock set back does not end it early, and an admin's reset does.
#include <catch2/catch.hpp>

#include "node/store_fixture.h"
#include "tongban/node/store/node_store.h"

using tongban::ErrorCode;
using tongban::test::StoreFixture;

namespace {

std::string KeyOf(const tongban::Status& s) { return s.key(); }

void WrongPasswords(StoreFixture& f, int n) {
  for (int i = 0; i < n; ++i) REQUIRE_FALSE(f.store->Login("clerk", "not-the-password").ok());
}

}  // namespace

TEST_CASE("five wrong passwords lock an account, for longer after each further one") {
  StoreFixture f;
  WrongPasswords(f, 4);
  // Four are free: the right password still opens, and clears the count.
  REQUIRE(f.store->Login("clerk", "clerk-password").ok());
  WrongPasswords(f, 4);
  auto fifth = f.store->Login("clerk", "not-the-password");
  REQUIRE(KeyOf(fifth.status()) == "store.account_locked");
  REQUIRE(fifth.status().args() == std::vector<std::string>{"clerk", "5", "30"});
  // Locked: the right password waits too, and the wait left is told.
  f.clock.Advance(10'000);
  auto locked = f.store->Login("clerk", "clerk-password");
  REQUIRE(locked.status().code() == ErrorCode::kPermissionDenied);
  REQUIRE(locked.status().args() == std::vector<std::string>{"clerk", "5", "20"});
  // After the wait one more wrong password doubles it.
  f.clock.Advance(20'000);
  auto sixth = f.store->Login("clerk", "not-the-password");
  REQUIRE(sixth.status().args() == std::vector<std::string>{"clerk", "6", "60"});
  f.clock.Advance(60'000);
  REQUIRE(f.store->Login("clerk", "clerk-password").ok());
  // The right password ended it: the next wrong one is the first again.
  REQUIRE(KeyOf(f.store->Login("clerk", "not-the-password").status()) == "store.wrong_login");
  // Other accounts were never locked.
  REQUIRE(f.store->Login("proc", "proc-password").ok());
}

TEST_CASE("the longest wait is an hour however many wrong passwords come") {
  StoreFixture f;
  for (int i = 0; i < 20; ++i) {
    (void)f.store->Login("clerk", "not-the-password");
    f.clock.Advance(3'600'000);  // past any wait, so each try counts
  }
  auto again = f.store->Login("clerk", "not-the-password");
  REQUIRE(KeyOf(again.status()) == "store.account_locked_minutes");  // said in minutes
  REQUIRE(again.status().args()[2] == "60");
}

TEST_CASE("a clock set back does not shorten the wait") {
  StoreFixture f;
  WrongPasswords(f, 5);
  f.clock.Advance(-24LL * 3'600'000);  // a day back
  REQUIRE(KeyOf(f.store->Login("clerk", "clerk-password").status()) == "store.account_locked");
  f.clock.Advance(29'000);
  REQUIRE_FALSE(f.store->Login("clerk", "clerk-password").ok());
  f.clock.Advance(2'000);
  REQUIRE(f.store->Login("clerk", "clerk-password").ok());
}

TEST_CASE("the lock survives closing the store") {
  StoreFixture f;
  WrongPasswords(f, 5);
  f.store.reset();
  auto reopened = tongban::node::NodeStore::Open(f.path, f.clock);
  REQUIRE(reopened.ok());
  REQUIRE(KeyOf((*reopened)->Login("clerk", "clerk-password").status()) == "store.account_locked");
}

TEST_CASE("an admin's reset sets a new password, ends the lock and syncs the new hash") {
  StoreFixture f;
  WrongPasswords(f, 6);
  const std::int64_t before = f.ChangeCount();
  REQUIRE(f.store->ResetPassword(f.clerk, "proc", "new-password-1").code() ==
          ErrorCode::kPermissionDenied);
  REQUIRE(f.store->ResetPassword(f.admin, "nobody", "new-password-1").code() == ErrorCode::kNotFound);
  REQUIRE(f.store->ResetPassword(f.admin, "clerk", "short").code() == ErrorCode::kInvalidArgument);
  REQUIRE(f.store->ResetPassword(f.admin, "clerk", "new-password-1").ok());
  REQUIRE(f.ChangeCount() == before + 1);  // the pw_hash field, synced
  REQUIRE_FALSE(f.store->Login("clerk", "clerk-password").ok());
  REQUIRE(f.store->Login("clerk", "new-password-1").ok());
}

TEST_CASE("staff change their own password only with the current one") {
  StoreFixture f;
  REQUIRE(KeyOf(f.store->ChangePassword(f.clerk, "wrong-current", "new-password-2")) ==
          "store.wrong_old_password");
  REQUIRE(f.store->ChangePassword(f.clerk, "clerk-password", "new-password-2").ok());
  REQUIRE(f.store->Login("clerk", "new-password-2").ok());
  REQUIRE_FALSE(f.store->Login("clerk", "clerk-password").ok());
}
