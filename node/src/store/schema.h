// Numbered schema migrations of the node database (private to the node library).
#pragma once

#include "tongban/status.h"
#include "tongban/sync/sqlite.h"

namespace tongban::node {

// The schema version this build writes; stored in PRAGMA user_version.
inline constexpr int kSchemaVersion = 11;

// Applies every migration above the file's user_version, each in its own
// transaction. Refuses a file written by a newer build.
Status MigrateSchema(sync::Database& db);

}  // namespace tongban::node
