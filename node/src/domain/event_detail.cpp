#include "tongban/node/domain/event_detail.h"

#include <cstdio>

namespace tongban::node {

std::string EventDetail(const nlohmann::json& fields) {
  // Compact, and never throwing on a name someone typed in broken UTF-8.
  return fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string HumanSize(std::uint64_t bytes) {
  char buf[32];
  if (bytes < 1024) std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(bytes));
  else if (bytes < (1u << 20)) std::snprintf(buf, sizeof buf, "%.1f KiB", bytes / 1024.0);
  else std::snprintf(buf, sizeof buf, "%.1f MiB", bytes / 1048576.0);
  return buf;
}

}  // namespace tongban::node
