// What the hub said about this node's changes, in words for a clerk or an admin.
//
// The hub and the node's store keep codes with arguments (docs/protocol.md,
// "Refusals and holds"); the desk and the CLI render them here, Chinese by
// default. Pure functions: no I/O, no locale of the process.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tongban/node/messages/language.h"

namespace tongban::node {

// Why the hub refused or held one change: code and arguments as the hub sent them.
// An unknown code (a newer hub) is named as it is.
std::string RenderHubNote(std::string_view code, const std::vector<std::string>& args,
                          Language lang);

// The line a sync round ends with while a change waits at the hub.
std::string RenderHeld(std::int64_t seq, std::string_view code,
                       const std::vector<std::string>& args, Language lang);

// A change the hub refused for good: it is not sent again.
std::string RenderRefused(std::int64_t seq, std::string_view code,
                          const std::vector<std::string>& args, Language lang);

// This station's clock against the hub's (offset = this clock minus the hub's), with
// what to do about it.
std::string RenderClockOffset(std::int64_t offset_ms, Language lang);

// The hub speaks a newer replication schema (`hub_schema`) than this station (`ours`):
// sync goes on in the version they share, and the station's software has an update due.
std::string RenderUpdateDue(int hub_schema, int ours, Language lang);

// Unsent changes that took fresh timestamps from corrected time.
std::string RenderRestamped(std::int64_t count, Language lang);

// What one sync round did, in figures (from the sync and scan summaries and the timers).
struct RoundFigures {
  std::int64_t pushed = 0;
  std::int64_t duplicates = 0;  // of those, already at the hub
  std::int64_t pulled = 0;
  std::int64_t conflicts = 0;  // opened by this round
  std::int64_t refused = 0;
  std::int64_t open_conflicts = 0;
  int scans_sent = 0;
  int scans_fetched = 0;
  int scans_waiting = 0;  // named by a case here, not at the hub yet
  int scans_refused = 0;
  int escalated = 0;  // overdue timers escalated before the push
};

// The one line a sync round ends with: figures that are zero stay out, but for the
// changes each way and the open conflicts.
std::string RenderRoundSummary(const RoundFigures& f, Language lang);

// A replicated table by what a clerk calls it ("办件", "材料").
std::string RenderTable(std::string_view table, Language lang);

}  // namespace tongban::node
