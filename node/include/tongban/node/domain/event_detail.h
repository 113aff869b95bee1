// What a timeline event (case_events) says beyond its action and statuses, kept as
// data: synced records hold kinds and data, never prose. The detail column holds a
// JSON object whose fields depend on the action; the desk and the CLI render it in
// their language (tongban_messages, RenderEventDetail). A reason or note a person typed
// stays their text: it is a field here, or the whole detail of a transition.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace tongban::node {

// The fields each action's detail holds:
//   intake             green (reason, optional), proxy (agent's name, optional),
//                      legacy_no (an imported case's number in the legacy system, optional)
//   materials          materials: {code: state name}
//   reroute            to (office code), reason
//   update_phone       phone (masked)
//   scan               material, file (optional), bytes, sha (first 12 hex digits)
//   rating             score, rectify_due ("YYYY-MM-DD", optional)
//   deadline_recomputed reason, from, to (due dates as shown)
//   appointment        at (Unix ms of the booked slot)
//   shipment           direction (in | out), carrier, waybill; or waybill, state (a move)
std::string EventDetail(const nlohmann::json& fields);

// A size as people read it: "812 B", "340.0 KiB", "1.2 MiB".
std::string HumanSize(std::uint64_t bytes);

}  // namespace tongban::node
