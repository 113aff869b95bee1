// Offices by name. A case names the station that received it and the office that
// processes it by node code ("QS-JX", "C-MZ"); people read names. A node knows some:
// its own name, and the county department the catalog gives for the items an office
// handles. The township center above a station is known by its kind only.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "tongban/node/store/node_store.h"

namespace tongban::node {

struct OfficeNames {
  std::map<std::string, std::string> names;  // node code -> name
  std::string township;                       // the code of the township center above this node

  // The name of `code`; `township_word` for the township center above this node (its
  // kind, in the reader's language), when given; else empty when this node does not know it.
  std::string NameOf(const std::string& code, std::string_view township_word = {}) const;
};

Result<OfficeNames> LoadOfficeNames(NodeStore& store);

}  // namespace tongban::node
