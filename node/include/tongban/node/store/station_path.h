// Where a station's database lives when no path is given: the packaged desk, the
// background sync and every CLI command agree on one file per system account.
#pragma once

#include <string>

namespace tongban::node {

// $TONGBAN_DB, else $XDG_DATA_HOME/tongban/station.db, else
// $HOME/.local/share/tongban/station.db; empty when none of them is set.
std::string DefaultStationPath();

}  // namespace tongban::node
