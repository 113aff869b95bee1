// Salvage: what can still be read from a damaged database, copied into a new one.
//
// A sealed station never serves a page that fails its check (sealed_vfs.h); a command
// that meets one fails. Salvage reads every table row by row and copies each row it can
// read into a new file with the same schema and user_version, sealed with the same key.
// Where a read fails, the rows on the damaged pages are lost; the copy goes on after
// them (rowid tables: the next readable rowid is found by probing; WITHOUT ROWID tables
// stop at the damage). Indexes are built anew, so a damaged index page loses nothing.
// Synced records lost this way come back from the hub (`tongban sync repair`).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tongban/status.h"
#include "tongban/sync/page_cipher.h"
#include "tongban/sync/sqlite.h"

namespace tongban::sync {

// Reads every page in use (PRAGMA integrity_check): Ok, or Corruption naming the first
// problem (for a sealed file, the page that fails its check).
Status CheckEveryPage(Database& db);

struct SalvageReport {
  struct Table {
    std::string name;
    std::int64_t copied = 0;
    bool damaged = false;  // some of its rows could not be read
  };
  std::vector<Table> tables;
  std::vector<std::string> damaged_tables() const;
};

// Copies what `from` still holds into a new database at `to_path` (which must not exist),
// sealed with `key` when given. Fails only when the schema itself cannot be read.
Result<SalvageReport> Salvage(Database& from, const std::string& to_path, const DataKey* key);

// Salvages the database at `path` in place when a page of it fails its check; nullopt
// when nothing is damaged. The file is held exclusively throughout (kBusy when another
// program has it open). `fixup` runs on the salvaged copy before it replaces the file;
// an error from it, or any failure before the swap, leaves the damaged file as it was.
// The swap keeps the damaged file as `path`.damaged (hard link) and renames the synced
// copy over `path`, so a power cut leaves one whole file or the other under `path`.
Result<std::optional<SalvageReport>> SalvageInPlace(
    const std::string& path, const DataKey* key,
    const std::function<Status(Database& salvaged, const SalvageReport& report)>& fixup);

}  // namespace tongban::sync
