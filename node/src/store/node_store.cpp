#include "tongban/node/store/node_store.h"
#include "tongban/node/store/station_keys.h"

#include <sodium.h>

#include <algorithm>
#include <limits>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "change_log.h"
#include "schema.h"
#include "store_util.h"
#include "tongban/node/domain/event_detail.h"
#include "tongban/sync/durable_file.h"
#include "tongban/sync/sqlite.h"

namespace tongban::node {
namespace {

using nlohmann::json;
using sync::Hlc;
using sync::RowId;

constexpr std::size_t kMaxNameBytes = 200;
constexpr std::size_t kMaxNoteChars = 500;  // a remark: a few lines
constexpr std::size_t kMaxReasonBytes = 2000;
constexpr int kMaxSearchLimit = 1000;

// The station: creating and opening it.
constexpr MessageDef kBadStationCode{"store.bad_station_code",
                                     "station code '{0}' must be 2-32 letters, digits or dashes"};
constexpr MessageDef kStationName{"store.station_name",
                                  "station name must be given (at most 200 bytes)"};
constexpr MessageDef kSealedNeedsKey{"store.sealed_needs_key",
                                     "{0} is encrypted: it opens only when someone signs in"};
constexpr MessageDef kAuditRejoinBroken{
    "store.audit_rejoin_broken",
    "the hub's copy of this station's audit trail does not continue it at entry {0}; the "
    "trail here was left as it was"};
constexpr MessageDef kAuditRejoinLocalBroken{
    "store.audit_rejoin_local_broken",
    "this station's audit trail breaks at its entry {0}; it was not continued after the hub's "
    "copy ({1} names the break)"};
constexpr MessageDef kBadTownship{"store.bad_township", "township code '{0}' is not valid"};
constexpr MessageDef kDatabaseExists{"store.database_exists",
                                     "database {0} exists already; choose a new file name"};
constexpr MessageDef kNoDatabase{"store.no_database",
                                 "no station database at {0}; create one with '{1}'"};
constexpr MessageDef kCtxOpen{"store.ctx_open", "open {0}"};
constexpr MessageDef kNotStationDatabase{"store.not_station_database",
                                         "{0} is not a Tongban station database (create one "
                                         "with '{1}')"};
constexpr MessageDef kNoIdentity{"store.no_identity", "database has no station identity"};
constexpr MessageDef kDamagedNodeKind{"store.damaged_node_kind", "this node's kind is damaged"};
constexpr MessageDef kDamagedCalendar{"store.damaged_calendar",
                                      "published calendar '{0}' is damaged"};
constexpr MessageDef kCtxCalendarOverride{"store.ctx_calendar_override", "calendar override"};
constexpr MessageDef kClockOffsetUnreadable{"store.clock_offset_unreadable",
                                            "node_meta {0} is unreadable: {1}"};
constexpr MessageDef kClockUnreadable{"store.clock_unreadable",
                                      "node_meta hlc_last is unreadable: {0}"};
constexpr char kInitCommand[] = "tongban init";

// Staff accounts.
constexpr MessageDef kWrongLogin{"store.wrong_login", "wrong login or password"};
constexpr MessageDef kAccountDisabled{"store.account_disabled",
                                      "account '{0}' is disabled; ask an admin"};
constexpr MessageDef kDamagedStaff{"store.damaged_staff", "staff account {0} is damaged"};
constexpr MessageDef kResetPasswordDenied{"store.reset_password_denied",
                                          "only an admin may reset another account's password"};
constexpr MessageDef kHashOutOfMemory{"store.hash_out_of_memory",
                                      "not enough memory to protect the password; close other "
                                      "programs and try again"};
constexpr MessageDef kWrongOldPassword{"store.wrong_old_password", "the current password is wrong"};
constexpr MessageDef kAddStaffDenied{"store.add_staff_denied",
                                     "only an admin may add staff accounts"};
constexpr MessageDef kBadLogin{"store.bad_login",
                               "login '{0}' must be 1-32 lowercase letters, digits, '.', '_' "
                               "or '-'"};
constexpr MessageDef kStaffName{"store.staff_name",
                                "staff name must be given (at most 200 bytes)"};
constexpr MessageDef kShortPassword{"store.short_password",
                                    "password must have at least 8 characters"};
constexpr MessageDef kStaffExists{"store.staff_exists", "a staff account '{0}' exists already"};
constexpr MessageDef kRemoveStaffDenied{"store.remove_staff_denied",
                                        "only an admin may remove staff accounts"};
constexpr MessageDef kRemoveSelf{"store.remove_self", "an admin cannot remove their own account"};
constexpr MessageDef kNoStaff{"store.no_staff", "no staff account '{0}'"};

// The catalog.
constexpr MessageDef kImportCatalogDenied{"store.import_catalog_denied",
                                          "only an admin may import the catalog"};
constexpr MessageDef kCtxCatalogImport{"store.ctx_catalog_import", "catalog import"};
constexpr MessageDef kDamagedSomeItem{"store.damaged_some_item",
                                      "a catalog item of this station is damaged"};
constexpr MessageDef kDamagedItem{"store.damaged_item",
                                  "catalog item '{0}' of this station is damaged"};
constexpr MessageDef kNoItem{"store.no_item", "service item '{0}' is not in this station's catalog"};
constexpr MessageDef kNoItemVersion{"store.no_item_version",
                                    "service item '{0}' version {1} is not in this station's "
                                    "catalog"};

// Intake.
constexpr MessageDef kNoApplicantName{"store.no_applicant_name", "applicant name is missing"};
constexpr MessageDef kLongApplicantName{"store.long_applicant_name", "applicant name is too long"};
constexpr MessageDef kLongNote{"store.long_note", "the remark is longer than {0} characters"};
constexpr MessageDef kNoteNotText{"store.note_not_text", "the remark is not UTF-8 text"};
constexpr MessageDef kNoProxy{"store.no_proxy",
                              "item '{0}' must be handled by the applicant in person; no proxy "
                              "(代办)"};
constexpr MessageDef kNoAgentName{"store.no_agent_name", "agent name is missing"};
constexpr MessageDef kCtxAgent{"store.ctx_agent", "agent"};
constexpr MessageDef kNoAuthorization{"store.no_authorization",
                                      "a proxy needs the reference of the signed authorization "
                                      "(授权委托书)"};
constexpr MessageDef kNoScope{"store.no_scope",
                              "the authorization must say what it covers (its scope, 委托事项)"};
constexpr MessageDef kAuthorizationExpired{"store.authorization_expired",
                                           "the agent's authorization expired on {0}"};
constexpr MessageDef kNoPost{"store.no_post", "item '{0}' cannot be applied for by post"};
constexpr MessageDef kNoDoorVisit{"store.no_door_visit",
                                  "item '{0}' is not offered as a door visit"};
constexpr MessageDef kGreenReason{"store.green_reason",
                                  "the green channel needs a reason (elderly, disabled, soldier, "
                                  "pregnant, enterprise start-up, major project…)"};
constexpr MessageDef kUnlistedMaterial{"store.unlisted_material",
                                       "material '{0}' is not in the list of '{1}' ({2})"};
constexpr MessageDef kNotTolerable{"store.not_tolerable",
                                   "{0} ({1}) cannot be missing under 容缺受理 for this item"};
constexpr MessageDef kNoCommitment{"store.no_commitment",
                                   "{0} ({1}) cannot be replaced by a written commitment"};
constexpr MessageDef kMissingMaterial{"store.missing_material",
                                      "required material {0} ({1}) is missing; print the "
                                      "one-time notice (一次性告知) instead"};
constexpr MessageDef kIntakeMaterialState{"store.intake_material_state",
                                          "{0} ({1}): at intake a material is received, "
                                          "tolerated, committed or absent"};
constexpr MessageDef kFutureIntake{"store.future_intake",
                                   "a case cannot be received in the future ({0})"};
// {0}: the command that syncs, {1}: the one a central admin enrolls it again with.
constexpr MessageDef kRejoinFirst{"store.rejoin_first",
                                  "this station is taking back from the hub what it lost "
                                  "(restored from a backup, or enrolled again): so that no case "
                                  "number is issued twice it receives no case until a sync has "
                                  "ended ({0}); if the hub refuses it, a central admin enrolls "
                                  "it again ({1})"};
constexpr MessageDef kIntakeDenied{"store.intake_denied",
                                   "only station clerks and field staff receive cases (you are "
                                   "{0:role})"};

// Cases as stored.
constexpr MessageDef kNoCase{"store.no_case", "no case numbered '{0}' on this station"};
constexpr MessageDef kCtxCase{"store.ctx_case", "case {0}"};
constexpr MessageDef kDamagedCase{"store.damaged_case", "case {0} is damaged"};
constexpr MessageDef kItemCodeNotText{"store.item_code_not_text", "its item code is not text"};
constexpr MessageDef kStationNotText{"store.station_not_text",
                                     "its receiving station is not text"};
constexpr MessageDef kOfficeNotText{"store.office_not_text", "its processing office is not text"};
constexpr MessageDef kDamagedMaterial{"store.damaged_material",
                                      "a material of case {0} is damaged"};
constexpr MessageDef kCtxCommitment{"store.ctx_commitment", "a commitment of case {0}"};
constexpr MessageDef kCtxEvent{"store.ctx_event", "an event of case {0}"};

// Case moves.
constexpr MessageDef kLongReason{"store.long_reason", "reason is too long"};
constexpr MessageDef kAdminNoMoves{"store.admin_no_moves",
                                   "admins manage the node and make no case moves; log in as a "
                                   "clerk or a processor"};
constexpr MessageDef kBadDelivery{"store.bad_delivery", "delivery must be window, post or door"};
constexpr MessageDef kNotProcessingOffice{"store.not_processing_office",
                                          "only the processing office {0} may act on case {1} as "
                                          "back office; this node is {2}"};
constexpr MessageDef kNotReceivingStation{"store.not_receiving_station",
                                          "case {0} was received at {1}; only that station "
                                          "handles its window steps"};
constexpr MessageDef kCtxItemVersion{"store.ctx_item_version",
                                     "the item version this case was received under is missing"};
constexpr MessageDef kRerouteDenied{"store.reroute_denied",
                                    "only a processor of the processing office may hand a case on"};
constexpr MessageDef kBadOffice{"store.bad_office", "office code '{0}' is not valid"};
constexpr MessageDef kRerouteReason{"store.reroute_reason", "handing a case on needs a reason"};
constexpr MessageDef kRerouteNotOffice{"store.reroute_not_office",
                                       "only the processing office {0} may hand case {1} on"};
constexpr MessageDef kAlreadyWith{"store.already_with", "the case is already with {0}"};
constexpr MessageDef kRerouteStatus{"store.reroute_status",
                                    "case {0} is {1:status}: only a case the office has still to "
                                    "decide can be handed on"};
constexpr MessageDef kAdminNoChanges{"store.admin_no_changes", "admins make no case changes"};
constexpr MessageDef kBadDocument{"store.bad_document",
                                  "'{0}' is not a printed document (receipt, notice, non-acceptance)"};
constexpr MessageDef kAdminNoMaterialMoves{"store.admin_no_material_moves",
                                           "admins make no case moves"};
constexpr MessageDef kNotCaseMaterial{"store.not_case_material",
                                      "material '{0}' is not part of case {1}"};
constexpr MessageDef kMaterialMove{"store.material_move",
                                   "material {0} cannot go from {1:material_state} to "
                                   "{2:material_state} by the {3:actor} (the "
                                   "station records supplied, the back office verifies)"};

// The calendar.
constexpr MessageDef kCalendarDenied{"store.calendar_denied",
                                     "only an admin may change the calendar"};
constexpr MessageDef kOverrideReason{"store.override_reason",
                                     "a calendar override needs a reason"};

bool ValidLogin(std::string_view login) {
  if (login.empty() || login.size() > 32) return false;
  return std::all_of(login.begin(), login.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

json AgentJson(const Agent& a) {
  json j{{"name", a.name},
         {"id_number", a.id_number},
         {"phone", a.phone},
         {"authorization", a.authorization},
         {"scope", a.scope}};
  if (a.expires) j["expires"] = FormatDate(*a.expires);
  return j;
}

Agent AgentFromJson(const json& j) {
  Agent a;
  a.name = j.value("name", "");
  a.id_number = j.value("id_number", "");
  a.phone = j.value("phone", "");
  a.authorization = j.value("authorization", "");
  a.scope = j.value("scope", "");
  if (j.contains("expires"))
    if (auto d = ParseDate(j["expires"].get<std::string>()); d.ok()) a.expires = *d;
  return a;
}

// The statuses during which the promised-limit clock stands still.
bool PausesClock(const std::string& status, const ServiceItem& item) {
  return status == CaseStatusName(CaseStatus::kSpecialProcedure) ||
         (item.supplement_pauses_clock &&
          status == CaseStatusName(CaseStatus::kSupplementRequested));
}

std::vector<Pause> PausesFromTimeline(const std::vector<CaseEvent>& events,
                                      const ServiceItem& item) {
  std::vector<Pause> pauses;
  for (const auto& e : events) {
    const bool was = PausesClock(e.from_status, item);
    const bool now = PausesClock(e.to_status, item);
    if (!was && now) pauses.push_back(Pause{e.at, std::nullopt});
    if (was && !now && !pauses.empty() && !pauses.back().end) pauses.back().end = e.at;
  }
  return pauses;
}

}  // namespace

NodeStore::NodeStore(std::unique_ptr<sync::Database> db, sync::WallClock& clock)
    : db_(std::move(db)), corrected_(clock), wall_(corrected_), clock_(corrected_) {}

NodeStore::~NodeStore() = default;

static Status Configure(sync::Database& db, bool sealed) {
  TB_RETURN_IF_ERROR(db.Exec("PRAGMA journal_mode = WAL"));
  // FULL: a commit is on disk before it returns, so an acknowledged case survives power loss.
  TB_RETURN_IF_ERROR(db.Exec("PRAGMA synchronous = FULL"));
  TB_RETURN_IF_ERROR(db.Exec("PRAGMA foreign_keys = ON"));
  // Checkpoints are rare (40 MB of WAL) so a clerk seldom waits for one; the
  // last connection to close checkpoints too.
  TB_RETURN_IF_ERROR(db.Exec("PRAGMA wal_autocheckpoint = 10000"));
  // An encrypted station's OS cache holds only sealed pages, and each page read from it
  // is decrypted again (~19 us with SM4): its decrypted pages stay in SQLite's cache
  // instead, up to 256 MiB, taken only as pages are read.
  return db.Exec(sealed ? "PRAGMA cache_size = -262144" : "PRAGMA cache_size = -16000");
}

Result<std::unique_ptr<NodeStore>> NodeStore::Create(const std::string& path,
                                                     const NodeIdentity& identity,
                                                     const std::string& admin_login,
                                                     const std::string& admin_password,
                                                     sync::WallClock& clock,
                                                     const sync::DataKey* key) {
  if (!ValidCode(identity.code))
    return InvalidArgument(kBadStationCode, {identity.code});
  if (identity.name.empty() || identity.name.size() > kMaxNameBytes)
    return InvalidArgument(kStationName);
  if (!identity.township.empty() && !ValidCode(identity.township))
    return InvalidArgument(kBadTownship, {identity.township});
  std::error_code ec;
  if (std::filesystem::exists(path, ec))
    return Status(ErrorCode::kAlreadyExists, kDatabaseExists, {path});
  // A station file exists only whole: it is built under a part name, checkpointed and
  // renamed into place, so a power cut during init never leaves a half-made station
  // that init ("exists already") and Open ("not a station database") both refuse.
  const std::string part = path + ".part";
  const auto remove_part = [&] {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(part + suffix, ec);
  };
  remove_part();  // what an init the power cut short left behind
  const auto build = [&]() -> Status {
    TB_ASSIGN_OR_RETURN(auto db, sync::Database::Open(part, {.key = key}));
    TB_RETURN_IF_ERROR(Configure(*db, key != nullptr));
    TB_RETURN_IF_ERROR(MigrateSchema(*db));
    std::unique_ptr<NodeStore> store(new NodeStore(std::move(db), clock));
    {
      TB_ASSIGN_OR_RETURN(auto tx, sync::Transaction::Begin(*store->db_));
      TB_ASSIGN_OR_RETURN(auto* st, store->db_->Prepare(
                                        "INSERT INTO node_meta (key, value) VALUES (?1, ?2)"));
      const std::pair<const char*, std::string> meta[] = {
          {"code", identity.code},
          {"name", identity.name},
          {"kind", std::string(NodeKindName(identity.kind))},
          {"township", identity.township.empty() && identity.kind == NodeKind::kTownship
                           ? identity.code
                           : identity.township}};
      for (const auto& [k, v] : meta) {
        st->Bind(1, k).Bind(2, v);
        TB_RETURN_IF_ERROR(st->Run());
        st->Reset();
      }
      TB_RETURN_IF_ERROR(tx->Commit());
    }
    TB_RETURN_IF_ERROR(store->LoadIdentity());
    // The clock resumes after everything issued or observed; the calendar is read with it.
    TB_RETURN_IF_ERROR(store->LoadClock());
    store->log_ = std::make_unique<ChangeLog>(*store->db_, store->identity_.code);
    const Session system{"system", "system", Role::kAdmin};
    TB_RETURN_IF_ERROR(store->AddStaff(system, admin_login, "站点管理员", Role::kAdmin,
                                       admin_password));
    // Everything into the database file (synced), so the rename carries it all.
    return store->db_->Exec("PRAGMA wal_checkpoint(TRUNCATE)");
  };
  if (Status built = build(); !built.ok()) {
    remove_part();
    return built;
  }
  if (Status moved = sync::RenameDurably(part, path); !moved.ok()) {
    remove_part();
    return moved;
  }
  return Open(path, clock, 5000, key);
}

Result<std::unique_ptr<NodeStore>> NodeStore::Open(const std::string& path,
                                                   sync::WallClock& clock,
                                                   int busy_timeout_ms,
                                                   const sync::DataKey* key) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    return NotFound(kNoDatabase, {path, kInitCommand});
  // Without its key an encrypted file reads as noise; say what it is instead.
  if (!key && IsSealedStation(path)) return PermissionDenied(kSealedNeedsKey, {path});
  TB_ASSIGN_OR_RETURN(auto db, sync::Database::Open(
                                   path, {.create = false, .busy_timeout_ms = busy_timeout_ms, .key = key}));
  TB_RETURN_IF_ERROR(Configure(*db, key != nullptr).WithContext(kCtxOpen, {path}));
  {
    TB_ASSIGN_OR_RETURN(auto* st, db->Prepare("PRAGMA user_version"));
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row || st->Int(0) == 0)
      return Corruption(kNotStationDatabase, {path, kInitCommand});
    st->Reset();
  }
  TB_RETURN_IF_ERROR(MigrateSchema(*db));
  std::unique_ptr<NodeStore> store(new NodeStore(std::move(db), clock));
  if (key) store->key_ = *key;
  TB_RETURN_IF_ERROR(store->LoadIdentity());
  // The clock resumes after everything issued or observed; the calendar is read with it.
  TB_RETURN_IF_ERROR(store->LoadClock());
  store->log_ = std::make_unique<ChangeLog>(*store->db_, store->identity_.code);
  return store;
}

Status NodeStore::EditKeys(const std::function<Status(StationKeys&)>& edit) {
  // A station being made (its file under a part name) has no key file yet: the maker
  // writes it with the first admin's wrap.
  if (!key_ || !IsSealedStation(db_->path())) return Status::Ok();
  return StationKeys::Edit(db_->path(), edit);
}

Result<std::optional<std::string>> NodeStore::NewEscrowCode() {
  if (!key_ || !IsSealedStation(db_->path())) return std::optional<std::string>();
  std::optional<std::string> code;
  TB_RETURN_IF_ERROR(EditKeys([&](StationKeys& keys) -> Status {
    TB_ASSIGN_OR_RETURN(code, keys.NewEscrowCode(*key_));
    return Status::Ok();
  }));
  return code;
}

int NodeStore::schema_version() const { return kSchemaVersion; }

Status NodeStore::LoadIdentity() {
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("SELECT key, value FROM node_meta"));
  std::map<std::string, std::string> meta;
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    meta[st->Text(0)] = st->Text(1);
  }
  if (!meta.contains("code")) return Corruption(kNoIdentity);
  identity_.code = meta["code"];
  identity_.name = meta["name"];
  identity_.township = meta["township"];
  TB_ASSIGN_OR_RETURN(identity_.kind, Stored(ParseNodeKind(meta["kind"]), kDamagedNodeKind, {}));
  return Status::Ok();
}

Status NodeStore::LoadCalendar() {
  WorkCalendar cal = WorkCalendar::Builtin();  // kept only once read whole
  // Calendars the hub published for every node or for this one, oldest first; then
  // this node's own overrides.
  TB_ASSIGN_OR_RETURN(auto* pub, db_->Prepare("SELECT name, applies_to, body FROM calendars "
                                              "ORDER BY published_at, id"));
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, pub->Step());
    if (!row) break;
    const auto targets = SplitCodes(pub->Text(1));
    if (!targets.empty() &&
        std::find(targets.begin(), targets.end(), identity_.code) == targets.end() &&
        std::find(targets.begin(), targets.end(), identity_.township) == targets.end())
      continue;
    auto published = Stored(WorkCalendar::FromJson(pub->Text(2)), kDamagedCalendar, {pub->Text(0)});
    if (!published.ok()) {
      pub->Reset();
      return published.status();
    }
    cal.Merge(*published);
  }
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("SELECT date, working, reason FROM calendar_overrides"));
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    auto d = ParseDate(st->Text(0));
    if (!d.ok()) {
      st->Reset();
      return d.status().WithContext(kCtxCalendarOverride);
    }
    cal.SetOverride(*d, st->Int(1) != 0, st->Text(2));
  }
  calendar_ = std::move(cal);
  return Status::Ok();
}

Status NodeStore::FollowOtherWriters() {
  // PRAGMA data_version moves when another connection or process commits to the file:
  // only then can a calendar have arrived (a sync by the CLI while the desk runs).
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("PRAGMA data_version"));
  TB_ASSIGN_OR_RETURN(bool row, st->Step());
  const std::int64_t version = row ? st->Int(0) : 0;
  st->Reset();
  if (version == data_version_) return Status::Ok();
  TB_RETURN_IF_ERROR(LoadCalendar());
  data_version_ = version;
  return Status::Ok();
}

Status NodeStore::SetClockOffset(const std::string& stored) {
  if (stored.empty()) return Status::Ok();
  auto offset = sync::ParseClockOffset(stored);
  if (!offset)
    return Corruption(kClockOffsetUnreadable, {std::string(kClockOffsetKey), stored});
  corrected_.SetOffset(*offset);
  return Status::Ok();
}

Status NodeStore::LoadClockOffset() {
  TB_ASSIGN_OR_RETURN(std::string stored, Meta(std::string(kClockOffsetKey)));
  return SetClockOffset(stored);
}

Status NodeStore::LoadClock() {
  // The newest change carries the newest stamp issued, hlc_last the newest observed (and,
  // after a held change moved back, the newest issued): the later of the two. One read
  // for them and the offset to the hub's time: it runs inside every write.
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                    "SELECT (SELECT hlc FROM change_log ORDER BY seq DESC LIMIT "
                                    "1), (SELECT value FROM node_meta WHERE key = 'hlc_last'), "
                                    "(SELECT value FROM node_meta WHERE key = ?1)"));
  st->Bind(1, std::string(kClockOffsetKey));
  TB_ASSIGN_OR_RETURN(bool row, st->Step());
  const Hlc last_change = row && !st->IsNull(0) ? static_cast<Hlc>(st->Int(0)) : 0;
  const std::string observed = row && !st->IsNull(1) ? st->Text(1) : "";
  const std::string offset = row && !st->IsNull(2) ? st->Text(2) : "";
  st->Reset();
  Hlc newest = last_change;
  if (!observed.empty()) {
    const auto parsed = ParseStoredNumber<Hlc>(observed);
    if (!parsed) return Corruption(kClockUnreadable, {observed});
    newest = std::max(newest, *parsed);
  }
  // Exactly the file's clock: a stamp this connection issued in a transaction that rolled
  // back was never used, and one another connection re-stamped away must not come back.
  clock_.Rebase(newest);
  TB_RETURN_IF_ERROR(SetClockOffset(offset));
  return FollowOtherWriters();
}

Status NodeStore::Write(const Session& by,
                        const std::function<Status(Hlc, std::int64_t)>& body, AuditNote note) {
  if (before_write_) {
    const auto hook = before_write_;  // the hook may replace itself
    hook();
  }
  // Every mutation loads what it decides on inside `body`, after BEGIN IMMEDIATE: no
  // other connection can commit between the decision and the write.
  TB_ASSIGN_OR_RETURN(auto tx, sync::Transaction::Begin(*db_));
  TB_ASSIGN_OR_RETURN(std::int64_t actor, log_->ActorId(identity_.code, by.login));
  TB_RETURN_IF_ERROR(LoadClock());
  const Hlc hlc = clock_.Now();
  log_->StartTracking();
  TB_RETURN_IF_ERROR(body(hlc, actor));
  if (note.target.empty()) {
    // The records this write changed, in the order written; a bulk write (an import)
    // names the first ones and the change-log range of all, so an entry stays small
    // enough to send.
    const ChangeLog::Touched& t = log_->touched();
    for (const auto& named : t.named) note.target += (note.target.empty() ? "" : " ") + named;
    if (t.records > static_cast<std::int64_t>(t.named.size())) {
      note.target += " +" + std::to_string(t.records - static_cast<std::int64_t>(t.named.size()));
      nlohmann::json detail{{"records", t.records}};
      if (t.first_seq > 0) detail["changes"] = {t.first_seq, t.last_seq};
      note.detail = detail.dump();
    }
  }
  if (!note.target.empty()) TB_RETURN_IF_ERROR(AppendAudit(by, note));
  // No clock write here: the newest change-log row carries the newest local HLC.
  return tx->Commit();
}

Status NodeStore::AppendAudit(const Session& by, const AuditNote& note) {
  std::optional<sync::AuditEntry> last;
  {
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("SELECT seq, hash FROM audit_log "
                                               "ORDER BY seq DESC LIMIT 1"));
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    if (row) last = sync::AuditEntry{.seq = st->Int(0), .hash = st->Text(1)};
    st->Reset();
  }
  sync::AuditEntry e{.at_ms = wall_.NowMillis(), .node = identity_.code, .user = by.login,
                     .action = note.action, .target = note.target, .detail = note.detail};
  return InsertAudit(sync::NextAuditEntry(last, std::move(e)));
}

Status NodeStore::InsertAudit(const sync::AuditEntry& e) {
  TB_ASSIGN_OR_RETURN(auto* ins, db_->Prepare(
                                     "INSERT INTO audit_log (seq, at_ms, node, user, action, "
                                     "target, detail, prev_hash, hash) VALUES "
                                     "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
  ins->Bind(1, e.seq).Bind(2, e.at_ms).Bind(3, e.node).Bind(4, e.user).Bind(5, e.action);
  ins->Bind(6, e.target).Bind(7, e.detail).Bind(8, e.prev_hash).Bind(9, e.hash);
  return ins->Run();
}

Result<std::vector<sync::AuditEntry>> NodeStore::AuditEntries(std::int64_t after_seq, int limit) {
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(std::string("SELECT ") + sync::kAuditColumns +
                                             " FROM audit_log WHERE seq > ?1 ORDER BY seq LIMIT ?2"));
  st->Bind(1, after_seq).Bind(2, limit);
  return sync::ReadAuditRows(*st);
}

Result<std::optional<std::int64_t>> NodeStore::VerifyAudit() {
  TB_ASSIGN_OR_RETURN(const sync::AuditCheck check, sync::CheckAuditChain([this](std::int64_t after) {
    return AuditEntries(after, 1000);
  }));
  return check.broken;
}

Result<std::int64_t> NodeStore::LastAuditSeq() {
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("SELECT coalesce(max(seq), 0) FROM audit_log"));
  TB_ASSIGN_OR_RETURN(bool row, st->Step());
  const std::int64_t last = row ? st->Int(0) : 0;
  st->Reset();
  return last;
}

Status NodeStore::RejoinAuditTrail(std::int64_t sent, const std::vector<sync::AuditEntry>& held) {
  TB_ASSIGN_OR_RETURN(auto tx, sync::Transaction::Begin(*db_));
  std::optional<sync::AuditEntry> last;
  if (sent > 0) {
    TB_ASSIGN_OR_RETURN(auto before, AuditEntries(sent - 1, 1));
    if (!before.empty() && before[0].seq == sent) last = before[0];
  }
  // The hub checked the chain it holds; here it must also go on from this one.
  if (auto broken = sync::FirstBrokenLink(last, held))
    return FailedPrecondition(kAuditRejoinBroken, {std::to_string(*broken)});
  for (const auto& e : held)
    if (e.node != identity_.code) return FailedPrecondition(kAuditRejoinBroken, {std::to_string(e.seq)});
  TB_ASSIGN_OR_RETURN(const auto here, AuditEntries(sent, std::numeric_limits<int>::max()));
  // Only an intact trail is chained anew: a broken link here stays for `audit verify` to name.
  if (auto broken = sync::FirstBrokenLink(last, here))
    return FailedPrecondition(kAuditRejoinLocalBroken, {std::to_string(*broken), "tongban audit verify"});
  std::size_t same = 0;  // entries here that the hub holds too
  while (same < here.size() && same < held.size() && here[same].hash == held[same].hash) ++same;
  TB_ASSIGN_OR_RETURN(auto* drop, db_->Prepare("DELETE FROM audit_log WHERE seq > ?1"));
  drop->Bind(1, sent);
  TB_RETURN_IF_ERROR(drop->Run());
  for (const auto& e : held) {
    TB_RETURN_IF_ERROR(InsertAudit(e));
    last = e;
  }
  // Written here since the backup and never sent: they follow what the hub holds.
  for (std::size_t i = same; i < here.size(); ++i) {
    last = sync::NextAuditEntry(last, here[i]);
    TB_RETURN_IF_ERROR(InsertAudit(*last));
  }
  TB_RETURN_IF_ERROR(SetMeta(std::string(kAuditSentKey), std::to_string(sent + static_cast<std::int64_t>(held.size()))));
  TB_RETURN_IF_ERROR(SetMeta(kAuditRejoinMeta, ""));
  return tx->Commit();
}

Result<std::string> NodeStore::RevealApplicantId(const Session& by, const std::string& case_no) {
  std::string id;
  TB_RETURN_IF_ERROR(Write(by, [&](Hlc, std::int64_t) -> Status {
    TB_ASSIGN_OR_RETURN(CaseRecord c, LoadCase(case_no));
    id = c.applicant_id;
    return Status::Ok();
  }, {"view_id", case_no, R"({"field":"applicant_id"})"}));
  return id;
}

Status NodeStore::RecordExport(const Session& by, const std::string& what,
                               const std::string& target, const std::string& file) {
  const std::string name = std::filesystem::path(file).filename().string();
  return Write(by, [](Hlc, std::int64_t) { return Status::Ok(); },
               {"export", target, nlohmann::json{{"what", what}, {"file", name}}.dump()});
}

// ---------------------------------------------------------------- staff


Result<LoginFailures> NodeStore::ReadLoginFailures(const std::string& login) {
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("SELECT failures, last_ms FROM login_failures "
                                             "WHERE login = ?1"));
  st->Bind(1, login);
  TB_ASSIGN_OR_RETURN(bool row, st->Step());
  LoginFailures f;
  if (row) f = {st->Int(0), st->Int(1)};
  st->Reset();
  return f;
}

Status NodeStore::WriteLoginFailures(const std::string& login, const LoginFailures& f) {
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                    f.failures == 0
                                        ? "DELETE FROM login_failures WHERE login = ?1"
                                        : "INSERT INTO login_failures (login, failures, last_ms) "
                                          "VALUES (?1, ?2, ?3) ON CONFLICT (login) DO UPDATE SET "
                                          "failures = excluded.failures, last_ms = excluded.last_ms"));
  st->Bind(1, login);
  if (f.failures != 0) st->Bind(2, f.failures).Bind(3, f.last_ms);
  return st->Run();
}

Result<Session> NodeStore::Login(const std::string& login, const std::string& password) {
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("SELECT name, role, pw_hash, active FROM staff "
                                             "WHERE login = ?1"));
  st->Bind(1, login);
  TB_ASSIGN_OR_RETURN(bool row, st->Step());
  if (!row) return PermissionDenied(kWrongLogin);
  Session s{login, st->Text(0), Role::kClerk};
  TB_ASSIGN_OR_RETURN(s.role, Stored(ParseRole(st->Text(1)), kDamagedStaff, {login}));
  const std::string hash = st->Text(2);
  const bool active = st->Int(3) != 0;
  st->Reset();
  TB_ASSIGN_OR_RETURN(LoginFailures failed, ReadLoginFailures(login));
  const Millis now = NowMillis();
  const Millis last_before = failed.last_ms;
  const Status waiting = CheckLoginWait(login, failed, now);
  // The clock was set back: the wait counts from now, not from a future moment.
  if (failed.last_ms != last_before) TB_RETURN_IF_ERROR(WriteLoginFailures(login, failed));
  TB_RETURN_IF_ERROR(waiting);
  if (crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) != 0) {
    // Counted in one statement, so tries made at once from several processes each count.
    TB_ASSIGN_OR_RETURN(auto* count, db_->Prepare(
                                         "INSERT INTO login_failures (login, failures, last_ms) "
                                         "VALUES (?1, 1, ?2) ON CONFLICT (login) DO UPDATE SET "
                                         "failures = failures + 1, last_ms = excluded.last_ms "
                                         "RETURNING failures"));
    count->Bind(1, login).Bind(2, now);
    TB_ASSIGN_OR_RETURN(bool counted, count->Step());  // RETURNING: always a row
    if (counted) failed.failures = count->Int(0);
    count->Reset();
    return WrongPasswordRefusal(login, failed, kWrongLogin);
  }
  if (failed.failures > 0) TB_RETURN_IF_ERROR(WriteLoginFailures(login, {}));
  if (!active) return PermissionDenied(kAccountDisabled, {login});
  return s;
}

Result<Session> NodeStore::AdoptPassword(const std::string& login, const std::string& password) {
  Result<Session> s = Login(login, password);
  if (!s.ok()) {
    // The old password opened the key but is no longer the account's.
    if (s.status().key() == kWrongLogin.key) return StationKeys::PasswordChangedElsewhere(login);
    return s.status();
  }
  TB_RETURN_IF_ERROR(EditKeys([&](StationKeys& k) { return k.SetPassword(*key_, login, password); }));
  return s;
}

Result<std::string> NodeStore::HashPassword(const std::string& password) {
  if (password.size() < 8) return InvalidArgument(kShortPassword);
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return Status(ErrorCode::kInternal, kHashOutOfMemory);
  return std::string(hash);
}

Result<RowId> NodeStore::StaffUid(const std::string& login) {
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("SELECT uid FROM staff WHERE login = ?1"));
  st->Bind(1, login);
  TB_ASSIGN_OR_RETURN(bool row, st->Step());
  if (!row) return NotFound(kNoStaff, {login});
  TB_ASSIGN_OR_RETURN(const RowId uid, st->Id(0));
  st->Reset();
  return uid;
}

Status NodeStore::SetPassword(const Session& by, const std::string& login,
                              const std::string& password) {
  TB_ASSIGN_OR_RETURN(const std::string hash, HashPassword(password));
  TB_ASSIGN_OR_RETURN(const RowId uid, StaffUid(login));
  // The new hash syncs like any field, so the account's other nodes take it too; the
  // lock on this node ends with it.
  // The new password wraps the key beside the old one before the database takes it, and
  // the old wrap goes after: a failure in between leaves a password that opens both.
  TB_RETURN_IF_ERROR(EditKeys([&](StationKeys& k) { return k.AddPassword(*key_, login, password); }));
  TB_RETURN_IF_ERROR(Write(by, [&](Hlc hlc, std::int64_t actor) {
    TB_RETURN_IF_ERROR(log_->Update(SyncedTable::kStaff, uid, {{"pw_hash", hash}}, hlc, actor));
    return WriteLoginFailures(login, {});
  }, {"set_password", login, "{}"}));
  return EditKeys([&](StationKeys& k) { return k.KeepNewest(login); });
}

Status NodeStore::ResetPassword(const Session& by, const std::string& login,
                                const std::string& password) {
  if (by.role != Role::kAdmin) return PermissionDenied(kResetPasswordDenied);
  return SetPassword(by, login, password);
}

Status NodeStore::ChangePassword(const Session& by, const std::string& current,
                                 const std::string& password) {
  auto again = Login(by.login, current);
  if (!again.ok())
    return again.status().code() == ErrorCode::kPermissionDenied &&
                   again.status().key() == kWrongLogin.key
               ? PermissionDenied(kWrongOldPassword)
               : again.status();
  return SetPassword(by, by.login, password);
}

Status NodeStore::AddStaff(const Session& by, const std::string& login, const std::string& name,
                           Role role, const std::string& password) {
  if (by.role != Role::kAdmin) return PermissionDenied(kAddStaffDenied);
  if (!ValidLogin(login))
    return InvalidArgument(kBadLogin, {login});
  if (name.empty() || name.size() > kMaxNameBytes)
    return InvalidArgument(kStaffName);
  TB_ASSIGN_OR_RETURN(const std::string hash, HashPassword(password));
  Status st = Write(by, [&](Hlc hlc, std::int64_t actor) {
    return log_->Insert(SyncedTable::kStaff, RowId::Generate(sync::HybridClock::Millis(hlc)),
                        {login, name, std::string(RoleName(role)), hash, 1,
                         identity_.code},
                        hlc, actor);
  });
  if (st.code() == ErrorCode::kAlreadyExists)
    return Status(ErrorCode::kAlreadyExists, kStaffExists, {login});
  TB_RETURN_IF_ERROR(st);
  return EditKeys([&](StationKeys& k) { return k.SetPassword(*key_, login, password); });
}

Status NodeStore::RemoveStaff(const Session& by, const std::string& login) {
  if (by.role != Role::kAdmin) return PermissionDenied(kRemoveStaffDenied);
  if (login == by.login) return FailedPrecondition(kRemoveSelf);
  TB_ASSIGN_OR_RETURN(const RowId uid, StaffUid(login));
  TB_RETURN_IF_ERROR(Write(by, [&](Hlc hlc, std::int64_t actor) {
    return log_->Delete(SyncedTable::kStaff, uid, hlc, actor);
  }));
  return EditKeys([&](StationKeys& k) { return k.Forget(login); });
}

Result<std::vector<Session>> NodeStore::ListStaff() {
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("SELECT login, name, role FROM staff ORDER BY login"));
  std::vector<Session> out;
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    TB_ASSIGN_OR_RETURN(Role role, Stored(ParseRole(st->Text(2)), kDamagedStaff, {st->Text(0)}));
    out.push_back(Session{st->Text(0), st->Text(1), role});
  }
  return out;
}

// ---------------------------------------------------------------- catalog

Result<CatalogImportSummary> NodeStore::ImportCatalog(const Session& by, const Catalog& catalog) {
  if (by.role != Role::kAdmin) return PermissionDenied(kImportCatalogDenied);
  CatalogImportSummary sum;
  Status st = Write(by, [&](Hlc hlc, std::int64_t actor) -> Status {
    for (ServiceItem item : catalog.items) {
      auto latest = GetItem(item.impl_code);
      if (latest.ok()) {
        ServiceItem same = item;
        same.version = latest->version;
        if (SerializeItem(same) == SerializeItem(*latest)) {
          ++sum.unchanged;
          continue;
        }
        item.version = std::max(item.version, latest->version + 1);
        ++sum.updated;
      } else if (latest.status().code() == ErrorCode::kNotFound) {
        ++sum.added;
      } else {
        return latest.status();
      }
      TB_RETURN_IF_ERROR(log_->Insert(
          SyncedTable::kCatalogItems, RowId::Generate(sync::HybridClock::Millis(hlc)),
          {item.impl_code, item.version, item.name, SerializeItem(item)}, hlc, actor));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st.WithContext(kCtxCatalogImport);
  return sum;
}

Result<std::vector<ServiceItem>> NodeStore::ListItems() {
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                    "SELECT body FROM catalog_items c WHERE version = (SELECT "
                                    "MAX(version) FROM catalog_items WHERE impl_code = "
                                    "c.impl_code) ORDER BY id"));
  std::vector<ServiceItem> out;
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    TB_ASSIGN_OR_RETURN(auto item, Stored(ParseItem(st->Text(0)), kDamagedSomeItem, {}));
    out.push_back(std::move(item));
  }
  return out;
}

Result<ServiceItem> NodeStore::GetItem(const std::string& code, std::optional<int> version) {
  // An item is found by its implementation code or its exact name.
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                    "SELECT body FROM catalog_items WHERE (impl_code = ?1 OR "
                                    "name = ?1) AND (?2 IS NULL OR version = ?2) ORDER BY "
                                    "version DESC LIMIT 1"));
  st->Bind(1, code);
  if (version) st->Bind(2, *version);
  TB_ASSIGN_OR_RETURN(bool row, st->Step());
  if (!row)
    return version ? NotFound(kNoItemVersion, {code, std::to_string(*version)})
                   : NotFound(kNoItem, {code});
  const std::string body = st->Text(0);
  st->Reset();
  return Stored(ParseItem(body), kDamagedItem, {code});
}

std::string NodeStore::ProcessingOfficeFor(const ServiceItem& item) const {
  if (item.handling_office != kTownshipOffice) return item.handling_office;
  return identity_.township.empty() ? identity_.code : identity_.township;
}

// ---------------------------------------------------------------- cases

Deadline NodeStore::CaseDeadline(const CaseRecord& c, const ServiceItem& item, Millis now) const {
  const Millis start = c.accepted_at.value_or(c.received_at);
  const auto pauses = PausesFromTimeline(c.events, item);
  const TimeLimit limit = item.mode == ServiceMode::kInstant
                              ? TimeLimit{0, TimeUnit::kWorkday}
                              : item.promised_limit;
  const Deadline own = calendar_.ComputeDeadline(start, limit, pauses, now);
  if (c.priority != Priority::kGreen) return own;
  // The green channel promises 24 clock hours at most, never longer than the item itself.
  const Deadline green = calendar_.ComputeDeadline(start, TimeLimit{24, TimeUnit::kHour}, pauses, now);
  return own.due < green.due ? own : green;
}

Result<std::string> NodeStore::IntakeLocked(const Session& by, const IntakeRequest& req, Hlc hlc,
                                            std::int64_t actor) {
  TB_ASSIGN_OR_RETURN(const std::string rejoin, Meta(kRejoinMeta));
  if (rejoin == "1")
    return FailedPrecondition(kRejoinFirst, {"tongban sync", "tongban-central station reenroll --code " + identity_.code});
  TB_ASSIGN_OR_RETURN(ServiceItem item, GetItem(req.item_code));

  CaseRecord c;
  c.applicant_kind = req.applicant_kind;
  c.applicant_name = req.applicant_name;
  if (c.applicant_name.empty()) return InvalidArgument(kNoApplicantName);
  if (c.applicant_name.size() > kMaxNameBytes) return InvalidArgument(kLongApplicantName);
  c.applicant_id = NormalizeIdNumber(req.applicant_id);
  // Births are judged on the day the case is received, by the node's corrected clock.
  const Date received_on = LocalDate(req.received_at.value_or(NowMillis()));
  if (c.applicant_kind == PartyKind::kPerson) {
    TB_RETURN_IF_ERROR(ValidateBirthDate(c.applicant_id, received_on));
  } else if (Status v = ValidateCreditCode(c.applicant_id); !v.ok()) {
    // Some early credit codes fail the check yet are legal: a recorded reason lets them through.
    // The override waives the check character only; length and alphabet must be right.
    if (req.id_override_reason.empty()) return v;
    TB_RETURN_IF_ERROR(ValidateCreditCodeShape(c.applicant_id));
    c.id_override_reason = req.id_override_reason;
  }
  c.applicant_phone = req.applicant_phone;
  if (!c.applicant_phone.empty()) TB_RETURN_IF_ERROR(ValidatePhone(c.applicant_phone));
  if (!IsUtf8Text(req.note)) return InvalidArgument(kNoteNotText);
  // Characters, not bytes: a Chinese character is three.
  const auto chars = std::count_if(req.note.begin(), req.note.end(),
                                   [](char b) { return (static_cast<unsigned char>(b) & 0xc0) != 0x80; });
  if (static_cast<std::size_t>(chars) > kMaxNoteChars)
    return InvalidArgument(kLongNote, {std::to_string(kMaxNoteChars)});
  c.note = req.note;

  if (req.agent) {
    if (item.in_person_only || !item.allows.proxy)
      return PermissionDenied(kNoProxy, {item.name});
    Agent a = *req.agent;
    a.id_number = NormalizeIdNumber(a.id_number);
    if (a.name.empty()) return InvalidArgument(kNoAgentName);
    TB_RETURN_IF_ERROR(ValidateBirthDate(a.id_number, received_on).WithContext(kCtxAgent));
    if (a.authorization.empty())
      return InvalidArgument(kNoAuthorization);
    if (a.scope.empty())
      return InvalidArgument(kNoScope);
    const Millis when = req.received_at.value_or(wall_.NowMillis());
    if (a.expires && *a.expires < LocalDate(when))
      return FailedPrecondition(kAuthorizationExpired, {FormatDate(*a.expires)});
    c.agent = a;
  }

  c.channel = req.channel;
  if (c.channel == Channel::kPost && !item.allows.post)
    return FailedPrecondition(kNoPost, {item.name});
  if (c.channel == Channel::kDoor && !item.allows.door_visit)
    return FailedPrecondition(kNoDoorVisit, {item.name});
  if (req.green_channel) {
    if (req.green_reason.empty())
      return InvalidArgument(kGreenReason);
    c.priority = Priority::kGreen;
    c.green_reason = req.green_reason;
  }

  // Materials: every listed code must exist; every required one must be in hand
  // or covered by what the item tolerates.
  std::map<std::string, MaterialState> given;
  for (const auto& m : req.materials) {
    if (!item.FindMaterial(m.code)) {
      std::string codes;
      for (const auto& s : item.materials) codes += (codes.empty() ? "" : ", ") + s.code;
      return InvalidArgument(kUnlistedMaterial, {m.code, item.name, codes});
    }
    given[m.code] = m.state;
  }
  std::vector<std::pair<std::string, std::string>> states;
  std::vector<std::string> tolerated, committed;
  for (const auto& spec : item.materials) {
    auto it = given.find(spec.code);
    const bool required = spec.RequiredFor(req.agent.has_value());
    MaterialState s = it != given.end() ? it->second
                      : required        ? MaterialState::kReceived
                                        : MaterialState::kAbsent;
    switch (s) {
      case MaterialState::kTolerated:
        if (!item.allows.tolerance || !spec.tolerable)
          return FailedPrecondition(kNotTolerable, {spec.name, spec.code});
        tolerated.push_back(spec.code);
        break;
      case MaterialState::kCommitted:
        if (!item.allows.commitment || !spec.commitment_ok)
          return FailedPrecondition(kNoCommitment, {spec.name, spec.code});
        committed.push_back(spec.code);
        break;
      case MaterialState::kAbsent:
        if (required)
          return FailedPrecondition(kMissingMaterial, {spec.name, spec.code});
        break;
      case MaterialState::kSupplied:
      case MaterialState::kVerified:
        return InvalidArgument(kIntakeMaterialState, {spec.name, spec.code});
      case MaterialState::kReceived: break;
    }
    states.emplace_back(spec.code, std::string(MaterialStateName(s)));
  }

  c.received_at = req.received_at.value_or(wall_.NowMillis());
  if (c.received_at > wall_.NowMillis() + kMsPerDay)
    return InvalidArgument(kFutureIntake, {FormatLocalDateTime(c.received_at)});
  const Date day = LocalDate(c.received_at);
  std::string day_key = FormatDate(day);
  TB_ASSIGN_OR_RETURN(auto* seq, db_->Prepare(
                                     "INSERT INTO case_counters (day, last) VALUES (?1, 1) ON "
                                     "CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last"));
  seq->Bind(1, day_key);
  TB_ASSIGN_OR_RETURN(bool got, seq->Step());
  if (!got) return Internal("case counter not returned");
  const long n = static_cast<long>(seq->Int(0));
  seq->Reset();
  c.case_no = FormatCaseNumber(identity_.code, day, n);
  c.uid = RowId::Generate(c.received_at);
  c.item_code = item.impl_code;
  c.item_version = item.version;
  c.item_name = item.name;
  c.receiving_station = identity_.code;
  c.processing_office = ProcessingOfficeFor(item);
  const Deadline due = CaseDeadline(c, item, c.received_at);
  c.due_at = due.due;
  c.due_provisional = due.provisional;
  const std::string item_unit = item.mode == ServiceMode::kInstant
                                    ? "workday"
                                    : std::string(TimeUnitName(item.promised_limit.unit));
  const bool green_rules = c.priority == Priority::kGreen &&
                           due.due == c.received_at + 24 * kMsPerHour;
  c.due_unit = green_rules ? "hour" : item_unit;

  TB_RETURN_IF_ERROR(log_->Insert(
      SyncedTable::kCases, c.uid,
      {c.case_no, json(), c.item_code, c.item_version, c.item_name,
       c.applicant_kind == PartyKind::kPerson ? "person" : "enterprise", c.applicant_name,
       c.applicant_id, Opt(c.applicant_phone), Opt(c.id_override_reason),
       c.agent ? json(AgentJson(*c.agent).dump()) : json(), std::string(ChannelName(c.channel)),
       c.priority == Priority::kGreen ? "green" : "normal", Opt(c.green_reason),
       c.receiving_station, c.processing_office, std::string(CaseStatusName(c.status)),
       c.received_at, json(), c.due_at, c.due_provisional ? 1 : 0, c.due_unit, json(), json(),
       Opt(req.note)},
      hlc, actor));
  TB_RETURN_IF_ERROR(log_->SetMaterials(c.uid, states, hlc, actor));

  for (auto [kind, codes] : {std::pair{CommitmentKind::kTolerance, &tolerated},
                             std::pair{CommitmentKind::kWritten, &committed}}) {
    if (codes->empty()) continue;
    const Deadline d = calendar_.ComputeDeadline(c.received_at, item.commitment_limit);
    TB_RETURN_IF_ERROR(log_->Insert(
        SyncedTable::kCommitments, RowId::Generate(c.received_at),
        {UidJson(c.uid), std::string(CommitmentKindName(kind)), JoinCodes(*codes), d.due,
         d.provisional ? 1 : 0, std::string(CommitmentStateName(CommitmentState::kOpen))},
        hlc, actor));
  }
  json detail = {{"item", item.impl_code}, {"version", item.version}};
  if (c.priority == Priority::kGreen) detail["green"] = c.green_reason;
  if (c.agent) detail["proxy"] = c.agent->name;
  if (!req.legacy_no.empty()) detail["legacy_no"] = req.legacy_no;
  TB_RETURN_IF_ERROR(log_->Insert(
      SyncedTable::kCaseEvents, RowId::Generate(c.received_at),
      {UidJson(c.uid), c.received_at, identity_.code, by.login, "intake", json(),
       std::string(CaseStatusName(c.status)), EventDetail(detail)},
      hlc, actor));
  return c.case_no;
}

Result<CaseRecord> NodeStore::Intake(const Session& by, const IntakeRequest& request) {
  const auto who = ActorForRole(by.role);
  if (!who || *who != Actor::kStation)
    return PermissionDenied(kIntakeDenied, {std::string(RoleName(by.role))});
  std::string case_no;
  TB_RETURN_IF_ERROR(Write(by, [&](Hlc hlc, std::int64_t actor) -> Status {
    TB_ASSIGN_OR_RETURN(case_no, IntakeLocked(by, request, hlc, actor));
    return Status::Ok();
  }));
  return LoadCase(case_no);
}

Result<CaseRecord> NodeStore::GetCase(const std::string& case_no) { return LoadCase(case_no); }

Result<CaseRecord> NodeStore::LoadCase(const std::string& case_no) {
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                    "SELECT uid, case_no, county_no, item_code, item_version, "
                                    "item_name, applicant_kind, applicant_name, applicant_id, "
                                    "applicant_phone, id_override_reason, agent, channel, "
                                    "priority, green_reason, receiving_station, "
                                    "processing_office, status, received_at, accepted_at, due_at, "
                                    "due_provisional, due_unit, result, delivery, note FROM cases "
                                    "WHERE case_no = ?1 OR county_no = ?1"));
  st->Bind(1, case_no);
  TB_ASSIGN_OR_RETURN(bool row, st->Step());
  if (!row) return NotFound(kNoCase, {case_no});
  CaseRecord c;
  TB_ASSIGN_OR_RETURN(c.uid, st->Id(0).WithContext(kCtxCase, {case_no}));
  c.case_no = st->Text(1);
  c.county_no = st->OptText(2);
  TB_ASSIGN_OR_RETURN(c.item_code, StoredCode(st->Text(3), kDamagedCase, {case_no}, kItemCodeNotText));
  c.item_version = static_cast<int>(st->Int(4));
  c.item_name = st->Text(5);
  c.applicant_kind = st->Text(6) == "enterprise" ? PartyKind::kEnterprise : PartyKind::kPerson;
  c.applicant_name = st->Text(7);
  c.applicant_id = st->Text(8);
  c.applicant_phone = st->Text(9);
  c.id_override_reason = st->Text(10);
  if (!st->IsNull(11)) {
    auto j = json::parse(st->Text(11), nullptr, false);
    if (j.is_object()) c.agent = AgentFromJson(j);
  }
  TB_ASSIGN_OR_RETURN(c.channel, Stored(ParseChannel(st->Text(12)), kDamagedCase, {case_no}));
  c.priority = st->Text(13) == "green" ? Priority::kGreen : Priority::kNormal;
  c.green_reason = st->Text(14);
  TB_ASSIGN_OR_RETURN(c.receiving_station, StoredCode(st->Text(15), kDamagedCase, {case_no}, kStationNotText));
  TB_ASSIGN_OR_RETURN(c.processing_office, StoredCode(st->Text(16), kDamagedCase, {case_no}, kOfficeNotText));
  TB_ASSIGN_OR_RETURN(c.status, Stored(ParseCaseStatus(st->Text(17)), kDamagedCase, {case_no}));
  c.received_at = st->Int(18);
  if (!st->IsNull(19)) c.accepted_at = st->Int(19);
  c.due_at = st->Int(20);
  c.due_provisional = st->Int(21) != 0;
  c.due_unit = st->Text(22);
  c.result = st->Text(23);
  c.delivery = st->Text(24);
  c.note = st->Text(25);
  st->Reset();

  auto item = GetItem(c.item_code, c.item_version);
  TB_ASSIGN_OR_RETURN(auto* ms, db_->Prepare("SELECT code, state FROM case_materials WHERE "
                                             "case_uid = ?1"));
  ms->BindBlob(1, c.uid.View());
  std::map<std::string, MaterialState> states;
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool r, ms->Step());
    if (!r) break;
    TB_ASSIGN_OR_RETURN(states[ms->Text(0)],
                        Stored(ParseMaterialState(ms->Text(1)), kDamagedMaterial, {case_no}));
  }
  if (item.ok()) {  // list in the item's order, with names
    for (const auto& spec : item->materials) {
      auto it = states.find(spec.code);
      if (it == states.end()) continue;
      c.materials.push_back(
          CaseMaterial{spec.code, spec.name, spec.RequiredFor(c.agent.has_value()), it->second});
      states.erase(it);
    }
  }
  for (const auto& [code, s] : states) c.materials.push_back(CaseMaterial{code, code, true, s});

  TB_ASSIGN_OR_RETURN(auto* cs, db_->Prepare("SELECT uid, kind, materials, due, due_provisional, "
                                             "state FROM commitments WHERE case_uid = ?1 ORDER "
                                             "BY id"));
  cs->BindBlob(1, c.uid.View());
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool r, cs->Step());
    if (!r) break;
    Commitment k;
    TB_ASSIGN_OR_RETURN(k.uid, cs->Id(0).WithContext(kCtxCommitment, {case_no}));
    k.kind = ParseCommitmentKind(cs->Text(1));
    k.materials = SplitCodes(cs->Text(2));
    k.due = cs->Int(3);
    k.due_provisional = cs->Int(4) != 0;
    k.state = ParseCommitmentState(cs->Text(5));
    c.commitments.push_back(std::move(k));
  }

  TB_ASSIGN_OR_RETURN(auto* es, db_->Prepare("SELECT uid, at, node, user, action, from_status, "
                                             "to_status, detail FROM case_events WHERE case_uid "
                                             "= ?1 ORDER BY at, uid"));
  es->BindBlob(1, c.uid.View());
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool r, es->Step());
    if (!r) break;
    TB_ASSIGN_OR_RETURN(const RowId event, es->Id(0).WithContext(kCtxEvent, {case_no}));
    c.events.push_back(CaseEvent{event, es->Int(1), es->Text(2),
                                 es->Text(3), es->Text(4), es->Text(5), es->Text(6),
                                 es->Text(7)});
  }

  TB_ASSIGN_OR_RETURN(auto* ks, db_->Prepare("SELECT tbl, col, id FROM conflict_marks WHERE row = "
                                             "?1 OR row IN (SELECT uid FROM commitments WHERE "
                                             "case_uid = ?1) ORDER BY id"));
  ks->BindBlob(1, c.uid.View());
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool r, ks->Step());
    if (!r) break;
    c.conflicts.push_back(ConflictField{ks->Text(0), ks->Text(1), ks->Int(2)});
  }
  return c;
}

Result<std::vector<CaseSummary>> NodeStore::Search(const CaseQuery& q) {
  std::string where;
  std::string order = "id DESC";
  auto add = [&](const char* cond) { where += (where.empty() ? " WHERE " : " AND ") + std::string(cond); };
  if (!q.case_no.empty()) add("(case_no = ?1 OR county_no = ?1)");
  if (!q.id_number.empty()) add("applicant_id = ?2");
  if (!q.name_prefix.empty()) {
    add("applicant_name >= ?3 AND applicant_name < ?4");
    order = "applicant_name, id DESC";
  }
  if (q.status) {
    add("status = ?5");
    if (q.name_prefix.empty()) order = "due_at, id";
  }
  if (q.before_id && !q.queue) add("id < ?6");
  if (q.queue) {
    // The statuses of IsOpenAtOffice, in SQL so the database does the filtering.
    add("status NOT IN ('not_accepted', 'withdrawn', 'revoked', 'result_ready', 'delivered', "
        "'closed')");
    if (!q.office.empty()) add("processing_office = ?8");
    order = "priority = 'green' DESC, due_at, id";
  }
  const std::string sql =
      "SELECT id, case_no, item_name, applicant_name, applicant_id, status, priority, "
      "received_at, due_at, due_provisional, due_unit FROM cases" + where + " ORDER BY " + order +
      " LIMIT ?7";
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(sql));
  if (!q.case_no.empty()) st->Bind(1, q.case_no);
  if (!q.id_number.empty()) st->Bind(2, NormalizeIdNumber(q.id_number));
  if (!q.name_prefix.empty()) {
    // The largest code point after the prefix bounds every name that starts with it.
    st->Bind(3, q.name_prefix).Bind(4, q.name_prefix + "\xF4\x8F\xBF\xBF");
  }
  if (q.status) st->Bind(5, CaseStatusName(*q.status));
  if (q.before_id && !q.queue) st->Bind(6, *q.before_id);
  if (q.queue && !q.office.empty()) st->Bind(8, q.office);
  st->Bind(7, std::clamp(q.limit, 1, kMaxSearchLimit));
  std::vector<CaseSummary> out;
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    CaseSummary s;
    s.id = st->Int(0);
    s.case_no = st->Text(1);
    s.item_name = st->Text(2);
    s.applicant_name = st->Text(3);
    s.applicant_id = st->Text(4);
    TB_ASSIGN_OR_RETURN(s.status, Stored(ParseCaseStatus(st->Text(5)), kDamagedCase, {s.case_no}));
    s.priority = st->Text(6) == "green" ? Priority::kGreen : Priority::kNormal;
    s.received_at = st->Int(7);
    s.due_at = st->Int(8);
    s.due_provisional = st->Int(9) != 0;
    s.due_unit = st->Text(10);
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::pair<std::string_view, json>> NodeStore::DeadlineFields(
    const CaseRecord& c, const ServiceItem& item) const {
  const Deadline d = CaseDeadline(c, item, wall_.NowMillis());
  std::vector<std::pair<std::string_view, json>> fields;
  if (d.due != c.due_at) fields.emplace_back("due_at", d.due);
  if (d.provisional != c.due_provisional)
    fields.emplace_back("due_provisional", d.provisional ? 1 : 0);
  return fields;
}

Result<CaseRecord> NodeStore::Transition(const Session& by, const std::string& case_no,
                                         const std::string& action, const std::string& reason,
                                         const std::string& delivery) {
  if (reason.size() > kMaxReasonBytes) return InvalidArgument(kLongReason);
  const auto who = ActorForRole(by.role);
  if (!who)
    return PermissionDenied(kAdminNoMoves);
  if (action == "deliver" && delivery != "window" && delivery != "post" && delivery != "door")
    return InvalidArgument(kBadDelivery);

  TB_RETURN_IF_ERROR(Write(by, [&](Hlc hlc, std::int64_t actor) -> Status {
    // Decided on the case as it is inside the transaction: a pull applied since the clerk
    // looked can only make the move refused, never let it pass over a state unseen.
    TB_ASSIGN_OR_RETURN(CaseRecord c, LoadCase(case_no));
    TB_ASSIGN_OR_RETURN(ServiceItem item, ItemForCase(c.item_code, c.item_version));
    if (*who == Actor::kBackOffice && c.processing_office != identity_.code)
      return PermissionDenied(kNotProcessingOffice,
                              {c.processing_office, c.case_no, identity_.code});
    if (*who == Actor::kStation && c.receiving_station != identity_.code &&
        identity_.kind != NodeKind::kField)
      return PermissionDenied(kNotReceivingStation, {c.case_no, c.receiving_station});
    const TransitionContext ctx{*who, item.mode == ServiceMode::kInstant, !reason.empty()};
    TB_ASSIGN_OR_RETURN(CaseStatus to, CheckTransition(c.status, action, ctx));
    const Millis now = wall_.NowMillis();
    const CaseEvent e{RowId::Generate(now), now, identity_.code, by.login, action,
                      std::string(CaseStatusName(c.status)), std::string(CaseStatusName(to)),
                      reason};
    std::vector<std::pair<std::string_view, json>> fields{
        {"status", std::string(CaseStatusName(to))}};
    if (action == "deny" || action == "not_accept") fields.emplace_back("result", reason);
    if (action == "deliver") fields.emplace_back("delivery", delivery);
    // The first acceptance starts the promised limit; pauses move it. Accepting again after
    // a supplement goes on from there: the pause is added back, the limit never restarts.
    CaseRecord next = c;
    next.events.push_back(e);
    if (action == "accept" && !c.accepted_at) {
      next.accepted_at = now;
      fields.emplace_back("accepted_at", now);
    }
    for (auto& f : DeadlineFields(next, item)) fields.push_back(std::move(f));
    TB_RETURN_IF_ERROR(log_->Update(SyncedTable::kCases, c.uid, fields, hlc, actor));
    return log_->Insert(SyncedTable::kCaseEvents, e.uid,
                        {UidJson(c.uid), e.at, e.node, e.user, e.action, e.from_status,
                         e.to_status, Opt(e.detail)},
                        hlc, actor);
  }));
  return LoadCase(case_no);
}

Result<ServiceItem> NodeStore::ItemForCase(const std::string& impl_code, int version) {
  auto item = GetItem(impl_code, version);
  if (!item.ok())
    return item.status().WithContext(kCtxItemVersion);
  return item;
}

Result<CaseRecord> NodeStore::Reroute(const Session& by, const std::string& case_no,
                                      const std::string& office, const std::string& reason) {
  if (by.role != Role::kProcessor)
    return PermissionDenied(kRerouteDenied);
  if (!ValidCode(office)) return InvalidArgument(kBadOffice, {office});
  if (reason.empty()) return InvalidArgument(kRerouteReason);
  TB_RETURN_IF_ERROR(Write(by, [&](Hlc hlc, std::int64_t actor) -> Status {
    TB_ASSIGN_OR_RETURN(CaseRecord c, LoadCase(case_no));  // decided inside the transaction
    if (c.processing_office != identity_.code)
      return PermissionDenied(kRerouteNotOffice, {c.processing_office, case_no});
    if (office == c.processing_office) return InvalidArgument(kAlreadyWith, {office});
    if (!MayHandOn(c.status))
      return FailedPrecondition(kRerouteStatus, {case_no, std::string(CaseStatusName(c.status))});
    const Millis now = wall_.NowMillis();
    TB_RETURN_IF_ERROR(log_->Update(SyncedTable::kCases, c.uid, {{"processing_office", office}}, hlc, actor));
    return log_->Insert(SyncedTable::kCaseEvents, RowId::Generate(now),
                        {UidJson(c.uid), now, identity_.code, by.login, "reroute",
                         std::string(CaseStatusName(c.status)),
                         std::string(CaseStatusName(c.status)),
                         EventDetail({{"to", office}, {"reason", reason}})},
                        hlc, actor);
  }));
  return LoadCase(case_no);
}

Result<CaseRecord> NodeStore::UpdatePhone(const Session& by, const std::string& case_no,
                                          const std::string& phone) {
  if (!ActorForRole(by.role)) return PermissionDenied(kAdminNoChanges);
  TB_RETURN_IF_ERROR(ValidatePhone(phone));
  TB_RETURN_IF_ERROR(Write(by, [&](Hlc hlc, std::int64_t actor) -> Status {
    TB_ASSIGN_OR_RETURN(CaseRecord c, LoadCase(case_no));
    const Millis now = wall_.NowMillis();
    TB_RETURN_IF_ERROR(log_->Update(SyncedTable::kCases, c.uid, {{"applicant_phone", phone}}, hlc, actor));
    return log_->Insert(SyncedTable::kCaseEvents, RowId::Generate(now),
                        {UidJson(c.uid), now, identity_.code, by.login, "update_phone",
                         std::string(CaseStatusName(c.status)),
                         std::string(CaseStatusName(c.status)),
                         EventDetail({{"phone", MaskPhone(phone)}})},
                        hlc, actor);
  }));
  return LoadCase(case_no);
}

Result<CaseRecord> NodeStore::RecordPrint(const Session& by, const std::string& case_no,
                                          const std::string& document,
                                          const std::string& printer) {
  if (!ActorForRole(by.role)) return PermissionDenied(kAdminNoChanges);
  if (document != "receipt" && document != "notice" && document != "non-acceptance")
    return InvalidArgument(kBadDocument, {document});
  TB_RETURN_IF_ERROR(Write(by, [&](Hlc hlc, std::int64_t actor) -> Status {
    TB_ASSIGN_OR_RETURN(CaseRecord c, LoadCase(case_no));
    const Millis now = wall_.NowMillis();
    const std::string status(CaseStatusName(c.status));
    return log_->Insert(SyncedTable::kCaseEvents, RowId::Generate(now),
                        {UidJson(c.uid), now, identity_.code, by.login, "print", status, status,
                         EventDetail({{"document", document}, {"printer", printer}})},
                        hlc, actor);
  }, {"print", case_no, nlohmann::json{{"document", document}, {"printer", printer}}.dump()}));
  return LoadCase(case_no);
}

Result<CaseRecord> NodeStore::UpdateMaterials(const Session& by, const std::string& case_no,
                                              const std::vector<MaterialInput>& inputs) {
  const auto who = ActorForRole(by.role);
  if (!who) return PermissionDenied(kAdminNoMaterialMoves);
  TB_RETURN_IF_ERROR(Write(by, [&](Hlc hlc, std::int64_t actor) -> Status {
    // Decided on the materials as they are inside the transaction (a pull may have moved them).
    TB_ASSIGN_OR_RETURN(CaseRecord c, LoadCase(case_no));
    std::vector<std::pair<std::string, std::string>> states;
    std::map<std::string, MaterialState> after;
    for (const auto& m : c.materials) after[m.code] = m.state;
    for (const auto& in : inputs) {
      auto it = after.find(in.code);
      if (it == after.end())
        return InvalidArgument(kNotCaseMaterial, {in.code, case_no});
      const bool ok = (in.state == MaterialState::kSupplied && *who == Actor::kStation &&
                       (IsOwed(it->second) || it->second == MaterialState::kAbsent)) ||
                      (in.state == MaterialState::kVerified && *who == Actor::kBackOffice &&
                       it->second != MaterialState::kAbsent && !IsOwed(it->second));
      if (!ok)
        return FailedPrecondition(kMaterialMove, {in.code, std::string(MaterialStateName(it->second)),
                                                  std::string(MaterialStateName(in.state)),
                                                  std::string(ActorName(*who))});
      it->second = in.state;
      states.emplace_back(in.code, std::string(MaterialStateName(in.state)));
    }
    TB_RETURN_IF_ERROR(log_->SetMaterials(c.uid, states, hlc, actor));
    // A commitment is fulfilled once every material it covers is verified.
    for (const auto& k : c.commitments) {
      if (k.state != CommitmentState::kOpen) continue;
      const bool all = std::all_of(k.materials.begin(), k.materials.end(), [&](const auto& code) {
        return after[code] == MaterialState::kVerified;
      });
      if (all)
        TB_RETURN_IF_ERROR(log_->Update(SyncedTable::kCommitments, k.uid,
                                        {{"state", std::string(CommitmentStateName(
                                                       CommitmentState::kFulfilled))}},
                                        hlc, actor));
    }
    const Millis now = wall_.NowMillis();
    json moved = json::object();
    for (const auto& [code, s] : states) moved[code] = s;
    return log_->Insert(SyncedTable::kCaseEvents, RowId::Generate(now),
                        {UidJson(c.uid), now, identity_.code, by.login, "materials",
                         std::string(CaseStatusName(c.status)), std::string(CaseStatusName(c.status)),
                         EventDetail({{"materials", moved}})},
                        hlc, actor);
  }));
  return LoadCase(case_no);
}

Result<std::vector<CaseMaterial>> NodeStore::OutstandingMaterials(const std::string& case_no) {
  TB_ASSIGN_OR_RETURN(CaseRecord c, LoadCase(case_no));
  std::vector<CaseMaterial> out;
  for (const auto& m : c.materials)
    if (IsOwed(m.state)) out.push_back(m);
  return out;
}

Status NodeStore::SetCalendarOverride(const Session& by, Date date, bool working,
                                      const std::string& reason) {
  if (by.role != Role::kAdmin) return PermissionDenied(kCalendarDenied);
  if (reason.empty()) return InvalidArgument(kOverrideReason);
  // The override and the deadlines it moves commit together.
  Status done = Write(by, [&](Hlc hlc, std::int64_t actor) -> Status {
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                      "INSERT INTO calendar_overrides (date, working, reason) "
                                      "VALUES (?1, ?2, ?3) ON CONFLICT (date) DO UPDATE SET "
                                      "working = excluded.working, reason = excluded.reason"));
    st->Bind(1, FormatDate(date)).Bind(2, working ? 1 : 0).Bind(3, reason);
    TB_RETURN_IF_ERROR(st->Run());
    calendar_.SetOverride(date, working, reason);
    return RecomputeDeadlinesIn(by, "calendar override " + FormatDate(date) + ": " + reason, hlc,
                                actor)
        .status();
  });
  if (!done.ok()) (void)LoadCalendar();  // rolled back: the calendar is what the file holds
  return done;
}

Result<std::vector<sync::Change>> NodeStore::ReadChanges(std::int64_t after_seq, int limit) {
  return log_->Read(after_seq, std::clamp(limit, 1, 100000));
}

Result<std::string> NodeStore::Meta(const std::string& key) {
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("SELECT value FROM node_meta WHERE key = ?1"));
  st->Bind(1, key);
  TB_ASSIGN_OR_RETURN(bool row, st->Step());
  std::string v = row ? st->Text(0) : std::string();
  st->Reset();
  return v;
}

Status NodeStore::SetMeta(const std::string& key, const std::string& value) {
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("INSERT INTO node_meta (key, value) VALUES (?1, ?2) "
                                             "ON CONFLICT (key) DO UPDATE SET value = "
                                             "excluded.value"));
  st->Bind(1, key).Bind(2, value);
  return st->Run();
}

Result<ServiceStats> NodeStore::ServiceFigures(Millis from, Millis to) {
  ServiceStats out;
  out.from = from;
  out.to = to;
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                    "SELECT status, channel, priority, receiving_station, "
                                    "processing_office, accepted_at IS NOT NULL, due_at FROM cases "
                                    "WHERE received_at >= ?1 AND received_at < ?2"));
  st->Bind(1, from).Bind(2, to);
  const Millis now = wall_.NowMillis();
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    const std::string status = st->Text(0);
    ++out.received;
    ++out.by_status[status];
    ++out.by_channel[st->Text(1)];
    ++out.by_station[st->Text(3)];
    ++out.by_office[st->Text(4)];
    if (st->Text(2) == "green") ++out.green;
    if (st->Int(5) != 0) ++out.accepted;
    if (status == "delivered" || status == "closed") ++out.closed;
    const auto parsed = ParseCaseStatus(status);
    if (parsed.ok() && ClockRuns(*parsed) && st->Int(6) <= now) ++out.overdue;
  }
  return out;
}

Result<StoreStats> NodeStore::Stats() {
  StoreStats s;
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                    "SELECT (SELECT COUNT(*) FROM cases), (SELECT MAX(seq) FROM "
                                    "change_log), (SELECT page_count * page_size FROM "
                                    "pragma_page_count(), pragma_page_size())"));
  TB_ASSIGN_OR_RETURN(bool row, st->Step());
  if (row) {
    s.cases = st->Int(0);
    s.changes = st->Int(1);
    s.file_bytes = st->Int(2);
  }
  st->Reset();
  return s;
}

}  // namespace tongban::node
