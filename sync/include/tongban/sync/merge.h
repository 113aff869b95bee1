// Field merge at the hub: one pure function, MergeField, decides what happens
// when a pushed field meets the hub's current version of it.
//
// Rules, in order (docs/protocol.md, "Merge"):
//  1. the hub has no version of the field            -> apply
//  2. the same node and HLC as the hub's version     -> keep (a replay)
//  3. the edit was based on the hub's version        -> apply (fast-forward)
//  4. same value                                     -> keep the later version, no conflict
//  5. the field has an order (case status) and exactly one value follows from the other
//     by moves its author could make alone          -> the later stage wins, no conflict;
//     both follow from each other                   -> later HLC wins, no conflict
//  6. otherwise a concurrent edit: a conflict. Every node converges on the same
//     provisional value: the higher (HLC, node code) wins until an admin resolves it.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "tongban/sync/hybrid_clock.h"

namespace tongban::sync {

struct FieldVersion {
  nlohmann::json value;
  Hlc version = 0;   // HLC of the write that set it
  std::string node;  // node that wrote it
};

struct IncomingField {
  nlohmann::json value;
  Hlc base = 0;  // version the author saw when editing
  Hlc hlc = 0;   // the edit's own timestamp
  std::string node;
};

// Looks up another field of the same record at the hub (null when absent).
using RecordLookup = std::function<nlohmann::json(std::string_view column)>;

// Orders the values of some fields (a case's status) by the moves each author may make.
// Implemented by the domain; the sync layer knows no statuses.
class FieldOrder {
 public:
  virtual ~FieldOrder() = default;
  // nullopt: the field has no order. Otherwise: whether `to` follows from `from`
  // by moves `author_node` could make on its own.
  virtual std::optional<bool> Follows(std::string_view table, std::string_view column,
                                      const nlohmann::json& from, const nlohmann::json& to,
                                      const std::string& author_node,
                                      const RecordLookup& record) const = 0;
};

enum class MergeAction {
  kApply,            // the incoming value becomes the hub's
  kKeep,             // the hub keeps its value; no conflict
  kConflictApply,    // conflict; the incoming value is the provisional one
  kConflictKeep,     // conflict; the hub's value stays the provisional one
};

struct MergeResult {
  MergeAction action;
  const char* rule;  // which rule decided, for logs and tests
};

MergeResult MergeField(std::string_view table, std::string_view column,
                       const std::optional<FieldVersion>& hub, const IncomingField& in,
                       const FieldOrder* order, const RecordLookup& record);

inline bool IsConflict(MergeAction a) {
  return a == MergeAction::kConflictApply || a == MergeAction::kConflictKeep;
}
inline bool IncomingWins(MergeAction a) {
  return a == MergeAction::kApply || a == MergeAction::kConflictApply;
}

}  // namespace tongban::sync
