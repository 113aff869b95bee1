// Copies of an SQLite database taken while it is in use (SQLite's online backup), and
// putting one back in place. Used for a station (node/store/station_backup.h) and the
// hub (central/hub_backup.h) alike; each adds what else belongs with its database.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "tongban/status.h"
#include "tongban/sync/sqlite.h"

namespace tongban::sync {

// Copies the last commit of `source`, whole, whatever writes meanwhile, to `out`, a new
// file (refused when it exists), readable by its owner only from its first byte and
// sealed with `key` when given. `finish` may write to the copy before it is put in
// place. Nothing is left at `out` when it fails.
Status BackupDatabase(Database& source, const std::string& out, const DataKey* key = nullptr,
                      const std::function<Status(Database& copy)>& finish = {});

// Puts `backup` at `db_path`; the database there must be closed. An existing one is
// kept beside as db_path + ".before-restore" when `replace`, with each file named by
// `companions` (suffixes: "-wal", "-shm", …), else refused; never over what an earlier
// restore set aside. Companions of the old database are never read with the backup.
// `before_copy` runs once the place is clear, before the backup is copied in (a station
// writes its key file there first); `prepare` may write to the copy (at the path it is
// given) before it is put in place, so a crash never leaves a copy without it.
Status RestoreDatabase(const std::string& backup, const std::string& db_path, bool replace,
                       std::span<const std::string_view> companions,
                       const std::function<Status()>& before_copy = {},
                       const std::function<Status(const std::string& copy)>& prepare = {});

}  // namespace tongban::sync
