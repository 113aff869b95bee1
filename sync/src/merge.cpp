#include "tongban/sync/merge.h"

#include <tuple>

namespace tongban::sync {

MergeResult MergeField(std::string_view table, std::string_view column,
                       const std::optional<FieldVersion>& hub, const IncomingField& in,
                       const FieldOrder* order, const RecordLookup& record) {
  if (!hub) return {MergeAction::kApply, "new field"};
  if (in.hlc == hub->version && in.node == hub->node) return {MergeAction::kKeep, "replay"};
  if (in.base == hub->version) return {MergeAction::kApply, "fast-forward"};
  const bool incoming_later = std::tie(in.hlc, in.node) > std::tie(hub->version, hub->node);
  if (in.value == hub->value)
    return {incoming_later ? MergeAction::kApply : MergeAction::kKeep, "same value"};
  if (order) {
    const auto in_follows =
        order->Follows(table, column, hub->value, in.value, in.node, record);
    const auto hub_follows =
        order->Follows(table, column, in.value, hub->value, hub->node, record);
    if (in_follows && hub_follows) {
      if (*in_follows && !*hub_follows) return {MergeAction::kApply, "later stage"};
      if (*hub_follows && !*in_follows) return {MergeAction::kKeep, "later stage"};
      if (*in_follows && *hub_follows)
        return {incoming_later ? MergeAction::kApply : MergeAction::kKeep, "same stage, later HLC"};
    }
  }
  return {incoming_later ? MergeAction::kConflictApply : MergeAction::kConflictKeep,
          "concurrent edit"};
}

}  // namespace tongban::sync
