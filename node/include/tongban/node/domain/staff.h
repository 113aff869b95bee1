// Staff roles on a node and what they act as in the case life cycle.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tongban/node/domain/case_state_machine.h"
#include "tongban/status.h"

namespace tongban::node {

enum class Role { kClerk, kProcessor, kField, kAdmin };
std::string_view RoleName(Role r);  // "clerk", "processor", "field", "admin"
Result<Role> ParseRole(std::string_view name);
// Clerks and field staff act for the station window, processors for the back
// office; admins manage the node but make no case moves.
std::optional<Actor> ActorForRole(Role r);

// Kinds of node: a village/community station, a township service center, a
// county department office, or a field laptop.
enum class NodeKind { kStation, kTownship, kCountyOffice, kField };
std::string_view NodeKindName(NodeKind k);  // "station", "township", "county-office", "field"
Result<NodeKind> ParseNodeKind(std::string_view name);

struct Session {
  std::string login;
  std::string name;
  Role role = Role::kClerk;
};

}  // namespace tongban::node
