#include "today_board.h"

#include "tongban/sync/hybrid_clock.h"

namespace tongban::desk {

QVariantMap AppointmentView(const node::Appointment& a, node::Millis now) {
  const QString start = DateTimeText(a.start_at);
  // The moves the clerk is offered, as NodeStore's appointment moves accept them:
  // check-in and conversion happen on the appointment's day, with the applicant there.
  // TODO(node): offer the allowed moves of an appointment as one call.
  const bool kept = a.state == node::AppointmentState::kBooked ||
                    a.state == node::AppointmentState::kCheckedIn;
  const bool today = node::LocalDate(a.start_at) == node::LocalDate(now);
  return QVariantMap{
      {"ref", Q(a.ref)},
      {"day", start.left(10)},
      {"time", start.mid(11)},
      {"minutes", a.minutes},
      {"offHours", a.off_hours},
      {"itemCode", Q(a.item_code)},
      {"itemName", Q(a.item_name)},
      {"applicantName", Q(a.applicant_name)},
      {"applicantId", Q(a.applicant_id)},
      {"maskedId", Q(node::MaskIdNumber(a.applicant_id))},
      {"phone", Q(a.applicant_phone)},
      {"state", Q(node::AppointmentStateName(a.state))},
      {"stateLabel", AppointmentStateText(a.state)},
      {"caseNo", Q(a.case_no)},
      {"note", Q(a.note)},
      {"canCheckIn", a.state == node::AppointmentState::kBooked && today},
      {"canCancel", kept},
      {"canConvert", kept && today},
  };
}

QStringList AppointmentKeys() {
  return {"ref",           "day",         "time",      "minutes",  "offHours",   "itemCode",
          "itemName",      "applicantName", "applicantId", "maskedId", "phone",   "state",
          "stateLabel",    "caseNo",      "note",      "canCheckIn", "canCancel", "canConvert"};
}

TodayBoard::TodayBoard(StoreThread* store, QObject* parent)
    : DeskController(store, parent),
      appointments_(AppointmentKeys(), this),
      commitments_({"caseNo", "due", "overdue"}, this) {}

void TodayBoard::refresh() {
  store_->Run(
      this,
      [](StoreContext& ctx) -> Result<View> {
        if (!ctx.store()) return NoStationOpen();
        TB_ASSIGN_OR_RETURN(node::TodayOverview t, ctx.store()->Today());
        const node::Millis now = ctx.store()->NowMillis();
        View v;
        v.counts = {static_cast<int>(t.queue), static_cast<int>(t.green),
                    static_cast<int>(t.warning), static_cast<int>(t.overdue),
                    static_cast<int>(t.waiting_handout)};
        for (const auto& a : t.appointments) v.appointments << AppointmentView(a, now);
        for (const auto& [no, due] : t.commitments_due)
          v.commitments << QVariantMap{{"caseNo", Q(no)},
                                       {"due", Q(node::FormatDate(node::LocalDate(due - 1)))},
                                       {"overdue", due <= now}};
        return v;
      },
      [this](Result<View> r) {
        if (!r.ok()) {
          SetError(ErrorText(r.status()));
          return;
        }
        loaded_ = true;
        counts_ = r->counts;
        appointments_.Set(std::move(r->appointments));
        commitments_.Set(std::move(r->commitments));
        emit changed();
      });
}

}  // namespace tongban::desk
