// A sample node database for trying the desk and taking screenshots without a
// hub: the real NodeStore, the shipped sample catalog, its staff and a day's work.
//   station   a village station: a morning's cases (one on the green channel, one
//             with a tolerated material, one overdue, one close to its deadline),
//             appointments, materials on their way by post, ratings (one bad),
//             door visits planned for the field laptop; optionally many
//             generated older cases for scrolling and search trials
//   township  the township center: cases received at its own window and worked
//             by its back office (accepted, paused, waiting for a supplement,
//             a result ready and posted), logged in as the processor
//   field     the field laptop: visits planned for today and tomorrow, one made
//             with a case received at the door, one that found nobody home
#pragma once

#include <string>
#include <string_view>

#include "tongban/status.h"

namespace tongban::desk {

enum class DemoKind { kStation, kTownship, kField };
// "station", "township", "field"; InvalidArgument otherwise.
Result<DemoKind> ParseDemoKind(std::string_view name);

struct DemoStation {
  std::string db;  // DIR/station.db
  std::string login;     // who the desk logs in as: the clerk, processor or field worker
  std::string password;
  std::string clerk_login = "wangli";
  std::string clerk_password = "demo-clerk-pass";
  std::string admin_login = "admin";
  std::string admin_password = "demo-admin-pass";
  std::string tolerated_case;  // a case received today that owes a material
  std::string rated_case;      // a case closed and rated (station)
  std::string unrated_case;    // a case closed at the window, not yet rated (station)
};

// Creates DIR (if needed) and DIR/station.db, replacing an earlier demo
// database there. `extra_cases` older cases are imported in bulk (at most 1,000,000).
Result<DemoStation> CreateDemoStation(const std::string& dir, int extra_cases = 0,
                                      DemoKind kind = DemoKind::kStation);

// A valid resident ID (GB 11643) for area code, birth date "YYYYMMDD" and sequence 1..999.
std::string DemoResidentId(const std::string& area, const std::string& birth, int sequence);

}  // namespace tongban::desk
