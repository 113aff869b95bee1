// ScreenLock: the desk locks itself when nobody has touched it for a while (the
// station's choice, DeskSettings::lockMinutes), or when the clerk steps away and
// presses 锁定. The page underneath stays as it was, with whatever was being typed;
// only the same person's password opens it again (the node's Login, so wrong
// passwords lock the account as at the login page), or 换人登录 logs out.
#pragma once

#include <QElapsedTimer>
#include <QTimer>

#include "desk_controller.h"

namespace tongban::desk {

class DeskSettings;

class ScreenLock : public DeskController {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("ScreenLock is owned by DeskSession")
  Q_PROPERTY(bool locked READ locked NOTIFY lockChanged)

 public:
  // Watches the application's input for activity.
  ScreenLock(StoreThread* store, DeskSettings* settings, QObject* parent = nullptr);

  void SetSession(std::optional<node::Session> session) override;
  bool locked() const { return locked_; }

  Q_INVOKABLE void lockNow();
  // Test seam: lock after `ms` without input instead of the station's minutes.
  void SetIdleLimitForTest(int ms);
  // Checks `password` for the person logged in; unlocks when it is theirs.
  Q_INVOKABLE void unlock(const QString& password);

 signals:
  void lockChanged();

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void CheckIdle();

  DeskSettings* settings_;
  QTimer timer_;
  QElapsedTimer idle_;
  bool locked_ = false;
  int test_limit_ms_ = 0;
};

}  // namespace tongban::desk
