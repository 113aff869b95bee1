// What a node says of itself with every request: its software version, its wall clock
// and an id for the request. The hub keeps the version and the clock's offset from its
// own for the admin (tongban-central station list) and logs the id with everything the
// request did, so a node's log and the hub's meet.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tongban/sync/http.h"
#include "tongban/sync/hybrid_clock.h"

namespace tongban::sync {

// This build's version (CMake's project version).
inline constexpr std::string_view kSoftwareVersion = TONGBAN_VERSION;

inline constexpr const char* kVersionHeader = "x-tongban-version";
inline constexpr const char* kClockHeader = "x-tongban-clock";  // the node's Unix ms
inline constexpr const char* kRequestIdHeader = "x-tongban-request-id";

// `bytes` random bytes as lower-case hex (request and round ids).
std::string RandomHex(std::size_t bytes);

// Tags every request with those headers before `inner` sends it; requests are numbered
// "<round>-<n>" within a round (NewRound). Outside SigningTransport: the tags are signed.
class TaggingTransport final : public Transport {
 public:
  TaggingTransport(Transport& inner, WallClock& clock);
  // A new round id (random), numbering from 1 again; returns it.
  const std::string& NewRound();
  const std::string& round() const { return round_; }
  Result<HttpResponse> Send(const HttpRequest& request) override;
  bool streams() const override { return inner_.streams(); }
  Result<HttpResponse> SendStreamed(const HttpRequest& head, BodyStream& body) override;
  const StreamSigner* signer() const override { return inner_.signer(); }

 private:
  HttpRequest Tagged(const HttpRequest& request);
  Transport& inner_;
  WallClock& clock_;
  std::string round_;
  std::int64_t sent_ = 0;
};

}  // namespace tongban::sync
