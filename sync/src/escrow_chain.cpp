#include "tongban/sync/escrow_chain.h"

#include <nlohmann/json.hpp>

namespace tongban::sync {
namespace {

constexpr MessageDef kBadChain{"sync.escrow_chain_bad",
                               "the hub's list of escrow keys cannot be read"};

}  // namespace

std::string EscrowEndorsementText(std::string_view public_der) {
  return "tongban escrow key\n" + std::string(public_der);
}

Result<std::string> EndorseEscrowKey(const Sm2Key& previous, std::string_view public_der) {
  return previous.Sign(EscrowEndorsementText(public_der));
}

bool EscrowChainLeadsFrom(const std::vector<EscrowLink>& chain, std::string_view trusted_der) {
  std::size_t at = chain.size();
  for (std::size_t i = chain.size(); i-- > 0;)
    if (chain[i].public_der == trusted_der) {
      at = i;
      break;
    }
  if (at == chain.size()) return false;
  for (std::size_t i = at + 1; i < chain.size(); ++i) {
    auto previous = Sm2PublicKey::FromDer(chain[i - 1].public_der);
    if (!previous.ok() || chain[i].endorsement.empty() ||
        !previous->Verify(EscrowEndorsementText(chain[i].public_der), chain[i].endorsement))
      return false;
  }
  return true;
}

std::string EncodeEscrowChain(const std::vector<EscrowLink>& chain) {
  nlohmann::json out = nlohmann::json::array();
  for (const EscrowLink& l : chain)
    out.push_back({{"public_key", ToBase64(l.public_der)}, {"endorsement", ToBase64(l.endorsement)}});
  return out.dump();
}

Result<std::vector<EscrowLink>> DecodeEscrowChain(std::string_view text) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return InvalidArgument(kBadChain);
  std::vector<EscrowLink> chain;
  for (const auto& l : j) {
    if (!l.is_object() || !l.contains("public_key") || !l["public_key"].is_string() ||
        !l.contains("endorsement") || !l["endorsement"].is_string())
      return InvalidArgument(kBadChain);
    EscrowLink link;
    TB_ASSIGN_OR_RETURN(link.public_der, FromBase64(l["public_key"].get<std::string>()));
    TB_ASSIGN_OR_RETURN(link.endorsement, FromBase64(l["endorsement"].get<std::string>()));
    chain.push_back(std::move(link));
  }
  return chain;
}

}  // namespace tongban::sync
