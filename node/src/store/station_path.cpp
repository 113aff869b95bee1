#include "tongban/node/store/station_path.h"

#include <cstdlib>

namespace tongban::node {

std::string DefaultStationPath() {
  auto env = [](const char* name) -> std::string {
    const char* v = std::getenv(name);
    return v ? v : "";
  };
  if (std::string db = env("TONGBAN_DB"); !db.empty()) return db;
  // XDG: a relative XDG_DATA_HOME is invalid and ignored.
  if (std::string data = env("XDG_DATA_HOME"); !data.empty() && data.front() == '/')
    return data + "/tongban/station.db";
  if (std::string home = env("HOME"); !home.empty()) return home + "/.local/share/tongban/station.db";
  return "";
}

}  // namespace tongban::node
