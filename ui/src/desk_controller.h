// DeskController: what the pages of the service modes share — who is at the
// desk, the store thread their work runs on, and the busy / error / message
// lines a page shows. Errors are the node's own sentences; QML frames them.
#pragma once

#include <QObject>
#include <QtQml/qqmlregistration.h>
#include <optional>
#include <utility>

#include "labels.h"
#include "store_thread.h"

namespace tongban::desk {

class DeskController : public QObject {
  Q_OBJECT
  QML_ANONYMOUS
  Q_PROPERTY(bool busy READ busy NOTIFY stateChanged)
  Q_PROPERTY(QString error READ error NOTIFY stateChanged)
  Q_PROPERTY(QString message READ message NOTIFY stateChanged)

 public:
  explicit DeskController(StoreThread* store, QObject* parent = nullptr)
      : QObject(parent), store_(store) {}

  // Who works here; nullopt after logout (writes are then refused before the store).
  virtual void SetSession(std::optional<node::Session> session) { session_ = std::move(session); }

  bool busy() const { return busy_ > 0; }
  QString error() const { return error_; }
  QString message() const { return message_; }

 signals:
  void stateChanged();
  // A write succeeded: figures and lists elsewhere are out of date.
  void written();

 protected:
  // Runs `work(store, session)` on the store thread; `done(value)` follows on
  // the GUI thread, or `error` is set. `work` returns a Result; it gets the
  // session only if someone is logged in (else the call fails at once).
  template <typename Work, typename Done>
  void Start(Work work, Done done) {
    using R = std::invoke_result_t<Work&, node::NodeStore&, const node::Session&>;
    if (!session_) {
      SetError(tr("请先登录"));
      return;
    }
    ++busy_;
    error_.clear();
    message_.clear();
    emit stateChanged();
    store_->Run(
        this,
        [work = std::move(work), by = *session_](StoreContext& ctx) mutable -> R {
          if (!ctx.store()) return FailedPrecondition("no station database is open");
          return work(*ctx.store(), by);
        },
        [this, done = std::move(done)](R r) mutable {
          --busy_;
          if (r.ok()) done(std::move(*r));
          else error_ = ErrorText(r.status());  // the node's words in the reader's language
          emit stateChanged();
        });
  }

  // Start for a write: `written` follows a success.
  template <typename Work, typename Done>
  void StartWrite(Work work, Done done) {
    Start(std::move(work), [this, done = std::move(done)](auto value) mutable {
      done(std::move(value));
      emit written();
    });
  }

  void SetError(const QString& error) {
    error_ = error;
    emit stateChanged();
  }
  void SetMessage(const QString& message) {
    message_ = message;
    emit stateChanged();
  }

  StoreThread* store_;
  std::optional<node::Session> session_;

 private:
  int busy_ = 0;
  QString error_, message_;
};

}  // namespace tongban::desk
