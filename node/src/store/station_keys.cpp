#include "tongban/node/store/station_keys.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "tongban/sync/durable_file.h"

namespace tongban::node {
namespace {

using json = nlohmann::json;

constexpr std::string_view kFormat = "tongban-keys-1";
constexpr std::size_t kKeyBytes = 32;
constexpr std::size_t kWrapBytes = kKeyBytes + sync::PageCipher::kSealBytes;
// The position a wrap is sealed at: a password wrap cannot pass for the recovery wrap.
constexpr std::uint64_t kPasswordWrap = 1;
constexpr std::uint64_t kRecoveryWrap = 2;

constexpr MessageDef kWrongPassword{"store.keys_wrong_password",
                                    "wrong login or password: the station's key stays locked"};
constexpr MessageDef kPasswordChangedElsewhere{
    "store.keys_password_changed_elsewhere",
    "the password of '{0}' was changed on another machine, and this station's key still opens "
    "only with the one it knew before: sign in with the new password and give the old one "
    "once as well, or ask an admin to reset the password here"};
constexpr MessageDef kKeyFileDamaged{"store.keys_file_damaged",
                                     "{0} is not a Tongban key file or is damaged"};
constexpr MessageDef kKeyFileMissing{
    "store.keys_file_missing",
    "{0} is missing: the station's database is encrypted and opens only with it; restore it "
    "from a backup"};
constexpr MessageDef kBadRecoveryCode{"store.keys_bad_recovery_code",
                                      "a recovery code is 64 hexadecimal digits"};
constexpr MessageDef kWrongRecoveryCode{"store.keys_wrong_recovery_code",
                                        "the recovery code does not open this station's key"};
constexpr MessageDef kKeyFileLock{"store.keys_file_lock", "cannot lock {0}: {1}"};
constexpr MessageDef kStretchFailed{"store.keys_stretch_failed",
                                    "not enough memory to check the password ({0} MiB needed)"};

std::string Hex(std::string_view bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                 bytes.size());
  out.pop_back();
  return out;
}

// 64 hex digits in groups of eight: how recovery and escrow codes are written.
std::string CodeText(std::string_view secret) {
  const std::string hex = Hex(secret);
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 8) {
    if (i) out += '-';
    out += hex.substr(i, 8);
  }
  return out;
}

std::optional<std::string> Unhex(std::string_view hex, std::size_t want) {
  std::string out(want, '\0');
  std::size_t len = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), want, hex.data(), hex.size(),
                     "- ", &len, nullptr) != 0 ||
      len != want)
    return std::nullopt;
  return out;
}

std::string Random(std::size_t n) {
  std::string out(n, '\0');
  randombytes_buf(out.data(), n);
  return out;
}

}  // namespace

std::string KeyFilePath(const std::string& db_path) { return db_path + ".keys"; }

bool IsSealedStation(const std::string& db_path) {
  std::error_code ec;
  return std::filesystem::exists(KeyFilePath(db_path), ec);
}

Argon2Cost Argon2Cost::Interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

const sync::DataKey& StationKeys::key() const { return *generated_; }

Result<StationKeys::Wrap> StationKeys::Seal(const sync::DataKey& key, std::string login,
                                            std::string_view secret, bool stretch) const {
  Wrap w;
  w.login = std::move(login);
  sync::DataKey kek;
  kek.suite = suite_;
  if (stretch) {
    w.salt = Random(crypto_pwhash_SALTBYTES);
    w.ops = cost_.ops;
    w.mem = cost_.mem_bytes;
    if (crypto_pwhash(kek.bytes.data(), kek.bytes.size(), secret.data(), secret.size(),
                      reinterpret_cast<const unsigned char*>(w.salt.data()), w.ops, w.mem,
                      crypto_pwhash_ALG_ARGON2ID13) != 0)
      return Status(ErrorCode::kInternal, kStretchFailed, {std::to_string(w.mem >> 20)});
  } else {
    std::copy(secret.begin(), secret.end(), kek.bytes.begin());
  }
  TB_ASSIGN_OR_RETURN(auto cipher, sync::PageCipher::Make(kek));
  std::string block(kWrapBytes, '\0');
  std::copy(key.bytes.begin(), key.bytes.end(), block.begin());
  auto* bytes = reinterpret_cast<std::uint8_t*>(block.data());
  if (!cipher->Seal({bytes, block.size()}, stretch ? kPasswordWrap : kRecoveryWrap))
    return Status(ErrorCode::kInternal, "sealing the station key failed");
  w.sealed = std::move(block);
  return w;
}

Result<sync::DataKey> StationKeys::Open(const Wrap& w, const sync::DataKey& kek) const {
  TB_ASSIGN_OR_RETURN(auto cipher, sync::PageCipher::Make(kek));
  std::string block = w.sealed;
  auto* bytes = reinterpret_cast<std::uint8_t*>(block.data());
  const bool opened =
      cipher->Open({bytes, block.size()}, w.login.empty() ? kRecoveryWrap : kPasswordWrap);
  sync::DataKey key;
  key.suite = suite_;
  if (opened) std::copy(block.begin(), block.begin() + kKeyBytes, key.bytes.begin());
  sodium_memzero(block.data(), block.size());
  if (!opened) return PermissionDenied(w.login.empty() ? kWrongRecoveryCode : kWrongPassword);
  return key;
}

Result<StationKeys> StationKeys::Generate(const std::string& db_path, sync::CipherSuite suite,
                                          std::string_view login, std::string_view password) {
  StationKeys keys;
  keys.path_ = KeyFilePath(db_path);
  keys.suite_ = suite;
  keys.generated_ = sync::DataKey::Random(suite);
  std::string recovery = Random(kKeyBytes);
  keys.recovery_code_ = CodeText(recovery);
  TB_ASSIGN_OR_RETURN(Wrap r, keys.Seal(*keys.generated_, "", recovery, false));
  sodium_memzero(recovery.data(), recovery.size());
  keys.wraps_.push_back(std::move(r));
  TB_ASSIGN_OR_RETURN(Wrap p, keys.Seal(*keys.generated_, std::string(login), password, true));
  keys.wraps_.push_back(std::move(p));
  return keys;
}

Result<StationKeys> StationKeys::Load(const std::string& db_path) {
  StationKeys keys;
  keys.path_ = KeyFilePath(db_path);
  std::ifstream in(keys.path_, std::ios::binary);
  if (!in) return NotFound(kKeyFileMissing, {keys.path_});
  const std::string text{std::istreambuf_iterator<char>(in), {}};
  const json doc = json::parse(text, nullptr, false);
  const auto damaged = [&] { return Corruption(kKeyFileDamaged, {keys.path_}); };
  if (!doc.is_object() || doc.value("format", "") != kFormat || !doc.contains("wraps") ||
      !doc["wraps"].is_array())
    return damaged();
  const auto suite = sync::ParseCipherSuite(doc.value("suite", ""));
  if (!suite) return damaged();
  keys.suite_ = *suite;
  for (const json& j : doc["wraps"]) {
    if (!j.is_object()) return damaged();
    Wrap w;
    w.login = j.value("login", "");
    w.escrow = j.value("escrow", false);
    w.ops = j.value("ops", 0ULL);
    w.mem = j.value("mem", std::size_t{0});
    w.changed_elsewhere = j.value("changed_elsewhere", false);
    auto sealed = Unhex(j.value("sealed", ""), kWrapBytes);
    if (!sealed) return damaged();
    w.sealed = std::move(*sealed);
    if (!w.login.empty()) {
      auto salt = Unhex(j.value("salt", ""), crypto_pwhash_SALTBYTES);
      if (!salt || w.ops == 0 || w.mem == 0) return damaged();
      w.salt = std::move(*salt);
    }
    keys.wraps_.push_back(std::move(w));
  }
  if (const auto f = doc.find("failures"); f != doc.end()) {
    if (!f->is_object()) return damaged();
    for (const auto& [login, j] : f->items()) {
      const auto n = j.find("failures"), at = j.find("last_ms");
      if (!j.is_object() || n == j.end() || at == j.end() || !n->is_number_integer() ||
          !at->is_number_integer())
        return damaged();
      keys.failures_[login] = {n->get<std::int64_t>(), at->get<std::int64_t>()};
    }
  }
  return keys;
}

Status StationKeys::Save() const {
  json wraps = json::array();
  for (const Wrap& w : wraps_) {
    json j = {{"sealed", Hex(w.sealed)}};
    if (w.escrow) j["escrow"] = true;
    if (w.changed_elsewhere) j["changed_elsewhere"] = true;
    if (!w.login.empty()) {
      j["login"] = w.login;
      j["salt"] = Hex(w.salt);
      j["ops"] = w.ops;
      j["mem"] = w.mem;
    }
    wraps.push_back(std::move(j));
  }
  json doc = {{"format", kFormat},
              {"suite", std::string(sync::CipherSuiteName(suite_))},
              {"wraps", std::move(wraps)}};
  // Older builds ignore the member: their sign-ins are simply not counted here.
  for (const auto& [login, f] : failures_)
    doc["failures"][login] = {{"failures", f.failures}, {"last_ms", f.last_ms}};
  // Only the station's own account reads it, from its first byte: a copy is what a
  // password guesser needs.
  return sync::WriteFileDurably(path_, doc.dump(1) + "\n", 0600);
}

Result<sync::DataKey> StationKeys::Unlock(std::string_view login, std::string_view password) const {
  bool tried = false;
  // Newest first: two wraps of one login exist only while a new password is being set.
  for (auto w = wraps_.rbegin(); w != wraps_.rend(); ++w) {
    if (w->login.empty() || w->login != login) continue;
    tried = true;
    sync::DataKey kek;
    kek.suite = suite_;
    if (crypto_pwhash(kek.bytes.data(), kek.bytes.size(), password.data(), password.size(),
                      reinterpret_cast<const unsigned char*>(w->salt.data()), w->ops, w->mem,
                      crypto_pwhash_ALG_ARGON2ID13) != 0)
      return Status(ErrorCode::kInternal, kStretchFailed, {std::to_string(w->mem >> 20)});
    if (auto key = Open(*w, kek); key.ok()) return key;
  }
  if (tried && ChangedElsewhere(login))
    return PasswordChangedElsewhere(login);
  if (tried) return PermissionDenied(kWrongPassword);
  // As slow as a wrong password, so a probe does not learn which logins exist.
  unsigned char waste[32];
  const std::string salt(crypto_pwhash_SALTBYTES, 'x');
  if (crypto_pwhash(waste, sizeof waste, password.data(), password.size(),
                    reinterpret_cast<const unsigned char*>(salt.data()), cost_.ops, cost_.mem_bytes,
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    // Out of memory: the answer is the same either way.
  }
  return PermissionDenied(kWrongPassword);
}

Result<StationKeys::Unlocked> StationKeys::UnlockCounted(const std::string& db_path,
                                                        const std::string& login,
                                                        std::string_view password,
                                                        std::int64_t now_ms) {
  Result<sync::DataKey> out = PermissionDenied(kWrongPassword);
  bool changed_elsewhere = false;
  TB_RETURN_IF_ERROR(Edit(db_path, [&](StationKeys& keys) -> Status {
    // Only logins with a wrap are counted: a probe of unknown names grows nothing.
    if (!keys.HasLogin(login)) {
      out = keys.Unlock(login, password);
      return Status::Ok();
    }
    const auto counted = keys.failures_.find(login);
    LoginFailures f = counted == keys.failures_.end() ? LoginFailures{} : counted->second;
    const std::int64_t last_before = f.last_ms;
    const Status waiting = CheckLoginWait(login, f, now_ms);
    if (f.last_ms != last_before) {
      keys.failures_[login] = f;
      TB_RETURN_IF_ERROR(keys.Save());
    }
    if (!waiting.ok()) {
      out = waiting;
      return Status::Ok();
    }
    out = keys.Unlock(login, password);
    if (out.ok()) {
      changed_elsewhere = keys.ChangedElsewhere(login);
      if (f.failures == 0) return Status::Ok();
      keys.failures_.erase(login);
      return keys.Save();
    }
    if (out.status().code() != ErrorCode::kPermissionDenied) return Status::Ok();
    keys.failures_[login] = {f.failures + 1, now_ms};
    TB_RETURN_IF_ERROR(keys.Save());
    // Locked now: said so; else the refusal Unlock gave (changed elsewhere, or wrong).
    if (LoginWaitAfter(f.failures + 1) > 0)
      out = WrongPasswordRefusal(login, keys.failures_[login], kWrongPassword);
    return Status::Ok();
  }));
  if (!out.ok()) return out.status();
  return Unlocked{std::move(*out), changed_elsewhere};
}

Result<sync::DataKey> StationKeys::UnlockWithRecovery(std::string_view code) const {
  auto secret = Unhex(code, kKeyBytes);
  if (!secret) return InvalidArgument(kBadRecoveryCode);
  sync::DataKey kek;
  kek.suite = suite_;
  std::copy(secret->begin(), secret->end(), kek.bytes.begin());
  sodium_memzero(secret->data(), secret->size());
  for (const Wrap& w : wraps_)
    if (w.login.empty())
      if (auto key = Open(w, kek); key.ok()) return key;
  return PermissionDenied(kWrongRecoveryCode);
}

Result<std::string> StationKeys::NewEscrowCode(const sync::DataKey& key) {
  std::string secret = Random(kKeyBytes);
  const std::string code = CodeText(secret);
  auto sealed = Seal(key, "", secret, false);
  sodium_memzero(secret.data(), secret.size());
  if (!sealed.ok()) return sealed.status();
  sealed->escrow = true;
  std::erase_if(wraps_, [](const Wrap& w) { return w.escrow; });
  wraps_.push_back(std::move(*sealed));
  TB_RETURN_IF_ERROR(Save());
  return code;
}

Status StationKeys::AddPassword(const sync::DataKey& key, std::string_view login,
                                std::string_view password) {
  TB_ASSIGN_OR_RETURN(Wrap w, Seal(key, std::string(login), password, true));
  wraps_.push_back(std::move(w));
  // A password set here (by its owner, or an admin's reset) ends the wait.
  if (auto f = failures_.find(login); f != failures_.end()) failures_.erase(f);
  return Save();
}

Status StationKeys::KeepNewest(std::string_view login) {
  // Wraps are kept in the order added: all but the last of `login` go.
  auto newest = std::find_if(wraps_.rbegin(), wraps_.rend(),
                             [&](const Wrap& w) { return !w.login.empty() && w.login == login; });
  if (newest == wraps_.rend()) return Status::Ok();
  const Wrap* keep = &*newest;
  std::erase_if(wraps_, [&](const Wrap& w) { return &w != keep && !w.login.empty() && w.login == login; });
  return Save();
}

Status StationKeys::SetPassword(const sync::DataKey& key, std::string_view login,
                                std::string_view password) {
  TB_RETURN_IF_ERROR(AddPassword(key, login, password));
  return KeepNewest(login);
}

Status StationKeys::Edit(const std::string& db_path,
                         const std::function<Status(StationKeys&)>& edit) {
  const std::string lock_path = KeyFilePath(db_path) + ".lock";
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Status(ErrorCode::kIoError, kKeyFileLock, {lock_path, std::strerror(errno)});
  ::flock(fd, LOCK_EX);
  Status st = [&]() -> Status {
    TB_ASSIGN_OR_RETURN(StationKeys keys, Load(db_path));
    return edit(keys);
  }();
  ::flock(fd, LOCK_UN);
  ::close(fd);
  return st;
}

Status StationKeys::Forget(std::string_view login) {
  std::erase_if(wraps_, [&](const Wrap& w) { return !w.login.empty() && w.login == login; });
  if (auto f = failures_.find(login); f != failures_.end()) failures_.erase(f);
  return Save();
}

Status StationKeys::PasswordChangedElsewhere(std::string_view login) {
  return PermissionDenied(kPasswordChangedElsewhere, {std::string(login)});
}

Status StationKeys::MarkChangedElsewhere(std::string_view login) {
  bool marked = false;
  for (Wrap& w : wraps_)
    if (!w.login.empty() && w.login == login && !w.changed_elsewhere)
      w.changed_elsewhere = marked = true;
  return marked ? Save() : Status::Ok();
}

bool StationKeys::ChangedElsewhere(std::string_view login) const {
  return std::any_of(wraps_.begin(), wraps_.end(), [&](const Wrap& w) {
    return !w.login.empty() && w.login == login && w.changed_elsewhere;
  });
}

bool StationKeys::HasLogin(std::string_view login) const {
  return std::any_of(wraps_.begin(), wraps_.end(),
                     [&](const Wrap& w) { return !w.login.empty() && w.login == login; });
}

}  // namespace tongban::node
