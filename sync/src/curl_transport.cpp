#include "tongban/sync/curl_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <mutex>

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

std::size_t OnBody(char* data, std::size_t size, std::size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
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
  return t;
}

Result<HttpResponse> CurlTransport::Send(const HttpRequest& request) {
  if (options_.cancel && options_.cancel->load())
    return Status(ErrorCode::kCancelled, kCancelled, {request.target});
  CURL* c = static_cast<CURL*>(curl_);
  curl_easy_reset(c);
  HttpResponse response;
  const std::string url = options_.base_url + request.target;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, options_.connect_timeout_s);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, options_.total_timeout_s);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, options_.low_speed_bytes);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, options_.low_speed_seconds);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &response.headers);
  if (options_.cancel) {
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
  if (request.method == "POST") {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  } else if (request.method != "GET") {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
  for (const auto& [k, v] : request.headers) headers = curl_slist_append(headers, (k + ": " + v).c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  const CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(headers);

  // REQUEST_SIZE already holds request headers and body; HEADER_SIZE only the reply's headers.
  long request_size = 0, header_size = 0;
  curl_off_t down = 0;
  curl_easy_getinfo(c, CURLINFO_REQUEST_SIZE, &request_size);
  curl_easy_getinfo(c, CURLINFO_HEADER_SIZE, &header_size);
  curl_easy_getinfo(c, CURLINFO_SIZE_DOWNLOAD_T, &down);
  sent_ += static_cast<std::uint64_t>(request_size);
  received_ += static_cast<std::uint64_t>(header_size + down);

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
