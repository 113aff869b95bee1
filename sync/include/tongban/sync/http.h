// Plain HTTP message values shared by the node's client transport and the hub's
// server. No I/O here: transports and servers live elsewhere.
#pragma once

#include <map>
#include <string>

#include "tongban/status.h"

namespace tongban::sync {

struct HttpRequest {
  std::string method = "POST";
  std::string target;                          // "/v1/push"
  std::map<std::string, std::string> headers;  // keys in lowercase
  std::string body;
  std::string peer;       // remote address, filled in by the server
  std::string principal;  // who the server's admit step authenticated (never from the wire)
};

struct HttpResponse {
  int status = 200;
  std::map<std::string, std::string> headers;  // keys in lowercase
  std::string body;
};

// The node's way to reach the hub. Implementations must be safe to call again
// after any failure; a failure is a Status (unreachable, timeout, stalled), an
// HTTP error status is a response.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

}  // namespace tongban::sync
