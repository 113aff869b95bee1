#include "tongban/sync/bundle.h"

#include <sodium.h>

#include <cstring>
#include <nlohmann/json.hpp>

#include "tongban/sync/scan_transfer.h"

namespace tongban::sync {
namespace {

using nlohmann::json;

constexpr char kMagic[8] = {'T', 'B', 'B', 'U', 'N', 'D', 'L', 'E'};
constexpr std::size_t kFixed = 16;
constexpr std::size_t kMac = crypto_auth_hmacsha256_BYTES;
constexpr std::size_t kMaxHeader = 64 * 1024;

void PutU32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

std::uint32_t GetU32(std::string_view b, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + i])) << (8 * i);
  return v;
}

std::string Mac(std::string_view data, std::string_view key) {
  unsigned char mac[kMac];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  crypto_auth_hmacsha256_final(&st, mac);
  return std::string(reinterpret_cast<char*>(mac), kMac);
}

// Structure checks shared by Peek and Open; fills header and payload bounds.
Status Parse(std::string_view b, BundleHeader* h, std::size_t* payload_at, std::size_t* payload_len) {
  if (b.size() > kMaxBundleBytes) return InvalidArgument("bundle is larger than 512 MiB");
  if (b.size() < kFixed + kMac || std::memcmp(b.data(), kMagic, 8) != 0)
    return Corruption("not a Tongban bundle file (or it is cut short)");
  if (b[8] != 1 && b[8] != kBundleFormat)
    return InvalidArgument("bundle format version " + std::to_string(int(b[8])) +
                           " is not supported (update Tongban)");
  const auto kind = static_cast<std::uint8_t>(b[9]);
  if (kind != 1 && kind != 2) return Corruption("bundle kind is unknown");
  const std::uint32_t hlen = GetU32(b, 12);
  if (hlen > kMaxHeader || kFixed + hlen + kMac > b.size())
    return Corruption("bundle is damaged or cut short (header)");
  const json j = json::parse(b.substr(kFixed, hlen), nullptr, false);
  if (!j.is_object() || !j.contains("node") || !j["node"].is_string() ||
      !j.contains("payload_bytes") || !j["payload_bytes"].is_number_unsigned())
    return Corruption("bundle header is damaged");
  const std::uint64_t plen = j["payload_bytes"].get<std::uint64_t>();
  if (kFixed + hlen + plen + kMac != b.size())
    return Corruption("bundle is damaged or cut short: " + std::to_string(b.size()) +
                      " bytes where " + std::to_string(kFixed + hlen + plen + kMac) + " were written");
  h->format = b[8];
  h->kind = static_cast<BundleKind>(kind);
  h->node = j["node"].get<std::string>();
  h->schema = j.value("schema", 0);
  h->created_at = j.value("created_at", std::int64_t{0});
  h->pull_cursor = j.value("pull_cursor", std::int64_t{0});
  *payload_at = kFixed + hlen;
  *payload_len = static_cast<std::size_t>(plen);
  return Status::Ok();
}

json Bin(std::string_view bytes) {
  return json::binary(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
}

std::string FromBin(const json& j) {
  const auto& b = j.get_binary();
  return std::string(b.begin(), b.end());
}

json ScansJson(const std::vector<BundleScan>& scans) {
  json out = json::array();
  for (const auto& s : scans) out.push_back(json::array({s.sha256, s.mime, Bin(s.data)}));
  return out;
}

// Rules for the scans of a bundle, each one a reason to refuse the whole bundle.
Result<std::vector<BundleScan>> ScansFrom(const json& j) {
  std::vector<BundleScan> out;
  if (j.is_null()) return out;
  if (!j.is_array()) return Corruption("bundle payload is damaged (scans)");
  std::uint64_t total = 0;
  for (const auto& s : j) {
    // A triple of address, type and bytes.
    if (!s.is_array() || s.size() != 3 || !s[0].is_string() || !s[1].is_string() ||
        !s[2].is_binary())
      return Corruption("bundle payload is damaged (a scan)");
    BundleScan scan{s[0].get<std::string>(), s[1].get<std::string>(), FromBin(s[2])};
    // A content address, a short type, and a size any node would accept.
    if (!IsSha256Hex(scan.sha256) || scan.mime.size() > 100 || scan.data.empty() ||
        scan.data.size() > kMaxScanBytes)
      return Corruption("bundle payload is damaged (a scan's address, type or size)");
    // The bytes are the ones the address names.
    if (Sha256::Hex(scan.data) != scan.sha256)
      return Corruption("scan " + scan.sha256.substr(0, 12) +
                        " in the bundle is damaged (its SHA-256 does not match); nothing was applied");
    total += scan.data.size();
    out.push_back(std::move(scan));
  }
  if (total > kMaxBundleScanBytes) return Corruption("bundle carries more scan content than allowed");
  return out;
}

Result<std::vector<std::string>> AddressesFrom(const json& j) {
  std::vector<std::string> out;
  if (j.is_null()) return out;
  if (!j.is_array() || j.size() > kMaxChangesPerBatch)
    return Corruption("bundle payload is damaged (scan list)");
  for (const auto& a : j) {
    if (!a.is_string() || !IsSha256Hex(a.get<std::string>()))
      return Corruption("bundle payload is damaged (a scan address)");
    out.push_back(a.get<std::string>());
  }
  return out;
}

std::string Packed(const json& j) {
  const auto bytes = json::to_msgpack(j);
  return std::string(bytes.begin(), bytes.end());
}

}  // namespace

std::string EncodeChangesPayload(const ChangesPayload& p) {
  return Packed(json{{"push", Bin(EncodePushRequest(p.push))},
                     {"scans", ScansJson(p.scans)},
                     {"want", p.want}});
}

Result<ChangesPayload> DecodeChangesPayload(std::string_view plain, int format) {
  ChangesPayload out;
  if (format == 1) {
    TB_ASSIGN_OR_RETURN(out.push, DecodePushRequest(plain));
    return out;
  }
  const json j = json::from_msgpack(plain.begin(), plain.end(), true, false);
  if (!j.is_object() || !j.contains("push") || !j["push"].is_binary())
    return Corruption("bundle payload is damaged");
  TB_ASSIGN_OR_RETURN(out.push, DecodePushRequest(FromBin(j["push"])));
  TB_ASSIGN_OR_RETURN(out.scans, ScansFrom(j.value("scans", json())));
  TB_ASSIGN_OR_RETURN(out.want, AddressesFrom(j.value("want", json())));
  return out;
}

std::string EncodeReplyPayload(const ReplyPayload& p) {
  return Packed(json{{"push", Bin(EncodePushReply(p.push))},
                     {"pull", Bin(EncodePullReply(p.pull))},
                     {"scans", ScansJson(p.scans)},
                     {"held", p.held}});
}

Result<ReplyPayload> DecodeReplyPayload(std::string_view plain, int format) {
  const json j = json::from_msgpack(plain.begin(), plain.end(), true, false);
  if (!j.is_object() || !j.contains("push") || !j["push"].is_binary() || !j.contains("pull") ||
      !j["pull"].is_binary())
    return Corruption("reply bundle payload is damaged");
  ReplyPayload out;
  TB_ASSIGN_OR_RETURN(out.push, DecodePushReply(FromBin(j["push"])));
  TB_ASSIGN_OR_RETURN(out.pull, DecodePullReply(FromBin(j["pull"])));
  if (format == 1) return out;
  TB_ASSIGN_OR_RETURN(out.scans, ScansFrom(j.value("scans", json())));
  TB_ASSIGN_OR_RETURN(out.held, AddressesFrom(j.value("held", json())));
  return out;
}

std::string BundleKey(std::string_view secret) {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(secret.data()),
                     secret.size(), nullptr, 0);
  return std::string(reinterpret_cast<char*>(out), sizeof out);
}

std::string WriteBundle(const BundleHeader& h, std::string_view payload, std::string_view key) {
  const std::string header = json{{"node", h.node},
                                  {"schema", h.schema},
                                  {"created_at", h.created_at},
                                  {"pull_cursor", h.pull_cursor},
                                  {"payload_bytes", payload.size()}}
                                 .dump();
  std::string out(kMagic, 8);
  out.push_back(static_cast<char>(kBundleFormat));
  out.push_back(static_cast<char>(h.kind));
  out.push_back(0);
  out.push_back(0);
  PutU32(out, static_cast<std::uint32_t>(header.size()));
  out += header;
  out += payload;
  out += Mac(out, key);
  return out;
}

Result<BundleHeader> PeekBundle(std::string_view bytes) {
  BundleHeader h;
  std::size_t at = 0, len = 0;
  TB_RETURN_IF_ERROR(Parse(bytes, &h, &at, &len));
  return h;
}

Result<std::string> OpenBundle(std::string_view bytes, std::string_view key, BundleHeader* header) {
  std::size_t at = 0, len = 0;
  TB_RETURN_IF_ERROR(Parse(bytes, header, &at, &len));
  const std::string expected = Mac(bytes.substr(0, bytes.size() - kMac), key);
  if (sodium_memcmp(expected.data(), bytes.data() + bytes.size() - kMac, kMac) != 0)
    return PermissionDenied("bundle was altered, or does not come from node " + header->node +
                            " (its signature does not match); nothing was applied");
  return std::string(bytes.substr(at, len));
}

}  // namespace tongban::sync
