#include "appointment_desk.h"

#include <chrono>

#include "today_board.h"
#include "tongban/sync/hybrid_clock.h"

namespace tongban::desk {
namespace {

using namespace std::chrono;

node::Millis Now() { return sync::SystemWallClock::Instance().NowMillis(); }

QString WeekdayWord(node::Date d) {
  static const char* kDays[] = {QT_TRANSLATE_NOOP("tongban::desk::AppointmentDesk", "周日"),
                                QT_TRANSLATE_NOOP("tongban::desk::AppointmentDesk", "周一"),
                                QT_TRANSLATE_NOOP("tongban::desk::AppointmentDesk", "周二"),
                                QT_TRANSLATE_NOOP("tongban::desk::AppointmentDesk", "周三"),
                                QT_TRANSLATE_NOOP("tongban::desk::AppointmentDesk", "周四"),
                                QT_TRANSLATE_NOOP("tongban::desk::AppointmentDesk", "周五"),
                                QT_TRANSLATE_NOOP("tongban::desk::AppointmentDesk", "周六")};
  return AppointmentDesk::tr(kDays[weekday(d).c_encoding()]);
}

}  // namespace

AppointmentDesk::AppointmentDesk(StoreThread* store, QObject* parent)
    : DeskController(store, parent),
      day_(node::LocalDate(Now())),
      items_({"code", "name"}, this),
      slots_({"start", "time", "minutes", "capacity", "booked", "free", "offHours", "past"}, this),
      appointments_(AppointmentKeys(), this) {}

QString AppointmentDesk::day() const { return Q(node::FormatDate(day_)); }

void AppointmentDesk::setDay(const QString& day) {
  auto d = node::ParseDate(S(day));
  if (!d.ok() || *d == day_) return;
  day_ = *d;
  emit changed();
  refresh();
}

void AppointmentDesk::setWeek(bool on) {
  if (on == week_) return;
  week_ = on;
  emit changed();
  refresh();
}

QString AppointmentDesk::rangeText() const {
  if (!week_) return tr("%1（%2）").arg(day(), WeekdayWord(day_));
  const node::Date monday = day_ - (weekday(day_) - Monday);
  return tr("%1 至 %2").arg(Q(node::FormatDate(monday)), Q(node::FormatDate(monday + std::chrono::days(6))));
}

void AppointmentDesk::setItemCode(const QString& code) {
  if (code == item_code_) return;
  item_code_ = code;
  emit changed();
  refresh();
}

QString AppointmentDesk::itemName() const {
  const int row = items_.indexOf(QStringLiteral("code"), item_code_);
  return row < 0 ? QString() : items_.get(row).value(QStringLiteral("name")).toString();
}

void AppointmentDesk::shiftDays(int n) {
  day_ += std::chrono::days(n);
  emit changed();
  refresh();
}

void AppointmentDesk::goToday() {
  day_ = node::LocalDate(Now());
  emit changed();
  refresh();
}

void AppointmentDesk::goToNextBooked() {
  Start(
      [](node::NodeStore& store, const node::Session&) -> Result<node::Date> {
        const node::Date today = node::LocalDate(store.NowMillis());
        TB_ASSIGN_OR_RETURN(auto list, store.ListAppointments(today, today + std::chrono::days(30)));
        for (const auto& a : list)
          if (a.state == node::AppointmentState::kBooked && a.start_at > store.NowMillis())
            return node::LocalDate(a.start_at);
        return today;
      },
      [this](node::Date d) {
        day_ = d;
        emit changed();
        Load();
      });
}

void AppointmentDesk::refresh() { Load(); }

void AppointmentDesk::Load() {
  const node::Date first = week_ ? day_ - (weekday(day_) - Monday) : day_;
  const node::Date last = week_ ? first + std::chrono::days(6) : day_;
  const quint64 generation = ++generation_;
  Start(
      [first, last, day = day_, item = S(item_code_)](node::NodeStore& store,
                                                      const node::Session&) -> Result<View> {
        View v;
        TB_ASSIGN_OR_RETURN(auto items, store.ListItems());
        std::string chosen = item;
        for (const auto& it : items) {
          if (!it.allows.appointment) continue;
          v.items << QVariantMap{{"code", Q(it.impl_code)}, {"name", Q(it.name)}};
          if (chosen.empty()) chosen = it.impl_code;
        }
        TB_ASSIGN_OR_RETURN(auto list, store.ListAppointments(first, last));
        std::map<node::Date, int> per_day;
        for (const auto& a : list) {
          v.appointments << AppointmentView(a, store.NowMillis());
          ++per_day[node::LocalDate(a.start_at)];
        }
        for (node::Date d = first; d <= last; d += std::chrono::days(1)) {
          const year_month_day ymd(d);
          v.days << QVariantMap{
              {"day", Q(node::FormatDate(d))},
              {"label", QStringLiteral("%1-%2 %3")
                            .arg(static_cast<unsigned>(ymd.month()), 2, 10, QLatin1Char('0'))
                            .arg(static_cast<unsigned>(ymd.day()), 2, 10, QLatin1Char('0'))
                            .arg(WeekdayWord(d))},
              {"offday", !store.calendar().IsWorkday(d)},
              {"count", per_day[d]}};
        }
        if (!chosen.empty()) {
          TB_ASSIGN_OR_RETURN(auto offered, store.AppointmentSlots(chosen, day));
          const node::Millis now = store.NowMillis();
          for (const auto& s : offered)
            v.day_slots << QVariantMap{{"start", QString::number(s.start)},
                                   {"time", DateTimeText(s.start).mid(11)},
                                   {"minutes", s.minutes},
                                   {"capacity", s.capacity},
                                   {"booked", s.booked},
                                   {"free", std::max(0, s.capacity - s.booked)},
                                   {"offHours", s.off_hours},
                                   {"past", s.start <= now}};
        }
        return v;
      },
      [this, generation](View v) {
        if (generation != generation_) return;
        items_.Set(std::move(v.items));
        if (item_code_.isEmpty() && items_.count() > 0)
          item_code_ = items_.get(0).value(QStringLiteral("code")).toString();
        slots_.Set(std::move(v.day_slots));
        appointments_.Set(std::move(v.appointments));
        days_ = std::move(v.days);
        emit changed();
      });
}

void AppointmentDesk::AfterWrite(const QString& message) {
  Load();
  SetMessage(message);
}

void AppointmentDesk::book(const QString& slotStart, const QString& name, const QString& id,
                           const QString& phone) {
  bool ok = false;
  const node::Millis start = slotStart.toLongLong(&ok);
  if (!ok) return;
  node::AppointmentRequest req{S(item_code_), start, S(name.trimmed()), S(id.trimmed()),
                               S(phone.trimmed())};
  StartWrite([req](node::NodeStore& store, const node::Session& by) { return store.BookAppointment(by, req); },
        [this](node::Appointment a) {
          AfterWrite(tr("已预约：%1 %2，%3").arg(DateTimeText(a.start_at), Q(a.item_name), Q(a.applicant_name)));
          emit booked(Q(a.ref));
        });
}

void AppointmentDesk::checkIn(const QString& ref) {
  StartWrite([ref = S(ref)](node::NodeStore& store, const node::Session& by) {
    return store.CheckInAppointment(by, ref);
  },
        [this](node::Appointment a) { AfterWrite(tr("%1 已签到").arg(Q(a.applicant_name))); });
}

void AppointmentDesk::cancel(const QString& ref, const QString& reason) {
  StartWrite([ref = S(ref), reason = S(reason.trimmed())](node::NodeStore& store, const node::Session& by) {
    return store.CancelAppointment(by, ref, reason);
  },
        [this](node::Appointment a) { AfterWrite(tr("已取消 %1 的预约").arg(Q(a.applicant_name))); });
}

void AppointmentDesk::markNoShows() {
  StartWrite([](node::NodeStore& store, const node::Session& by) { return store.MarkNoShows(by); },
        [this](int n) { AfterWrite(tr("已将 %1 个过时未到的预约记为爽约").arg(n)); });
}

}  // namespace tongban::desk
