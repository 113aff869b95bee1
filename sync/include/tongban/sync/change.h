// One captured change to one synchronised record, as read from a change log.
//
// Logically a change is a set of (column, new value, base version) for one
// record, made at one HLC instant by one user on one node; a delete is a
// tombstone with no fields. The physical layout of the node's change log is
// described in docs/change-log.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tongban/sync/hybrid_clock.h"
#include "tongban/sync/row_id.h"

namespace tongban::sync {

enum class ChangeOp { kUpsert = 0, kDelete = 1 };

struct FieldChange {
  std::string column;
  nlohmann::json value;  // null, integer, float or string
  Hlc base = 0;          // version of the field this edit was made against (0 = new record)
};

struct Change {
  std::int64_t seq = 0;  // position in the local log: the read cursor
  Hlc hlc = 0;
  std::string table;
  RowId row;
  ChangeOp op = ChangeOp::kUpsert;
  std::string node;  // author node code
  std::string user;  // author login
  std::vector<FieldChange> fields;
};

}  // namespace tongban::sync
