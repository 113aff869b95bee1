// HubService: the hub's HTTP API over its application layer, Hub (endpoints in
// docs/protocol.md).
//
// Handle() is thread safe: calls into the hub are serialised, which SQLite needs and
// which keeps each push a single transaction. Every request is bounded: bodies
// must decompress within kMaxPlainBody, batches within the wire limits.
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tongban/central/http_server.h"
#include "tongban/central/hub.h"
#include "tongban/node/domain/status_order.h"
#include "tongban/sync/compression.h"
#include "tongban/sync/http.h"
#include "tongban/sync/sm2.h"

namespace tongban::central {

inline constexpr std::size_t kMaxPlainBody = 64u << 20;
inline constexpr std::size_t kMaxJsonBody = 64u << 10;

class HubService {
 public:
  // Opens the hub data folder; logs go to `data_dir`/hub.log and standard error.
  static Result<std::unique_ptr<HubService>> Open(const std::string& data_dir);
  ~HubService();

  sync::HttpResponse Handle(const sync::HttpRequest& request);
  // The HTTP server's admit step (see HttpAdmit): checks node or admin
  // credentials from the headers, before a body is read, and names the
  // principal; nullopt lets the request go on.
  std::optional<sync::HttpResponse> Admit(sync::HttpRequest& head);
  // The HTTP server's stream step (see HttpStreamOpen): a streamed push
  // (tongban/sync/push_stream.h) is applied frame by frame as it arrives.
  std::unique_ptr<HttpStream> OpenStream(const sync::HttpRequest& head);
  Hub& hub() { return *hub_; }

 private:
  HubService(std::unique_ptr<Hub> hub, std::unique_ptr<Hub> reader);
  sync::HttpResponse Route(const sync::HttpRequest& request);
  // The code of the node whose credentials the request carries.
  Result<std::string> AuthenticateNode(const sync::HttpRequest& request);
  // The same for a request that changes what the hub holds (a push, a scan chunk, audit
  // entries): a node with a key pair must also have signed it (tongban/sync/sm2.h).
  // `used`: set to the key the signature was checked with (none: the node has none).
  Result<std::string> AuthenticateSigned(const sync::HttpRequest& request,
                                         std::optional<sync::Sm2PublicKey>* used = nullptr);
  // For what a revoked node may no longer ask (pulls, digests, scan downloads, escrow):
  // the order to erase its data, once (Hub::RequireActive).
  Status RequireActive(const std::string& node);
  // Checks the request against the node's public key, if it has one.
  Status CheckSignature(const sync::HttpRequest& request, const std::string& node,
                        std::optional<sync::Sm2PublicKey>* used = nullptr);
  // /v1/node-key: a node enrolled before key pairs hands in its public key.
  sync::HttpResponse RegisterKey(const sync::HttpRequest& request);
  // /v1/escrow-key (GET) and /v1/escrow (POST): an encrypted station's escrow code.
  sync::HttpResponse Escrow(const sync::HttpRequest& request);
  Status AuthenticateAdmin(const sync::HttpRequest& request);
  Result<std::string> Body(const sync::HttpRequest& request);
  sync::HttpResponse Packed(const sync::HttpRequest& request, const std::string& plain);
  sync::HttpResponse Push(const sync::HttpRequest& request);
  class PushStream;  // hub_push_stream.cpp
  // What every push is checked for beyond its bytes: a schema served, sent as its node.
  Status CheckPush(const std::string& node, const sync::PushRequest& push);
  // Counts and logs an applied push (a whole body or a stream's frame).
  void NoteApplied(const std::string& node, const sync::PushRequest& push,
                   const sync::PushReply& reply);
  void CountRequest(const std::string& route_and_status);
  // Group commit: pushes that arrive while another is being applied wait, and the next
  // of them to find the store free applies them all in one transaction (Hub::ApplyPushes).
  Result<sync::PushReply> ApplyGrouped(const std::string& node, const sync::PushRequest& push);
  sync::HttpResponse Pull(const sync::HttpRequest& request);
  // A node's audit trail, continued where the hub's copy ends.
  sync::HttpResponse Audit(const sync::HttpRequest& request);
  sync::HttpResponse OwnAudit(const sync::HttpRequest& request);  // a node's own trail, back
  sync::HttpResponse Admin(const sync::HttpRequest& request);
  // Scan content: /v1/scans/{sha256} (scan_routes.cpp).
  sync::HttpResponse Scans(const sync::HttpRequest& request);
  void ScanMetrics(std::ostream& out) const;
  std::string Metrics();

  std::mutex mu_;  // the store: one writer at a time
  Hub::DataMark mark_;  // told in every hello
  std::unique_ptr<Hub> hub_;
  // A second connection for credentials: admission runs on the I/O threads and must never
  // wait for a push (SQLite's WAL lets it read while hub_ writes).
  std::mutex reader_mu_;
  std::unique_ptr<Hub> reader_;
  // Nodes' public keys once read (a key changes only with a new enrollment, which drops
  // it here; a check that fails reads the key again, for a hub beside this one).
  std::mutex keys_mu_;
  std::map<std::string, sync::Sm2PublicKey> keys_;
  struct WaitingPush;
  std::mutex queue_mu_;  // the pushes waiting for the next group (never held with mu_ waited on)
  std::condition_variable queue_done_;
  std::vector<WaitingPush*> queue_;
  bool group_running_ = false;
  const sync::Compressor& compressor_;
  node::CaseStatusOrder order_;
  std::map<std::string, std::atomic<std::int64_t>> requests_;  // "route status" -> count
  std::atomic<std::int64_t> changes_applied_{0};
  std::atomic<std::int64_t> changes_rejected_{0};
  std::atomic<std::int64_t> changes_pulled_{0};
  std::atomic<int> push_streams_{0};  // streamed pushes under way
  struct ScanCounters {
    std::atomic<std::int64_t> chunks_stored{0};    // chunks appended to a scan
    std::atomic<std::int64_t> chunks_replayed{0};  // chunks at an offset not held: stored nowhere
    std::atomic<std::int64_t> bytes_stored{0};
    std::atomic<std::int64_t> completed{0};        // scans verified whole
    std::atomic<std::int64_t> refused{0};          // damaged chunks and scans
    std::atomic<std::int64_t> chunks_served{0};
    std::atomic<std::int64_t> bytes_served{0};
  } scans_;
  std::mutex metrics_mu_;
};

// JSON views shared by the HTTP admin API and the tongban-central CLI.
nlohmann::json ConflictJson(const ConflictRecord& c);
nlohmann::json NodeJson(const NodeInfo& n, std::int64_t hub_seq);
// A label value in Prometheus' text format: backslash, double quote and line feed escaped.
std::string PrometheusLabel(std::string_view value);

// A JSON error body {"error": code, "message": text} with the matching HTTP status.
sync::HttpResponse ErrorResponse(const Status& status);
// A failure of the hub's own storage. Damaged hub data is the hub's fault, not the
// request's: 500, so the node keeps its changes and tries again once it is mended.
sync::HttpResponse StoreErrorResponse(const Status& status);

}  // namespace tongban::central
