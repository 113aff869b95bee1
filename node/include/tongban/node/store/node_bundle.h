// Bundles on the node side: what a field laptop writes to a USB stick, and the
// hub's reply it reads back (format in tongban/sync/bundle.h).
#pragma once

#include <string>

#include "tongban/node/store/node_store.h"

namespace tongban::node {

struct BundleExportSummary {
  std::int64_t changes = 0;  // unacknowledged local changes written
  std::int64_t bytes = 0;
};

struct BundleImportSummary {
  std::int64_t acked_seq = 0;
  std::int64_t applied = 0;  // changes from the hub
  std::int64_t open_conflicts = 0;
  std::int64_t rejected = 0;
  bool complete = true;  // false: more waits at the hub
};

// Writes every change the hub has not acknowledged, signed with this node's key.
Result<BundleExportSummary> ExportBundle(NodeStore& store, const std::string& path);
// Verifies and applies the hub's reply. Importing it twice changes nothing.
Result<BundleImportSummary> ImportReplyBundle(NodeStore& store, const std::string& path);

}  // namespace tongban::node
