// BackofficeQueueModel: the processing office's queue — open cases this node
// processes (processing_office is this node), green channel first, then by due time.
//
// "Open" means a back-office move other than a revocation starts from the
// case's status (read off node::TransitionRules), so cases waiting for the
// applicant (补正告知) or already handed out stay out. NodeStore::Search can
// filter by status but not by office, so each candidate is read with GetCase
// on the store thread; at most CaseListModel::kMaxRows per status
// (`truncated` says some were left out). Same roles as CaseListModel.
#pragma once

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>
#include <vector>

#include "case_row.h"
#include "store_thread.h"

namespace tongban::desk {

// The statuses in which a case waits for its processing office.
std::vector<node::CaseStatus> BackofficeQueueStatuses();

class BackofficeQueueModel : public QAbstractListModel {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("BackofficeQueueModel is owned by DeskSession")
  Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
  Q_PROPERTY(int count READ count NOTIFY countChanged)
  Q_PROPERTY(int greenCount READ greenCount NOTIFY countChanged)
  Q_PROPERTY(int overdueCount READ overdueCount NOTIFY countChanged)
  Q_PROPERTY(bool truncated READ truncated NOTIFY countChanged)
  Q_PROPERTY(QString error READ error NOTIFY loadingChanged)

 public:
  explicit BackofficeQueueModel(StoreThread* store, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  bool loading() const { return loading_; }
  int count() const { return static_cast<int>(rows_.size()); }
  int greenCount() const;
  int overdueCount() const;
  bool truncated() const { return truncated_; }
  QString error() const { return error_; }

  Q_INVOKABLE void refresh();
  Q_INVOKABLE QString caseNoAt(int row) const;
  // Row of a case number, -1 when it is not in the queue.
  Q_INVOKABLE int rowOf(const QString& caseNo) const;

 signals:
  void loadingChanged();
  void countChanged();

 private:
  struct Queue {
    std::vector<CaseRow> rows;
    bool truncated = false;
  };

  StoreThread* store_;
  std::vector<CaseRow> rows_;
  quint64 generation_ = 0;
  bool loading_ = false;
  bool truncated_ = false;
  QString error_;
};

}  // namespace tongban::desk
