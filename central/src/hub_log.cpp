#include "hub_log.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

namespace tongban::central {
namespace {

constexpr MessageDef kLogOpen{"hub.log_open", "cannot open the hub log: {0}"};

thread_local std::string current_request;

std::shared_ptr<spdlog::logger> Logger() {
  auto l = spdlog::get("hub");
  return l ? l : spdlog::default_logger();
}

}  // namespace

Status OpenHubLog(const std::string& data_dir) {
  if (spdlog::get("hub")) return Status::Ok();
  try {
    auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(data_dir + "/hub.log");
    auto err = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    auto logger = std::make_shared<spdlog::logger>("hub", spdlog::sinks_init_list{file, err});
    // The message is the inside of a JSON object (LogLine): the line is one whole object.
    logger->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l",%v})");
    logger->flush_on(spdlog::level::info);
    spdlog::register_logger(logger);
  } catch (const spdlog::spdlog_ex& e) {
    return Status(ErrorCode::kIoError, kLogOpen, {e.what()});
  }
  return Status::Ok();
}

RequestScope::RequestScope(std::string id) : previous_(std::exchange(current_request, std::move(id))) {}
RequestScope::~RequestScope() { current_request = std::move(previous_); }
const std::string& RequestScope::Current() { return current_request; }

LogLine::LogLine(spdlog::level::level_enum level, std::string_view event) : level_(level) {
  fields_["event"] = event;
  if (!current_request.empty()) fields_["request_id"] = current_request;
}

LogLine::~LogLine() {
  auto logger = Logger();
  if (!logger->should_log(level_)) return;
  // Invalid UTF-8 (a node's bytes) is replaced, never a reason to lose the line.
  const std::string object = fields_.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  logger->log(level_, "{}", std::string_view(object).substr(1, object.size() - 2));
}

}  // namespace tongban::central
