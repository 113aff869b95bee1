#include "hub_log.h"

namespace tongban::central {
namespace {

thread_local std::string current_request;

std::shared_ptr<spdlog::logger> Logger() {
  auto l = spdlog::get("hub");
  return l ? l : spdlog::default_logger();
}

}  // namespace

Status OpenHubLog(const std::string& data_dir) {
  if (spdlog::get("hub")) return Status::Ok();
  TB_ASSIGN_OR_RETURN(auto logger, sync::OpenJsonLog("hub", data_dir + "/hub.log", /*also_stderr=*/true));
  spdlog::register_logger(logger);
  return Status::Ok();
}

RequestScope::RequestScope(std::string id) : previous_(std::exchange(current_request, std::move(id))) {}
RequestScope::~RequestScope() { current_request = std::move(previous_); }
const std::string& RequestScope::Current() { return current_request; }

LogLine::LogLine(spdlog::level::level_enum level, std::string_view event)
    : sync::JsonLine(Logger(), level, event, current_request) {}

}  // namespace tongban::central
