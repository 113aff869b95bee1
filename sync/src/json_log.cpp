#include "tongban/sync/json_log.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

namespace tongban::sync {
namespace {
constexpr MessageDef kLogOpen{"sync.log_open", "cannot open the log {0}: {1}"};
}  // namespace

Result<std::shared_ptr<spdlog::logger>> OpenJsonLog(const std::string& name, const std::string& path,
                                                    bool also_stderr, std::size_t rotate_bytes) {
  try {
    std::vector<spdlog::sink_ptr> sinks;
    if (rotate_bytes > 0)
      sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(path, rotate_bytes, 1));
    else
      sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(path));
    if (also_stderr) sinks.push_back(std::make_shared<spdlog::sinks::stderr_sink_mt>());
    auto logger = std::make_shared<spdlog::logger>(name, sinks.begin(), sinks.end());
    // The message is the inside of a JSON object (JsonLine): the line is one whole object.
    logger->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l",%v})");
    logger->flush_on(spdlog::level::info);
    return logger;
  } catch (const spdlog::spdlog_ex& e) {
    return Status(ErrorCode::kIoError, kLogOpen, {path, e.what()});
  }
}

JsonLine::JsonLine(std::shared_ptr<spdlog::logger> logger, spdlog::level::level_enum level,
                   std::string_view event, std::string_view request_id)
    : logger_(std::move(logger)), level_(level) {
  fields_["event"] = event;
  if (!request_id.empty()) fields_["request_id"] = request_id;
}

JsonLine::~JsonLine() {
  if (!logger_ || !logger_->should_log(level_)) return;
  const std::string object = fields_.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  logger_->log(level_, "{}", std::string_view(object).substr(1, object.size() - 2));
}

}  // namespace tongban::sync
