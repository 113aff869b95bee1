#include "tongban/node/domain/staff.h"

#include <array>

namespace tongban::node {
namespace {
constexpr std::array<std::string_view, 4> kRoles = {"clerk", "processor", "field", "admin"};
constexpr std::array<std::string_view, 4> kKinds = {"station", "township", "county-office",
                                                    "field"};

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

}  // namespace tongban::node
