// What central admins do with the replicated records beyond conflicts: supervise
// overdue timers (超时问责), read service figures for the county, and publish the
// catalog and working-day calendars to every node.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "tongban/central/hub.h"
#include "tongban/status.h"

namespace tongban::central {

struct HubEscalation {
  std::string case_no;
  std::string kind;     // case_overdue | commitment_overdue | rectification_overdue
  std::string office;   // node answerable for it
  std::string station;  // receiving station of the case
  std::string item_name;
  Millis due = 0;
  std::string due_unit;  // how `due` reads: the case's unit, or workday for commitments
  bool open = true;
  std::string note;
};
// Escalations the nodes have raised, oldest due first.
Result<std::vector<HubEscalation>> ListEscalations(Hub& hub, bool open_only);

// County figures for cases received in [from, to), as the node's `tongban stats` shows them.
struct CountyFigures {
  Millis from = 0, to = 0;
  std::int64_t received = 0, accepted = 0, closed = 0, overdue = 0, green = 0;
  std::map<std::string, std::int64_t> by_channel, by_station, by_office, by_status;
  std::map<int, std::int64_t> ratings;  // score 1..5 -> count, ratings given in the period
  double rating_average = 0;
  std::int64_t escalations_open = 0;
};
Result<CountyFigures> ServiceFigures(Hub& hub, Millis from, Millis to, Millis now);

nlohmann::json EscalationJson(const HubEscalation& e);
nlohmann::json FiguresJson(const CountyFigures& f);

// Publishes a tongban-catalog/1 text: new items, new versions of changed items.
struct CatalogPublished {
  int added = 0, updated = 0, unchanged = 0;
};
Result<CatalogPublished> PublishCatalog(Hub& hub, std::string_view catalog_json);

// Publishes a tongban-calendar/1 text under `name` (publishing the same name again
// replaces it). `applies_to`: comma-separated node codes, empty for every node. Nodes
// recompute their open deadlines when it arrives.
Status PublishCalendar(Hub& hub, const std::string& name, const std::string& applies_to,
                       std::string_view calendar_json, Millis now);

}  // namespace tongban::central
