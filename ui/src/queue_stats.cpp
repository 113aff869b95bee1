#include "queue_stats.h"

#include "case_list_model.h"
#include "case_row.h"
#include "labels.h"
#include "tongban/sync/hybrid_clock.h"

namespace tongban::desk {

QueueStats::QueueStats(StoreThread* store, QObject* parent) : QObject(parent), store_(store) {}

void QueueStats::refresh() {
  store_->Run(
      this,
      [](StoreContext& ctx) -> Result<Counts> {
        if (!ctx.store()) return FailedPrecondition("no station database is open");
        const node::Millis now = sync::SystemWallClock::Instance().NowMillis();
        Counts c;
        for (int i = 0; i < node::kCaseStatusCount; ++i) {
          const auto status = static_cast<node::CaseStatus>(i);
          const bool timed = DeadlineApplies(status);
          if (!timed && status != node::CaseStatus::kResultReady) continue;
          node::CaseQuery q;
          q.status = status;
          q.limit = CaseListModel::kMaxRows;
          TB_ASSIGN_OR_RETURN(auto rows, ctx.store()->Search(q));
          if (static_cast<int>(rows.size()) == q.limit) c.capped = true;
          if (status == node::CaseStatus::kResultReady) c.handout = static_cast<int>(rows.size());
          if (status == node::CaseStatus::kSupplementRequested)
            c.supplement = static_cast<int>(rows.size());
          if (!timed) continue;
          for (const auto& s : rows) {
            switch (node::EvaluateTimer(s.received_at, s.due_at, now)) {
              case node::TimerState::kOverdue: ++c.overdue; break;
              case node::TimerState::kWarning: ++c.warning; break;
              case node::TimerState::kNormal: break;
            }
          }
        }
        return c;
      },
      [this](Result<Counts> r) {
        if (r.ok()) {
          counts_ = *r;
          error_.clear();
        } else {
          error_ = Q(r.status().message());
        }
        emit changed();
      });
}

}  // namespace tongban::desk
