// Bundles on the node side: what a field laptop writes to a USB stick, and the
// hub's reply it reads back (format in tongban/sync/bundle.h).
#pragma once

#include <optional>
#include <vector>

#include <string>

#include "tongban/node/store/node_store.h"
#include "tongban/sync/wire.h"

namespace tongban::node {

struct BundleExportSummary {
  std::int64_t changes = 0;  // unacknowledged local changes written
  std::int64_t changes_waiting = 0;  // beyond what one bundle carries: the next bundle takes them
  std::int64_t bytes = 0;
  std::int64_t scans = 0;          // scans the hub has not confirmed, carried whole
  std::int64_t scans_waiting = 0;  // beyond what one bundle carries: the next bundle takes them
  std::int64_t scans_wanted = 0;   // scans this node asks the hub to send back
};

struct BundleImportSummary {
  std::int64_t acked_seq = 0;
  std::int64_t applied = 0;  // changes from the hub
  std::int64_t open_conflicts = 0;
  std::int64_t rejected = 0;
  bool complete = true;  // false: more waits at the hub
  std::int64_t scans_received = 0;   // scans stored from the reply
  std::int64_t scans_confirmed = 0;  // this node's scans the hub now holds whole
  std::optional<sync::Held> held;    // a change the hub held back (it waits here)
  std::vector<sync::Rejection> refused;  // changes the hub refused for good
  std::int64_t restamped = 0;  // held for a clock ahead: changes re-stamped for the next bundle
};

// Writes every change the hub has not acknowledged (up to sync::kMaxBundleBytes) and
// every scan it has not confirmed (up to sync::kMaxBundleScanBytes of them), and names
// the scans this node needs, signed with this node's key; page by page, in bounded memory.
Result<BundleExportSummary> ExportBundle(NodeStore& store, const std::string& path);
// Verifies the hub's whole reply, then applies it section by section, scans included; a
// damaged scan refuses the whole reply. Importing it twice changes nothing. The reply of
// a revoked node is the order to erase it: the wipe order (IsWipeOrder in node_sync.h).
Result<BundleImportSummary> ImportReplyBundle(NodeStore& store, const std::string& path);

}  // namespace tongban::node
