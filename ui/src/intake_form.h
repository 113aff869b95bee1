// IntakeForm: receiving an application at the window (收件).
//
// The clerk picks an item (its materials become the checklist), types the
// applicant with inline validation of the ID number or credit code (the
// node's own check, so the message is the one the node would give), marks
// each material, and either receives the case (NodeStore::Intake on the store
// thread) or, when a required material is missing, prints the one-time notice
// instead. After a case is received the form holds its number, the acceptance
// receipt and, when materials are owed, the one-time notice.
//
// Also: a proxy (代办人) with the reference and scope of their authorization,
// where the item allows one; a credit code that fails its check accepted with
// a recorded reason; the channel (window, or door for a field visit, or post);
// and a form opened from an appointment (ConvertAppointment) or from a planned
// door visit (Intake, then RecordVisit with the new case number).
#pragma once

#include <QObject>
#include <QStringList>
#include <QtQml/qqmlregistration.h>
#include <optional>

#include "intake_materials_model.h"
#include "store_thread.h"
#include "tongban/node/domain/staff.h"

namespace tongban::desk {

// The acceptance receipt (受理回执) for a case just received.
QString ReceiptText(const node::CaseRecord& c, const QString& station_name,
                    const QString& clerk_name);

class IntakeForm : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("IntakeForm is owned by DeskSession")
  Q_PROPERTY(IntakeMaterialsModel* materials READ materials CONSTANT)
  Q_PROPERTY(QString itemCode READ itemCode NOTIFY changed)
  Q_PROPERTY(QString itemName READ itemName NOTIFY changed)
  Q_PROPERTY(QString itemDepartment READ itemDepartment NOTIFY changed)
  Q_PROPERTY(bool itemInstant READ itemInstant NOTIFY changed)
  Q_PROPERTY(bool hasItem READ hasItem NOTIFY changed)
  Q_PROPERTY(bool enterprise READ enterprise WRITE setEnterprise NOTIFY changed)
  Q_PROPERTY(QString applicantName READ applicantName WRITE setApplicantName NOTIFY changed)
  Q_PROPERTY(QString applicantId READ applicantId WRITE setApplicantId NOTIFY changed)
  Q_PROPERTY(QString applicantPhone READ applicantPhone WRITE setApplicantPhone NOTIFY changed)
  Q_PROPERTY(QString idMessage READ idMessage NOTIFY changed)
  Q_PROPERTY(bool idOk READ idOk NOTIFY changed)
  Q_PROPERTY(bool green READ green WRITE setGreen NOTIFY changed)
  Q_PROPERTY(QString greenReason READ greenReason WRITE setGreenReason NOTIFY changed)
  // The clerk's remark (备注), optional; the processing office sees it too.
  Q_PROPERTY(QString note READ note WRITE setNote NOTIFY changed)
  Q_PROPERTY(bool itemAllowsProxy READ itemAllowsProxy NOTIFY changed)
  Q_PROPERTY(bool hasAgent READ hasAgent WRITE setHasAgent NOTIFY changed)
  Q_PROPERTY(QString agentName READ agentName WRITE setAgentName NOTIFY changed)
  Q_PROPERTY(QString agentId READ agentId WRITE setAgentId NOTIFY changed)
  Q_PROPERTY(QString agentIdMessage READ agentIdMessage NOTIFY changed)
  Q_PROPERTY(bool agentIdOk READ agentIdOk NOTIFY changed)
  Q_PROPERTY(QString agentPhone READ agentPhone WRITE setAgentPhone NOTIFY changed)
  Q_PROPERTY(QString agentAuthorization READ agentAuthorization WRITE setAgentAuthorization NOTIFY changed)
  Q_PROPERTY(QString agentScope READ agentScope WRITE setAgentScope NOTIFY changed)
  Q_PROPERTY(QString agentExpires READ agentExpires WRITE setAgentExpires NOTIFY changed)
  Q_PROPERTY(QString agentExpiresMessage READ agentExpiresMessage NOTIFY changed)
  Q_PROPERTY(bool canOverrideId READ canOverrideId NOTIFY changed)
  Q_PROPERTY(QString idOverrideReason READ idOverrideReason WRITE setIdOverrideReason NOTIFY changed)
  Q_PROPERTY(QString channel READ channel WRITE setChannel NOTIFY changed)
  Q_PROPERTY(QString channelLabel READ channelLabel NOTIFY changed)
  Q_PROPERTY(QString appointmentRef READ appointmentRef NOTIFY changed)
  Q_PROPERTY(QString visitRef READ visitRef NOTIFY changed)
  Q_PROPERTY(bool missingRequired READ missingRequired NOTIFY changed)
  Q_PROPERTY(QStringList heldCodes READ heldCodes NOTIFY changed)
  Q_PROPERTY(bool canIntake READ canIntake NOTIFY changed)
  Q_PROPERTY(bool canSubmit READ canSubmit NOTIFY changed)
  // Why the proxy's details cannot be taken yet, or why receiving is not possible yet,
  // in words for the clerk; empty when nothing stands in the way.
  Q_PROPERTY(QString agentProblem READ agentProblem NOTIFY changed)
  Q_PROPERTY(QString submitProblem READ submitProblem NOTIFY changed)
  Q_PROPERTY(QString caseStatusText READ caseStatusText NOTIFY changed)
  Q_PROPERTY(bool submitting READ submitting NOTIFY changed)
  Q_PROPERTY(QString error READ error NOTIFY changed)
  Q_PROPERTY(QString caseNo READ caseNo NOTIFY changed)
  Q_PROPERTY(QString receiptText READ receiptText NOTIFY changed)
  Q_PROPERTY(QString noticeText READ noticeText NOTIFY changed)

 public:
  explicit IntakeForm(StoreThread* store, QObject* parent = nullptr);

  // Who receives, at which station; nullopt after logout.
  void SetSession(std::optional<node::Session> session, const QString& station_name);

  IntakeMaterialsModel* materials() { return &materials_; }
  QString itemCode() const;
  QString itemName() const;
  QString itemDepartment() const;
  bool itemInstant() const;
  bool hasItem() const { return item_.has_value(); }
  bool enterprise() const { return enterprise_; }
  void setEnterprise(bool on);
  QString applicantName() const { return name_; }
  void setApplicantName(const QString& name);
  QString applicantId() const { return id_; }
  void setApplicantId(const QString& id);
  QString applicantPhone() const { return phone_; }
  void setApplicantPhone(const QString& phone);
  QString idMessage() const { return id_message_; }
  bool idOk() const { return id_ok_; }
  bool green() const { return green_; }
  void setGreen(bool on);
  QString greenReason() const { return green_reason_; }
  void setGreenReason(const QString& reason);
  QString note() const { return note_; }
  void setNote(const QString& note);
  bool itemAllowsProxy() const;
  bool hasAgent() const { return has_agent_; }
  void setHasAgent(bool on);
  QString agentName() const { return agent_name_; }
  void setAgentName(const QString& name);
  QString agentId() const { return agent_id_; }
  void setAgentId(const QString& id);
  QString agentIdMessage() const { return agent_id_message_; }
  bool agentIdOk() const { return agent_id_ok_; }
  QString agentPhone() const { return agent_phone_; }
  void setAgentPhone(const QString& phone);
  QString agentAuthorization() const { return agent_authorization_; }
  void setAgentAuthorization(const QString& ref);
  QString agentScope() const { return agent_scope_; }
  void setAgentScope(const QString& scope);
  // "YYYY-MM-DD" or empty (no end date).
  QString agentExpires() const { return agent_expires_; }
  void setAgentExpires(const QString& date);
  QString agentExpiresMessage() const { return agent_expires_message_; }
  // An enterprise's credit code failed its check: a reason may let it through.
  bool canOverrideId() const;
  QString idOverrideReason() const { return id_override_reason_; }
  void setIdOverrideReason(const QString& reason);
  // A node::ChannelName: "window", "door", "post" (online cases arrive by import).
  QString channel() const;
  void setChannel(const QString& channel);
  QString channelLabel() const;
  QString appointmentRef() const { return appointment_ref_; }
  QString visitRef() const { return visit_ref_; }
  bool missingRequired() const { return materials_.missingRequired(); }
  // Codes of the materials in hand (for the one-time notice's PDF).
  QStringList heldCodes() const;
  bool canIntake() const;
  bool canSubmit() const;
  QString agentProblem() const;
  QString submitProblem() const;
  QString caseStatusText() const { return case_status_; }
  bool submitting() const { return submitting_; }
  QString error() const { return error_; }
  QString caseNo() const { return case_no_; }
  QString receiptText() const { return receipt_; }
  QString noticeText() const { return notice_; }

  // Loads the item's current version and its checklist.
  Q_INVOKABLE void selectItem(const QString& code);
  // `state`: a MaterialStateName ("received", "tolerated", …) among the row's options.
  Q_INVOKABLE bool setMaterialState(int row, const QString& state);
  // Receives the case on the store thread; `submitted` or `error` follows.
  Q_INVOKABLE void submit();
  // The one-time notice for an application that cannot be received yet.
  Q_INVOKABLE void prepareNotice();
  // A fresh form for the next applicant (the item stays selected; the channel
  // goes back to the window, an appointment or visit is let go).
  Q_INVOKABLE void clear();
  // A fresh form for an appointment's applicant: the item and who booked it
  // filled in; submit converts the appointment into the case.
  Q_INVOKABLE void startFromAppointment(const QString& ref, const QString& itemCode,
                                        const QString& name, const QString& id,
                                        const QString& phone);
  // A fresh form at the door of a planned visit: channel door, the applicant
  // filled in; after the case is received the visit is recorded as made.
  Q_INVOKABLE void startFromVisit(const QString& ref, const QString& itemCode,
                                  const QString& name, const QString& id, const QString& phone);

 signals:
  void changed();
  void submitted(const QString& caseNo);

 private:
  void Validate();
  void SetError(const QString& error);
  void Prefill(const QString& itemCode, const QString& name, const QString& id,
               const QString& phone);
  node::IntakeRequest Request() const;

  StoreThread* store_;
  IntakeMaterialsModel materials_;
  std::optional<node::Session> session_;
  QString station_name_;
  std::optional<node::ServiceItem> item_;
  bool enterprise_ = false;
  QString name_, id_, phone_;
  QString id_message_;
  bool id_ok_ = false;
  bool green_ = false;
  QString green_reason_;
  QString note_;
  bool has_agent_ = false;
  QString agent_name_, agent_id_, agent_id_message_, agent_phone_, agent_authorization_,
      agent_scope_, agent_expires_, agent_expires_message_;
  bool agent_id_ok_ = false;
  QString id_override_reason_;
  node::Channel channel_ = node::Channel::kWindow;
  QString appointment_ref_, visit_ref_;
  bool submitting_ = false;
  QString error_;
  QString case_no_, case_status_, receipt_, notice_;
};

}  // namespace tongban::desk
