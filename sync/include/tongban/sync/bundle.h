// Bundle files: sync by USB stick for field laptops and stations with no link.
//
// Layout (all integers little-endian):
//   offset 0   8 bytes  magic "TBBUNDLE"
//          8   1 byte   format version (1)
//          9   1 byte   kind: 1 = node to hub (changes), 2 = hub to node (reply)
//         10   2 bytes  reserved, zero
//         12   4 bytes  header length H
//         16   H bytes  header, JSON: node, schema, created_at, pull_cursor (kind 1),
//                       payload_bytes
//     16 + H   P bytes  payload: one zstd frame of MessagePack
//                       (kind 1: PushRequest; kind 2: {"push": PushReply, "pull": PullReply})
//   16 + H + P 32 bytes HMAC-SHA-256 of everything before it
// The MAC key is the BLAKE2b hash of the node's secret, which the hub keeps and
// the node can derive: a bundle from an unknown or revoked node, or one altered
// or cut short on the stick, is refused whole before anything is applied.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tongban/status.h"
#include "tongban/sync/wire.h"

namespace tongban::sync {

enum class BundleKind : std::uint8_t { kChanges = 1, kReply = 2 };

inline constexpr std::size_t kMaxBundleBytes = 512u << 20;

struct BundleHeader {
  BundleKind kind = BundleKind::kChanges;
  std::string node;
  int schema = 0;
  std::int64_t created_at = 0;   // Unix ms
  std::int64_t pull_cursor = 0;  // kind 1: what the node already has from the hub
};

// The key both sides use: BLAKE2b-256 of the node secret.
std::string BundleKey(std::string_view secret);

std::string WriteBundle(const BundleHeader& header, std::string_view compressed_payload,
                        std::string_view key);

// Reads the header without checking the MAC (to find the node and its key).
Result<BundleHeader> PeekBundle(std::string_view bytes);
// Checks size, structure and MAC; returns the compressed payload.
Result<std::string> OpenBundle(std::string_view bytes, std::string_view key, BundleHeader* header);

}  // namespace tongban::sync
