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
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tongban/node/domain/case.h"
#include "tongban/node/domain/catalog.h"
#include "tongban/node/domain/service_modes.h"
#include "tongban/node/domain/staff.h"
#include "tongban/node/domain/work_calendar.h"
#include "tongban/status.h"
#include "tongban/sync/audit_chain.h"
#include "tongban/sync/change.h"
#include "tongban/sync/clock_skew.h"
#include "tongban/sync/hybrid_clock.h"
#include "tongban/sync/page_cipher.h"

namespace tongban::sync {
class Database;
class Statement;
}

namespace tongban::node {

class StationKeys;

class ChangeLog;
class NodeReplica;
class ScanStore;

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
  std::string legacy_no;              // an import's number in the legacy system (on the timeline)
  std::string note;                   // the clerk's remark on the case (备注), at most 500 characters
};

struct CaseQuery {
  std::string case_no;
  std::string id_number;
  std::string name_prefix;
  std::optional<CaseStatus> status;
  // A work queue: cases still open at the office (`office`, or any), green channel
  // first, then the earliest due. Paging by before_id does not apply.
  bool queue = false;
  std::string office;
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
  std::vector<std::string> case_numbers;  // of the cases imported now
  // Rows whose legacy number was imported before: the same row again changes nothing;
  // a row that differs from what was imported is named and left alone.
  struct Earlier {
    std::string legacy_no, case_no;
  };
  std::vector<Earlier> unchanged, differing;
  int without_legacy_no = 0;  // imported, though a second run would import them again
};

// Service figures for a period, as the statistics screens and `tongban stats` show them.
struct ServiceStats {
  Millis from = 0, to = 0;  // [from, to) reception time
  std::int64_t received = 0;
  std::int64_t accepted = 0;     // reached acceptance by the office (or beyond)
  std::int64_t closed = 0;       // handed out (delivered) or archived
  std::int64_t overdue = 0;      // open and past their due time now
  std::int64_t green = 0;
  std::map<std::string, std::int64_t> by_channel;     // window, online, door, post
  std::map<std::string, std::int64_t> by_status;
  std::map<std::string, std::int64_t> by_station;     // receiving station
  std::map<std::string, std::int64_t> by_office;      // processing office
};

// Figures of the service modes, for the statistics screens and `tongban stats`.
struct ModeStats {
  std::map<int, std::int64_t> ratings;  // score 1..5 -> count
  double rating_average = 0;
  std::int64_t rectifications_open = 0;
  std::int64_t appointments = 0, appointments_no_show = 0;
  std::int64_t visits = 0, visits_done = 0;
  std::int64_t shipments_in = 0, shipments_out = 0;
  std::int64_t escalations_open = 0;
  std::int64_t commitments_open = 0, commitments_breached = 0;
};

// What the home screen shows at a glance.
struct TodayOverview {
  std::int64_t queue = 0;           // open cases this node works on
  std::int64_t green = 0;           // of which green channel
  std::int64_t warning = 0;         // timers in warning
  std::int64_t overdue = 0;         // timers overdue
  std::int64_t waiting_handout = 0; // result ready at this station
  std::vector<Appointment> appointments;  // today's, by time
  std::vector<std::pair<std::string, Millis>> commitments_due;  // case_no, due: within 5 workdays
};

struct AppointmentRequest {
  std::string item_code;
  Millis start_at = 0;  // a slot start from AppointmentSlots
  std::string applicant_name;
  std::string applicant_id;
  std::string applicant_phone;
};

struct VisitRequest {
  std::string field_node;  // the field laptop that makes the visit
  std::string item_code;   // optional
  std::string applicant_name;
  std::string applicant_id;  // optional; validated when given
  std::string applicant_phone;
  std::string address;
  Date planned_day;
  std::string purpose;
};

struct ShipmentRequest {
  std::string case_no;
  ShipmentDirection direction = ShipmentDirection::kOut;
  std::string carrier = "中国邮政 EMS";
  std::string waybill;
  std::string address;
};

struct RatingRequest {
  std::string case_no;
  int score = 0;  // 1..5
  std::vector<std::string> indicators;
  std::string comment;
};

// What the timer sweep did (RunTimers).
struct TimerSweep {
  int escalated = 0;  // new escalation records
  int breached = 0;   // commitments that ran out
  int closed = 0;     // escalations closed because their timer was dealt with
  std::vector<std::string> messages;  // one line per action, for the log
};

struct StoreStats {
  std::int64_t cases = 0;
  std::int64_t changes = 0;
  std::int64_t file_bytes = 0;
};

// node_meta key of this node's clock offset against the hub's (sync::FormatClockOffset).
inline constexpr std::string_view kClockOffsetKey = "sync_clock_offset";
// node_meta key of the last change written to a bundle (NodeReplica::DeferHeld keeps it numbered).
inline constexpr std::string_view kBundleExportedKey = "bundle_exported_seq";
// node_meta key of the last audit trail entry the hub took (NodeSync::UploadAudit).
inline constexpr std::string_view kAuditSentKey = "audit_sent_seq";
// node_meta: "1" while this node takes back from the hub what it lost (enrolled again,
// or restored from a backup): pulls include its own records, and intake waits, so no
// case number is issued twice. Cleared when a pull round ends.
inline constexpr const char* kRejoinMeta = "rejoin";
// node_meta: "1" until this node took its own audit trail back from the hub and
// continued its chain after it (NodeStore::RejoinAuditTrail).
inline constexpr const char* kAuditRejoinMeta = "audit_rejoin";
// "1": the hub's data was restored; the next audit upload asks where its copy of this
// node's trail ends before sending (NodeSync::UploadAudit).
inline constexpr const char* kAuditAskHubMeta = "audit_ask_hub";

// What a write enters on the audit trail (sync/audit_chain.h); by default "change"
// with the records the write changed.
struct AuditNote {
  std::string action = "change";
  std::string target;  // empty: the records the write changed
  std::string detail = "{}";
};

class NodeStore {
 public:
  // Creates a new station database with a first admin account.
  static Result<std::unique_ptr<NodeStore>> Create(const std::string& path,
                                                   const NodeIdentity& identity,
                                                   const std::string& admin_login,
                                                   const std::string& admin_password,
                                                   sync::WallClock& clock =
                                                       sync::SystemWallClock::Instance(),
                                                   const sync::DataKey* key = nullptr);
  // Opens an existing database, migrating its schema forward if needed.
  // `busy_timeout_ms`: how long a write waits for another process's lock. `key`: the
  // station's data key when its file is encrypted (sync::SealDatabase).
  static Result<std::unique_ptr<NodeStore>> Open(const std::string& path,
                                                 sync::WallClock& clock =
                                                     sync::SystemWallClock::Instance(),
                                                 int busy_timeout_ms = 5000,
                                                 const sync::DataKey* key = nullptr);
  ~NodeStore();

  const NodeIdentity& identity() const { return identity_; }
  const WorkCalendar& calendar() const { return calendar_; }
  int schema_version() const;

  // Staff. Passwords are stored as Argon2id hashes (libsodium). After five wrong
  // passwords in a row an account waits (30 s, doubling, at most an hour), with the
  // right password too; the right one after the wait, or a reset, ends it.
  Result<Session> Login(const std::string& login, const std::string& password);
  // Login on an encrypted station whose key was opened with the old password of an
  // account whose password changed on another machine (StationKeys::ChangedElsewhere):
  // the new `password` is checked against the synced hash, then wraps the key in place of
  // the old one. A wrong one is refused as changed elsewhere, and counted as Login counts.
  Result<Session> AdoptPassword(const std::string& login, const std::string& password);
  // An admin sets a new password for an account (one that forgot it, or is locked).
  Status ResetPassword(const Session& by, const std::string& login, const std::string& password);
  // The signed-in member changes their own password, given the current one.
  Status ChangePassword(const Session& by, const std::string& current, const std::string& password);
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
  // A document of the case went to a printer: who printed which (receipt, notice,
  // non-acceptance) on which printer enters the case's timeline (action "print").
  Result<CaseRecord> RecordPrint(const Session& by, const std::string& case_no,
                                 const std::string& document, const std::string& printer);
  // The applicant's full ID number, shown at a member's request; the audit trail records
  // who saw it (masked is the default everywhere else).
  Result<std::string> RevealApplicantId(const Session& by, const std::string& case_no);
  // Enters an export of personal data on the audit trail (action "export"), before the
  // file is written: what it is ("scan", "bundle"), which one, and the file's name
  // (not its folder).
  // A consistent copy of the station at `out` while it runs (station_backup.h): an admin
  // only, on the audit trail; sealed with the station's key, with its key file beside.
  Status BackupTo(const Session& by, const std::string& out);
  Status RecordExport(const Session& by, const std::string& what, const std::string& target,
                      const std::string& file);
  // The audit trail (sync/audit_chain.h): entries after `after_seq`, at most `limit`;
  // and where this node's chain breaks (nullopt: it holds).
  Result<std::vector<sync::AuditEntry>> AuditEntries(std::int64_t after_seq, int limit);
  Result<std::optional<std::int64_t>> VerifyAudit();
  Result<std::int64_t> LastAuditSeq();  // 0 when the trail is empty
  // After a new enrollment: `held` is what the hub holds of this node's trail after
  // `sent` (what this database knows the hub took). Entries the hub holds replace what
  // is here from `sent` on; those only here (written since a restore) follow them,
  // chained anew, with their times, users, actions and data as they were. The mark of
  // what was sent moves past the hub's entries and kAuditRejoinMeta is cleared, in one
  // commit. Refused when the hub's entries do not continue this chain.
  Status RejoinAuditTrail(std::int64_t sent, const std::vector<sync::AuditEntry>& held);
  // Records materials supplied later (station) or verified (back office).
  Result<CaseRecord> UpdateMaterials(const Session& by, const std::string& case_no,
                                     const std::vector<MaterialInput>& materials);
  // What the applicant still owes, for the one-time notice; also for an item
  // with no case yet (materials in `have` are held).
  Result<std::vector<CaseMaterial>> OutstandingMaterials(const std::string& case_no);

  // Calendar overrides local to this node (closed for a flood, extra workday).
  // Open deadlines are recomputed and the recomputation logged on each case.
  Status SetCalendarOverride(const Session& by, Date date, bool working, const std::string& reason);
  // Recomputes the due times of open cases and commitments from the current calendar,
  // in one transaction; returns how many changed. Runs by itself, in the pull's own
  // transaction, when the hub publishes a calendar.
  Result<int> RecomputeDeadlines(const Session& by, const std::string& why);

  // Appointments (预约办). Slots come from the station's rules minus bookings.
  Result<std::vector<AppointmentRule>> AppointmentRules();
  Status SetAppointmentRules(const Session& by, const std::vector<AppointmentRule>& rules);
  Result<std::vector<AppointmentSlot>> AppointmentSlots(const std::string& item_code, Date day);
  Result<Appointment> BookAppointment(const Session& by, const AppointmentRequest& request);
  Result<std::vector<Appointment>> ListAppointments(Date from, Date to);  // [from, to]
  Result<Appointment> CheckInAppointment(const Session& by, const std::string& ref);
  Result<Appointment> CancelAppointment(const Session& by, const std::string& ref,
                                        const std::string& reason);
  // Marks booked appointments whose slot ended before `now` as no-shows; returns how many.
  Result<int> MarkNoShows(const Session& by);
  // Receives the case the appointment was for (the request's applicant must match).
  Result<CaseRecord> ConvertAppointment(const Session& by, const std::string& ref,
                                        IntakeRequest request);

  // Door visits (上门办). Planned anywhere for a field node; recorded on that node.
  Result<Visit> PlanVisit(const Session& by, const VisitRequest& request);
  Result<std::vector<Visit>> ListVisits(std::optional<VisitState> state = {});
  // Outcome of a visit: visited (optionally with `case_no` received at the door), failed, cancelled.
  Result<Visit> RecordVisit(const Session& by, const std::string& ref, VisitState outcome,
                            const std::string& note, const std::string& case_no = "");

  // Post (邮递办): shipments of a case and their tracking events.
  Result<Shipment> CreateShipment(const Session& by, const ShipmentRequest& request);
  Result<Shipment> TrackShipment(const Session& by, const std::string& ref, ShipmentState state,
                                 const std::string& place, const std::string& note);
  Result<std::vector<Shipment>> ListShipments(const std::string& case_no = "");

  // Ratings (好差评). A score of 2 or less opens a rectification (15 working days).
  Result<Rating> RateCase(const Session& by, const RatingRequest& request);
  Result<std::vector<Rating>> RatingsOf(const std::string& case_no);
  // The office records how a bad rating was put right.
  Result<CaseRecord> CloseRectification(const Session& by, const std::string& case_no,
                                        const std::string& note);

  // Timers: moves commitments past due to breached and writes escalation records for
  // every overdue timer this node answers for. Idempotent; run on a schedule and before sync.
  Result<TimerSweep> RunTimers(const Session& by);
  Result<std::vector<Escalation>> ListEscalations(bool open_only = true);

  // Change capture: changes after `after_seq`, in log order, at most `limit`.
  Result<std::vector<sync::Change>> ReadChanges(std::int64_t after_seq, int limit);
  Result<StoreStats> Stats();
  Result<ServiceStats> ServiceFigures(Millis from, Millis to);
  Result<ModeStats> ModeFigures(Millis from, Millis to);
  Result<TodayOverview> Today();

  sync::Database& database() { return *db_; }
  // Test seam: runs just before each write transaction begins, where another
  // connection's pull may land between what a clerk saw and the write.
  void SetBeforeWriteForTest(std::function<void()> hook) { before_write_ = std::move(hook); }
  // The time this store stamps, numbers and dates with: the wall clock it was opened
  // with, corrected by the offset last heard from the hub (sync/clock_skew.h).
  sync::WallClock& wall_clock() { return wall_; }
  // The wall clock as the PC tells it (a test may drive it by hand).
  sync::WallClock& raw_wall_clock() { return corrected_.raw(); }
  // Now, by the corrected clock: what "today" and "overdue" are judged by on this node.
  Millis NowMillis() const { return wall_.NowMillis(); }

  // Small key/value settings of this node (hub address, sync cursors).
  Result<std::string> Meta(const std::string& key);  // "" when unset
  Status SetMeta(const std::string& key, const std::string& value);

 public:
  // On an encrypted station: a fresh escrow code wrapping the data key in the key file
  // (in place of the last), for NodeSync to seal to the county's escrow key. Nullopt on
  // a plain station.
  Result<std::optional<std::string>> NewEscrowCode();

 private:
  Result<LoginFailures> ReadLoginFailures(const std::string& login);
  Status WriteLoginFailures(const std::string& login, const LoginFailures& f);
  static Result<std::string> HashPassword(const std::string& password);
  Result<sync::RowId> StaffUid(const std::string& login);
  Status SetPassword(const Session& by, const std::string& login, const std::string& password);
  friend class NodeReplica;  // applies pulled changes with the store's clock and log
  friend class ScanStore;    // attaches scans with the store's clock and log
  NodeStore(std::unique_ptr<sync::Database> db, sync::WallClock& clock);
  Status LoadIdentity();
  Status LoadCalendar();
  Result<ServiceItem> ItemForCase(const std::string& impl_code, int version);
  // One clock per database: inside a write transaction, takes the clock as the file
  // holds it (the newest stamp issued or observed by any connection or process, and the
  // offset to the hub's time), so every writer of one file issues increasing stamps.
  // A clock set back by re-stamping (NodeReplica::RestampUnsent) is followed the same way.
  Status LoadClock();
  // Reads the clock offset another connection may have stored (inside a transaction).
  Status LoadClockOffset();
  // Takes the offset as stored in node_meta ("" when none was measured yet).
  Status SetClockOffset(const std::string& stored);
  // Reads the calendar the first time and again when another connection has committed
  // since (a calendar the hub published, pulled by the CLI while the desk runs).
  Status FollowOtherWriters();
  // Runs `body(hlc, actor)` in one transaction together with its change-log rows.
  Status Write(const Session& by, const std::function<Status(sync::Hlc, std::int64_t)>& body,
               AuditNote note = {});
  // Appends to the audit trail inside the caller's transaction.
  Status AppendAudit(const Session& by, const AuditNote& note);
  // Writes one entry, hashed and linked already, inside the caller's transaction.
  Status InsertAudit(const sync::AuditEntry& e);
  Result<std::string> IntakeLocked(const Session& by, const IntakeRequest& request,
                                   sync::Hlc hlc, std::int64_t actor);
  // The deadline columns that change when `c` (with its new events) is recomputed.
  std::vector<std::pair<std::string_view, nlohmann::json>> DeadlineFields(
      const CaseRecord& c, const ServiceItem& item) const;
  Result<CaseRecord> LoadCase(const std::string& case_no);
  Deadline CaseDeadline(const CaseRecord& c, const ServiceItem& item, Millis now) const;
  std::string ProcessingOfficeFor(const ServiceItem& item) const;
  // Appends a timeline event to case `c` (inside Write), its status unchanged.
  // RecomputeDeadlines inside the caller's write transaction (a pull, an override), so
  // the recomputation commits with what caused it.
  Result<int> RecomputeDeadlinesIn(const Session& by, const std::string& why, sync::Hlc hlc,
                                   std::int64_t actor);
  Status LogCaseEvent(const CaseRecord& c, const Session& by, std::string_view action,
                      const std::string& detail, sync::Hlc hlc, std::int64_t actor);
  Result<std::string> CaseNumberOf(const std::optional<sync::RowId>& case_uid);
  Result<Appointment> LoadAppointment(const sync::RowId& uid);
  Status ReadAppointmentRow(const sync::Statement& st, std::vector<Appointment>& out);
  Result<Appointment> MoveAppointment(const Session& by, const std::string& ref,
                                      std::initializer_list<AppointmentState> from,
                                      AppointmentState to, const std::string& note);
  Result<Visit> LoadVisit(const sync::RowId& uid);
  Status QueryVisits(const std::string& where, const sync::RowId* uid, std::vector<Visit>& out);
  Result<Shipment> FindShipment(const sync::RowId& uid);

  // Runs `edit` on the station's key file when this station is encrypted (a password
  // set or a login removed here: the key file follows).
  Status EditKeys(const std::function<Status(StationKeys&)>& edit);

  std::unique_ptr<sync::Database> db_;
  // The data key of an encrypted station: a password set here is wrapped with it in
  // the station's key file (station_keys.h).
  std::optional<sync::DataKey> key_;
  std::function<void()> before_write_;
  sync::CorrectedWallClock corrected_;  // the wall clock less the offset from the hub's
  sync::WallClock& wall_;               // corrected_: what everything stamps and dates with
  sync::HybridClock clock_;
  std::unique_ptr<ChangeLog> log_;
  NodeIdentity identity_;
  WorkCalendar calendar_;
  std::int64_t data_version_ = -1;  // PRAGMA data_version when the calendar was read
};

}  // namespace tongban::node
