// Plain HTTP message values shared by the node's client transport and the hub's
// server. No I/O here: transports and servers live elsewhere.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "tongban/status.h"

namespace tongban::sync {

// Signs a streamed body's frames as its writer makes them (push_stream.h).
class StreamSigner {
 public:
  virtual ~StreamSigner() = default;
  virtual Result<std::string> Sign(std::string_view text) const = 0;
};

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

// The body of a streamed request, written while its answer arrives (the streamed push,
// push_stream.h). Called on the thread that sends.
class BodyStream {
 public:
  virtual ~BodyStream() = default;
  // Up to `max` bytes of body into `out`; returns how many. 0 with `ended` false: nothing
  // yet, ask again after the next Received; 0 with `ended` true: the body is complete.
  virtual std::size_t Produce(char* out, std::size_t max, bool& ended) = 0;
  // Bytes of a 200 answer's body as they arrive (another status's body goes to the response).
  virtual void Received(std::string_view bytes) = 0;
};

// The node's way to reach the hub. Implementations must be safe to call again
// after any failure; a failure is a Status (unreachable, timeout, stalled), an
// HTTP error status is a response.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
  // Whether SendStreamed works; a transport that cannot stream leaves callers to Send.
  virtual bool streams() const { return false; }
  // Sends `head` (its body unused) with the body `body` writes, handing the answer to it
  // as it arrives. The response's body is empty for status 200.
  virtual Result<HttpResponse> SendStreamed(const HttpRequest& head, BodyStream& body);
  // What signs the requests this transport sends, if anything: a streamed body's writer
  // signs its frames with it (push_stream.h).
  virtual const StreamSigner* signer() const { return nullptr; }
};

}  // namespace tongban::sync
