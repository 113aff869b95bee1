// NodeStore: the service modes beyond the window (appointments, door visits,
// post, ratings), the timers that escalate, and deadline recomputation.
// Same rules as node_store.cpp: one transaction per mutation, changes captured.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "change_log.h"
#include "store_util.h"
#include "tongban/node/domain/event_detail.h"
#include "tongban/node/store/node_store.h"
#include "tongban/sync/sqlite.h"

namespace tongban::node {
namespace {

using nlohmann::json;
using sync::Hlc;
using sync::RowId;

constexpr std::size_t kMaxTextBytes = 2000;

// Messages (Chinese in node/src/messages/catalog_services.cpp).
constexpr MessageDef kNoteTooLong{"services.note_too_long", "note is too long"};
constexpr MessageDef kAddressTooLong{"services.address_too_long", "address is too long"};
constexpr MessageDef kPurposeTooLong{"services.purpose_too_long", "purpose is too long"};
constexpr MessageDef kPlaceTooLong{"services.place_too_long", "place is too long"};
constexpr MessageDef kCommentTooLong{"services.comment_too_long", "comment is too long"};
constexpr MessageDef kAdminOnlyHours{"services.hours_admin_only",
                                     "only an admin may change appointment hours"};
constexpr MessageDef kItemNoAppointments{"services.item_no_appointments",
                                         "item '{0}' takes no appointments"};
constexpr MessageDef kAppointmentNotFound{"services.appointment_not_found",
                                          "no appointment {0} at this station"};
constexpr MessageDef kCtxAnAppointment{"services.ctx_an_appointment", "an appointment"};
constexpr MessageDef kAppointmentDamaged{"services.ctx_appointment_damaged",
                                         "appointment {0} is damaged"};
constexpr MessageDef kBookStationOnly{"services.book_station_only",
                                      "appointments are booked by station clerks"};
constexpr MessageDef kApplicantNameMissing{"services.applicant_name_missing",
                                           "applicant name is missing"};
constexpr MessageDef kSlotBegun{"services.slot_begun",
                                "the slot at {0} has already begun; choose a later one"};
constexpr MessageDef kNoSuchSlot{"services.no_such_slot",
                                 "no appointment slot for '{0}' starts at {1}"};
constexpr MessageDef kSlotFull{"services.slot_full", "the slot at {0} is full; choose another"};
constexpr MessageDef kKeepStationOnly{"services.keep_station_only",
                                      "appointments are kept by station clerks"};
constexpr MessageDef kRefAmbiguous{"services.ref_ambiguous",
                                   "'{0}' is the end of more than one reference; give more digits"};
constexpr MessageDef kRefTooShort{"services.ref_too_short",
                                  "'{0}' is too short for a reference: give its last {1} digits "
                                  "or more"};
constexpr MessageDef kBadAppointmentRef{"services.bad_appointment_ref",
                                        "'{0}' is not a valid appointment reference"};
constexpr MessageDef kCheckInOtherDay{"services.check_in_other_day",
                                      "the appointment is on {0}; check-in is on that day"};
constexpr MessageDef kAppointmentWrongState{"services.appointment_wrong_state",
                                            "the appointment is {0}; it cannot become {1}"};
constexpr MessageDef kCancelNeedsReason{"services.cancel_needs_reason",
                                        "cancelling an appointment needs a reason"};
constexpr MessageDef kReceiveStationOnly{"services.receive_station_only",
                                         "only station clerks receive cases"};
constexpr MessageDef kConvertWrongState{
    "services.convert_wrong_state",
    "the appointment is {0}; only a booked or checked-in appointment becomes a case"};
constexpr MessageDef kConvertOtherDay{"services.convert_other_day",
                                      "the appointment is on {0}; it becomes a case on that day"};
constexpr MessageDef kConvertOtherId{"services.convert_other_id",
                                     "the appointment was booked for another ID number; receive "
                                     "the case without the appointment"};
constexpr MessageDef kVisitNotFound{"services.visit_not_found", "no visit {0} on this node"};
constexpr MessageDef kCtxAVisit{"services.ctx_a_visit", "a visit"};
constexpr MessageDef kVisitDamaged{"services.ctx_visit_damaged", "visit {0} is damaged"};
constexpr MessageDef kPlanVisitDenied{"services.plan_visit_denied",
                                      "door visits are planned by clerks, processors or field "
                                      "staff"};
constexpr MessageDef kBadFieldNode{"services.bad_field_node",
                                   "field node code '{0}' is not valid"};
constexpr MessageDef kNotFieldNode{"services.not_field_node",
                                   "{0} is not a field laptop; name the field node that makes "
                                   "the visit"};
constexpr MessageDef kVisitNameMissing{"services.visit_name_missing",
                                       "who is to be visited? the name is missing"};
constexpr MessageDef kVisitAddressMissing{"services.visit_address_missing",
                                          "a door visit needs an address"};
constexpr MessageDef kItemNoDoorVisit{"services.item_no_door_visit",
                                      "item '{0}' is not offered as a door visit"};
constexpr MessageDef kVisitDayPast{"services.visit_day_past",
                                   "a visit cannot be planned for a day already past"};
constexpr MessageDef kBadVisitRef{"services.bad_visit_ref", "'{0}' is not a valid visit reference"};
constexpr MessageDef kVisitDoneAlready{"services.visit_done_already", "the visit is already {0}"};
constexpr MessageDef kVisitOutcome{"services.visit_outcome", "record visited, failed or cancelled"};
constexpr MessageDef kAdminNoVisits{"services.admin_no_visits", "admins make no visits"};
constexpr MessageDef kVisitCancelDenied{"services.visit_cancel_denied",
                                        "only the planning node or the field node may cancel a "
                                        "visit"};
constexpr MessageDef kVisitCancelReason{"services.visit_cancel_reason",
                                        "cancelling a visit needs a reason"};
constexpr MessageDef kVisitWrongNode{"services.visit_wrong_node",
                                     "the visit is recorded on the field laptop {0}, not on {1}"};
constexpr MessageDef kVisitFieldOnly{"services.visit_field_only",
                                     "visits are recorded by field staff"};
constexpr MessageDef kVisitFailedReason{"services.visit_failed_reason",
                                        "say why the visit failed (nobody home, moved, refused…)"};
constexpr MessageDef kVisitCaseNotVisited{"services.visit_case_not_visited",
                                          "a case is received only on a visit that took place"};
constexpr MessageDef kCaseNotDoor{"services.case_not_door", "case {0} was not received at the door"};
constexpr MessageDef kCtxAShipment{"services.ctx_a_shipment", "a shipment"};
constexpr MessageDef kCtxShipment{"services.ctx_shipment", "shipment {0}"};
constexpr MessageDef kShipmentDamaged{"services.ctx_shipment_damaged", "shipment {0} is damaged"};
constexpr MessageDef kShipmentEventDamaged{"services.ctx_shipment_event_damaged",
                                           "an event of shipment {0} is damaged"};
constexpr MessageDef kShipmentNotFound{"services.shipment_not_found", "no shipment {0} on this node"};
constexpr MessageDef kAdminNoChanges{"services.admin_no_changes", "admins make no case changes"};
constexpr MessageDef kShipmentAddressMissing{"services.shipment_address_missing",
                                             "a shipment needs a postal address"};
constexpr MessageDef kShipmentCarrierMissing{"services.shipment_carrier_missing",
                                             "a shipment needs a carrier"};
constexpr MessageDef kItemNoPost{"services.item_no_post",
                                 "item '{0}' is not handled by post (邮递办)"};
constexpr MessageDef kCaseClosedNoMaterials{"services.case_closed_no_materials",
                                            "case {0} is closed; it takes no more materials"};
constexpr MessageDef kResultHandedOut{"services.result_handed_out",
                                      "the result of case {0} was handed out already"};
constexpr MessageDef kResultNotReady{"services.result_not_ready",
                                     "a result goes out by post once it is ready (case {0} is "
                                     "{1})"};
constexpr MessageDef kWaybillExists{"services.waybill_exists",
                                    "waybill {0} is registered on case {1} already"};
constexpr MessageDef kBadShipmentRef{"services.bad_shipment_ref",
                                     "'{0}' is not a valid shipment reference"};
constexpr MessageDef kShipmentWrongState{"services.shipment_wrong_state",
                                         "waybill {0} is {1}; it cannot become {2}"};
constexpr MessageDef kCtxRating{"services.ctx_rating", "a rating of case {0}"};
constexpr MessageDef kRatingStationOnly{"services.rating_station_only",
                                        "ratings are taken at the station window or at the door"};
constexpr MessageDef kRatingScore{"services.rating_score", "a rating is a score from 1 to 5"};
constexpr MessageDef kRatingWrongStation{"services.rating_wrong_station",
                                         "case {0} is rated where it was received ({1})"};
constexpr MessageDef kRatingTooEarly{"services.rating_too_early",
                                     "case {0} is still {1}; it is rated once the service is done"};
constexpr MessageDef kRatedAlready{"services.rated_already", "case {0} has been rated already"};
constexpr MessageDef kRectifyNote{"services.rectify_note", "say how the bad rating was put right"};
constexpr MessageDef kNoOpenRectification{"services.no_open_rectification",
                                          "case {0} has no open rectification"};
constexpr MessageDef kCaseDamaged{"services.ctx_case_damaged", "case {0} is damaged"};
constexpr MessageDef kCtxCase{"services.ctx_case", "case {0}"};
constexpr MessageDef kCtxCommitment{"services.ctx_commitment", "a commitment of case {0}"};
constexpr MessageDef kCtxEscalationOf{"services.ctx_escalation_of", "an escalation of case {0}"};
constexpr MessageDef kCtxAnEscalation{"services.ctx_an_escalation", "an escalation"};
constexpr MessageDef kStationCaseDamaged{"services.ctx_station_case_damaged",
                                         "a case of this station is damaged"};

std::optional<RowId> OptUid(const sync::Statement& st, int col) {
  if (st.IsNull(col) || st.Blob(col).size() != 16) return std::nullopt;
  return RowId::FromBytes(st.Blob(col).data());
}

// `too_long` says which text ("note is too long").
Status CheckText(const std::string& text, const MessageDef& too_long) {
  if (text.size() > kMaxTextBytes) return InvalidArgument(too_long);
  return Status::Ok();
}

// A person's resident ID or an enterprise's credit code, whichever it is.
Status ValidateApplicantId(const std::string& id) {
  if (ValidateResidentId(id).ok() || ValidateCreditCode(id).ok()) return Status::Ok();
  return ValidateResidentId(id);  // the message a clerk most often needs
}

// A reference as people type it: all 32 hex digits, or the last 6 or more of them (lists
// show 8, ShortRef) when they name one row of `table`. `bad` says what it is for.
Result<RowId> FindRef(sync::Database& db, std::string_view table, const std::string& ref,
                      const MessageDef& bad, const MessageDef& missing) {
  if (auto id = RowId::FromHex(ref)) return *id;
  if (ref.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos || ref.size() > 32)
    return InvalidArgument(bad, {ref});
  if (ref.size() < kFewestRefDigits)
    return InvalidArgument(kRefTooShort, {ref, std::to_string(kFewestRefDigits)});
  TB_ASSIGN_OR_RETURN(auto* st, db.Prepare("SELECT uid FROM " + std::string(table) +
                                           " WHERE hex(uid) LIKE ?1 LIMIT 2"));
  st->Bind(1, "%" + ref);
  std::vector<RowId> found;
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    if (auto id = OptUid(*st, 0)) found.push_back(*id);
  }
  st->Reset();
  if (found.empty()) return NotFound(missing, {ref});
  if (found.size() > 1) return InvalidArgument(kRefAmbiguous, {ref});
  return found[0];
}

}  // namespace

Status NodeStore::LogCaseEvent(const CaseRecord& c, const Session& by, std::string_view action,
                               const std::string& detail, Hlc hlc, std::int64_t actor) {
  const Millis now = wall_.NowMillis();
  const std::string status(CaseStatusName(c.status));
  return log_->Insert(SyncedTable::kCaseEvents, RowId::Generate(now),
                      {UidJson(c.uid), now, identity_.code, by.login, std::string(action), status,
                       status, Opt(detail)},
                      hlc, actor);
}

Result<std::string> NodeStore::CaseNumberOf(const std::optional<RowId>& case_uid) {
  if (!case_uid) return std::string();
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("SELECT case_no FROM cases WHERE uid = ?1"));
  st->BindBlob(1, case_uid->View());
  TB_ASSIGN_OR_RETURN(bool row, st->Step());
  std::string no = row ? st->Text(0) : std::string();
  st->Reset();
  return no;
}

// ------------------------------------------------------------ appointments

Result<std::vector<AppointmentRule>> NodeStore::AppointmentRules() {
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                    "SELECT item_code, day_kind, start_minute, end_minute, "
                                    "slot_minutes, capacity FROM appointment_rules ORDER BY id"));
  std::vector<AppointmentRule> out;
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    out.push_back(AppointmentRule{st->Text(0), st->Text(1) == "offday",
                                  static_cast<int>(st->Int(2)), static_cast<int>(st->Int(3)),
                                  static_cast<int>(st->Int(4)), static_cast<int>(st->Int(5))});
  }
  if (out.empty()) out = DefaultAppointmentRules();
  return out;
}

Status NodeStore::SetAppointmentRules(const Session& by, const std::vector<AppointmentRule>& rules) {
  if (by.role != Role::kAdmin) return PermissionDenied(kAdminOnlyHours);
  for (const auto& r : rules) TB_RETURN_IF_ERROR(ValidateAppointmentRule(r));
  TB_ASSIGN_OR_RETURN(auto tx, sync::Transaction::Begin(*db_));
  TB_RETURN_IF_ERROR(db_->Exec("DELETE FROM appointment_rules"));
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                    "INSERT INTO appointment_rules (item_code, day_kind, "
                                    "start_minute, end_minute, slot_minutes, capacity) VALUES "
                                    "(?1, ?2, ?3, ?4, ?5, ?6)"));
  for (const auto& r : rules) {
    st->Bind(1, r.item_code).Bind(2, r.offday ? "offday" : "workday").Bind(3, r.start_minute);
    st->Bind(4, r.end_minute).Bind(5, r.slot_minutes).Bind(6, r.capacity);
    TB_RETURN_IF_ERROR(st->Run());
    st->Reset();
  }
  return tx->Commit();
}

Result<std::vector<AppointmentSlot>> NodeStore::AppointmentSlots(const std::string& item_code,
                                                                 Date day) {
  TB_ASSIGN_OR_RETURN(ServiceItem item, GetItem(item_code));
  if (!item.allows.appointment)
    return FailedPrecondition(kItemNoAppointments, {item.name});
  TB_ASSIGN_OR_RETURN(auto rules, AppointmentRules());
  auto slots = SlotsForDay(rules, item.impl_code, day, calendar_);
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                    "SELECT start_at, COUNT(*) FROM appointments WHERE node = ?1 "
                                    "AND item_code = ?2 AND start_at >= ?3 AND start_at < ?4 AND "
                                    "state IN ('booked', 'checked_in', 'converted') GROUP BY "
                                    "start_at"));
  st->Bind(1, identity_.code).Bind(2, item.impl_code).Bind(3, StartOfLocalDay(day));
  st->Bind(4, StartOfLocalDay(day) + kMsPerDay);
  std::map<Millis, int> booked;
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    booked[st->Int(0)] = static_cast<int>(st->Int(1));
  }
  for (auto& s : slots) s.booked = booked.contains(s.start) ? booked[s.start] : 0;
  return slots;
}

Result<Appointment> NodeStore::LoadAppointment(const RowId& uid) {
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                    "SELECT uid, node, item_code, item_name, start_at, minutes, "
                                    "off_hours, applicant_name, applicant_id, applicant_phone, "
                                    "state, case_uid, note FROM appointments WHERE uid = ?1"));
  st->BindBlob(1, uid.View());
  TB_ASSIGN_OR_RETURN(bool row, st->Step());
  if (!row) return NotFound(kAppointmentNotFound, {ShortRef(uid.Hex())});
  std::vector<Appointment> one;
  TB_RETURN_IF_ERROR(ReadAppointmentRow(*st, one));
  st->Reset();
  TB_ASSIGN_OR_RETURN(one[0].case_no, CaseNumberOf(one[0].case_uid));
  return one[0];
}

Status NodeStore::ReadAppointmentRow(const sync::Statement& st, std::vector<Appointment>& out) {
  Appointment a;
  TB_ASSIGN_OR_RETURN(a.uid, st.Id(0).WithContext(kCtxAnAppointment));
  a.ref = a.uid.Hex();
  a.node = st.Text(1);
  a.item_code = st.Text(2);
  a.item_name = st.Text(3);
  a.start_at = st.Int(4);
  a.minutes = static_cast<int>(st.Int(5));
  a.off_hours = st.Int(6) != 0;
  a.applicant_name = st.Text(7);
  a.applicant_id = st.Text(8);
  a.applicant_phone = st.Text(9);
  TB_ASSIGN_OR_RETURN(a.state, Stored(ParseAppointmentState(st.Text(10)), kAppointmentDamaged, {a.ref}));
  a.case_uid = OptUid(st, 11);
  a.note = st.Text(12);
  out.push_back(std::move(a));
  return Status::Ok();
}

Result<Appointment> NodeStore::BookAppointment(const Session& by, const AppointmentRequest& req) {
  const auto who = ActorForRole(by.role);
  if (!who || *who != Actor::kStation)
    return PermissionDenied(kBookStationOnly);
  if (req.applicant_name.empty()) return InvalidArgument(kApplicantNameMissing);
  const std::string id = NormalizeIdNumber(req.applicant_id);
  TB_RETURN_IF_ERROR(ValidateApplicantId(id));
  if (!req.applicant_phone.empty()) TB_RETURN_IF_ERROR(ValidatePhone(req.applicant_phone));
  if (req.start_at < wall_.NowMillis())
    return FailedPrecondition(kSlotBegun, {FormatLocalDateTime(req.start_at)});
  TB_ASSIGN_OR_RETURN(ServiceItem item, GetItem(req.item_code));
  TB_ASSIGN_OR_RETURN(auto slots, AppointmentSlots(item.impl_code, LocalDate(req.start_at)));
  auto slot = std::find_if(slots.begin(), slots.end(),
                           [&](const auto& s) { return s.start == req.start_at; });
  if (slot == slots.end())
    return InvalidArgument(kNoSuchSlot, {item.name, FormatLocalDateTime(req.start_at)});
  if (slot->booked >= slot->capacity)
    return FailedPrecondition(kSlotFull, {FormatLocalDateTime(req.start_at)});
  const Millis now = wall_.NowMillis();
  const RowId uid = RowId::Generate(now);
  TB_RETURN_IF_ERROR(Write(by, [&](Hlc hlc, std::int64_t actor) -> Status {
    // Counted again inside the write lock: two clerks booking at once cannot overfill a slot.
    TB_ASSIGN_OR_RETURN(auto* count, db_->Prepare(
                                         "SELECT COUNT(*) FROM appointments WHERE node = ?1 AND "
                                         "item_code = ?2 AND start_at = ?3 AND state IN "
                                         "('booked', 'checked_in', 'converted')"));
    count->Bind(1, identity_.code).Bind(2, item.impl_code).Bind(3, slot->start);
    TB_ASSIGN_OR_RETURN(bool row, count->Step());
    const std::int64_t taken = row ? count->Int(0) : 0;
    count->Reset();
    if (taken >= slot->capacity)
      return FailedPrecondition(kSlotFull, {FormatLocalDateTime(req.start_at)});
    return log_->Insert(SyncedTable::kAppointments, uid,
                        {identity_.code, item.impl_code, item.name, slot->start, slot->minutes,
                         slot->off_hours ? 1 : 0, req.applicant_name, id, Opt(req.applicant_phone),
                         "booked", json(), json()},
                        hlc, actor);
  }));
  return LoadAppointment(uid);
}

Result<std::vector<Appointment>> NodeStore::ListAppointments(Date from, Date to) {
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                    "SELECT uid, node, item_code, item_name, start_at, minutes, "
                                    "off_hours, applicant_name, applicant_id, applicant_phone, "
                                    "state, case_uid, note FROM appointments WHERE start_at >= ?1 "
                                    "AND start_at < ?2 ORDER BY start_at, id"));
  st->Bind(1, StartOfLocalDay(from)).Bind(2, StartOfLocalDay(to) + kMsPerDay);
  std::vector<Appointment> out;
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    TB_RETURN_IF_ERROR(ReadAppointmentRow(*st, out));
  }
  for (auto& a : out) {
    TB_ASSIGN_OR_RETURN(a.case_no, CaseNumberOf(a.case_uid));
  }
  return out;
}

Result<Appointment> NodeStore::MoveAppointment(const Session& by, const std::string& ref,
                                               std::initializer_list<AppointmentState> from,
                                               AppointmentState to, const std::string& note) {
  const auto who = ActorForRole(by.role);
  if (!who || *who != Actor::kStation) return PermissionDenied(kKeepStationOnly);
  TB_RETURN_IF_ERROR(CheckText(note, kNoteTooLong));
  TB_ASSIGN_OR_RETURN(RowId uid, FindRef(*db_, "appointments", ref, kBadAppointmentRef, kAppointmentNotFound));
  TB_RETURN_IF_ERROR(Write(by, [&](Hlc hlc, std::int64_t actor) -> Status {
    TB_ASSIGN_OR_RETURN(Appointment a, LoadAppointment(uid));  // decided inside the transaction
    if (to == AppointmentState::kCheckedIn &&
        LocalDate(a.start_at) != LocalDate(wall_.NowMillis()))
      return FailedPrecondition(kCheckInOtherDay, {FormatDate(LocalDate(a.start_at))});
    if (std::find(from.begin(), from.end(), a.state) == from.end())
      return FailedPrecondition(kAppointmentWrongState,
                                {std::string(AppointmentStateLabel(a.state)),
                                 std::string(AppointmentStateLabel(to))});
    std::vector<std::pair<std::string_view, json>> fields{
        {"state", std::string(AppointmentStateName(to))}};
    if (!note.empty()) fields.emplace_back("note", note);
    return log_->Update(SyncedTable::kAppointments, uid, fields, hlc, actor);
  }));
  return LoadAppointment(uid);
}

Result<Appointment> NodeStore::CheckInAppointment(const Session& by, const std::string& ref) {
  return MoveAppointment(by, ref, {AppointmentState::kBooked}, AppointmentState::kCheckedIn, "");
}

Result<Appointment> NodeStore::CancelAppointment(const Session& by, const std::string& ref,
                                                 const std::string& reason) {
  if (reason.empty()) return InvalidArgument(kCancelNeedsReason);
  return MoveAppointment(by, ref, {AppointmentState::kBooked, AppointmentState::kCheckedIn},
                         AppointmentState::kCancelled, reason);
}

Result<int> NodeStore::MarkNoShows(const Session& by) {
  std::vector<RowId> missed;
  TB_RETURN_IF_ERROR(Write(by, [&](Hlc hlc, std::int64_t actor) -> Status {
    // Read inside the transaction: one checked in meanwhile is not marked a no-show.
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                      "SELECT uid FROM appointments WHERE node = ?1 AND state = "
                                      "'booked' AND start_at + minutes * 60000 <= ?2"));
    st->Bind(1, identity_.code).Bind(2, wall_.NowMillis());
    for (;;) {
      TB_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      TB_ASSIGN_OR_RETURN(const RowId uid, st->Id(0).WithContext(kCtxAnAppointment));
      missed.push_back(uid);
    }
    for (const auto& uid : missed)
      TB_RETURN_IF_ERROR(log_->Update(SyncedTable::kAppointments, uid,
                                      {{"state", std::string(AppointmentStateName(
                                                     AppointmentState::kNoShow))}},
                                      hlc, actor));
    return Status::Ok();
  }));
  return static_cast<int>(missed.size());
}

Result<CaseRecord> NodeStore::ConvertAppointment(const Session& by, const std::string& ref,
                                                 IntakeRequest request) {
  const auto who = ActorForRole(by.role);
  if (!who || *who != Actor::kStation)
    return PermissionDenied(kReceiveStationOnly);
  TB_ASSIGN_OR_RETURN(RowId uid, FindRef(*db_, "appointments", ref, kBadAppointmentRef, kAppointmentNotFound));
  std::string case_no;
  TB_RETURN_IF_ERROR(Write(by, [&](Hlc hlc, std::int64_t actor) -> Status {
    // Decided inside the transaction: an appointment cancelled meanwhile becomes no case.
    TB_ASSIGN_OR_RETURN(Appointment a, LoadAppointment(uid));
    if (a.state != AppointmentState::kBooked && a.state != AppointmentState::kCheckedIn)
      return FailedPrecondition(kConvertWrongState, {std::string(AppointmentStateLabel(a.state))});
    if (LocalDate(a.start_at) != LocalDate(wall_.NowMillis()))
      return FailedPrecondition(kConvertOtherDay, {FormatDate(LocalDate(a.start_at))});
    if (request.item_code.empty()) request.item_code = a.item_code;
    if (request.applicant_name.empty()) request.applicant_name = a.applicant_name;
    if (request.applicant_id.empty()) request.applicant_id = a.applicant_id;
    if (request.applicant_phone.empty()) request.applicant_phone = a.applicant_phone;
    if (NormalizeIdNumber(request.applicant_id) != a.applicant_id)
      return InvalidArgument(kConvertOtherId);
    TB_ASSIGN_OR_RETURN(case_no, IntakeLocked(by, request, hlc, actor));
    TB_ASSIGN_OR_RETURN(CaseRecord c, LoadCase(case_no));
    TB_RETURN_IF_ERROR(log_->Update(SyncedTable::kAppointments, uid,
                                    {{"state", std::string(AppointmentStateName(
                                                   AppointmentState::kConverted))},
                                     {"case_uid", UidJson(c.uid)}},
                                    hlc, actor));
    return LogCaseEvent(c, by, "appointment", EventDetail({{"at", a.start_at}}), hlc, actor);
  }));
  return LoadCase(case_no);
}

// ------------------------------------------------------------ door visits

Result<Visit> NodeStore::LoadVisit(const RowId& uid) {
  std::vector<Visit> one;
  TB_RETURN_IF_ERROR(QueryVisits("WHERE uid = ?1", &uid, one));
  if (one.empty()) return NotFound(kVisitNotFound, {ShortRef(uid.Hex())});
  return one[0];
}

Status NodeStore::QueryVisits(const std::string& where, const RowId* uid, std::vector<Visit>& out) {
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                    "SELECT uid, planned_by, field_node, item_code, "
                                    "applicant_name, applicant_id, applicant_phone, address, "
                                    "planned_day, purpose, state, outcome, visited_at, "
                                    "visited_by, case_uid FROM visits " + where +
                                    " ORDER BY planned_day, id"));
  if (uid) st->BindBlob(1, uid->View());
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    Visit v;
    TB_ASSIGN_OR_RETURN(v.uid, st->Id(0).WithContext(kCtxAVisit));
    v.ref = v.uid.Hex();
    v.planned_by = st->Text(1);
    v.field_node = st->Text(2);
    v.item_code = st->Text(3);
    v.applicant_name = st->Text(4);
    v.applicant_id = st->Text(5);
    v.applicant_phone = st->Text(6);
    v.address = st->Text(7);
    TB_ASSIGN_OR_RETURN(v.planned_day, Stored(ParseDate(st->Text(8)), kVisitDamaged, {v.ref}));
    v.purpose = st->Text(9);
    TB_ASSIGN_OR_RETURN(v.state, Stored(ParseVisitState(st->Text(10)), kVisitDamaged, {v.ref}));
    v.outcome = st->Text(11);
    if (!st->IsNull(12)) v.visited_at = st->Int(12);
    v.visited_by = st->Text(13);
    v.case_uid = OptUid(*st, 14);
    out.push_back(std::move(v));
  }
  for (auto& v : out) {
    TB_ASSIGN_OR_RETURN(v.case_no, CaseNumberOf(v.case_uid));
  }
  return Status::Ok();
}

Result<Visit> NodeStore::PlanVisit(const Session& by, const VisitRequest& req) {
  if (by.role != Role::kClerk && by.role != Role::kProcessor && by.role != Role::kField)
    return PermissionDenied(kPlanVisitDenied);
  if (!ValidCode(req.field_node))
    return InvalidArgument(kBadFieldNode, {req.field_node});
  if (req.field_node == identity_.code && identity_.kind != NodeKind::kField)
    return InvalidArgument(kNotFieldNode, {identity_.code});
  if (req.applicant_name.empty()) return InvalidArgument(kVisitNameMissing);
  if (req.address.empty()) return InvalidArgument(kVisitAddressMissing);
  TB_RETURN_IF_ERROR(CheckText(req.address, kAddressTooLong));
  TB_RETURN_IF_ERROR(CheckText(req.purpose, kPurposeTooLong));
  const std::string id = NormalizeIdNumber(req.applicant_id);
  if (!id.empty()) TB_RETURN_IF_ERROR(ValidateApplicantId(id));
  if (!req.applicant_phone.empty()) TB_RETURN_IF_ERROR(ValidatePhone(req.applicant_phone));
  if (!req.item_code.empty()) {
    TB_ASSIGN_OR_RETURN(ServiceItem item, GetItem(req.item_code));
    if (!item.allows.door_visit)
      return FailedPrecondition(kItemNoDoorVisit, {item.name});
  }
  if (req.planned_day < LocalDate(wall_.NowMillis()))
    return InvalidArgument(kVisitDayPast);
  const RowId uid = RowId::Generate(wall_.NowMillis());
  TB_RETURN_IF_ERROR(Write(by, [&](Hlc hlc, std::int64_t actor) {
    return log_->Insert(SyncedTable::kVisits, uid,
                        {identity_.code, req.field_node, Opt(req.item_code), req.applicant_name,
                         Opt(id), Opt(req.applicant_phone), req.address,
                         FormatDate(req.planned_day), Opt(req.purpose), "planned", json(), json(),
                         json(), json()},
                        hlc, actor);
  }));
  return LoadVisit(uid);
}

Result<std::vector<Visit>> NodeStore::ListVisits(std::optional<VisitState> state) {
  std::vector<Visit> out;
  TB_RETURN_IF_ERROR(QueryVisits("", nullptr, out));
  if (state)
    std::erase_if(out, [&](const Visit& v) { return v.state != *state; });
  return out;
}

Result<Visit> NodeStore::RecordVisit(const Session& by, const std::string& ref, VisitState outcome,
                                     const std::string& note, const std::string& case_no) {
  TB_ASSIGN_OR_RETURN(RowId uid, FindRef(*db_, "visits", ref, kBadVisitRef, kVisitNotFound));
  TB_RETURN_IF_ERROR(Write(by, [&](Hlc hlc, std::int64_t actor) -> Status {
    // Decided on the visit as it is inside the transaction (a sync may have moved it).
    TB_ASSIGN_OR_RETURN(Visit v, LoadVisit(uid));
    TB_RETURN_IF_ERROR(CheckText(note, kNoteTooLong));
    if (v.state != VisitState::kPlanned)
      return FailedPrecondition(kVisitDoneAlready, {std::string(VisitStateLabel(v.state))});
    if (outcome == VisitState::kPlanned) return InvalidArgument(kVisitOutcome);
    if (!ActorForRole(by.role)) return PermissionDenied(kAdminNoVisits);
    if (outcome == VisitState::kCancelled) {
      if (identity_.code != v.planned_by && identity_.code != v.field_node)
        return PermissionDenied(kVisitCancelDenied);
      if (note.empty()) return InvalidArgument(kVisitCancelReason);
    } else {
      if (identity_.code != v.field_node)
        return PermissionDenied(kVisitWrongNode, {v.field_node, identity_.code});
      if (by.role != Role::kField && by.role != Role::kClerk)
        return PermissionDenied(kVisitFieldOnly);
      if (outcome == VisitState::kFailed && note.empty())
        return InvalidArgument(kVisitFailedReason);
    }
    std::optional<RowId> case_uid;
    if (!case_no.empty()) {
      if (outcome != VisitState::kVisited)
        return InvalidArgument(kVisitCaseNotVisited);
      TB_ASSIGN_OR_RETURN(CaseRecord c, LoadCase(case_no));
      if (c.channel != Channel::kDoor)
        return InvalidArgument(kCaseNotDoor, {case_no});
      case_uid = c.uid;
    }
    const Millis now = wall_.NowMillis();
    std::vector<std::pair<std::string_view, json>> fields{
        {"state", std::string(VisitStateName(outcome))}, {"outcome", Opt(note)}};
    if (outcome != VisitState::kCancelled) {
      fields.emplace_back("visited_at", now);
      fields.emplace_back("visited_by", by.login);
    }
    if (case_uid) fields.emplace_back("case_uid", UidJson(*case_uid));
    return log_->Update(SyncedTable::kVisits, uid, fields, hlc, actor);
  }));
  return LoadVisit(uid);
}

// ------------------------------------------------------------ post

Result<std::vector<Shipment>> NodeStore::ListShipments(const std::string& case_no) {
  std::string where;
  std::optional<RowId> case_uid;
  if (!case_no.empty()) {
    TB_ASSIGN_OR_RETURN(CaseRecord c, LoadCase(case_no));
    case_uid = c.uid;
    where = " WHERE case_uid = ?1";
  }
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                    "SELECT uid, case_uid, direction, carrier, waybill, address, "
                                    "state, created_at FROM shipments" + where + " ORDER BY id"));
  if (case_uid) st->BindBlob(1, case_uid->View());
  std::vector<Shipment> out;
  std::vector<RowId> cases;
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    Shipment s;
    TB_ASSIGN_OR_RETURN(s.uid, st->Id(0).WithContext(kCtxAShipment));
    s.ref = s.uid.Hex();
    TB_ASSIGN_OR_RETURN(const RowId kase, st->Id(1).WithContext(kCtxShipment, {s.ref}));
    cases.push_back(kase);
    TB_ASSIGN_OR_RETURN(s.direction, Stored(ParseShipmentDirection(st->Text(2)), kShipmentDamaged, {s.ref}));
    s.carrier = st->Text(3);
    s.waybill = st->Text(4);
    s.address = st->Text(5);
    TB_ASSIGN_OR_RETURN(s.state, Stored(ParseShipmentState(st->Text(6)), kShipmentDamaged, {s.ref}));
    s.created_at = st->Int(7);
    out.push_back(std::move(s));
  }
  TB_ASSIGN_OR_RETURN(auto* ev, db_->Prepare("SELECT at, state, place, note FROM shipment_events "
                                             "WHERE shipment_uid = ?1 ORDER BY at, id"));
  for (std::size_t i = 0; i < out.size(); ++i) {
    TB_ASSIGN_OR_RETURN(out[i].case_no, CaseNumberOf(cases[i]));
    ev->BindBlob(1, out[i].uid.View());
    for (;;) {
      TB_ASSIGN_OR_RETURN(bool row, ev->Step());
      if (!row) break;
      ShipmentEvent e{ev->Int(0), ShipmentState::kCreated, ev->Text(2), ev->Text(3)};
      TB_ASSIGN_OR_RETURN(e.state, Stored(ParseShipmentState(ev->Text(1)), kShipmentEventDamaged, {out[i].ref}));
      out[i].events.push_back(std::move(e));
    }
    ev->Reset();
  }
  return out;
}

Result<Shipment> NodeStore::FindShipment(const RowId& uid) {
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("SELECT c.case_no FROM shipments s JOIN cases c ON "
                                             "c.uid = s.case_uid WHERE s.uid = ?1"));
  st->BindBlob(1, uid.View());
  TB_ASSIGN_OR_RETURN(bool row, st->Step());
  const std::string case_no = row ? st->Text(0) : std::string();
  st->Reset();
  if (!row) return NotFound(kShipmentNotFound, {ShortRef(uid.Hex())});
  // A case has a handful of shipments: read them, keep the one asked for.
  TB_ASSIGN_OR_RETURN(auto of_case, ListShipments(case_no));
  for (auto& s : of_case)
    if (s.uid == uid) return std::move(s);
  return NotFound(kShipmentNotFound, {ShortRef(uid.Hex())});
}

Result<Shipment> NodeStore::CreateShipment(const Session& by, const ShipmentRequest& request) {
  if (!ActorForRole(by.role)) return PermissionDenied(kAdminNoChanges);
  ShipmentRequest req = request;
  std::transform(req.waybill.begin(), req.waybill.end(), req.waybill.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  TB_RETURN_IF_ERROR(ValidateWaybill(req.waybill));
  if (req.address.empty()) return InvalidArgument(kShipmentAddressMissing);
  if (req.carrier.empty()) return InvalidArgument(kShipmentCarrierMissing);
  TB_RETURN_IF_ERROR(CheckText(req.address, kAddressTooLong));
  RowId uid;
  TB_RETURN_IF_ERROR(Write(by, [&](Hlc hlc, std::int64_t actor) -> Status {
    // Decided on the case and its waybills as they are inside the transaction.
    TB_ASSIGN_OR_RETURN(CaseRecord c, LoadCase(req.case_no));
    TB_ASSIGN_OR_RETURN(ServiceItem item, ItemForCase(c.item_code, c.item_version));
    if (!item.allows.post)
      return FailedPrecondition(kItemNoPost, {item.name});
    if (req.direction == ShipmentDirection::kIn && IsTerminal(c.status))
      return FailedPrecondition(kCaseClosedNoMaterials, {c.case_no});
    if (req.direction == ShipmentDirection::kOut && c.status != CaseStatus::kResultReady)
      return c.status == CaseStatus::kDelivered || c.status == CaseStatus::kClosed
                 ? FailedPrecondition(kResultHandedOut, {c.case_no})
                 : FailedPrecondition(kResultNotReady,
                                      {c.case_no, std::string(CaseStatusLabel(c.status))});
    TB_ASSIGN_OR_RETURN(auto existing, ListShipments(c.case_no));
    for (const auto& s : existing)
      if (s.waybill == req.waybill)
        return Status(ErrorCode::kAlreadyExists, kWaybillExists, {req.waybill, c.case_no});
    const Millis now = wall_.NowMillis();
    uid = RowId::Generate(now);
    const std::string created(ShipmentStateName(ShipmentState::kCreated));
    TB_RETURN_IF_ERROR(log_->Insert(SyncedTable::kShipments, uid,
                                    {UidJson(c.uid), std::string(ShipmentDirectionName(req.direction)),
                                     req.carrier, req.waybill, req.address, created, now},
                                    hlc, actor));
    TB_RETURN_IF_ERROR(log_->Insert(SyncedTable::kShipmentEvents, RowId::Generate(now),
                                    {UidJson(c.uid), UidJson(uid), now, created,
                                     identity_.code, json()},
                                    hlc, actor));
    return LogCaseEvent(c, by, "shipment",
                        EventDetail({{"direction", std::string(ShipmentDirectionName(req.direction))},
                                     {"carrier", req.carrier},
                                     {"waybill", req.waybill}}),
                        hlc, actor);
  }));
  return FindShipment(uid);
}

Result<Shipment> NodeStore::TrackShipment(const Session& by, const std::string& ref,
                                          ShipmentState state, const std::string& place,
                                          const std::string& note) {
  if (!ActorForRole(by.role)) return PermissionDenied(kAdminNoChanges);
  TB_RETURN_IF_ERROR(CheckText(place, kPlaceTooLong));
  TB_RETURN_IF_ERROR(CheckText(note, kNoteTooLong));
  TB_ASSIGN_OR_RETURN(RowId uid, FindRef(*db_, "shipments", ref, kBadShipmentRef, kShipmentNotFound));
  TB_RETURN_IF_ERROR(Write(by, [&](Hlc hlc, std::int64_t actor) -> Status {
    // Decided on the shipment as it is inside the transaction.
    TB_ASSIGN_OR_RETURN(Shipment s, FindShipment(uid));
    if (!ShipmentMoveAllowed(s.state, state))
      return FailedPrecondition(kShipmentWrongState,
                                {s.waybill, std::string(ShipmentStateLabel(s.state)),
                                 std::string(ShipmentStateLabel(state))});
    TB_ASSIGN_OR_RETURN(CaseRecord c, LoadCase(s.case_no));
    const Millis now = wall_.NowMillis();
    TB_RETURN_IF_ERROR(log_->Update(SyncedTable::kShipments, uid,
                                    {{"state", std::string(ShipmentStateName(state))}}, hlc, actor));
    TB_RETURN_IF_ERROR(log_->Insert(SyncedTable::kShipmentEvents, RowId::Generate(now),
                                    {UidJson(c.uid), UidJson(uid), now,
                                     std::string(ShipmentStateName(state)), Opt(place), Opt(note)},
                                    hlc, actor));
    if (state == ShipmentState::kSent) return Status::Ok();  // legs of the way stay off the timeline
    return LogCaseEvent(c, by, "shipment",
                        EventDetail({{"waybill", s.waybill},
                                     {"state", std::string(ShipmentStateName(state))}}),
                        hlc, actor);
  }));
  return FindShipment(uid);
}

// ------------------------------------------------------------ ratings

Result<std::vector<Rating>> NodeStore::RatingsOf(const std::string& case_no) {
  TB_ASSIGN_OR_RETURN(CaseRecord c, LoadCase(case_no));
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("SELECT uid, score, indicators, comment, rated_at, "
                                             "node, channel FROM ratings WHERE case_uid = ?1 "
                                             "ORDER BY rated_at, id"));
  st->BindBlob(1, c.uid.View());
  std::vector<Rating> out;
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    TB_ASSIGN_OR_RETURN(const RowId uid, st->Id(0).WithContext(kCtxRating, {c.case_no}));
    out.push_back(Rating{uid, c.case_no,
                         static_cast<int>(st->Int(1)), SplitCodes(st->Text(2)), st->Text(3),
                         st->Int(4), st->Text(5), st->Text(6)});
  }
  return out;
}

Result<Rating> NodeStore::RateCase(const Session& by, const RatingRequest& req) {
  const auto who = ActorForRole(by.role);
  if (!who || *who != Actor::kStation)
    return PermissionDenied(kRatingStationOnly);
  if (req.score < 1 || req.score > 5) return InvalidArgument(kRatingScore);
  TB_RETURN_IF_ERROR(ValidateRatingIndicators(req.indicators));
  TB_RETURN_IF_ERROR(CheckText(req.comment, kCommentTooLong));
  Rating r;
  TB_RETURN_IF_ERROR(Write(by, [&](Hlc hlc, std::int64_t actor) -> Status {
    // Decided inside the transaction: two windows rating one case at once rate it once.
    TB_ASSIGN_OR_RETURN(CaseRecord c, LoadCase(req.case_no));
    if (c.receiving_station != identity_.code)
      return PermissionDenied(kRatingWrongStation, {c.case_no, c.receiving_station});
    const bool served = IsTerminal(c.status) || c.status == CaseStatus::kDelivered ||
                        c.status == CaseStatus::kResultReady;
    if (!served)
      return FailedPrecondition(kRatingTooEarly, {c.case_no, std::string(CaseStatusLabel(c.status))});
    TB_ASSIGN_OR_RETURN(auto earlier, RatingsOf(c.case_no));
    if (!earlier.empty()) return FailedPrecondition(kRatedAlready, {c.case_no});
    const Millis now = wall_.NowMillis();
    r = Rating{RowId::Generate(now), c.case_no, req.score, req.indicators, req.comment, now,
               identity_.code, std::string(ChannelName(c.channel))};
    TB_RETURN_IF_ERROR(log_->Insert(SyncedTable::kRatings, r.uid,
                                    {UidJson(c.uid), r.score, Opt(JoinCodes(r.indicators)),
                                     Opt(r.comment), r.rated_at, r.node, r.channel},
                                    hlc, actor));
    json detail = {{"score", r.score}};
    if (r.score <= kBadRatingMax) {
      // A bad rating must be put right within 15 working days.
      const Deadline d = calendar_.ComputeDeadline(now, kRectificationLimit);
      TB_RETURN_IF_ERROR(log_->Insert(
          SyncedTable::kCommitments, RowId::Generate(now),
          {UidJson(c.uid), std::string(CommitmentKindName(CommitmentKind::kRectification)), "",
           d.due, d.provisional ? 1 : 0, std::string(CommitmentStateName(CommitmentState::kOpen))},
          hlc, actor));
      detail["rectify_due"] = FormatDue(d.due, "workday");
    }
    return LogCaseEvent(c, by, "rating", EventDetail(detail), hlc, actor);
  }));
  return r;
}

Result<CaseRecord> NodeStore::CloseRectification(const Session& by, const std::string& case_no,
                                                 const std::string& note) {
  if (!ActorForRole(by.role)) return PermissionDenied(kAdminNoChanges);
  if (note.empty()) return InvalidArgument(kRectifyNote);
  TB_RETURN_IF_ERROR(CheckText(note, kNoteTooLong));
  TB_RETURN_IF_ERROR(Write(by, [&](Hlc hlc, std::int64_t actor) -> Status {
    TB_ASSIGN_OR_RETURN(CaseRecord c, LoadCase(case_no));  // decided inside the transaction
    auto open = std::find_if(c.commitments.begin(), c.commitments.end(), [](const Commitment& k) {
      return k.kind == CommitmentKind::kRectification && k.state == CommitmentState::kOpen;
    });
    if (open == c.commitments.end())
      return FailedPrecondition(kNoOpenRectification, {case_no});
    TB_RETURN_IF_ERROR(log_->Update(SyncedTable::kCommitments, open->uid,
                                    {{"state", std::string(CommitmentStateName(
                                                   CommitmentState::kFulfilled))}},
                                    hlc, actor));
    return LogCaseEvent(c, by, "rectified", note, hlc, actor);
  }));
  return LoadCase(case_no);
}

// ------------------------------------------------------------ timers

Result<TimerSweep> NodeStore::RunTimers(const Session& by) {
  TimerSweep sweep;
  TB_ASSIGN_OR_RETURN(int no_shows, MarkNoShows(by));
  if (no_shows) sweep.messages.push_back(std::to_string(no_shows) + " appointment(s) marked no-show");
  // What is due is read inside the transaction that escalates it: a pull that closed a
  // case or fulfilled a commitment meanwhile is seen, never escalated over.
  TB_RETURN_IF_ERROR(Write(by, [&](Hlc hlc, std::int64_t actor) -> Status {
    const Millis now = wall_.NowMillis();

    // Cases this node processes whose promised limit ran out.
    struct Due {
      RowId record, case_uid;
      EscalationKind kind;
      Millis due;
      std::string label;
      std::string unit;  // how the due time reads
    };
    std::vector<Due> due;
    TB_ASSIGN_OR_RETURN(auto* cs, db_->Prepare("SELECT uid, status, due_at, case_no, due_unit FROM "
                                               "cases WHERE processing_office = ?1 AND due_at <= ?2"));
    cs->Bind(1, identity_.code).Bind(2, now);
    for (;;) {
      TB_ASSIGN_OR_RETURN(bool row, cs->Step());
      if (!row) break;
      TB_ASSIGN_OR_RETURN(CaseStatus s, Stored(ParseCaseStatus(cs->Text(1)), kCaseDamaged, {cs->Text(3)}));
      if (!ClockRuns(s)) continue;
      TB_ASSIGN_OR_RETURN(const RowId uid, cs->Id(0).WithContext(kCtxCase, {cs->Text(3)}));
      due.push_back({uid, uid, EscalationKind::kCaseOverdue, cs->Int(2), "case " + cs->Text(3),
                     cs->Text(4)});
    }
    // Open commitments and rectifications past due, on cases this node processes.
    TB_ASSIGN_OR_RETURN(auto* ks, db_->Prepare(
                                      "SELECT k.uid, k.case_uid, k.kind, k.due, c.case_no FROM "
                                      "commitments k JOIN cases c ON c.uid = k.case_uid WHERE "
                                      "k.state = 'open' AND k.due <= ?1 AND c.processing_office = ?2 "
                                      "AND c.status NOT IN ('withdrawn', 'not_accepted', 'revoked')"));
    ks->Bind(1, now).Bind(2, identity_.code);
    for (;;) {
      TB_ASSIGN_OR_RETURN(bool row, ks->Step());
      if (!row) break;
      const bool rectify = ks->Text(2) == CommitmentKindName(CommitmentKind::kRectification);
      TB_ASSIGN_OR_RETURN(const RowId owed, ks->Id(0).WithContext(kCtxCommitment, {ks->Text(4)}));
      TB_ASSIGN_OR_RETURN(const RowId kase, ks->Id(1).WithContext(kCtxCommitment, {ks->Text(4)}));
      due.push_back({owed, kase,
                     rectify ? EscalationKind::kRectificationOverdue
                             : EscalationKind::kCommitmentOverdue,
                     ks->Int(3),
                     (rectify ? "rectification of case " : "commitment of case ") + ks->Text(4),
                     "workday"});
    }
    // Open escalations whose timer is dealt with are closed, saying how.
    std::vector<std::pair<RowId, std::string>> closing;
    TB_ASSIGN_OR_RETURN(auto* es, db_->Prepare("SELECT e.uid, e.kind, c.case_no FROM escalations e "
                                               "JOIN cases c ON c.uid = e.case_uid WHERE e.state = "
                                               "'open' AND e.office = ?1"));
    es->Bind(1, identity_.code);
    std::vector<std::tuple<RowId, std::string, std::string>> open;
    for (;;) {
      TB_ASSIGN_OR_RETURN(bool row, es->Step());
      if (!row) break;
      TB_ASSIGN_OR_RETURN(const RowId uid, es->Id(0).WithContext(kCtxEscalationOf, {es->Text(2)}));
      open.emplace_back(uid, es->Text(1), es->Text(2));
    }
    for (const auto& [uid, kind, case_no] : open) {
      TB_ASSIGN_OR_RETURN(CaseRecord c, LoadCase(case_no));
      std::string note;
      if (kind == EscalationKindName(EscalationKind::kCaseOverdue)) {
        if (!IsOpenAtOffice(c.status)) note = "办件已" + std::string(CaseStatusLabel(c.status));
      } else if (kind == EscalationKindName(EscalationKind::kRectificationOverdue)) {
        if (std::none_of(c.commitments.begin(), c.commitments.end(), [](const Commitment& k) {
              return k.kind == CommitmentKind::kRectification && k.state == CommitmentState::kOpen;
            }))
          note = "整改已完成";
      } else if (std::none_of(c.materials.begin(), c.materials.end(),
                              [](const CaseMaterial& m) { return IsOwed(m.state); })) {
        note = "所欠材料已补齐";
      }
      if (!note.empty()) closing.emplace_back(uid, note);
    }
    if (due.empty() && closing.empty()) return Status::Ok();
    TB_ASSIGN_OR_RETURN(auto* exists, db_->Prepare("SELECT 1 FROM escalations WHERE uid = ?1"));
    for (const auto& [uid, note] : closing) {
      TB_RETURN_IF_ERROR(log_->Update(SyncedTable::kEscalations, uid,
                                      {{"state", "closed"}, {"note", note}}, hlc, actor));
      ++sweep.closed;
      sweep.messages.push_back("escalation closed: " + note);
    }
    for (const auto& d : due) {
      if (d.kind == EscalationKind::kCommitmentOverdue) {
        TB_RETURN_IF_ERROR(log_->Update(SyncedTable::kCommitments, d.record,
                                        {{"state", std::string(CommitmentStateName(
                                                       CommitmentState::kBreached))}},
                                        hlc, actor));
        ++sweep.breached;
      }
      const RowId id = EscalationId(d.record, d.kind);
      exists->BindBlob(1, id.View());
      TB_ASSIGN_OR_RETURN(bool known, exists->Step());
      exists->Reset();
      if (known) continue;
      // Every field derives from the timer, so two nodes escalating it agree exactly.
      TB_RETURN_IF_ERROR(log_->Insert(SyncedTable::kEscalations, id,
                                      {UidJson(d.case_uid), std::string(EscalationKindName(d.kind)),
                                       d.due, d.due, identity_.code, "open", json()},
                                      hlc, actor));
      ++sweep.escalated;
      sweep.messages.push_back(std::string(EscalationKindLabel(d.kind)) + ": " + d.label +
                               " was due " + FormatDue(d.due, d.unit));
    }
    return Status::Ok();
  }));
  return sweep;
}

Result<std::vector<Escalation>> NodeStore::ListEscalations(bool open_only) {
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                    "SELECT e.uid, c.case_no, e.kind, e.due, e.office, e.state, "
                                    "e.note, c.due_unit FROM escalations e JOIN cases c ON c.uid = "
                                    "e.case_uid WHERE (?1 = 0 OR e.state = 'open') ORDER BY e.due"));
  st->Bind(1, open_only ? 1 : 0);
  std::vector<Escalation> out;
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    Escalation e;
    TB_ASSIGN_OR_RETURN(e.uid, st->Id(0).WithContext(kCtxAnEscalation));
    e.case_no = st->Text(1);
    const std::string kind = st->Text(2);
    e.kind = kind == "commitment_overdue"      ? EscalationKind::kCommitmentOverdue
             : kind == "rectification_overdue" ? EscalationKind::kRectificationOverdue
                                               : EscalationKind::kCaseOverdue;
    e.due = st->Int(3);
    e.office = st->Text(4);
    e.open = st->Text(5) == "open";
    e.note = st->Text(6);
    e.due_unit = e.kind == EscalationKind::kCaseOverdue ? st->Text(7) : "workday";
    out.push_back(std::move(e));
  }
  return out;
}

Result<int> NodeStore::RecomputeDeadlines(const Session& by, const std::string& why) {
  int changed = 0;
  TB_RETURN_IF_ERROR(Write(by, [&](Hlc hlc, std::int64_t actor) -> Status {
    TB_ASSIGN_OR_RETURN(changed, RecomputeDeadlinesIn(by, why, hlc, actor));
    return Status::Ok();
  }));
  return changed;
}

Result<int> NodeStore::RecomputeDeadlinesIn(const Session& by, const std::string& why, Hlc hlc,
                                            std::int64_t actor) {
  // Open cases: their promised limit; open commitments: their own limit from when they began.
  // The processing office owns a case's deadlines: it recomputes on its calendar and the
  // other nodes receive the result by sync (one calendar decides, one event is logged).
  // The status list is IsOpenAtOffice's, in SQL so the database does the filtering.
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                    "SELECT case_no FROM cases WHERE processing_office = ?1 AND "
                                    "(status NOT IN ('not_accepted', 'withdrawn', 'revoked', "
                                    "'result_ready', 'delivered', 'closed') OR uid IN (SELECT "
                                    "case_uid FROM commitments WHERE state = 'open'))"));
  st->Bind(1, identity_.code);
  std::vector<std::string> open;
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    open.push_back(st->Text(0));
  }
  int changed = 0;
  for (const auto& case_no : open) {
    TB_ASSIGN_OR_RETURN(CaseRecord c, LoadCase(case_no));
    TB_ASSIGN_OR_RETURN(ServiceItem item, ItemForCase(c.item_code, c.item_version));
    auto fields = IsOpenAtOffice(c.status) ? DeadlineFields(c, item)
                                           : std::vector<std::pair<std::string_view, json>>{};
    std::vector<std::pair<RowId, Deadline>> commitments;
    for (const auto& k : c.commitments) {
      if (k.state != CommitmentState::kOpen) continue;
      const TimeLimit limit = k.kind == CommitmentKind::kRectification ? kRectificationLimit
                                                                        : item.commitment_limit;
      const Deadline d = calendar_.ComputeDeadline(k.uid.Millis(), limit);
      if (d.due != k.due || d.provisional != k.due_provisional) commitments.emplace_back(k.uid, d);
    }
    if (fields.empty() && commitments.empty()) continue;
    const Deadline now_due = CaseDeadline(c, item, wall_.NowMillis());
    if (!fields.empty())
      TB_RETURN_IF_ERROR(log_->Update(SyncedTable::kCases, c.uid, fields, hlc, actor));
    for (const auto& [uid, d] : commitments)
      TB_RETURN_IF_ERROR(log_->Update(SyncedTable::kCommitments, uid,
                                      {{"due", d.due}, {"due_provisional", d.provisional ? 1 : 0}},
                                      hlc, actor));
    json detail = {{"reason", why}};
    if (!fields.empty()) {
      detail["from"] = FormatDue(c.due_at, c.due_unit);
      detail["to"] = FormatDue(now_due.due, c.due_unit);
      if (now_due.provisional) detail["provisional"] = true;
    }
    TB_RETURN_IF_ERROR(
        LogCaseEvent(c, by, "deadline_recomputed", EventDetail(detail), hlc, actor));
    ++changed;
  }
  return changed;
}

// ------------------------------------------------------------ figures

Result<ModeStats> NodeStore::ModeFigures(Millis from, Millis to) {
  ModeStats m;
  for (int s = 1; s <= 5; ++s) m.ratings[s] = 0;
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
      "SELECT "
      "(SELECT COUNT(*) FROM appointments WHERE start_at >= ?1 AND start_at < ?2), "
      "(SELECT COUNT(*) FROM appointments WHERE start_at >= ?1 AND start_at < ?2 AND state = 'no_show'), "
      "(SELECT COUNT(*) FROM visits WHERE planned_day >= ?3 AND planned_day < ?4), "
      "(SELECT COUNT(*) FROM visits WHERE planned_day >= ?3 AND planned_day < ?4 AND state = 'visited'), "
      "(SELECT COUNT(*) FROM shipments WHERE created_at >= ?1 AND created_at < ?2 AND direction = 'in'), "
      "(SELECT COUNT(*) FROM shipments WHERE created_at >= ?1 AND created_at < ?2 AND direction = 'out'), "
      "(SELECT COUNT(*) FROM escalations WHERE state = 'open'), "
      "(SELECT COUNT(*) FROM commitments WHERE state = 'open' AND kind = 'rectification'), "
      "(SELECT COUNT(*) FROM commitments WHERE state = 'open' AND kind != 'rectification'), "
      "(SELECT COUNT(*) FROM commitments WHERE state = 'breached')"));
  st->Bind(1, from).Bind(2, to).Bind(3, FormatDate(LocalDate(from)));
  st->Bind(4, FormatDate(LocalDate(to - 1) + std::chrono::days{1}));
  TB_ASSIGN_OR_RETURN(bool row, st->Step());
  if (row) {
    m.appointments = st->Int(0);
    m.appointments_no_show = st->Int(1);
    m.visits = st->Int(2);
    m.visits_done = st->Int(3);
    m.shipments_in = st->Int(4);
    m.shipments_out = st->Int(5);
    m.escalations_open = st->Int(6);
    m.rectifications_open = st->Int(7);
    m.commitments_open = st->Int(8);
    m.commitments_breached = st->Int(9);
  }
  st->Reset();
  TB_ASSIGN_OR_RETURN(auto* rs, db_->Prepare("SELECT score, COUNT(*) FROM ratings WHERE rated_at "
                                             ">= ?1 AND rated_at < ?2 GROUP BY score"));
  rs->Bind(1, from).Bind(2, to);
  std::int64_t n = 0, sum = 0;
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool r, rs->Step());
    if (!r) break;
    m.ratings[static_cast<int>(rs->Int(0))] = rs->Int(1);
    n += rs->Int(1);
    sum += rs->Int(0) * rs->Int(1);
  }
  m.rating_average = n ? static_cast<double>(sum) / static_cast<double>(n) : 0;
  return m;
}

Result<TodayOverview> NodeStore::Today() {
  TodayOverview t;
  const Millis now = wall_.NowMillis();
  // Work of this node: its own window's cases and the ones its back office processes.
  TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                    "SELECT status, priority, received_at, accepted_at, due_at, "
                                    "receiving_station FROM cases WHERE status NOT IN "
                                    "('not_accepted', 'withdrawn', 'revoked', 'closed')"));
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    TB_ASSIGN_OR_RETURN(CaseStatus s, Stored(ParseCaseStatus(st->Text(0)), kStationCaseDamaged, {}));
    if (s == CaseStatus::kResultReady && st->Text(5) == identity_.code) ++t.waiting_handout;
    if (!ClockRuns(s)) continue;
    ++t.queue;
    if (st->Text(1) == "green") ++t.green;
    const Millis start = st->IsNull(3) ? st->Int(2) : st->Int(3);
    switch (EvaluateTimer(start, st->Int(4), now)) {
      case TimerState::kWarning: ++t.warning; break;
      case TimerState::kOverdue: ++t.overdue; break;
      case TimerState::kNormal: break;
    }
  }
  const Date today = LocalDate(now);
  TB_ASSIGN_OR_RETURN(t.appointments, ListAppointments(today, today));
  // Commitments falling due within five working days.
  const Millis horizon = calendar_.ComputeDeadline(now, TimeLimit{5, TimeUnit::kWorkday}).due;
  TB_ASSIGN_OR_RETURN(auto* ks, db_->Prepare("SELECT c.case_no, k.due FROM commitments k JOIN "
                                             "cases c ON c.uid = k.case_uid WHERE k.state = "
                                             "'open' AND k.due < ?1 ORDER BY k.due"));
  ks->Bind(1, horizon);
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, ks->Step());
    if (!row) break;
    t.commitments_due.emplace_back(ks->Text(0), ks->Int(1));
  }
  return t;
}

}  // namespace tongban::node
