// CaseStatusOrder: tells the hub's merge when two case statuses are stages of
// one path rather than a conflict (see tongban/sync/merge.h, rule 5).
#pragma once

#include "tongban/sync/merge.h"

namespace tongban::node {

// A status `to` follows from `from` when the author could have reached it alone:
// by moves its actor may make (the processing office acts as back office, any
// other node as the station window) that need no reason. Moves that need a
// reason (deny, withdraw, refuse a withdrawal…) are decisions, and decisions
// made without seeing the other side's move are conflicts.
class CaseStatusOrder final : public sync::FieldOrder {
 public:
  std::optional<bool> Follows(std::string_view table, std::string_view column,
                              const nlohmann::json& from, const nlohmann::json& to,
                              const std::string& author_node,
                              const sync::RecordLookup& record) const override;
};

}  // namespace tongban::node
