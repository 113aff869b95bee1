#include "tongban/sync/bundle.h"

#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <utility>
#include <nlohmann/json.hpp>

#include "tongban/sync/compression.h"
#include "tongban/sync/durable_file.h"
#include "tongban/sync/msgpack_writer.h"
#include "tongban/sync/page_cipher.h"
#include "tongban/sync/scan_transfer.h"

namespace tongban::sync {
namespace {

using nlohmann::json;

constexpr char kMagic[8] = {'T', 'B', 'B', 'U', 'N', 'D', 'L', 'E'};
constexpr std::size_t kFixed = 16;
constexpr std::size_t kMac = crypto_auth_hmacsha256_BYTES;
constexpr std::size_t kMaxHeader = 64 * 1024;
constexpr std::size_t kSectionHead = 5;  // type and length
constexpr std::uint8_t kEndSection = 0;
constexpr std::uint8_t kSignatureSection = 0x80;
constexpr std::size_t kMaxSignature = 160;  // an SM2 signature in DER is at most 72 bytes
constexpr std::size_t kNonce = 16;
constexpr std::string_view kSignedPrefix = "tongban-bundle-v4\n";

constexpr MessageDef kScanDamaged{"sync.bundle_scan_damaged", "bundle payload is damaged (a scan)"};
constexpr MessageDef kScanFields{"sync.bundle_scan_fields",
                                 "bundle payload is damaged (a scan's address, type or size)"};
constexpr MessageDef kScanSha{"sync.bundle_scan_sha",
                              "scan {0} in the bundle is damaged (its SHA-256 does not match); "
                              "nothing was applied"};
constexpr MessageDef kScanList{"sync.bundle_scan_list", "bundle payload is damaged (scan list)"};
constexpr MessageDef kScanAddress{"sync.bundle_scan_address",
                                  "bundle payload is damaged (a scan address)"};
constexpr MessageDef kSectionUnknown{"sync.bundle_section_unknown",
                                     "bundle section type {0} is unknown"};
constexpr MessageDef kSectionForeign{"sync.bundle_section_foreign",
                                     "bundle holds a section its kind never carries"};
constexpr MessageDef kSectionOrder{"sync.bundle_section_order", "bundle sections are out of order"};
constexpr MessageDef kScansTooLarge{"sync.bundle_scans_too_large",
                                    "bundle carries more scan content than allowed"};
constexpr MessageDef kNoPush{"sync.bundle_no_push", "bundle is damaged (it carries no push)"};
constexpr MessageDef kNotBundle{"sync.bundle_not_bundle",
                                "not a Tongban bundle file (or it is cut short)"};
constexpr MessageDef kFormatNew{"sync.bundle_format_new",
                                "bundle format version {0} is not supported (update Tongban)"};
constexpr MessageDef kKindUnknown{"sync.bundle_kind_unknown", "bundle kind is unknown"};
constexpr MessageDef kHeaderLength{"sync.bundle_header_length", "bundle is damaged (header)"};
constexpr MessageDef kHeaderDamaged{"sync.bundle_header_damaged", "bundle header is damaged"};
constexpr MessageDef kOtherNode{"sync.bundle_other_node",
                                "bundle payload is labelled for another node"};
constexpr MessageDef kCutShort{"sync.bundle_cut_short", "bundle is damaged or cut short"};
constexpr MessageDef kCannotRead{"sync.bundle_cannot_read", "cannot read bundle {0}: {1}"};
constexpr MessageDef kTooLarge{"sync.bundle_too_large", "bundle {0} is larger than 512 MiB"};
constexpr MessageDef kReadError{"sync.bundle_read_error", "cannot read the bundle: {0}"};
constexpr MessageDef kChanged{"sync.bundle_changed",
                              "bundle changed on the stick while it was read; import it again"};
constexpr MessageDef kSignature{"sync.bundle_signature",
                                "bundle was altered, or does not come from node {0} (its "
                                "signature does not match); nothing was applied"};
constexpr MessageDef kSizeMismatch{"sync.bundle_size_mismatch",
                                   "bundle is damaged or cut short: {0} bytes where {1} were written"};
constexpr MessageDef kPayloadDamaged{"sync.bundle_payload_damaged", "bundle payload is damaged"};
constexpr MessageDef kPayloadScans{"sync.bundle_payload_scans", "bundle payload is damaged (scans)"};
constexpr MessageDef kSectionLength{"sync.bundle_section_length",
                                    "bundle is damaged (a section's length)"};
constexpr MessageDef kTrailing{"sync.bundle_trailing", "bundle is damaged (bytes after its end)"};
constexpr MessageDef kWriteFormat{"sync.bundle_write_format", "cannot write bundle format {0}"};
constexpr MessageDef kUnsigned{"sync.bundle_unsigned",
                               "node {0} signs its bundles, and this one is not signed (an older "
                               "Tongban wrote it, or it was altered); nothing was applied"};
constexpr MessageDef kSignaturePlace{"sync.bundle_signature_place",
                                     "bundle is damaged (its signature is out of place)"};

void PutU32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

std::uint32_t GetU32(std::string_view b, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + i])) << (8 * i);
  return v;
}

// HMAC-SHA-256 over everything fed so far; Tag() leaves the running state as it is.
class RunningMac {
 public:
  explicit RunningMac(std::string_view key) {
    crypto_auth_hmacsha256_init(&state_, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  }
  void Update(std::string_view bytes) {
    crypto_auth_hmacsha256_update(&state_, reinterpret_cast<const unsigned char*>(bytes.data()),
                                  bytes.size());
  }
  std::string Tag() const {
    crypto_auth_hmacsha256_state copy = state_;
    unsigned char mac[kMac];
    crypto_auth_hmacsha256_final(&copy, mac);
    return std::string(reinterpret_cast<char*>(mac), kMac);
  }
  bool Matches(std::string_view tag) const {
    const std::string expected = Tag();
    return tag.size() == kMac && sodium_memcmp(expected.data(), tag.data(), kMac) == 0;
  }

 private:
  crypto_auth_hmacsha256_state state_;
};

// SHA-256 over every byte before a bundle's signature; Digest() leaves the state as it is.
class RunningHash {
 public:
  RunningHash() { crypto_hash_sha256_init(&state_); }
  void Update(std::string_view bytes) {
    crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(bytes.data()),
                              bytes.size());
  }
  // What the node signs: a fixed prefix and the digest so far.
  std::string SignedText() const {
    crypto_hash_sha256_state copy = state_;
    unsigned char out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&copy, out);
    return std::string(kSignedPrefix) + std::string(reinterpret_cast<char*>(out), sizeof out);
  }

 private:
  crypto_hash_sha256_state state_;
};

// Format 4: the cipher of a bundle's sections, from its MAC key and nonce.
Result<std::unique_ptr<StreamCipher>> SectionCipher(std::string_view key, std::string_view nonce) {
  std::array<std::uint8_t, 32> material{};
  crypto_generichash(material.data(), material.size(), reinterpret_cast<const unsigned char*>(key.data()),
                     key.size(), nullptr, 0);
  char hex[2 * kNonce + 1];
  sodium_bin2hex(hex, sizeof hex, reinterpret_cast<const unsigned char*>(nonce.data()), nonce.size());
  auto cipher = StreamCipher::Make(material, std::string("tongban bundle sm4-ctr ") + hex);
  sodium_memzero(material.data(), material.size());
  return cipher;
}

Status Crypt(StreamCipher* cipher, std::uint64_t index, std::string& frame) {
  if (!cipher) return Status::Ok();
  if (!cipher->Apply(index, {reinterpret_cast<std::uint8_t*>(frame.data()), frame.size()}))
    return Internal("bundle: SM4-CTR failed");
  return Status::Ok();
}

// What a read pass checks besides the MACs.
struct PassCheck {
  const Sm2PublicKey* signer = nullptr;             // must have signed the bundle
  std::vector<std::string>* record = nullptr;        // first pass: every MAC, in order
  const std::vector<std::string>* expect = nullptr;  // second pass: the MACs the first saw
  std::size_t next = 0;

  // A MAC that matched: the same one the first pass saw at this place.
  Status Seen(const std::string& tag);
};

std::uint32_t Dictionary() {
  const auto ids = Compressor::Shipped().dictionary_ids();
  return ids.empty() ? 0 : ids.back();
}

// ---- Section content ------------------------------------------------------------------

// A section's type byte is its place in BundleSection, counted from 1.
std::uint8_t TypeOf(const BundleSection& s) { return static_cast<std::uint8_t>(s.index() + 1); }

json Bin(std::string_view bytes) {
  return json::binary(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
}

std::string FromBin(const json& j) {
  const auto& b = j.get_binary();
  return std::string(b.begin(), b.end());
}

std::string Packed(const json& j) {
  const auto bytes = json::to_msgpack(j);
  return std::string(bytes.begin(), bytes.end());
}

json ScanJson(const BundleScan& s) { return json::array({s.sha256, s.mime, Bin(s.data)}); }

// Rules for one scan, each a reason to refuse the whole bundle.
Result<BundleScan> ScanFrom(const json& s) {
  // A triple of address, type and bytes.
  if (!s.is_array() || s.size() != 3 || !s[0].is_string() || !s[1].is_string() || !s[2].is_binary())
    return Corruption(kScanDamaged);
  BundleScan scan{s[0].get<std::string>(), s[1].get<std::string>(), FromBin(s[2])};
  // A content address, a short type, and a size any node would accept.
  if (!IsSha256Hex(scan.sha256) || scan.mime.size() > 100 || scan.data.empty() ||
      scan.data.size() > kMaxScanBytes)
    return Corruption(kScanFields);
  // The bytes are the ones the address names.
  if (Sha256::Hex(scan.data) != scan.sha256)
    return Corruption(kScanSha, {scan.sha256.substr(0, 12)});
  return scan;
}

Result<std::vector<std::string>> AddressesFrom(const json& j) {
  std::vector<std::string> out;
  if (j.is_null()) return out;
  if (!j.is_array() || j.size() > kMaxChangesPerBatch)
    return Corruption(kScanList);
  for (const auto& a : j) {
    if (!a.is_string() || !IsSha256Hex(a.get<std::string>()))
      return Corruption(kScanAddress);
    out.push_back(a.get<std::string>());
  }
  return out;
}

std::string EncodeSection(const BundleSection& section) {
  struct Encode {
    std::string operator()(const PushRequest& m) const { return EncodePushRequest(m); }
    std::string operator()(const PushReply& m) const { return EncodePushReply(m); }
    std::string operator()(const PullReply& m) const { return EncodePullReply(m); }
    std::string operator()(const BundleScan& m) const {  // no json tree: a scan is up to 20 MiB
      MsgpackWriter w;
      w.Array(3);
      w.Str(m.sha256);
      w.Str(m.mime);
      w.Bin(reinterpret_cast<const std::uint8_t*>(m.data.data()), m.data.size());
      return w.Take();
    }
    std::string operator()(const ScansWanted& m) const { return Packed(json(m.sha256)); }
    std::string operator()(const ScansHeld& m) const { return Packed(json(m.sha256)); }
  };
  return std::visit(Encode{}, section);
}

// Takes `plain`, so a scan's bytes are held at most twice while they are decoded.
Result<BundleSection> DecodeSection(std::uint8_t type, std::string plain) {
  const auto msgpack = [&] { return json::from_msgpack(plain.begin(), plain.end(), true, false); };
  switch (type) {
    case 1: {
      TB_ASSIGN_OR_RETURN(PushRequest m, DecodePushRequest(plain));
      return BundleSection(std::move(m));
    }
    case 2: {
      TB_ASSIGN_OR_RETURN(PushReply m, DecodePushReply(plain));
      return BundleSection(std::move(m));
    }
    case 3: {
      TB_ASSIGN_OR_RETURN(PullReply m, DecodePullReply(plain));
      return BundleSection(std::move(m));
    }
    case 4: {
      const json j = msgpack();
      std::string().swap(plain);
      TB_ASSIGN_OR_RETURN(BundleScan m, ScanFrom(j));
      return BundleSection(std::move(m));
    }
    case 5: {
      TB_ASSIGN_OR_RETURN(auto list, AddressesFrom(msgpack()));
      return BundleSection(ScansWanted{std::move(list)});
    }
    case 6: {
      TB_ASSIGN_OR_RETURN(auto list, AddressesFrom(msgpack()));
      return BundleSection(ScansHeld{std::move(list)});
    }
    default:
      return Corruption(kSectionUnknown, {std::to_string(type)});
  }
}

// The order sections come in (see bundle.h); the same rules for writing and reading.
class SectionOrder {
 public:
  explicit SectionOrder(BundleKind kind) : kind_(kind) {}

  Status Next(const BundleSection& s) {
    const int rank = Rank(TypeOf(s));
    if (rank < 0) return Corruption(kSectionForeign);
    const bool once = std::holds_alternative<PushReply>(s) ||
                      std::holds_alternative<ScansWanted>(s) || std::holds_alternative<ScansHeld>(s);
    if (rank < rank_ || (once && rank == rank_)) return Corruption(kSectionOrder);
    if (const auto* scan = std::get_if<BundleScan>(&s)) {
      scan_bytes_ += scan->data.size();
      if (scan_bytes_ > kMaxBundleScanBytes) return Corruption(kScansTooLarge);
    }
    rank_ = rank;
    first_seen_ = first_seen_ || rank == 0;
    return Status::Ok();
  }

  // The first section of each kind (its push or push reply) is required.
  Status End() const {
    return first_seen_ ? Status::Ok() : Corruption(kNoPush);
  }

 private:
  int Rank(std::uint8_t type) const {
    static constexpr std::uint8_t kChanges[] = {1, 4, 5};
    static constexpr std::uint8_t kReply[] = {2, 3, 4, 6};
    const auto find = [type](const auto& list) {
      for (std::size_t i = 0; i < std::size(list); ++i)
        if (list[i] == type) return static_cast<int>(i);
      return -1;
    };
    return kind_ == BundleKind::kChanges ? find(kChanges) : find(kReply);
  }

  BundleKind kind_;
  int rank_ = -1;
  bool first_seen_ = false;
  std::uint64_t scan_bytes_ = 0;
};

// ---- The fixed part and the header ---------------------------------------------------------

std::string HeadBytes(const BundleHeader& h, std::optional<std::size_t> payload_bytes) {
  json j{{"node", h.node}, {"schema", h.schema}, {"created_at", h.created_at}, {"pull_cursor", h.pull_cursor}};
  if (payload_bytes) j["payload_bytes"] = *payload_bytes;
  if (h.wipe) j["wipe"] = true;
  if (h.format >= 4) {
    char hex[2 * kNonce + 1];
    sodium_bin2hex(hex, sizeof hex, reinterpret_cast<const unsigned char*>(h.nonce.data()), h.nonce.size());
    j["nonce"] = hex;
    if (!h.public_key.empty()) j["public_key"] = ToBase64(h.public_key);
  }
  const std::string header = j.dump();
  std::string out(kMagic, 8);
  out.push_back(static_cast<char>(h.format));
  out.push_back(static_cast<char>(h.kind));
  out.push_back(0);
  out.push_back(0);
  PutU32(out, static_cast<std::uint32_t>(header.size()));
  return out + header;
}

// Checks the fixed part; returns the header's length.
Result<std::uint32_t> ParseFixed(std::string_view b, BundleHeader* h) {
  if (b.size() < kFixed || std::memcmp(b.data(), kMagic, 8) != 0)
    return Corruption(kNotBundle);
  const int format = static_cast<unsigned char>(b[8]);
  if (format < 1 || format > kBundleFormat)
    return InvalidArgument(kFormatNew, {std::to_string(format)});
  const auto kind = static_cast<std::uint8_t>(b[9]);
  if (kind != 1 && kind != 2) return Corruption(kKindUnknown);
  const std::uint32_t hlen = GetU32(b, 12);
  if (hlen > kMaxHeader) return Corruption(kHeaderLength);
  h->format = format;
  h->kind = static_cast<BundleKind>(kind);
  return hlen;
}

// Reads the header's JSON; formats 1 and 2 also give their payload's size.
Status ParseHeader(std::string_view text, BundleHeader* h, std::uint64_t* payload_bytes) {
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object() || !j.contains("node") || !j["node"].is_string())
    return Corruption(kHeaderDamaged);
  if (h->format < 3) {
    if (!j.contains("payload_bytes") || !j["payload_bytes"].is_number_unsigned())
      return Corruption(kHeaderDamaged);
    *payload_bytes = j["payload_bytes"].get<std::uint64_t>();
  }
  const auto number = [&](const char* key) -> std::int64_t {
    return j.contains(key) && j[key].is_number_integer() ? j[key].get<std::int64_t>() : 0;
  };
  if (h->format >= 4) {
    const std::string hex = j.contains("nonce") && j["nonce"].is_string() ? j["nonce"].get<std::string>() : "";
    h->nonce.assign(kNonce, '\0');
    std::size_t n = 0;
    if (hex.size() != 2 * kNonce ||
        sodium_hex2bin(reinterpret_cast<unsigned char*>(h->nonce.data()), kNonce, hex.data(),
                       hex.size(), nullptr, &n, nullptr) != 0 || n != kNonce)
      return Corruption(kHeaderDamaged);
    if (j.contains("public_key")) {
      auto der = j["public_key"].is_string() ? FromBase64(j["public_key"].get<std::string>())
                                             : Result<std::string>(Corruption(kHeaderDamaged));
      if (!der.ok()) return Corruption(kHeaderDamaged);
      h->public_key = std::move(*der);
    }
  }
  h->node = j["node"].get<std::string>();
  h->wipe = j.contains("wipe") && j["wipe"].is_boolean() && j["wipe"].get<bool>();
  h->schema = static_cast<int>(number("schema"));
  h->created_at = number("created_at");
  h->pull_cursor = number("pull_cursor");
  return Status::Ok();
}

// Rules every section meets, beyond its own encoding.
Status CheckSection(const BundleSection& s, const BundleHeader& h, SectionOrder& order) {
  if (const auto* push = std::get_if<PushRequest>(&s); push && push->node != h.node)
    return PermissionDenied(kOtherNode);
  return order.Next(s);
}

Status CutShort() { return Corruption(kCutShort); }

// ---- Reading -------------------------------------------------------------------------------

class BundleFile {
 public:
  static Result<BundleFile> Open(const std::string& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) return NotFound(kCannotRead, {path, ec.message()});
    if (size > kMaxBundleBytes) return InvalidArgument(kTooLarge, {path});
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return NotFound(kCannotRead, {path, std::strerror(errno)});
    return BundleFile(f, size);
  }
  BundleFile(BundleFile&& o) noexcept : f_(std::exchange(o.f_, nullptr)), size_(o.size_) {}
  ~BundleFile() {
    if (f_) std::fclose(f_);
  }

  std::uint64_t size() const { return size_; }

  // Exactly n bytes, or Corruption when the file ends first.
  Result<std::string> Read(std::size_t n) {
    std::string out(n, '\0');
    if (n > 0 && std::fread(out.data(), 1, n, f_) != n) {
      if (std::ferror(f_)) return Status(ErrorCode::kIoError, kReadError, {std::strerror(errno)});
      return CutShort();
    }
    return out;
  }
  // The fixed part, or all there is of a shorter file (which is then no bundle).
  Result<std::string> ReadFixed() { return Read(static_cast<std::size_t>(std::min<std::uint64_t>(kFixed, size_))); }
  bool AtEnd() { return std::fgetc(f_) == EOF; }

 private:
  BundleFile(std::FILE* f, std::uint64_t size) : f_(f), size_(size) {}
  std::FILE* f_;
  std::uint64_t size_;
};

using SectionSink = std::function<Status(BundleSection&&)>;

Status MacMismatch(const BundleHeader& h, bool verified) {
  if (verified)
    return Corruption(kChanged);
  return PermissionDenied(kSignature, {h.node});
}

Status PassCheck::Seen(const std::string& tag) {
  if (record) record->push_back(tag);
  if (expect && (next >= expect->size() || (*expect)[next] != tag)) return Corruption(kChanged);
  ++next;
  return Status::Ok();
}

// Formats 1 and 2: one payload and one MAC, read whole.
Status ReadLegacy(BundleFile& file, std::string head, const BundleHeader& h, std::uint64_t payload_bytes,
                  std::string_view key, bool verified, PassCheck& check, SectionOrder& order,
                  const SectionSink& sink) {
  if (check.signer) return PermissionDenied(kUnsigned, {h.node});
  if (head.size() + payload_bytes + kMac != file.size())
    return Corruption(kSizeMismatch, {std::to_string(file.size()),
                                      std::to_string(head.size() + payload_bytes + kMac)});
  TB_ASSIGN_OR_RETURN(std::string payload, file.Read(static_cast<std::size_t>(payload_bytes)));
  TB_ASSIGN_OR_RETURN(std::string tag, file.Read(kMac));
  RunningMac mac(key);
  mac.Update(head);
  mac.Update(payload);
  if (!mac.Matches(tag)) return MacMismatch(h, verified);
  TB_RETURN_IF_ERROR(check.Seen(tag));
  TB_ASSIGN_OR_RETURN(std::string plain, Compressor::Shipped().Decompress(payload, kMaxBundleBytes));
  payload.clear();
  std::vector<BundleSection> sections;
  if (h.kind == BundleKind::kChanges && h.format == 1) {
    TB_ASSIGN_OR_RETURN(PushRequest push, DecodePushRequest(plain));
    sections.emplace_back(std::move(push));
  } else {
    const json j = json::from_msgpack(plain.begin(), plain.end(), true, false);
    const bool changes = h.kind == BundleKind::kChanges;
    if (!j.is_object() || !j.contains("push") || !j["push"].is_binary() ||
        (!changes && (!j.contains("pull") || !j["pull"].is_binary())))
      return Corruption(kPayloadDamaged);
    if (changes) {
      TB_ASSIGN_OR_RETURN(PushRequest push, DecodePushRequest(FromBin(j["push"])));
      sections.emplace_back(std::move(push));
    } else {
      TB_ASSIGN_OR_RETURN(PushReply push, DecodePushReply(FromBin(j["push"])));
      TB_ASSIGN_OR_RETURN(PullReply pull, DecodePullReply(FromBin(j["pull"])));
      sections.emplace_back(std::move(push));
      sections.emplace_back(std::move(pull));
    }
    const json scans = j.value("scans", json());
    if (h.format >= 2 && !scans.is_null()) {
      if (!scans.is_array()) return Corruption(kPayloadScans);
      for (const auto& s : scans) {
        TB_ASSIGN_OR_RETURN(BundleScan scan, ScanFrom(s));
        sections.emplace_back(std::move(scan));
      }
    }
    if (h.format >= 2) {
      TB_ASSIGN_OR_RETURN(auto list, AddressesFrom(j.value(changes ? "want" : "held", json())));
      if (!list.empty()) {
        if (changes) sections.emplace_back(ScansWanted{std::move(list)});
        else sections.emplace_back(ScansHeld{std::move(list)});
      }
    }
  }
  for (auto& s : sections) {
    TB_RETURN_IF_ERROR(CheckSection(s, h, order));
    if (sink) TB_RETURN_IF_ERROR(sink(std::move(s)));
  }
  return order.End();
}

// One pass over the file: every MAC, the signature and every section checked; `sink` (if
// any) takes each section once it is checked. `verified`: a first pass found the file whole.
Status ReadPass(const std::string& path, std::string_view key, bool verified, BundleHeader* h,
                PassCheck& check, const SectionSink& sink) {
  TB_ASSIGN_OR_RETURN(BundleFile file, BundleFile::Open(path));
  TB_ASSIGN_OR_RETURN(std::string head, file.ReadFixed());
  TB_ASSIGN_OR_RETURN(std::uint32_t hlen, ParseFixed(head, h));
  TB_ASSIGN_OR_RETURN(std::string text, file.Read(hlen));
  head += text;
  std::uint64_t payload_bytes = 0;
  TB_RETURN_IF_ERROR(ParseHeader(text, h, &payload_bytes));
  SectionOrder order(h->kind);
  if (h->format < 3)
    return ReadLegacy(file, std::move(head), *h, payload_bytes, key, verified, check, order, sink);

  // Who must have signed: the key the hub holds, else the one the bundle names.
  std::optional<Sm2PublicKey> named;
  if (!check.signer && !h->public_key.empty()) {
    auto k = Sm2PublicKey::FromDer(h->public_key);
    if (!k.ok()) return Corruption(kHeaderDamaged);
    named = std::move(*k);
  }
  const Sm2PublicKey* signer = check.signer ? check.signer : named ? &*named : nullptr;
  std::unique_ptr<StreamCipher> cipher;
  if (h->format >= 4) {
    TB_ASSIGN_OR_RETURN(cipher, SectionCipher(key, h->nonce));
  }

  RunningMac mac(key);
  RunningHash hash;
  mac.Update(head);
  hash.Update(head);
  const auto take_tag = [&]() -> Status {
    TB_ASSIGN_OR_RETURN(std::string tag, file.Read(kMac));
    if (!mac.Matches(tag)) return MacMismatch(*h, verified);
    hash.Update(tag);
    return check.Seen(tag);
  };
  TB_RETURN_IF_ERROR(take_tag());
  bool signed_ = false;
  std::uint64_t index = 0;
  for (;;) {
    TB_ASSIGN_OR_RETURN(std::string section_head, file.Read(kSectionHead));
    const auto type = static_cast<std::uint8_t>(section_head[0]);
    const std::uint32_t length = GetU32(section_head, 1);
    if (length > kMaxBundleSectionBytes || (type == kEndSection && length != 0))
      return Corruption(kSectionLength);
    // The signature comes last, once, in a node's bundle of format 4.
    const bool signature = type == kSignatureSection;
    if ((signed_ && type != kEndSection) ||
        (signature && (h->format < 4 || h->kind != BundleKind::kChanges || length > kMaxSignature)))
      return Corruption(kSignaturePlace);
    const std::string signed_text = signature ? hash.SignedText() : std::string();
    TB_ASSIGN_OR_RETURN(std::string frame, file.Read(length));
    mac.Update(section_head);
    mac.Update(frame);
    hash.Update(section_head);
    hash.Update(frame);
    TB_RETURN_IF_ERROR(take_tag());
    if (signature) {
      if (signer && !signer->Verify(signed_text, frame)) return PermissionDenied(kSignature, {h->node});
      signed_ = true;
      continue;
    }
    if (type == kEndSection) {
      if (!file.AtEnd()) return Corruption(kTrailing);
      if (signer && !signed_) return PermissionDenied(kUnsigned, {h->node});
      return order.End();
    }
    TB_RETURN_IF_ERROR(Crypt(cipher.get(), index++, frame));
    TB_ASSIGN_OR_RETURN(std::string plain, Compressor::Shipped().Decompress(frame, kMaxBundleSectionBytes));
    frame.clear();
    TB_ASSIGN_OR_RETURN(BundleSection section, DecodeSection(type, std::move(plain)));
    TB_RETURN_IF_ERROR(CheckSection(section, *h, order));
    if (sink) TB_RETURN_IF_ERROR(sink(std::move(section)));
  }
}

// ---- Writing -------------------------------------------------------------------------------

class StreamingWriter final : public BundleWriter {
 public:
  StreamingWriter(std::unique_ptr<DurableFileWriter> file, BundleKind kind, std::string_view key,
                  const Sm2Key* signer)
      : file_(std::move(file)), key_(key), signer_(signer), mac_(key), order_(kind) {}

  Status Start(BundleHeader h) {
    if (h.format >= 4) {
      h.nonce.resize(kNonce);
      randombytes_buf(h.nonce.data(), h.nonce.size());
      sign_ = signer_ && h.kind == BundleKind::kChanges;
      h.public_key = sign_ ? signer_->PublicDer() : "";
      TB_ASSIGN_OR_RETURN(cipher_, SectionCipher(key_, h.nonce));
    }
    const std::string head = HeadBytes(h, std::nullopt);
    mac_.Update(head);
    TB_RETURN_IF_ERROR(Write(head));
    return Write(mac_.Tag());
  }

  Result<bool> Add(const BundleSection& section) override {
    const std::string plain = EncodeSection(section);
    if (plain.size() > kMaxBundleSectionBytes) return false;
    std::string frame = Compressor::Shipped().Compress(plain, Dictionary());
    if (frame.size() > kMaxBundleSectionBytes) return false;
    if (Status s = order_.Next(section); !s.ok()) return Internal("bundle writer: " + s.message());
    TB_RETURN_IF_ERROR(Crypt(cipher_.get(), index_++, frame));
    TB_RETURN_IF_ERROR(WriteSection(TypeOf(section), frame));
    return true;
  }

  std::uint64_t bytes() const override { return bytes_; }

  Status Finish() override {
    if (Status s = order_.End(); !s.ok()) return Internal("bundle writer: " + s.message());
    if (sign_) {
      TB_ASSIGN_OR_RETURN(std::string sig, signer_->Sign(hash_.SignedText()));
      TB_RETURN_IF_ERROR(WriteSection(kSignatureSection, sig));
    }
    TB_RETURN_IF_ERROR(WriteSection(kEndSection, ""));
    return file_->Commit();
  }

 private:
  Status WriteSection(std::uint8_t type, std::string_view frame) {
    std::string head(1, static_cast<char>(type));
    PutU32(head, static_cast<std::uint32_t>(frame.size()));
    mac_.Update(head);
    mac_.Update(frame);
    TB_RETURN_IF_ERROR(Write(head));
    TB_RETURN_IF_ERROR(Write(frame));
    return Write(mac_.Tag());
  }
  Status Write(std::string_view bytes) {
    bytes_ += bytes.size();
    hash_.Update(bytes);
    return file_->Append(bytes);
  }

  std::unique_ptr<DurableFileWriter> file_;
  std::string key_;
  const Sm2Key* signer_;
  bool sign_ = false;  // a node's bundle of format 4: signed at Finish
  RunningMac mac_;
  RunningHash hash_;
  std::unique_ptr<StreamCipher> cipher_;
  std::uint64_t index_ = 0;
  SectionOrder order_;
  std::uint64_t bytes_ = 0;
};

// Format 2 for a node one version behind: the sections gathered, written whole at Finish.
class LegacyWriter final : public BundleWriter {
 public:
  LegacyWriter(std::string path, BundleHeader header, std::string key)
      : path_(std::move(path)), header_(std::move(header)), key_(std::move(key)), order_(header_.kind) {}

  Result<bool> Add(const BundleSection& section) override {
    if (Status s = order_.Next(section); !s.ok()) return Internal("bundle writer: " + s.message());
    bytes_ += EncodeSection(section).size();
    struct Gather {
      LegacyWriter& w;
      void operator()(const PushRequest& m) {
        if (w.changes_.push.node.empty()) w.changes_.push = m;
        else w.changes_.push.changes.insert(w.changes_.push.changes.end(), m.changes.begin(), m.changes.end());
      }
      void operator()(const PushReply& m) { w.reply_.push = m; }
      void operator()(const PullReply& m) {
        auto& pull = w.reply_.pull;
        pull.changes.insert(pull.changes.end(), m.changes.begin(), m.changes.end());
        pull.purges.insert(pull.purges.end(), m.purges.begin(), m.purges.end());
        pull.cursor = m.cursor;
        pull.more = m.more;
        pull.open_conflicts = m.open_conflicts;
        pull.hub_ms = m.hub_ms;
      }
      void operator()(const BundleScan& m) {
        (w.header_.kind == BundleKind::kChanges ? w.changes_.scans : w.reply_.scans).push_back(m);
      }
      void operator()(const ScansWanted& m) { w.changes_.want = m.sha256; }
      void operator()(const ScansHeld& m) { w.reply_.held = m.sha256; }
    };
    std::visit(Gather{*this}, section);
    return true;
  }

  std::uint64_t bytes() const override { return bytes_; }

  Status Finish() override {
    if (Status s = order_.End(); !s.ok()) return Internal("bundle writer: " + s.message());
    const std::string plain = header_.kind == BundleKind::kChanges ? EncodeChangesPayload(changes_)
                                                                   : EncodeReplyPayload(reply_);
    return WriteFileDurably(
        path_, WriteLegacyBundle(header_, Compressor::Shipped().Compress(plain, Dictionary()), key_));
  }

 private:
  std::string path_;
  BundleHeader header_;
  std::string key_;
  SectionOrder order_;
  ChangesPayload changes_;
  ReplyPayload reply_;
  std::uint64_t bytes_ = 0;
};

json ScansJson(const std::vector<BundleScan>& scans) {
  json out = json::array();
  for (const auto& s : scans) out.push_back(ScanJson(s));
  return out;
}

}  // namespace

std::string BundleKey(std::string_view secret) {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(secret.data()),
                     secret.size(), nullptr, 0);
  return std::string(reinterpret_cast<char*>(out), sizeof out);
}

Result<std::unique_ptr<BundleWriter>> BundleWriter::Create(const std::string& path,
                                                           const BundleHeader& header,
                                                           std::string_view key,
                                                           const Sm2Key* signer) {
  if (header.format == kLegacyBundleFormat)
    return std::unique_ptr<BundleWriter>(new LegacyWriter(path, header, std::string(key)));
  if (header.format != kBundleFormat && header.format != kPlainBundleFormat)
    return InvalidArgument(kWriteFormat, {std::to_string(header.format)});
  TB_ASSIGN_OR_RETURN(auto file, DurableFileWriter::Open(path));
  auto writer = std::make_unique<StreamingWriter>(std::move(file), header.kind, key, signer);
  TB_RETURN_IF_ERROR(writer->Start(header));
  return std::unique_ptr<BundleWriter>(std::move(writer));
}

Result<BundleHeader> PeekBundle(const std::string& path) {
  TB_ASSIGN_OR_RETURN(BundleFile file, BundleFile::Open(path));
  BundleHeader h;
  TB_ASSIGN_OR_RETURN(std::string head, file.ReadFixed());
  TB_ASSIGN_OR_RETURN(std::uint32_t hlen, ParseFixed(head, &h));
  TB_ASSIGN_OR_RETURN(std::string text, file.Read(hlen));
  std::uint64_t payload_bytes = 0;
  TB_RETURN_IF_ERROR(ParseHeader(text, &h, &payload_bytes));
  return h;
}

Status ReadBundle(const std::string& path, std::string_view key,
                  const std::function<Status(const BundleHeader&)>& accept,
                  const std::function<Status(BundleSection&&)>& apply, const Sm2PublicKey* signer) {
  BundleHeader checked;
  std::vector<std::string> tags;
  PassCheck first{signer, &tags, nullptr};
  TB_RETURN_IF_ERROR(ReadPass(path, key, /*verified=*/false, &checked, first, nullptr));
  TB_RETURN_IF_ERROR(accept(checked));
  // The second pass reads only what the first checked: every MAC the same, in order (a
  // MAC chains all bytes before it), so the signature checked then still holds.
  BundleHeader again;
  PassCheck second{nullptr, nullptr, &tags};
  return ReadPass(path, key, /*verified=*/true, &again, second, [&](BundleSection&& s) -> Status {
    if (again.node != checked.node || again.kind != checked.kind || again.format != checked.format)
      return Corruption(kChanged);
    return apply(std::move(s));
  });
}

std::string EncodeChangesPayload(const ChangesPayload& p) {
  return Packed(json{{"push", Bin(EncodePushRequest(p.push))}, {"scans", ScansJson(p.scans)}, {"want", p.want}});
}

std::string EncodeReplyPayload(const ReplyPayload& p) {
  return Packed(json{{"push", Bin(EncodePushReply(p.push))},
                     {"pull", Bin(EncodePullReply(p.pull))},
                     {"scans", ScansJson(p.scans)},
                     {"held", p.held}});
}

std::string WriteLegacyBundle(const BundleHeader& h, std::string_view payload, std::string_view key) {
  BundleHeader legacy = h;
  legacy.format = kLegacyBundleFormat;
  std::string out = HeadBytes(legacy, payload.size());
  out += payload;
  RunningMac mac(key);
  mac.Update(out);
  return out + mac.Tag();
}

}  // namespace tongban::sync
