#include "tongban/node/domain/case_state_machine.h"

#include <algorithm>
#include <array>

namespace tongban::node {
namespace {

using S = CaseStatus;
using A = Actor;

struct StatusInfo {
  std::string_view name;
  std::string_view label;
};

constexpr std::array<StatusInfo, kCaseStatusCount> kStatusInfo = {{
    {"received", "已收件"},
    {"not_accepted", "不予受理"},
    {"supplement_requested", "补正告知"},
    {"supplement_supplied", "已补正"},
    {"accepted", "已受理"},
    {"special_procedure", "特别程序"},
    {"approved", "准予办结"},
    {"approved_with_tolerance", "容缺办结"},
    {"denied", "不予许可"},
    {"withdrawal_requested", "申请撤回"},
    {"withdrawn", "已撤回"},
    {"revoked", "已撤销"},
    {"result_ready", "待出件"},
    {"delivered", "已送达"},
    {"closed", "已归档"},
}};

const std::vector<TransitionRule>& Rules() {
  static const std::vector<TransitionRule> kRules = {
      // action, from, to, actors, needs_reason, instant_only
      {"accept", {S::kReceived, S::kSupplementSupplied}, S::kAccepted, {A::kBackOffice}},
      {"not_accept", {S::kReceived, S::kSupplementSupplied}, S::kNotAccepted, {A::kBackOffice}, true},
      {"request_supplement", {S::kReceived, S::kSupplementSupplied, S::kAccepted},
       S::kSupplementRequested, {A::kBackOffice}, true},
      {"supply", {S::kSupplementRequested}, S::kSupplementSupplied, {A::kStation}},
      {"start_special_procedure", {S::kAccepted}, S::kSpecialProcedure, {A::kBackOffice}, true},
      {"end_special_procedure", {S::kSpecialProcedure}, S::kAccepted, {A::kBackOffice}},
      {"approve", {S::kAccepted}, S::kApproved, {A::kBackOffice}},
      {"approve_with_tolerance", {S::kAccepted}, S::kApprovedWithTolerance, {A::kBackOffice}},
      {"deny", {S::kAccepted}, S::kDenied, {A::kBackOffice}, true},
      {"request_withdrawal",
       {S::kSupplementRequested, S::kSupplementSupplied, S::kAccepted, S::kSpecialProcedure},
       S::kWithdrawalRequested, {A::kStation}, true},
      // Before the office has accepted, the window may withdraw on its own.
      {"withdraw", {S::kReceived}, S::kWithdrawn, {A::kStation, A::kBackOffice}, true},
      {"withdraw", {S::kWithdrawalRequested}, S::kWithdrawn, {A::kBackOffice}},
      {"refuse_withdrawal", {S::kWithdrawalRequested}, S::kAccepted, {A::kBackOffice}, true},
      {"issue_result", {S::kApproved, S::kApprovedWithTolerance, S::kDenied}, S::kResultReady,
       {A::kBackOffice, A::kSystem}},
      {"deliver", {S::kResultReady}, S::kDelivered, {A::kStation}},
      {"revoke", {S::kApproved, S::kApprovedWithTolerance, S::kResultReady, S::kDelivered},
       S::kRevoked, {A::kBackOffice}, true},
      {"close", {S::kDelivered, S::kNotAccepted, S::kWithdrawn, S::kRevoked}, S::kClosed,
       {A::kStation, A::kSystem}},
      // 即办: an instant item is handled and closed at the window.
      {"complete_on_spot", {S::kReceived}, S::kClosed, {A::kStation}, false, true},
  };
  return kRules;
}

bool Contains(const std::vector<S>& v, S s) { return std::find(v.begin(), v.end(), s) != v.end(); }
bool Contains(const std::vector<A>& v, A a) { return std::find(v.begin(), v.end(), a) != v.end(); }

constexpr MessageDef kUnknownStatus{"case.unknown_status",
                                    "unknown case status '{0}' (one of {1:statuses})"};
constexpr MessageDef kUnknownAction{"case.unknown_action", "unknown action '{0}' (one of {1})"};
constexpr MessageDef kActorDenied{"case.actor_denied",
                                  "'{0:action}' may be done only by {1:actors}, not by {2:actor}"};
constexpr MessageDef kInstantOnly{"case.instant_only",
                                  "only an instant (即办) item can be completed on the spot"};
constexpr MessageDef kNeedsReason{"case.needs_reason", "'{0:action}' needs a reason"};
constexpr MessageDef kWrongStatus{"case.wrong_status",
                                  "cannot '{0:action}' a case that is {1:status}; allowed from: "
                                  "{2:statuses}"};

}  // namespace

std::string_view CaseStatusName(CaseStatus s) { return kStatusInfo[static_cast<int>(s)].name; }
std::string_view CaseStatusLabel(CaseStatus s) { return kStatusInfo[static_cast<int>(s)].label; }

Result<CaseStatus> ParseCaseStatus(std::string_view name) {
  for (int i = 0; i < kCaseStatusCount; ++i)
    if (kStatusInfo[i].name == name) return static_cast<CaseStatus>(i);
  std::string all;
  for (int i = 0; i < kCaseStatusCount; ++i)
    all += (all.empty() ? "" : ", ") + std::string(kStatusInfo[i].name);
  return InvalidArgument(kUnknownStatus, {std::string(name), all});
}

bool IsTerminal(CaseStatus s) { return s == S::kClosed; }

bool IsOpenAtOffice(CaseStatus s) {
  switch (s) {
    case S::kNotAccepted:
    case S::kWithdrawn:
    case S::kRevoked:
    case S::kResultReady:
    case S::kDelivered:
    case S::kClosed:
      return false;
    default:
      return true;
  }
}

bool MayHandOn(CaseStatus s) {
  return IsOpenAtOffice(s) && s != S::kApproved && s != S::kApprovedWithTolerance &&
         s != S::kDenied;
}

bool ClockRuns(CaseStatus s) {
  return IsOpenAtOffice(s) && s != S::kSupplementRequested && s != S::kSpecialProcedure;
}

std::string_view ActorName(Actor a) {
  switch (a) {
    case A::kStation: return "station";
    case A::kBackOffice: return "back_office";
    case A::kSystem: return "system";
  }
  return "?";
}

std::span<const TransitionRule> TransitionRules() { return Rules(); }

Result<CaseStatus> CheckTransition(CaseStatus from, std::string_view action,
                                   const TransitionContext& ctx) {
  std::vector<const TransitionRule*> rules;
  for (const auto& r : Rules())
    if (r.action == action) rules.push_back(&r);
  if (rules.empty()) {
    std::string known;
    for (const auto& r : TransitionRules())
      if (known.find(std::string(r.action)) == std::string::npos)
        known += (known.empty() ? "" : ", ") + std::string(r.action);
    return InvalidArgument(kUnknownAction, {std::string(action), known});
  }

  // Who may act is checked before the status, so a clerk pressing "approve" learns
  // it is not a window step at all rather than that the case is not ready yet.
  std::vector<Actor> allowed_actors;
  for (const auto* r : rules)
    for (A a : r->actors)
      if (!Contains(allowed_actors, a)) allowed_actors.push_back(a);
  if (!Contains(allowed_actors, ctx.actor)) {
    std::string who;
    for (A a : allowed_actors) who += (who.empty() ? "" : ", ") + std::string(ActorName(a));
    return PermissionDenied(kActorDenied, {std::string(action), who, std::string(ActorName(ctx.actor))});
  }

  std::vector<std::string> starts;
  for (const auto* r : rules) {
    if (!Contains(r->actors, ctx.actor)) continue;
    if (!Contains(r->from, from)) {
      for (S s : r->from) starts.emplace_back(CaseStatusName(s));
      continue;
    }
    if (r->instant_only && !ctx.instant_item)
      return FailedPrecondition(kInstantOnly);
    if (r->needs_reason && !ctx.has_reason)
      return InvalidArgument(kNeedsReason, {std::string(action)});
    return r->to;
  }
  std::string list;
  for (const auto& s : starts) list += (list.empty() ? "" : ", ") + s;
  return FailedPrecondition(kWrongStatus, {std::string(action), std::string(CaseStatusName(from)), list});
}

std::vector<std::string_view> AvailableActions(CaseStatus from, const TransitionContext& ctx) {
  std::vector<std::string_view> out;
  for (const auto& r : Rules()) {
    if (!Contains(r.from, from) || !Contains(r.actors, ctx.actor)) continue;
    if (r.instant_only && !ctx.instant_item) continue;
    if (std::find(out.begin(), out.end(), r.action) == out.end()) out.push_back(r.action);
  }
  return out;
}

}  // namespace tongban::node
