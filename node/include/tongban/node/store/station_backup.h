// Backups of a station: a consistent copy taken while the desk runs (NodeStore::BackupTo,
// SQLite's online backup), and putting one back in place (RestoreStation).
//
// A backup of an encrypted station is sealed with the same data key and carries a copy
// of the key file beside it ("<backup>.keys"): it opens with the passwords and the
// recovery code the station had when it was taken, and shows nothing without them.
#pragma once

#include <string>

#include "tongban/status.h"

namespace tongban::node {

// The station file the backup at `backup` makes when restored to `db_path`. The station
// must not be open. An existing station there is kept beside it as "<db>.before-restore"
// (with its WAL and key file) when `replace`, else refused. The key file goes with an
// encrypted backup, so the passwords are those of the day of the backup.
Status RestoreStation(const std::string& backup, const std::string& db_path, bool replace);

}  // namespace tongban::node
