#include "tongban/central/supervision.h"

#include <sodium.h>

#include <algorithm>
#include <map>

#include "tongban/node/domain/case_state_machine.h"
#include "tongban/node/domain/catalog.h"
#include "tongban/node/domain/service_modes.h"
#include "tongban/node/domain/work_calendar.h"

namespace tongban::central {
namespace {

constexpr MessageDef kCalendarName{"hub.calendar_name",
                                   "a calendar needs a name of 1 to 64 characters"};
constexpr MessageDef kCalendarNoNode{"hub.calendar_no_node", "no node {0} to publish a calendar to"};

using nlohmann::json;
using sync::RowId;

std::string Text(const json& values, const char* col) {
  auto it = values.find(col);
  return it != values.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t Number(const json& values, const char* col) {
  auto it = values.find(col);
  return it != values.end() && it->is_number() ? it->get<std::int64_t>() : 0;
}

std::optional<RowId> Uid(const json& values, const char* col) {
  auto it = values.find(col);
  if (it == values.end() || !it->is_binary() || it->get_binary().size() != 16) return std::nullopt;
  return RowId::FromBytes(it->get_binary().data());
}

// A stable row id for a published record: publishing the same thing twice changes nothing.
RowId PublishedRow(const std::string& key) {
  unsigned char h[16];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                     nullptr, 0);
  return RowId::FromBytes(h);
}

// Comma-separated codes, each trimmed of spaces.
std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char ch : text + ",") {
    if (ch == ',') {
      out.push_back(cur);
      cur.clear();
    } else if (ch != ' ' && ch != '\t') {
      cur += ch;
    }
  }
  return out;
}

RowId CatalogRow(const std::string& impl_code, int version) {
  return PublishedRow("catalog_items:" + impl_code + ":" + std::to_string(version));
}

struct CaseFacts {
  std::string case_no, station, office, item_name, due_unit;
};

Result<std::map<RowId, CaseFacts>> CaseIndex(Hub& hub) {
  std::map<RowId, CaseFacts> cases;
  TB_RETURN_IF_ERROR(hub.ForEachRecord("cases", [&](const RowId& id, const json& v) {
    cases[id] = {Text(v, "case_no"), Text(v, "receiving_station"), Text(v, "processing_office"),
                 Text(v, "item_name"), Text(v, "due_unit")};
    return Status::Ok();
  }));
  return cases;
}

}  // namespace

Result<std::vector<HubEscalation>> ListEscalations(Hub& hub, bool open_only) {
  TB_ASSIGN_OR_RETURN(auto cases, CaseIndex(hub));
  std::vector<HubEscalation> out;
  TB_RETURN_IF_ERROR(hub.ForEachRecord("escalations", [&](const RowId&, const json& v) {
    HubEscalation e;
    e.kind = Text(v, "kind");
    e.office = Text(v, "office");
    e.due = Number(v, "due");
    e.open = Text(v, "state") != "closed";
    e.note = Text(v, "note");
    if (auto c = Uid(v, "case_uid"); c && cases.contains(*c)) {
      const auto& facts = cases[*c];
      e.case_no = facts.case_no;
      e.station = facts.station;
      e.item_name = facts.item_name;
      e.due_unit = e.kind == "case_overdue" ? facts.due_unit : "workday";
    }
    if (e.open || !open_only) out.push_back(std::move(e));
    return Status::Ok();
  }));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(a.due, a.case_no) < std::tie(b.due, b.case_no);
  });
  return out;
}

Result<CountyFigures> ServiceFigures(Hub& hub, Millis from, Millis to, Millis now) {
  CountyFigures f;
  f.from = from;
  f.to = to;
  for (int s = 1; s <= 5; ++s) f.ratings[s] = 0;
  TB_RETURN_IF_ERROR(hub.ForEachRecord("cases", [&](const RowId&, const json& v) {
    const Millis received = Number(v, "received_at");
    if (received < from || received >= to) return Status::Ok();
    const std::string status = Text(v, "status");
    ++f.received;
    ++f.by_status[status];
    ++f.by_channel[Text(v, "channel")];
    ++f.by_station[Text(v, "receiving_station")];
    ++f.by_office[Text(v, "processing_office")];
    if (Text(v, "priority") == "green") ++f.green;
    if (Number(v, "accepted_at") > 0) ++f.accepted;
    if (status == "delivered" || status == "closed") ++f.closed;
    const auto parsed = node::ParseCaseStatus(status);
    if (parsed.ok() && node::ClockRuns(*parsed) && Number(v, "due_at") <= now) ++f.overdue;
    return Status::Ok();
  }));
  std::int64_t n = 0, sum = 0;
  TB_RETURN_IF_ERROR(hub.ForEachRecord("ratings", [&](const RowId&, const json& v) {
    const Millis at = Number(v, "rated_at");
    const int score = static_cast<int>(Number(v, "score"));
    if (at < from || at >= to || score < 1 || score > 5) return Status::Ok();
    ++f.ratings[score];
    ++n;
    sum += score;
    return Status::Ok();
  }));
  f.rating_average = n ? static_cast<double>(sum) / static_cast<double>(n) : 0;
  TB_ASSIGN_OR_RETURN(auto escalations, ListEscalations(hub, true));
  f.escalations_open = static_cast<std::int64_t>(escalations.size());
  return f;
}

std::string EscalationLabel(std::string_view kind) {
  for (auto k : {node::EscalationKind::kCaseOverdue, node::EscalationKind::kCommitmentOverdue,
                 node::EscalationKind::kRectificationOverdue})
    if (node::EscalationKindName(k) == kind) return std::string(node::EscalationKindLabel(k));
  return std::string(kind);
}

json EscalationJson(const HubEscalation& e) {
  return {{"case_no", e.case_no},     {"kind", e.kind},   {"label", EscalationLabel(e.kind)},
          {"office", e.office},       {"station", e.station}, {"item", e.item_name},
          {"due", node::FormatDue(e.due, e.due_unit)}, {"open", e.open}, {"note", e.note}};
}

json FiguresJson(const CountyFigures& f) {
  json ratings = json::object();
  for (const auto& [score, n] : f.ratings) ratings[std::to_string(score)] = n;
  return {{"from", node::FormatDate(node::LocalDate(f.from))},
          {"to", node::FormatDate(node::LocalDate(f.to - 1))},
          {"received", f.received},
          {"accepted", f.accepted},
          {"closed", f.closed},
          {"overdue", f.overdue},
          {"green_channel", f.green},
          {"by_channel", f.by_channel},
          {"by_status", f.by_status},
          {"by_station", f.by_station},
          {"by_office", f.by_office},
          {"ratings", ratings},
          {"rating_average", f.rating_average},
          {"escalations_open", f.escalations_open}};
}

Result<CatalogPublished> PublishCatalog(Hub& hub, std::string_view catalog_json) {
  TB_ASSIGN_OR_RETURN(node::Catalog catalog, node::ParseCatalog(catalog_json));
  CatalogPublished out;
  for (node::ServiceItem item : catalog.items) {
    // Find the newest version the hub has published of this item.
    int latest = 0;
    std::optional<json> latest_body;
    // Versions may start above 1 (a catalog exported elsewhere): look up to the file's version,
    // then on while versions follow.
    for (int v = 1;; ++v) {
      TB_ASSIGN_OR_RETURN(auto body, hub.RecordField("catalog_items", CatalogRow(item.impl_code, v), "body"));
      if (!body) {
        if (v < item.version) continue;
        break;
      }
      latest = v;
      latest_body = body;
    }
    if (latest > 0) {
      node::ServiceItem same = item;
      same.version = latest;
      if (latest_body->is_string() && node::SerializeItem(same) == latest_body->get<std::string>()) {
        ++out.unchanged;
        continue;
      }
      item.version = std::max(item.version, latest + 1);
      ++out.updated;
    } else {
      ++out.added;
    }
    TB_RETURN_IF_ERROR(hub.Publish("catalog_items", CatalogRow(item.impl_code, item.version),
                                     {{"impl_code", item.impl_code},
                                      {"version", item.version},
                                      {"name", item.name},
                                      {"body", node::SerializeItem(item)}},
                                     "admin"));
  }
  return out;
}

Status PublishCalendar(Hub& hub, const std::string& name, const std::string& applies_to,
                       std::string_view calendar_json, Millis now) {
  if (name.empty() || name.size() > 64) return InvalidArgument(kCalendarName);
  // Checked here so no node ever receives a calendar it cannot read.
  TB_RETURN_IF_ERROR(node::WorkCalendar::FromJson(calendar_json).status());
  // Target nodes: trimmed, and each one must be known to the hub.
  std::string targets;
  for (std::string code : SplitList(applies_to)) {
    if (code.empty()) continue;
    auto known = hub.GetNode(code);
    if (!known.ok()) return NotFound(kCalendarNoNode, {code});
    targets += (targets.empty() ? "" : ",") + code;
  }
  const std::string body(calendar_json);
  const RowId row = PublishedRow("calendars:" + name);
  TB_ASSIGN_OR_RETURN(auto held, hub.RecordField("calendars", row, "body"));
  TB_ASSIGN_OR_RETURN(auto held_to, hub.RecordField("calendars", row, "applies_to"));
  const json to = targets.empty() ? json() : json(targets);
  if (held && *held == body && held_to && *held_to == to) return Status::Ok();  // nothing new
  return hub.Publish("calendars", row,
                       {{"name", name}, {"applies_to", to}, {"body", body}, {"published_at", now}},
                       "admin");
}

}  // namespace tongban::central
