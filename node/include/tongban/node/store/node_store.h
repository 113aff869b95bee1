// NodeStore: a station's local SQLite database and every business write on it.
//
// Start here when reading the node. Each public mutation runs in one
// transaction that also appends the change-log rows for sync (see
// docs/change-log.md): either both the business write and its changes are
// durable, or neither is. The database runs in WAL mode with synchronous=FULL,
// so a case that was acknowledged survives a power cut.
//
// Thread safety: one NodeStore per thread. Several processes may open the same
// file; writers wait up to the busy timeout for each other.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tongban/node/domain/case.h"
#include "tongban/node/domain/catalog.h"
#include "tongban/node/domain/staff.h"
#include "tongban/node/domain/work_calendar.h"
#include "tongban/status.h"
#include "tongban/sync/change.h"
#include "tongban/sync/hybrid_clock.h"

namespace tongban::sync {
class Database;
}

namespace tongban::node {

class ChangeLog;
class NodeReplica;

struct NodeIdentity {
  std::string code;  // station code, unique in the county: "QS-JX01"
  std::string name;
  NodeKind kind = NodeKind::kStation;
  std::string township;  // code of the township center above this node ("" for county nodes)
};

struct MaterialInput {
  std::string code;
  MaterialState state = MaterialState::kReceived;
};

struct IntakeRequest {
  std::string item_code;  // impl_code; the latest version is used
  PartyKind applicant_kind = PartyKind::kPerson;
  std::string applicant_name;
  std::string applicant_id;
  std::string applicant_phone;
  std::string id_override_reason;  // accept a credit code that fails its check (recorded)
  std::optional<Agent> agent;
  Channel channel = Channel::kWindow;
  bool green_channel = false;
  std::string green_reason;
  // States of the item's materials; one not listed counts as received when
  // required and absent when optional.
  std::vector<MaterialInput> materials;
  std::optional<Millis> received_at;  // default: now (imports pass the legacy time)
};

struct CaseQuery {
  std::string case_no;
  std::string id_number;
  std::string name_prefix;
  std::optional<CaseStatus> status;
  int limit = 50;
  std::optional<std::int64_t> before_id;  // paging: cases older than this local id
};

struct CaseSummary {
  std::int64_t id = 0;  // local row id, for paging
  std::string case_no;
  std::string item_name;
  std::string applicant_name;
  std::string applicant_id;
  CaseStatus status = CaseStatus::kReceived;
  Priority priority = Priority::kNormal;
  Millis received_at = 0;
  Millis due_at = 0;
  bool due_provisional = false;
  std::string due_unit;
};

struct CatalogImportSummary {
  int added = 0;      // items new to this node
  int updated = 0;    // items that got a new version
  int unchanged = 0;
};

struct CaseImportSummary {
  int imported = 0;
  std::vector<std::string> case_numbers;
};

// Service figures for a period, as the statistics screens and `tongban stats` show them.
struct ServiceStats {
  Millis from = 0, to = 0;  // [from, to) reception time
  std::int64_t received = 0;
  std::int64_t accepted = 0;     // reached acceptance by the office (or beyond)
  std::int64_t closed = 0;
  std::int64_t overdue = 0;      // open and past their due time now
  std::int64_t green = 0;
  std::map<std::string, std::int64_t> by_channel;     // window, online, door, post
  std::map<std::string, std::int64_t> by_status;
  std::map<std::string, std::int64_t> by_station;     // receiving station
  std::map<std::string, std::int64_t> by_office;      // processing office
};

struct StoreStats {
  std::int64_t cases = 0;
  std::int64_t changes = 0;
  std::int64_t file_bytes = 0;
};

class NodeStore {
 public:
  // Creates a new station database with a first admin account.
  static Result<std::unique_ptr<NodeStore>> Create(const std::string& path,
                                                   const NodeIdentity& identity,
                                                   const std::string& admin_login,
                                                   const std::string& admin_password,
                                                   sync::WallClock& clock =
                                                       sync::SystemWallClock::Instance());
  // Opens an existing database, migrating its schema forward if needed.
  // `busy_timeout_ms`: how long a write waits for another process's lock.
  static Result<std::unique_ptr<NodeStore>> Open(const std::string& path,
                                                 sync::WallClock& clock =
                                                     sync::SystemWallClock::Instance(),
                                                 int busy_timeout_ms = 5000);
  ~NodeStore();

  const NodeIdentity& identity() const { return identity_; }
  const WorkCalendar& calendar() const { return calendar_; }
  int schema_version() const;

  // Staff. Passwords are stored as Argon2id hashes (libsodium).
  Result<Session> Login(const std::string& login, const std::string& password);
  Status AddStaff(const Session& by, const std::string& login, const std::string& name, Role role,
                  const std::string& password);
  Result<std::vector<Session>> ListStaff();
  // Removes an account; the removal syncs as a tombstone.
  Status RemoveStaff(const Session& by, const std::string& login);

  // Catalog. An item whose content changed gets a new version; cases keep theirs.
  Result<CatalogImportSummary> ImportCatalog(const Session& by, const Catalog& catalog);
  Result<std::vector<ServiceItem>> ListItems();  // latest version of each
  Result<ServiceItem> GetItem(const std::string& impl_code, std::optional<int> version = {});

  // Cases.
  Result<CaseRecord> Intake(const Session& by, const IntakeRequest& request);
  Result<CaseImportSummary> ImportCases(const Session& by, const std::string& json_text);
  Result<CaseRecord> GetCase(const std::string& case_no);
  Result<std::vector<CaseSummary>> Search(const CaseQuery& query);
  // Moves a case through the state machine. `reason` is required where the
  // rule says so; `delivery` (window, post, door) applies to "deliver".
  Result<CaseRecord> Transition(const Session& by, const std::string& case_no,
                                const std::string& action, const std::string& reason,
                                const std::string& delivery = "window");
  // The processing office hands a case on to another office (e.g. township center to a
  // county department); the old office loses it from its scope, the new one receives it.
  Result<CaseRecord> Reroute(const Session& by, const std::string& case_no,
                             const std::string& office, const std::string& reason);
  // Corrects the applicant's contact phone (a window or office step alike).
  Result<CaseRecord> UpdatePhone(const Session& by, const std::string& case_no,
                                 const std::string& phone);
  // Records materials supplied later (station) or verified (back office).
  Result<CaseRecord> UpdateMaterials(const Session& by, const std::string& case_no,
                                     const std::vector<MaterialInput>& materials);
  // What the applicant still owes, for the one-time notice; also for an item
  // with no case yet (materials in `have` are held).
  Result<std::vector<CaseMaterial>> OutstandingMaterials(const std::string& case_no);

  // Calendar overrides local to this node (closed for a flood, extra workday).
  Status SetCalendarOverride(const Session& by, Date date, bool working, const std::string& reason);

  // Change capture: changes after `after_seq`, in log order, at most `limit`.
  Result<std::vector<sync::Change>> ReadChanges(std::int64_t after_seq, int limit);
  Result<StoreStats> Stats();
  Result<ServiceStats> ServiceFigures(Millis from, Millis to);

  sync::Database& database() { return *db_; }

  // Small key/value settings of this node (hub address, sync cursors).
  Result<std::string> Meta(const std::string& key);  // "" when unset
  Status SetMeta(const std::string& key, const std::string& value);

 private:
  friend class NodeReplica;  // applies pulled changes with the store's clock and log
  NodeStore(std::unique_ptr<sync::Database> db, sync::WallClock& clock);
  Status LoadIdentity();
  Status LoadCalendar();
  Result<ServiceItem> ItemForCase(const std::string& impl_code, int version);
  // Runs `body(hlc, actor)` in one transaction together with its change-log rows.
  Status Write(const Session& by, const std::function<Status(sync::Hlc, std::int64_t)>& body);
  Result<std::string> IntakeLocked(const Session& by, const IntakeRequest& request,
                                   sync::Hlc hlc, std::int64_t actor);
  // The deadline columns that change when `c` (with its new events) is recomputed.
  std::vector<std::pair<std::string_view, nlohmann::json>> DeadlineFields(
      const CaseRecord& c, const ServiceItem& item) const;
  Result<CaseRecord> LoadCase(const std::string& case_no);
  Deadline CaseDeadline(const CaseRecord& c, const ServiceItem& item, Millis now) const;
  std::string ProcessingOfficeFor(const ServiceItem& item) const;

  std::unique_ptr<sync::Database> db_;
  sync::WallClock& wall_;
  sync::HybridClock clock_;
  std::unique_ptr<ChangeLog> log_;
  NodeIdentity identity_;
  WorkCalendar calendar_;
};

}  // namespace tongban::node
