// HubAdminClient: the county hub's admin API as the desk's admin console uses
// it (docs/protocol.md): the conflict inbox, one conflict, its resolution, and
// the nodes with their last contact and lag; and publishing the service catalog
// and calendars to every node.
//
// Plain C++ over a sync::Transport (CurlTransport for a real hub), so it runs
// on a worker thread and can be tested against a real hub process. Not thread
// safe: one client per thread. Every call sends the admin token as a bearer
// token; a wrong one comes back as PermissionDenied, a hub out of reach as
// Unavailable (the transport's failure, with the address).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tongban/status.h"
#include "tongban/sync/http.h"

namespace tongban::desk {

// What one side wrote, as readable text (a JSON string as is, other values as JSON).
struct ConflictSide {
  std::string value;
  bool null = false;  // the side holds no value (a deleted record, a cleared field)
  std::string node, user, at;
};

struct HubConflict {
  std::int64_t id = 0;
  std::string table, row, column;
  std::string label;  // the case number when the hub knows it
  ConflictSide local;  // the station whose push met the hub's value
  ConflictSide hub;    // what the hub held (written earlier by another node)
  std::string base_version;  // the version the station edited against (HLC text)
  std::string base_value;    // its value as readable text, when the hub's log still has it
  bool base_known = false;
  std::string provisional;   // what every node shows until an admin decides
  bool provisional_null = false;
  bool numeric = false;  // both sides are numbers: a typed value is sent as a number
  std::string status;    // "open" or "resolved"
  std::string created_at;
  // Once resolved:
  std::string take, resolved_value, note, resolved_by, resolved_at;
};

struct HubNode {
  std::string code, name, kind, township;
  bool enrolled = false, revoked = false;
  std::int64_t acked_seq = 0, changes_applied = 0, rejected = 0;
  std::int64_t lag = 0;    // hub changes the node has not yet pulled
  std::string last_seen;   // ISO time, empty when never seen
};

enum class Take { kStation, kHub, kValue };

struct CatalogPublished {
  int added = 0, updated = 0, unchanged = 0;
};

class HubAdminClient {
 public:
  // The largest answer accepted from the hub.
  static constexpr std::size_t kMaxBody = 16 << 20;

  // Uses `transport` (not owned; must outlive the client).
  HubAdminClient(sync::Transport& transport, std::string token);
  // Opens its own CurlTransport to `url` (pin and CA file as the node's hub link has them).
  // Calls end with kCancelled once `cancel` turns true (see sync::CurlOptions::cancel).
  static Result<std::unique_ptr<HubAdminClient>> Connect(const std::string& url,
                                                         const std::string& pin,
                                                         const std::string& ca_file,
                                                         std::string token,
                                                         const std::atomic<bool>* cancel = nullptr);
  ~HubAdminClient();

  // Open conflicts, or every conflict with `all`.
  Result<std::vector<HubConflict>> Conflicts(bool all = false);
  Result<HubConflict> Conflict(std::int64_t id);
  // `value` only for Take::kValue; `note` says why (kept with the resolution).
  Result<HubConflict> Resolve(std::int64_t id, Take take, const std::string& value,
                              const std::string& note, const std::string& admin);
  Result<std::vector<HubNode>> Nodes();
  // A tongban-catalog/1 document (docs/formats.md); items that changed get a new version.
  Result<CatalogPublished> PublishCatalog(const std::string& catalog_json);
  // A tongban-calendar/1 document under `name` (replacing an earlier one of that
  // name) for the nodes in `applies_to` (comma-separated codes, empty for all).
  Status PublishCalendar(const std::string& name, const std::string& applies_to,
                         const std::string& calendar_json);

 private:
  Result<std::string> Call(const std::string& method, const std::string& target,
                           const std::string& body = {});

  std::unique_ptr<sync::Transport> owned_;
  sync::Transport& transport_;
  std::string token_;
};

}  // namespace tongban::desk
