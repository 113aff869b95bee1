// HttpServer on Boost.Beast.
//
// A Listener accepts on its own strand and hands each socket to a session that
// lives on a strand of its own, so one slow client never holds up another.
// Plain and TLS sessions share one read/write loop (Session<Derived>, CRTP);
// they differ only in how the stream is set up and shut down.
//
// A connection goes through:
//   [TLS handshake] -> header -> admit -> [100 Continue] -> body -> handler
//   (on a worker thread) -> response -> idle until the next request's first
//   byte -> header -> ...
// Deadlines: the handshake and each request's headers get header_timeout; the
// body then gets read_timeout; writing a response also gets read_timeout;
// waiting for the next request on a kept-alive connection gets idle_timeout.
// From accept (or the first byte after idle) until its body is in, a
// connection is unfinished; one unfinished for longer than stall_grace is
// stalled, and a peer address with max_unfinished_per_peer stalled
// connections gets no more until some finish or time out.
//
// Asio is included header by header: <boost/asio.hpp> pulls in awaitable.hpp,
// which does not build with GCC 12 in C++20 unless <utility> comes first.
#include "tongban/central/http_server.h"

#include <openssl/ssl.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <limits>
#include <mutex>
#include <set>
#include <optional>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

namespace tongban::central {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;

constexpr MessageDef kCtxListen{"hub.ctx_listen", "cannot listen on {0}"};
constexpr MessageDef kNoHandler{"hub.listen_no_handler", "no request handler given"};
constexpr MessageDef kThreads{"hub.listen_threads",
                              "threads and workers must be at least 1, not {0} and {1}"};
constexpr MessageDef kLimits{"hub.listen_limits",
                             "max_connections and max_unfinished_per_peer must be at least 1"};
constexpr MessageDef kTlsPair{"hub.listen_tls_pair", "TLS needs both tls_cert_file and tls_key_file"};
constexpr MessageDef kHostNotIp{"hub.listen_host_not_ip",
                                "host must be an IP address such as 127.0.0.1 or 0.0.0.0"};
constexpr MessageDef kStartThreads{"hub.listen_start_threads", "cannot start threads: {0}"};
constexpr MessageDef kCertUnreadable{"hub.tls_cert_unreadable", "cannot load TLS certificate {0}: {1}"};
constexpr MessageDef kKeyUnreadable{"hub.tls_key_unreadable", "cannot load TLS key {0}: {1}"};
constexpr MessageDef kCertNotPem{"hub.tls_cert_not_pem",
                                 "cannot load TLS certificate {0}: {1} (expected PEM)"};
constexpr MessageDef kKeyNotPem{"hub.tls_key_not_pem", "cannot load TLS key {0}: {1} (expected PEM)"};
constexpr MessageDef kKeyMismatch{"hub.tls_key_mismatch", "TLS key {0} does not match certificate {1}"};
using tcp = net::ip::tcp;

constexpr char kServerName[] = "tongban-hub";
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
// How much to read at a time while a kept-alive connection is idle.
constexpr std::size_t kIdleReadSize = 4096;
// After an error answer we keep reading (and discarding) for this long before
// closing: closing with unread request bytes makes the kernel send a reset,
// which can destroy the answer before the client has read it.
constexpr std::chrono::seconds kLingerTime{2};
// accept() failing (out of file descriptors, say) would fail again at once.
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};

// Beast 1.74 hands out boost::string_view.
std::string_view ToStd(beast::string_view s) { return {s.data(), s.size()}; }

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Messages from the OS start with a capital ("Address already in use"); ours
// are joined after a colon and read better in lowercase.
std::string Reason(const beast::error_code& ec) {
  std::string text = ec.message();
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] + 32);
  return text;
}

// RFC 9110 token characters: what a header name may contain.
bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

// A header value must not smuggle a line break into the response.
bool IsFieldValue(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

// Headers the server owns: framing and connection management.
bool IsServerOwnedHeader(const std::string& lowercase_name) {
  return lowercase_name == "content-length" || lowercase_name == "transfer-encoding" ||
         lowercase_name == "connection" || lowercase_name == "keep-alive" ||
         lowercase_name == "server";
}

std::string EndpointText(const std::string& host, std::uint16_t port) {
  bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string PeerAddress(const tcp::socket& socket) {
  beast::error_code ec;
  tcp::endpoint remote = socket.remote_endpoint(ec);
  if (ec) return {};
  net::ip::address address = remote.address();
  // A dual-stack listener ("::") sees IPv4 clients as ::ffff:a.b.c.d.
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

bool IsHttpParseError(const beast::error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_target).category();
}

// What every session needs. Shared, so that sessions still queued in the
// io_context when it is destroyed can release it safely.
struct ServerState {
  HttpServerOptions options;
  HttpHandler handler;
  HttpAdmit admit;                   // may be empty
  HttpStreamOpen open_stream;        // may be empty
  std::optional<ssl::context> tls;  // engaged when serving TLS
  std::optional<net::thread_pool::executor_type> workers;
  std::atomic<std::size_t> connections{0};

  // When each connection of a peer address went mid-request, oldest first.
  using Clock = std::chrono::steady_clock;
  // True when the peer already has the allowed number of connections that
  // have been mid-request for longer than the grace period: quick requests,
  // however many, never count; a pile of dribbling ones does.
  bool PeerStalled(const std::string& peer) {
    const Clock::time_point cutoff = Clock::now() - options.stall_grace;
    std::lock_guard lock(peers_mu);
    auto it = unfinished.find(peer);
    if (it == unfinished.end()) return false;
    std::size_t stalled = 0;
    for (auto t = it->second.begin(); t != it->second.end() && *t < cutoff; ++t) {
      if (++stalled >= options.max_unfinished_per_peer) return true;
    }
    return false;
  }
  void AddUnfinished(const std::string& peer, Clock::time_point since) {
    std::lock_guard lock(peers_mu);
    unfinished[peer].insert(since);
  }
  void RemoveUnfinished(const std::string& peer, Clock::time_point since) {
    std::lock_guard lock(peers_mu);
    auto it = unfinished.find(peer);
    if (it == unfinished.end()) return;
    auto t = it->second.find(since);
    if (t != it->second.end()) it->second.erase(t);
    if (it->second.empty()) unfinished.erase(it);
  }
  std::mutex peers_mu;
  std::unordered_map<std::string, std::multiset<Clock::time_point>> unfinished;
};

// The read/write loop for one connection. Derived supplies stream(), Run()
// (which ends in Begin()), Close() (graceful end) and shared_from_this().
template <class Derived>
class Session {
 public:
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

 protected:
  Session(std::shared_ptr<ServerState> state, std::string peer)
      : state_(std::move(state)), peer_(std::move(peer)) {
    state_->connections.fetch_add(1);
    SetUnfinished(true);  // a new connection is expected to send at once
  }
  ~Session() {
    SetUnfinished(false);
    state_->connections.fetch_sub(1);
  }

  // The first request on a fresh connection: no idle phase, since a client
  // that connects is expected to send at once.
  void Begin() { ReadHeader(); }

  // Reads and discards what the client still sends until it closes or the
  // linger time runs out; the socket closes when the session goes.
  void Linger() {
    buffer_.consume(buffer_.size());
    Lowest().expires_after(
        std::min<std::chrono::steady_clock::duration>(options().read_timeout, kLingerTime));
    DoLinger();
  }

  const HttpServerOptions& options() const { return state_->options; }
  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(Self().stream()); }

 private:
  Derived& Self() { return static_cast<Derived&>(*this); }

  void SetUnfinished(bool on) {
    if (on == unfinished_) return;
    unfinished_ = on;
    if (on) {
      unfinished_since_ = ServerState::Clock::now();
      state_->AddUnfinished(peer_, unfinished_since_);
    } else {
      state_->RemoveUnfinished(peer_, unfinished_since_);
    }
  }

  void ReadHeader() {
    parser_.emplace();
    parser_->body_limit(options().body_limit);
    parser_->header_limit(static_cast<std::uint32_t>(
        std::min<std::size_t>(options().header_limit, std::numeric_limits<std::uint32_t>::max())));
    SetUnfinished(true);
    // One deadline for all the headers, so dribbling bytes cannot extend it.
    Lowest().expires_after(options().header_timeout);
    http::async_read_header(
        Self().stream(), buffer_, *parser_,
        beast::bind_front_handler(&Session::OnReadHeader, Self().shared_from_this()));
  }

  void OnReadHeader(beast::error_code ec, std::size_t) {
    if (ec) return OnReadError(ec);
    const auto& req = parser_->get();
    head_ = {};
    head_.method = std::string(req.method_string());
    head_.target = std::string(req.target());
    for (const auto& field : req) {
      std::string name = LowerAscii(ToStd(field.name_string()));
      auto [it, inserted] = head_.headers.try_emplace(std::move(name), ToStd(field.value()));
      // Repeated fields are one list (RFC 9110 5.3).
      if (!inserted) it->second.append(", ").append(ToStd(field.value()));
    }
    head_.peer = peer_;
    if (state_->admit) {
      std::optional<sync::HttpResponse> refused;
      try {
        refused = state_->admit(head_);
      } catch (...) {
        refused = sync::HttpResponse{500, {}, "internal server error\n"};
      }
      if (refused) {
        // The body stays unread, so the connection cannot carry on.
        if (!FillResponse(std::move(*refused), false, req.method() == http::verb::head,
                          req.version()))
          return SendError(http::status::internal_server_error, "internal server error");
        return Write();
      }
    }
    if (state_->open_stream && req.version() >= 11 && !parser_->is_done()) {
      std::unique_ptr<HttpStream> stream;
      try {
        stream = state_->open_stream(head_);
      } catch (...) {
        return SendError(http::status::internal_server_error, "internal server error");
      }
      if (stream) return StartStream(std::move(stream));
    }
    // The body gets its own deadline, which starts now.
    Lowest().expires_after(options().read_timeout);
    // Clients such as curl wait for this before sending a larger body.
    if (req.version() >= 11 && !parser_->is_done() &&
        beast::iequals(req[http::field::expect], "100-continue")) {
      net::async_write(
          Self().stream(), net::buffer(kContinue.data(), kContinue.size()),
          beast::bind_front_handler(&Session::OnContinueSent, Self().shared_from_this()));
      return;
    }
    ReadBody();
  }

  // A streamed request: its body is handed to the stream piece by piece as it arrives and
  // what the stream answers goes out at once, each a chunk of one 200 answer. One piece is
  // in hand at a time: the next is read once the answer to this one is written, so a
  // sender that outruns the hub waits in TCP, not in the hub's memory.
  void StartStream(std::unique_ptr<HttpStream> stream) {
    body_stream_ = std::move(stream);
    // Authenticated and sending: a long upload is not a dribbling connection.
    SetUnfinished(false);
    parser_->body_limit(boost::none);  // bounded per frame by the stream instead
    stream_keep_alive_ = parser_->get().keep_alive();
    std::string head = "HTTP/1.1 200 OK\r\nServer: ";
    head += kServerName;
    head += "\r\nContent-Type: application/x-tongban-stream\r\nTransfer-Encoding: chunked\r\n";
    if (!stream_keep_alive_) head += "Connection: close\r\n";
    head += "\r\n";
    WriteStream(std::move(head));
  }

  void WriteStream(std::string bytes) {
    stream_out_ = std::move(bytes);
    Lowest().expires_after(options().read_timeout);
    net::async_write(Self().stream(), net::buffer(stream_out_),
                     beast::bind_front_handler(&Session::OnStreamWritten, Self().shared_from_this()));
  }

  void OnStreamWritten(beast::error_code ec, std::size_t) {
    if (ec) return;  // the peer is gone: dropping the session drops the stream
    if (stream_finished_) {
      body_stream_.reset();
      stream_finished_ = false;
      head_ = {};
      if (!stream_keep_alive_) return Self().Close();
      return WaitForNextRequest();
    }
    ReadStreamPiece();
  }

  void ReadStreamPiece() {
    if (parser_->is_done()) return FeedStream(true);
    Lowest().expires_after(options().read_timeout);
    http::async_read_some(Self().stream(), buffer_, *parser_,
                          beast::bind_front_handler(&Session::OnStreamPiece, Self().shared_from_this()));
  }

  void OnStreamPiece(beast::error_code ec, std::size_t) {
    // The sender went away or broke the framing mid-stream: what was committed stays
    // committed, and there is nobody to answer.
    if (ec) return;
    // A read stops at a chunk's end; what else is buffered goes with it, so frames that
    // gathered while the hub committed are handed over (and committed) together.
    while (!parser_->is_done() && buffer_.size() > 0) {
      beast::error_code more;
      const std::size_t used = parser_->put(buffer_.data(), more);
      buffer_.consume(used);
      if (more == http::error::need_more || used == 0) break;
      if (more) return;  // broken framing: as above
    }
    FeedStream(parser_->is_done());
  }

  // On a worker: the piece read so far (and the end, when the body is complete).
  void FeedStream(bool last) {
    std::string piece = std::move(parser_->get().body());
    parser_->get().body().clear();
    if (piece.empty() && !last) return ReadStreamPiece();
    Lowest().expires_never();
    net::post(*state_->workers, [self = Self().shared_from_this(), piece = std::move(piece), last] {
      std::string out;
      try {
        if (!self->body_stream_->ended() && !piece.empty()) out = self->body_stream_->Feed(piece);
        if (last) out += self->body_stream_->Finish();
      } catch (...) {
        // Nothing sensible to answer mid-stream: end it; the node asks where the hub stands.
        net::dispatch(self->Lowest().get_executor(), [self] { self->Lowest().close(); });
        return;
      }
      net::dispatch(self->Lowest().get_executor(), [self, out = std::move(out), last]() mutable {
        std::string chunk;
        if (!out.empty()) {
          char size[20];
          std::snprintf(size, sizeof size, "%zx\r\n", out.size());
          chunk = size + out + "\r\n";
        }
        if (last) {
          chunk += "0\r\n\r\n";
          self->stream_finished_ = true;
        }
        if (chunk.empty()) return self->ReadStreamPiece();
        self->WriteStream(std::move(chunk));
      });
    });
  }

  void OnContinueSent(beast::error_code ec, std::size_t) {
    if (ec) return;  // the peer is gone; nothing left to tell it
    ReadBody();
  }

  void ReadBody() {
    http::async_read(Self().stream(), buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnReadBody, Self().shared_from_this()));
  }

  void OnReadBody(beast::error_code ec, std::size_t) {
    if (ec) return OnReadError(ec);
    Respond(parser_->release());
  }

  void OnReadError(const beast::error_code& ec) {
    // The client closed between requests: the normal end of a connection.
    if (ec == http::error::end_of_stream) return Self().Close();
    if (ec == http::error::body_limit) {
      return SendError(http::status::payload_too_large,
                       "request body is larger than the limit of " +
                           std::to_string(options().body_limit) + " bytes");
    }
    if (ec == http::error::header_limit) {
      return SendError(http::status::request_header_fields_too_large,
                       "request headers are larger than the limit of " +
                           std::to_string(options().header_limit) + " bytes");
    }
    // partial_message: the client went away mid-request; nobody to answer.
    if (IsHttpParseError(ec) && ec != http::error::partial_message) {
      return SendError(http::status::bad_request, "malformed HTTP request: " + ec.message());
    }
    // A timeout has closed the socket already; other errors are I/O failures
    // on this connection alone. Returning drops the session and its socket.
  }

  void Respond(http::request<http::string_body> req) {
    SetUnfinished(false);
    const bool keep_alive = req.keep_alive();
    const bool head = req.method() == http::verb::head;
    const unsigned version = req.version();
    head_.body = std::move(req.body());
    // No deadline while the handler works: the peer is waiting on us.
    Lowest().expires_never();
    net::post(*state_->workers, [self = Self().shared_from_this(), keep_alive, head, version] {
      std::optional<sync::HttpResponse> out;
      try {
        out = self->state_->handler(self->head_);
      } catch (...) {
      }
      net::dispatch(self->Lowest().get_executor(),
                    [self, out = std::move(out), keep_alive, head, version]() mutable {
                      self->Answer(std::move(out), keep_alive, head, version);
                    });
    });
  }

  // Back on the session's strand with the handler's answer (none: it threw).
  void Answer(std::optional<sync::HttpResponse> out, bool keep_alive, bool head,
              unsigned version) {
    head_ = {};
    // The request was read whole, so the connection is still in step.
    if (!out) {
      return SendText(http::status::internal_server_error, "internal server error", keep_alive,
                      version);
    }
    if (!FillResponse(std::move(*out), keep_alive, head, version)) {
      return SendText(http::status::internal_server_error,
                      "internal server error: invalid response from handler", keep_alive, version);
    }
    Write();
  }

  // False when the handler's answer cannot be sent as it is.
  bool FillResponse(sync::HttpResponse out, bool keep_alive, bool head, unsigned version) {
    if (out.status < 200 || out.status > 599) return false;
    res_ = {};
    res_.version(version);
    res_.result(static_cast<unsigned>(out.status));
    for (const auto& [name, value] : out.headers) {
      if (!IsToken(name) || !IsFieldValue(value)) return false;
      if (IsServerOwnedHeader(LowerAscii(name))) continue;
      res_.insert(name, value);
    }
    res_.set(http::field::server, kServerName);
    res_.keep_alive(keep_alive);
    const bool bodiless = out.status == 204 || out.status == 304;
    if (!bodiless) res_.body() = std::move(out.body);
    res_.prepare_payload();
    if (head && !bodiless) {
      // HEAD gets the length the body would have had, without the body.
      const std::size_t length = res_.body().size();
      res_.body().clear();
      res_.content_length(length);
    }
    return true;
  }

  void SendText(http::status status, std::string text, bool keep_alive, unsigned version) {
    res_ = {};
    res_.version(version);
    res_.result(status);
    res_.set(http::field::server, kServerName);
    res_.set(http::field::content_type, "text/plain; charset=utf-8");
    res_.keep_alive(keep_alive);
    res_.body() = std::move(text) + "\n";
    res_.prepare_payload();
    Write();
  }

  // For requests that cannot be read on: answer, then close.
  void SendError(http::status status, std::string text) {
    SendText(status, std::move(text), false, 11);
  }

  void Write() {
    close_after_write_ = res_.need_eof();
    Lowest().expires_after(options().read_timeout);
    http::async_write(Self().stream(), res_,
                      beast::bind_front_handler(&Session::OnWrite, Self().shared_from_this()));
  }

  void OnWrite(beast::error_code ec, std::size_t) {
    if (ec) return;
    res_ = {};
    if (close_after_write_) return Self().Close();
    WaitForNextRequest();
  }

  void WaitForNextRequest() {
    // A pipelined request may already be buffered.
    if (buffer_.size() > 0) return ReadHeader();
    Lowest().expires_after(options().idle_timeout);
    Self().stream().async_read_some(
        buffer_.prepare(kIdleReadSize),
        beast::bind_front_handler(&Session::OnIdleRead, Self().shared_from_this()));
  }

  void OnIdleRead(beast::error_code ec, std::size_t bytes) {
    buffer_.commit(bytes);
    if (ec == net::error::eof) return Self().Close();
    if (ec) return;  // idle too long (the socket is closed) or the link broke
    ReadHeader();
  }

 protected:
  // Connections still in their handshake count as unfinished too.
  void BeginHandshake() { Lowest().expires_after(options().header_timeout); }

 private:

  void DoLinger() {
    buffer_.consume(buffer_.size());
    Self().stream().async_read_some(
        buffer_.prepare(kIdleReadSize),
        beast::bind_front_handler(&Session::OnLinger, Self().shared_from_this()));
  }

  void OnLinger(beast::error_code ec, std::size_t) {
    if (!ec) DoLinger();
  }

  // Declared first: the derived stream (which may use state_->tls) is
  // destroyed before state_ is released.
  std::shared_ptr<ServerState> state_;
  std::string peer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;  // one per request
  sync::HttpRequest head_;                 // the request being read or handled
  http::response<http::string_body> res_;  // lives until its write completes
  std::unique_ptr<HttpStream> body_stream_;  // a streamed request under way
  std::string stream_out_;                 // its answer bytes being written
  bool stream_keep_alive_ = false;
  bool stream_finished_ = false;
  bool close_after_write_ = false;
  bool unfinished_ = false;  // listed in state_->unfinished
  ServerState::Clock::time_point unfinished_since_;
};

class PlainSession : public Session<PlainSession>,
                     public std::enable_shared_from_this<PlainSession> {
 public:
  PlainSession(tcp::socket&& socket, std::shared_ptr<ServerState> state)
      : Session(std::move(state), PeerAddress(socket)), stream_(std::move(socket)) {}

  beast::tcp_stream& stream() { return stream_; }

  void Run() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&PlainSession::Begin, shared_from_this()));
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (!ec) Linger();
  }

 private:
  beast::tcp_stream stream_;
};

class TlsSession : public Session<TlsSession>, public std::enable_shared_from_this<TlsSession> {
 public:
  TlsSession(tcp::socket&& socket, std::shared_ptr<ServerState> state)
      : Session(state, PeerAddress(socket)),
        stream_(beast::tcp_stream(std::move(socket)), *state->tls) {}

  beast::ssl_stream<beast::tcp_stream>& stream() { return stream_; }

  void Run() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&TlsSession::Handshake, shared_from_this()));
  }

  void Close() {
    Lowest().expires_after(
        std::min<std::chrono::steady_clock::duration>(options().read_timeout, kLingerTime));
    // Sends close_notify; whatever the peer does next, the socket closes
    // when the session goes.
    stream_.async_shutdown([self = shared_from_this()](beast::error_code) {});
  }

 private:
  void Handshake() {
    BeginHandshake();
    stream_.async_handshake(
        ssl::stream_base::server,
        beast::bind_front_handler(&TlsSession::OnHandshake, shared_from_this()));
  }

  void OnHandshake(beast::error_code ec) {
    if (ec) return;  // not a TLS client, or too slow: nothing to answer
    Begin();
  }

  beast::ssl_stream<beast::tcp_stream> stream_;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, tcp::acceptor acceptor, std::shared_ptr<ServerState> state)
      : ioc_(ioc),
        acceptor_(std::move(acceptor)),
        retry_(acceptor_.get_executor()),
        state_(std::move(state)) {}

  void Run() {
    net::dispatch(acceptor_.get_executor(),
                  beast::bind_front_handler(&Listener::DoAccept, shared_from_this()));
  }

  // Only while no thread runs the io_context.
  void Close() {
    beast::error_code ec;
    acceptor_.close(ec);
    retry_.cancel();
  }

 private:
  void DoAccept() {
    acceptor_.async_accept(net::make_strand(ioc_),
                           beast::bind_front_handler(&Listener::OnAccept, shared_from_this()));
  }

  void OnAccept(beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted) return;
    if (ec) {
      retry_.expires_after(kAcceptRetryDelay);
      retry_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
        if (!wait_ec) self->DoAccept();
      });
      return;
    }
    // Only this strand adds connections, so the counts cannot overshoot.
    if (state_->connections.load() >= state_->options.max_connections ||
        state_->PeerStalled(PeerAddress(socket))) {
      socket.close(ec);
    } else {
      socket.set_option(tcp::no_delay(true), ec);
      if (state_->tls) {
        std::make_shared<TlsSession>(std::move(socket), state_)->Run();
      } else {
        std::make_shared<PlainSession>(std::move(socket), state_)->Run();
      }
    }
    DoAccept();
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_;
  std::shared_ptr<ServerState> state_;
};

// OpenSSL reports a missing file only as "system lib"; ask the OS first.
Status CheckReadable(const std::string& path, const MessageDef& unreadable) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return InvalidArgument(unreadable,
                           {path, Reason(beast::error_code(errno, beast::system_category()))});
  }
  std::fclose(file);
  return Status::Ok();
}

Status LoadTls(ssl::context& ctx, const std::string& cert_file, const std::string& key_file) {
  SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
  TB_RETURN_IF_ERROR(CheckReadable(cert_file, kCertUnreadable));
  TB_RETURN_IF_ERROR(CheckReadable(key_file, kKeyUnreadable));
  beast::error_code ec;
  ctx.use_certificate_chain_file(cert_file, ec);
  if (ec) {
    return InvalidArgument(kCertNotPem, {cert_file, Reason(ec)});
  }
  ctx.use_private_key_file(key_file, ssl::context::pem, ec);
  if (ec) {
    return InvalidArgument(kKeyNotPem, {key_file, Reason(ec)});
  }
  if (SSL_CTX_check_private_key(ctx.native_handle()) != 1) {
    return InvalidArgument(kKeyMismatch, {key_file, cert_file});
  }
  return Status::Ok();
}

void RunIoContext(net::io_context& ioc) {
  // A throwing completion handler ends only its own session: keep serving.
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (...) {
    }
  }
}

}  // namespace

class HttpServer::Impl {
 public:
  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() { Stop(); }

  Status Open(const HttpServerOptions& options, HttpHandler handler, HttpAdmit admit,
              HttpStreamOpen open_stream);
  std::uint16_t port() const { return port_; }
  void Stop();

 private:
  std::shared_ptr<ServerState> state_;
  std::unique_ptr<net::io_context> ioc_;
  std::unique_ptr<net::thread_pool> workers_;
  std::shared_ptr<Listener> listener_;
  std::vector<std::thread> threads_;
  std::uint16_t port_ = 0;
  std::mutex stop_mu_;
  bool stopped_ = false;
};

Status HttpServer::Impl::Open(const HttpServerOptions& options, HttpHandler handler,
                              HttpAdmit admit, HttpStreamOpen open_stream) {
  const std::string where = EndpointText(options.host, options.port);
  if (!handler) return InvalidArgument(kNoHandler).WithContext(kCtxListen, {where});
  if (options.threads < 1 || options.workers < 1) {
    return InvalidArgument(kThreads,
                           {std::to_string(options.threads), std::to_string(options.workers)})
        .WithContext(kCtxListen, {where});
  }
  if (options.max_connections == 0 || options.max_unfinished_per_peer == 0) {
    return InvalidArgument(kLimits).WithContext(kCtxListen, {where});
  }
  if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
    return InvalidArgument(kTlsPair).WithContext(kCtxListen, {where});
  }
  beast::error_code ec;
  const net::ip::address address = net::ip::make_address(options.host, ec);
  if (ec) {
    return InvalidArgument(kHostNotIp).WithContext(kCtxListen, {where});
  }

  state_ = std::make_shared<ServerState>();
  state_->options = options;
  state_->handler = std::move(handler);
  state_->admit = std::move(admit);
  state_->open_stream = std::move(open_stream);
  if (!options.tls_cert_file.empty()) {
    state_->tls.emplace(ssl::context::tls_server);
    TB_RETURN_IF_ERROR(
        LoadTls(*state_->tls, options.tls_cert_file, options.tls_key_file)
            .WithContext(kCtxListen, {where}));
  }

  ioc_ = std::make_unique<net::io_context>(options.threads);
  workers_ = std::make_unique<net::thread_pool>(static_cast<std::size_t>(options.workers));
  state_->workers.emplace(workers_->get_executor());
  tcp::acceptor acceptor(net::make_strand(*ioc_));
  const tcp::endpoint endpoint(address, options.port);
  auto fail = [&](const beast::error_code& error) {
    ErrorCode code = ErrorCode::kIoError;
    if (error == net::error::access_denied) code = ErrorCode::kPermissionDenied;
    if (error == net::error::address_in_use) code = ErrorCode::kBusy;
    // The OS's words, after ours.
    return Status(code, Reason(error)).WithContext(kCtxListen, {where});
  };
  acceptor.open(endpoint.protocol(), ec);
  if (ec) return fail(ec);
  // Lets a restarted hub bind while old connections sit in TIME_WAIT; a port
  // with a live listener still fails.
  acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (ec) return fail(ec);
  acceptor.bind(endpoint, ec);
  if (ec) return fail(ec);
  acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return fail(ec);
  port_ = acceptor.local_endpoint(ec).port();
  if (ec) return fail(ec);

  listener_ = std::make_shared<Listener>(*ioc_, std::move(acceptor), state_);
  listener_->Run();
  try {
    for (int i = 0; i < options.threads; ++i) {
      threads_.emplace_back([ioc = ioc_.get()] { RunIoContext(*ioc); });
    }
  } catch (const std::system_error& e) {
    Stop();
    return Status(ErrorCode::kIoError, kStartThreads, {e.what()}).WithContext(kCtxListen, {where});
  }
  return Status::Ok();
}

void HttpServer::Impl::Stop() {
  std::lock_guard<std::mutex> lock(stop_mu_);
  if (stopped_) return;
  stopped_ = true;
  if (ioc_) ioc_->stop();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
  // Handlers under way finish; their answers are queued on the stopped
  // io_context and dropped with it.
  if (workers_) workers_->join();
  if (listener_) listener_->Close();
  listener_.reset();
  // Destroys the queued handlers and with them the sessions they own, which
  // closes every client connection.
  ioc_.reset();
  workers_.reset();
}

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const HttpServerOptions& options,
                                                      HttpHandler handler, HttpAdmit admit,
                                                      HttpStreamOpen open_stream) {
  auto impl = std::make_unique<Impl>();
  TB_RETURN_IF_ERROR(impl->Open(options, std::move(handler), std::move(admit), std::move(open_stream)));
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() { Stop(); }

std::uint16_t HttpServer::port() const { return impl_->port(); }

void HttpServer::Stop() { impl_->Stop(); }

}  // namespace tongban::central
