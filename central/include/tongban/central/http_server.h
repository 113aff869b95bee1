// HttpServer: the hub's HTTP/1.1 server on Boost.Beast.
//
// One session per connection on its own strand; keep-alive; every request is
// bounded (header and body size limits, read and write timeouts) and answered
// with 4xx when it is malformed, truncated or too large, while other sessions
// keep being served. TLS (OpenSSL) when a certificate and key are given.
//
// Slow clients cannot crowd others out: headers have a short deadline of their
// own, and one peer address may have only a few connections stuck in the
// middle of a request (a NAT full of quick stations is fine; a flood of
// dribbling connections is not). An admit hook sees each request's headers before its
// body is read, so an unauthenticated sender never gets to upload.
// The handler runs on a pool of worker threads (never on the I/O threads, so
// slow store work does not stall reading and writing) and must be thread safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "tongban/status.h"
#include "tongban/sync/http.h"

namespace tongban::central {

using HttpHandler = std::function<sync::HttpResponse(const sync::HttpRequest&)>;
// Called with a request's headers (no body yet) on an I/O thread; must be
// quick and thread safe. An answer refuses the request: it is sent without the
// body being read and the connection is closed. It may fill request.principal.
using HttpAdmit = std::function<std::optional<sync::HttpResponse>(sync::HttpRequest& head)>;

// A request whose body is taken as it arrives and answered as it goes (the streamed
// push): the answer is 200 with a chunked body, each chunk what Feed or Finish
// returned. Feed and Finish run on a worker, one call at a time per stream.
class HttpStream {
 public:
  virtual ~HttpStream() = default;
  // Body bytes as they arrive; returns answer bytes to send now (may be none).
  virtual std::string Feed(std::string_view bytes) = 0;
  // The body is complete; returns the last answer bytes.
  virtual std::string Finish() = 0;
  // True once the stream refuses to go on: the rest of the body is read and dropped.
  virtual bool ended() const = 0;
};
// Called after admit, on an I/O thread (must be quick): a stream for this request, or
// none, and the request is read whole and handled as usual.
using HttpStreamOpen = std::function<std::unique_ptr<HttpStream>(const sync::HttpRequest& head)>;

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0: pick a free port (see HttpServer::port())
  int threads = 2;   // I/O threads
  int workers = 4;   // threads running the handler
  std::size_t body_limit = 32u << 20;   // bytes of request body; larger gets 413
  std::size_t header_limit = 16u << 10;  // bytes of request headers; larger gets 431
  std::chrono::seconds header_timeout{5};  // TLS handshake, and a request's headers from its first byte
  std::chrono::seconds read_timeout{30};   // a request's body, once its headers are in; also each write
  std::chrono::seconds idle_timeout{60};   // keep-alive connections idle longer are closed
  std::size_t max_connections = 4096;      // more are accepted and closed at once
  // Connections of one address stuck mid-request for longer than stall_grace;
  // while a peer has this many, its new connections are closed at once.
  std::size_t max_unfinished_per_peer = 16;
  std::chrono::milliseconds stall_grace{1000};
  std::string tls_cert_file;              // PEM; TLS when both are set
  std::string tls_key_file;               // PEM
};

// The pin of a PEM certificate's public key as libcurl expects it
// ("sha256//BASE64"): nodes pin it, so a self-signed hub certificate is safe.
Result<std::string> PublicKeyPin(const std::string& cert_file);

class HttpServer {
 public:
  // Binds and starts serving on background threads; returns once listening.
  static Result<std::unique_ptr<HttpServer>> Start(const HttpServerOptions& options,
                                                   HttpHandler handler, HttpAdmit admit = {},
                                                   HttpStreamOpen open_stream = {});
  ~HttpServer();  // stops and joins
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  std::uint16_t port() const;
  void Stop();

  class Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tongban::central
