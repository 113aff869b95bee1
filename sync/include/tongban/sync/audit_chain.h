// The audit trail's chain: each node keeps an append-only record of who viewed a full
// ID number, printed, exported or changed a record, each entry carrying the SM3 hash
// (GB/T 32905) of itself and of the entry before it. Changing, dropping or reordering
// any entry breaks every link after it, on the node and at the hub the entries are
// sent to. Pure code: hashing and checking, no storage.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tongban/status.h"

namespace tongban::sync {

class Statement;

struct AuditEntry {
  std::int64_t seq = 0;    // 1, 2, … on its node
  std::int64_t at_ms = 0;  // Unix ms, the node's corrected clock
  std::string node;        // the node that wrote it
  std::string user;        // login of who did it
  std::string action;      // view_id | print | export | change | set_password
  std::string target;      // what it was done to: a case number, "table:row", a sha256
  std::string detail;      // kind-specific data (JSON), never prose
  std::string prev_hash;   // hash of entry seq - 1; kAuditGenesis for the first
  std::string hash;        // AuditHash of this entry
};

// The hash the first entry of a node links to.
inline constexpr std::string_view kAuditGenesis =
    "0000000000000000000000000000000000000000000000000000000000000000";

// SM3 of the entry's fields (every one but `hash`, each length-prefixed), lower-case hex.
std::string AuditHash(const AuditEntry& e);

// The entry that follows `last` (nullopt: the node's first), hashed.
AuditEntry NextAuditEntry(const std::optional<AuditEntry>& last, AuditEntry e);

// Where the chain of one node breaks, checked after `last` (the entry it continues;
// nullopt: `entries` start the chain): the seq of the first entry that is out of
// order, links to the wrong entry, belongs to another node or does not match its own
// hash; nullopt when all hold.
std::optional<std::int64_t> FirstBrokenLink(const std::optional<AuditEntry>& last,
                                            const std::vector<AuditEntry>& entries);

// How a node's chain checks out: its entries and the seq of the first broken link.
struct AuditCheck {
  std::int64_t entries = 0;
  std::optional<std::int64_t> broken;
};
// Walks a chain page by page from its start: `page(after_seq)` gives the entries after
// `after_seq` in order (empty at the end).
Result<AuditCheck> CheckAuditChain(
    const std::function<Result<std::vector<AuditEntry>>(std::int64_t after_seq)>& page);

// An entry as it travels to the hub (POST /v1/audit), and back; InvalidArgument for
// anything else.
nlohmann::json AuditEntryJson(const AuditEntry& e);
Result<AuditEntry> AuditEntryFromJson(const nlohmann::json& j);

// The columns both the station's and the hub's audit_log tables are read with, in the
// order ReadAuditRows expects; and the rows of a statement selecting them, to its end.
inline constexpr const char* kAuditColumns =
    "seq, at_ms, node, user, action, target, detail, prev_hash, hash";
Result<std::vector<AuditEntry>> ReadAuditRows(Statement& st);

}  // namespace tongban::sync
