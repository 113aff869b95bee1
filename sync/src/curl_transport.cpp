#include "tongban/sync/curl_transport.h"

#include <curl/curl.h>
#include <sys/socket.h>

#include <unistd.h>

#include <cerrno>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <set>

namespace tongban::sync {
namespace {

constexpr MessageDef kUrlScheme{"sync.hub_url_scheme",
                                "hub address '{0}' must start with http:// or https://"};
constexpr MessageDef kUrlPlain{"sync.hub_url_plain",
                               "plain HTTP is allowed only to a hub on this machine; use https:// "
                               "for {0}"};
constexpr MessageDef kCancelled{"sync.request_cancelled", "{0}: cancelled"};
constexpr MessageDef kTimedOut{"sync.hub_timed_out", "{0}: the transfer stalled or timed out"};
constexpr MessageDef kUnreachable{"sync.hub_unreachable", "{0}: hub unreachable (connection refused)"};
constexpr MessageDef kPinMismatch{"sync.hub_pin_mismatch",
                                  "{0}: hub certificate does not match the pinned key"};
constexpr MessageDef kTransferFailed{"sync.hub_transfer_failed", "{0}: {1}"};
constexpr MessageDef kHubClosed{"sync.hub_closed", "{0}: the hub closed the connection mid-request"};

std::size_t OnBody(char* data, std::size_t size, std::size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

// A streamed request under way: its body comes from `body` as the hub takes it, and a
// 200 answer goes to `body` as it arrives. Sending pauses while the body has nothing to
// give (it waits for acknowledgements) and resumes after the next bytes of the answer.
struct Streaming {
  CURL* curl;
  BodyStream* body;
  HttpResponse* response;
  const std::atomic<bool>* cancel;
  const std::set<int>* sockets;  // the transport's open sockets
  std::chrono::seconds stall;     // nothing either way this long: the link is dead
  bool paused = false;
  std::chrono::steady_clock::time_point paused_at;
  std::chrono::steady_clock::time_point last_moved = std::chrono::steady_clock::now();
  bool peer_closed = false;
  bool stalled = false;
};

std::size_t OnStreamRead(char* out, std::size_t size, std::size_t n, void* user) {
  auto* s = static_cast<Streaming*>(user);
  bool ended = false;
  const std::size_t got = s->body->Produce(out, size * n, ended);
  if (got > 0) s->last_moved = std::chrono::steady_clock::now();
  if (got > 0 || ended) return got;
  s->paused = true;
  s->paused_at = std::chrono::steady_clock::now();
  return CURL_READFUNC_PAUSE;
}

std::size_t OnStreamAnswer(char* data, std::size_t size, std::size_t n, void* user) {
  auto* s = static_cast<Streaming*>(user);
  long code = 0;
  curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &code);
  if (code != 200) {
    s->response->body.append(data, size * n);
    return size * n;
  }
  s->body->Received(std::string_view(data, size * n));
  s->last_moved = std::chrono::steady_clock::now();
  if (s->paused) {
    s->paused = false;
    curl_easy_pause(s->curl, CURLPAUSE_CONT);
  }
  return size * n;
}

std::size_t OnHeader(char* data, std::size_t size, std::size_t n, void* user) {
  auto* headers = static_cast<std::map<std::string, std::string>*>(user);
  std::string line(data, size * n);
  const auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string key = line.substr(0, colon);
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string value = line.substr(colon + 1);
    const auto b = value.find_first_not_of(" \t");
    const auto e = value.find_last_not_of(" \t\r\n");
    (*headers)[key] = b == std::string::npos ? "" : value.substr(b, e - b + 1);
  }
  return size * n;
}

// libcurl calls this at least about once a second, also while the hub is silent;
// non-zero aborts the transfer with CURLE_ABORTED_BY_CALLBACK.
int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const std::atomic<bool>*>(user)->load() ? 1 : 0;
}

// The same for a streamed request, which also ends when the hub closed the connection
// while sending waits for its acknowledgements: libcurl would otherwise wait, paused,
// until the link counts as stalled.
int OnStreamProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* s = static_cast<Streaming*>(user);
  if (s->cancel && s->cancel->load()) return 1;
  if (!s->paused) return 0;
  // A refusal is under way (the hub answered before the body ended): libcurl finishes it.
  long code = 0;
  curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &code);
  if (code != 0 && code != 200) return 0;
  const auto now = std::chrono::steady_clock::now();
  // Paused means connected and sending: with every socket closed or at its end, the hub
  // is gone (libcurl would wait, paused, for the stall limit).
  bool alive = false;
  for (const int fd : *s->sockets) {
    char byte;
    const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    alive |= n > 0 || (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR));
  }
  if (!alive) {
    s->peer_closed = true;
    return 1;
  }
  // Unpausing resets libcurl's own stall clock, so this one counts instead.
  if (now - s->last_moved >= s->stall) {
    s->stalled = true;
    return 1;
  }
  // The body may want to end although nothing arrived (BodyStream::Produce): ask it again.
  if (now - s->paused_at >= std::chrono::seconds(1)) {
    s->paused = false;
    curl_easy_pause(s->curl, CURLPAUSE_CONT);
  }
  return 0;
}

// The transport's sockets, opened and closed through these so a streamed request can
// look at its connection (OnStreamProgress).
curl_socket_t OnOpenSocket(void* user, curlsocktype, curl_sockaddr* address) {
  const int fd = ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
  if (fd < 0) return CURL_SOCKET_BAD;
  static_cast<std::set<int>*>(user)->insert(fd);
  return fd;
}

int OnCloseSocket(void* user, curl_socket_t fd) {
  static_cast<std::set<int>*>(user)->erase(fd);
  return ::close(fd);
}

std::string HostOf(const std::string& url) {
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  std::string rest = url.substr(start);
  rest = rest.substr(0, rest.find('/'));
  if (!rest.empty() && rest[0] == '[') return rest.substr(1, rest.find(']') - 1);
  return rest.substr(0, rest.find(':'));
}

}  // namespace

bool IsLoopbackHost(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

CurlTransport::CurlTransport(CurlOptions options) : options_(std::move(options)) {}

CurlTransport::~CurlTransport() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

Result<std::unique_ptr<CurlTransport>> CurlTransport::Create(const CurlOptions& options) {
  static std::once_flag init;
  std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  const bool https = options.base_url.rfind("https://", 0) == 0;
  const bool http = options.base_url.rfind("http://", 0) == 0;
  if (!https && !http)
    return InvalidArgument(kUrlScheme, {options.base_url});
  if (http && !IsLoopbackHost(HostOf(options.base_url)))
    return InvalidArgument(kUrlPlain, {options.base_url});
  std::unique_ptr<CurlTransport> t(new CurlTransport(options));
  t->curl_ = curl_easy_init();
  if (!t->curl_) return Internal("libcurl could not start");
  // Outlives each request: a kept-alive connection is opened by one and used by the next.
  t->sockets_ = std::make_unique<std::set<int>>();
  return t;
}

Result<HttpResponse> CurlTransport::Send(const HttpRequest& request) {
  return Perform(request, nullptr);
}

Result<HttpResponse> CurlTransport::SendStreamed(const HttpRequest& head, BodyStream& body) {
  return Perform(head, &body);
}

Result<HttpResponse> CurlTransport::Perform(const HttpRequest& request, BodyStream* stream) {
  if (options_.cancel && options_.cancel->load())
    return Status(ErrorCode::kCancelled, kCancelled, {request.target});
  CURL* c = static_cast<CURL*>(curl_);
  curl_easy_reset(c);
  HttpResponse response;
  const std::string url = options_.base_url + request.target;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, OnOpenSocket);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, sockets_.get());
  curl_easy_setopt(c, CURLOPT_CLOSESOCKETFUNCTION, OnCloseSocket);
  curl_easy_setopt(c, CURLOPT_CLOSESOCKETDATA, sockets_.get());
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, options_.connect_timeout_s);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, options_.total_timeout_s);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, options_.low_speed_bytes);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, options_.low_speed_seconds);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &response.headers);
  Streaming streaming{c, stream, &response, options_.cancel, sockets_.get(),
                      std::chrono::seconds(std::max(1L, options_.low_speed_seconds))};
  if (stream) {
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, OnStreamProgress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &streaming);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  } else if (options_.cancel) {
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, OnProgress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, options_.cancel);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  }
  if (!options_.pinned_public_key.empty()) {
    curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, options_.pinned_public_key.c_str());
    // A pinned self-signed hub: the pin, not a certificate authority, proves who it is.
    if (options_.ca_file.empty()) {
      curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
      curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    }
  }
  if (!options_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, options_.ca_file.c_str());
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
  if (stream) {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, OnStreamRead);
    curl_easy_setopt(c, CURLOPT_READDATA, &streaming);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnStreamAnswer);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &streaming);
    headers = curl_slist_append(headers, "Transfer-Encoding: chunked");
  } else if (request.method == "POST") {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  } else if (request.method != "GET") {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  for (const auto& [k, v] : request.headers) headers = curl_slist_append(headers, (k + ": " + v).c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  const CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(headers);

  // REQUEST_SIZE already holds request headers and body; HEADER_SIZE only the reply's headers.
  long request_size = 0, header_size = 0;
  curl_off_t down = 0, up = 0;
  curl_easy_getinfo(c, CURLINFO_REQUEST_SIZE, &request_size);
  curl_easy_getinfo(c, CURLINFO_HEADER_SIZE, &header_size);
  curl_easy_getinfo(c, CURLINFO_SIZE_DOWNLOAD_T, &down);
  curl_easy_getinfo(c, CURLINFO_SIZE_UPLOAD_T, &up);
  sent_ += static_cast<std::uint64_t>(request_size);
  if (stream) sent_ += static_cast<std::uint64_t>(up);  // REQUEST_SIZE holds only its head
  received_ += static_cast<std::uint64_t>(header_size + down);

  if (rc == CURLE_ABORTED_BY_CALLBACK && streaming.peer_closed)
    return Status(ErrorCode::kUnavailable, kHubClosed, {request.target});
  if (rc == CURLE_ABORTED_BY_CALLBACK && streaming.stalled)
    return Status(ErrorCode::kUnavailable, kTimedOut, {request.target});
  if (rc == CURLE_ABORTED_BY_CALLBACK)
    return Status(ErrorCode::kCancelled, kCancelled, {request.target});
  if (rc != CURLE_OK) {
    // libcurl's own words for the rest, kept as an argument.
    const MessageDef& why = rc == CURLE_OPERATION_TIMEDOUT        ? kTimedOut
                            : rc == CURLE_COULDNT_CONNECT          ? kUnreachable
                            : rc == CURLE_SSL_PINNEDPUBKEYNOTMATCH ? kPinMismatch
                                                                   : kTransferFailed;
    return Status(ErrorCode::kUnavailable, why, {request.target, curl_easy_strerror(rc)});
  }
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  response.status = static_cast<int>(code);
  return response;
}

}  // namespace tongban::sync
