// ScopeDigest: what a node holds, reduced to one comparable string.
//
// Each record contributes "table:row-hex:latest-field-version"; the lines are
// sorted, hashed with SHA-256 and the count appended ("hex:records"). Node and
// hub build it the same way, so equal digests mean the same records at the
// same versions.
#pragma once

#include <string>
#include <vector>

#include "tongban/sync/hybrid_clock.h"
#include "tongban/sync/row_id.h"

namespace tongban::sync {

class ScopeDigest {
 public:
  void Add(const std::string& table, const RowId& row, Hlc latest_version);
  std::string Finish();  // sorts; call once

 private:
  std::vector<std::string> lines_;
};

}  // namespace tongban::sync
