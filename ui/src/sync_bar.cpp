#include "sync_bar.h"

#include <QCoreApplication>
#include <algorithm>

#include "labels.h"
#include "tongban/sync/clock_skew.h"

namespace tongban::desk {
namespace {
constexpr MessageDef kSyncContext{"desk.ctx_sync", "sync"};
constexpr MessageDef kRememberContext{"desk.ctx_remember_sync", "remember the sync attempt"};
}  // namespace

struct SyncBar::Snapshot {
  node::SyncStatus status;
};

SyncBar::SyncBar(StoreThread* store, StoreThread* sync_thread, QObject* parent)
    : QObject(parent), store_(store), sync_thread_(sync_thread) {
  timer_.setInterval(kRefreshMs);
  connect(&timer_, &QTimer::timeout, this, &SyncBar::refresh);
  connect(&auto_timer_, &QTimer::timeout, this, [this] {
    if (enrolled() && !running_) syncNow();
  });
}

void SyncBar::SetActive(bool on) {
  active_ = on;
  if (on) {
    timer_.start();
    refresh();
  } else {
    timer_.stop();
  }
  SetAutoSyncInterval(auto_interval_ms_);
}

void SyncBar::SetAutoSyncInterval(int ms) {
  const bool was = autoSync();
  auto_interval_ms_ = std::max(0, ms);
  if (active_ && auto_interval_ms_ > 0) {
    // Restarted on every change, so a new interval counts from now.
    auto_timer_.start(auto_interval_ms_);
  } else {
    auto_timer_.stop();
  }
  if (was != autoSync()) emit changed();
}

void SyncBar::SetLanguage(node::Language language) {
  if (language == language_) return;
  language_ = language;
  emit changed();
}

QString SyncBar::notice() const {
  QStringList lines;
  if (held_) lines << Q(node::RenderHeld(held_->seq, held_->code, held_->args, language_));
  if (clock_offset_ms_ && sync::ClockDiffers(*clock_offset_ms_))
    lines << Q(node::RenderClockOffset(*clock_offset_ms_, language_));
  if (update_due_schema_ > 0)
    lines << Q(node::RenderUpdateDue(update_due_schema_, spoken_schema_, language_));
  return lines.join(QLatin1Char('\n'));
}

QString SyncBar::refusals() const {
  QStringList lines;
  for (const auto& r : refused_)
    if (!r.code.empty())  // refusals from before codes were kept carry only an English reason
      lines << DateTimeText(r.since) + QStringLiteral("  ") +
                   Q(node::RenderRefused(r.seq, r.code, r.args, language_));
  return lines.join(QLatin1Char('\n'));
}

void SyncBar::refresh() {
  store_->Run(
      this,
      [](StoreContext& ctx) -> Result<Snapshot> {
        if (!ctx.store()) return NoStationOpen();
        node::NodeReplica replica(*ctx.store());
        TB_ASSIGN_OR_RETURN(auto status, replica.GetStatus());
        return Snapshot{status};
      },
      [this](Result<Snapshot> r) {
        if (r.ok()) Apply(*r);
      });
}

void SyncBar::Apply(const Snapshot& snap) {
  const node::SyncStatus& s = snap.status;
  known_ = true;
  hub_url_ = Q(s.hub_url);
  queue_depth_ = s.queue_depth;
  oldest_unsent_ = s.oldest_unsent_at ? DateTimeText(*s.oldest_unsent_at) : QString();
  last_success_ = s.last_success_at ? DateTimeText(*s.last_success_at) : QString();
  last_attempt_ = s.last_attempt_at ? DateTimeText(*s.last_attempt_at) : QString();
  last_error_ = s.last_failure.ok() ? Q(s.last_error) : ErrorText(s.last_failure);
  online_ = s.last_attempt_at.has_value() && s.last_error.empty();
  open_conflicts_ = s.open_conflicts;
  rejected_ = s.rejected;
  held_ = s.held;
  refused_ = s.refusals;
  clock_offset_ms_ = s.clock_offset_ms;
  update_due_schema_ = s.update_due_schema;
  spoken_schema_ = s.spoken_schema;
  emit changed();
}

void SyncBar::syncNow() {
  if (running_) return;
  running_ = true;
  progress_ = -1;
  progress_text_ = SyncBar::tr("正在连接中心…");
  outcome_.clear();
  emit changed();

  struct Run {
    Status outcome;
    sync::SyncSummary summary;
    node::SyncStatus status;
  };
  sync_thread_->Run(
      this,
      [self = this, guard = QPointer<QObject>(this)](StoreContext& ctx) -> Result<Run> {
        if (!ctx.store()) return NoStationOpen();
        Run out;
        auto link = ctx.Sync();
        if (!link.ok()) {
          out.outcome = link.status();
        } else {
          auto progress = [&ctx, self, &guard](const sync::SyncProgress& p) {
            const QString phase = QString::fromLatin1(p.phase);
            const std::int64_t done = p.done;
            const std::int64_t total = p.total;
            ctx.PostToGui(guard, [self, phase, done, total] {
              self->progress_ = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : -1;
              const QString what = phase == QLatin1String("push") ? SyncBar::tr("上传") : SyncBar::tr("下载");
              self->progress_text_ = total > 0 ? SyncBar::tr("%1 %2/%3 条").arg(what).arg(done).arg(total)
                                               : SyncBar::tr("%1 %2 条").arg(what).arg(done);
              emit self->changed();
            });
          };
          // A whole round: timers, records, and the scans after them.
          auto r = (*link)->RunRound(progress);
          out.outcome = r.ok() ? Status::Ok() : r.status().WithContext(kSyncContext);
          if (r.ok()) out.summary = r->records;
          // The desk is closing: no attempt to remember, the next start says what it finds.
          // Revoked: the station is erased next, whatever else fails.
          if (r.status().code() == ErrorCode::kCancelled || node::IsWipeOrder(r.status())) return out;
          // Remembered for the status line, also when the hub could not be reached.
          if (Status recorded = (*link)->replica().RecordAttempt(r.status()); !recorded.ok())
            out.outcome = recorded.WithContext(kRememberContext);
        }
        node::NodeReplica replica(*ctx.store());
        TB_ASSIGN_OR_RETURN(out.status, replica.GetStatus());
        return out;
      },
      [this](Result<Run> r) {
        running_ = false;
        progress_ = 0;
        progress_text_.clear();
        if (!r.ok()) {
          outcome_ = SyncBar::tr("同步失败：%1").arg(ErrorText(r.status()));
          emit changed();
          return;
        }
        if (node::IsWipeOrder(r->outcome)) {
          emit revoked();
          return;
        }
        if (r->outcome.code() == ErrorCode::kCancelled) {
          // Stopped on purpose, not a failure; nothing new to show.
          outcome_.clear();
          emit changed();
          return;
        }
        if (r->outcome.ok()) {
          outcome_ = SyncBar::tr("同步完成：上传 %1 条，下载 %2 条，新冲突 %3 个")
                         .arg(r->summary.pushed)
                         .arg(r->summary.pulled)
                         .arg(r->summary.conflicts);
        } else {
          outcome_ = SyncBar::tr("同步失败：%1").arg(ErrorText(r->outcome));
        }
        Apply(Snapshot{r->status});
        if (r->summary.pulled > 0) emit pulled();
      });
}

}  // namespace tongban::desk
