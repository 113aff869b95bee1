// HttpServer: the hub's HTTP/1.1 server on Boost.Beast.
//
// One session per connection on its own strand; keep-alive; every request is
// bounded (header and body size limits, read and write timeouts) and answered
// with 4xx when it is malformed, truncated or too large, while other sessions
// keep being served. TLS (OpenSSL) when a certificate and key are given.
// The handler runs on the server's I/O threads and must be thread safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "tongban/status.h"
#include "tongban/sync/http.h"

namespace tongban::central {

using HttpHandler = std::function<sync::HttpResponse(const sync::HttpRequest&)>;

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0: pick a free port (see HttpServer::port())
  int threads = 2;
  std::size_t body_limit = 32u << 20;   // bytes of request body; larger gets 413
  std::size_t header_limit = 16u << 10;  // bytes of request headers; larger gets 431
  std::chrono::seconds read_timeout{30};  // a request must arrive within this
  std::chrono::seconds idle_timeout{60};  // keep-alive connections idle longer are closed
  std::size_t max_connections = 512;      // more are accepted and closed at once
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
                                                   HttpHandler handler);
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
