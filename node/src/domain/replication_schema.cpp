#include "tongban/node/domain/replication_schema.h"

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

}  // namespace tongban::node
