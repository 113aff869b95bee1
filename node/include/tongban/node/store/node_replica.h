// NodeReplica: the station store as seen by the sync engine (sync::Replica).
//
// Pulled changes are applied field by field with the hub's versions, in one
// transaction together with the new pull cursor. A field this node changed and
// has not yet had acknowledged is left alone: the local edit is pushed next and
// the hub decides (merge or conflict), so an unsent change is never lost.
// Pulled changes are not written to the change log: the log holds only this
// node's own changes, so their sequence numbers have no gaps.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tongban/node/domain/replication_schema.h"
#include "tongban/node/store/node_store.h"
#include "tongban/sync/sync_client.h"

namespace tongban::node {

// What the hub said of one of this node's changes: a hold (it waits here and goes again)
// or a refusal for good. `code` and `args` as docs/protocol.md lists them.
struct HubNote {
  std::int64_t seq = 0;
  std::string code;
  std::vector<std::string> args;
  Millis since = 0;  // when this node first heard it
};

struct SyncStatus {
  std::string hub_url;
  std::int64_t queue_depth = 0;  // local changes not yet acknowledged
  std::optional<Millis> oldest_unsent_at;
  std::optional<Millis> last_success_at;
  std::optional<Millis> last_attempt_at;
  std::string last_error;  // its English, for logs and --json
  Status last_failure;     // the last round's error as raised, for people (ok when none)
  std::int64_t open_conflicts = 0;
  std::int64_t rejected = 0;  // local changes the hub refused
  std::int64_t pull_cursor = 0;
  // This node's wall clock minus the hub's at the last reply that told it (none before).
  std::optional<std::int64_t> clock_offset_ms;
  std::optional<HubNote> held;     // the change the hub holds back, if any
  // The newest replication schema the hub speaks when it is newer than this station's:
  // its software has an update due (0: none, or not heard yet).
  int update_due_schema = 0;
  int spoken_schema = 0;  // the version this station spoke then
  std::vector<HubNote> refusals;   // the latest refusals, newest first (at most 5)
};

class NodeReplica final : public sync::Replica {
 public:
  explicit NodeReplica(NodeStore& store) : store_(store) {}

  Result<sync::ReplicaState> State() override;
  Result<std::vector<sync::Change>> LocalChanges(std::int64_t after_seq, int limit) override;
  Status Acknowledge(const sync::PushReply& reply) override;
  Status ApplyPull(const sync::PullReply& reply) override;
  Result<std::int64_t> RestampUnsent(std::int64_t acked_seq) override;
  // Keeps the offset of this node's clock to the hub's and corrects the store's clock
  // by it. A reply bundle's hub time is as old as the stick's trip: it is used only when
  // the hub held a change for a clock ahead, as a bound (node_bundle.cpp).
  Status HeardHubTime(std::int64_t hub_ms) override;
  // Moves nothing while a bundle holds changes the hub has not acknowledged.
  Result<std::int64_t> DeferHeld(std::int64_t acked_seq, std::int64_t held_seq) override;
  Result<std::string> HubEpoch() override;
  // A restored hub also gets the audit trail and the scans attached here again (it skips
  // what it still holds).
  Status NoteHubEpoch(const std::string& epoch, bool restored, std::int64_t base_seq) override;

  Result<SyncStatus> GetStatus();
  // Keeps what the hello said: the hub's newest schema when it is newer than the one this
  // node speaks, else none (SyncStatus::update_due_schema). Returns that schema, or 0.
  Result<int> NoteHubSchema(int hub_newest, int spoken);
  // Speaks an older replication schema, as a station one version behind (a drill:
  // TONGBAN_REPLICATION_SCHEMA): fields of later versions are left out of what it sends.
  void SpeakSchema(int schema) { speak_schema_ = schema; }
  // Remembers the outcome of a sync attempt for `tongban sync status`.
  Status RecordAttempt(const tongban::Status& outcome);
  // A digest of every record this node holds: (table, row, latest field version).
  Result<std::string> Digest();
  // Forgets the pull cursor so the next pull fetches the whole scope again.
  Status ResetPullCursor();

 private:
  // Reads the calendar a pull brought and recomputes the deadlines on it, the timeline
  // saying so; inside the pull's transaction.
  Status FollowPublishedCalendar();
  // Moves the case counters past this station's numbers a pull brought back.
  Status CountIssuedNumbers(const sync::PullReply& reply);
  Status ApplyRecord(const TableSpec& spec, const sync::Change& change,
                              const std::vector<const sync::FieldChange*>& fields);
  Status DeleteRecord(const TableSpec& spec, const sync::RowId& row);
  // A field this build does not know, kept in kept_fields (a later schema's).
  Status KeepField(const std::string& table, const sync::RowId& row, const sync::FieldChange& f);
  struct StaffPassword {
    sync::RowId row;
    std::string login, hash;
  };
  Result<std::optional<StaffPassword>> ReadStaffPassword(const sync::RowId& row);
  // The fields the hub's conflict inbox holds for this node, as the last pull said.
  Status ReplaceConflictMarks(const std::vector<sync::ConflictMark>& marks);
  // Keeps what the reply says of a held change: a new hold, the same one (its first
  // "since" stays), or none once the acknowledgement passed it.
  Status NoteHeld(const sync::PushReply& reply);

  NodeStore& store_;
  int speak_schema_ = kReplicationSchemaVersion;
};

}  // namespace tongban::node
