#include "tongban/sync/bundle.h"

#include <sodium.h>

#include <cstring>
#include <nlohmann/json.hpp>

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
  if (b[8] != 1) return InvalidArgument("bundle format version " + std::to_string(int(b[8])) + " is not supported");
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
  h->kind = static_cast<BundleKind>(kind);
  h->node = j["node"].get<std::string>();
  h->schema = j.value("schema", 0);
  h->created_at = j.value("created_at", std::int64_t{0});
  h->pull_cursor = j.value("pull_cursor", std::int64_t{0});
  *payload_at = kFixed + hlen;
  *payload_len = static_cast<std::size_t>(plen);
  return Status::Ok();
}

}  // namespace

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
  out.push_back(1);
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
