// The case (办件) life cycle: statuses and who may move a case between them.
//
// One table (kTransitions in case_state_machine.cpp) lists every allowed move:
// action, the statuses it starts from, the status it ends in, and the actors
// allowed to make it. Anything not in the table is refused with a reason the
// person at the keyboard understands. Back-office moves (accept, approve, deny)
// can never be made at a station.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tongban/status.h"

namespace tongban::node {

enum class CaseStatus {
  kReceived,               // 已收件: taken in at a window, not yet accepted by the office
  kNotAccepted,            // 不予受理
  kSupplementRequested,    // 补正告知
  kSupplementSupplied,     // 已补正
  kAccepted,               // 已受理 by the processing office
  kSpecialProcedure,       // 特别程序: clock paused
  kApproved,               // 办结（准予）
  kApprovedWithTolerance,  // 容缺办结
  kDenied,                 // 不予许可
  kWithdrawalRequested,    // 申请撤回
  kWithdrawn,              // 已撤回
  kRevoked,                // 已撤销
  kResultReady,            // 待出件
  kDelivered,              // 已送达
  kClosed,                 // 已归档
};
inline constexpr int kCaseStatusCount = 15;

std::string_view CaseStatusName(CaseStatus s);   // "supplement_requested"
std::string_view CaseStatusLabel(CaseStatus s);  // "补正告知"
Result<CaseStatus> ParseCaseStatus(std::string_view name);
bool IsTerminal(CaseStatus s);
// Still with the office: from reception until the result is ready (paused or not).
bool IsOpenAtOffice(CaseStatus s);
// The office has still to decide: the case may be handed to another office. Never once
// it is decided (approved, denied), withdrawn, not accepted, revoked or closed.
bool MayHandOn(CaseStatus s);
// Open at the office and not paused by a supplement request or a special procedure:
// the promised-limit clock runs, so timers, queues and overdue figures count the case.
bool ClockRuns(CaseStatus s);

// Who makes a move: the station window (clerks, field staff at the door), the
// back office that processes the case, or the system itself (timers, imports).
enum class Actor { kStation, kBackOffice, kSystem };
std::string_view ActorName(Actor a);

struct TransitionRule {
  std::string_view action;  // "approve"
  std::vector<CaseStatus> from;
  CaseStatus to;
  std::vector<Actor> actors;
  bool needs_reason = false;  // deny, not_accept, withdraw… must say why
  bool instant_only = false;  // only for 即办 items
};

// The whole table, for docs, UIs and tests.
std::span<const TransitionRule> TransitionRules();

struct TransitionContext {
  Actor actor = Actor::kStation;
  bool instant_item = false;
  bool has_reason = false;
};

// The status after `action`, or a Status saying why the move is refused.
Result<CaseStatus> CheckTransition(CaseStatus from, std::string_view action,
                                   const TransitionContext& ctx);

// Actions the actor may take from a status (what a UI offers as buttons).
std::vector<std::string_view> AvailableActions(CaseStatus from, const TransitionContext& ctx);

}  // namespace tongban::node
