#include "tongban/node/store/office_names.h"

namespace tongban::node {

std::string OfficeNames::NameOf(const std::string& code, std::string_view township_word) const {
  if (const auto it = names.find(code); it != names.end()) return it->second;
  return code == township ? std::string(township_word) : std::string();
}

Result<OfficeNames> LoadOfficeNames(NodeStore& store) {
  OfficeNames out;
  TB_ASSIGN_OR_RETURN(auto items, store.ListItems());
  for (const ServiceItem& item : items)
    if (item.handling_office != kTownshipOffice && !item.department.empty())
      out.names.emplace(item.handling_office, item.department);
  // Its own name last: a node knows itself better than the catalog does.
  out.names[store.identity().code] = store.identity().name;
  out.township = store.identity().township;
  return out;
}

}  // namespace tongban::node
