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

// A request to the hub made as `node`, authenticated with the secret it enrolled with.
inline HttpRequest NodeRequest(std::string method, std::string target, const std::string& node,
                               const std::string& secret) {
  HttpRequest req{std::move(method), std::move(target), {}, "", "", ""};
  req.headers["authorization"] = "Bearer " + secret;
  req.headers["x-tongban-node"] = node;
  return req;
}

// The node's way to reach the hub. Implementations must be safe to call again
// after any failure; a failure is a Status (unreachable, timeout, stalled), an
// HTTP error status is a response.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

}  // namespace tongban::sync
