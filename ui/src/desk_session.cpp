#include "desk_session.h"

#include <QFileInfo>

#include "tongban/node/store/station_keys.h"

#include "labels.h"

namespace tongban::desk {

DeskSession::DeskSession(bool remember_settings, QObject* parent)
    : QObject(parent),
      store_(std::make_unique<StoreThread>(QStringLiteral("tongban-store"))),
      sync_thread_(std::make_unique<StoreThread>(QStringLiteral("tongban-sync"))),
      queue_(new CaseListModel(store_.get(), CaseListModel::Scope::Today, this)),
      cases_(new CaseListModel(store_.get(), CaseListModel::Scope::All, this)),
      catalog_(new ItemListModel(store_.get(), this)),
      items_(new ItemFilterModel(catalog_, this)),
      today_(new TodayBoard(store_.get(), this)),
      intake_(new IntakeForm(store_.get(), this)),
      detail_(new CaseDetail(store_.get(), this)),
      sync_bar_(new SyncBar(store_.get(), sync_thread_.get(), this)),
      backoffice_(new BackofficeQueueModel(store_.get(), this)),
      period_stats_(new PeriodStats(store_.get(), this)),
      hub_admin_(new HubAdmin(store_.get(), this)),
      appointments_(new AppointmentDesk(store_.get(), this)),
      field_(new FieldDesk(store_.get(), this)),
      shipments_(new ShipmentDesk(store_.get(), this)),
      rating_(new RatingForm(store_.get(), this)),
      printer_(new DocumentPrinter(store_.get(), this)),
      scans_(new ScanDesk(this)),
      settings_(new DeskSettings(remember_settings, this)),
      screen_lock_(new ScreenLock(store_.get(), settings_, this)),
      accounts_(new AccountDesk(store_.get(), this)) {
  connect(store_.get(), &StoreThread::pendingChanged, this, &DeskSession::busyChanged);
  connect(sync_thread_.get(), &StoreThread::pendingChanged, this, &DeskSession::busyChanged);
  // A write here or a pull from the hub changes what the lists and figures show.
  connect(intake_, &IntakeForm::submitted, this, &DeskSession::refreshAll);
  connect(detail_, &CaseDetail::caseChanged, this, &DeskSession::refreshAll);
  // Writes on the service-mode pages change the home figures and lists.
  for (DeskController* c : std::initializer_list<DeskController*>{appointments_, field_, shipments_, rating_})
    connect(c, &DeskController::written, this, &DeskSession::refreshAll);
  connect(sync_bar_, &SyncBar::pulled, this, &DeskSession::refreshAll);
  connect(sync_bar_, &SyncBar::revoked, this, &DeskSession::EraseRevoked);
  // A print enters the case's timeline: the open case shows it.
  printer_->SetSettings(settings_);
  connect(printer_, &DeskController::written, this, [this] {
    if (!detail_->caseNo().isEmpty()) detail_->reload();
  });
  // A pull may bring visits planned elsewhere, shipments, appointments.
  connect(sync_bar_, &SyncBar::pulled, this, &DeskSession::RefreshModes);
  auto auto_sync = [this] { sync_bar_->SetAutoSyncInterval(settings_->autoSyncMinutes() * 60'000); };
  connect(settings_, &DeskSettings::autoSyncMinutesChanged, this, auto_sync);
  auto_sync();
  auto notices = [this] {
    sync_bar_->SetLanguage(settings_->language().startsWith(QLatin1String("en"))
                               ? node::Language::kEnglish
                               : node::Language::kChinese);
  };
  notices();
  // Lists and the open case hold text formatted in the old language.
  connect(settings_, &DeskSettings::languageChanged, this, [this, notices] {
    notices();
    if (!session_) return;
    catalog_->refresh();
    refreshAll();
    RefreshModes();
    if (detail_->loaded()) detail_->reload();
    if (hub_admin_->connected()) hub_admin_->refresh();
  });
}

DeskSession::~DeskSession() {
  sync_thread_.reset();
  store_.reset();
}

// An encrypted station shows nothing of itself before someone signs in; its file's name
// tells the clerk which one it is.
QString DeskSession::stationCode() const {
  if (!identity_ && sealed_) return QFileInfo(path_).fileName();
  return identity_ ? Q(identity_->code) : QString();
}
QString DeskSession::stationName() const {
  if (!identity_ && sealed_) return tr("已加密的站点，登录后打开");
  return identity_ ? Q(identity_->name) : QString();
}
QString DeskSession::nodeKindLabel() const {
  return identity_ ? NodeKindLabel(identity_->kind) : QString();
}
QString DeskSession::township() const { return identity_ ? Q(identity_->township) : QString(); }
QString DeskSession::userLogin() const { return session_ ? Q(session_->login) : QString(); }
QString DeskSession::userName() const { return session_ ? Q(session_->name) : QString(); }
QString DeskSession::role() const { return session_ ? Q(node::RoleName(session_->role)) : QString(); }
QString DeskSession::roleLabel() const { return session_ ? RoleLabel(session_->role) : QString(); }

bool DeskSession::canIntake() const {
  if (!session_) return false;
  const auto actor = node::ActorForRole(session_->role);
  return actor && *actor == node::Actor::kStation;
}

QStringList DeskSession::pages() const {
  if (!session_ || !identity_) return {};
  const auto actor = node::ActorForRole(session_->role);
  const bool window = actor && *actor == node::Actor::kStation;
  const bool office = actor && *actor == node::Actor::kBackOffice;
  const bool laptop = identity_->kind == node::NodeKind::kField;
  QStringList out{QStringLiteral("home")};
  if (window) out << QStringLiteral("intake");
  out << QStringLiteral("search");
  if (office) out << QStringLiteral("backoffice");
  if (session_->role == node::Role::kField || laptop) out << QStringLiteral("field");
  if (window && !laptop) out << QStringLiteral("appointments");
  if (window || office) out << QStringLiteral("shipments");
  if (window) out << QStringLiteral("rating");
  out << QStringLiteral("stats") << QStringLiteral("sync");
  if (session_->role == node::Role::kAdmin) out << QStringLiteral("conflicts");
  out << QStringLiteral("settings");
  return out;
}

bool DeskSession::busy() const {
  return (store_ && store_->pending() > 0) || (sync_thread_ && sync_thread_->pending() > 0);
}

void DeskSession::openDatabase(const QString& path) {
  if (opening_) return;
  if (path.isEmpty()) {
    SetError(tr("请指定站点数据库文件"));
    return;
  }
  logout();
  path_ = path;
  identity_.reset();
  sealed_ = false;
  needs_old_password_ = false;
  SetError({});
  if (node::IsSealedStation(S(path))) {
    // Nothing to read before a password unwraps the key: the login opens it.
    store_->Close();
    sync_thread_->Close();
    sealed_ = true;
    emit openChanged();
    return;
  }
  opening_ = true;
  emit openChanged();
  // One thread after the other: the first open migrates an old schema, the second finds it done.
  auto failed = [this](const Status& status) {
    SetError(ErrorText(status));
    opening_ = false;
    emit openChanged();
  };
  store_->Open(S(path), std::nullopt, this, [this, failed](Result<node::NodeIdentity> r) {
    if (!r.ok()) return failed(r.status());
    sync_thread_->Open(S(path_), std::nullopt, this, [this, failed, id = *r](Result<node::NodeIdentity> s) {
      if (!s.ok()) return failed(s.status());
      identity_ = id;
      opening_ = false;
      emit openChanged();
    });
  });
}

void DeskSession::login(const QString& login, const QString& password, const QString& oldPassword) {
  if (!isOpen()) {
    emit loginFailed(tr("站点数据库尚未打开"));
    return;
  }
  logging_in_ = true;
  emit loginChanged();
  if (sealed_ && !identity_) return UnlockAndLogin(login, password, oldPassword);
  store_->Run(
      this,
      [login = S(login), password = S(password)](StoreContext& ctx) -> Result<node::Session> {
        if (!ctx.store()) return NoStationOpen();
        return ctx.store()->Login(login, password);
      },
      [this](Result<node::Session> r) {
        logging_in_ = false;
        if (!r.ok()) {
          emit loginChanged();
          emit loginFailed(ErrorText(r.status()));
          return;
        }
        session_ = *r;
        SessionChanged();
      });
}

// An encrypted station: the password unwraps the data key, both threads open the
// store with it, then the same password signs in as on any station.
void DeskSession::UnlockAndLogin(const QString& login, const QString& password,
                                 const QString& old_password) {
  struct Unlocked {
    node::NodeIdentity identity;
    node::Session session;
    sync::DataKey key;
  };
  const auto refused = [this](const Status& status) {
    logging_in_ = false;
    needs_old_password_ = status.key() == "store.keys_password_changed_elsewhere";
    emit loginChanged();
    emit loginFailed(ErrorText(status));
  };
  store_->Run(
      this,
      [path = S(path_), login = S(login), password = S(password),
       old = S(old_password)](StoreContext& ctx) -> Result<std::shared_ptr<Unlocked>> {
        // A password changed on another machine: the key still opens with the old one,
        // given once, and is wrapped under the new one at sign-in (AdoptPassword).
        const std::int64_t now = sync::SystemWallClock::Instance().NowMillis();
        auto unwrapped = node::StationKeys::UnlockCounted(path, login, password, now);
        if (!unwrapped.ok() && !old.empty() &&
            unwrapped.status().key() == "store.keys_password_changed_elsewhere")
          unwrapped = node::StationKeys::UnlockCounted(path, login, old, now);
        TB_ASSIGN_OR_RETURN(node::StationKeys::Unlocked opened, std::move(unwrapped));
        const sync::DataKey key = opened.key;
        TB_ASSIGN_OR_RETURN(auto store, node::NodeStore::Open(path, sync::SystemWallClock::Instance(),
                                                              5000, &key));
        TB_ASSIGN_OR_RETURN(node::Session session, opened.changed_elsewhere
                                                       ? store->AdoptPassword(login, password)
                                                       : store->Login(login, password));
        auto out = std::make_shared<Unlocked>(Unlocked{store->identity(), session, key});
        ctx.Adopt(std::move(store));
        return out;
      },
      [this, refused, path = S(path_)](Result<std::shared_ptr<Unlocked>> r) {
        // Another station opened meanwhile: this unlock is for a file no longer shown.
        if (path != S(path_)) {
          logging_in_ = false;
          emit loginChanged();
          return;
        }
        if (!r.ok()) return refused(r.status());
        const auto unlocked = *r;
        sync_thread_->Open(path, unlocked->key, this,
                           [this, refused, unlocked, path](Result<node::NodeIdentity> s) {
                             if (path != S(path_)) {
                               logging_in_ = false;
                               emit loginChanged();
                               return;
                             }
                             if (!s.ok()) {
                               store_->Close();
                               return refused(s.status());
                             }
                             logging_in_ = false;
                             needs_old_password_ = false;
                             identity_ = unlocked->identity;
                             session_ = unlocked->session;
                             emit openChanged();
                             SessionChanged();
                           });
      });
}

void DeskSession::logout() {
  needs_old_password_ = false;
  if (!session_) return;
  session_.reset();
  if (sealed_) {
    // The key leaves memory with the stores; the next person unlocks anew.
    identity_.reset();
    store_->Close();
    sync_thread_->Close();
    emit openChanged();
  }
  SessionChanged();
}

void DeskSession::EraseRevoked() {
  const std::string path = S(path_);
  session_.reset();
  identity_.reset();
  SessionChanged();
  // One thread after the other, so no connection is open when the files go.
  store_->CloseThen(this, nullptr, [this, path](Status) {
    sync_thread_->CloseThen(this, [path] { return node::WipeStation(path); }, [this](Status s) {
      path_.clear();
      sealed_ = false;
      if (s.ok()) printer_->EraseFolder();
      SetError(s.ok() ? tr("县中心已停用本机：本机的内容都已交中心，本机上的站点数据已清除。")
                      : ErrorText(s));
      emit openChanged();
    });
  });
}

void DeskSession::SessionChanged() {
  scans_->clear();  // a clerk's scanned pages are not the next clerk's
  intake_->SetSession(session_, stationName());
  detail_->SetSession(session_);
  sync_bar_->SetActive(session_.has_value());
  hub_admin_->SetSession(session_, stationCode());
  for (DeskController* c : std::initializer_list<DeskController*>{
           appointments_, field_, shipments_, rating_, printer_, screen_lock_, accounts_})
    c->SetSession(session_);
  emit loginChanged();
  if (session_) {
    catalog_->refresh();
    hub_admin_->loadLink();
    refreshAll();
  }
}

void DeskSession::refreshAll() {
  if (!session_) return;
  queue_->refresh();
  cases_->refresh();
  today_->refresh();
  sync_bar_->refresh();
  // Reading the office's queue opens every candidate case: only for those who work it.
  if (pages().contains(QStringLiteral("backoffice"))) backoffice_->refresh();
  if (period_stats_->loaded()) period_stats_->refresh();
}

void DeskSession::RefreshModes() {
  if (!session_) return;
  const QStringList shown = pages();
  if (shown.contains(QStringLiteral("field"))) field_->refresh();
  if (shown.contains(QStringLiteral("appointments"))) appointments_->refresh();
  if (shown.contains(QStringLiteral("shipments"))) shipments_->refresh();
}

void DeskSession::SetError(const QString& error) {
  if (error_ == error) return;
  error_ = error;
  emit errorChanged();
}

QString DeskSession::scanCode(const QString& caseNo) const {
  return Q(node::CaseScanCode(S(caseNo)));
}

}  // namespace tongban::desk
