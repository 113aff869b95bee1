// Encryption at rest from the command line: encrypt a plain station in place, recover
// a station whose passwords are all lost, and check every page of a station's file.
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli_support.h"
#include "commands.h"
#include "tongban/node/store/node_sync.h"
#include "tongban/node/store/station_keys.h"
#include "tongban/sync/salvage.h"
#include "tongban/sync/sqlite.h"

namespace tongban::cli {

using namespace tongban::node;

namespace {

constexpr MessageDef kAlreadyEncrypted{"cli.already_encrypted", "{0} is encrypted already"};
constexpr MessageDef kEncryptNeedsAdmin{"cli.encrypt_needs_admin",
                                        "only an admin may encrypt the station"};
constexpr MessageDef kNotEncrypted{"cli.not_encrypted",
                                   "{0} is not encrypted: it has no recovery code"};
constexpr MessageDef kRecoveryCodeStdin{"cli.recovery_code_stdin",
                                        "give the recovery code on the first line of standard input"};
constexpr MessageDef kNewPasswordFromStdin{"cli.recover_password_stdin",
                                           "the new password must be given on standard input"};
constexpr MessageDef kCheckFound{"cli.check_found", "{0}: {1}"};
constexpr MessageDef kTrustEscrowNeedsAdmin{"cli.trust_escrow_needs_admin",
                                            "only an admin may name the escrow key"};
constexpr MessageDef kEscrowIdBad{"cli.escrow_id_bad",
                                  "'{0}' is not an escrow key id: 32 to 64 hex digits, as "
                                  "'{1}' printed it"};

// A key file beside a file that still reads as plain SQLite: an encryption that stopped
// before the file was replaced.
bool ReadsPlain(const std::string& db) {
  auto plain = sync::Database::Open(db, {.create = false, .read_only = true});
  return plain.ok() && (*plain)->Exec("SELECT count(*) FROM sqlite_schema").ok();
}

}  // namespace

Status Encrypt(const Common& c, const std::string& cipher) {
  TB_ASSIGN_OR_RETURN(const sync::CipherSuite suite, ParseCipherOption(cipher));
  std::error_code ec;
  if (IsSealedStation(c.db)) {
    if (!ReadsPlain(c.db)) return FailedPrecondition(kAlreadyEncrypted, {c.db});
    std::filesystem::remove(KeyFilePath(c.db), ec);
  }
  std::vector<std::string> others;
  {
    TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
    TB_ASSIGN_OR_RETURN(Session by, Authenticate(*store, c));
    if (by.role != Role::kAdmin) return PermissionDenied(kEncryptNeedsAdmin);
    TB_ASSIGN_OR_RETURN(auto staff, store->ListStaff());
    for (const Session& s : staff)
      if (s.login != by.login) others.push_back(s.login);
  }  // closed: sealing takes the file whole
  TB_ASSIGN_OR_RETURN(std::string password, ReadPassword(""));  // as signed in just now
  TB_ASSIGN_OR_RETURN(StationKeys keys,
                      StationKeys::Generate(c.db, suite, CommandUser(c), password));
  // The key file first: the file is never sealed without the key that opens it.
  TB_RETURN_IF_ERROR(keys.Save());
  if (Status sealed = sync::SealDatabase(c.db, keys.key()); !sealed.ok()) {
    std::filesystem::remove(keys.path(), ec);
    return sealed;
  }
  if (c.json) {
    PrintJson({{"db", c.db},
               {"cipher", sync::CipherSuiteName(keys.suite())},
               {"recovery_code", keys.recovery_code()},
               {"needs_password_reset", others}});
    return Status::Ok();
  }
  PrintRecoveryCode(keys);
  if (!others.empty()) {
    std::string list;
    for (const auto& l : others) list += (list.empty() ? "" : ", ") + l;
    std::printf(Say("以下账号须由管理员重设密码后才能登录（tongban staff reset-password）：%s\n",
                    "these accounts sign in again only after an admin resets their password "
                    "(tongban staff reset-password): %s\n"),
                list.c_str());
  }
  return Status::Ok();
}

Status KeysRecover(const Common& c, std::string code, const std::string& login) {
  if (!IsSealedStation(c.db)) return FailedPrecondition(kNotEncrypted, {c.db});
  // Without --code the code is the first line of standard input: a code on the command
  // line shows in the process list and the shell's history.
  if (code.empty() && (!std::getline(std::cin, code) || code.empty()))
    return InvalidArgument(kRecoveryCodeStdin);
  TB_ASSIGN_OR_RETURN(StationKeys keys, StationKeys::Load(c.db));
  TB_ASSIGN_OR_RETURN(sync::DataKey key, keys.UnlockWithRecovery(code));
  TB_ASSIGN_OR_RETURN(auto store, NodeStore::Open(c.db, sync::SystemWallClock::Instance(), 5000, &key));
  std::string pw;
  if (!std::getline(std::cin, pw) || pw.empty()) return InvalidArgument(kNewPasswordFromStdin);
  // The recovery code stands for an admin of this station.
  const Session recovery{"recovery", "恢复码", Role::kAdmin};
  TB_RETURN_IF_ERROR(store->ResetPassword(recovery, login, pw));
  if (c.json) PrintJson({{"login", login}, {"recovered", true}});
  else
    std::printf(Say("已凭恢复码为 %s 设置新密码；本站可用新密码解锁\n",
                    "a new password is set for %s with the recovery code; the station unlocks "
                    "with it\n"),
                login.c_str());
  return Status::Ok();
}

Status KeysTrustEscrow(const Common& c, std::string id) {
  for (char& ch : id) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  // 32 digits at least: fewer could be matched by a key made to fit.
  if (id.size() < 32 || id.size() > 64 ||
      id.find_first_not_of("0123456789abcdef") != std::string::npos)
    return InvalidArgument(kEscrowIdBad, {id, "tongban-central escrow init"});
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(Session by, Authenticate(*store, c));
  if (by.role != Role::kAdmin) return PermissionDenied(kTrustEscrowNeedsAdmin);
  TB_RETURN_IF_ERROR(NameEscrowKey(*store, id));
  std::printf(Say("本站今后只托管到密钥 %s…，下次同步时生效。\n",
                  "this station escrows to the key %s… only, from its next sync.\n"),
              id.substr(0, 16).c_str());
  return Status::Ok();
}

Status Check(const Common& c) {
  TB_ASSIGN_OR_RETURN(auto key, UnlockStation(c));
  TB_ASSIGN_OR_RETURN(auto db, sync::Database::Open(c.db, {.create = false,
                                                           .read_only = true,
                                                           .key = key ? &*key : nullptr}));
  // Every page in use is read; a page that fails its seal stops it with the page named.
  if (Status damage = sync::CheckEveryPage(*db); !damage.ok()) {
    if (damage.key() == "sync.check_failed" && !damage.args().empty())
      return Corruption(kCheckFound, {c.db, damage.args().front()});
    return damage;
  }
  TB_ASSIGN_OR_RETURN(auto* pages, db->Prepare("PRAGMA page_count"));
  TB_ASSIGN_OR_RETURN(bool has, pages->Step());
  const long long count = has ? pages->Int(0) : 0;
  pages->Reset();
  if (c.json) {
    PrintJson({{"db", c.db}, {"pages", count}, {"encrypted", key.has_value()}, {"ok", true}});
  } else {
    std::printf(key ? Say("%s 完好：%lld 页，每页均已加密并通过校验\n",
                          "%s is intact: %lld pages, each encrypted and checked\n")
                    : Say("%s 完好：%lld 页（未加密）\n", "%s is intact: %lld pages (not encrypted)\n"),
                c.db.c_str(), count);
  }
  return Status::Ok();
}

}  // namespace tongban::cli
