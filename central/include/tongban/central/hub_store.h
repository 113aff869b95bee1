// HubStore: the hub's durable state behind one interface.
//
// SQLite is the default backend (OpenSqliteHubStore); the interface speaks only
// in sync messages and hub records so another backend (PostgreSQL) can follow.
// Every method is one transaction: a push is acknowledged only after its
// commit, so a crash before the reply leaves the node to resend a batch that
// then changes nothing. Not thread safe; HubService serialises access.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tongban/central/hub_engine.h"
#include "tongban/status.h"
#include "tongban/sync/merge.h"
#include "tongban/sync/wire.h"

namespace tongban::central {


// A change of a node the hub holds back until its cause is gone (hub_engine.h).
using HeldChange = NodeHold;

struct NodeInfo {
  std::string code;
  std::string name;
  std::string kind;      // station | township | county-office | field
  std::string township;  // township center above it
  bool enrolled = false;
  bool revoked = false;
  Millis created_at = 0;
  std::optional<Millis> last_seen;
  std::int64_t acked_seq = 0;      // last node change applied here
  sync::Hlc acked_hlc = 0;         // its HLC
  std::int64_t pulled_cursor = 0;  // hub sequence the node has been served up to
  std::int64_t changes_applied = 0;
  std::int64_t rejected = 0;
  std::optional<HeldChange> held;
};

// Scan content at the hub (docs/protocol.md, "Scans").
struct ScanContent {
  std::string sha256;       // the content's address
  std::uint64_t size = 0;   // declared total bytes (0 while the hub has none of it)
  std::string mime;
  std::uint64_t held = 0;   // bytes received: a prefix, the offset the next chunk starts at
  bool complete = false;    // every byte here and verified against sha256
  bool stored = false;      // AppendScan: this chunk was stored (false for a replay)
};

struct HubStats {
  std::int64_t log_seq = 0;  // newest hub sequence
  std::int64_t records = 0;
  std::int64_t open_conflicts = 0;
};

class HubStore {
 public:
  virtual ~HubStore() = default;

  // Nodes and enrollment. AddNode returns a one-time enrollment code.
  virtual Result<std::string> AddNode(const NodeInfo& node) = 0;
  // Exchanges an enrollment code for the node's secret; the hub keeps only a hash.
  virtual Result<std::string> Enroll(const std::string& code, const std::string& enrollment) = 0;
  virtual Result<NodeInfo> Authenticate(const std::string& code, const std::string& secret) = 0;
  virtual Status RevokeNode(const std::string& code) = 0;
  virtual Result<std::vector<NodeInfo>> ListNodes() = 0;
  virtual Result<NodeInfo> GetNode(const std::string& code) = 0;
  // The key that signs this node's bundles (see tongban/sync/bundle.h); refused
  // for unknown, not yet enrolled and revoked nodes.
  virtual Result<std::string> BundleKey(const std::string& code) = 0;

  // Sync. `order` ranks case statuses for the merge (may be null).
  virtual Result<sync::PushReply> ApplyPush(const NodeInfo& node, const sync::PushRequest& req,
                                            const sync::FieldOrder* order) = 0;
  virtual Result<sync::PullReply> Pull(const NodeInfo& node, const sync::PullRequest& req) = 0;
  // Digest of the node's scope, computed as NodeReplica::Digest does.
  virtual Result<std::string> Digest(const NodeInfo& node) = 0;

  // A record published by the hub to every node (author "hub").
  virtual Status Publish(const std::string& table, const sync::RowId& row,
                         const std::vector<PublishedField>& fields, const std::string& user) = 0;
  virtual Result<std::optional<nlohmann::json>> RecordField(const std::string& table,
                                                            const sync::RowId& row,
                                                            const std::string& column) = 0;

  // Calls `fn` with the current value of every field of every live record of `table`
  // (supervision and figures read the replicated business records this way).
  virtual Status ForEachRecord(
      const std::string& table,
      const std::function<Status(const sync::RowId&, const nlohmann::json& values)>& fn) = 0;

  // Conflict inbox. A resolution is a new hub change that reaches every node holding the record.
  virtual Result<std::vector<ConflictRecord>> ListConflicts(bool open_only) = 0;
  virtual Result<ConflictRecord> GetConflict(std::int64_t id) = 0;
  virtual Result<ConflictRecord> ResolveConflict(std::int64_t id, Take take,
                                                 const nlohmann::json& value,
                                                 const std::string& note,
                                                 const std::string& admin) = 0;

  // Scans. A node may send or fetch content only when a case_scans record naming it
  // is in the node's scope; `office_only`: only as the case's processing office.
  virtual Result<bool> ScanInScope(const std::string& node, const std::string& sha256,
                                   bool office_only) = 0;
  // What the hub holds of a scan (size 0 and held 0 when nothing).
  virtual Result<ScanContent> GetScan(const std::string& sha256) = 0;
  // Appends `data` when `offset` is exactly what the hub holds, else stores nothing and
  // returns the state (a replay or a chunk out of order). With the last byte the whole is
  // checked against sha256: on a mismatch every byte is dropped and Corruption returned.
  virtual Result<ScanContent> AppendScan(const std::string& node, const std::string& sha256,
                                         std::uint64_t size, const std::string& mime,
                                         std::uint64_t offset, std::string_view data) = 0;
  // Stores a whole scan already checked against its address (a bundle); keeps what is complete.
  virtual Result<ScanContent> PutScan(const std::string& node, const std::string& sha256,
                                      const std::string& mime, std::string_view data) = 0;
  // Up to `max` bytes of complete content from `offset`.
  virtual Result<std::string> ReadScan(const std::string& sha256, std::uint64_t offset,
                                       std::size_t max) = 0;

  // Admin access to the HTTP API: a new token replaces the old one.
  virtual Result<std::string> NewAdminToken() = 0;
  virtual Result<bool> CheckAdminToken(const std::string& token) = 0;

  virtual Result<HubStats> Stats() = 0;
};

// Opens (creating when needed) the hub database in `data_dir`/hub.db.
Result<std::unique_ptr<HubStore>> OpenSqliteHubStore(const std::string& data_dir);

}  // namespace tongban::central
