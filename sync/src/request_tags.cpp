#include "tongban/sync/request_tags.h"

#include <sodium.h>

namespace tongban::sync {

TaggingTransport::TaggingTransport(Transport& inner, WallClock& clock) : inner_(inner), clock_(clock) {
  NewRound();
}

const std::string& TaggingTransport::NewRound() {
  unsigned char raw[6];
  randombytes_buf(raw, sizeof raw);
  static constexpr char kHex[] = "0123456789abcdef";
  round_.clear();
  for (unsigned char b : raw) {
    round_ += kHex[b >> 4];
    round_ += kHex[b & 15];
  }
  sent_ = 0;
  return round_;
}

Result<HttpResponse> TaggingTransport::Send(const HttpRequest& request) {
  HttpRequest tagged = request;
  tagged.headers[kVersionHeader] = std::string(kSoftwareVersion);
  tagged.headers[kClockHeader] = std::to_string(clock_.NowMillis());
  tagged.headers[kRequestIdHeader] = round_ + "-" + std::to_string(++sent_);
  return inner_.Send(tagged);
}

}  // namespace tongban::sync
