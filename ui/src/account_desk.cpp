#include "account_desk.h"

namespace tongban::desk {

AccountDesk::AccountDesk(StoreThread* store, QObject* parent) : DeskController(store, parent) {}

void AccountDesk::SetSession(std::optional<node::Session> session) {
  DeskController::SetSession(std::move(session));
  staff_.clear();
  SetError({});
  SetMessage({});
  emit staffChanged();
}

void AccountDesk::loadStaff() {
  if (!canReset()) return;
  Start([](node::NodeStore& store, const node::Session&) { return store.ListStaff(); },
        [this](std::vector<node::Session> list) {
          staff_.clear();
          for (const auto& s : list)
            staff_.append(QVariantMap{{"login", Q(s.login)}, {"name", Q(s.name)},
                                      {"roleLabel", RoleLabel(s.role)}});
          emit staffChanged();
        });
}

bool AccountDesk::Repeated(const QString& password, const QString& repeat) {
  if (password == repeat) return true;
  SetMessage({});
  SetError(tr("两次输入的新密码不一样，请重新输入"));
  return false;
}

void AccountDesk::SetPassword(const QString& password, const QString& repeat,
                              std::function<Status(node::NodeStore&, const node::Session&)> set,
                              const QString& done) {
  if (!Repeated(password, repeat)) return;
  StartWrite(
      [set = std::move(set)](node::NodeStore& store, const node::Session& by) -> Result<bool> {
        TB_RETURN_IF_ERROR(set(store, by));
        return true;
      },
      [this, done](bool) {
        SetMessage(done);
        emit passwordSet();
      });
}

void AccountDesk::changePassword(const QString& current, const QString& password,
                                 const QString& repeat) {
  SetPassword(password, repeat,
              [current = S(current), password = S(password)](node::NodeStore& store,
                                                              const node::Session& by) {
                return store.ChangePassword(by, current, password);
              },
              tr("密码已更改，下次登录请用新密码"));
}

void AccountDesk::resetPassword(const QString& login, const QString& password,
                                const QString& repeat) {
  SetPassword(password, repeat,
              [login = S(login), password = S(password)](node::NodeStore& store,
                                                          const node::Session& by) {
                return store.ResetPassword(by, login, password);
              },
              tr("已为“%1”设置新密码；本机上的锁定也已解除").arg(login));
}

}  // namespace tongban::desk
