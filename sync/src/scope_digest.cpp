#include "tongban/sync/scope_digest.h"

#include <sodium.h>

#include <algorithm>

namespace tongban::sync {

void ScopeDigest::Add(const std::string& table, const RowId& row, Hlc latest_version) {
  lines_.push_back(table + ":" + row.Hex() + ":" + std::to_string(latest_version));
}

std::string ScopeDigest::Finish() {
  std::sort(lines_.begin(), lines_.end());
  crypto_hash_sha256_state h;
  crypto_hash_sha256_init(&h);
  for (const auto& l : lines_) {
    crypto_hash_sha256_update(&h, reinterpret_cast<const unsigned char*>(l.data()), l.size());
    crypto_hash_sha256_update(&h, reinterpret_cast<const unsigned char*>("\n"), 1);
  }
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&h, out);
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return std::string(hex) + ":" + std::to_string(lines_.size());
}

}  // namespace tongban::sync
