// SyncClient: one node's push-then-pull conversation with the hub.
//
// The protocol (docs/protocol.md) and this engine know nothing of cases: the
// node's storage is reached through Replica, the network through Transport.
// Guarantees: changes are pushed in the node's order in bounded batches; a
// batch counts as sent only when the hub acknowledged it after its commit, and
// the acknowledgement is stored before the next batch; a pulled batch and its
// cursor are applied in one transaction by the replica. Any step may fail and
// be retried from the last acknowledged point: replays change nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "tongban/status.h"
#include "tongban/sync/compression.h"
#include "tongban/sync/http.h"
#include "tongban/sync/hybrid_clock.h"
#include "tongban/sync/wire.h"

namespace tongban::sync {

struct ReplicaState {
  std::int64_t acked_seq = 0;    // last local change the hub acknowledged
  std::int64_t last_seq = 0;     // last local change written
  std::int64_t pull_cursor = 0;  // last hub sequence applied here
  bool ask_hub = false;          // the hub's data was restored: ask where it stands first
};

// The node side of sync, implemented by the node store.
class Replica {
 public:
  virtual ~Replica() = default;
  virtual Result<ReplicaState> State() = 0;
  // Local changes with seq > after_seq, in order, at most `limit`.
  virtual Result<std::vector<Change>> LocalChanges(std::int64_t after_seq, int limit) = 0;
  // Durably records the hub's acknowledgement (and what it refused).
  virtual Status Acknowledge(const PushReply& reply) = 0;
  // Applies a pulled batch and stores its cursor in one transaction.
  virtual Status ApplyPull(const PullReply& reply) = 0;
  // Gives every local change after `acked_seq` (the hub holds none of them) a fresh
  // timestamp from the node's clock, and moves the field versions those changes set
  // along, in one transaction; the node's clock continues from there. Returns how many
  // changes were re-stamped. Called once a clock that ran far ahead is right again.
  virtual Result<std::int64_t> RestampUnsent(std::int64_t acked_seq) = 0;
  // The hub's wall time in a reply just received (Unix ms): the node keeps its offset
  // and stamps from corrected time (clock_skew.h).
  virtual Status HeardHubTime(std::int64_t hub_ms) = 0;
  // Moves the held change `held_seq` and the unsent changes that depend on it behind
  // the others after `acked_seq` (renumbered, in one transaction), so a change the hub
  // cannot take yet does not stop the rest. Returns the held change's new number.
  virtual Result<std::int64_t> DeferHeld(std::int64_t acked_seq, std::int64_t held_seq) = 0;
  // The epoch of the hub's data this node last heard of ("" before the first).
  virtual Result<std::string> HubEpoch() = 0;
  // Records the hub's epoch. With `restored` (the epoch changed: the hub's data came back
  // from a backup) in the same transaction: the next push asks where the hub stands first
  // (ReplicaState::ask_hub; an acknowledgement clears it) and resends from there, and the
  // pull cursor goes back to at most `base_seq`, the newest entry the backup held.
  virtual Status NoteHubEpoch(const std::string& epoch, bool restored, std::int64_t base_seq) = 0;
};

struct SyncOptions {
  std::string node;    // node code
  std::string secret;  // node secret issued at enrollment
  int schema = 0;         // the newest replication schema version this node speaks
  int push_batch = 2000;
  int pull_batch = 2000;
  int compression_level = 6;
  WallClock* clock = nullptr;  // this node's PC clock, uncorrected (null: the system's)
  int oldest_schema = 0;  // the oldest replication schema it speaks (0: only `schema`)
  // The streamed push (push_stream.h), when the hub and the transport can: at most this
  // share of the push's bytes unacknowledged (what an outage costs again), within these
  // bounds, and a new request after this long.
  bool stream_push = true;
  double stream_resend_share = 0.006;
  std::size_t stream_min_window = 4096;
  std::size_t stream_max_window = 256u << 10;
  std::chrono::seconds stream_seconds{60};
  // Small flushed frames compress worse than a whole batch; a higher level wins most of it back.
  int stream_compression_level = 9;
  // A push of fewer changes goes as whole batches: it is one request of a few kilobytes,
  // which a lost link costs again whole in seconds even at 64 kbit/s, while a stream costs
  // the hub a commit and a signature check per frame (a thousand stations at once pay that).
  std::int64_t stream_min_changes = 500;
};

struct SyncProgress {
  const char* phase;  // "push" or "pull"
  std::int64_t done;
  std::int64_t total;  // 0 when unknown
};

struct SyncSummary {
  std::int64_t pushed = 0;
  std::int64_t duplicates = 0;
  std::int64_t conflicts = 0;
  std::int64_t rejected = 0;
  std::int64_t pulled = 0;
  std::int64_t purged = 0;
  int push_batches = 0;
  int pull_batches = 0;
  std::int64_t open_conflicts = 0;
  std::uint32_t dictionary = 0;  // dictionary id in use, 0 = plain zstd
  std::int64_t restamped = 0;    // unsent changes re-stamped from corrected time
  // A change the hub held back: it and the changes after it wait on the node; the
  // round still pulled and moved scans.
  std::optional<Held> held;
  std::vector<Rejection> refused;  // changes the hub refused for good this round
};

class SyncClient {
 public:
  SyncClient(Transport& transport, Replica& replica, const Compressor& compressor,
             SyncOptions options);

  // A new round asks the hub's hello again (its epoch: was its data restored?).
  void StartRound() { hello_done_ = false; }
  // Whether to stream pushes to a hub that takes them (SyncOptions::stream_push).
  void set_stream_push(bool on) { options_.stream_push = on; }
  // Pushes of fewer changes go as whole batches (SyncOptions::stream_min_changes).
  void set_stream_min_changes(std::int64_t changes) { options_.stream_min_changes = changes; }
  // Pushes every unsent change, then pulls until the hub has nothing more.
  Result<SyncSummary> RunOnce(const std::function<void(const SyncProgress&)>& progress = {});
  // Pushes only (benchmarks, bundles).
  Status Push(SyncSummary& summary, const std::function<void(const SyncProgress&)>& progress);
  // `include_own`: also the node's own changes (a repair after local loss).
  Status Pull(SyncSummary& summary, const std::function<void(const SyncProgress&)>& progress,
              bool include_own = false);

  // The hub's digest of this node's scope (compare with the replica's own).
  Result<std::string> HubDigest();
  // Dictionary id in use since the last hello (0 = plain zstd).
  std::uint32_t dictionary() const { return dict_; }
  // This node's wall clock minus the hub's, from the latest answer that told the hub's
  // time (none before one did); a few hundred ms of it may be the link's delay.
  std::optional<std::int64_t> clock_offset_ms() const { return clock_offset_ms_; }
  // The replication schema agreed with the hub at hello, and the newest the hub speaks
  // (0 before a hello): a newer one means this node's software has an update due.
  int schema() const { return schema_; }
  int hub_newest_schema() const { return hub_newest_schema_; }
  int newest_spoken_schema() const { return options_.schema; }

  // Wait before retry `attempt` (1, 2, …): exponential from 1 s to 5 min, full jitter.
  static std::chrono::milliseconds Backoff(int attempt, std::mt19937& rng);

 private:
  Status Hello();
  // `changes`: how many changes a push carries, told in a header so the hub can refuse
  // an oversized batch before it reads the body.
  Result<std::string> Call(const std::string& target, const std::string& body,
                           std::optional<std::size_t> changes = std::nullopt);
  // The same with a body already compressed for this hub (compressed_body()).
  Result<std::string> CallCompressed(const std::string& target, std::string body,
                                     std::optional<std::size_t> changes);
  std::string Compressed(const std::string& body) const;
  Status NoteHubTime(std::int64_t hub_ms);
  WallClock& wall() const;
  struct PushRound;
  // Takes an acknowledgement of changes up to `last_sent` into the summary, and into
  // the replica when `save`.
  Status TakeAck(const PushReply& reply, std::int64_t last_sent, PushRound& round,
                 SyncSummary& summary, const std::function<void(const SyncProgress&)>& progress,
                 bool save = true);
  // After a reply that held a change: re-stamps or moves it back. True when the push
  // goes on from round.acked; false when the rest waits behind the held change.
  Result<bool> AfterHeld(const PushReply& reply, PushRound& round, SyncSummary& summary,
                         const std::string& batch);
  Status PushBatches(PushRound& round, SyncSummary& summary,
                     const std::function<void(const SyncProgress&)>& progress);
  // The streamed push; false when the hub asks for whole batches instead (it is busy).
  Result<bool> PushStreamed(PushRound& round, SyncSummary& summary,
                            const std::function<void(const SyncProgress&)>& progress);

  Transport& transport_;
  Replica& replica_;
  const Compressor& compressor_;
  SyncOptions options_;
  bool hello_done_ = false;  // asked again each round (StartRound)
  std::uint32_t dict_ = 0;
  std::optional<std::int64_t> clock_offset_ms_;
  int schema_ = 0;
  int hub_newest_schema_ = 0;
  bool hub_streams_ = false;  // the hub said at hello it takes streamed pushes
  std::int64_t resumed_push_ = 0;  // changes of a streamed push cut short, for its window
};

// The hub's order to a revoked node: erase its data. It comes as a refusal of a request
// (HTTP 409) or in a reply bundle's header; either way with this key.
inline constexpr MessageDef kWipeOrder{"hub.node_wipe",
                                       "node {0} has been revoked: what it sent is kept at the "
                                       "hub, and it now erases its data"};

// Maps a refusal from the hub (HTTP status and JSON error body) to a Status: the hub's
// message key and arguments when the body carries them ("key", "args"), so the reader's
// language renders the hub's words; its English text alone from an older hub; "HTTP 503"
// when the body says nothing. Wrapped in the context "hub refused <target>".
Status HubError(int http_status, const std::string& body, const std::string& target);

// HubError without the context.
Status HubRefusal(int http_status, const std::string& body);

// The hub's error body as a Status of `code` (see HubError), without context; `fallback`
// when the body holds neither a key nor a message.
Status HubReplyStatus(ErrorCode code, const std::string& body, const Status& fallback);

}  // namespace tongban::sync
