// NodeSync: everything a node needs to talk to its hub, built from what the
// store remembers (hub address, node secret, TLS trust). Used by the CLI, the
// desk app, tests and benchmarks alike.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "tongban/node/store/node_replica.h"
#include "tongban/node/store/node_store.h"
#include "tongban/node/store/scan_store.h"
#include "tongban/sync/curl_transport.h"
#include "tongban/sync/escrow_chain.h"
#include "tongban/sync/json_log.h"
#include "tongban/sync/request_tags.h"
#include "tongban/sync/sm2.h"
#include "tongban/sync/scan_transfer.h"
#include "tongban/sync/sync_client.h"

namespace tongban::node {

struct HubLink {
  std::string url;
  std::string pin;      // sha256//BASE64 of the hub's public key (HTTPS)
  std::string ca_file;  // PEM certificate to trust (HTTPS, self-signed hub)
};

struct Enrollment {
  std::string secret;
  std::string name, kind, township;  // the node's identity as the hub announced it
  std::string signing_key;  // the node's SM2 private key (PEM), whose public half the hub got
  bool key_at_hub = false;  // false: a hub one version behind did not keep the public key
  // The hub holds earlier work of this node (a station restored from a backup, a new
  // laptop for a lost one): its next rounds take its own records and audit trail back,
  // and it issues no case number before (node_meta kRejoinMeta).
  bool known = false;
  std::vector<std::string> logins;  // then: the station's accounts it is to pull, by login
};

// Where this node's own changes stand for an enrollment: the last one the hub
// acknowledged to it, so a node enrolled again goes on from there.
struct EnrollResume {
  std::int64_t acked_seq = 0;
  sync::Hlc acked_hlc = 0;
  std::int64_t last_seq = 0;  // its newest change: the hub may hold it already
  sync::Hlc last_hlc = 0;
};

// Exchanges a one-time enrollment code for this node's secret, handing the hub the
// public half of `signing_key` (PEM; a new key pair when empty).
Result<Enrollment> EnrollWithHub(const HubLink& link, const std::string& node_code,
                                 const std::string& enrollment_code,
                                 std::string signing_key = {}, const EnrollResume& resume = {});
// Enrolls a station that began offline, by its admin. It keeps its code and everything
// it holds; what it did offline goes to the hub at its first sync. The hub's register
// gives its name, kind and township from now on. Refused when it is enrolled already,
// unless `again`: a station restored from a backup, with a code from `tongban-central
// station reenroll`, takes a new secret and a new key pair and keeps its unsent work.
Result<Enrollment> EnrollExisting(NodeStore& store, const Session& by, const HubLink& link,
                                  const std::string& enrollment_code, bool again = false);

// Stores the hub link, the secret and the signing key in the node database.
Status SaveHubLink(NodeStore& store, const HubLink& link, const Enrollment& enrollment);
// The same with a secret alone: a node that signs nothing until its next round makes a
// key pair and hands the hub its public key (as a node enrolled before key pairs does).
Status SaveHubLink(NodeStore& store, const HubLink& link, const std::string& secret);

// This node's signing key. A node enrolled before key pairs makes one here, kept in its
// database; its next round (or bundle) hands the hub the public half.
Result<sync::Sm2Key> NodeSigningKey(NodeStore& store);

// True when the hub answered that this node was revoked and must erase its data (after
// taking what the node sent in the same round: pushes, scans and audit entries go first).
bool IsWipeOrder(const Status& status);
// Erases the station at `db_path`: its key file first (an encrypted station's data is then
// unreadable for good), then the database, its WAL, journal and lock files, each
// overwritten with zeros and synced before it is removed. The store must be closed.
// Flash storage may keep old copies of blocks; an encrypted station is safe regardless.
Status WipeStation(const std::string& db_path);

// An admin names the escrow key this station is to trust from now on (a prefix of its id,
// as `tongban-central escrow init` printed it), after the county replaced a lost one: the
// station escrows to it at its next sync, and to no other key the hub might name.
Status NameEscrowKey(NodeStore& store, const std::string& id_prefix);

// A station's sync log, beside its database: a JSON object a line per round (round id,
// figures, the error's code), at most kSyncLogBytes with one older file (DB.sync.1.log).
std::string SyncLogPath(const std::string& db_path);
inline constexpr std::size_t kSyncLogBytes = 1u << 20;

// The replication schema this node speaks: this build's, or in a drill of a station one
// version behind, TONGBAN_REPLICATION_SCHEMA (1 up to this build's; anything else fails).
Result<int> SpokenSchema();

// What one sync round moved: records, then scan content.
struct RoundSummary {
  sync::SyncSummary records;
  sync::ScanTransferSummary scans;
  std::string round_id;  // the hub logs this round's requests as "<round_id>-<n>"
  bool rejoined = false;  // this round took back what the node had lost (kRejoinMeta)
  TimerSweep timers;  // run before the push, so escalations travel in the same round
  std::int64_t audit_sent = 0;  // audit trail entries the hub took this round
  // Why the hub did not take the audit trail (a broken chain); the round still synced.
  std::optional<Status> audit_refused;
  // The hub speaks a newer replication schema than this station: its software has an
  // update due (0: none). The round synced in the version they share.
  int update_due_schema = 0;
};

class NodeSync {
 public:
  // Fails with a clear message when the node was never enrolled. `cancel`, when given,
  // is a flag another thread may set to end a round early (see RunRound); it must
  // outlive the NodeSync.
  static Result<std::unique_ptr<NodeSync>> Open(NodeStore& store, int batch = 2000,
                                                long stall_seconds = 20,
                                                const std::atomic<bool>* cancel = nullptr);
  // One round: push the records, upload the scans this node attached that the hub has
  // not confirmed (their records are at the hub by then), pull, then fetch the scans of
  // cases this node is the processing office of. A scan the hub refuses is counted in
  // the summary and does not fail the round; an unreachable hub does. So does not a
  // change the hub holds back: the summary names it, and the pull and scans still run.
  // Once the `cancel` flag is set, the round ends within about a second with
  // ErrorCode::kCancelled. What it stored stays whole: each acknowledgement, pull page
  // and scan chunk is its own transaction, and the next round goes on from there.
  // The audit trail goes up after what the hub took before (an older hub without one is
  // skipped; a refusal is in the summary and does not fail the round), before the pull
  // and again at the end for what the round itself wrote. A revoked node thus hands the
  // hub everything before the pull answers with the order to erase it (IsWipeOrder).
  // Every request is signed with the node's key. A node enrolled before key pairs makes
  // one when opened and hands the hub its public key at the start of its next round
  // (skipped by a hub one version behind; a hub holding another key fails the round).
  // An encrypted station also escrows: when the hub has a county escrow key this station
  // has not escrowed to, it makes a new escrow code in its key file, seals it to that
  // key and hands the hub the sealed code (never the code itself).
  // Each round, done or failed, is a line of the sync log (SyncLogPath).
  Result<RoundSummary> RunRound(const std::function<void(const sync::SyncProgress&)>& progress = {});

  sync::SyncClient& client() { return *client_; }
  sync::ScanTransfer& scan_transfer() { return *scan_transfer_; }
  NodeReplica& replica() { return replica_; }
  ScanStore& scans() { return scans_; }
  sync::CurlTransport& transport() { return *transport_; }

 private:
  explicit NodeSync(NodeStore& store) : store_(store), replica_(store), scans_(store) {}
  Result<RoundSummary> RunRoundUnlogged(const std::function<void(const sync::SyncProgress&)>& progress);
  std::shared_ptr<spdlog::logger> log_;  // the sync log (null when it could not be opened)
  // Sends the audit entries the hub does not hold yet; see RunRound.
  Status UploadAudit(RoundSummary& r);
  // Takes this node's audit trail back from the hub after a new enrollment (kAuditRejoinMeta).
  Status RejoinAudit(RoundSummary& r);
  // Takes back what the hub holds of this node's trail after `sent` (at most what this
  // database holds) and continues the chain here after it (NodeStore::RejoinAuditTrail);
  // false when the hub cannot say (a hub from before).
  Result<bool> TakeTrailBack(std::int64_t sent);
  // Hands the hub this node's public key once, if enrollment did not (see RunRound).
  Status RegisterKey();
  // An encrypted station hands the hub an escrow code sealed to the county's escrow key,
  // once per escrow key (see RunRound).
  Status Escrow();
  // Trusts `key` if the station may (escrow_chain.h), and remembers it.
  Status TrustEscrowKey(const sync::Sm2PublicKey& key, const std::vector<sync::EscrowLink>& chain);
  std::string node_secret_;
  NodeStore& store_;
  const std::atomic<bool>* cancel_ = nullptr;
  NodeReplica replica_;
  ScanStore scans_;
  std::unique_ptr<sync::CurlTransport> transport_;
  std::optional<sync::Sm2Key> key_;
  std::unique_ptr<sync::SigningTransport> signed_;  // every request through transport_, signed
  std::unique_ptr<sync::TaggingTransport> tagged_;  // ... and tagged first (request_tags.h)
  std::unique_ptr<sync::SyncClient> client_;
  std::unique_ptr<sync::ScanTransfer> scan_transfer_;
};

}  // namespace tongban::node
