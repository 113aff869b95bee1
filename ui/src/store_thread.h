// StoreThread: a thread that owns one NodeStore connection and runs node work on it.
//
// Start here when reading the desk. The GUI thread never touches a NodeStore:
// controllers and models call Run(receiver, work, done). `work(ctx)` runs on
// this thread, in the order Run was called, with the thread's own store
// connection (NodeStore is not thread safe: one connection per thread). Its
// return value travels back as a queued call, and `done(result)` runs on the
// GUI thread unless `receiver` has been destroyed meanwhile.
//
// Rules for `work`: capture values, never GUI objects; return Result<T> so a
// missing database or a failed call reaches the screen as a message. Work must
// not block for long unless the thread is meant for it (the desk runs sync on
// a second StoreThread so a slow network never delays a search), and network
// work must end when the thread stops (StoreContext::cancel()), so closing the
// desk never waits for the network.
#pragma once

#include <QObject>
#include <QPointer>
#include <QThread>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "tongban/node/store/node_store.h"
#include "tongban/node/store/node_sync.h"
#include "tongban/status.h"

namespace tongban::desk {

class StoreThread;

// The error of work run before a station database is open (one message for the whole desk).
Status NoStationOpen();

// What work sees on its thread. Valid only inside `work`.
class StoreContext {
 public:
  // The open store, or nullptr before Open succeeded.
  node::NodeStore* store() { return store_.get(); }
  // The hub link of this thread's store, opened on first use (fails when the node
  // was never enrolled; the next call tries again). Its rounds end with kCancelled
  // once the thread stops.
  Result<node::NodeSync*> Sync();
  // Turns true when the StoreThread is being destroyed; for sync::CurlOptions::cancel
  // of any other transport work opens. Lives as long as the thread.
  const std::atomic<bool>* cancel() const;
  // Posts `fn` to the GUI thread; it runs there unless `receiver` died. For
  // progress reports from long work. The guard must be made on the GUI thread
  // (before Run) and copied in: making one here would touch an object the GUI
  // thread may be destroying, hence no overload for a raw pointer.
  void PostToGui(const QPointer<QObject>& receiver, std::function<void()> fn);
  void PostToGui(QObject* receiver, std::function<void()> fn) = delete;
  // Makes `store` this thread's store (one opened by work, as an encrypted station's
  // is at login), closing any earlier one.
  void Adopt(std::unique_ptr<node::NodeStore> store);

 private:
  friend class StoreThread;
  explicit StoreContext(StoreThread* owner) : owner_(owner) {}
  StoreThread* owner_;
  std::unique_ptr<node::NodeStore> store_;
  std::unique_ptr<node::NodeSync> sync_;
};

class StoreThread : public QObject {
  Q_OBJECT
  Q_PROPERTY(int pending READ pending NOTIFY pendingChanged)

 public:
  explicit StoreThread(const QString& name, QObject* parent = nullptr);
  // Cancels network work (a sync round ends within about a second, later ones at
  // once), lets the work queued before it finish, so a clerk's last write still
  // lands, closes the store on its own thread and joins. No `done` runs after this:
  // results still on their way are dropped with this object's posted events.
  ~StoreThread() override;
  StoreThread(const StoreThread&) = delete;
  StoreThread& operator=(const StoreThread&) = delete;

  // Work queued or running whose `done` has not yet run on the GUI thread.
  int pending() const { return pending_; }

  // Opens the database file on the thread (closing any earlier one), with the data key
  // of an encrypted station; `done` receives the node identity.
  void Open(const std::string& path, std::optional<sync::DataKey> key, QObject* receiver,
            std::function<void(Result<node::NodeIdentity>)> done);
  void Open(const std::string& path, QObject* receiver,
            std::function<void(Result<node::NodeIdentity>)> done) {
    Open(path, std::nullopt, receiver, std::move(done));
  }
  // Closes the store on the thread: an encrypted station's key leaves memory with it.
  void Close();
  // The same, then runs `after` on the thread (with the file closed), then `done` with
  // its outcome on the receiver's thread.
  void CloseThen(QObject* receiver, std::function<Status()> after, std::function<void(Status)> done);

  template <typename Work, typename Done>
  void Run(QObject* receiver, Work work, Done done) {
    using R = std::invoke_result_t<Work&, StoreContext&>;
    Started();
    QPointer<QObject> guard(receiver);
    QMetaObject::invokeMethod(
        worker_,
        [this, guard, work = std::move(work), done = std::move(done)]() mutable {
          auto result = std::make_shared<R>(work(ctx_));
          QMetaObject::invokeMethod(
              this,
              [this, guard, done = std::move(done), result]() mutable {
                if (guard) done(std::move(*result));
                Finished();
              },
              Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
  }

 signals:
  void pendingChanged();

 private:
  friend class StoreContext;
  void Started();
  void Finished();

  std::atomic<bool> stopping_{false};  // set by the destructor, read by work on thread_
  QThread thread_;
  QObject* worker_;   // lives on thread_; work is queued to it
  StoreContext ctx_;  // touched on thread_ only
  int pending_ = 0;   // GUI thread only
};

}  // namespace tongban::desk
