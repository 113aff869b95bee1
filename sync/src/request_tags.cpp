#include "tongban/sync/request_tags.h"

#include <sodium.h>

namespace tongban::sync {

TaggingTransport::TaggingTransport(Transport& inner, WallClock& clock) : inner_(inner), clock_(clock) {
  NewRound();
}

std::string RandomHex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : raw) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

const std::string& TaggingTransport::NewRound() {
  round_ = RandomHex(6);
  sent_ = 0;
  return round_;
}

HttpRequest TaggingTransport::Tagged(const HttpRequest& request) {
  HttpRequest tagged = request;
  tagged.headers[kVersionHeader] = std::string(kSoftwareVersion);
  tagged.headers[kClockHeader] = std::to_string(clock_.NowMillis());
  tagged.headers[kRequestIdHeader] = round_ + "-" + std::to_string(++sent_);
  return tagged;
}

Result<HttpResponse> TaggingTransport::Send(const HttpRequest& request) {
  return inner_.Send(Tagged(request));
}

Result<HttpResponse> TaggingTransport::SendStreamed(const HttpRequest& head, BodyStream& body) {
  return inner_.SendStreamed(Tagged(head), body);
}

}  // namespace tongban::sync
