#include "tongban/node/domain/staff.h"

#include <algorithm>
#include <array>

namespace tongban::node {
namespace {
constexpr std::array<std::string_view, 4> kRoles = {"clerk", "processor", "field", "admin"};
constexpr std::array<std::string_view, 4> kKinds = {"station", "township", "county-office",
                                                    "field"};

constexpr MessageDef kAccountLocked{"store.account_locked",
                                    "account '{0}' is locked after {1} wrong passwords in a row; "
                                    "try again in {2} seconds, or ask an admin to reset the password"};
constexpr MessageDef kAccountLockedMinutes{
    "store.account_locked_minutes",
    "account '{0}' is locked after {1} wrong passwords in a row; try again in {2} minutes, or "
    "ask an admin to reset the password"};

// A guesser at a lost laptop gets a few hundred tries a week instead of millions.
constexpr int kFreeLoginTries = 5;
constexpr std::int64_t kFirstLockMs = 30'000;
constexpr std::int64_t kLongestLockMs = 3'600'000;

std::string SecondsText(std::int64_t ms) { return std::to_string((ms + 999) / 1000); }
std::string MinutesText(std::int64_t ms) { return std::to_string((ms + 59'999) / 60'000); }

// Locked for `wait` more: said in seconds up to a minute and a half, in minutes after.
Status LockedFor(const std::string& login, std::int64_t failures, std::int64_t wait) {
  if (wait <= 90'000)
    return PermissionDenied(kAccountLocked, {login, std::to_string(failures), SecondsText(wait)});
  return PermissionDenied(kAccountLockedMinutes,
                          {login, std::to_string(failures), MinutesText(wait)});
}

constexpr MessageDef kBadRole{"staff.bad_role",
                              "role '{0}' must be clerk, processor, field or admin"};
constexpr MessageDef kBadNodeKind{"staff.bad_node_kind",
                                  "node kind '{0}' must be station, township, county-office or "
                                  "field"};
}  // namespace

std::string_view RoleName(Role r) { return kRoles[static_cast<int>(r)]; }

Result<Role> ParseRole(std::string_view name) {
  for (std::size_t i = 0; i < kRoles.size(); ++i)
    if (kRoles[i] == name) return static_cast<Role>(i);
  return InvalidArgument(kBadRole, {std::string(name)});
}

std::optional<Actor> ActorForRole(Role r) {
  switch (r) {
    case Role::kClerk:
    case Role::kField: return Actor::kStation;
    case Role::kProcessor: return Actor::kBackOffice;
    case Role::kAdmin: return std::nullopt;
  }
  return std::nullopt;
}

std::string_view NodeKindName(NodeKind k) { return kKinds[static_cast<int>(k)]; }

Result<NodeKind> ParseNodeKind(std::string_view name) {
  for (std::size_t i = 0; i < kKinds.size(); ++i)
    if (kKinds[i] == name) return static_cast<NodeKind>(i);
  return InvalidArgument(kBadNodeKind, {std::string(name)});
}

std::int64_t LoginWaitAfter(std::int64_t failures) {
  if (failures < kFreeLoginTries) return 0;
  const std::int64_t doublings = std::min<std::int64_t>(failures - kFreeLoginTries, 7);
  return std::min(kFirstLockMs << doublings, kLongestLockMs);
}

Status CheckLoginWait(const std::string& login, LoginFailures& f, std::int64_t now) {
  const std::int64_t wait = LoginWaitAfter(f.failures);
  if (wait == 0) return Status::Ok();
  if (now < f.last_ms) f.last_ms = now;
  if (now < f.last_ms + wait) return LockedFor(login, f.failures, f.last_ms + wait - now);
  return Status::Ok();
}

Status WrongPasswordRefusal(const std::string& login, const LoginFailures& f, const MessageDef& wrong) {
  if (const std::int64_t wait = LoginWaitAfter(f.failures); wait > 0)
    return LockedFor(login, f.failures, wait);
  return PermissionDenied(wrong);
}

}  // namespace tongban::node
