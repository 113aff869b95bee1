#include "tongban/node/store/station_backup.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "tongban/node/store/node_store.h"
#include "tongban/node/store/station_keys.h"
#include "tongban/sync/durable_file.h"
#include "tongban/sync/sqlite.h"
#include "tongban/sync/sqlite_backup.h"

namespace tongban::node {
namespace {

namespace fs = std::filesystem;

constexpr MessageDef kBackupDenied{"store.backup_denied", "only an admin may back up the station"};
constexpr MessageDef kNoBackup{"store.restore_no_backup", "{0} is not there"};
// The files that belong with a station's database: its WAL and index, its key file.
constexpr std::string_view kStationFiles[] = {"-wal", "-shm", ".keys"};

Result<std::string> ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(kNoBackup, {path});
  return std::string{std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

Status NodeStore::BackupTo(const Session& by, const std::string& out) {
  if (by.role != Role::kAdmin) return PermissionDenied(kBackupDenied);
  std::error_code ec;
  if (fs::exists(out, ec)) return sync::BackupDatabase(*db_, out);  // refused: names it
  // On the audit trail before the copy exists: a backup carries every resident.
  TB_RETURN_IF_ERROR(RecordExport(by, "backup", identity_.code, out));
  // Sealed with the station's key, page by page as it is copied.
  TB_RETURN_IF_ERROR(sync::BackupDatabase(*db_, out, key_ ? &*key_ : nullptr, [](sync::Database& copy) {
    // Restored, an enrolled station first takes back from the hub what it did after this
    // copy: until then it issues no case number (kRejoinMeta), which it may have issued.
    // Its audit trail, likewise, goes on after what the hub holds of it.
    for (const char* key : {kRejoinMeta, kAuditRejoinMeta})
      TB_RETURN_IF_ERROR(copy.Exec(std::string("INSERT INTO node_meta (key, value) SELECT '") + key +
                                   "', '1' WHERE EXISTS (SELECT 1 FROM node_meta WHERE key = "
                                   "'node_secret' AND value <> '') ON CONFLICT (key) DO UPDATE "
                                   "SET value = excluded.value"));
    return Status::Ok();
  }));
  if (!key_) return Status::Ok();
  TB_ASSIGN_OR_RETURN(std::string keys, ReadWhole(KeyFilePath(db_->path())));
  return sync::WriteFileDurably(KeyFilePath(out), keys, 0600);
}

Status RestoreStation(const std::string& backup, const std::string& db_path, bool replace) {
  const bool sealed = IsSealedStation(backup);
  // An encrypted station's key file goes first: a station file never exists sealed
  // without the key that opens it.
  return sync::RestoreDatabase(backup, db_path, replace, kStationFiles, [&]() -> Status {
    if (!sealed) return Status::Ok();
    TB_ASSIGN_OR_RETURN(std::string keys, ReadWhole(KeyFilePath(backup)));
    return sync::WriteFileDurably(KeyFilePath(db_path), keys, 0600);
  });
}

}  // namespace tongban::node
