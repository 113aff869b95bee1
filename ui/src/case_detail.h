// CaseDetail: one case as the desk shows it — applicant, deadline with the
// working days left, materials, commitments, timeline — and the moves the
// logged-in person may make on it here.
//
// The moves are node::AvailableActions for the person's role, offered only
// where NodeStore::Transition would accept the actor (back-office moves at the
// processing office, window moves at the receiving station or on a field
// laptop), so the desk never shows a button the node would refuse for who or
// where. A move runs NodeStore::Transition on the store thread; the case is
// reloaded from what the store returns. Materials handed in later are recorded
// (UpdateMaterials: the station marks them supplied, the back office verified),
// and the case's ratings and shipments are shown with it.
#pragma once

#include <QObject>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "store_thread.h"
#include "tongban/node/domain/staff.h"

namespace tongban::desk {

// The actions `by` may take on `c` at `node` (domain rules only, no I/O).
std::vector<std::string_view> ActionsFor(const node::CaseRecord& c, const node::ServiceItem& item,
                                         const node::Session& by, const node::NodeIdentity& node);

// A shipment's state in words that say who sent it: materials the applicant posted in
// are 申请人已寄出, not 已寄出 as if the office had sent them.
QString ShipmentStateWords(node::ShipmentDirection direction, node::ShipmentState state);

// A shipment as the case page and the shipments page show it:
// {ref, caseNo, direction, directionLabel (寄来材料 / 寄出结果), carrier, waybill, address,
//  state, stateLabel (the node's word), stateText (ShipmentStateWords), created, last,
//  moves ([{state, label}] from node::ShipmentNextSteps)}.
QVariantMap ShipmentView(const node::Shipment& s);

class CaseDetail : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("CaseDetail is owned by DeskSession")
  Q_PROPERTY(QString caseNo READ caseNo NOTIFY changed)
  Q_PROPERTY(bool loaded READ loaded NOTIFY changed)
  Q_PROPERTY(bool loading READ loading NOTIFY changed)
  Q_PROPERTY(bool acting READ acting NOTIFY changed)
  Q_PROPERTY(QString error READ error NOTIFY changed)
  Q_PROPERTY(QVariantMap info READ info NOTIFY changed)
  Q_PROPERTY(QVariantList materials READ materials NOTIFY changed)
  Q_PROPERTY(QVariantList commitments READ commitments NOTIFY changed)
  Q_PROPERTY(QVariantList events READ events NOTIFY changed)
  Q_PROPERTY(QVariantList actions READ actions NOTIFY changed)
  Q_PROPERTY(QVariantList ratings READ ratings NOTIFY changed)
  Q_PROPERTY(QVariantList shipments READ shipments NOTIFY changed)
  Q_PROPERTY(QVariantList scans READ scans NOTIFY changed)
  Q_PROPERTY(QString noticeText READ noticeText NOTIFY changed)
  // The applicant's full ID number once revealed (on the audit trail); "" otherwise.
  Q_PROPERTY(QString fullId READ fullId NOTIFY changed)

 public:
  explicit CaseDetail(StoreThread* store, QObject* parent = nullptr);

  void SetSession(std::optional<node::Session> session);

  QString caseNo() const { return case_no_; }
  bool loaded() const { return !info_.isEmpty(); }
  bool loading() const { return loading_; }
  bool acting() const { return acting_; }
  QString error() const { return error_; }
  // caseNo, itemName, applicantName, maskedId, phone, status, statusLabel, green,
  // greenReason, channel, received, accepted, due, dueProvisional, timerState,
  // remaining ("还剩 3 个工作日"), receivingStation, processingOffice, result, agent.
  QVariantMap info() const { return info_; }
  // [{code, name, required, state, stateLabel, owed, move, moveLabel}]: `move` is
  // the state this person may record ("supplied" at the station, "verified" in
  // the back office), "" when none.
  QVariantList materials() const { return materials_; }
  QVariantList commitments() const { return commitments_; }
  QVariantList events() const { return events_; }
  // [{action, label, needsReason}], in the state machine's order.
  QVariantList actions() const { return actions_; }
  // [{score, words, indicators, comment, at}]
  QVariantList ratings() const { return ratings_; }
  // ShipmentView of each of the case's shipments.
  QVariantList shipments() const { return shipments_; }
  QVariantList scans() const { return scans_; }
  QString noticeText() const { return notice_; }
  QString fullId() const { return full_id_; }

  Q_INVOKABLE void load(const QString& caseNo);
  Q_INVOKABLE void reload() { load(case_no_); }
  // Makes the move; `reason` is required where the rule says so.
  Q_INVOKABLE void runAction(const QString& action, const QString& reason);
  // Records material `code` as `state` ("supplied" or "verified").
  Q_INVOKABLE void updateMaterial(const QString& code, const QString& state);
  // Attaches a scan (JPEG, PNG or PDF file) to one of the case's materials.
  Q_INVOKABLE void attachScan(const QString& material, const QString& path);
  // The PDF ScanDesk made of the scanned pages (ScanDesk::pdf), from memory: it never
  // reaches a file outside the store. scannedAttached(ok) follows, and the pages are
  // dropped only when it is true.
  Q_INVOKABLE void attachScannedPdf(const QString& material, const QByteArray& pdf);
  // Shows the applicant's full ID number (NodeStore::RevealApplicantId records who saw
  // it); hideId masks it again. Masked is the default: a case opened afresh is masked.
  Q_INVOKABLE void revealId();
  Q_INVOKABLE void hideId();

 signals:
  void scannedAttached(bool ok);
  void changed();
  // A move was made: lists and figures elsewhere are out of date.
  void caseChanged(const QString& caseNo);

 private:
  struct View {
    QVariantMap info;
    QVariantList materials, commitments, events, actions, ratings, shipments, scans;
    QString notice;
  };
  // Builds the view on the store thread from a case just read or written.
  static Result<View> MakeView(node::NodeStore& store, const node::CaseRecord& c,
                               const std::optional<node::Session>& by);
  void Show(Result<View> view, bool keep_on_error);
  void Clear();  // forgets the shown case
  // Runs a write on the store thread and shows the case it returns.
  // Runs a write on the store thread, then `after(ok)`; false (nothing run) while another
  // write is under way, with no case open or nobody logged in.
  bool Write(std::function<Result<node::CaseRecord>(node::NodeStore&, const node::Session&)> write,
             std::function<void(bool)> after = {});

  StoreThread* store_;
  std::optional<node::Session> session_;
  QString case_no_;
  QString full_id_;
  quint64 generation_ = 0;
  bool loading_ = false;
  bool acting_ = false;
  QString error_;
  QVariantMap info_;
  QVariantList materials_, commitments_, events_, actions_, ratings_, shipments_, scans_;
  QString notice_;
};

}  // namespace tongban::desk
