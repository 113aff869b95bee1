// IntakeForm: receiving an application at the window (收件).
//
// The clerk picks an item (its materials become the checklist), types the
// applicant with inline validation of the ID number or credit code (the
// node's own check, so the message is the one the node would give), marks
// each material, and either receives the case (NodeStore::Intake on the store
// thread) or, when a required material is missing, prints the one-time notice
// instead. After a case is received the form holds its number, the acceptance
// receipt and, when materials are owed, the one-time notice.
#pragma once

#include <QObject>
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
  Q_PROPERTY(bool missingRequired READ missingRequired NOTIFY changed)
  Q_PROPERTY(bool canIntake READ canIntake NOTIFY changed)
  Q_PROPERTY(bool canSubmit READ canSubmit NOTIFY changed)
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
  bool missingRequired() const { return materials_.missingRequired(); }
  bool canIntake() const;
  bool canSubmit() const;
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
  // A fresh form for the next applicant (the item stays selected).
  Q_INVOKABLE void clear();

 signals:
  void changed();
  void submitted(const QString& caseNo);

 private:
  void Validate();
  void SetError(const QString& error);

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
  bool submitting_ = false;
  QString error_;
  QString case_no_, receipt_, notice_;
};

}  // namespace tongban::desk
