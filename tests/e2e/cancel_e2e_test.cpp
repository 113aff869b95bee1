// Cancelling a request to the hub: CurlTransport with CurlOptions::cancel, a real
// hub behind a fault proxy that answers nothing. A request under way ends within
// about a second of the flag, with kCancelled; once the flag is set, nothing is sent.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>

#include "fault_proxy.h"
#include "hub_process.h"
#include "test_support.h"
#include "tongban/sync/curl_transport.h"

using namespace tongban;
using namespace std::chrono_literals;

TEST_CASE("a cancelled request to a silent hub ends within about a second") {
  test::TempDir dir;
  tools::HubProcess hub(TONGBAN_CENTRAL, dir.File("hub"));
  REQUIRE(hub.Start(0));
  test::FaultProxy proxy("127.0.0.1", static_cast<std::uint16_t>(hub.port()));
  proxy.SetPlan({test::Fault::kStallReply, 0, 60s});

  std::atomic<bool> cancel{false};
  sync::CurlOptions options{"http://127.0.0.1:" + std::to_string(proxy.port())};
  options.cancel = &cancel;
  auto transport = sync::CurlTransport::Create(options);
  REQUIRE(transport.ok());

  std::chrono::steady_clock::time_point cancelled_at;
  std::thread canceller([&] {
    // Once the request is at the proxy, so curl waits for a reply that does not come.
    for (int i = 0; i < 1000 && proxy.bytes_up() == 0; ++i) std::this_thread::sleep_for(10ms);
    std::this_thread::sleep_for(300ms);
    cancelled_at = std::chrono::steady_clock::now();
    cancel = true;
  });
  auto r = (*transport)->Send({"GET", "/v1/hello", {}, "", ""});
  const auto ended = std::chrono::steady_clock::now();
  canceller.join();
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == ErrorCode::kCancelled);
  CHECK(ended - cancelled_at < 1500ms);  // the stall limit would be 20 s, the proxy's 60 s

  const auto connections = proxy.connections();
  const auto sent = proxy.bytes_up();
  auto again = (*transport)->Send({"GET", "/v1/hello", {}, "", ""});
  CHECK(again.status().code() == ErrorCode::kCancelled);
  CHECK(proxy.connections() == connections);
  CHECK(proxy.bytes_up() == sent);
}
