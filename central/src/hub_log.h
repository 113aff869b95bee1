// The hub's log: one JSON object per line (time, level, event, the request's id, then the
// event's fields), so county IT greps or loads it without parsing prose. Written to
// hub.log in the data folder and to standard error.
#pragma once

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <string>
#include <string_view>

#include "tongban/status.h"

namespace tongban::central {

// Opens the log in `data_dir` once per process.
Status OpenHubLog(const std::string& data_dir);

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

// One line, written when the statement ends:
//   LogLine(spdlog::level::info, "push").With("node", code).With("applied", n);
class LogLine {
 public:
  LogLine(spdlog::level::level_enum level, std::string_view event);
  ~LogLine();
  LogLine(const LogLine&) = delete;
  LogLine& operator=(const LogLine&) = delete;
  template <class T>
  LogLine& With(std::string_view key, T&& value) {
    fields_[std::string(key)] = std::forward<T>(value);
    return *this;
  }

 private:
  spdlog::level::level_enum level_;
  nlohmann::ordered_json fields_;
};

}  // namespace tongban::central
