// The hub's storage: what the application layer (hub.h) reads and writes, and nothing more.
//
// Backends (SQLite now, PostgreSQL next) implement these by plain reads and writes;
// every decision is HubEngine's (hub_engine.h) or the application layer's. No storage
// class calls back into either. Three interfaces, one per kind of data:
//  - HubRepository: records, the log nodes pull, conflicts, push progress, the clock;
//  - NodeDirectory: nodes, their credential hashes and the hub's settings;
//  - ScanRepository: scan content by its address;
//  - AuditRepository: the nodes' audit trails.
// All calls between Begin() and the transaction's Commit() belong to one transaction;
// destroying it uncommitted rolls everything back. Not thread safe: the caller
// serialises access (HubService does).
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
#include "tongban/sync/audit_chain.h"
#include "tongban/sync/wire.h"

namespace tongban::central {

// Where a node's pushes stand at the hub.
struct PushProgress {
  std::int64_t acked_seq = 0;  // last change of the node applied or refused
  sync::Hlc acked_hlc = 0;     // its HLC (a node restored from a backup is told apart)
  std::optional<NodeHold> hold;  // the change waiting for the node to send it again
};

// A node's change the hub holds back (hub_engine.h).
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
  std::string software;                   // its version, as its last pull said
  std::optional<Millis> clock_offset_ms;  // its clock minus the hub's, at its last pull
  int schema = 0;                         // the replication schema it spoke then (0: unknown)
};

// What a node said of itself with a request (sync/request_tags.h), kept per node.
struct NodeReport {
  std::string software;
  std::optional<Millis> clock_offset_ms;
  int schema = 0;  // the replication schema it spoke (0: not said)
};

// A node's credentials as stored: hashes only.
struct NodeCredentials {
  std::string enroll_hash;  // of the one-time enrollment code; empty once used
  std::string secret_hash;  // of the node's secret; empty until enrolled
  std::string public_key;   // the node's SM2 public key (DER); empty for a node without one
  bool revoked = false;
  bool revoked_now = false; // revoked as lost or stolen: nothing more is taken from it
  bool wipe_told = false;   // revoked, and told to erase its data: nothing more is taken
  std::string retired_secret_hash;  // a revoked node's secret before it was enrolled again
};

// An encrypted station's escrow code as the hub keeps it: sealed to the county's escrow
// key, which the hub does not hold.
struct NodeEscrow {
  std::string key_id;  // Sm2PublicKey::Id() of the escrow key it is sealed to
  std::string sealed;  // SM2 ciphertext (DER)
};

// Scan content at the hub (docs/protocol.md, "Scans").
struct ScanContent {
  std::string sha256;       // the content's address
  std::uint64_t size = 0;   // declared total bytes (0 while the hub has none of it)
  std::string mime;
  std::uint64_t held = 0;   // bytes received: a prefix, the offset the next chunk starts at
  bool complete = false;    // every byte here and verified against sha256
  bool stored = false;      // Hub::AppendScan: this chunk was stored (false for a replay)
};

struct HubStats {
  std::int64_t log_seq = 0;  // newest hub sequence
  std::int64_t records = 0;
  std::int64_t open_conflicts = 0;
};

class RepositoryTransaction {
 public:
  virtual ~RepositoryTransaction() = default;  // rolls back unless committed
  virtual Status Commit() = 0;
};

class HubRepository {
 public:
  virtual ~HubRepository() = default;

  virtual Result<std::unique_ptr<RepositoryTransaction>> Begin() = 0;

  // The hub clock's last issued or observed timestamp, shared by every writer.
  virtual Result<sync::Hlc> LoadClock() = 0;
  virtual Status SaveClock(sync::Hlc last) = 0;

  virtual Result<PushProgress> LoadProgress(const std::string& node) = 0;
  // Stores the new position and hold exactly as given (no hold: none is kept), adds
  // to the node's applied and refused counts and marks the node seen at `now`.
  virtual Status SaveProgress(const std::string& node, const PushProgress& progress, int applied,
                              int refused, Millis now) = 0;
  // The hub sequence a node has been served up to (for the admin's view of lag); the
  // node was seen at `now`.
  virtual Status SavePulledCursor(const std::string& node, std::int64_t cursor, Millis now) = 0;

  // A record, with exists = false when the hub has none.
  virtual Result<HubRecord> LoadRecord(const std::string& table, const sync::RowId& row) = 0;
  // The scope of a case, nullopt when the hub does not hold it.
  virtual Result<std::optional<CaseScope>> LoadCaseScope(const sync::RowId& case_row) = 0;
  // Whether a change to a row the hub held no record of was refused for good.
  virtual Result<bool> WasRefused(const std::string& table, const sync::RowId& row) = 0;
  // Remembers such a refusal (the first one stays): `node` sent it, `code` says why.
  virtual Status RememberRefusal(const std::string& table, const sync::RowId& row,
                                 const std::string& node, const std::string& code,
                                 Millis now) = 0;
  // Every child record of a case (HubRecord::case_row), tombstones included, found by
  // an index: it runs while a push holds the hub.
  virtual Result<std::vector<HubEngine::Child>> LoadCaseChildren(const sync::RowId& case_row) = 0;
  virtual Status SaveRecord(const std::string& table, const sync::RowId& row,
                            const HubRecord& record) = 0;
  // Calls `fn` for every record of `table` ("": of every table) that `scope` selects
  // (null: every record), tombstones included. Records are read before the first call,
  // so `fn` may use the repository.
  using RecordVisitor = std::function<Status(const std::string& table, const sync::RowId& row,
                                             const HubRecord& record)>;
  virtual Status ForEachRecord(const std::string& table, const ScopeFilter* scope,
                               const RecordVisitor& fn) = 0;

  // The HLC of the change `node` numbered `origin_seq` as the hub logged it (nullopt: not
  // logged; refused changes are not). Reads the log without an index: for enrollments only.
  virtual Result<std::optional<sync::Hlc>> LoggedChangeHlc(const std::string& node,
                                                           std::int64_t origin_seq) = 0;
  // Appends at the next hub sequence (the pull cursor).
  virtual Status AppendLog(const LogEntry& entry) = 0;
  // Entries after query.after that query.filter selects, in order, query.limit + 1 at most.
  virtual Result<std::vector<LoggedEntry>> ReadLog(const PullQuery& query) = 0;
  virtual Result<std::int64_t> NewestLogSeq() = 0;

  // `record` is the record it concerns (for its label and who holds it).
  virtual Status AddConflict(const std::string& table, const sync::RowId& row,
                             const HubRecord& record, const ConflictEntry& conflict,
                             Millis now) = 0;
  virtual Result<std::vector<ConflictRecord>> ListConflicts(bool open_only) = 0;
  virtual Result<ConflictRecord> GetConflict(std::int64_t id) = 0;  // NotFound when none
  // Stores what became of a conflict (status, resolution, value, note, who, when).
  virtual Status SaveResolution(const ConflictRecord& conflict) = 0;
  // Open conflicts on records that `scope` selects.
  virtual Result<std::int64_t> CountOpenConflicts(const ScopeFilter& scope) = 0;
  // Which fields those are, oldest first, at most `limit` of them.
  virtual Result<std::vector<sync::ConflictMark>> ListOpenConflictMarks(const ScopeFilter& scope,
                                                                        int limit) = 0;

  // A case_scans record: keeps the content address it names joinable to its scope.
  virtual Status IndexScan(const sync::RowId& row, const HubRecord& record) = 0;
  // The scopes of the live case_scans records that name `sha256`.
  virtual Result<std::vector<CaseScope>> ScanNamedBy(const std::string& sha256) = 0;

  virtual Result<HubStats> Stats() = 0;
};

class NodeDirectory {
 public:
  virtual ~NodeDirectory() = default;
  // AlreadyExists when the code is taken.
  virtual Status InsertNode(const NodeInfo& node, const std::string& enroll_hash,
                            Millis now) = 0;
  virtual Result<std::optional<NodeCredentials>> LoadCredentials(const std::string& code) = 0;
  // Enrollment done: the secret's hash kept, the enrollment code's dropped.
  virtual Status SaveSecret(const std::string& code, const std::string& secret_hash,
                            Millis now) = 0;
  // The node's public key (DER), or none ("" clears it).
  virtual Status SaveNodeKey(const std::string& code, const std::string& public_key) = 0;
  virtual Status MarkWipeTold(const std::string& code, Millis now) = 0;
  virtual Status SaveNodeReport(const std::string& code, const NodeReport& report) = 0;
  // Enrollment opened again: a new code's hash, no secret, no key, not revoked. With
  // `retire_secret` the secret it had is kept apart (ReenrollNode).
  virtual Status ReopenEnrollment(const std::string& code, const std::string& enroll_hash,
                                  bool retire_secret) = 0;
  virtual Status SaveEscrow(const std::string& code, const NodeEscrow& escrow) = 0;
  virtual Result<std::optional<NodeEscrow>> LoadEscrow(const std::string& code) = 0;
  // NotFound when none. `now`: nothing more is taken from the node (a lost laptop).
  virtual Status RevokeNode(const std::string& code, bool now) = 0;
  virtual Result<std::vector<NodeInfo>> ListNodes() = 0;
  virtual Result<NodeInfo> GetNode(const std::string& code) = 0;  // NotFound when none
  // The hub's settings ("" when unset).
  virtual Result<std::string> LoadSetting(const std::string& key) = 0;
  virtual Status SaveSetting(const std::string& key, const std::string& value) = 0;
};

class ScanRepository {
 public:
  virtual ~ScanRepository() = default;
  // What the hub holds of a scan (size 0 and held 0 when nothing).
  virtual Result<ScanContent> LoadScan(const std::string& sha256) = 0;
  // Starts a scan afresh: whatever was held under the address is dropped first.
  virtual Status StartScan(const std::string& sha256, std::uint64_t size, const std::string& mime,
                           const std::string& node, Millis now) = 0;
  virtual Status AppendChunk(const std::string& sha256, std::uint64_t at,
                             std::string_view data) = 0;
  // Where the scan stands; `completed_at` set when it is complete.
  virtual Status SaveScanState(const std::string& sha256, std::uint64_t held, bool complete,
                               Millis now) = 0;
  virtual Status DropScan(const std::string& sha256) = 0;
  // SHA-256 of the pieces held, in order; "" when a gap lies between pieces.
  virtual Result<std::string> DigestOfHeld(const std::string& sha256) = 0;
  // Up to `max` contiguous bytes from `offset`.
  virtual Result<std::string> ReadScan(const std::string& sha256, std::uint64_t offset,
                                       std::size_t max) = 0;
};

// The nodes' audit trails as they sent them (sync/audit_chain.h), append only.
class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  // The newest entry held from `node`; nullopt when none.
  virtual Result<std::optional<sync::AuditEntry>> LastAudit(const std::string& node) = 0;
  virtual Status AppendAudit(const std::vector<sync::AuditEntry>& entries) = 0;
  // Entries of `node` after `after_seq`, in order, at most `limit`.
  virtual Result<std::vector<sync::AuditEntry>> AuditEntries(const std::string& node,
                                                            std::int64_t after_seq, int limit) = 0;
  // The nodes with entries, in code order.
  virtual Result<std::vector<std::string>> AuditedNodes() = 0;
};

// The four over one database, so one transaction (Begin) covers them all.
class HubStorage : public HubRepository,
                   public NodeDirectory,
                   public ScanRepository,
                   public AuditRepository {};

struct SqliteHubOptions {
  // The serving writer: WAL checkpoints run on a thread beside it (sync/wal_checkpointer.h),
  // not inside its commits.
  bool background_checkpoints = false;
};

// The SQLite backend: `data_dir`/hub.db, created when needed and migrated.
Result<std::unique_ptr<HubStorage>> OpenSqliteHubStorage(const std::string& data_dir,
                                                         SqliteHubOptions options = {});

}  // namespace tongban::central
