// HubRepository: what the hub's apply path needs from storage, and nothing more.
//
// Backends (SQLite now, PostgreSQL next) implement it by plain reads and writes;
// every decision is HubEngine's (hub_engine.h) and the batch loop is ApplyPushBatch
// (hub_push.h), shared by all backends. All calls between Begin() and the
// transaction's Commit() belong to one transaction; destroying it uncommitted
// rolls everything back. Not thread safe: one batch at a time per repository.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tongban/central/hub_engine.h"
#include "tongban/status.h"
#include "tongban/sync/wire.h"

namespace tongban::central {

// Where a node's pushes stand at the hub.
struct PushProgress {
  std::int64_t acked_seq = 0;  // last change of the node applied or refused
  sync::Hlc acked_hlc = 0;     // its HLC (a node restored from a backup is told apart)
  std::optional<NodeHold> hold;  // the change waiting for the node to send it again
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
  // Stores the new position and hold exactly as given (no hold: none is kept) and adds
  // to the node's applied and refused counts.
  virtual Status SaveProgress(const std::string& node, const PushProgress& progress, int applied,
                              int refused) = 0;

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
  // Appends at the next hub sequence (the pull cursor).
  virtual Status AppendLog(const LogEntry& entry) = 0;
  // `record` is the record it concerns (for its label and who holds it).
  virtual Status AddConflict(const std::string& table, const sync::RowId& row,
                             const HubRecord& record, const ConflictEntry& conflict,
                             Millis now) = 0;
  // A case_scans record: keeps the content address it names joinable to its scope.
  virtual Status IndexScan(const sync::RowId& row, const HubRecord& record) = 0;
  virtual Result<std::int64_t> OpenConflictsFor(const std::string& node) = 0;
};

}  // namespace tongban::central
