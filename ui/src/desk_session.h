// DeskSession: one person at one station's desk — the open database, who is
// logged in, and the models and controllers the pages show.
//
// It owns two StoreThreads: the interactive one (every read and write the
// pages make, in order) and the sync one (RunOnce against the hub, which may
// take as long as the network makes it). Each opens its own connection to the
// same database file. Everything here runs on the GUI thread; node I/O never does.
#pragma once

#include <QObject>
#include <QUrl>
#include <QtQml/qqmlregistration.h>
#include <memory>
#include <optional>

#include "backoffice_queue.h"
#include "case_detail.h"
#include "case_list_model.h"
#include "desk_settings.h"
#include "document_printer.h"
#include "scan_desk.h"
#include "screen_lock.h"
#include "hub_admin.h"
#include "intake_form.h"
#include "account_desk.h"
#include "appointment_desk.h"
#include "field_desk.h"
#include "item_list_model.h"
#include "period_stats.h"
#include "store_thread.h"
#include "rating_form.h"
#include "shipment_desk.h"
#include "sync_bar.h"
#include "today_board.h"

namespace tongban::desk {

class DeskSession : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("DeskSession is created by the application")
  Q_PROPERTY(QString databasePath READ databasePath NOTIFY openChanged)
  Q_PROPERTY(bool encrypted READ encrypted NOTIFY openChanged)
  Q_PROPERTY(bool open READ isOpen NOTIFY openChanged)
  Q_PROPERTY(bool opening READ opening NOTIFY openChanged)
  Q_PROPERTY(QString stationCode READ stationCode NOTIFY openChanged)
  Q_PROPERTY(QString stationName READ stationName NOTIFY openChanged)
  Q_PROPERTY(QString nodeKindLabel READ nodeKindLabel NOTIFY openChanged)
  Q_PROPERTY(QString township READ township NOTIFY openChanged)
  Q_PROPERTY(bool loggedIn READ loggedIn NOTIFY loginChanged)
  Q_PROPERTY(bool loggingIn READ loggingIn NOTIFY loginChanged)
  Q_PROPERTY(bool needsOldPassword READ needsOldPassword NOTIFY loginChanged)
  Q_PROPERTY(QString userLogin READ userLogin NOTIFY loginChanged)
  Q_PROPERTY(QString userName READ userName NOTIFY loginChanged)
  Q_PROPERTY(QString role READ role NOTIFY loginChanged)
  Q_PROPERTY(QString roleLabel READ roleLabel NOTIFY loginChanged)
  Q_PROPERTY(bool canIntake READ canIntake NOTIFY loginChanged)
  Q_PROPERTY(QStringList pages READ pages NOTIFY loginChanged)
  Q_PROPERTY(QString error READ error NOTIFY errorChanged)
  Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
  Q_PROPERTY(CaseListModel* queue READ queue CONSTANT)
  Q_PROPERTY(CaseListModel* cases READ cases CONSTANT)
  Q_PROPERTY(ItemFilterModel* items READ items CONSTANT)
  Q_PROPERTY(TodayBoard* today READ today CONSTANT)
  Q_PROPERTY(IntakeForm* intake READ intake CONSTANT)
  Q_PROPERTY(CaseDetail* caseDetail READ caseDetail CONSTANT)
  Q_PROPERTY(SyncBar* syncBar READ syncBar CONSTANT)
  Q_PROPERTY(BackofficeQueueModel* backoffice READ backoffice CONSTANT)
  Q_PROPERTY(PeriodStats* periodStats READ periodStats CONSTANT)
  Q_PROPERTY(HubAdmin* hubAdmin READ hubAdmin CONSTANT)
  Q_PROPERTY(AppointmentDesk* appointments READ appointments CONSTANT)
  Q_PROPERTY(FieldDesk* field READ field CONSTANT)
  Q_PROPERTY(ShipmentDesk* shipments READ shipments CONSTANT)
  Q_PROPERTY(RatingForm* rating READ rating CONSTANT)
  Q_PROPERTY(DocumentPrinter* printer READ printer CONSTANT)
  Q_PROPERTY(ScanDesk* scans READ scans CONSTANT)
  Q_PROPERTY(DeskSettings* settings READ settings CONSTANT)
  Q_PROPERTY(ScreenLock* screenLock READ screenLock CONSTANT)
  Q_PROPERTY(AccountDesk* accounts READ accounts CONSTANT)

 public:
  // `remember_settings`: read and write the station's choices (QSettings); off
  // for headless runs and tests, which must not depend on or change them.
  explicit DeskSession(bool remember_settings = false, QObject* parent = nullptr);
  ~DeskSession() override;

  QString databasePath() const { return path_; }
  bool encrypted() const { return sealed_; }
  bool needsOldPassword() const { return needs_old_password_; }
  bool isOpen() const { return identity_.has_value() || sealed_; }
  bool opening() const { return opening_; }
  QString stationCode() const;
  QString stationName() const;
  QString nodeKindLabel() const;
  QString township() const;
  bool loggedIn() const { return session_.has_value(); }
  bool loggingIn() const { return logging_in_; }
  QString userLogin() const;
  QString userName() const;
  QString role() const;
  QString roleLabel() const;
  bool canIntake() const;
  // The pages the navigation offers this person at this node, in order (see
  // DeskPages()). Only what to show: the node still checks every move.
  QStringList pages() const;
  QString error() const { return error_; }
  // Node work queued or running on either thread (screenshots wait for 0).
  bool busy() const;

  CaseListModel* queue() { return queue_; }
  CaseListModel* cases() { return cases_; }
  ItemFilterModel* items() { return items_; }
  ItemListModel* catalog() { return catalog_; }
  TodayBoard* today() { return today_; }
  IntakeForm* intake() { return intake_; }
  CaseDetail* caseDetail() { return detail_; }
  SyncBar* syncBar() { return sync_bar_; }
  BackofficeQueueModel* backoffice() { return backoffice_; }
  PeriodStats* periodStats() { return period_stats_; }
  HubAdmin* hubAdmin() { return hub_admin_; }
  AppointmentDesk* appointments() { return appointments_; }
  FieldDesk* field() { return field_; }
  ShipmentDesk* shipments() { return shipments_; }
  RatingForm* rating() { return rating_; }
  DocumentPrinter* printer() { return printer_; }
  ScanDesk* scans() { return scans_; }
  DeskSettings* settings() { return settings_; }
  ScreenLock* screenLock() { return screen_lock_; }
  AccountDesk* accounts() { return accounts_; }
  StoreThread* storeThread() { return store_.get(); }

  // Opens a station database on both threads; `openChanged` (or `error`) follows.
  Q_INVOKABLE void openDatabase(const QString& path);
  // Checks the password on the store thread; `loginChanged` or `loginFailed` follows.
  // `oldPassword`: on an encrypted station whose key file still knows the password an
  // account had before it was changed on another machine (needsOldPassword), that one.
  Q_INVOKABLE void login(const QString& login, const QString& password,
                         const QString& oldPassword = {});
  Q_INVOKABLE void logout();
  // Reloads every list and figure (after a write, a pull, or on request).
  Q_INVOKABLE void refreshAll();
  // The file a file dialog chose, as a path the node's functions take.
  Q_INVOKABLE QString localPath(const QUrl& url) const { return url.toLocalFile(); }
  Q_INVOKABLE QString fileName(const QUrl& url) const { return url.fileName(); }
  // The text of a case's QR code, as a USB barcode scanner types it.
  Q_INVOKABLE QString scanCode(const QString& caseNo) const;

 signals:
  void openChanged();
  void loginChanged();
  void loginFailed(const QString& message);
  void errorChanged();
  void busyChanged();

 private:
  void SetError(const QString& error);
  void SessionChanged();
  // The hub revoked this node: sign out, close both threads' files, erase the station.
  void EraseRevoked();
  void UnlockAndLogin(const QString& login, const QString& password, const QString& old_password);
  // Reloads the lists of the service-mode pages this person uses.
  void RefreshModes();

  // Joined in ~DeskSession, before the models (children) are deleted, so no
  // result can arrive at a model being torn down.
  std::unique_ptr<StoreThread> store_;
  std::unique_ptr<StoreThread> sync_thread_;
  QString path_;
  bool opening_ = false;
  // The station at path_ is encrypted and nobody has unlocked it: it opens at login,
  // with the key the password unwraps, and closes again at logout.
  bool sealed_ = false;
  bool needs_old_password_ = false;  // the last sign-in was refused as changed elsewhere
  std::optional<node::NodeIdentity> identity_;
  std::optional<node::Session> session_;
  bool logging_in_ = false;
  QString error_;

  CaseListModel* queue_;
  CaseListModel* cases_;
  ItemListModel* catalog_;
  ItemFilterModel* items_;
  TodayBoard* today_;
  IntakeForm* intake_;
  CaseDetail* detail_;
  SyncBar* sync_bar_;
  BackofficeQueueModel* backoffice_;
  PeriodStats* period_stats_;
  HubAdmin* hub_admin_;
  AppointmentDesk* appointments_;
  FieldDesk* field_;
  ShipmentDesk* shipments_;
  RatingForm* rating_;
  DocumentPrinter* printer_;
  ScanDesk* scans_;
  DeskSettings* settings_;
  ScreenLock* screen_lock_;
  AccountDesk* accounts_;
};

}  // namespace tongban::desk
