// The service modes beyond the window: appointments (预约办), door visits (上门办),
// post (邮递办), ratings (好差评) and escalations of overdue timers (超时问责).
//
// Pure rules and records; NodeStore stores them and syncs them like cases.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tongban/node/domain/work_calendar.h"
#include "tongban/status.h"
#include "tongban/sync/row_id.h"

namespace tongban::node {

// ------------------------------------------------------------ appointments

enum class AppointmentState { kBooked, kCheckedIn, kNoShow, kConverted, kCancelled };
inline constexpr int kAppointmentStateCount = 5;
std::string_view AppointmentStateName(AppointmentState s);
std::string_view AppointmentStateLabel(AppointmentState s);  // 已预约, 已签到, 爽约, 已转办件, 已取消
Result<AppointmentState> ParseAppointmentState(std::string_view name);

// Which slots a station offers for an item (or '*' for every item taking appointments).
struct AppointmentRule {
  std::string item_code = "*";
  bool offday = false;  // weekends and holidays: off-hours service
  int start_minute = 9 * 60;
  int end_minute = 12 * 60;
  int slot_minutes = 30;
  int capacity = 2;
};
// The rules a station starts with: working days 09:00-12:00 and 14:00-17:00 in half
// hours, two per slot; an evening slot 17:00-19:00 and Saturday mornings off-hours.
std::vector<AppointmentRule> DefaultAppointmentRules();
Status ValidateAppointmentRule(const AppointmentRule& r);

struct AppointmentSlot {
  Millis start = 0;
  int minutes = 0;
  int capacity = 0;
  int booked = 0;
  bool off_hours = false;  // evening, weekend or holiday
};
// The slots of one day for one item from the rules (booked counts left at 0).
// Evening slots (starting at or after 17:00) and every slot of a day off are off-hours.
std::vector<AppointmentSlot> SlotsForDay(const std::vector<AppointmentRule>& rules,
                                         const std::string& item_code, Date day,
                                         const WorkCalendar& calendar);

// How many hex digits of a reference lists show: its last ones, since the first are the
// time it was made and alike for records made together. Commands take the last 6 or
// more, or all 32.
inline constexpr std::size_t kShortRefDigits = 8;
inline constexpr std::size_t kFewestRefDigits = 6;
// The short form of a reference for people: "3f9c07a2".
inline std::string ShortRef(std::string_view ref) {
  return std::string(ref.substr(ref.size() > kShortRefDigits ? ref.size() - kShortRefDigits : 0));
}

struct Appointment {
  sync::RowId uid;
  std::string ref;  // uid in hex, what screens and the CLI use
  std::string node;
  std::string item_code;
  std::string item_name;
  Millis start_at = 0;
  int minutes = 0;
  bool off_hours = false;
  std::string applicant_name;
  std::string applicant_id;
  std::string applicant_phone;
  AppointmentState state = AppointmentState::kBooked;
  std::optional<sync::RowId> case_uid;  // once converted
  std::string case_no;
  std::string note;
};

// ------------------------------------------------------------ door visits

enum class VisitState { kPlanned, kVisited, kFailed, kCancelled };
inline constexpr int kVisitStateCount = 4;
std::string_view VisitStateName(VisitState s);
std::string_view VisitStateLabel(VisitState s);  // 待上门, 已上门, 未见到, 已取消
Result<VisitState> ParseVisitState(std::string_view name);

struct Visit {
  sync::RowId uid;
  std::string ref;
  std::string planned_by;
  std::string field_node;
  std::string item_code;
  std::string applicant_name;
  std::string applicant_id;
  std::string applicant_phone;
  std::string address;
  Date planned_day;
  std::string purpose;
  VisitState state = VisitState::kPlanned;
  std::string outcome;
  std::optional<Millis> visited_at;
  std::string visited_by;
  std::optional<sync::RowId> case_uid;  // case received at the door
  std::string case_no;
};

// ------------------------------------------------------------ post

enum class ShipmentDirection { kIn, kOut };  // materials from the applicant / result to them
enum class ShipmentState { kCreated, kSent, kDelivered, kReturned, kLost };
inline constexpr int kShipmentStateCount = 5;
std::string_view ShipmentDirectionName(ShipmentDirection d);
std::string_view ShipmentStateName(ShipmentState s);
std::string_view ShipmentStateLabel(ShipmentState s);  // 已登记, 已寄出, 已签收, 已退回, 已丢失
Result<ShipmentDirection> ParseShipmentDirection(std::string_view name);
Result<ShipmentState> ParseShipmentState(std::string_view name);
// Whether tracking may move a shipment from one state to another.
bool ShipmentMoveAllowed(ShipmentState from, ShipmentState to);
// The steps a clerk is offered next, in order: fewer than tracking may record (it may
// repeat "sent" for each leg), so a letter already sent is never offered "sent" again.
// One registered may be marked at any leg; one sent arrives, comes back or is lost; one
// returned may be sent again; one delivered or lost is done.
std::vector<ShipmentState> ShipmentNextSteps(ShipmentState from);
// Waybill numbers: 8 to 30 letters and digits.
Status ValidateWaybill(std::string_view waybill);

struct ShipmentEvent {
  Millis at = 0;
  ShipmentState state = ShipmentState::kCreated;
  std::string place;
  std::string note;
};

struct Shipment {
  sync::RowId uid;
  std::string ref;
  std::string case_no;
  ShipmentDirection direction = ShipmentDirection::kOut;
  std::string carrier;
  std::string waybill;
  std::string address;
  ShipmentState state = ShipmentState::kCreated;
  Millis created_at = 0;
  std::vector<ShipmentEvent> events;
};

// ------------------------------------------------------------ ratings

// The indicators an applicant may tick (codes travel, labels are shown).
struct RatingIndicator {
  std::string_view code;   // "attitude"
  std::string_view label;  // "服务态度"
};
const std::vector<RatingIndicator>& RatingIndicators();
Status ValidateRatingIndicators(const std::vector<std::string>& codes);
// A rating at or below this opens a rectification due in 15 working days.
inline constexpr int kBadRatingMax = 2;
inline constexpr TimeLimit kRectificationLimit{15, TimeUnit::kWorkday};

struct Rating {
  sync::RowId uid;
  std::string case_no;
  int score = 0;
  std::vector<std::string> indicators;
  std::string comment;
  Millis rated_at = 0;
  std::string node;
  std::string channel;
};

// ------------------------------------------------------------ escalations

enum class EscalationKind { kCaseOverdue, kCommitmentOverdue, kRectificationOverdue };
inline constexpr int kEscalationKindCount = 3;
std::string_view EscalationKindName(EscalationKind k);
std::string_view EscalationKindLabel(EscalationKind k);  // 办件超期, 承诺超期, 整改超期

struct Escalation {
  sync::RowId uid;
  std::string case_no;
  EscalationKind kind = EscalationKind::kCaseOverdue;
  Millis due = 0;
  std::string due_unit;  // how `due` reads (FormatDue): the case's unit, or workday
  std::string office;
  bool open = true;
  std::string note;
};

// The id of the escalation of one timer: the same on every node that notices it,
// so two nodes escalating the same overdue case make one record, not two.
sync::RowId EscalationId(const sync::RowId& timer_record, EscalationKind kind);

}  // namespace tongban::node
