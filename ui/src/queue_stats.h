// QueueStats: the figures on the home page — cases whose deadline is near or
// past, results waiting to be handed out, supplements the applicant owes.
//
// Counted from NodeStore::Search by status (ordered by due date), at most
// CaseListModel::kMaxRows per status; `capped` says a figure may be larger.
#pragma once

#include <QObject>
#include <QtQml/qqmlregistration.h>

#include "store_thread.h"

namespace tongban::desk {

class QueueStats : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("QueueStats is owned by DeskSession")
  Q_PROPERTY(int warning READ warning NOTIFY changed)
  Q_PROPERTY(int overdue READ overdue NOTIFY changed)
  Q_PROPERTY(int handout READ handout NOTIFY changed)
  Q_PROPERTY(int supplement READ supplement NOTIFY changed)
  Q_PROPERTY(bool capped READ capped NOTIFY changed)
  Q_PROPERTY(QString error READ error NOTIFY changed)

 public:
  explicit QueueStats(StoreThread* store, QObject* parent = nullptr);

  int warning() const { return counts_.warning; }
  int overdue() const { return counts_.overdue; }
  int handout() const { return counts_.handout; }
  int supplement() const { return counts_.supplement; }
  bool capped() const { return counts_.capped; }
  QString error() const { return error_; }

  Q_INVOKABLE void refresh();

 signals:
  void changed();

 private:
  struct Counts {
    int warning = 0;
    int overdue = 0;
    int handout = 0;     // result_ready
    int supplement = 0;  // supplement_requested
    bool capped = false;
  };
  StoreThread* store_;
  Counts counts_;
  QString error_;
};

}  // namespace tongban::desk
