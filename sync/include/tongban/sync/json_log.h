// Logs of one JSON object per line (time, level, event, request id, then the event's
// fields), so county IT greps or loads them without parsing prose: the hub's hub.log
// and each station's sync log are written through this.
#pragma once

#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <string>
#include <string_view>

#include "tongban/status.h"

namespace tongban::sync {

// A logger writing to `path` (appended; with `rotate_bytes`, kept under that size with
// one older file beside, PATH.1) and, with `also_stderr`, to standard error.
Result<std::shared_ptr<spdlog::logger>> OpenJsonLog(const std::string& name, const std::string& path,
                                                    bool also_stderr, std::size_t rotate_bytes = 0);

// One line, written when the statement ends:
//   JsonLine(log, spdlog::level::info, "push").With("node", code).With("applied", n);
// A null logger writes nothing. Invalid UTF-8 in a value is replaced, never a lost line.
class JsonLine {
 public:
  JsonLine(std::shared_ptr<spdlog::logger> logger, spdlog::level::level_enum level,
           std::string_view event, std::string_view request_id = {});
  ~JsonLine();
  JsonLine(const JsonLine&) = delete;
  JsonLine& operator=(const JsonLine&) = delete;
  template <class T>
  JsonLine& With(std::string_view key, T&& value) {
    fields_[std::string(key)] = std::forward<T>(value);
    return *this;
  }

 private:
  std::shared_ptr<spdlog::logger> logger_;
  spdlog::level::level_enum level_;
  nlohmann::ordered_json fields_;
};

}  // namespace tongban::sync
