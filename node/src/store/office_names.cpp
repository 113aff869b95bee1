#include "tongban/node/store/office_names.h"

#include "tongban/sync/sqlite.h"

namespace tongban::node {

std::string OfficeNames::NameOf(const std::string& code, std::string_view township_word) const {
  if (const auto it = names.find(code); it != names.end()) return it->second;
  return code == township ? std::string(township_word) : std::string();
}

Result<OfficeNames> LoadOfficeNames(NodeStore& store) {
  OfficeNames out;
  // Two fields of each catalog item, read by SQLite: the case page asks on every view, and
  // parsing every item's whole body for them cost a catalog's worth of JSON each time.
  TB_ASSIGN_OR_RETURN(auto* st, store.database().Prepare(
                                    "SELECT DISTINCT json_extract(body, '$.handling_office'), "
                                    "json_extract(body, '$.department') FROM catalog_items "
                                    "ORDER BY id DESC"));  // the newest version first
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    const std::string office = st->Text(0), department = st->Text(1);
    if (office != kTownshipOffice && !office.empty() && !department.empty())
      out.names.emplace(office, department);
  }
  st->Reset();
  // Its own name last: a node knows itself better than the catalog does.
  out.names[store.identity().code] = store.identity().name;
  out.township = store.identity().township;
  return out;
}

}  // namespace tongban::node
