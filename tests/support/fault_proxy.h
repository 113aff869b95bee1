// FaultProxy: a loopback TCP proxy that breaks connections on purpose.
//
// Sync tests put it between a node (the HTTP client) and a hub (the HTTP server) to reproduce
// what a rural link does to them: refuse a connection, drop it halfway through a request, cut a
// reply short, go silent, or corrupt a byte. The fault is chosen once per connection, from the plan
// in force when the proxy accepts it, so a test can break the first attempt and let the retry
// through. The proxy does not parse HTTP; every fault is expressed in bytes of the TCP stream.
//
// Threads: the proxy runs its own I/O thread, and every public method is safe to call from any
// other thread at any time.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace tongban::test {

enum class Fault {
  kPass,           // forward both ways untouched
  kRefuse,         // accept and reset at once; the target is never contacted
  kDropAfter,      // forward `bytes` bytes client->server, then close both sides
  kTruncateReply,  // forward the request, forward only `bytes` bytes of the reply, then close
  kStallReply,     // forward the request, send nothing back for `stall`, then close
  kFlipRequest,    // XOR 0xFF into byte `bytes` of the client->server stream
  kFlipReply,      // XOR 0xFF into byte `bytes` of the server->client stream
};

struct FaultPlan {
  Fault fault = Fault::kPass;
  // A stream offset or a byte count, depending on `fault`. Offsets count from the first byte the
  // client (kFlipRequest) or the server (kFlipReply) sent on that connection.
  std::size_t bytes = 0;
  // kStallReply only. The clock starts when the proxy accepts the connection; the target's reply
  // is read and thrown away meanwhile, so the hub never blocks on a full socket.
  std::chrono::milliseconds stall{0};
  // How many new connections get this fault; -1 means all of them. Later connections pass.
  int connections = -1;
};

class FaultProxy {
 public:
  // Listens on 127.0.0.1 on an ephemeral port and forwards each connection to
  // target_host:target_port. A host name is resolved once, here; if it does not resolve, or the
  // target refuses, each client connection is closed as soon as the proxy accepts it.
  // Throws std::runtime_error (boost::system::system_error) only if it cannot listen on loopback.
  FaultProxy(std::string target_host, std::uint16_t target_port);
  // Closes the listener and every connection at once (a pending stall is not waited for), then
  // joins the I/O thread.
  ~FaultProxy();

  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  std::uint16_t port() const;

  // Applies to connections accepted after the call; connections already open keep their fault.
  void SetPlan(FaultPlan plan);
  // Sends connections accepted after the call to a new port on the same host (e.g. after the hub
  // restarted); connections already open stay where they are.
  void SetTarget(std::uint16_t target_port);

  // Client connections accepted so far, whatever their fault.
  std::size_t connections() const;
  // Bytes passed on in each direction, counted when the proxy hands them to the receiving socket:
  // once a client has read a byte from the proxy, bytes_down() already includes it.
  std::size_t bytes_up() const;    // client -> server
  std::size_t bytes_down() const;  // server -> client

  // Cuts every connection the proxy has accepted (a link drop) and returns once they are closed.
  // Both peers see the connection end; the listener stays open for new connections.
  void CloseAll();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tongban::test
