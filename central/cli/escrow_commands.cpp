// tongban-central escrow: the county's escrow key and the stations' escrowed codes.
//
// The hub keeps only the public half of the escrow key. Its private half is written once
// to a file the county moves offline; with it, and only with it, an admin opens a
// station's escrowed code, which `tongban keys recover` takes like a recovery code.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>

#include "commands.h"
#include "tongban/node/messages/command_text.h"
#include "tongban/sync/durable_file.h"
#include "tongban/sync/escrow_chain.h"
#include "tongban/sync/sm2.h"

namespace tongban::central::cli {
namespace {

using nlohmann::json;
using node::Say;

constexpr MessageDef kEscrowExists{"central_cli.escrow_exists",
                                   "this hub has an escrow key already ({0}); {1} makes a new one, "
                                   "and every encrypted station escrows to it at its next sync"};
constexpr MessageDef kEscrowFileExists{"central_cli.escrow_file_exists",
                                       "{0} exists already; name a new file for the private key"};
constexpr MessageDef kEscrowNeedsOldKey{
    "central_cli.escrow_needs_old_key",
    "stations move to a new escrow key only when the current one ({0}) endorses it: give {1} "
    "with the file of its private half, or {2} if that file is lost (then an admin at each "
    "encrypted station runs '{3}')"};
constexpr MessageDef kEscrowOldKeyWrong{"central_cli.escrow_old_key_wrong",
                                        "{0} holds the private half of the key {1}, not of the "
                                        "current escrow key {2}"};
constexpr MessageDef kEscrowOtherKey{"central_cli.escrow_other_key",
                                     "node {0} escrowed to the key {1}, not to the key in {2}"};

}  // namespace

static Result<sync::Sm2Key> ReadPrivateKey(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return CannotRead(file);
  const std::string pem{std::istreambuf_iterator<char>(in), {}};
  return sync::Sm2Key::FromPem(pem);
}

Status EscrowInit(const std::string& data, const std::string& out, bool replace,
                  const std::string& old_key, bool old_key_lost) {
  TB_ASSIGN_OR_RETURN(auto hub, OpenExisting(data));
  TB_ASSIGN_OR_RETURN(auto current, hub->EscrowKey());
  if (current && !replace)
    return FailedPrecondition(kEscrowExists, {current->Id().substr(0, 12), "--replace"});
  if (current && old_key.empty() && !old_key_lost)
    return FailedPrecondition(kEscrowNeedsOldKey, {current->Id().substr(0, 12), "--old-key",
                                                   "--old-key-lost", "tongban keys trust-escrow --id"});
  std::optional<sync::Sm2Key> previous;
  if (current && !old_key.empty()) {
    TB_ASSIGN_OR_RETURN(previous, ReadPrivateKey(old_key));
    TB_ASSIGN_OR_RETURN(sync::Sm2PublicKey held, sync::Sm2PublicKey::FromDer(previous->PublicDer()));
    if (held.Id() != current->Id())
      return FailedPrecondition(kEscrowOldKeyWrong,
                                {old_key, held.Id().substr(0, 12), current->Id().substr(0, 12)});
  }
  std::error_code ec;
  if (std::filesystem::exists(out, ec)) return Status(ErrorCode::kAlreadyExists, kEscrowFileExists, {out});
  TB_ASSIGN_OR_RETURN(sync::Sm2Key key, sync::Sm2Key::Generate());
  TB_ASSIGN_OR_RETURN(sync::Sm2PublicKey pub, sync::Sm2PublicKey::FromDer(key.PublicDer()));
  std::string endorsement;
  if (previous) {
    TB_ASSIGN_OR_RETURN(endorsement, sync::EndorseEscrowKey(*previous, pub.der()));
  }
  // The private half first, readable by its owner only: a hub that names a key nobody
  // holds would take escrows nobody can open.
  TB_RETURN_IF_ERROR(sync::WriteFileDurably(out, key.PrivatePem(), 0600));
  TB_RETURN_IF_ERROR(hub->SetEscrowKey(pub, endorsement));
  std::printf(Say("已生成托管密钥。私钥在 %s：请把它移到离线处保管（保险柜里的 U 盘，不要留在本机）。\n"
                  "各加密站点下次同步时会把托管码封给这把密钥交中心保管。\n",
                  "made an escrow key. Its private half is in %s: move it offline (a USB stick in "
                  "a safe, not this machine).\nEncrypted stations escrow to it at their next sync.\n"),
              out.c_str());
  // The whole id, same in both languages: a station's admin may have to be told it.
  std::printf("escrow key id: %s\n", pub.Id().c_str());
  return Status::Ok();
}

Status EscrowOpen(const std::string& data, const std::string& node, const std::string& key_file,
                  bool as_json) {
  TB_ASSIGN_OR_RETURN(auto hub, OpenExisting(data));
  TB_ASSIGN_OR_RETURN(sync::Sm2Key key, ReadPrivateKey(key_file));
  TB_ASSIGN_OR_RETURN(sync::Sm2PublicKey pub, sync::Sm2PublicKey::FromDer(key.PublicDer()));
  TB_ASSIGN_OR_RETURN(NodeEscrow escrow, hub->LoadEscrow(node));
  if (escrow.key_id != pub.Id())
    return FailedPrecondition(kEscrowOtherKey, {node, escrow.key_id.substr(0, 12), key_file});
  TB_ASSIGN_OR_RETURN(std::string code, key.Open(escrow.sealed));
  if (as_json) {
    std::printf("%s\n", json{{"node", node}, {"escrow_code", code}}.dump().c_str());
  } else {
    std::printf(Say("节点 %s 的托管码：\n%s\n在该站点上运行 tongban keys recover --login 管理员账号，"
                    "输入这个托管码和新密码。\n",
                    "escrow code of node %s:\n%s\nAt the station run tongban keys recover --login "
                    "ADMIN and enter this code, then a new password.\n"),
                node.c_str(), code.c_str());
  }
  return Status::Ok();
}

}  // namespace tongban::central::cli
