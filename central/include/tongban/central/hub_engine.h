// HubEngine: the hub's policy, with no I/O and no clock of its own.
//
// Given the change, the record as the hub holds it and (for a child record) the
// scope of its case, Plan() returns a WritePlan: what to write (the record, log
// entries for the nodes, conflict records) or why the change is refused for good
// or held back for now. The same holds for publishing, an admin's resolution, a
// case handed on, a pull's reply, and who may fetch a scan. The hub's application
// layer (hub.h) reads what a plan needs from storage and writes what it says, in
// one transaction; time comes in as a HubTime.
//
// Rules beyond MergeField (tongban/sync/merge.h), docs/protocol.md "Merge":
//  - every field version the hub serves is newer than any version a node may hold
//    for that field: a winner older than the value it replaced, or a kept hub
//    value older than the losing edit, is re-issued under a fresh hub version to
//    every node holding the record (the author included), so all nodes accept it;
//  - refusals are permanent (acknowledged: out of scope, unknown table, invalid
//    field, another author, a case refused for good) or recoverable (held: clock
//    ahead, a case not here yet).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "tongban/node/domain/replication_schema.h"
#include "tongban/status.h"
#include "tongban/sync/change.h"
#include "tongban/sync/hybrid_clock.h"
#include "tongban/sync/merge.h"
#include "tongban/sync/wire.h"

namespace tongban::central {

using Millis = std::int64_t;

// The hub's time for one transaction: its wall clock and the newest version it issued
// or saw. Planning issues versions from it; the caller loads `last` before and stores
// it with the transaction, so every writer of one hub issues increasing versions.
struct HubTime {
  Millis now = 0;
  sync::Hlc last = 0;
  sync::Hlc Issue() { return last = sync::NextHlc(last, now); }
  void Observe(sync::Hlc seen) { last = seen > last ? seen : last; }
};

inline constexpr const char* kHubNode = "hub";    // author of the hub's own entries
// The timeline entry a conflict resolution adds to its case (case_events.action).
inline constexpr const char* kConflictResolvedAction = "conflict_resolved";
inline constexpr const char* kEveryone = "*";     // scope of records every node sees
// A change stamped further ahead than this is held until the author's clock is right.
inline constexpr Millis kMaxClockAheadMs = 24LL * 3600 * 1000;

// One field of a record at the hub: its value and the write that set it.
struct FieldState {
  nlohmann::json value;
  sync::Hlc version = 0;
  std::string node;  // node that wrote this version ("hub" for the hub's own)
  std::string user;
};

// A record as the hub holds it.
struct HubRecord {
  bool exists = false;
  bool deleted = false;
  std::string scope_a;  // node allowed to see it ('*' = every node)
  std::string scope_b;  // second node (processing office), may be empty
  std::string handed_on_by;  // cases: the office that last handed the case on, if any
  std::optional<sync::RowId> case_row;  // child records: the case they belong to (ParentOf)
  std::map<std::string, FieldState, std::less<>> fields;

  const FieldState* Field(std::string_view column) const;
  nlohmann::json Value(std::string_view column) const;  // null when absent
  sync::Hlc MaxVersion() const;
  // The newest version among the fields a node speaking `schema` knows (its digest).
  sync::Hlc MaxVersion(node::SyncedTable table, int schema) const;
};

// The scope of a case as children inherit it.
struct CaseScope {
  std::string a, b;
  std::string handed_on_by;  // office that last passed the case on (it may log that step)
};

// What the hub knows of the case a child record belongs to.
struct ParentCase {
  std::optional<CaseScope> scope;  // nullopt: the hub holds no such case
  bool refused = false;            // ... because it refused the case for good
};

// One entry of the hub log, which nodes pull in order.
enum class LogOp : int { kUpsert = 0, kDelete = 1, kPurge = 2 };
struct LogField {
  std::string column;
  nlohmann::json value;
  sync::Hlc version = 0;
};
struct LogEntry {
  std::string origin;  // author node, or kHubNode
  std::int64_t origin_seq = 0;
  sync::Hlc hlc = 0;
  std::string table;
  sync::RowId row;
  LogOp op = LogOp::kUpsert;
  std::string user;
  std::vector<LogField> fields;
  std::string scope_a, scope_b;  // who receives it
};

// A divergent edit for the conflict inbox.
struct ConflictEntry {
  std::string column;  // "*" for a whole record (edit against delete)
  nlohmann::json local_value;
  std::string local_node, local_user;
  sync::Hlc local_hlc = 0;
  std::optional<FieldState> hub;  // what the hub had (none for whole-record conflicts)
  sync::Hlc base_hlc = 0;
  nlohmann::json provisional;  // the value every node holds until an admin resolves it
};

// A conflict in the admin's inbox (ConflictEntry as stored, with what became of it).
struct ConflictRecord {
  std::int64_t id = 0;
  std::string table;
  sync::RowId row;
  std::string column;  // "*" for a whole record (edit against delete)
  std::string label;   // human context: the case number when known
  nlohmann::json local_value;  // what the pushing node wrote
  std::string local_node, local_user;
  sync::Hlc local_hlc = 0;
  nlohmann::json hub_value;  // what the hub had
  std::string hub_node, hub_user;
  sync::Hlc hub_hlc = 0;
  sync::Hlc base_hlc = 0;  // version the pushing node had edited against
  std::optional<nlohmann::json> base_value;  // that version's value, from the hub's log
  nlohmann::json provisional;  // the value every node holds until resolved
  std::string status;          // open | resolved
  std::string resolution;      // local | hub | value
  nlohmann::json resolved_value;
  std::string note, resolved_by;
  Millis created_at = 0;
  std::optional<Millis> resolved_at;
};

// An entry as stored in the log, at its hub sequence.
struct LoggedEntry {
  std::int64_t seq = 0;
  LogEntry entry;
};

// What a read selects: records and log entries addressed (scope_a or scope_b) to one of
// `to`, and of log entries only those not written by `not_from` (empty: any author).
struct ScopeFilter {
  std::vector<std::string> to;
  std::string not_from;
};

// The log a pull reads: entries after `after` selected by `filter`, `limit` + 1 of them
// at most (one more than is served tells whether more wait).
struct PullQuery {
  std::int64_t after = 0;
  ScopeFilter filter;
  int limit = 0;
  int schema = node::kReplicationSchemaVersion;  // the node gets only fields it knows
};

// One field of a record the hub publishes itself (catalog items, calendars).
struct PublishedField {
  std::string column;
  nlohmann::json value;
};

// An admin's choice for a conflict: the pushing node's value, the hub's, or another.
enum class Take { kLocal, kHub, kValue };

// A node's change the hub holds back (Verdict::kHold) until its cause is gone.
struct NodeHold {
  std::int64_t seq = 0;  // the node's change held (nothing after it is applied)
  std::string code;      // clock_ahead | parent_missing
  Millis since = 0;      // when the hub first held this change
  // Its HLC (0: not known): the same change still after the node renumbered it to let
  // others go ahead (ChangeLog::DeferHeld keeps stamps, changes numbers).
  sync::Hlc hlc = 0;
  bool operator==(const NodeHold&) const = default;
};

enum class Verdict {
  kApply,   // write what the plan says (which may be nothing: a replay, a kept value)
  kRefuse,  // permanent: acknowledged, shown to the station and the admin
  kHold,    // recoverable: not acknowledged; the node sends it again later
};

struct WritePlan {
  Verdict verdict = Verdict::kApply;
  std::string code;  // refuse/hold: out_of_scope, unknown_table, invalid_field,
                     // foreign_author, hub_owned, parent_refused, clock_ahead,
                     // parent_missing
  std::vector<std::string> args;  // the code's arguments
  std::string reason;             // the same in an English sentence, for logs
  // A refusal of a row the hub holds no record of: the hub remembers the row, so the
  // records that belong to it are refused too instead of waiting for it for ever.
  bool remember_refusal = false;
  bool save = false;              // write `record`
  HubRecord record;               // the record after the change
  std::vector<LogEntry> log;      // entries to append, in order
  std::vector<ConflictEntry> conflicts;
  // A case handed to another office: its children must follow (PlanReroute).
  std::optional<std::string> rerouted_from;
  bool names_scan = false;              // a case_scans record: index its content address
};

class HubEngine {
 public:
  // Most log entries one pull serves.
  static constexpr int kMaxPullLimit = 5000;

  // `order` ranks case statuses (may be null).
  explicit HubEngine(const sync::FieldOrder* order) : order_(order) {}

  // What a node holds and is told of: records addressed to it or to every node. Its
  // pulls, its digest and its count of open conflicts all read by this scope.
  static ScopeFilter ScopeOf(const std::string& node);
  // What a pull reads: the node's scope after its cursor, without the node's own
  // changes unless it asks (a node restored from a backup), at most kMaxPullLimit.
  static PullQuery PlanPullQuery(const std::string& node, const sync::PullRequest& req);
  // The reply to a pull from what it read (`entries`, in order, at most query.limit + 1)
  // and the newest hub sequence. One reply holds changes or purges, never both, so a
  // node applying them keeps the hub's order; with nothing more for the node its cursor
  // skips past what others wrote meanwhile.
  static sync::PullReply PlanPullReply(const PullQuery& query, std::vector<LoggedEntry> entries,
                                       std::int64_t newest_seq, Millis now);
  // Whether `node` may send or fetch the content of a scan that live case_scans records
  // with these scopes name: as a case's processing office (b) always, as its receiving
  // station (a) unless `office_only`.
  static bool MayTransferScan(const std::string& node, const std::vector<CaseScope>& named_by,
                              bool office_only);

  // The case a child record belongs to; nullopt when the table has no parent case
  // or the record names none (Plan refuses the latter as invalid_field).
  static std::optional<sync::RowId> ParentOf(const node::TableSpec& spec, const sync::Change& c,
                                             const HubRecord& record);

  // The hold a node has after a batch, from the hold it had (`current`), where its
  // acknowledged changes now end (`acked_seq`) and what the batch held (`held`).
  // A hold ends only once its change is acknowledged (applied or refused). A batch
  // that never reached it (the empty probe a node sends first, a gap) keeps it, and
  // so does the same change held again, whatever the cause now: `since` is when the
  // change was first held. A different change held starts a new `since` (`now`).
  static std::optional<NodeHold> NextHold(const std::optional<NodeHold>& current,
                                          std::int64_t acked_seq,
                                          const std::optional<sync::Held>& held, Millis now,
                                          sync::Hlc held_hlc = 0);

  // The plan for change `c` pushed by `node`. `parent` is what the hub knows of the
  // record's case (ParentOf).
  // `schema` is the version the node speaks: a field of a later one is invalid from it.
  WritePlan Plan(const std::string& node, const sync::Change& c, HubRecord record,
                 const ParentCase& parent, HubTime& time,
                 int schema = node::kReplicationSchemaVersion) const;

  // A case left `old_office`: re-scopes each child record of the case to the case's
  // new scope and sends the live ones whole to the new office; the old office is told
  // to purge. `children` are the records of the case (table, row, record) as the hub
  // holds them, tombstones included.
  struct Child {
    std::string table;
    sync::RowId row;
    HubRecord record;
  };
  static std::vector<LogEntry> PlanReroute(const sync::RowId& case_row, const HubRecord& kase,
                                           const std::string& old_office,
                                           std::vector<Child>& children, HubTime& time);

  // A record sent whole to one node (it may have deleted or never held it).
  static LogEntry Snapshot(const std::string& table, const sync::RowId& row,
                           const HubRecord& rec, const std::string& to, sync::Hlc at);

  // An admin's resolution of a conflict: a new hub change, the record as it will be,
  // the conflict as resolved and, for a case, its records after a reroute.
  struct Resolution {
    bool save = false;               // write `record`
    HubRecord record;
    std::vector<Child> children;     // the case's records re-scoped (empty: none to write)
    std::vector<LogEntry> log;       // entries to append, in order
    ConflictRecord conflict;         // with status, resolution and who resolved it
  };
  // The plan for publishing `fields` of a record the hub owns, `record` as stored: the
  // fields that change (all of them for a new record) get one fresh hub version and reach
  // every node; nothing changed, nothing to write (save false, no log).
  static WritePlan PlanPublish(const std::string& table, const sync::RowId& row,
                               HubRecord record, const std::vector<PublishedField>& fields,
                               const std::string& user, HubTime& time);

  // The plan for resolving `conflict` on `record` (as stored) with `take` (`value` for
  // Take::kValue). The chosen value gets a fresh hub version and reaches every node
  // holding the record, so it wins everywhere. A case whose processing_office changes is
  // rerouted as a pushed reroute is (PlanReroute): `children` are the case's records as
  // the hub holds them (LoadCaseChildren); they are ignored otherwise. Errors: no note,
  // resolved already, a value the field cannot take.
  static Result<Resolution> PlanResolution(const ConflictRecord& conflict, HubRecord record,
                                           std::vector<Child> children, Take take,
                                           const nlohmann::json& value, const std::string& note,
                                           const std::string& admin, HubTime& time);
  // Whether resolving `conflict` may hand the case on, so it needs the case's records.
  static bool ResolutionMovesChildren(const ConflictRecord& conflict);
  // The row of the timeline entry the resolution of conflict `conflict_id` adds.
  static sync::RowId ResolutionEventRow(Millis now, std::int64_t conflict_id);

 private:
  Verdict CheckScope(const std::string& node, const node::TableSpec& spec, const sync::Change& c,
                     HubRecord& r, const ParentCase& parent, WritePlan& plan) const;
  WritePlan PlanChange(const std::string& node, const sync::Change& c, HubRecord r,
                       const ParentCase& parent, HubTime& time, int schema) const;

  const sync::FieldOrder* order_;
};

}  // namespace tongban::central
