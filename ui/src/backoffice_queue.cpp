#include "backoffice_queue.h"

#include <algorithm>

#include "case_list_model.h"
#include "labels.h"
#include "tongban/sync/hybrid_clock.h"

namespace tongban::desk {

std::vector<node::CaseStatus> BackofficeQueueStatuses() {
  std::vector<node::CaseStatus> out;
  for (const auto& rule : node::TransitionRules()) {
    // A revocation corrects a decision long made; it is not work waiting.
    if (rule.action == "revoke") continue;
    if (std::find(rule.actors.begin(), rule.actors.end(), node::Actor::kBackOffice) ==
        rule.actors.end())
      continue;
    for (auto s : rule.from)
      if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  }
  std::sort(out.begin(), out.end());
  return out;
}

BackofficeQueueModel::BackofficeQueueModel(StoreThread* store, QObject* parent)
    : QAbstractListModel(parent), store_(store) {}

int BackofficeQueueModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : count();
}

QVariant BackofficeQueueModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  return CaseRowData(rows_[static_cast<std::size_t>(index.row())], role);
}

QHash<int, QByteArray> BackofficeQueueModel::roleNames() const { return CaseRowRoleNames(); }

int BackofficeQueueModel::greenCount() const {
  return static_cast<int>(std::count_if(rows_.begin(), rows_.end(), [](const CaseRow& r) { return r.green; }));
}

int BackofficeQueueModel::overdueCount() const {
  return static_cast<int>(std::count_if(rows_.begin(), rows_.end(), [](const CaseRow& r) {
    return r.timerState == QLatin1String("overdue");
  }));
}

QString BackofficeQueueModel::caseNoAt(int row) const {
  if (row < 0 || row >= count()) return {};
  return rows_[static_cast<std::size_t>(row)].caseNo;
}

int BackofficeQueueModel::rowOf(const QString& caseNo) const {
  for (int i = 0; i < count(); ++i)
    if (rows_[static_cast<std::size_t>(i)].caseNo == caseNo) return i;
  return -1;
}

void BackofficeQueueModel::refresh() {
  loading_ = true;
  emit loadingChanged();
  const quint64 generation = ++generation_;
  store_->Run(
      this,
      [](StoreContext& ctx) -> Result<Queue> {
        if (!ctx.store()) return NoStationOpen();
        node::NodeStore& store = *ctx.store();
        const std::string here = store.identity().code;
        Queue q;
        std::vector<node::CaseSummary> mine;
        for (auto status : BackofficeQueueStatuses()) {
          node::CaseQuery query;
          query.status = status;
          query.limit = CaseListModel::kMaxRows;
          TB_ASSIGN_OR_RETURN(auto rows, store.Search(query));
          if (static_cast<int>(rows.size()) == query.limit) q.truncated = true;
          for (auto& s : rows) {
            TB_ASSIGN_OR_RETURN(auto c, store.GetCase(s.case_no));
            if (c.processing_office == here) mine.push_back(std::move(s));
          }
        }
        std::stable_sort(mine.begin(), mine.end(), [](const auto& a, const auto& b) {
          const bool ga = a.priority == node::Priority::kGreen, gb = b.priority == node::Priority::kGreen;
          if (ga != gb) return ga;
          return a.due_at < b.due_at;
        });
        const node::Millis now = store.NowMillis();
        for (const auto& s : mine) q.rows.push_back(MakeCaseRow(s, now));
        return q;
      },
      [this, generation](Result<Queue> r) {
        if (generation != generation_) return;
        loading_ = false;
        beginResetModel();
        if (r.ok()) {
          rows_ = std::move(r->rows);
          truncated_ = r->truncated;
          error_.clear();
        } else {
          rows_.clear();
          truncated_ = false;
          error_ = ErrorText(r.status());
        }
        endResetModel();
        emit countChanged();
        emit loadingChanged();
      });
}

}  // namespace tongban::desk
