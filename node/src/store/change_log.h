// Change capture: writes business rows together with their change-log rows.
//
// Private to the node library. Every method must run inside a transaction the
// caller owns; ChangeLog never commits. Layout: docs/change-log.md.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tongban/node/domain/replication_schema.h"
#include "tongban/status.h"
#include "tongban/sync/change.h"
#include "tongban/sync/hybrid_clock.h"
#include "tongban/sync/sqlite.h"

namespace tongban::node {

// Decodes a `_colv` blob (MessagePack [column, hlc, ...]); false when it is damaged.
bool DecodeFieldVersions(std::string_view blob, std::map<int, sync::Hlc>& out);

// Binds a JSON value to an SQLite parameter (binary -> BLOB, bool -> 0/1).
void BindJson(sync::Statement& st, int index, const nlohmann::json& v);

class ChangeLog {
 public:
  ChangeLog(sync::Database& db, std::string node) : db_(db), node_(std::move(node)) {}

  // Local id of the (node, login) author, created on first use.
  Result<std::int64_t> ActorId(const std::string& node, const std::string& login);

  // Inserts a new record with every column of its spec, in spec order.
  Status Insert(SyncedTable t, const sync::RowId& uid, const std::vector<nlohmann::json>& values,
                sync::Hlc hlc, std::int64_t actor);
  // Updates some fields of an existing record; the base versions come from the row.
  Status Update(SyncedTable t, const sync::RowId& uid,
                const std::vector<std::pair<std::string_view, nlohmann::json>>& fields,
                sync::Hlc hlc, std::int64_t actor);
  // Deletes a record and logs a tombstone carrying the latest version this node held,
  // so the hub can tell a delete made without seeing a later edit.
  Status Delete(SyncedTable t, const sync::RowId& uid, sync::Hlc hlc, std::int64_t actor);
  // Writes material states of a case (new or changed), one field per material code.
  Status SetMaterials(const sync::RowId& case_uid,
                      const std::vector<std::pair<std::string, std::string>>& states,
                      sync::Hlc hlc, std::int64_t actor);
  // What the records written since StartTracking were, for the audit trail: how many,
  // the first kTouchedNamed of them as "table:row", and the change-log positions of their
  // rows (0 when none went to the log: what the hub publishes stays out of it).
  struct Touched {
    static constexpr int kTouchedNamed = 32;
    std::int64_t records = 0;
    std::vector<std::string> named;
    std::int64_t first_seq = 0, last_seq = 0;
  };
  void StartTracking() { touched_ = {}; }
  const Touched& touched() const { return touched_; }

  // Remembers the largest HLC observed from other nodes (local ones are in the log).
  Status PersistClock(sync::Hlc last);

  struct Restamped {
    std::int64_t changes = 0;  // changes re-stamped
    sync::Hlc last = 0;        // the newest timestamp issued: the clock goes on from it (0: none)
  };
  // Gives every change after `after_seq` a fresh HLC from `wall`, in log order: changes
  // that shared one (one transaction) still share one. Base versions that named a
  // re-stamped change, and the versions such changes left on their records, follow.
  // The new timestamps start above the last change before `after_seq` and above every
  // base version the hub may hold (one at most a day ahead of `wall`).
  Result<Restamped> Restamp(std::int64_t after_seq, sync::WallClock& wall);

  Result<std::vector<sync::Change>> Read(std::int64_t after_seq, int limit);

  // Moves change `held_seq` (held back at the hub) and every later change after
  // `after_seq` that depends on it (the same record, or a record of the same case)
  // behind the other changes after `after_seq`, keeping the order within each part,
  // and renumbers them contiguous from after_seq + 1, so the hub can take the others.
  // None of them is at the hub (it acknowledged up to after_seq).
  struct Deferred {
    std::int64_t held_at = 0;  // the held change's new number
    sync::Hlc newest = 0;      // the newest stamp moved: no longer on the last change
  };
  Result<Deferred> DeferHeld(std::int64_t after_seq, std::int64_t held_seq);

 private:
  // A record's insert version and the versions of fields written since.
  struct FieldVersions {
    sync::Hlc insert_hlc = 0;
    std::map<int, sync::Hlc> later;
  };
  Result<FieldVersions> ReadVersions(SyncedTable t, const sync::RowId& uid);
  Status Append(SyncedTable t, const sync::RowId& uid, sync::ChangeOp op, std::int64_t actor,
                sync::Hlc hlc, const nlohmann::json& fields);
  // Moves the versions a re-stamped change left on its record to their new timestamps.
  Status RenameVersions(SyncedTable t, std::string_view uid,
                        const std::map<sync::Hlc, sync::Hlc>& renamed);

  sync::Database& db_;
  std::string node_;
  Touched touched_;
};

}  // namespace tongban::node
