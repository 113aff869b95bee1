#include "tongban/sync/audit_chain.h"

#include <openssl/evp.h>

#include <memory>

#include "tongban/sync/sqlite.h"

namespace tongban::sync {
namespace {

void Field(std::string& out, std::string_view value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
}

std::string Hex(const unsigned char* bytes, unsigned n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (unsigned i = 0; i < n; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 0xf];
  }
  return out;
}

constexpr MessageDef kBadEntry{"sync.bad_audit_entry", "an audit entry must be an object with a "
                                                     "numbered seq and text fields"};

}  // namespace

std::string AuditHash(const AuditEntry& e) {
  std::string text;
  Field(text, "tongban-audit-1");
  Field(text, std::to_string(e.seq));
  Field(text, std::to_string(e.at_ms));
  Field(text, e.node);
  Field(text, e.user);
  Field(text, e.action);
  Field(text, e.target);
  Field(text, e.detail);
  Field(text, e.prev_hash);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned size = 0;
  // SM3 is in OpenSSL 3's default provider; failing here is a broken installation.
  if (EVP_Digest(text.data(), text.size(), digest, &size, EVP_sm3(), nullptr) != 1) return {};
  return Hex(digest, size);
}

AuditEntry NextAuditEntry(const std::optional<AuditEntry>& last, AuditEntry e) {
  e.seq = last ? last->seq + 1 : 1;
  e.prev_hash = last ? last->hash : std::string(kAuditGenesis);
  e.hash = AuditHash(e);
  return e;
}

std::optional<std::int64_t> FirstBrokenLink(const std::optional<AuditEntry>& last,
                                            const std::vector<AuditEntry>& entries) {
  const AuditEntry* before = last ? &*last : nullptr;
  for (const AuditEntry& e : entries) {
    const std::int64_t want_seq = before ? before->seq + 1 : 1;
    const std::string_view want_prev = before ? std::string_view(before->hash) : kAuditGenesis;
    if (e.seq != want_seq || e.prev_hash != want_prev || (before && e.node != before->node) ||
        e.hash.empty() || e.hash != AuditHash(e))
      return e.seq;
    before = &e;
  }
  return std::nullopt;
}

Result<AuditCheck> CheckAuditChain(
    const std::function<Result<std::vector<AuditEntry>>(std::int64_t after_seq)>& page) {
  AuditCheck check;
  std::optional<AuditEntry> last;
  for (;;) {
    TB_ASSIGN_OR_RETURN(auto entries, page(last ? last->seq : 0));
    if (entries.empty()) return check;
    check.entries += static_cast<std::int64_t>(entries.size());
    if ((check.broken = FirstBrokenLink(last, entries))) return check;
    last = entries.back();
  }
}

nlohmann::json AuditEntryJson(const AuditEntry& e) {
  return {{"seq", e.seq},       {"at", e.at_ms},      {"node", e.node},
          {"user", e.user},     {"action", e.action}, {"target", e.target},
          {"detail", e.detail}, {"prev", e.prev_hash}, {"hash", e.hash}};
}

Result<AuditEntry> AuditEntryFromJson(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("seq") || !j["seq"].is_number_integer() ||
      !j.contains("at") || !j["at"].is_number_integer())
    return InvalidArgument(kBadEntry);
  AuditEntry e{.seq = j["seq"].get<std::int64_t>(), .at_ms = j["at"].get<std::int64_t>()};
  for (auto [field, key] : {std::pair{&e.node, "node"}, {&e.user, "user"}, {&e.action, "action"},
                            {&e.target, "target"}, {&e.detail, "detail"}, {&e.prev_hash, "prev"},
                            {&e.hash, "hash"}}) {
    if (!j.contains(key) || !j[key].is_string()) return InvalidArgument(kBadEntry);
    *field = j[key].get<std::string>();
  }
  return e;
}

Result<std::vector<AuditEntry>> ReadAuditRows(Statement& st) {
  std::vector<AuditEntry> out;
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back({st.Int(0), st.Int(1), st.Text(2), st.Text(3), st.Text(4), st.Text(5),
                   st.Text(6), st.Text(7), st.Text(8)});
  }
  st.Reset();
  return out;
}

}  // namespace tongban::sync
