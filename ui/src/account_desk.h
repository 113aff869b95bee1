// AccountDesk: passwords at the desk. Anyone changes their own, given the current
// one; an admin sets a new one for a colleague who forgot it or locked the account
// with wrong passwords (NodeStore::ResetPassword, which also ends the lock). The new
// hash syncs, so the colleague's other stations take it too.
#pragma once

#include <QVariantList>
#include <functional>

#include "desk_controller.h"

namespace tongban::desk {

class AccountDesk : public DeskController {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("AccountDesk is owned by DeskSession")
  // [{login, name, roleLabel}], for an admin only
  Q_PROPERTY(QVariantList staff READ staff NOTIFY staffChanged)
  Q_PROPERTY(bool canReset READ canReset NOTIFY staffChanged)

 public:
  explicit AccountDesk(StoreThread* store, QObject* parent = nullptr);

  void SetSession(std::optional<node::Session> session) override;
  QVariantList staff() const { return staff_; }
  bool canReset() const { return session_ && session_->role == node::Role::kAdmin; }

  Q_INVOKABLE void loadStaff();
  Q_INVOKABLE void changePassword(const QString& current, const QString& password,
                                  const QString& repeat);
  Q_INVOKABLE void resetPassword(const QString& login, const QString& password,
                                 const QString& repeat);

 signals:
  void staffChanged();
  // A password was set: the page clears its fields.
  void passwordSet();

 private:
  // The desk's own checks before the node's: both entries the same.
  bool Repeated(const QString& password, const QString& repeat);
  // Runs `set` on the store thread once both entries agree; `done` is the message after.
  void SetPassword(const QString& password, const QString& repeat,
                   std::function<Status(node::NodeStore&, const node::Session&)> set,
                   const QString& done);

  QVariantList staff_;
};

}  // namespace tongban::desk
