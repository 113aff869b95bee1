// FaultProxy internals: one io_context on one thread, one Session per accepted connection.
//
// Everything below the public methods runs on the I/O thread, so sessions and the session table
// need no locks; only the plan (mutex), the target port and the counters (atomics) are shared
// with callers. A Session relays two independent directions ("pipes"), each a loop of
// async_read_some then async_write; the fault is applied between the two. Pending handlers hold
// the Session alive; closing its sockets makes them all finish with operation_aborted.
#include "fault_proxy.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

// Asio only after <utility>: Boost 1.74 Asio uses std::exchange without including it (GCC 12).
#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

namespace tongban::test {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

// Read size per direction. Small enough that byte-exact faults never need a second buffer.
constexpr std::size_t kChunkBytes = 16 * 1024;
// Pause before accepting again after a failed accept (e.g. out of file descriptors).
constexpr std::chrono::milliseconds kAcceptRetry{50};

}  // namespace

class FaultProxy::Impl {
 public:
  Impl(std::string target_host, std::uint16_t target_port);
  ~Impl();

  std::uint16_t port() const { return port_; }
  void SetPlan(FaultPlan plan);
  void SetTarget(std::uint16_t target_port) { target_port_ = target_port; }
  std::size_t connections() const { return connections_; }
  std::size_t bytes_up() const { return bytes_up_; }
  std::size_t bytes_down() const { return bytes_down_; }
  void CloseAll();

 private:
  class Session;

  // All of these run on the I/O thread.
  void Accept();
  void OnAccept(error_code ec, tcp::socket socket);
  FaultPlan TakePlan();
  std::vector<tcp::endpoint> TargetEndpoints() const;
  void CloseSessions();

  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  tcp::acceptor acceptor_;
  asio::steady_timer accept_retry_;
  std::uint16_t port_ = 0;
  std::vector<asio::ip::address> target_addresses_;  // empty: the host did not resolve
  std::atomic<std::uint16_t> target_port_;

  std::mutex plan_mu_;
  FaultPlan plan_;      // guarded by plan_mu_
  int plan_left_ = -1;  // guarded by plan_mu_; connections still to get plan_, -1 = unlimited

  std::atomic<std::size_t> connections_{0};
  std::atomic<std::size_t> bytes_up_{0};
  std::atomic<std::size_t> bytes_down_{0};

  // I/O thread only.
  bool stopping_ = false;
  std::uint64_t next_session_ = 0;
  std::unordered_map<std::uint64_t, std::weak_ptr<Session>> sessions_;

  std::thread thread_;  // last: started once everything above exists
};

class FaultProxy::Impl::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Impl& proxy, std::uint64_t id, tcp::socket client, FaultPlan plan)
      : proxy_(proxy),
        id_(id),
        plan_(plan),
        client_(std::move(client)),
        server_(proxy.io_),
        stall_timer_(proxy.io_),
        up_(client_, server_, true),
        down_(server_, client_, false) {}

  void Start();
  // Closes both sockets and forgets the session; idempotent. Pending handlers then finish.
  void Close();

 private:
  // One direction of the relay.
  struct Pipe {
    Pipe(tcp::socket& source, tcp::socket& sink, bool is_upstream)
        : from(source), to(sink), upstream(is_upstream) {}
    tcp::socket& from;
    tcp::socket& to;
    const bool upstream;  // client -> server
    std::array<unsigned char, kChunkBytes> buffer{};
    std::size_t seen = 0;       // bytes read from `from` so far; flip offsets count these
    std::size_t forwarded = 0;  // bytes handed to `to` so far
    bool ended = false;         // `from` sent end of stream
  };

  void OnConnect(error_code ec);
  void Read(Pipe& pipe);
  void OnRead(Pipe& pipe, error_code ec, std::size_t n);
  void OnWrite(Pipe& pipe, error_code ec);
  // Byte budget of a direction under kDropAfter / kTruncateReply; none for other faults.
  std::optional<std::size_t> Limit(const Pipe& pipe) const;
  bool FlipsIn(const Pipe& pipe) const;
  // kStallReply: the reply, end of stream included, is read and dropped until the timer fires.
  bool Stalled(const Pipe& pipe) const {
    return !pipe.upstream && plan_.fault == Fault::kStallReply;
  }

  Impl& proxy_;
  const std::uint64_t id_;
  const FaultPlan plan_;
  tcp::socket client_;
  tcp::socket server_;
  asio::steady_timer stall_timer_;
  Pipe up_;
  Pipe down_;
  bool closed_ = false;
};

// ---- Session ----

void FaultProxy::Impl::Session::Start() {
  if (plan_.fault == Fault::kRefuse) {
    // Linger 0 makes close() send a reset, whether or not the client has sent anything yet, so
    // the client sees the same failure every time.
    error_code ignored;
    client_.set_option(tcp::socket::linger(true, 0), ignored);
    Close();
    return;
  }
  if (plan_.fault == Fault::kStallReply) {
    stall_timer_.expires_after(plan_.stall);
    stall_timer_.async_wait([self = shared_from_this()](error_code ec) {
      if (!ec) self->Close();
    });
  }
  const std::vector<tcp::endpoint> endpoints = proxy_.TargetEndpoints();
  if (endpoints.empty()) {
    Close();
    return;
  }
  asio::async_connect(
      server_, endpoints,
      [self = shared_from_this()](error_code ec, const tcp::endpoint&) { self->OnConnect(ec); });
}

void FaultProxy::Impl::Session::OnConnect(error_code ec) {
  if (closed_) return;
  if (ec) {  // target unreachable: the client gets an empty reply
    Close();
    return;
  }
  // The proxy forwards whatever it has at once; Nagle would hold small HTTP pieces back.
  error_code ignored;
  client_.set_option(tcp::no_delay(true), ignored);
  server_.set_option(tcp::no_delay(true), ignored);
  if (plan_.fault == Fault::kDropAfter && plan_.bytes == 0) {
    Close();  // the target sees a connection that ends before its first byte
    return;
  }
  Read(up_);
  Read(down_);
}

void FaultProxy::Impl::Session::Read(Pipe& pipe) {
  pipe.from.async_read_some(asio::buffer(pipe.buffer),
                            [self = shared_from_this(), &pipe](error_code ec, std::size_t n) {
                              self->OnRead(pipe, ec, n);
                            });
}

void FaultProxy::Impl::Session::OnRead(Pipe& pipe, error_code ec, std::size_t n) {
  if (closed_) return;
  if (ec == asio::error::eof) {
    // Pass the half-close on, so a peer waiting for end of stream gets it; the other direction
    // keeps going. A stalled reply stays silent, end of stream included.
    pipe.ended = true;
    if (!Stalled(pipe)) {
      error_code ignored;
      pipe.to.shutdown(tcp::socket::shutdown_send, ignored);
    }
    if (up_.ended && down_.ended && plan_.fault != Fault::kStallReply) Close();
    return;
  }
  if (ec) {  // reset or other failure on one side: the other side loses the connection too
    Close();
    return;
  }

  const std::size_t offset = pipe.seen;
  pipe.seen += n;
  if (Stalled(pipe)) {
    Read(pipe);
    return;
  }
  if (FlipsIn(pipe) && plan_.bytes >= offset && plan_.bytes < offset + n) {
    pipe.buffer[plan_.bytes - offset] ^= 0xFF;
  }
  std::size_t count = n;
  if (const auto limit = Limit(pipe)) {
    count = std::min(n, *limit - pipe.forwarded);
    if (count == 0) {  // only with a zero budget: the first byte already crosses it
      Close();
      return;
    }
  }
  pipe.forwarded += count;
  (pipe.upstream ? proxy_.bytes_up_ : proxy_.bytes_down_) += count;
  asio::async_write(pipe.to, asio::buffer(pipe.buffer.data(), count),
                    [self = shared_from_this(), &pipe](error_code write_ec, std::size_t) {
                      self->OnWrite(pipe, write_ec);
                    });
}

void FaultProxy::Impl::Session::OnWrite(Pipe& pipe, error_code ec) {
  if (closed_) return;
  if (ec) {
    Close();
    return;
  }
  const auto limit = Limit(pipe);
  if (limit && pipe.forwarded >= *limit) {
    Close();
    return;
  }
  Read(pipe);
}

std::optional<std::size_t> FaultProxy::Impl::Session::Limit(const Pipe& pipe) const {
  if (pipe.upstream && plan_.fault == Fault::kDropAfter) return plan_.bytes;
  if (!pipe.upstream && plan_.fault == Fault::kTruncateReply) return plan_.bytes;
  return std::nullopt;
}

bool FaultProxy::Impl::Session::FlipsIn(const Pipe& pipe) const {
  return plan_.fault == (pipe.upstream ? Fault::kFlipRequest : Fault::kFlipReply);
}

void FaultProxy::Impl::Session::Close() {
  if (closed_) return;
  closed_ = true;
  stall_timer_.cancel();
  error_code ignored;
  client_.close(ignored);
  server_.close(ignored);
  proxy_.sessions_.erase(id_);
}

// ---- Impl ----

FaultProxy::Impl::Impl(std::string target_host, std::uint16_t target_port)
    : work_(asio::make_work_guard(io_)),
      acceptor_(io_, tcp::endpoint(asio::ip::address_v4::loopback(), 0)),
      accept_retry_(io_),
      target_port_(target_port) {
  port_ = acceptor_.local_endpoint().port();

  error_code ec;
  const auto literal = asio::ip::make_address(target_host, ec);
  if (!ec) {
    target_addresses_.push_back(literal);
  } else {
    // Resolved once, synchronously: nothing is running yet, and per-connection lookups would add
    // a resolver thread that could not be cancelled on shutdown.
    tcp::resolver resolver(io_);
    const auto results = resolver.resolve(target_host, "", ec);
    if (!ec) {
      for (const auto& entry : results) target_addresses_.push_back(entry.endpoint().address());
    }
  }

  Accept();
  thread_ = std::thread([this] { io_.run(); });
}

FaultProxy::Impl::~Impl() {
  asio::post(io_, [this] {
    stopping_ = true;
    error_code ignored;
    acceptor_.close(ignored);
    accept_retry_.cancel();
    CloseSessions();
  });
  // With the listener and every socket closed, all pending operations finish at once and run()
  // returns as soon as the guard is gone.
  work_.reset();
  thread_.join();
}

void FaultProxy::Impl::SetPlan(FaultPlan plan) {
  std::lock_guard lock(plan_mu_);
  plan_ = plan;
  plan_left_ = plan.connections;
}

FaultPlan FaultProxy::Impl::TakePlan() {
  std::lock_guard lock(plan_mu_);
  if (plan_left_ == 0) return FaultPlan{};
  if (plan_left_ > 0) --plan_left_;
  return plan_;
}

std::vector<tcp::endpoint> FaultProxy::Impl::TargetEndpoints() const {
  std::vector<tcp::endpoint> endpoints;
  const std::uint16_t target_port = target_port_;
  for (const auto& address : target_addresses_) endpoints.emplace_back(address, target_port);
  return endpoints;
}

void FaultProxy::Impl::Accept() {
  acceptor_.async_accept(
      [this](error_code ec, tcp::socket socket) { OnAccept(ec, std::move(socket)); });
}

void FaultProxy::Impl::OnAccept(error_code ec, tcp::socket socket) {
  if (stopping_ || ec == asio::error::operation_aborted) return;
  if (ec) {
    accept_retry_.expires_after(kAcceptRetry);
    accept_retry_.async_wait([this](error_code wait_ec) {
      if (!wait_ec && !stopping_) Accept();
    });
    return;
  }
  ++connections_;
  const std::uint64_t id = next_session_++;
  auto session = std::make_shared<Session>(*this, id, std::move(socket), TakePlan());
  sessions_.emplace(id, session);
  session->Start();
  Accept();
}

void FaultProxy::Impl::CloseSessions() {
  // Close() erases from the table, so take the sessions out first.
  std::vector<std::shared_ptr<Session>> open;
  open.reserve(sessions_.size());
  for (const auto& [id, weak] : sessions_) {
    if (auto session = weak.lock()) open.push_back(std::move(session));
  }
  for (const auto& session : open) session->Close();
  sessions_.clear();
}

void FaultProxy::Impl::CloseAll() {
  if (io_.get_executor().running_in_this_thread()) {
    CloseSessions();
    return;
  }
  std::promise<void> done;
  std::future<void> closed = done.get_future();
  asio::post(io_, [this, &done] {
    CloseSessions();
    done.set_value();
  });
  closed.wait();
}

// ---- FaultProxy ----

FaultProxy::FaultProxy(std::string target_host, std::uint16_t target_port)
    : impl_(std::make_unique<Impl>(std::move(target_host), target_port)) {}

FaultProxy::~FaultProxy() = default;

std::uint16_t FaultProxy::port() const { return impl_->port(); }
void FaultProxy::SetPlan(FaultPlan plan) { impl_->SetPlan(plan); }
void FaultProxy::SetTarget(std::uint16_t target_port) { impl_->SetTarget(target_port); }
std::size_t FaultProxy::connections() const { return impl_->connections(); }
std::size_t FaultProxy::bytes_up() const { return impl_->bytes_up(); }
std::size_t FaultProxy::bytes_down() const { return impl_->bytes_down(); }
void FaultProxy::CloseAll() { impl_->CloseAll(); }

}  // namespace tongban::test
