#include "case_row.h"

#include "labels.h"
#include "tongban/node/domain/identity.h"

namespace tongban::desk {

using node::CaseStatus;

bool DeadlineApplies(CaseStatus status) {
  switch (status) {
    case CaseStatus::kReceived:
    case CaseStatus::kSupplementRequested:
    case CaseStatus::kSupplementSupplied:
    case CaseStatus::kAccepted:
    case CaseStatus::kSpecialProcedure:
    case CaseStatus::kWithdrawalRequested:
      return true;
    default:
      return false;
  }
}

QString TimerStateFor(CaseStatus status, node::Millis received_at, node::Millis due_at,
                      node::Millis now) {
  if (!DeadlineApplies(status)) return {};
  return Q(node::TimerStateName(node::EvaluateTimer(received_at, due_at, now)));
}

CaseRow MakeCaseRow(const node::CaseSummary& s, node::Millis now) {
  CaseRow r;
  r.id = s.id;
  r.caseNo = Q(s.case_no);
  r.itemName = Q(s.item_name);
  r.applicantName = Q(s.applicant_name);
  r.maskedId = Q(node::MaskIdNumber(s.applicant_id));
  r.status = Q(node::CaseStatusName(s.status));
  r.statusLabel = StatusLabel(s.status);
  r.green = s.priority == node::Priority::kGreen;
  r.received = DateTimeText(s.received_at);
  r.due = Q(node::FormatDue(s.due_at, s.due_unit));
  r.dueProvisional = s.due_provisional;
  r.timerState = TimerStateFor(s.status, s.received_at, s.due_at, now);
  return r;
}

}  // namespace tongban::desk
