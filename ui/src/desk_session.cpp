#include "desk_session.h"

#include "labels.h"

namespace tongban::desk {

DeskSession::DeskSession(QObject* parent)
    : QObject(parent),
      store_(std::make_unique<StoreThread>(QStringLiteral("tongban-store"))),
      sync_thread_(std::make_unique<StoreThread>(QStringLiteral("tongban-sync"))),
      queue_(new CaseListModel(store_.get(), CaseListModel::Scope::Today, this)),
      cases_(new CaseListModel(store_.get(), CaseListModel::Scope::All, this)),
      catalog_(new ItemListModel(store_.get(), this)),
      items_(new ItemFilterModel(catalog_, this)),
      stats_(new QueueStats(store_.get(), this)),
      intake_(new IntakeForm(store_.get(), this)),
      detail_(new CaseDetail(store_.get(), this)),
      sync_bar_(new SyncBar(store_.get(), sync_thread_.get(), this)) {
  connect(store_.get(), &StoreThread::pendingChanged, this, &DeskSession::busyChanged);
  connect(sync_thread_.get(), &StoreThread::pendingChanged, this, &DeskSession::busyChanged);
  // A write here or a pull from the hub changes what the lists and figures show.
  connect(intake_, &IntakeForm::submitted, this, &DeskSession::refreshAll);
  connect(detail_, &CaseDetail::caseChanged, this, &DeskSession::refreshAll);
  connect(sync_bar_, &SyncBar::pulled, this, &DeskSession::refreshAll);
}

DeskSession::~DeskSession() {
  sync_thread_.reset();
  store_.reset();
}

QString DeskSession::stationCode() const { return identity_ ? Q(identity_->code) : QString(); }
QString DeskSession::stationName() const { return identity_ ? Q(identity_->name) : QString(); }
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
  opening_ = true;
  SetError({});
  emit openChanged();
  // One thread after the other: the first open migrates an old schema, the second finds it done.
  auto failed = [this](const Status& status) {
    SetError(Q(status.message()));
    opening_ = false;
    emit openChanged();
  };
  store_->Open(S(path), this, [this, failed](Result<node::NodeIdentity> r) {
    if (!r.ok()) return failed(r.status());
    sync_thread_->Open(S(path_), this, [this, failed, id = *r](Result<node::NodeIdentity> s) {
      if (!s.ok()) return failed(s.status());
      identity_ = id;
      opening_ = false;
      emit openChanged();
    });
  });
}

void DeskSession::login(const QString& login, const QString& password) {
  if (!isOpen()) {
    emit loginFailed(tr("站点数据库尚未打开"));
    return;
  }
  logging_in_ = true;
  emit loginChanged();
  store_->Run(
      this,
      [login = S(login), password = S(password)](StoreContext& ctx) -> Result<node::Session> {
        if (!ctx.store()) return FailedPrecondition("no station database is open");
        return ctx.store()->Login(login, password);
      },
      [this](Result<node::Session> r) {
        logging_in_ = false;
        if (!r.ok()) {
          emit loginChanged();
          emit loginFailed(Q(r.status().message()));
          return;
        }
        session_ = *r;
        SessionChanged();
      });
}

void DeskSession::logout() {
  if (!session_) return;
  session_.reset();
  SessionChanged();
}

void DeskSession::SessionChanged() {
  intake_->SetSession(session_, stationName());
  detail_->SetSession(session_);
  sync_bar_->SetActive(session_.has_value());
  emit loginChanged();
  if (session_) {
    catalog_->refresh();
    refreshAll();
  }
}

void DeskSession::refreshAll() {
  if (!session_) return;
  queue_->refresh();
  cases_->refresh();
  stats_->refresh();
  sync_bar_->refresh();
}

void DeskSession::SetError(const QString& error) {
  if (error_ == error) return;
  error_ = error;
  emit errorChanged();
}

}  // namespace tongban::desk
