#include "tongban/sync/sqlite_backup.h"

#include <sqlite3.h>

#include <filesystem>

#include "tongban/sync/durable_file.h"

namespace tongban::sync {
namespace {

namespace fs = std::filesystem;

constexpr MessageDef kBackupExists{"backup.exists", "{0} exists already; choose another name"};
constexpr MessageDef kBackupFailed{"backup.failed", "the backup to {0} failed: {1}"};
constexpr MessageDef kNoBackup{"backup.restore_no_backup", "{0} is not there"};
constexpr MessageDef kRestoreOver{"backup.restore_over",
                                  "a database is at {0} already: give {1} to keep it beside as "
                                  "{2} and put the backup in its place"};
constexpr MessageDef kRestoreAsideTaken{"backup.restore_aside_taken",
                                        "{0} is there from an earlier restore: move it away first"};
constexpr MessageDef kRestoreMove{"backup.restore_move", "cannot move {0} aside: {1}"};

}  // namespace

Status BackupDatabase(Database& source, const std::string& out, const DataKey* key,
                      const std::function<Status(Database& copy)>& finish) {
  std::error_code ec;
  if (fs::exists(out, ec)) return Status(ErrorCode::kAlreadyExists, kBackupExists, {out});
  const std::string part = out + ".part";
  const auto drop_part = [&] {
    for (const char* s : {"", "-wal", "-shm", "-journal"}) fs::remove(part + s, ec);
  };
  drop_part();
  // Every record is in it: its owner's only, from before its first page.
  TB_RETURN_IF_ERROR(WriteFileDurably(part, "", 0600));
  Status done = [&]() -> Status {
    TB_ASSIGN_OR_RETURN(auto dest, Database::Open(part, {.create = true, .key = key}));
    // One step reads the whole file under one read transaction: a snapshot of the last
    // commit, whatever is written meanwhile.
    sqlite3_backup* copy = sqlite3_backup_init(dest->raw(), "main", source.raw(), "main");
    if (!copy) return dest->LastError("backup");
    const int rc = sqlite3_backup_step(copy, -1);
    sqlite3_backup_finish(copy);
    if (rc != SQLITE_DONE) {
      const Status why = rc == SQLITE_FULL ? Status(ErrorCode::kDiskFull, sqlite3_errstr(rc))
                                           : Status(ErrorCode::kIoError, sqlite3_errstr(rc));
      return Status(why.code(), kBackupFailed, {out, why.message()});
    }
    if (finish) TB_RETURN_IF_ERROR(finish(*dest));
    // Into the copy's own file: only it is renamed into place, never a WAL beside it.
    return dest->Exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }();
  if (!done.ok()) {
    drop_part();
    return done;
  }
  return RenameDurably(part, out);
}

Status RestoreDatabase(const std::string& backup, const std::string& db_path, bool replace,
                       std::span<const std::string_view> companions,
                       const std::function<Status()>& before_copy,
                       const std::function<Status(const std::string& copy)>& prepare) {
  std::error_code ec;
  if (!fs::exists(backup, ec)) return NotFound(kNoBackup, {backup});
  const std::string aside = db_path + ".before-restore";
  const auto each_file = [&](const auto& fn) -> Status {
    TB_RETURN_IF_ERROR(fn(std::string_view()));
    for (std::string_view s : companions) TB_RETURN_IF_ERROR(fn(s));
    return Status::Ok();
  };
  if (fs::exists(db_path, ec)) {
    if (!replace)
      return Status(ErrorCode::kAlreadyExists, kRestoreOver, {db_path, "--replace", aside});
    if (fs::exists(aside, ec)) return Status(ErrorCode::kAlreadyExists, kRestoreAsideTaken, {aside});
    // The WAL goes with its database: left behind, it would be read into the backup.
    TB_RETURN_IF_ERROR(each_file([&](std::string_view s) -> Status {
      const std::string from = db_path + std::string(s);
      if (!fs::exists(from, ec)) return Status::Ok();
      fs::rename(from, aside + std::string(s), ec);
      if (ec) return Status(ErrorCode::kIoError, kRestoreMove, {from, ec.message()});
      return Status::Ok();
    }));
  }
  // Nothing of another database stays to be read with the backup (a WAL above all).
  TB_RETURN_IF_ERROR(each_file([&](std::string_view s) {
    fs::remove(db_path + std::string(s), ec);
    return Status::Ok();
  }));
  if (before_copy) TB_RETURN_IF_ERROR(before_copy());
  const std::string part = db_path + ".part";
  fs::copy_file(backup, part, fs::copy_options::overwrite_existing, ec);
  if (ec) return Status(ErrorCode::kIoError, kBackupFailed, {db_path, ec.message()});
  if (prepare) {
    const Status prepared = prepare(part);
    for (const char* s : {"-wal", "-shm", "-journal"}) fs::remove(part + s, ec);
    if (!prepared.ok()) {
      fs::remove(part, ec);
      return prepared;
    }
  }
  return RenameDurably(part, db_path);
}

}  // namespace tongban::sync
