#include "case_list_model.h"

#include <QRegularExpression>
#include <algorithm>
#include <utility>

#include "labels.h"
#include "tongban/sync/hybrid_clock.h"

namespace tongban::desk {
namespace {

// The home queue looks back through the newest cases until a whole batch holds
// nothing from today; kTodayScanLimit bounds the walk on a store whose ids are
// not in reception order (imports carry their legacy times).
constexpr int kTodayBatch = 200;
constexpr int kTodayScanLimit = 5000;

}  // namespace

node::CaseQuery CaseQueryFromText(const QString& text) {
  node::CaseQuery q;
  const QString t = text.trimmed();
  if (t.isEmpty()) return q;
  // Station code, local date, daily sequence: QS-JX01-20261122-0001.
  static const QRegularExpression kCaseNo(QStringLiteral("^[A-Za-z0-9]+(-[A-Za-z0-9]+)*-\\d{8}-\\d{4}$"));
  // Resident ID (GB 11643, or the old 15 digits) or unified social credit code (GB 32100).
  static const QRegularExpression kIdNumber(
      QStringLiteral("^(\\d{17}[\\dX]|\\d{15}|[0-9A-HJ-NPQRTUWXY]{18})$"),
      QRegularExpression::CaseInsensitiveOption);
  if (node::LooksLikeCaseScanCode(S(t))) {
    // A scanned receipt: its case alone (Request reports a code that does not check).
    auto no = node::ParseCaseScanCode(S(t));
    q.case_no = no.ok() ? *no : S(t);
  } else if (kCaseNo.match(t).hasMatch()) {
    q.case_no = S(t.toUpper());
  } else if (kIdNumber.match(t).hasMatch()) {
    q.id_number = S(t.toUpper());
  } else {
    q.name_prefix = S(t);
  }
  return q;
}

CaseListModel::CaseListModel(StoreThread* store, Scope scope, QObject* parent)
    : QAbstractListModel(parent), store_(store), scope_(scope) {
  debounce_.setSingleShot(true);
  debounce_.setInterval(kDebounceMs);
  connect(&debounce_, &QTimer::timeout, this, [this] {
    if (started_) Request(true);
    emit loadingChanged();
  });
}

int CaseListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

QVariant CaseListModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  return CaseRowData(rows_[static_cast<std::size_t>(index.row())], role);
}

QHash<int, QByteArray> CaseListModel::roleNames() const { return CaseRowRoleNames(); }

QVariant CaseRowData(const CaseRow& r, int role) {
  using R = CaseListModel::Roles;
  switch (role) {
    case Qt::DisplayRole:
    case R::CaseNoRole: return r.caseNo;
    case R::IdRole: return r.id;
    case R::ItemNameRole: return r.itemName;
    case R::ApplicantNameRole: return r.applicantName;
    case R::MaskedIdRole: return r.maskedId;
    case R::StatusRole: return r.status;
    case R::StatusLabelRole: return r.statusLabel;
    case R::GreenRole: return r.green;
    case R::ReceivedRole: return r.received;
    case R::DueRole: return r.due;
    case R::DueProvisionalRole: return r.dueProvisional;
    case R::TimerStateRole: return r.timerState;
    default: return {};
  }
}

QHash<int, QByteArray> CaseRowRoleNames() {
  using R = CaseListModel::Roles;
  return {{R::IdRole, "rowId"},
          {R::CaseNoRole, "caseNo"},
          {R::ItemNameRole, "itemName"},
          {R::ApplicantNameRole, "applicantName"},
          {R::MaskedIdRole, "maskedId"},
          {R::StatusRole, "status"},
          {R::StatusLabelRole, "statusLabel"},
          {R::GreenRole, "green"},
          {R::ReceivedRole, "received"},
          {R::DueRole, "due"},
          {R::DueProvisionalRole, "dueProvisional"},
          {R::TimerStateRole, "timerState"}};
}

bool CaseListModel::canFetchMore(const QModelIndex& parent) const {
  return !parent.isValid() && !exhausted_ && Keyset();
}

void CaseListModel::fetchMore(const QModelIndex& parent) {
  if (parent.isValid() || exhausted_ || !Keyset()) return;
  if (fetching_) {
    // Views and testers ask again from inside beginInsertRows, before the page
    // is in place; the request is honoured once it is (see Request's `done`).
    if (applying_) more_wanted_ = true;
    return;
  }
  Request(false);
}

void CaseListModel::setQuery(const QString& query) {
  if (query == query_) return;
  query_ = query;
  emit queryChanged();
  debounce_.start();
  emit loadingChanged();
}

int CaseListModel::greenCount() const {
  return static_cast<int>(std::count_if(rows_.begin(), rows_.end(),
                                        [](const CaseRow& r) { return r.green; }));
}

void CaseListModel::refresh() {
  started_ = true;
  debounce_.stop();
  Request(true);
}

bool CaseListModel::looksScanned(const QString& text) const {
  return node::LooksLikeCaseScanCode(S(text.trimmed()));
}

QString CaseListModel::scannedCase(const QString& text) {
  auto no = node::ParseCaseScanCode(S(text.trimmed()));
  if (!no.ok()) {
    SetError(ErrorText(no.status()));
    return {};
  }
  SetError({});
  return Q(*no);
}

QString CaseListModel::caseNoAt(int row) const {
  if (row < 0 || row >= count()) return {};
  return rows_[static_cast<std::size_t>(row)].caseNo;
}

bool CaseListModel::Keyset() const {
  return scope_ == Scope::All && base_.name_prefix.empty() && !base_.status;
}

void CaseListModel::Request(bool first) {
  if (first) {
    ++generation_;
    base_ = scope_ == Scope::Today ? node::CaseQuery{} : CaseQueryFromText(query_);
  }
  SetFetching(true);
  const quint64 generation = generation_;
  const Scope scope = scope_;
  node::CaseQuery q = base_;
  const bool keyset = Keyset();
  q.limit = keyset ? kPageSize : kMaxRows;
  if (keyset && !first && !rows_.empty()) q.before_id = rows_.back().id;
  // A scanned code that does not check says so, instead of "nothing found".
  Status misread;
  if (scope_ == Scope::All && node::LooksLikeCaseScanCode(S(query_.trimmed())))
    misread = node::ParseCaseScanCode(S(query_.trimmed())).status();

  store_->Run(
      this,
      [q, first, scope, keyset, misread](StoreContext& ctx) -> Result<Page> {
        if (!misread.ok()) return misread;
        if (!ctx.store()) return NoStationOpen();
        node::NodeStore& store = *ctx.store();
        const node::Millis now = store.NowMillis();
        Page page;
        page.first = first;
        if (scope == Scope::Today) {
          const node::Millis start = node::StartOfLocalDay(node::LocalDate(now));
          std::vector<node::CaseSummary> today;
          node::CaseQuery batch;
          batch.limit = kTodayBatch;
          for (int scanned = 0; scanned < kTodayScanLimit; scanned += kTodayBatch) {
            TB_ASSIGN_OR_RETURN(auto rows, store.Search(batch));
            bool any = false;
            for (auto& s : rows) {
              if (s.received_at < start) continue;
              today.push_back(std::move(s));
              any = true;
            }
            if (!any || static_cast<int>(rows.size()) < kTodayBatch) break;
            batch.before_id = rows.back().id;
          }
          std::stable_partition(today.begin(), today.end(), [](const node::CaseSummary& s) {
            return s.priority == node::Priority::kGreen;
          });
          for (const auto& s : today) page.rows.push_back(MakeCaseRow(s, now));
          page.exhausted = true;
          return page;
        }
        TB_ASSIGN_OR_RETURN(auto rows, store.Search(q));
        for (const auto& s : rows) page.rows.push_back(MakeCaseRow(s, now));
        const bool full = static_cast<int>(rows.size()) == q.limit;
        page.exhausted = !keyset || !full;
        page.truncated = !keyset && full;
        return page;
      },
      [this, generation, first](Result<Page> page) {
        if (generation != generation_) return;  // an older query; a newer one is on its way
        // `fetching_` stays set while rows go in, so a fetchMore from a model
        // signal cannot ask for a page keyed on rows not yet appended.
        applying_ = true;
        more_wanted_ = false;
        if (page.ok()) {
          Apply(std::move(page));
        } else {
          SetError(ErrorText(page.status()));
          exhausted_ = true;
          if (first) {
            truncated_ = false;
            beginResetModel();
            rows_.clear();
            endResetModel();
            emit countChanged();
          }
        }
        applying_ = false;
        SetFetching(false);
        if (std::exchange(more_wanted_, false) && canFetchMore({})) Request(false);
      });
}

void CaseListModel::Apply(Result<Page> result) {
  Page& page = *result;
  SetError({});
  // Settled before the signals, so a view asking canFetchMore from them sees the new state.
  exhausted_ = page.exhausted;
  truncated_ = page.truncated;
  if (page.first) {
    beginResetModel();
    rows_ = std::move(page.rows);
    endResetModel();
  } else if (!page.rows.empty()) {
    const int at = count();
    beginInsertRows({}, at, at + static_cast<int>(page.rows.size()) - 1);
    std::move(page.rows.begin(), page.rows.end(), std::back_inserter(rows_));
    endInsertRows();
  }
  emit countChanged();
}

void CaseListModel::SetFetching(bool on) {
  if (fetching_ == on) return;
  fetching_ = on;
  emit loadingChanged();
}

void CaseListModel::SetError(const QString& error) {
  if (error_ == error) return;
  error_ = error;
  emit errorChanged();
}

}  // namespace tongban::desk
