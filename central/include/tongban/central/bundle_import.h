// Applying a node's bundle at the hub and writing the reply bundle it takes home.
// Same semantics as network sync: authenticated, idempotent, all or nothing.
#pragma once

#include <string>
#include <vector>

#include "tongban/central/hub.h"

namespace tongban::central {

struct BundleImportSummary {
  std::string node;
  sync::PushReply push;
  std::int64_t reply_changes = 0;
  bool reply_complete = true;  // false: more waits for the next bundle or sync
  std::string reply_path;
  std::int64_t scans_stored = 0;   // scans from the node the hub now holds whole
  std::vector<std::string> scans_refused;  // one line per scan out of the node's scope
  std::int64_t reply_scans = 0;    // scans the reply carries to the node
  std::int64_t reply_scans_waiting = 0;  // more than one bundle carries: the next reply takes them
  bool wipe = false;  // the node is revoked: its reply orders it to erase its data
};

// Verifies and applies `in_path` (changes, then scans), then writes the node's reply bundle
// to `reply_path`: everything in its scope it lacks, up to a bound, the acknowledgement,
// and the scans it needs as processing office (those it asked for and those of the
// records in the reply) that the hub holds whole.
Result<BundleImportSummary> ImportBundle(Hub& hub, const sync::FieldOrder* order,
                                         const std::string& in_path,
                                         const std::string& reply_path);

}  // namespace tongban::central
