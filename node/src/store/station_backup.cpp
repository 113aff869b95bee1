#include "tongban/node/store/station_backup.h"

#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "tongban/node/store/node_store.h"
#include "tongban/node/store/station_keys.h"
#include "tongban/sync/durable_file.h"
#include "tongban/sync/sqlite.h"

namespace tongban::node {
namespace {

namespace fs = std::filesystem;

constexpr MessageDef kBackupDenied{"store.backup_denied", "only an admin may back up the station"};
constexpr MessageDef kBackupExists{"store.backup_exists", "{0} exists already; choose another name"};
constexpr MessageDef kBackupFailed{"store.backup_failed", "the backup to {0} failed: {1}"};
constexpr MessageDef kNoBackup{"store.restore_no_backup", "{0} is not there"};
constexpr MessageDef kRestoreOver{"store.restore_over",
                                  "a station is at {0} already: give {1} to keep it beside as "
                                  "{2} and put the backup in its place"};
constexpr MessageDef kRestoreAsideTaken{"store.restore_aside_taken",
                                        "{0} is there from an earlier restore: move it away first"};
constexpr MessageDef kRestoreMove{"store.restore_move", "cannot move {0} aside: {1}"};
// The files that make up a station: the database, its WAL and index, its key file.
constexpr const char* kStationFiles[] = {"", "-wal", "-shm", ".keys"};

Result<std::string> ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(kNoBackup, {path});
  return std::string{std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

Status NodeStore::BackupTo(const Session& by, const std::string& out) {
  if (by.role != Role::kAdmin) return PermissionDenied(kBackupDenied);
  std::error_code ec;
  if (fs::exists(out, ec)) return Status(ErrorCode::kAlreadyExists, kBackupExists, {out});
  // On the audit trail before the copy exists: a backup carries every resident.
  TB_RETURN_IF_ERROR(RecordExport(by, "backup", identity_.code, out));
  const std::string part = out + ".part";
  fs::remove(part, ec);
  // Every resident is in it: its owner's only, plain or sealed, from before its first page.
  TB_RETURN_IF_ERROR(sync::WriteFileDurably(part, "", 0600));
  {
    // Sealed with the station's key, page by page as it is copied.
    TB_ASSIGN_OR_RETURN(auto dest, sync::Database::Open(part, {.create = true, .key = key_ ? &*key_ : nullptr}));
    // One step reads the whole file under one read transaction: a snapshot of the last
    // commit, whatever the desk writes meanwhile.
    sqlite3_backup* copy = sqlite3_backup_init(dest->raw(), "main", db_->raw(), "main");
    if (!copy) return dest->LastError("backup");
    const int rc = sqlite3_backup_step(copy, -1);
    sqlite3_backup_finish(copy);
    if (rc != SQLITE_DONE) {
      const Status why = rc == SQLITE_FULL ? Status(ErrorCode::kDiskFull, sqlite3_errstr(rc))
                                           : Status(ErrorCode::kIoError, sqlite3_errstr(rc));
      dest.reset();
      for (const char* s : {"", "-wal", "-shm"}) fs::remove(part + s, ec);
      return Status(why.code(), kBackupFailed, {out, why.message()});
    }
    // Restored, an enrolled station first takes back from the hub what it did after this
    // copy: until then it issues no case number (kRejoinMeta), which it may have issued.
    // Its audit trail, likewise, goes on after what the hub holds of it.
    for (const char* key : {kRejoinMeta, kAuditRejoinMeta})
      TB_RETURN_IF_ERROR(dest->Exec(std::string("INSERT INTO node_meta (key, value) SELECT '") +
                                    key + "', '1' WHERE EXISTS (SELECT 1 FROM node_meta "
                                    "WHERE key = 'node_secret' AND value <> '') ON CONFLICT (key) "
                                    "DO UPDATE SET value = excluded.value"));
    // Into the copy's own file: only `part` is renamed into place, never a WAL beside it.
    TB_RETURN_IF_ERROR(dest->Exec("PRAGMA wal_checkpoint(TRUNCATE)"));
  }
  if (key_) {
    TB_ASSIGN_OR_RETURN(std::string keys, ReadWhole(KeyFilePath(db_->path())));
    TB_RETURN_IF_ERROR(sync::WriteFileDurably(KeyFilePath(out), keys, 0600));
  }
  return sync::RenameDurably(part, out);
}

Status RestoreStation(const std::string& backup, const std::string& db_path, bool replace) {
  std::error_code ec;
  if (!fs::exists(backup, ec)) return NotFound(kNoBackup, {backup});
  const bool sealed = IsSealedStation(backup);
  const std::string aside = db_path + ".before-restore";
  if (fs::exists(db_path, ec)) {
    if (!replace) return Status(ErrorCode::kAlreadyExists, kRestoreOver, {db_path, "--replace", aside});
    // Never over what an earlier restore set aside.
    if (fs::exists(aside, ec)) return Status(ErrorCode::kAlreadyExists, kRestoreAsideTaken, {aside});
    // The WAL goes with its database: left behind, it would be read into the backup.
    for (const std::string s : kStationFiles) {
      if (!fs::exists(db_path + s, ec)) continue;
      fs::rename(db_path + s, aside + s, ec);
      if (ec) return Status(ErrorCode::kIoError, kRestoreMove, {db_path + s, ec.message()});
    }
  }
  // Nothing of another station stays to be read with the backup (a WAL above all).
  for (const char* s : kStationFiles) fs::remove(db_path + s, ec);
  if (sealed) {
    TB_ASSIGN_OR_RETURN(std::string keys, ReadWhole(KeyFilePath(backup)));
    TB_RETURN_IF_ERROR(sync::WriteFileDurably(KeyFilePath(db_path), keys, 0600));
  }
  const std::string part = db_path + ".part";
  fs::copy_file(backup, part, fs::copy_options::overwrite_existing, ec);
  if (ec) return Status(ErrorCode::kIoError, kBackupFailed, {db_path, ec.message()});
  return sync::RenameDurably(part, db_path);
}

}  // namespace tongban::node
