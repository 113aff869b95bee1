#include "tongban/node/domain/status_order.h"

#include <algorithm>
#include <deque>

#include "tongban/node/domain/case_state_machine.h"

namespace tongban::node {

std::optional<bool> CaseStatusOrder::Follows(std::string_view table, std::string_view column,
                                             const nlohmann::json& from,
                                             const nlohmann::json& to,
                                             const std::string& author_node,
                                             const sync::RecordLookup& record) const {
  if (table != "cases" || column != "status") return std::nullopt;
  if (!from.is_string() || !to.is_string()) return false;
  const auto a = ParseCaseStatus(from.get<std::string>());
  const auto b = ParseCaseStatus(to.get<std::string>());
  if (!a.ok() || !b.ok()) return false;
  const auto office = record("processing_office");
  const Actor actor = office.is_string() && office.get<std::string>() == author_node
                          ? Actor::kBackOffice
                          : Actor::kStation;
  // Breadth-first over the moves this actor makes without a reason.
  bool seen[kCaseStatusCount] = {};
  std::deque<CaseStatus> queue{*a};
  seen[static_cast<int>(*a)] = true;
  while (!queue.empty()) {
    const CaseStatus s = queue.front();
    queue.pop_front();
    if (s == *b) return true;
    for (const auto& rule : TransitionRules()) {
      if (rule.needs_reason || rule.instant_only) continue;
      if (std::find(rule.actors.begin(), rule.actors.end(), actor) == rule.actors.end()) continue;
      if (std::find(rule.from.begin(), rule.from.end(), s) == rule.from.end()) continue;
      if (!seen[static_cast<int>(rule.to)]) {
        seen[static_cast<int>(rule.to)] = true;
        queue.push_back(rule.to);
      }
    }
  }
  return false;
}

}  // namespace tongban::node
