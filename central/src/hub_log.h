// The hub's log, hub.log in the data folder and standard error: JSON lines
// (sync/json_log.h) that carry the id of the request being handled.
#pragma once

#include "tongban/sync/http.h"

#include <spdlog/spdlog.h>
#include <string>
#include <string_view>

#include "tongban/status.h"
#include "tongban/sync/json_log.h"

namespace tongban::central {

// Opens the log in `data_dir` once per process.
Status OpenHubLog(const std::string& data_dir);

// A request's id for its log lines: the node's own (X-Tongban-Request-Id) when it is a
// fit one, otherwise one made at admission.
std::string RequestIdOf(const sync::HttpRequest& request);

// The id of the request this thread is handling ("" outside one): every line it logs
// carries it. Set for the time a RequestScope lives.
class RequestScope {
 public:
  explicit RequestScope(std::string id);
  ~RequestScope();
  RequestScope(const RequestScope&) = delete;
  RequestScope& operator=(const RequestScope&) = delete;
  static const std::string& Current();

 private:
  std::string previous_;
};

// One line of the hub's log, with the current request's id:
//   LogLine(spdlog::level::info, "push").With("node", code).With("applied", n);
class LogLine : public sync::JsonLine {
 public:
  LogLine(spdlog::level::level_enum level, std::string_view event);
};

}  // namespace tongban::central
