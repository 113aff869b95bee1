#include "shipment_desk.h"

#include <algorithm>

#include "case_detail.h"

namespace tongban::desk {

ShipmentDesk::ShipmentDesk(StoreThread* store, QObject* parent)
    : DeskController(store, parent),
      shipments_({"ref", "caseNo", "direction", "directionLabel", "carrier", "waybill", "address",
                  "state", "stateLabel", "stateText", "created", "last", "events", "moves"},
                 this) {}

void ShipmentDesk::refresh() {
  const quint64 generation = ++generation_;
  Start(
      [](node::NodeStore& store, const node::Session&) -> Result<View> {
        TB_ASSIGN_OR_RETURN(auto list, store.ListShipments());
        View v;
        for (auto it = list.rbegin(); it != list.rend(); ++it) {
          QVariantMap row = ShipmentView(*it);
          QStringList events;
          for (const auto& e : it->events)
            events << QStringLiteral("%1　%2　%3 %4")
                          .arg(DateTimeText(e.at), ShipmentStateText(e.state), Q(e.place), Q(e.note))
                          .trimmed();
          row.insert(QStringLiteral("events"), events);
          if (!row.value(QStringLiteral("moves")).toList().isEmpty()) ++v.open;
          v.rows << row;
        }
        return v;
      },
      [this, generation](View v) {
        if (generation != generation_) return;
        open_ = v.open;
        shipments_.Set(std::move(v.rows));
        emit changed();
      });
}

void ShipmentDesk::create(const QString& caseNo, const QString& direction, const QString& carrier,
                          const QString& waybill, const QString& address) {
  auto dir = node::ParseShipmentDirection(S(direction));
  if (!dir.ok()) return;
  node::ShipmentRequest req;
  req.case_no = S(caseNo.trimmed());
  req.direction = *dir;
  if (!carrier.trimmed().isEmpty()) req.carrier = S(carrier.trimmed());
  req.waybill = S(waybill.trimmed().toUpper());
  req.address = S(address.trimmed());
  StartWrite([req](node::NodeStore& store, const node::Session& by) { return store.CreateShipment(by, req); },
        [this](node::Shipment s) {
          refresh();
          SetMessage(tr("已登记邮件 %1（办件 %2）").arg(Q(s.waybill), Q(s.case_no)));
          emit created(Q(s.ref));
        });
}

void ShipmentDesk::track(const QString& ref, const QString& state, const QString& place,
                         const QString& note) {
  auto parsed = node::ParseShipmentState(S(state));
  if (!parsed.ok()) return;
  StartWrite([ref = S(ref), to = *parsed, place = S(place.trimmed()), note = S(note.trimmed())](
            node::NodeStore& store, const node::Session& by) {
    return store.TrackShipment(by, ref, to, place, note);
  },
        [this](node::Shipment s) {
          refresh();
          SetMessage(tr("邮件 %1：%2").arg(Q(s.waybill), ShipmentStateText(s.state)));
        });
}

}  // namespace tongban::desk
