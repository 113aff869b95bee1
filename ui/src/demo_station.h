// A sample station database for trying the desk and taking screenshots
// without a hub: the real NodeStore, the shipped sample catalog, a clerk, and
// a morning's cases (one on the green channel, one with a tolerated material,
// one overdue, one close to its deadline), optionally plus many generated
// older cases for scrolling and search trials.
#pragma once

#include <string>

#include "tongban/status.h"

namespace tongban::desk {

struct DemoStation {
  std::string db;  // DIR/station.db
  std::string clerk_login = "wangli";
  std::string clerk_password = "demo-clerk-pass";
  std::string admin_login = "admin";
  std::string admin_password = "demo-admin-pass";
  std::string tolerated_case;  // a case received today that owes a material
};

// Creates DIR (if needed) and DIR/station.db, replacing an earlier demo
// database there. `extra_cases` older cases are imported in bulk (at most 1,000,000).
Result<DemoStation> CreateDemoStation(const std::string& dir, int extra_cases = 0);

// A valid resident ID (GB 11643) for area code, birth date "YYYYMMDD" and sequence 1..999.
std::string DemoResidentId(const std::string& area, const std::string& birth, int sequence);

}  // namespace tongban::desk
