// Many stations at once, against the real hub process: a flood of slow connections from
// one address never makes another station's sync fail.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "e2e_support.h"

using namespace tongban;
using namespace tongban::test;

namespace {

constexpr const char* kElderly = "高龄津贴申领";

// Connections from one loopback address (127.0.0.2) that each send a request one byte a
// second and never finish it, as a broken or hostile client would.
class SlowFlood {
 public:
  SlowFlood(int port, int connections) {
    hub_.sin_family = AF_INET;
    hub_.sin_port = htons(static_cast<std::uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &hub_.sin_addr);
    from_.sin_family = AF_INET;
    inet_pton(AF_INET, "127.0.0.2", &from_.sin_addr);
    for (int i = 0; i < connections; ++i)
      if (const int fd = Connect(); fd >= 0) fds_.push_back(fd);
    // One byte a second on each; a connection the hub closed comes back at once, in waves.
    dripper_ = std::thread([this] {
      const std::string request = "POST /v1/push HTTP/1.1\r\nHost: hub\r\nContent-Length: 1000\r\n";
      for (std::size_t at = 0; !stop_; at = (at + 1) % request.size()) {
        for (int& fd : fds_) {
          char b;
          if (fd >= 0 && ::recv(fd, &b, 1, MSG_DONTWAIT) != 0 &&
              ::send(fd, &request[at], 1, MSG_NOSIGNAL | MSG_DONTWAIT) == 1)
            continue;
          if (fd >= 0) ::close(fd);
          fd = Connect();
          ++reconnects_;
        }
        for (int i = 0; i < 10 && !stop_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
  }
  ~SlowFlood() {
    stop_ = true;
    dripper_.join();
    for (int fd : fds_)
      if (fd >= 0) ::close(fd);
  }
  std::size_t connected() const { return fds_.size(); }
  int reconnects() const { return reconnects_; }

 private:
  int Connect() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&from_), sizeof from_) != 0 ||
        ::connect(fd, reinterpret_cast<sockaddr*>(&hub_), sizeof hub_) != 0) {
      ::close(fd);
      return -1;
    }
    return fd;
  }

  sockaddr_in hub_{}, from_{};
  std::vector<int> fds_;
  std::atomic<bool> stop_{false};
  std::atomic<int> reconnects_{0};
  std::thread dripper_;
};

}  // namespace

TEST_CASE("600 slow connections from one address never make another station's sync fail") {
  Hub hub;
  Node station(hub, "QS-JX01");
  Node township(hub, "QS-JX", "township", "");
  Synced(township);
  {
    SlowFlood flood(hub.process().port(), 600);
    REQUIRE(flood.connected() >= 590);
    // Waves of it, for longer than a request's header deadline: every round succeeds.
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(12);
    int rounds = 0;
    while (std::chrono::steady_clock::now() < until) {
      station.Receive(kElderly);
      auto round = station.Sync();
      INFO("round " << rounds << ": " << (round.ok() ? "ok" : round.status().message()));
      REQUIRE(round.ok());
      Synced(township);
      ++rounds;
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    CHECK(rounds >= 5);
    CHECK(flood.reconnects() >= 600);  // the hub cut the first wave, and more came
  }
  CHECK(station.Digest() == station.HubDigest());
  CHECK(township.Digest() == township.HubDigest());
}
