// Hub: the hub's application layer, between its front ends and its storage.
//
// The HTTP API (HubService), bundle imports and the tongban-central CLI call it;
// it runs each use case as one storage transaction: read what HubEngine needs,
// ask the engine (or check credentials and scan content itself), write what was
// decided, commit, reply. Data flows one way: front end -> Hub -> HubEngine and
// storage; storage never calls back. A push is acknowledged only after its commit,
// so a crash before the reply leaves the node to resend a batch that then changes
// nothing. Not thread safe; HubService serialises access.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tongban/central/hub_engine.h"
#include "tongban/central/hub_repository.h"
#include "tongban/status.h"
#include "tongban/sync/hybrid_clock.h"
#include "tongban/sync/merge.h"
#include "tongban/sync/escrow_chain.h"
#include "tongban/sync/sm2.h"
#include "tongban/sync/wire.h"

namespace tongban::central {

// Where an enrolling node's own changes stand: the last one the hub acknowledged to it,
// and its newest (a restored backup holds changes the hub may have taken since).
struct EnrollResume {
  std::int64_t acked_seq = 0;
  sync::Hlc acked_hlc = 0;
  std::int64_t last_seq = 0;
  sync::Hlc last_hlc = 0;
};
struct Enrolled {
  std::string secret;
  bool known = false;  // the hub holds earlier work of this node: it pulls its own back
  std::vector<std::string> logins;  // then: the staff accounts it will pull, by login
};

class Hub {
 public:
  // `wall` is the hub's wall clock (tests drive it by hand).
  Hub(std::unique_ptr<HubStorage> storage, sync::WallClock& wall);
  // The hub over its SQLite data in `data_dir`, with the system clock.
  static Result<std::unique_ptr<Hub>> Open(const std::string& data_dir,
                                           SqliteHubOptions options = {});

  // Brings data written by older hubs up to date (once; cheap after).
  Status Upgrade();

  // What a node's hello is told of the hub's data: its epoch (a new one after a restore
  // from a backup) and the newest log entry the backup held (0 before any restore).
  struct DataMark {
    std::string epoch;
    std::int64_t base_seq = 0;
  };
  Result<DataMark> Mark();

  // Nodes and enrollment. AddNode returns a one-time enrollment code.
  Result<std::string> AddNode(const NodeInfo& node);
  // A new one-time code for a node the hub knows (a station restored from a backup, a new
  // laptop for a lost one). Its secret stops working at once; a revoked node is enrolled
  // afresh, and its old secret is answered with the order to erase (the lost machine).
  Result<std::string> ReenrollNode(const std::string& code);
  // Exchanges an enrollment code for the node's secret; the hub keeps only a hash, and
  // the node's public key when it sends one (a node one version behind does not). A
  // new enrollment replaces both. A node the hub knows goes on pushing after its newest
  // change when the hub holds that very change (same number and HLC), else after the last
  // one it was acknowledged; never past what the hub holds. Without `resume` (a node one
  // version behind) where the hub stands is kept.
  Result<Enrolled> Enroll(const std::string& code, const std::string& enrollment,
                          const std::string& public_key = {},
                          const std::optional<EnrollResume>& resume = std::nullopt);
  // A node enrolled before key pairs hands in its public key once; the same key again
  // is fine, another one is refused (it comes with a new enrollment).
  Status RegisterNodeKey(const std::string& code, const std::string& public_key);
  // The node's public key, when it has one: its signed requests and bundles are checked.
  Result<std::optional<sync::Sm2PublicKey>> NodePublicKey(const std::string& code);
  // A node without a key pair proves itself with its secret alone, whose hash the hub
  // keeps: a copy of the hub's data could pass for it. A hub made by this release, or
  // whose nodes all had keys when it was upgraded, serves only nodes with keys: this is
  // the refusal for a node without one then, checked before anything it sends is read.
  Status AllowKeyless(const std::string& code);
  Result<bool> NodeKeysRequired();
  // Switches the rule. Turning it on is refused while an enrolled, unrevoked node has no
  // key yet (it registers one at its next sync): no station is cut off by it.
  Status RequireNodeKeys(bool on);

  // The county's escrow key (public half only; the private half stays offline).
  Result<std::optional<sync::Sm2PublicKey>> EscrowKey();
  // Makes `key` the escrow key, after the current one if any: `endorsement` is the current
  // key's signature over it (sync/escrow_chain.h), empty when its private half is lost.
  Status SetEscrowKey(const sync::Sm2PublicKey& key, const std::string& endorsement = {});
  // Every escrow key this hub has had, oldest first, each with its endorsement. A hub
  // whose key predates the list starts it with that key.
  Result<std::vector<sync::EscrowLink>> EscrowChain();
  // A station's escrow code, sealed to the escrow key named by `escrow.key_id`, which
  // must be the current one.
  Status SaveEscrow(const std::string& code, const NodeEscrow& escrow);
  // NotFound when the node has not escrowed yet.
  Result<NodeEscrow> LoadEscrow(const std::string& code);
  // Checks a node's secret, that it was not told to erase its data, and that it has a key
  // pair where keys are required (AllowKeyless); reads only its credentials, so a second Hub over the same data answers it while this one applies a
  // push. A revoked node still authenticates until then (see RequireActive).
  Status Authenticate(const std::string& code, const std::string& secret);
  // A revoked node may still send what it holds (pushes, scans, audit entries); anything
  // else it asks for is answered with the order to erase its data, which is recorded:
  // from then on Authenticate refuses it.
  Status RequireActive(const std::string& code);
  // Revokes a node: it may still send what it holds, then is told to erase its data; with
  // `now` (a lost or stolen laptop) nothing more is taken and every request it makes is
  // answered with that order.
  Status RevokeNode(const std::string& code, bool now = false);
  Result<std::vector<NodeInfo>> ListNodes();
  Result<NodeInfo> GetNode(const std::string& code);
  // The key that signs this node's bundles (see tongban/sync/bundle.h); refused
  // for unknown and not yet enrolled nodes.
  Result<std::string> BundleKey(const std::string& code);
  struct Standing {
    bool revoked = false;
    bool takes = true;  // what the node sends is still taken (revoked without --now, not yet told)
  };
  Result<Standing> StandingOf(const std::string& code);

  // One push batch of one node, in one transaction. Changes are taken in the node's
  // sequence order: replays (seq at or below what the hub acknowledged) change
  // nothing, a gap stops the batch (the node resends from where the hub stands), a
  // permanent refusal is acknowledged with its code, and a held change stops the
  // batch unacknowledged (HubEngine::NextHold). Every scope is read from storage, so
  // where the node's batches end never changes a verdict. `order` ranks case
  // statuses for the merge (may be null).
  Result<sync::PushReply> ApplyPush(const std::string& node, const sync::PushRequest& req,
                                    const sync::FieldOrder* order);
  // Group commit: the pushes of several nodes, each applied as ApplyPush would, in one
  // transaction and so one commit. When a storage error stops one of them, the group is
  // rolled back and each push is applied in a transaction of its own, so one push's
  // failure never fails the others. Replies come in the order of `pushes`.
  struct PushFrom {
    std::string node;
    const sync::PushRequest* request = nullptr;
  };
  std::vector<Result<sync::PushReply>> ApplyPushes(const std::vector<PushFrom>& pushes,
                                                   const sync::FieldOrder* order);
  // `said`: what the node said of itself with the request, kept in the same transaction
  // (its clock as Unix ms, turned into its offset from the hub's).
  struct Said {
    std::string software;
    std::optional<Millis> clock_ms;
  };
  Result<sync::PullReply> Pull(const std::string& node, const sync::PullRequest& req,
                               const Said* said = nullptr);
  // Digest of the node's scope, computed as NodeReplica::Digest does, over the fields of
  // the replication schema the node speaks.
  Result<std::string> Digest(const std::string& node, int schema = node::kReplicationSchemaVersion);

  // A record published by the hub to every node (author "hub").
  Status Publish(const std::string& table, const sync::RowId& row,
                 const std::vector<PublishedField>& fields, const std::string& user);
  Result<std::optional<nlohmann::json>> RecordField(const std::string& table,
                                                    const sync::RowId& row,
                                                    const std::string& column);
  // Calls `fn` with the current value of every field of every live record of `table`
  // (supervision and figures read the replicated business records this way).
  Status ForEachRecord(
      const std::string& table,
      const std::function<Status(const sync::RowId&, const nlohmann::json& values)>& fn);

  // Conflict inbox. A resolution is a new hub change that reaches every node holding the record.
  Result<std::vector<ConflictRecord>> ListConflicts(bool open_only);
  Result<ConflictRecord> GetConflict(std::int64_t id);
  Result<ConflictRecord> ResolveConflict(std::int64_t id, Take take, const nlohmann::json& value,
                                         const std::string& note, const std::string& admin);

  // Scans. A node may send or fetch content only when a case_scans record naming it
  // is in the node's scope; `office_only`: only as the case's processing office.
  Result<bool> ScanInScope(const std::string& node, const std::string& sha256, bool office_only);
  // What the hub holds of a scan (size 0 and held 0 when nothing).
  Result<ScanContent> GetScan(const std::string& sha256);
  // Appends `data` when `offset` is exactly what the hub holds, else stores nothing and
  // returns the state (a replay or a chunk out of order). With the last byte the whole is
  // checked against sha256: on a mismatch every byte is dropped and Corruption returned.
  Result<ScanContent> AppendScan(const std::string& node, const std::string& sha256,
                                 std::uint64_t size, const std::string& mime,
                                 std::uint64_t offset, std::string_view data);
  // Stores a whole scan already checked against its address (a bundle); keeps what is complete.
  Result<ScanContent> PutScan(const std::string& node, const std::string& sha256,
                              const std::string& mime, std::string_view data);
  // Up to `max` bytes of complete content from `offset`.
  Result<std::string> ReadScan(const std::string& sha256, std::uint64_t offset, std::size_t max);

  // Audit trails. Entries a node sends continue its chain where the hub's copy ends
  // (replays of what is held are skipped); a break is refused whole and names its
  // entry. Returns the newest seq held from the node.
  Result<std::int64_t> AppendAudit(const std::string& node,
                                   const std::vector<sync::AuditEntry>& entries);
  struct NodeAuditCheck {
    std::string node;
    sync::AuditCheck check;
  };
  // Every node's trail (or one node's) checked link by link.
  Result<std::vector<NodeAuditCheck>> VerifyAudit(const std::string& node = {});
  // A node's own trail after `after_seq`, at most `limit` entries: a node enrolled again
  // takes back what it lost and continues the chain after it.
  Result<std::vector<sync::AuditEntry>> AuditTrail(const std::string& node, std::int64_t after_seq,
                                                   int limit);

  // Admin access to the HTTP API: a new token replaces the old one.
  Result<std::string> NewAdminToken();
  Result<bool> CheckAdminToken(const std::string& token);

  Result<HubStats> Stats();

 private:
  // The hub's time in a transaction: the wall clock and the last version stored.
  Result<HubTime> Time();
  Status Write(const WritePlan& plan, const sync::Change& c, HubTime& time);
  // One push inside the caller's transaction, at the caller's time.
  Result<sync::PushReply> ApplyPushInTransaction(const std::string& node,
                                                 const sync::PushRequest& req,
                                                 const HubEngine& engine, HubTime& time);

  std::unique_ptr<HubStorage> storage_;
  sync::WallClock& wall_;
};

}  // namespace tongban::central
