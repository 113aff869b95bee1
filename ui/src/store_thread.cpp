#include "store_thread.h"

namespace tongban::desk {

namespace {
constexpr MessageDef kNoStationOpen{"desk.no_station_open", "no station database is open"};
}  // namespace

Status NoStationOpen() { return FailedPrecondition(kNoStationOpen); }

Result<node::NodeSync*> StoreContext::Sync() {
  if (!store_) return NoStationOpen();
  if (!sync_) {
    TB_ASSIGN_OR_RETURN(sync_, node::NodeSync::Open(*store_, 2000, 20, cancel()));
  }
  return sync_.get();
}

void StoreContext::Adopt(std::unique_ptr<node::NodeStore> store) {
  sync_.reset();
  store_ = std::move(store);
}

const std::atomic<bool>* StoreContext::cancel() const { return &owner_->stopping_; }

void StoreContext::PostToGui(const QPointer<QObject>& receiver, std::function<void()> fn) {
  // Routed through the owner, which lives on the GUI thread and outlives this
  // thread, so `receiver` is only ever looked at on the GUI thread.
  QMetaObject::invokeMethod(
      owner_,
      [guard = receiver, fn = std::move(fn)] {
        if (guard) fn();
      },
      Qt::QueuedConnection);
}

StoreThread::StoreThread(const QString& name, QObject* parent)
    : QObject(parent), worker_(new QObject), ctx_(this) {
  thread_.setObjectName(name);
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  thread_.start();
}

StoreThread::~StoreThread() {
  // A round under way sees the flag within about a second, so the wait below is for
  // local work only, never for the network.
  stopping_ = true;
  // Blocking, not queued with the quit inside: without a QCoreApplication (a test's
  // objects outliving it) the call is dropped, and a blocking one is released then.
  QMetaObject::invokeMethod(
      worker_,
      [this] {
        ctx_.sync_.reset();
        ctx_.store_.reset();
      },
      Qt::BlockingQueuedConnection);
  thread_.quit();
  thread_.wait();
}

void StoreThread::Open(const std::string& path, std::optional<sync::DataKey> key,
                       QObject* receiver, std::function<void(Result<node::NodeIdentity>)> done) {
  Run(
      receiver,
      [path, key = std::move(key)](StoreContext& ctx) -> Result<node::NodeIdentity> {
        ctx.sync_.reset();
        ctx.store_.reset();
        TB_ASSIGN_OR_RETURN(ctx.store_,
                            node::NodeStore::Open(path, sync::SystemWallClock::Instance(), 5000,
                                                  key ? &*key : nullptr));
        return ctx.store_->identity();
      },
      std::move(done));
}

void StoreThread::Close() {
  Run(
      this,
      [](StoreContext& ctx) -> Status {
        ctx.sync_.reset();
        ctx.store_.reset();
        return Status::Ok();
      },
      [](Status) {});
}

void StoreThread::CloseThen(QObject* receiver, std::function<Status()> after,
                            std::function<void(Status)> done) {
  Run(
      receiver,
      [after = std::move(after)](StoreContext& ctx) -> Status {
        ctx.sync_.reset();
        ctx.store_.reset();
        return after ? after() : Status::Ok();
      },
      std::move(done));
}

void StoreThread::Started() {
  ++pending_;
  emit pendingChanged();
}

void StoreThread::Finished() {
  --pending_;
  emit pendingChanged();
}

}  // namespace tongban::desk
