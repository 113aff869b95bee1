// HTTPS with a pinned, self-signed hub certificate; plain HTTP only on loopback.
#include <catch2/catch.hpp>

#include "e2e_support.h"
#include "tongban/sync/curl_transport.h"

using namespace tongban;
using namespace tongban::test;

TEST_CASE("nodes sync over TLS with the hub's key pinned") {
  Hub hub(/*tls=*/true);
  REQUIRE(hub.url().rfind("https://", 0) == 0);
  Node station(hub, "QS-JX01", "station", "QS-JX", {hub.url(), hub.pin()});
  station.Receive("高龄津贴申领");
  auto r = station.Sync();
  INFO(r.status().message());
  REQUIRE(r.ok());
  CHECK(station.Digest() == station.HubDigest());

  // A different pin (another key, as a man in the middle would have) is refused.
  REQUIRE(station.store().SetMeta("hub_pin", "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=").ok());
  station.Reconnect(hub.url());
  auto refused = station.Sync();
  CHECK(refused.status().code() == ErrorCode::kUnavailable);
  CHECK_THAT(refused.status().message(), Catch::Contains("pinned"));
}

TEST_CASE("plain HTTP is refused for a hub that is not on this machine") {
  auto t = sync::CurlTransport::Create({"http://192.0.2.10:8610"});
  CHECK(t.status().code() == ErrorCode::kInvalidArgument);
  CHECK_THAT(t.status().message(), Catch::Contains("use https://"));
  CHECK(sync::CurlTransport::Create({"http://127.0.0.1:8610"}).ok());
  CHECK(sync::CurlTransport::Create({"https://192.0.2.10:8610"}).ok());
}
