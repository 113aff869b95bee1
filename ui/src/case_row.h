// CaseRow: one line of a case list, formatted on the store thread so the GUI
// thread only copies strings.
#pragma once

#include <QString>
#include <QtGlobal>

#include "tongban/node/domain/case_state_machine.h"
#include "tongban/node/domain/work_calendar.h"
#include "tongban/node/store/node_store.h"

namespace tongban::desk {

struct CaseRow {
  qint64 id = 0;  // local row id (paging key)
  QString caseNo;
  QString itemName;
  QString applicantName;
  QString maskedId;
  QString status;       // "received"
  QString statusLabel;  // "已收件"
  bool green = false;
  QString received;  // "2026-02-12 09:30"
  QString due;       // FormatDue: a date, or date and time for hour limits
  bool dueProvisional = false;
  QString timerState;  // "normal" | "warning" | "overdue" | "" when no deadline runs
};

// Statuses in which the processing office still owes a decision, so the
// promised deadline is what the desk warns about. Decided, withdrawn and
// closed cases show no timer.
// TODO(node): this belongs next to the state machine (IsDecisionPending).
bool DeadlineApplies(node::CaseStatus status);

// node::TimerStateName for a case whose deadline applies, "" otherwise.
QString TimerStateFor(node::CaseStatus status, node::Millis received_at, node::Millis due_at,
                      node::Millis now);

CaseRow MakeCaseRow(const node::CaseSummary& s, node::Millis now);

}  // namespace tongban::desk
