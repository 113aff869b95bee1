// AppointmentDesk: the station's appointments (预约办) for the appointments
// page — a day or the week around it, the free slots of one item on the day
// (NodeStore::AppointmentSlots: the station's rules minus bookings), and the
// clerk's moves: book, check in, cancel with a reason, mark the no-shows.
// Converting an appointment into a case goes through the intake form
// (IntakeForm::startFromAppointment), where the clerk checks the materials.
#pragma once

#include <QVariantList>

#include "desk_controller.h"
#include "record_list_model.h"

namespace tongban::desk {

class AppointmentDesk : public DeskController {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("AppointmentDesk is owned by DeskSession")
  Q_PROPERTY(QString day READ day WRITE setDay NOTIFY changed)
  Q_PROPERTY(bool week READ week WRITE setWeek NOTIFY changed)
  Q_PROPERTY(QString rangeText READ rangeText NOTIFY changed)
  Q_PROPERTY(QVariantList days READ days NOTIFY changed)
  Q_PROPERTY(QString itemCode READ itemCode WRITE setItemCode NOTIFY changed)
  Q_PROPERTY(QString itemName READ itemName NOTIFY changed)
  Q_PROPERTY(RecordListModel* items READ items CONSTANT)
  Q_PROPERTY(RecordListModel* daySlots READ daySlots CONSTANT)
  Q_PROPERTY(RecordListModel* appointments READ appointments CONSTANT)

 public:
  explicit AppointmentDesk(StoreThread* store, QObject* parent = nullptr);

  // The day shown, "yyyy-MM-dd" (today at first).
  QString day() const;
  void setDay(const QString& day);
  // Week view: Monday to Sunday around `day`.
  bool week() const { return week_; }
  void setWeek(bool on);
  QString rangeText() const;
  // The days shown: [{day, label ("11-23 周一"), offday, count}].
  QVariantList days() const { return days_; }
  QString itemCode() const { return item_code_; }
  void setItemCode(const QString& code);
  QString itemName() const;
  // Items that take appointments: code, name.
  RecordListModel* items() { return &items_; }
  // The slots of `itemCode` on `day`: start, time, minutes, capacity, booked, free, offHours, past.
  RecordListModel* daySlots() { return &slots_; }
  // Appointments of the day or week by time (see AppointmentView for the keys).
  RecordListModel* appointments() { return &appointments_; }

  Q_INVOKABLE void refresh();
  // Moves the day by `n` days (the week view moves by weeks: n = ±7).
  Q_INVOKABLE void shiftDays(int n);
  Q_INVOKABLE void goToday();
  // Shows the next day, from today, with an appointment still to come (within 30 days).
  Q_INVOKABLE void goToNextBooked();
  // `slotStart`: the slot's start from `daySlots` (milliseconds since the epoch, as text).
  Q_INVOKABLE void book(const QString& slotStart, const QString& name, const QString& id,
                        const QString& phone);
  Q_INVOKABLE void checkIn(const QString& ref);
  Q_INVOKABLE void cancel(const QString& ref, const QString& reason);
  Q_INVOKABLE void markNoShows();

 signals:
  void changed();
  void booked(const QString& ref);

 private:
  struct View {
    QList<QVariantMap> items, day_slots, appointments;
    QVariantList days;
  };
  void Load();
  void AfterWrite(const QString& message);

  node::Date day_;
  bool week_ = false;
  QString item_code_;
  QVariantList days_;
  RecordListModel items_, slots_, appointments_;
  quint64 generation_ = 0;
};

}  // namespace tongban::desk
