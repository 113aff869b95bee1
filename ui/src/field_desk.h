// FieldDesk: the field laptop's door visits (上门办) for the field page — the
// visits planned for this laptop (NodeStore::ListVisits; planned here or at a
// station and synced), and recording how each went (RecordVisit: visited,
// failed with a reason, cancelled). A case received at the door goes through
// the intake form with channel door (IntakeForm::startFromVisit), which
// records the visit with the new case number.
#pragma once

#include "desk_controller.h"
#include "record_list_model.h"

namespace tongban::desk {

class FieldDesk : public DeskController {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("FieldDesk is owned by DeskSession")
  Q_PROPERTY(bool showDone READ showDone WRITE setShowDone NOTIFY changed)
  Q_PROPERTY(int planned READ planned NOTIFY changed)
  Q_PROPERTY(RecordListModel* visits READ visits CONSTANT)

 public:
  explicit FieldDesk(StoreThread* store, QObject* parent = nullptr);

  // Also the visits already made, failed or cancelled (else planned ones only).
  bool showDone() const { return show_done_; }
  void setShowDone(bool on);
  int planned() const { return planned_; }
  // By planned day: ref, day, today, itemCode, itemName, applicantName, applicantId,
  // maskedId, phone, address, purpose, plannedBy, fieldNode, state, stateLabel,
  // outcome, visitedAt, caseNo, here (recorded on this laptop).
  RecordListModel* visits() { return &visits_; }

  Q_INVOKABLE void refresh();
  // `outcome`: "visited", "failed" or "cancelled"; a note is needed for the last two.
  Q_INVOKABLE void record(const QString& ref, const QString& outcome, const QString& note);

 signals:
  void changed();

 private:
  struct View {
    QList<QVariantMap> visits;
    int planned = 0;
  };
  bool show_done_ = false;
  int planned_ = 0;
  RecordListModel visits_;
  quint64 generation_ = 0;
};

}  // namespace tongban::desk
