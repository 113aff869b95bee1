#include "tongban/node/domain/replication_schema.h"

#include <algorithm>
#include <charconv>
#include <cstdint>

#include "tongban/node/domain/case.h"
#include "tongban/node/domain/case_state_machine.h"

namespace tongban::node {
namespace {

// A value quoted in a message; never throws, whatever bytes a string holds.
std::string Quote(const nlohmann::json& v) {
  return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A field is named "{0:table}.{1}" (table, column): "cases.status".
constexpr MessageDef kUnknownTable{"replication.unknown_table", "unknown table '{0}'"};
constexpr MessageDef kColumnNotText{"replication.column_not_text",
                                    "a column name of {0:table} is not UTF-8 text"};
constexpr MessageDef kValueNotText{"replication.value_not_text", "{0:table}.{1} is not UTF-8 text"};
constexpr MessageDef kBadMaterialCode{"replication.bad_material_code",
                                      "material code '{0}' is not valid"};
constexpr MessageDef kNotMaterialState{"replication.not_material_state",
                                       "{0:table}.{1} must be a material state"};
constexpr MessageDef kUnknownColumn{"replication.unknown_column", "unknown column {0:table}.{1}"};
constexpr MessageDef kWrongType{"replication.wrong_type",
                                "{0:table}.{1} has a value of the wrong type"};
constexpr MessageDef kNotCaseStatus{"replication.not_case_status",
                                    "{0:table}.{1} must be a case status, not {2}"};
constexpr MessageDef kNotChannel{"replication.not_channel",
                                 "{0:table}.{1} must be a channel, not {2}"};
constexpr MessageDef kNotPriority{"replication.not_priority",
                                  "{0:table}.{1} must be normal or green"};
constexpr MessageDef kUnknownCode{"replication.unknown_code",
                                  "{0:table}.{1} has an unknown code {2}"};
constexpr MessageDef kBadScore{"replication.bad_score",
                               "{0:table}.{1} must be a whole number from 1 to 5"};

}  // namespace

bool IsUtf8Text(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto lead = static_cast<unsigned char>(s[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    // The lead byte gives the length; C0, C1 and F5..FF never start a character.
    const std::size_t extra = lead >= 0xc2 && lead <= 0xdf   ? 1
                              : lead >= 0xe0 && lead <= 0xef ? 2
                              : lead >= 0xf0 && lead <= 0xf4 ? 3
                                                             : 0;
    if (extra == 0 || s.size() - i <= extra) return false;
    std::uint32_t cp = lead & (0x3fu >> extra);
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(s[i + k]);
      if ((next & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (next & 0x3fu);
    }
    const std::uint32_t shortest = extra == 1 ? 0x80 : extra == 2 ? 0x800 : 0x10000;
    if (cp < shortest || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += extra + 1;
  }
  return true;
}

const std::vector<TableSpec>& ReplicatedTables() {
  static const std::vector<TableSpec> kSpecs = {
      {SyncedTable::kCases,
       "cases",
       {"case_no", "county_no", "item_code", "item_version", "item_name", "applicant_kind",
        "applicant_name", "applicant_id", "applicant_phone", "id_override_reason", "agent",
        "channel", "priority", "green_reason", "receiving_station", "processing_office", "status",
        "received_at", "accepted_at", "due_at", "due_provisional", "due_unit", "result",
        "delivery", "note"},
       true, ScopeRule::kRoute, false, "receiving_station", "processing_office"},
      {SyncedTable::kCaseMaterials, "case_materials", {}, false, ScopeRule::kParentCase, false},
      {SyncedTable::kCaseEvents,
       "case_events",
       {"case_uid", "at", "node", "user", "action", "from_status", "to_status", "detail"},
       false, ScopeRule::kParentCase, true},
      {SyncedTable::kCommitments,
       "commitments",
       {"case_uid", "kind", "materials", "due", "due_provisional", "state"},
       true, ScopeRule::kParentCase, false},
      {SyncedTable::kCatalogItems,
       "catalog_items",
       {"impl_code", "version", "name", "body"},
       true, ScopeRule::kEveryone, false},
      {SyncedTable::kStaff,
       "staff",
       {"login", "name", "role", "pw_hash", "active", "node"},
       true, ScopeRule::kOwnerNode, false},
      {SyncedTable::kAppointments,
       "appointments",
       {"node", "item_code", "item_name", "start_at", "minutes", "off_hours", "applicant_name",
        "applicant_id", "applicant_phone", "state", "case_uid", "note"},
       true, ScopeRule::kOwnerNode, false},
      {SyncedTable::kVisits,
       "visits",
       {"planned_by", "field_node", "item_code", "applicant_name", "applicant_id",
        "applicant_phone", "address", "planned_day", "purpose", "state", "outcome", "visited_at",
        "visited_by", "case_uid"},
       true, ScopeRule::kRoute, false, "planned_by", "field_node"},
      {SyncedTable::kShipments,
       "shipments",
       {"case_uid", "direction", "carrier", "waybill", "address", "state", "created_at"},
       true, ScopeRule::kParentCase, false},
      {SyncedTable::kShipmentEvents,
       "shipment_events",
       {"case_uid", "shipment_uid", "at", "state", "place", "note"},
       false, ScopeRule::kParentCase, true},
      {SyncedTable::kRatings,
       "ratings",
       {"case_uid", "score", "indicators", "comment", "rated_at", "node", "channel"},
       false, ScopeRule::kParentCase, true},
      {SyncedTable::kEscalations,
       "escalations",
       {"case_uid", "kind", "due", "opened_at", "office", "state", "note"},
       true, ScopeRule::kParentCase, false},
      {SyncedTable::kCalendars,
       "calendars",
       {"name", "applies_to", "body", "published_at"},
       true, ScopeRule::kEveryone, false},
      {SyncedTable::kCaseScans,
       "case_scans",
       {"case_uid", "material", "sha256", "size", "mime", "file_name", "added_at", "added_by"},
       false, ScopeRule::kParentCase, true},
  };
  return kSpecs;
}

const TableSpec& SpecOf(SyncedTable t) {
  return ReplicatedTables()[static_cast<std::size_t>(t) - 1];
}

const TableSpec* SpecByName(std::string_view name) {
  for (const auto& s : ReplicatedTables())
    if (s.name == name) return &s;
  return nullptr;
}

int ColumnIndex(SyncedTable t, std::string_view column) {
  const auto& cols = SpecOf(t).columns;
  for (std::size_t i = 0; i < cols.size(); ++i)
    if (cols[i] == column) return static_cast<int>(i);
  return -1;
}

namespace {
struct AddedColumn {
  SyncedTable table;
  std::string_view column;
  int since;
};
// Every column added after schema 1 was first replicated, with the version that added it.
constexpr AddedColumn kAddedColumns[] = {
    {SyncedTable::kCases, "note", 3},  // the clerk's remark on a case (备注)
};
}  // namespace

int ColumnSince(SyncedTable t, std::string_view column) {
  for (const auto& a : kAddedColumns)
    if (a.table == t && a.column == column) return a.since;
  return 1;
}

bool ServesSchema(int schema) {
  return schema >= kOldestServedSchema && schema <= kReplicationSchemaVersion;
}

std::optional<int> AgreeSchema(int oldest, int newest) {
  const int agreed = std::min(newest, kReplicationSchemaVersion);
  if (agreed < oldest || !ServesSchema(agreed)) return std::nullopt;
  return agreed;
}

std::optional<int> ParseSchema(std::string_view text) {
  int v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < 1) return std::nullopt;
  return v;
}

std::optional<std::pair<int, int>> ParseSchemaRange(std::string_view text) {
  const auto dash = text.find('-');
  if (dash == std::string_view::npos || text.size() > 16) return std::nullopt;
  const auto lo = ParseSchema(text.substr(0, dash)), hi = ParseSchema(text.substr(dash + 1));
  if (!lo || !hi || *lo > *hi) return std::nullopt;
  return std::pair{*lo, *hi};
}

bool InSchema(SyncedTable t, std::string_view column, int schema) {
  if (t == SyncedTable::kCaseMaterials) return true;
  return ColumnIndex(t, column) >= 0 && ColumnSince(t, column) <= schema;
}

Status ValidateField(std::string_view table, std::string_view column, const nlohmann::json& v,
                     int schema) {
  const TableSpec* spec = SpecByName(table);
  if (!spec) return InvalidArgument(kUnknownTable, {std::string(table)});
  if (!IsUtf8Text(column)) return InvalidArgument(kColumnNotText, {std::string(table)});
  const std::vector<std::string> where{std::string(table), std::string(column)};
  // The field named, and then what else the message says of it.
  const auto with = [&](std::string more) {
    auto args = where;
    args.push_back(std::move(more));
    return args;
  };
  if (v.is_string() && !IsUtf8Text(v.get_ref<const std::string&>()))
    return InvalidArgument(kValueNotText, where);
  if (spec->id == SyncedTable::kCaseMaterials) {
    const bool code_ok = !column.empty() && column.size() <= 32 &&
                         std::all_of(column.begin(), column.end(), [](char c) {
                           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                  (c >= '0' && c <= '9') || c == '-' || c == '_';
                         });
    if (!code_ok) return InvalidArgument(kBadMaterialCode, {std::string(column)});
    if (!v.is_string() || !ParseMaterialState(v.get<std::string>()).ok())
      return InvalidArgument(kNotMaterialState, where);
    return Status::Ok();
  }
  if (!InSchema(spec->id, column, schema)) return InvalidArgument(kUnknownColumn, where);
  if (!(v.is_null() || v.is_number() || v.is_boolean() || v.is_string() ||
        (v.is_binary() && v.get_binary().size() == 16)))
    return InvalidArgument(kWrongType, where);
  if (spec->id == SyncedTable::kCases && !v.is_null()) {
    if (column == "status" && (!v.is_string() || !ParseCaseStatus(v.get<std::string>()).ok()))
      return InvalidArgument(kNotCaseStatus, with(Quote(v)));
    if (column == "channel" && (!v.is_string() || !ParseChannel(v.get<std::string>()).ok()))
      return InvalidArgument(kNotChannel, with(Quote(v)));
    if (column == "priority" && v != "normal" && v != "green")
      return InvalidArgument(kNotPriority, where);
  }
  if (v.is_null()) return Status::Ok();
  // Coded fields of the other tables: a node must never receive a code it cannot read.
  struct Coded {
    std::string_view table, column;
    std::vector<std::string_view> values;
  };
  static const std::vector<Coded> kCoded = {
      {"commitments", "kind", {"tolerance", "written", "rectification"}},
      {"commitments", "state", {"open", "fulfilled", "breached"}},
      {"appointments", "state", {"booked", "checked_in", "no_show", "converted", "cancelled"}},
      {"visits", "state", {"planned", "visited", "failed", "cancelled"}},
      {"shipments", "direction", {"in", "out"}},
      {"shipments", "state", {"created", "sent", "delivered", "returned", "lost"}},
      {"shipment_events", "state", {"created", "sent", "delivered", "returned", "lost"}},
      {"escalations", "kind", {"case_overdue", "commitment_overdue", "rectification_overdue"}},
      {"escalations", "state", {"open", "closed"}},
  };
  for (const auto& c : kCoded) {
    if (c.table != table || c.column != column) continue;
    const bool known = v.is_string() && std::find(c.values.begin(), c.values.end(),
                                                  v.get<std::string>()) != c.values.end();
    if (!known) return InvalidArgument(kUnknownCode, with(Quote(v)));
  }
  if (table == "ratings" && column == "score" &&
      !(v.is_number_integer() && v.get<int>() >= 1 && v.get<int>() <= 5))
    return InvalidArgument(kBadScore, where);
  return Status::Ok();
}

}  // namespace tongban::node
