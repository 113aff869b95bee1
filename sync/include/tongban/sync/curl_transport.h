// CurlTransport: the node's HTTP(S) client to the hub, on libcurl.
//
// Keeps one connection alive between requests. A transfer that moves fewer
// than `low_speed_bytes` per second for `low_speed_seconds` is cut as stalled,
// so a dead 4G link never hangs a sync. Plain HTTP is refused unless the hub is
// on this machine (loopback); over HTTPS the hub's public key can be pinned.
// Not thread safe: one transport per sync loop. The one exception is the flag
// `cancel` points to, which another thread may set at any time.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <set>
#include <string>

#include "tongban/sync/http.h"

namespace tongban::sync {

struct CurlOptions {
  std::string base_url;           // "http://127.0.0.1:8610" or "https://hub.example:8610"
  std::string pinned_public_key;  // "sha256//BASE64..." (libcurl CURLOPT_PINNEDPUBLICKEY)
  std::string ca_file;            // PEM file to trust (self-signed hub certificate)
  long connect_timeout_s = 10;
  long total_timeout_s = 300;
  long low_speed_bytes = 64;
  long low_speed_seconds = 20;
  // When it points to a flag that turns true, a request under way ends within about a
  // second and every later one at once, with ErrorCode::kCancelled. Must outlive the transport.
  const std::atomic<bool>* cancel = nullptr;
};

class CurlTransport final : public Transport {
 public:
  static Result<std::unique_ptr<CurlTransport>> Create(const CurlOptions& options);
  ~CurlTransport() override;
  Result<HttpResponse> Send(const HttpRequest& request) override;
  bool streams() const override { return true; }
  Result<HttpResponse> SendStreamed(const HttpRequest& head, BodyStream& body) override;

  // Bytes on the wire so far, headers included (for benchmarks and status).
  std::uint64_t bytes_sent() const { return sent_; }
  std::uint64_t bytes_received() const { return received_; }

 private:
  explicit CurlTransport(CurlOptions options);
  Result<HttpResponse> Perform(const HttpRequest& request, BodyStream* stream);
  CurlOptions options_;
  void* curl_ = nullptr;
  std::unique_ptr<std::set<int>> sockets_;  // libcurl's open sockets (OnOpenSocket)
  std::uint64_t sent_ = 0;
  std::uint64_t received_ = 0;
};

// True for 127.0.0.0/8, ::1 and localhost.
bool IsLoopbackHost(const std::string& host);

}  // namespace tongban::sync
