// ApplyPushBatch: one push batch of one node, applied in one transaction.
//
// Changes are taken in the node's sequence order: replays (seq at or below what
// the hub acknowledged) change nothing, a gap stops the batch (the node resends
// from where the hub stands), a permanent refusal is acknowledged with its code,
// and a held change stops the batch unacknowledged (the node keeps it and sends
// it again; HubEngine::NextHold decides what hold the node has afterwards). Every
// scope is read from storage, so where the node's batches end never changes a
// verdict. The reply is returned only after the commit.
#pragma once

#include <string>

#include "tongban/central/hub_engine.h"
#include "tongban/central/hub_repository.h"
#include "tongban/sync/wire.h"

namespace tongban::central {

Result<sync::PushReply> ApplyPushBatch(HubRepository& repo, HubEngine& engine,
                                       sync::HybridClock& clock, const std::string& node,
                                       const sync::PushRequest& request, Millis hub_now);

}  // namespace tongban::central
