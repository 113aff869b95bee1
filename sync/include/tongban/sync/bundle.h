// Bundle files: sync by USB stick for field laptops and stations with no link.
//
// Format 4 (written by nodes; all integers little-endian) is read and written in
// sections, so neither side ever holds a whole bundle in memory:
//   offset 0   8 bytes  magic "TBBUNDLE"
//          8   1 byte   format version (4; 1 to 3 are still read, see below)
//          9   1 byte   kind: 1 = node to hub (changes), 2 = hub to node (reply)
//         10   2 bytes  reserved, zero
//         12   4 bytes  header length H
//         16   H bytes  header, JSON: node, schema, created_at, pull_cursor (kind 1),
//                       nonce (32 hex digits), public_key (kind 1: the node's, base64 DER),
//                       wipe (kind 2: true when the node was revoked and must erase its data)
//     16 + H  32 bytes  MAC
//   then sections, each:
//              1 byte   section type (BundleSectionType; 0 ends the bundle)
//              4 bytes  length L
//              L bytes  one zstd frame of the section's MessagePack (L = 0 for the end)
//             32 bytes  MAC
// Every MAC is HMAC-SHA-256 of every byte before it except the earlier MACs, so each
// section is checked before it is used, and a bundle cut short lacks the end section.
// The key is the BLAKE2b hash of the node's secret, which the hub keeps and the node can
// derive. ReadBundle checks the whole file first and applies only after that, so a
// bundle from an unknown or revoked node, or one altered or cut short on the stick, is
// refused whole before anything is applied.
//
// Format 4 adds, against a lost stick and a copied hub:
//  - Encryption: each section's zstd frame is encrypted with SM4-CTR (message i of the
//    bundle at counter i * 2^64) under a key derived from the MAC key and the header's
//    nonce, fresh per bundle; the MAC covers the ciphertext. Someone who finds the
//    stick reads only the header (node code, times).
//  - A signature (kind 1): section type 0x80 just before the end holds the node's SM2
//    signature (tongban/sync/sm2.h) of "tongban-bundle-v4\n" and the SHA-256 of
//    every byte before that section. The MAC key is a hash the hub keeps, so the MAC
//    alone cannot tell the node from whoever holds a copy of the hub's data; the
//    signature can. A hub that holds the node's public key requires it; one that does
//    not yet checks it against the header's public_key and then keeps that key.
// Format 3 is format 4 without either; a hub answers a format 3 bundle in format 3.
//
// Sections, in this order:
//   kind 1: push pages (PushRequest, one at least), scans, one list of wanted scans
//   kind 2: one push reply (PushReply), pull pages (PullReply), scans, one list of the
//           node's scans the hub now holds whole
// A scan section is [sha256 hex, mime, bin content], checked against its address when
// decoded, so one damaged scan refuses the whole bundle.
//
// Formats 1 and 2 had one payload (one zstd frame, its size in the header's
// payload_bytes) and one MAC at the end. They are read whole, as they were written, and
// a hub answers such a bundle in format 2, so a node one version behind reads its reply.
//   format 2 kind 1: {"push": bin PushRequest, "scans": [scan…], "want": [sha256…]}
//   format 2 kind 2: {"push": bin PushReply, "pull": bin PullReply, "scans": [scan…],
//                     "held": [sha256…]}
//   format 1: kind 1 a bare PushRequest, kind 2 {"push", "pull"}.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "tongban/status.h"
#include "tongban/sync/sm2.h"
#include "tongban/sync/wire.h"

namespace tongban::sync {

enum class BundleKind : std::uint8_t { kChanges = 1, kReply = 2 };

// Bound on a bundle file: beyond it the next bundle carries the rest.
inline constexpr std::size_t kMaxBundleBytes = 512u << 20;
// Bound on one section, before and after compression: a scan and its framing fit.
inline constexpr std::size_t kMaxBundleSectionBytes = 24u << 20;
// Scan content one bundle carries at most; the rest waits for the next bundle.
inline constexpr std::size_t kMaxBundleScanBytes = 128u << 20;
inline constexpr int kBundleFormat = 4;
// Sections in plain and unsigned: what a hub writes back to a node one version behind.
inline constexpr int kPlainBundleFormat = 3;
// What a hub writes back to a node that wrote format 1 or 2.
inline constexpr int kLegacyBundleFormat = 2;

struct BundleHeader {
  BundleKind kind = BundleKind::kChanges;
  std::string node;
  int schema = 0;
  std::int64_t created_at = 0;   // Unix ms
  std::int64_t pull_cursor = 0;  // kind 1: what the node already has from the hub
  int format = kBundleFormat;    // read from the file; the writer writes this format
  std::string nonce;             // format 4: 16 bytes, fresh per bundle (the writer makes it)
  std::string public_key;        // format 4, kind 1: the node's public key (DER) as written
  bool wipe = false;             // kind 2, format 3 on: the node was revoked and erases its
                                 // data once it has read this reply
};

// Scan content carried in a bundle.
struct BundleScan {
  std::string sha256;  // lower-case hex: the content's address
  std::string mime;
  std::string data;
};

// Kind 1: content the node needs and lacks.
struct ScansWanted {
  std::vector<std::string> sha256;
};
// Kind 2: the node's scans the hub now holds whole.
struct ScansHeld {
  std::vector<std::string> sha256;
};

// One section of a bundle, decoded and checked.
using BundleSection = std::variant<PushRequest, PushReply, PullReply, BundleScan, ScansWanted, ScansHeld>;

// The key both sides use: BLAKE2b-256 of the node secret.
std::string BundleKey(std::string_view secret);

// Writes a bundle section by section to `path` + ".part"; Finish syncs it and renames it
// into place, so a stick pulled out early leaves no half bundle under its name. A writer
// dropped before Finish removes its part file. Sections must come in the order above.
// With header.format 2 (a reply to an old node) it gathers the sections and writes the
// whole payload at Finish. `signer`: the node's key, which signs a format 4 kind 1 bundle.
class BundleWriter {
 public:
  static Result<std::unique_ptr<BundleWriter>> Create(const std::string& path,
                                                      const BundleHeader& header,
                                                      std::string_view key,
                                                      const Sm2Key* signer = nullptr);
  virtual ~BundleWriter() = default;
  // False: the section is larger than one may be and nothing was written (split it).
  virtual Result<bool> Add(const BundleSection& section) = 0;
  // Bytes written (format 3) or gathered (format 2) so far.
  virtual std::uint64_t bytes() const = 0;
  virtual Status Finish() = 0;
};

// The header, without checking the MAC (to find the node and its key).
Result<BundleHeader> PeekBundle(const std::string& path);

// Reads a bundle of any format in bounded memory (formats 1 and 2 whole, as written).
// First pass: structure, every MAC, the signature, every section decoded and checked,
// the end; then `accept` judges the header. Only then the second pass hands each
// section to `apply`, in order, requiring every MAC to be the one the first pass saw
// (the file could change between the passes). A bundle refused in the first pass
// applied nothing. `signer`, when given, must have signed the bundle (so formats 1 to 3,
// which carry no signature, are refused).
Status ReadBundle(const std::string& path, std::string_view key,
                  const std::function<Status(const BundleHeader&)>& accept,
                  const std::function<Status(BundleSection&&)>& apply,
                  const Sm2PublicKey* signer = nullptr);

// Format 2, whole in memory: kept to answer and to test nodes one version behind.
struct ChangesPayload {
  PushRequest push;
  std::vector<BundleScan> scans;
  std::vector<std::string> want;
};
struct ReplyPayload {
  PushReply push;
  PullReply pull;
  std::vector<BundleScan> scans;
  std::vector<std::string> held;
};
std::string EncodeChangesPayload(const ChangesPayload& payload);
std::string EncodeReplyPayload(const ReplyPayload& payload);
// A format 2 file: header, the compressed payload, the MAC.
std::string WriteLegacyBundle(const BundleHeader& header, std::string_view compressed_payload,
                              std::string_view key);

}  // namespace tongban::sync
