// HttpServer against real sockets on 127.0.0.1: plain and TLS round trips,
// keep-alive, limits, malformed and stalled clients, concurrency, bind errors.
#include "tongban/central/http_server.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <array>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "test_support.h"
#include "tls_cert.h"

namespace tongban::central {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using Response = http::response<http::string_body>;

// Every client step gets this long, so a broken server fails a test instead
// of hanging it.
constexpr std::chrono::seconds kStepTimeout{5};

// Echoes the request back, with what the server told the handler in headers.
sync::HttpResponse Echo(const sync::HttpRequest& req) {
  if (req.target == "/throw") throw std::runtime_error("handler bug");
  sync::HttpResponse res;
  res.headers["content-type"] = "application/octet-stream";
  res.headers["x-method"] = req.method;
  res.headers["x-target"] = req.target;
  res.headers["x-peer"] = req.peer;
  bool lowercase = true;
  for (const auto& [name, value] : req.headers) {
    for (char c : name) lowercase = lowercase && !(c >= 'A' && c <= 'Z');
  }
  res.headers["x-names-lowercase"] = lowercase ? "yes" : "no";
  if (auto it = req.headers.find("x-station-id"); it != req.headers.end()) {
    res.headers["x-station-id"] = it->second;
  }
  res.body = req.body;
  return res;
}

HttpServerOptions TestOptions() {
  HttpServerOptions options;
  options.read_timeout = std::chrono::seconds(5);
  return options;
}

std::unique_ptr<HttpServer> StartServer(const HttpServerOptions& options,
                                        HttpHandler handler = Echo) {
  auto server = HttpServer::Start(options, std::move(handler));
  INFO(server.status().message());
  REQUIRE(server.ok());
  REQUIRE(server.value()->port() != 0);
  return std::move(server).value();
}

http::request<http::string_body> Post(std::string target, std::string body) {
  http::request<http::string_body> req{http::verb::post, target, 11};
  req.set(http::field::host, "127.0.0.1");
  req.body() = std::move(body);
  req.prepare_payload();
  return req;
}

// A blocking client over Beast's async API: each call runs the io_context
// until its one operation completes, under kStepTimeout.
template <class Stream>
class Client {
 public:
  // Connects to 127.0.0.1:port; with `tls`, also handshakes trusting it.
  explicit Client(std::uint16_t port, ssl::context* tls = nullptr) {
    if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
      (void)tls;
      stream_.emplace(ioc_);
    } else {
      stream_.emplace(ioc_, *tls);
      stream_->set_verify_callback(ssl::host_name_verification("127.0.0.1"));
    }
    const tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), port);
    error_ = Await([&](auto done) { Lowest().async_connect(endpoint, done); });
    if constexpr (!std::is_same_v<Stream, beast::tcp_stream>) {
      if (!error_) {
        error_ =
            Await([&](auto done) { stream_->async_handshake(ssl::stream_base::client, done); });
      }
    }
  }

  // Set when connecting (or the TLS handshake) failed.
  beast::error_code error() const { return error_; }

  beast::error_code WriteRaw(std::string_view bytes) {
    return Await([&](auto done) { net::async_write(*stream_, net::buffer(bytes), done); });
  }

  beast::error_code Send(http::request<http::string_body> req) {
    return Await([&](auto done) { http::async_write(*stream_, req, done); });
  }

  // Reads one response; on failure `ec` says why.
  std::pair<beast::error_code, Response> Read() {
    Response res;
    auto ec = Await([&](auto done) { http::async_read(*stream_, buffer_, res, done); });
    return {ec, std::move(res)};
  }

  Response RoundTrip(http::request<http::string_body> req) {
    REQUIRE_FALSE(Send(std::move(req)));
    auto [ec, res] = Read();
    INFO(ec.message());
    REQUIRE_FALSE(ec);
    return std::move(res);
  }

  // Reads until the server ends the connection; returns how it ended
  // (eof, reset, or timeout when the server never closes).
  beast::error_code ReadUntilClosed() {
    std::array<char, 4096> chunk;
    buffer_.consume(buffer_.size());
    for (;;) {
      auto ec = Await([&](auto done) { stream_->async_read_some(net::buffer(chunk), done); });
      if (ec) return ec;
    }
  }

 private:
  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(*stream_); }

  template <class Start>
  beast::error_code Await(Start start) {
    beast::error_code result;
    Lowest().expires_after(kStepTimeout);
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    ioc_.restart();
    ioc_.run();
    return result;
  }

  net::io_context ioc_;
  std::optional<Stream> stream_;
  beast::flat_buffer buffer_;
  beast::error_code error_;
};

using PlainClient = Client<beast::tcp_stream>;
using TlsClient = Client<beast::ssl_stream<beast::tcp_stream>>;

bool ClosedByServer(const beast::error_code& ec) {
  return ec == net::error::eof || ec == net::error::connection_reset;
}

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}


TEST_CASE("POST round trip carries status, headers, body and peer", "[http_server]") {
  auto server = StartServer(TestOptions());
  PlainClient client(server->port());
  REQUIRE_FALSE(client.error());

  auto req = Post("/v1/push?batch=17", "station payload \x01\x02 with bytes");
  req.set("X-Station-Id", "S-0417");
  Response res = client.RoundTrip(req);

  CHECK(res.result_int() == 200);
  CHECK(res.body() == req.body());
  CHECK(res[http::field::content_length] == std::to_string(req.body().size()));
  CHECK(res[http::field::server] == "tongban-hub");
  CHECK(res[http::field::content_type] == "application/octet-stream");
  CHECK(res["x-method"] == "POST");
  CHECK(res["x-target"] == "/v1/push?batch=17");
  CHECK(res["x-peer"] == "127.0.0.1");
  CHECK(res["x-names-lowercase"] == "yes");
  CHECK(res["x-station-id"] == "S-0417");
}

TEST_CASE("Keep-alive serves two requests on one connection", "[http_server]") {
  auto server = StartServer(TestOptions());
  PlainClient client(server->port());
  REQUIRE_FALSE(client.error());

  Response first = client.RoundTrip(Post("/one", "first"));
  CHECK(first.keep_alive());
  CHECK(first.body() == "first");
  Response second = client.RoundTrip(Post("/two", "second"));
  CHECK(second.body() == "second");
  CHECK(second["x-target"] == "/two");
}

TEST_CASE("Expect: 100-continue gets an interim answer before the body", "[http_server]") {
  auto server = StartServer(TestOptions());
  PlainClient client(server->port());
  REQUIRE_FALSE(client.error());

  REQUIRE_FALSE(client.WriteRaw(
      "POST /v1/push HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
  auto [ec, interim] = client.Read();
  REQUIRE_FALSE(ec);
  CHECK(interim.result_int() == 100);
  REQUIRE_FALSE(client.WriteRaw("hello"));
  auto [ec2, res] = client.Read();
  REQUIRE_FALSE(ec2);
  CHECK(res.result_int() == 200);
  CHECK(res.body() == "hello");
}

TEST_CASE("A body over the limit gets 413 and the server goes on", "[http_server]") {
  HttpServerOptions options = TestOptions();
  options.body_limit = 1024;
  auto server = StartServer(options);

  {
    PlainClient client(server->port());
    REQUIRE_FALSE(client.error());
    REQUIRE_FALSE(client.Send(Post("/v1/push", std::string(64 * 1024, 'x'))));
    auto [ec, res] = client.Read();
    INFO(ec.message());
    REQUIRE_FALSE(ec);
    CHECK(res.result_int() == 413);
    CHECK(res[http::field::content_type].starts_with("text/plain"));
    CHECK(res.body().find("1024") != std::string::npos);
    CHECK_FALSE(res.keep_alive());
    CHECK(ClosedByServer(client.ReadUntilClosed()));
  }
  {
    // Exactly at the limit is fine.
    PlainClient client(server->port());
    REQUIRE_FALSE(client.error());
    Response res = client.RoundTrip(Post("/v1/push", std::string(1024, 'y')));
    CHECK(res.result_int() == 200);
    CHECK(res.body().size() == 1024);
  }
}

TEST_CASE("Headers over the limit get 431", "[http_server]") {
  HttpServerOptions options = TestOptions();
  options.header_limit = 1024;
  auto server = StartServer(options);
  PlainClient client(server->port());
  REQUIRE_FALSE(client.error());

  auto req = Post("/v1/push", "x");
  req.set("x-padding", std::string(4096, 'p'));
  REQUIRE_FALSE(client.Send(req));
  auto [ec, res] = client.Read();
  REQUIRE_FALSE(ec);
  CHECK(res.result_int() == 431);
  CHECK(res[http::field::content_type].starts_with("text/plain"));
  CHECK(ClosedByServer(client.ReadUntilClosed()));
}

TEST_CASE("Garbage bytes get 400 and the connection is closed", "[http_server]") {
  auto server = StartServer(TestOptions());
  PlainClient client(server->port());
  REQUIRE_FALSE(client.error());

  REQUIRE_FALSE(client.WriteRaw("\x16\x03\x01 not http at all\r\n\r\n"));
  auto [ec, res] = client.Read();
  REQUIRE_FALSE(ec);
  CHECK(res.result_int() == 400);
  CHECK(res[http::field::server] == "tongban-hub");
  CHECK(res[http::field::content_type].starts_with("text/plain"));
  CHECK(ClosedByServer(client.ReadUntilClosed()));
}

TEST_CASE("A stalled request is cut after its deadline while others are served", "[http_server]") {
  HttpServerOptions options = TestOptions();
  options.header_timeout = std::chrono::seconds(1);
  options.read_timeout = std::chrono::seconds(1);
  auto server = StartServer(options);

  const auto start = Clock::now();
  PlainClient half_header(server->port());
  PlainClient half_body(server->port());
  REQUIRE_FALSE(half_header.error());
  REQUIRE_FALSE(half_body.error());
  REQUIRE_FALSE(half_header.WriteRaw("POST /v1/push HTTP/1.1\r\nHost: x\r\nContent-Le"));
  REQUIRE_FALSE(half_body.WriteRaw("POST /v1/push HTTP/1.1\r\nContent-Length: 100\r\n\r\nabc"));

  // Served while the two above hang.
  PlainClient healthy(server->port());
  REQUIRE_FALSE(healthy.error());
  Response res = healthy.RoundTrip(Post("/v1/pull", "meanwhile"));
  CHECK(res.body() == "meanwhile");
  CHECK(SecondsSince(start) < 0.5);

  CHECK(ClosedByServer(half_header.ReadUntilClosed()));
  CHECK(ClosedByServer(half_body.ReadUntilClosed()));
  const double cut_after = SecondsSince(start);
  CHECK(cut_after > 0.9);
  CHECK(cut_after < 3.0);
}

TEST_CASE("An idle keep-alive connection is closed after idle_timeout", "[http_server]") {
  HttpServerOptions options = TestOptions();
  options.idle_timeout = std::chrono::seconds(1);
  auto server = StartServer(options);
  PlainClient client(server->port());
  REQUIRE_FALSE(client.error());

  CHECK(client.RoundTrip(Post("/v1/push", "a")).keep_alive());
  const auto idle_from = Clock::now();
  CHECK(ClosedByServer(client.ReadUntilClosed()));
  CHECK(SecondsSince(idle_from) > 0.9);
  CHECK(SecondsSince(idle_from) < 3.0);
}

TEST_CASE("50 concurrent clients doing 20 requests each all get their answers", "[http_server]") {
  auto server = StartServer(TestOptions());
  constexpr int kClients = 50;
  constexpr int kRequests = 20;
  std::atomic<int> correct{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      PlainClient client(server->port());
      if (client.error()) {
        failed += kRequests;
        return;
      }
      for (int r = 0; r < kRequests; ++r) {
        const std::string body = "client " + std::to_string(c) + " request " + std::to_string(r);
        if (client.Send(Post("/v1/push", body))) {
          ++failed;
          continue;
        }
        auto [ec, res] = client.Read();
        if (!ec && res.result_int() == 200 && res.body() == body) {
          ++correct;
        } else {
          ++failed;
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  CHECK(failed.load() == 0);
  CHECK(correct.load() == kClients * kRequests);
}

TEST_CASE("A throwing handler gives 500 and the server keeps serving", "[http_server]") {
  auto server = StartServer(TestOptions());
  PlainClient client(server->port());
  REQUIRE_FALSE(client.error());

  Response failed = client.RoundTrip(Post("/throw", "x"));
  CHECK(failed.result_int() == 500);
  CHECK(failed.body().find("handler bug") == std::string::npos);  // no internals leak
  Response ok = client.RoundTrip(Post("/after", "still here"));
  CHECK(ok.result_int() == 200);
  CHECK(ok.body() == "still here");
}

TEST_CASE("An invalid handler response gives 500, not a broken message", "[http_server]") {
  auto server = StartServer(TestOptions(), [](const sync::HttpRequest&) {
    sync::HttpResponse res;
    res.headers["x-injected"] = "a\r\nset-cookie: stolen";
    return res;
  });
  PlainClient client(server->port());
  REQUIRE_FALSE(client.error());
  Response res = client.RoundTrip(Post("/", ""));
  CHECK(res.result_int() == 500);
  CHECK(res.count(http::field::set_cookie) == 0);
}

TEST_CASE("Connections over max_connections are closed at once", "[http_server]") {
  HttpServerOptions options = TestOptions();
  options.max_connections = 1;
  auto server = StartServer(options);

  auto first = std::make_unique<PlainClient>(server->port());
  REQUIRE_FALSE(first->error());
  CHECK(first->RoundTrip(Post("/", "held")).body() == "held");

  const auto start = Clock::now();
  PlainClient refused(server->port());
  REQUIRE_FALSE(refused.error());  // the kernel accepts; the server then closes
  CHECK(ClosedByServer(refused.ReadUntilClosed()));
  CHECK(SecondsSince(start) < 1.0);  // at once, not after read_timeout

  first.reset();  // frees the slot once the server sees the close
  bool served = false;
  for (int attempt = 0; attempt < 50 && !served; ++attempt) {
    PlainClient next(server->port());
    if (!next.error() && !next.Send(Post("/", "next"))) {
      auto [ec, res] = next.Read();
      served = !ec && res.body() == "next";
    }
    if (!served) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(served);
}

TEST_CASE("TLS round trip with a self-signed certificate", "[http_server]") {
  test::TempDir dir;
  const std::string cert = dir.File("hub.crt");
  const std::string key = dir.File("hub.key");
  REQUIRE(tongban::test::WriteSelfSignedCert(cert, key));

  HttpServerOptions options = TestOptions();
  options.tls_cert_file = cert;
  options.tls_key_file = key;
  auto server = StartServer(options);

  ssl::context trust(ssl::context::tls_client);
  trust.set_verify_mode(ssl::verify_peer);
  trust.load_verify_file(cert);
  TlsClient client(server->port(), &trust);
  INFO(client.error().message());
  REQUIRE_FALSE(client.error());

  auto req = Post("/v1/push", "over tls");
  req.set("X-Station-Id", "S-0001");
  Response res = client.RoundTrip(req);
  CHECK(res.result_int() == 200);
  CHECK(res.body() == "over tls");
  CHECK(res["x-station-id"] == "S-0001");
  CHECK(res[http::field::server] == "tongban-hub");
  // Keep-alive works over TLS too.
  CHECK(client.RoundTrip(Post("/again", "second")).body() == "second");

  SECTION("a client that does not trust the certificate is refused") {
    ssl::context no_trust(ssl::context::tls_client);
    no_trust.set_verify_mode(ssl::verify_peer);
    TlsClient stranger(server->port(), &no_trust);
    CHECK(stranger.error());
  }
}

TEST_CASE("Start reports a certificate that cannot be loaded", "[http_server]") {
  test::TempDir dir;
  HttpServerOptions options = TestOptions();
  options.tls_cert_file = dir.File("missing.crt");
  options.tls_key_file = dir.File("missing.key");
  auto server = HttpServer::Start(options, Echo);
  REQUIRE_FALSE(server.ok());
  INFO(server.status().message());
  CHECK(server.status().message().find("missing.crt") != std::string::npos);

  options.tls_key_file.clear();
  CHECK(HttpServer::Start(options, Echo).status().code() == ErrorCode::kInvalidArgument);
}

TEST_CASE("Start on a port in use returns an error Status", "[http_server]") {
  auto first = StartServer(TestOptions());
  HttpServerOptions options = TestOptions();
  options.port = first->port();
  auto second = HttpServer::Start(options, Echo);
  REQUIRE_FALSE(second.ok());
  INFO(second.status().message());
  CHECK(second.status().message().starts_with("cannot listen on 127.0.0.1:" +
                                              std::to_string(first->port())));
  CHECK(second.status().message().find("in use") != std::string::npos);
}

TEST_CASE("Stop closes the port and may be called twice", "[http_server]") {
  auto server = StartServer(TestOptions());
  const std::uint16_t port = server->port();
  PlainClient open_connection(port);
  REQUIRE_FALSE(open_connection.error());
  server->Stop();
  server->Stop();
  CHECK(ClosedByServer(open_connection.ReadUntilClosed()));
  PlainClient late(port);
  CHECK(late.error() == net::error::connection_refused);
}

}  // namespace
}  // namespace tongban::central
