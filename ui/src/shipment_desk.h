// ShipmentDesk: post (邮递办) for the shipments page — every shipment this
// node holds with its tracking, registering one for a case (materials the
// applicant posts in, or the result posted out) and adding tracking events.
// The moves a shipment may make next are node::ShipmentNextSteps.
#pragma once

#include "desk_controller.h"
#include "record_list_model.h"

namespace tongban::desk {

class ShipmentDesk : public DeskController {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("ShipmentDesk is owned by DeskSession")
  Q_PROPERTY(RecordListModel* shipments READ shipments CONSTANT)
  Q_PROPERTY(int open READ open NOTIFY changed)

 public:
  explicit ShipmentDesk(StoreThread* store, QObject* parent = nullptr);

  // Newest first: ShipmentView's fields (ref, caseNo, direction, directionLabel, carrier,
  // waybill, address, state, stateLabel, stateText, created, last, moves) and events
  // (text lines).
  RecordListModel* shipments() { return &shipments_; }
  int open() const { return open_; }  // not yet delivered, returned or lost

  Q_INVOKABLE void refresh();
  // `direction`: "in" (materials from the applicant) or "out" (the result to them).
  Q_INVOKABLE void create(const QString& caseNo, const QString& direction, const QString& carrier,
                          const QString& waybill, const QString& address);
  Q_INVOKABLE void track(const QString& ref, const QString& state, const QString& place,
                         const QString& note);

 signals:
  void changed();
  void created(const QString& ref);

 private:
  struct View {
    QList<QVariantMap> rows;
    int open = 0;
  };
  RecordListModel shipments_;
  int open_ = 0;
  quint64 generation_ = 0;
};

}  // namespace tongban::desk
