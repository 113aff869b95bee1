// FaultProxy against real loopback sockets: a small Asio server behind it, a client in front.
#include "fault_proxy.h"

#include <array>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

// Asio only after <utility>: Boost 1.74 Asio uses std::exchange without including it (GCC 12).
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using tongban::test::Fault;
using tongban::test::FaultPlan;
using tongban::test::FaultProxy;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Generous deadlines: reached only when something is broken, so they cost nothing on success.
constexpr auto kDeadline = 3s;
constexpr std::size_t kToEnd = std::numeric_limits<std::size_t>::max();

// Polls `done` until it holds or `timeout` passes; returns its last value.
bool WaitFor(const std::function<bool()>& done, std::chrono::milliseconds timeout = kDeadline) {
  const auto until = Clock::now() + timeout;
  while (!done()) {
    if (Clock::now() > until) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

// How a peer sees the proxy end a connection: end of stream or a reset, depending on timing.
bool IsCut(const error_code& ec) {
  return ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe;
}

// The hub stand-in: accepts any number of connections and records what each one sent.
// kEcho writes every byte back; kSink only swallows them; kDeaf never reads, so a sender to it
// soon blocks on a full socket.
class TestServer {
 public:
  enum class Mode { kEcho, kSink, kDeaf };

  explicit TestServer(Mode mode = Mode::kEcho) : mode_(mode), acceptor_(io_) {
    const tcp::endpoint endpoint(asio::ip::address_v4::loopback(), 0);
    acceptor_.open(endpoint.protocol());
    // A small fixed receive buffer (inherited by accepted sockets) makes a deaf hub fill up fast.
    if (mode_ == Mode::kDeaf) acceptor_.set_option(tcp::socket::receive_buffer_size(64 * 1024));
    acceptor_.bind(endpoint);
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    Accept();
    thread_ = std::thread([this] { io_.run(); });
  }

  ~TestServer() {
    asio::post(io_, [this] {
      error_code ignored;
      acceptor_.close(ignored);
      for (const auto& conn : conns_) conn->socket.close(ignored);
    });
    thread_.join();
  }

  std::uint16_t port() const { return port_; }
  std::size_t accepted() const { return accepted_; }
  // Connections whose client side ended (end of stream or reset).
  std::size_t finished() const { return finished_; }
  // Everything connection `i` (in accept order) has received so far.
  std::string received(std::size_t i) const {
    std::lock_guard lock(mu_);
    return i < received_.size() ? received_[i] : std::string();
  }

 private:
  struct Conn {
    explicit Conn(tcp::socket s, std::size_t i) : socket(std::move(s)), index(i) {}
    tcp::socket socket;
    std::size_t index;
    std::array<char, 4096> buffer{};
  };

  void Accept() {
    acceptor_.async_accept([this](error_code ec, tcp::socket socket) {
      if (ec) return;
      std::size_t index = 0;
      {
        std::lock_guard lock(mu_);
        index = received_.size();
        received_.emplace_back();
      }
      auto conn = std::make_shared<Conn>(std::move(socket), index);
      conns_.push_back(conn);
      ++accepted_;
      if (mode_ != Mode::kDeaf) Read(conn);
      Accept();
    });
  }

  void Read(const std::shared_ptr<Conn>& conn) {
    conn->socket.async_read_some(
        asio::buffer(conn->buffer), [this, conn](error_code ec, std::size_t n) {
          if (ec) {
            error_code ignored;
            conn->socket.close(ignored);
            ++finished_;
            return;
          }
          {
            std::lock_guard lock(mu_);
            received_[conn->index].append(conn->buffer.data(), n);
          }
          if (mode_ == Mode::kSink) {
            Read(conn);
            return;
          }
          asio::async_write(conn->socket, asio::buffer(conn->buffer.data(), n),
                            [this, conn](error_code write_ec, std::size_t) {
                              if (write_ec) {
                                error_code ignored;
                                conn->socket.close(ignored);
                                ++finished_;
                                return;
                              }
                              Read(conn);
                            });
        });
  }

  const Mode mode_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::vector<std::shared_ptr<Conn>> conns_;  // I/O thread only
  std::atomic<std::size_t> accepted_{0};
  std::atomic<std::size_t> finished_{0};
  mutable std::mutex mu_;
  std::vector<std::string> received_;  // guarded by mu_
  std::thread thread_;
};

// The node stand-in: one connection, driven from the test thread with deadlines.
class Client {
 public:
  struct Reply {
    std::string data;
    error_code end;  // why reading stopped; empty if `want` bytes arrived
    bool timed_out = false;
  };

  // A nonzero `send_buffer` fixes the socket's send buffer, so a blocked peer stops it sooner.
  explicit Client(std::uint16_t port, int send_buffer = 0) {
    const tcp::endpoint endpoint(asio::ip::address_v4::loopback(), port);
    socket_.open(endpoint.protocol());
    if (send_buffer > 0) socket_.set_option(tcp::socket::send_buffer_size(send_buffer));
    socket_.connect(endpoint);
  }

  // Writes `send` while reading, until `want` bytes came back, the connection ended or the
  // deadline passed. Reading and writing together keeps large echoes from deadlocking.
  Reply Transfer(std::string_view send, std::size_t want,
                 std::chrono::milliseconds timeout = kDeadline) {
    Reply reply;
    if (!send.empty()) {
      asio::async_write(socket_, asio::buffer(send.data(), send.size()),
                        [](error_code, std::size_t) {});  // failures show up on the read side
    }
    std::function<void()> read_more = [&] {
      socket_.async_read_some(asio::buffer(chunk_), [&](error_code ec, std::size_t n) {
        reply.data.append(chunk_.data(), n);
        if (ec) {
          reply.end = ec;
        } else if (reply.data.size() < want) {
          read_more();
        }
      });
    };
    if (want > 0) read_more();
    io_.restart();
    io_.run_for(timeout);
    if (!io_.stopped()) {
      // A handler already queued may start another step of the write after a cancel, so cancel
      // until nothing is left.
      reply.timed_out = true;
      while (!io_.stopped()) {
        error_code ignored;
        socket_.cancel(ignored);
        io_.run_for(10ms);
      }
    }
    return reply;
  }

  Reply Send(std::string_view send) { return Transfer(send, 0); }
  Reply ReadToEnd(std::chrono::milliseconds timeout = kDeadline) {
    return Transfer({}, kToEnd, timeout);
  }

 private:
  asio::io_context io_;
  tcp::socket socket_{io_};
  std::array<char, 4096> chunk_{};
};

std::string Pattern(std::size_t size) {
  std::string s(size, '\0');
  for (std::size_t i = 0; i < size; ++i) s[i] = static_cast<char>((i * 131 + i / 251) & 0xFF);
  return s;
}

std::string Flipped(std::string s, std::size_t at) {
  s[at] = static_cast<char>(s[at] ^ 0xFF);
  return s;
}

// A loopback port with nothing listening on it.
std::uint16_t DeadPort() {
  asio::io_context io;
  tcp::acceptor probe(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  return probe.local_endpoint().port();
}

}  // namespace

TEST_CASE("FaultProxy passes bytes both ways untouched and counts them") {
  TestServer hub;
  FaultProxy proxy("127.0.0.1", hub.port());
  Client node(proxy.port());

  const auto first = node.Transfer("POST /sync HTTP/1.1\r\n\r\n", 23);
  CHECK(first.data == "POST /sync HTTP/1.1\r\n\r\n");
  const std::string big = Pattern(1 << 20);
  const auto second = node.Transfer(big, big.size());
  CHECK_FALSE(second.timed_out);
  CHECK(second.data == big);

  CHECK(hub.received(0) == "POST /sync HTTP/1.1\r\n\r\n" + big);
  CHECK(proxy.connections() == 1);
  CHECK(proxy.bytes_up() == 23 + big.size());
  CHECK(proxy.bytes_down() == 23 + big.size());
}

TEST_CASE("FaultProxy kRefuse cuts the client at once and never reaches the target") {
  TestServer hub;
  FaultProxy proxy("127.0.0.1", hub.port());
  proxy.SetPlan({.fault = Fault::kRefuse});

  const auto start = Clock::now();
  Client node(proxy.port());
  node.Send("GET / HTTP/1.1\r\n\r\n");
  const auto reply = node.ReadToEnd();
  CHECK(Clock::now() - start < 1s);
  CHECK(reply.data.empty());
  CHECK(IsCut(reply.end));
  CHECK(proxy.connections() == 1);
  CHECK(proxy.bytes_up() == 0);
  CHECK(hub.accepted() == 0);
}

TEST_CASE("FaultProxy kDropAfter lets exactly N request bytes through and then closes") {
  TestServer hub(TestServer::Mode::kSink);
  FaultProxy proxy("127.0.0.1", hub.port());
  proxy.SetPlan({.fault = Fault::kDropAfter, .bytes = 5});

  Client node(proxy.port());
  node.Send("0123456789abcdef");
  const auto reply = node.ReadToEnd();
  CHECK_FALSE(reply.timed_out);
  CHECK(reply.data.empty());
  CHECK(IsCut(reply.end));

  REQUIRE(WaitFor([&] { return hub.finished() == 1; }));
  CHECK(hub.received(0) == "01234");
  CHECK(proxy.bytes_up() == 5);
}

TEST_CASE("FaultProxy kDropAfter with zero bytes closes before the first byte") {
  TestServer hub(TestServer::Mode::kSink);
  FaultProxy proxy("127.0.0.1", hub.port());
  proxy.SetPlan({.fault = Fault::kDropAfter, .bytes = 0});

  Client node(proxy.port());
  node.Send("0123");
  CHECK(IsCut(node.ReadToEnd().end));
  REQUIRE(WaitFor([&] { return hub.finished() == 1; }));
  CHECK(hub.received(0).empty());
}

TEST_CASE("FaultProxy kTruncateReply forwards the request and only N reply bytes") {
  TestServer hub;
  FaultProxy proxy("127.0.0.1", hub.port());
  proxy.SetPlan({.fault = Fault::kTruncateReply, .bytes = 4});

  Client node(proxy.port());
  const auto reply = node.Transfer("0123456789", kToEnd);
  CHECK_FALSE(reply.timed_out);
  CHECK(reply.data == "0123");
  CHECK(reply.end == asio::error::eof);
  CHECK(proxy.bytes_down() == 4);

  REQUIRE(WaitFor([&] { return hub.finished() == 1; }));
  CHECK(hub.received(0) == "0123456789");
}

TEST_CASE("FaultProxy kStallReply sends nothing back for the stall time and then closes") {
  TestServer hub;
  FaultProxy proxy("127.0.0.1", hub.port());
  constexpr auto kStall = 300ms;
  proxy.SetPlan({.fault = Fault::kStallReply, .stall = kStall});

  const auto start = Clock::now();
  Client node(proxy.port());
  const auto reply = node.Transfer("ping", kToEnd);
  const auto waited = Clock::now() - start;
  CHECK_FALSE(reply.timed_out);
  CHECK(reply.data.empty());
  CHECK(reply.end == asio::error::eof);
  CHECK(waited >= kStall);
  CHECK(waited < kStall + 1500ms);

  CHECK(hub.received(0) == "ping");  // the request did reach the hub
  CHECK(proxy.bytes_up() == 4);
  CHECK(proxy.bytes_down() == 0);
}

TEST_CASE("FaultProxy kFlipRequest flips exactly one byte at its stream offset") {
  TestServer hub;
  FaultProxy proxy("127.0.0.1", hub.port());
  proxy.SetPlan({.fault = Fault::kFlipRequest, .bytes = 6});

  Client node(proxy.port());
  // Two round trips, so offset 6 lands in the second read: offsets count over the whole stream.
  CHECK(node.Transfer("abcd", 4).data == "abcd");
  CHECK(node.Transfer("efgh", 4).data == Flipped("efgh", 2));
  CHECK(hub.received(0) == Flipped("abcdefgh", 6));
}

TEST_CASE("FaultProxy kFlipReply flips exactly one reply byte") {
  TestServer hub;
  FaultProxy proxy("127.0.0.1", hub.port());
  proxy.SetPlan({.fault = Fault::kFlipReply, .bytes = 2});

  Client node(proxy.port());
  CHECK(node.Transfer("abcdef", 6).data == Flipped("abcdef", 2));
  CHECK(hub.received(0) == "abcdef");
}

TEST_CASE("FaultProxy plan with connections = 1 breaks only the first connection") {
  TestServer hub;
  FaultProxy proxy("127.0.0.1", hub.port());
  proxy.SetPlan({.fault = Fault::kTruncateReply, .bytes = 1, .connections = 1});

  Client first(proxy.port());
  CHECK(first.Transfer("hello", kToEnd).data == "h");
  Client second(proxy.port());
  CHECK(second.Transfer("hello", 5).data == "hello");
  Client third(proxy.port());
  CHECK(third.Transfer("again", 5).data == "again");
  CHECK(proxy.connections() == 3);
}

TEST_CASE("FaultProxy CloseAll cuts open connections and keeps listening") {
  TestServer hub;
  FaultProxy proxy("127.0.0.1", hub.port());

  Client node(proxy.port());
  REQUIRE(node.Transfer("hello", 5).data == "hello");
  proxy.CloseAll();
  const auto reply = node.ReadToEnd();
  CHECK_FALSE(reply.timed_out);
  CHECK(reply.data.empty());
  CHECK(reply.end == asio::error::eof);
  CHECK(WaitFor([&] { return hub.finished() == 1; }));

  Client retry(proxy.port());
  CHECK(retry.Transfer("again", 5).data == "again");
}

TEST_CASE("FaultProxy SetTarget sends new connections to the new target only") {
  TestServer old_hub;
  TestServer new_hub;
  FaultProxy proxy("127.0.0.1", old_hub.port());

  Client before(proxy.port());
  REQUIRE(before.Transfer("one", 3).data == "one");
  proxy.SetTarget(new_hub.port());
  Client after(proxy.port());
  CHECK(after.Transfer("two", 3).data == "two");
  CHECK(before.Transfer("three", 5).data == "three");  // open connection stays where it was

  CHECK(old_hub.accepted() == 1);
  CHECK(old_hub.received(0) == "onethree");
  CHECK(new_hub.accepted() == 1);
  CHECK(new_hub.received(0) == "two");
}

TEST_CASE("FaultProxy closes the client when the target is unreachable") {
  FaultProxy proxy("127.0.0.1", DeadPort());
  Client node(proxy.port());
  const auto reply = node.Transfer("GET / HTTP/1.1\r\n\r\n", kToEnd);
  CHECK_FALSE(reply.timed_out);
  CHECK(reply.data.empty());
  CHECK(IsCut(reply.end));
}

TEST_CASE("FaultProxy resolves a host name for its target") {
  TestServer hub;
  FaultProxy proxy("localhost", hub.port());
  Client node(proxy.port());
  CHECK(node.Transfer("hello", 5).data == "hello");
}

TEST_CASE("FaultProxy destroyed mid-transfer closes every connection without waiting") {
  TestServer hub(TestServer::Mode::kSink);
  TestServer deaf_hub(TestServer::Mode::kDeaf);
  auto proxy = std::make_unique<FaultProxy>("127.0.0.1", hub.port());

  // One connection waiting out a long stall...
  proxy->SetPlan({.fault = Fault::kStallReply, .stall = 10s, .connections = 1});
  Client stalled(proxy->port());
  stalled.Send("waiting for a reply");
  REQUIRE(WaitFor([&] { return hub.received(0) == "waiting for a reply"; }));
  // ...and one with the proxy's write blocked on a hub that stopped reading.
  proxy->SetTarget(deaf_hub.port());
  Client busy(proxy->port(), 64 * 1024);
  const std::string big = Pattern(16 << 20);  // more than the kernel buffers on the way hold
  const auto sent = busy.Transfer(big, 0, 300ms);
  REQUIRE(sent.timed_out);
  CHECK(proxy->bytes_up() > 19);
  CHECK(proxy->bytes_up() < 19 + big.size());

  const auto start = Clock::now();
  proxy.reset();
  CHECK(Clock::now() - start < 1s);
  CHECK(IsCut(stalled.ReadToEnd().end));
  CHECK(IsCut(busy.ReadToEnd().end));
  CHECK(WaitFor([&] { return hub.finished() == 1; }));
}
