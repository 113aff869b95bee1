// Applying a node's bundle at the hub and writing the reply bundle it takes home.
// Same semantics as network sync: authenticated, idempotent, all or nothing.
#pragma once

#include <string>

#include "tongban/central/hub_store.h"

namespace tongban::central {

struct BundleImportSummary {
  std::string node;
  sync::PushReply push;
  std::int64_t reply_changes = 0;
  bool reply_complete = true;  // false: more waits for the next bundle or sync
  std::string reply_path;
};

// Verifies and applies `in_path`, then writes the node's reply bundle to `reply_path`
// (everything in its scope it lacks, up to a bound, and the acknowledgement).
Result<BundleImportSummary> ImportBundle(HubStore& store, const sync::FieldOrder* order,
                                         const std::string& in_path,
                                         const std::string& reply_path);

}  // namespace tongban::central
