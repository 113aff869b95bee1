// The replication schema: which tables travel between nodes and the hub, their
// fields, and who may see each record. Shared by the node store and the hub.
//
// Columns travel by name. A new column goes at the end of its table's list (the node's
// change log keys fields by index) and is listed in kAddedColumns with the version that
// brought it; the version goes up by one. A hub serves nodes from kOldestServedSchema
// to its own version: it sends a node only the fields of the version the node speaks, and
// keeps the others when an older node edits the record (docs/protocol.md, "Versions").
#pragma once

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "tongban/status.h"

namespace tongban::node {

// The newest replication schema this build speaks; a node speaks only this one.
inline constexpr int kReplicationSchemaVersion = 3;
// The oldest a hub of this build still serves: stations one version behind keep syncing.
inline constexpr int kOldestServedSchema = 2;
// What a node that does not negotiate speaks (releases before schema 3 sent no range).
inline constexpr int kUnnegotiatedSchema = 2;

enum class SyncedTable : int {
  kCases = 1,
  kCaseMaterials = 2,  // one logical record per case; fields are material codes
  kCaseEvents = 3,
  kCommitments = 4,
  kCatalogItems = 5,
  kStaff = 6,
  kAppointments = 7,    // 预约办 bookings at a station
  kVisits = 8,          // 上门办 visit plans for a field node
  kShipments = 9,       // 邮递办 waybills of a case
  kShipmentEvents = 10, // what happened to a waybill (append-only)
  kRatings = 11,        // 好差评
  kEscalations = 12,    // 超时问责 records of overdue timers
  kCalendars = 13,      // working-day calendars and overrides published by the hub
  kCaseScans = 14,      // scans attached to a case's materials (content sent apart)
};

// Who may see (pull) and change (push) a record.
enum class ScopeRule {
  kEveryone,    // published by the hub to all nodes; nodes may not push it (catalog)
  kRoute,       // two nodes named by the record: the creator (route_from) and the one it
                // is routed to (route_to); cases: receiving station and processing office
  kParentCase,  // the scope of the case it belongs to (field case_uid, or the row itself)
  kOwnerNode,   // field `node` names the one node (staff accounts, appointments)
};

struct TableSpec {
  SyncedTable id;
  std::string_view name;
  std::vector<std::string_view> columns;  // logical fields; index = key in the node's log
  bool has_colv;                          // keeps per-field versions after insert
  ScopeRule scope;
  bool append_only;  // records never change after insert (timeline events)
  std::string_view route_from = {};  // kRoute: column naming the creating node (fixed)
  std::string_view route_to = {};    // kRoute: column naming the second node
};

const std::vector<TableSpec>& ReplicatedTables();
const TableSpec& SpecOf(SyncedTable t);
const TableSpec* SpecByName(std::string_view name);
// Index of a column in its table's spec, or -1.
int ColumnIndex(SyncedTable t, std::string_view column);
// The replication schema version that brought a column (1: it was there from the start).
int ColumnSince(SyncedTable t, std::string_view column);
// Whether a node speaking `schema` knows the field (case_materials' fields are codes:
// always). A column this build does not know is in no schema it speaks.
bool InSchema(SyncedTable t, std::string_view column, int schema);

// Whether a hub of this build serves a node speaking `schema`.
bool ServesSchema(int schema);
// The version a hub of this build speaks with a node that speaks `oldest` to `newest`:
// the newest both know, or nullopt when they share none.
std::optional<int> AgreeSchema(int oldest, int newest);
// A version as text ("3"), whole and positive; nullopt otherwise.
std::optional<int> ParseSchema(std::string_view text);
// A node's "OLDEST-NEWEST" (wire.h, kSchemasHeader); nullopt when malformed.
std::optional<std::pair<int, int>> ParseSchemaRange(std::string_view text);

// Whether text is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates).
// Every synced string must be: nodes and every JSON view of a record assume it.
bool IsUtf8Text(std::string_view text);

// Whether a value may be stored in a field: the column exists in this schema, the
// value has a plain type, text is UTF-8, and coded fields hold a known code (a case
// status, a material state). The hub checks every pushed field and every admin resolution,
// so no node can receive a value it cannot read.
// `schema` is the version the sending node speaks: a field of a later one is unknown to it.
Status ValidateField(std::string_view table, std::string_view column, const nlohmann::json& value,
                     int schema = kReplicationSchemaVersion);

}  // namespace tongban::node
