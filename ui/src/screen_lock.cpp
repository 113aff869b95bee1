#include "screen_lock.h"

#include <QCoreApplication>
#include <QEvent>
#include <algorithm>

#include "desk_settings.h"

namespace tongban::desk {

ScreenLock::ScreenLock(StoreThread* store, DeskSettings* settings, QObject* parent)
    : DeskController(store, parent), settings_(settings) {
  idle_.start();
  if (QCoreApplication::instance()) QCoreApplication::instance()->installEventFilter(this);
  timer_.setInterval(5'000);
  connect(&timer_, &QTimer::timeout, this, &ScreenLock::CheckIdle);
  timer_.start();
}

void ScreenLock::SetSession(std::optional<node::Session> session) {
  DeskController::SetSession(std::move(session));
  idle_.restart();
  if (locked_) {
    locked_ = false;  // logged out, or someone else logged in
    emit lockChanged();
  }
}

bool ScreenLock::eventFilter(QObject* watched, QEvent* event) {
  switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
      idle_.restart();
      break;
    default:
      break;
  }
  return QObject::eventFilter(watched, event);
}

void ScreenLock::CheckIdle() {
  const qint64 limit = test_limit_ms_ > 0 ? test_limit_ms_ : settings_->lockMinutes() * 60'000LL;
  if (!session_ || locked_ || limit <= 0) return;
  if (idle_.elapsed() >= limit) lockNow();
}

void ScreenLock::SetIdleLimitForTest(int ms) {
  test_limit_ms_ = ms;
  timer_.setInterval(std::max(10, ms / 4));
}

void ScreenLock::lockNow() {
  if (!session_ || locked_) return;
  locked_ = true;
  SetError({});
  emit lockChanged();
}

void ScreenLock::unlock(const QString& password) {
  if (!locked_ || busy()) return;
  Start(
      [password = S(password)](node::NodeStore& store, const node::Session& by) {
        return store.Login(by.login, password);
      },
      [this](node::Session) {
        locked_ = false;
        idle_.restart();
        emit lockChanged();
      });
}

}  // namespace tongban::desk
