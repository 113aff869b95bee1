// Staff roles on a node and what they act as in the case life cycle.
#pragma once

#include <cstdint>
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

// Wrong passwords in a row for one account on this machine, and when the last one was.
struct LoginFailures {
  std::int64_t failures = 0;
  std::int64_t last_ms = 0;
};
// Five tries are free; then each wrong password waits longer: 30 s after the fifth,
// doubling, at most an hour. The wait after `failures` wrong passwords, in ms.
std::int64_t LoginWaitAfter(std::int64_t failures);
// Before a try at `now`: the refusal while the account waits, else OK. A clock set back
// (now before the last failure) counts the wait from now: `f.last_ms` moves to `now`,
// which the caller keeps.
Status CheckLoginWait(const std::string& login, LoginFailures& f, std::int64_t now);
// After a wrong password made `f.failures`: the refusal, the lock's if it now waits.
Status WrongPasswordRefusal(const std::string& login, const LoginFailures& f, const MessageDef& wrong);

}  // namespace tongban::node
