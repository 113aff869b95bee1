// StationKeys: the key file beside an encrypted station database ("<db>.keys").
//
// The database is sealed with one random data key (sync/page_cipher.h). The key file
// holds that key only wrapped: once per staff member, under a key stretched from the
// password with Argon2id (libsodium), once under a random recovery code shown to the
// admin, and once under an escrow code the station seals to the county's escrow key and
// hands the hub (NodeSync), which only the offline holder of that key can open. Changing a password re-wraps the data key; the data is
// never encrypted again. A wrap is the data key sealed with the same page cipher the
// database uses, so a wrong password fails the wrap's tag, never decrypts to garbage.
//
// The file holds no personal data: logins, salts, Argon2id costs and sealed keys. It is
// written whole through sync::WriteFileDurably.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tongban/node/domain/staff.h"
#include "tongban/status.h"
#include "tongban/sync/page_cipher.h"

namespace tongban::node {

std::string KeyFilePath(const std::string& db_path);
// True when the station at `db_path` is encrypted (its key file is there).
bool IsSealedStation(const std::string& db_path);

struct Argon2Cost {
  unsigned long long ops;
  std::size_t mem_bytes;
  static Argon2Cost Interactive();  // libsodium's interactive limits: ~0.1-0.3 s, 64 MiB
};

class StationKeys {
 public:
  // A fresh data key for a new or newly sealed station, wrapped for `login` and under a
  // new recovery key. Nothing is written: Save() does that once the database is sealed.
  static Result<StationKeys> Generate(const std::string& db_path, sync::CipherSuite suite,
                                      std::string_view login, std::string_view password);
  static Result<StationKeys> Load(const std::string& db_path);

  Status Save() const;

  // The data key, unwrapped with a staff member's password. A login without a wrap or a
  // wrong password is kPermissionDenied, with the same words (which one is not told),
  // except for a login whose password changed elsewhere (below): that refusal says so.
  Result<sync::DataKey> Unlock(std::string_view login, std::string_view password) const;
  // Unlock as a sign-in at `now_ms`, counted in the key file under its lock: an account
  // with a wrap waits after wrong passwords as on a plain station (domain/staff.h), the
  // database's own count being out of reach until the key opens. The right password ends
  // the wait's count; setting a password here does too.
  // `changed_elsewhere`: the wrap that opened is marked so (the password given was the
  // old one); the caller checks the new one and re-wraps (NodeStore::AdoptPassword).
  struct Unlocked {
    sync::DataKey key;
    bool changed_elsewhere = false;
  };
  static Result<Unlocked> UnlockCounted(const std::string& db_path, const std::string& login,
                                        std::string_view password, std::int64_t now_ms);
  // The data key, unwrapped with the recovery code or the escrow code.
  Result<sync::DataKey> UnlockWithRecovery(std::string_view code) const;
  // A fresh escrow code (formatted as a recovery code) wrapping `key`, in place of the
  // last one; then Save().
  Result<std::string> NewEscrowCode(const sync::DataKey& key);

  // Wraps `key` for `login` under `password`, replacing older wraps; then Save().
  Status SetPassword(const sync::DataKey& key, std::string_view login, std::string_view password);
  // The same in two steps, for a password the database takes in between: the new wrap is
  // added beside the old ones (either password unlocks), then the old ones go.
  Status AddPassword(const sync::DataKey& key, std::string_view login, std::string_view password);
  Status KeepNewest(std::string_view login);  // then Save()
  Status Forget(std::string_view login);      // then Save()
  // A password set on another machine of this station (a restored backup, a replaced
  // laptop) reached the database by sync, but this file still wraps the key under the
  // old one. Marked so, the wrap still opens with the old password, once, to be re-wrapped
  // under the new one (NodeStore::AdoptPassword); until then a sign-in with the new
  // password is told what to do. Then Save().
  Status MarkChangedElsewhere(std::string_view login);
  bool ChangedElsewhere(std::string_view login) const;
  static Status PasswordChangedElsewhere(std::string_view login);  // the refusal that says so

  // Runs `edit` on the key file of `db_path` under an exclusive lock (the desk and the
  // CLI may both change it), loaded just before.
  static Status Edit(const std::string& db_path, const std::function<Status(StationKeys&)>& edit);
  bool HasLogin(std::string_view login) const;

  sync::CipherSuite suite() const { return suite_; }
  const sync::DataKey& key() const;  // only after Generate
  // Only after Generate: the recovery code, 64 hex digits in groups of eight.
  const std::string& recovery_code() const { return recovery_code_; }
  const std::string& path() const { return path_; }

  // Argon2id cost for new wraps; tests use a smaller one.
  void set_cost(Argon2Cost cost) { cost_ = cost; }

 private:
  struct Wrap {
    std::string login;         // empty: the recovery or the escrow wrap
    bool escrow = false;       // the escrow wrap (at most one)
    std::string salt;          // 16 bytes; empty for the recovery wrap (a random key)
    unsigned long long ops = 0;
    std::size_t mem = 0;
    std::string sealed;        // data key (32) + seal (32)
    bool changed_elsewhere = false;  // the account's password is newer than this wrap
  };
  StationKeys() = default;
  Result<sync::DataKey> Open(const Wrap& w, const sync::DataKey& kek) const;
  Result<Wrap> Seal(const sync::DataKey& key, std::string login, std::string_view secret,
                    bool stretch) const;

  std::string path_;
  sync::CipherSuite suite_ = sync::kDefaultCipherSuite;
  std::vector<Wrap> wraps_;
  std::map<std::string, LoginFailures, std::less<>> failures_;  // wrong passwords per login
  Argon2Cost cost_ = Argon2Cost::Interactive();
  std::optional<sync::DataKey> generated_;
  std::string recovery_code_;
};

}  // namespace tongban::node
