// The county's escrow keys in the order they were made, each new one endorsed (signed)
// by the private half of the one before. A station trusts the first escrow key it sees
// (or one its admin names) and moves to a new one only along endorsed links: whoever
// runs the hub cannot name a key of their own and collect the codes sealed to it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tongban/status.h"
#include "tongban/sync/sm2.h"

namespace tongban::sync {

struct EscrowLink {
  std::string public_der;
  // The previous key's SM2 signature over EscrowEndorsementText(public_der); empty for
  // the first key, and for one put in after the previous private half was lost.
  std::string endorsement;
};

std::string EscrowEndorsementText(std::string_view public_der);
Result<std::string> EndorseEscrowKey(const Sm2Key& previous, std::string_view public_der);

// Whether `chain` leads from the key `trusted_der` to its last key with every link after
// it endorsed by the one before (true when `trusted_der` is the last key).
bool EscrowChainLeadsFrom(const std::vector<EscrowLink>& chain, std::string_view trusted_der);

// JSON array of {"public_key", "endorsement"}, both base64, as the hub keeps and sends it.
std::string EncodeEscrowChain(const std::vector<EscrowLink>& chain);
Result<std::vector<EscrowLink>> DecodeEscrowChain(std::string_view text);

}  // namespace tongban::sync
