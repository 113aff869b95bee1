// PeriodStats: the figures of the statistics page for one period — cases
// received, accepted, closed, overdue and on the green channel
// (NodeStore::ServiceFigures), their channels and statuses, and the figures of
// the service modes: ratings, appointments, visits, post (NodeStore::ModeFigures).
//
// Periods are whole calendar spans: today, this week (Monday to Sunday), this
// month, this year; appointments and visits already booked for later in the
// period count with it. Bars are lists of {key, label, count, share}, `share` being
// the count over the largest in the list (0..1), so QML only multiplies widths.
#pragma once

#include <QObject>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include "store_thread.h"

namespace tongban::desk {

// [from, to) of the period ("today", "week", "month", "year") that holds `now`, local time.
std::pair<node::Millis, node::Millis> PeriodSpan(const QString& period, node::Millis now);

class PeriodStats : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("PeriodStats is owned by DeskSession")
  Q_PROPERTY(QString period READ period WRITE setPeriod NOTIFY changed)
  Q_PROPERTY(QString fromDate READ fromDate NOTIFY changed)
  Q_PROPERTY(QString toDate READ toDate NOTIFY changed)
  Q_PROPERTY(bool loading READ loading NOTIFY changed)
  Q_PROPERTY(bool loaded READ loaded NOTIFY changed)
  Q_PROPERTY(QString error READ error NOTIFY changed)
  Q_PROPERTY(QVariantMap figures READ figures NOTIFY changed)
  Q_PROPERTY(QVariantList byChannel READ byChannel NOTIFY changed)
  Q_PROPERTY(QVariantList byStatus READ byStatus NOTIFY changed)
  Q_PROPERTY(QVariantList ratings READ ratings NOTIFY changed)

 public:
  explicit PeriodStats(StoreThread* store, QObject* parent = nullptr);

  QString period() const { return period_; }
  // "today", "week", "month" or "year"; reloads.
  void setPeriod(const QString& period);
  QString fromDate() const { return from_; }
  QString toDate() const { return to_; }  // the last day counted
  bool loading() const { return loading_; }
  bool loaded() const { return !figures_.isEmpty(); }
  QString error() const { return error_; }
  // received, accepted, closed, overdue, green; ratingCount, ratingAverage,
  // rectificationsOpen, appointments, noShows, visits, visitsDone, shipmentsIn,
  // shipmentsOut, escalationsOpen, commitmentsOpen, commitmentsBreached.
  QVariantMap figures() const { return figures_; }
  QVariantList byChannel() const { return by_channel_; }
  QVariantList byStatus() const { return by_status_; }
  // Scores 5 down to 1, each with its words (非常满意 … 非常不满意).
  QVariantList ratings() const { return ratings_; }

  Q_INVOKABLE void refresh();

 signals:
  void changed();

 private:
  struct View {
    QString from, to;
    QVariantMap figures;
    QVariantList by_channel, by_status, ratings;
  };

  StoreThread* store_;
  QString period_ = QStringLiteral("month");
  quint64 generation_ = 0;
  bool loading_ = false;
  QString error_;
  QString from_, to_;
  QVariantMap figures_;
  QVariantList by_channel_, by_status_, ratings_;
};

}  // namespace tongban::desk
