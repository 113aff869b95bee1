#include "tongban/node/domain/service_modes.h"

#include <algorithm>
#include <array>

namespace tongban::node {
namespace {

// One table per coded enum: wire name and Chinese label, in enum order.
struct Code {
  std::string_view name, label;
};

constexpr std::array<Code, kAppointmentStateCount> kAppointmentStates{{{"booked", "已预约"},
                                                  {"checked_in", "已签到"},
                                                  {"no_show", "爽约"},
                                                  {"converted", "已转办件"},
                                                  {"cancelled", "已取消"}}};
constexpr std::array<Code, kVisitStateCount> kVisitStates{
    {{"planned", "待上门"}, {"visited", "已上门"}, {"failed", "未见到"}, {"cancelled", "已取消"}}};
constexpr std::array<Code, kShipmentStateCount> kShipmentStates{{{"created", "已登记"},
                                               {"sent", "已寄出"},
                                               {"delivered", "已签收"},
                                               {"returned", "已退回"},
                                               {"lost", "已丢失"}}};
constexpr std::array<Code, kEscalationKindCount> kEscalationKinds{{{"case_overdue", "办件超期"},
                                                {"commitment_overdue", "承诺超期"},
                                                {"rectification_overdue", "整改超期"}}};

constexpr MessageDef kUnknownAppointmentState{"service_rules.unknown_appointment_state",
                                              "unknown appointment state '{0}' (one of {1})"};
constexpr MessageDef kUnknownVisitState{"service_rules.unknown_visit_state",
                                        "unknown visit state '{0}' (one of {1})"};
constexpr MessageDef kUnknownShipmentState{"service_rules.unknown_shipment_state",
                                           "unknown shipment state '{0}' (one of {1})"};
constexpr MessageDef kRuleNoItem{"service_rules.rule_no_item",
                                 "an appointment rule needs an item code or '*'"};
constexpr MessageDef kRuleHours{"service_rules.rule_hours",
                                "appointment hours must lie within one day, start before end"};
constexpr MessageDef kSlotLength{"service_rules.slot_length",
                                 "an appointment slot lasts 5 minutes to 8 hours"};
constexpr MessageDef kSlotCapacity{"service_rules.slot_capacity",
                                   "a slot takes 1 to 100 appointments"};
constexpr MessageDef kBadDirection{"service_rules.bad_direction",
                                   "shipment direction must be in (materials to us) or out "
                                   "(result to the applicant), not '{0}'"};
constexpr MessageDef kBadWaybill{"service_rules.bad_waybill",
                                 "waybill number '{0}' must be 8 to 30 capital letters and digits"};
constexpr MessageDef kUnknownIndicator{"service_rules.unknown_indicator",
                                       "unknown rating indicator '{0}' (one of {1:indicators})"};

// `unknown` says what the name is for: "unknown visit state '{0}' (one of {1})".
template <typename E, std::size_t N>
Result<E> ParseCode(const std::array<Code, N>& table, std::string_view name,
                    const MessageDef& unknown) {
  for (std::size_t i = 0; i < N; ++i)
    if (table[i].name == name) return static_cast<E>(i);
  std::string known;
  for (const auto& c : table) known += (known.empty() ? "" : ", ") + std::string(c.name);
  return InvalidArgument(unknown, {std::string(name), known});
}

constexpr int kEveningMinute = 17 * 60;  // slots from here on are outside office hours

}  // namespace

std::string_view AppointmentStateName(AppointmentState s) {
  return kAppointmentStates[static_cast<int>(s)].name;
}
std::string_view AppointmentStateLabel(AppointmentState s) {
  return kAppointmentStates[static_cast<int>(s)].label;
}
Result<AppointmentState> ParseAppointmentState(std::string_view name) {
  return ParseCode<AppointmentState>(kAppointmentStates, name, kUnknownAppointmentState);
}

std::vector<AppointmentRule> DefaultAppointmentRules() {
  return {
      {"*", false, 9 * 60, 12 * 60, 30, 2},
      {"*", false, 14 * 60, 17 * 60, 30, 2},
      {"*", false, 17 * 60, 19 * 60, 60, 1},  // evenings for people who work by day
      {"*", true, 9 * 60, 12 * 60, 60, 1},    // weekend and holiday mornings
  };
}

Status ValidateAppointmentRule(const AppointmentRule& r) {
  if (r.item_code.empty()) return InvalidArgument(kRuleNoItem);
  if (r.start_minute < 0 || r.end_minute > 24 * 60 || r.start_minute >= r.end_minute)
    return InvalidArgument(kRuleHours);
  if (r.slot_minutes < 5 || r.slot_minutes > 8 * 60)
    return InvalidArgument(kSlotLength);
  if (r.capacity < 1 || r.capacity > 100)
    return InvalidArgument(kSlotCapacity);
  return Status::Ok();
}

std::vector<AppointmentSlot> SlotsForDay(const std::vector<AppointmentRule>& rules,
                                         const std::string& item_code, Date day,
                                         const WorkCalendar& calendar) {
  if (calendar.IsClosed(day)) return {};
  const bool offday = !calendar.IsWorkday(day);
  // Rules for the item itself replace the '*' rules.
  const bool item_rules = std::any_of(rules.begin(), rules.end(),
                                      [&](const auto& r) { return r.item_code == item_code; });
  std::vector<AppointmentSlot> out;
  for (const auto& r : rules) {
    if (r.offday != offday) continue;
    if (item_rules ? r.item_code != item_code : r.item_code != "*") continue;
    for (int m = r.start_minute; m + r.slot_minutes <= r.end_minute; m += r.slot_minutes) {
      out.push_back(AppointmentSlot{StartOfLocalDay(day) + Millis{m} * 60'000, r.slot_minutes,
                                    r.capacity, 0, offday || m >= kEveningMinute});
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
  return out;
}

std::string_view VisitStateName(VisitState s) { return kVisitStates[static_cast<int>(s)].name; }
std::string_view VisitStateLabel(VisitState s) { return kVisitStates[static_cast<int>(s)].label; }
Result<VisitState> ParseVisitState(std::string_view name) {
  return ParseCode<VisitState>(kVisitStates, name, kUnknownVisitState);
}

std::string_view ShipmentDirectionName(ShipmentDirection d) {
  return d == ShipmentDirection::kIn ? "in" : "out";
}
std::string_view ShipmentStateName(ShipmentState s) {
  return kShipmentStates[static_cast<int>(s)].name;
}
std::string_view ShipmentStateLabel(ShipmentState s) {
  return kShipmentStates[static_cast<int>(s)].label;
}
Result<ShipmentDirection> ParseShipmentDirection(std::string_view name) {
  if (name == "in") return ShipmentDirection::kIn;
  if (name == "out") return ShipmentDirection::kOut;
  return InvalidArgument(kBadDirection, {std::string(name)});
}
Result<ShipmentState> ParseShipmentState(std::string_view name) {
  return ParseCode<ShipmentState>(kShipmentStates, name, kUnknownShipmentState);
}

bool ShipmentMoveAllowed(ShipmentState from, ShipmentState to) {
  switch (from) {
    case ShipmentState::kCreated:  // a leg of tracking may be missed
      return to != ShipmentState::kCreated;
    case ShipmentState::kSent:  // tracking may repeat "sent" for each leg of the way
      return to != ShipmentState::kCreated;
    case ShipmentState::kReturned:  // a returned letter may be sent again
      return to == ShipmentState::kSent;
    case ShipmentState::kDelivered:
    case ShipmentState::kLost:
      return false;
  }
  return false;
}

std::vector<ShipmentState> ShipmentNextSteps(ShipmentState from) {
  std::vector<ShipmentState> next;
  for (int i = 0; i < kShipmentStateCount; ++i) {
    const auto to = static_cast<ShipmentState>(i);
    if (ShipmentMoveAllowed(from, to) && !(from == ShipmentState::kSent && to == from))
      next.push_back(to);
  }
  return next;
}

Status ValidateWaybill(std::string_view waybill) {
  const bool ok = waybill.size() >= 8 && waybill.size() <= 30 &&
                  std::all_of(waybill.begin(), waybill.end(), [](char c) {
                    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
                  });
  if (!ok)
    return InvalidArgument(kBadWaybill, {std::string(waybill)});
  return Status::Ok();
}

const std::vector<RatingIndicator>& RatingIndicators() {
  static const std::vector<RatingIndicator> kIndicators = {
      {"attitude", "服务态度"},   {"efficiency", "办事效率"}, {"notice", "一次告知清楚"},
      {"trips", "少跑腿"},        {"environment", "窗口环境"}, {"fairness", "公正廉洁"},
  };
  return kIndicators;
}

Status ValidateRatingIndicators(const std::vector<std::string>& codes) {
  const auto& all = RatingIndicators();
  for (const auto& code : codes) {
    if (std::any_of(all.begin(), all.end(), [&](const auto& i) { return i.code == code; }))
      continue;
    std::string known;
    for (const auto& i : all) known += (known.empty() ? "" : ", ") + std::string(i.code);
    return InvalidArgument(kUnknownIndicator, {code, known});
  }
  return Status::Ok();
}

std::string_view EscalationKindName(EscalationKind k) {
  return kEscalationKinds[static_cast<int>(k)].name;
}
std::string_view EscalationKindLabel(EscalationKind k) {
  return kEscalationKinds[static_cast<int>(k)].label;
}

sync::RowId EscalationId(const sync::RowId& timer_record, EscalationKind kind) {
  // Keep the timer's time prefix (ids stay time-ordered), mark the id as derived
  // (version nibble 8) and fold the kind into the last byte.
  sync::RowId id = timer_record;
  id.bytes[6] = static_cast<std::uint8_t>((id.bytes[6] & 0x0F) | 0x80);
  id.bytes[15] = static_cast<std::uint8_t>(id.bytes[15] ^ (0x5A + static_cast<int>(kind)));
  return id;
}

}  // namespace tongban::node
