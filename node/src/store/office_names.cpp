#include "tongban/node/store/office_names.h"

namespace tongban::node {

std::string OfficeNames::NameOf(const std::string& code) const {
  const auto it = names.find(code);
  return it == names.end() ? std::string() : it->second;
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
