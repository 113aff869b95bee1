// Bundle files: sync by USB stick for field laptops and stations with no link.
//
// Layout (all integers little-endian):
//   offset 0   8 bytes  magic "TBBUNDLE"
//          8   1 byte   format version (2; 1 is still read)
//          9   1 byte   kind: 1 = node to hub (changes), 2 = hub to node (reply)
//         10   2 bytes  reserved, zero
//         12   4 bytes  header length H
//         16   H bytes  header, JSON: node, schema, created_at, pull_cursor (kind 1),
//                       payload_bytes
//     16 + H   P bytes  payload: one zstd frame of MessagePack (below)
//   16 + H + P 32 bytes HMAC-SHA-256 of everything before it
// The MAC key is the BLAKE2b hash of the node's secret, which the hub keeps and
// the node can derive: a bundle from an unknown or revoked node, or one altered
// or cut short on the stick, is refused whole before anything is applied.
//
// Payload, format 2 (a map; scan = [sha256 hex, mime, bin content]):
//   kind 1: {"push": bin PushRequest, "scans": [scan…] the hub has not confirmed,
//            "want": [sha256…] content the node needs and lacks}
//   kind 2: {"push": bin PushReply, "pull": bin PullReply, "scans": [scan…] the node needs,
//            "held": [sha256…] content from the node the hub now holds whole}
// Format 1 had no scans: kind 1 was a bare PushRequest, kind 2 {"push", "pull"}.
// Every scan is checked against its SHA-256 when the payload is decoded, so one
// damaged scan refuses the whole bundle.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tongban/status.h"
#include "tongban/sync/wire.h"

namespace tongban::sync {

enum class BundleKind : std::uint8_t { kChanges = 1, kReply = 2 };

inline constexpr std::size_t kMaxBundleBytes = 512u << 20;
// Scan content one bundle carries at most; the rest waits for the next bundle.
inline constexpr std::size_t kMaxBundleScanBytes = 128u << 20;
inline constexpr int kBundleFormat = 2;

struct BundleHeader {
  BundleKind kind = BundleKind::kChanges;
  std::string node;
  int schema = 0;
  std::int64_t created_at = 0;   // Unix ms
  std::int64_t pull_cursor = 0;  // kind 1: what the node already has from the hub
  int format = kBundleFormat;    // read from the file; WriteBundle writes kBundleFormat
};

// Scan content carried in a bundle.
struct BundleScan {
  std::string sha256;  // lower-case hex: the content's address
  std::string mime;
  std::string data;
};

// What a node's bundle (kind 1) carries.
struct ChangesPayload {
  PushRequest push;
  std::vector<BundleScan> scans;  // attached on the node, not confirmed by the hub
  std::vector<std::string> want;  // content the node needs and lacks
};

// What the hub's reply bundle (kind 2) carries.
struct ReplyPayload {
  PushReply push;
  PullReply pull;
  std::vector<BundleScan> scans;  // content the node needs
  std::vector<std::string> held;  // the node's scans the hub now holds whole
};

// Payloads before compression. Decoding takes the header's format, checks every
// bound and every scan's SHA-256, and never throws.
std::string EncodeChangesPayload(const ChangesPayload& payload);
Result<ChangesPayload> DecodeChangesPayload(std::string_view plain, int format);
std::string EncodeReplyPayload(const ReplyPayload& payload);
Result<ReplyPayload> DecodeReplyPayload(std::string_view plain, int format);

// The key both sides use: BLAKE2b-256 of the node secret.
std::string BundleKey(std::string_view secret);

std::string WriteBundle(const BundleHeader& header, std::string_view compressed_payload,
                        std::string_view key);

// Reads the header without checking the MAC (to find the node and its key).
Result<BundleHeader> PeekBundle(std::string_view bytes);
// Checks size, structure and MAC; returns the compressed payload.
Result<std::string> OpenBundle(std::string_view bytes, std::string_view key, BundleHeader* header);

}  // namespace tongban::sync
