#include "tongban/node/domain/replication_schema.h"

#include <algorithm>

#include "tongban/node/domain/case.h"
#include "tongban/node/domain/case_state_machine.h"

namespace tongban::node {

const std::vector<TableSpec>& ReplicatedTables() {
  static const std::vector<TableSpec> kSpecs = {
      {SyncedTable::kCases,
       "cases",
       {"case_no", "county_no", "item_code", "item_version", "item_name", "applicant_kind",
        "applicant_name", "applicant_id", "applicant_phone", "id_override_reason", "agent",
        "channel", "priority", "green_reason", "receiving_station", "processing_office", "status",
        "received_at", "accepted_at", "due_at", "due_provisional", "due_unit", "result",
        "delivery"},
       true, ScopeRule::kRoute, false},
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

Status ValidateField(std::string_view table, std::string_view column, const nlohmann::json& v) {
  const TableSpec* spec = SpecByName(table);
  const std::string where = std::string(table) + "." + std::string(column);
  if (!spec) return InvalidArgument("unknown table '" + std::string(table) + "'");
  if (spec->id == SyncedTable::kCaseMaterials) {
    const bool code_ok = !column.empty() && column.size() <= 32 &&
                         std::all_of(column.begin(), column.end(), [](char c) {
                           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                  (c >= '0' && c <= '9') || c == '-' || c == '_';
                         });
    if (!code_ok) return InvalidArgument("material code '" + std::string(column) + "' is not valid");
    if (!v.is_string() || !ParseMaterialState(v.get<std::string>()).ok())
      return InvalidArgument(where + " must be a material state");
    return Status::Ok();
  }
  if (ColumnIndex(spec->id, column) < 0) return InvalidArgument("unknown column " + where);
  if (!(v.is_null() || v.is_number() || v.is_boolean() || v.is_string() ||
        (v.is_binary() && v.get_binary().size() == 16)))
    return InvalidArgument(where + " has a value of the wrong type");
  if (spec->id == SyncedTable::kCases && !v.is_null()) {
    if (column == "status" && (!v.is_string() || !ParseCaseStatus(v.get<std::string>()).ok()))
      return InvalidArgument(where + " must be a case status, not " + v.dump());
    if (column == "channel" && (!v.is_string() || !ParseChannel(v.get<std::string>()).ok()))
      return InvalidArgument(where + " must be a channel, not " + v.dump());
    if (column == "priority" && v != "normal" && v != "green")
      return InvalidArgument(where + " must be normal or green");
  }
  return Status::Ok();
}

}  // namespace tongban::node
