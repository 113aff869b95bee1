// TodayBoard: the home page at a glance, from NodeStore::Today() — the open
// cases this node works on with their green-channel, warning and overdue
// counts, results waiting to be handed out, today's appointments, and the
// commitments (容缺, 告知承诺, 差评整改) falling due within five working days.
#pragma once

#include <QVariantList>

#include "desk_controller.h"
#include "record_list_model.h"

namespace tongban::desk {

class TodayBoard : public DeskController {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("TodayBoard is owned by DeskSession")
  Q_PROPERTY(bool loaded READ loaded NOTIFY changed)
  Q_PROPERTY(int open READ open NOTIFY changed)
  Q_PROPERTY(int green READ green NOTIFY changed)
  Q_PROPERTY(int warning READ warning NOTIFY changed)
  Q_PROPERTY(int overdue READ overdue NOTIFY changed)
  Q_PROPERTY(int handout READ handout NOTIFY changed)
  Q_PROPERTY(RecordListModel* appointments READ appointments CONSTANT)
  Q_PROPERTY(RecordListModel* commitments READ commitments CONSTANT)

 public:
  explicit TodayBoard(StoreThread* store, QObject* parent = nullptr);

  bool loaded() const { return loaded_; }
  int open() const { return counts_.open; }
  int green() const { return counts_.green; }
  int warning() const { return counts_.warning; }
  int overdue() const { return counts_.overdue; }
  int handout() const { return counts_.handout; }
  // Today's appointments, by time: ref, time, itemName, applicantName, state, stateLabel.
  RecordListModel* appointments() { return &appointments_; }
  // Commitments due soon, earliest first: caseNo, due, overdue.
  RecordListModel* commitments() { return &commitments_; }

  // Reads the overview; the session is not needed to read.
  Q_INVOKABLE void refresh();

 signals:
  void changed();

 private:
  struct Counts {
    int open = 0, green = 0, warning = 0, overdue = 0, handout = 0;
  };
  struct View {
    Counts counts;
    QList<QVariantMap> appointments, commitments;
  };

  bool loaded_ = false;
  Counts counts_;
  RecordListModel appointments_;
  RecordListModel commitments_;
};

// An appointment as the lists show it (state labels in the desk's language),
// and the keys of that map, for a RecordListModel of appointments.
QVariantMap AppointmentView(const node::Appointment& a, node::Millis now);
QStringList AppointmentKeys();

}  // namespace tongban::desk
