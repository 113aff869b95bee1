#include "tongban/central/hub_backup.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>
#include <vector>

#include "tongban/sync/sqlite.h"
#include "tongban/sync/sqlite_backup.h"

namespace tongban::central {
namespace {

constexpr MessageDef kNoHubData{"hub.backup_no_data", "there is no hub data in {0}"};
constexpr MessageDef kNotHubData{"hub.restore_not_hub_data",
                                 "{0} is not whole hub data ({1}); nothing was changed"};
constexpr MessageDef kServing{"hub.restore_serving",
                              "a hub is serving {0}: stop it first ({1}), then restore"};
constexpr MessageDef kLockFile{"hub.serve_lock", "cannot lock {0}: {1}"};

// The files that belong with hub.db.
constexpr std::string_view kHubFiles[] = {"-wal", "-shm"};

std::string HubDb(const std::string& data_dir) { return data_dir + "/hub.db"; }

// Whole hub data: SQLite finds no damage and the hub's tables are there.
Status CheckHubData(const std::string& file) {
  TB_ASSIGN_OR_RETURN(auto db, sync::Database::Open(file, {.create = false, .read_only = true}));
  TB_ASSIGN_OR_RETURN(auto* check, db->Prepare("PRAGMA quick_check"));
  TB_ASSIGN_OR_RETURN(bool row, check->Step());
  const std::string verdict = row ? check->Text(0) : "no answer";
  check->Reset();
  if (verdict != "ok") return Status(ErrorCode::kCorruption, kNotHubData, {file, verdict});
  auto nodes = db->Prepare("SELECT count(*) FROM nodes, hub_meta LIMIT 1");
  if (!nodes.ok()) return Status(ErrorCode::kInvalidArgument, kNotHubData, {file, nodes.status().message()});
  return Status::Ok();
}

std::vector<std::string> Columns(sync::Database& db, const std::string& schema) {
  std::vector<std::string> out;
  auto st = db.Prepare("SELECT name FROM pragma_table_info('nodes', '" + schema + "')");
  if (!st.ok()) return out;
  while (true) {
    auto row = (*st)->Step();
    if (!row.ok() || !*row) break;
    out.push_back((*st)->Text(0));
  }
  return out;
}

// Takes each node's credentials from the replaced data `live` into the restored copy `db`,
// in one transaction: who may sync, with which secret and key, and who must erase
// itself are as they were last, not as at the backup. Nodes announced since the backup
// come along with no progress (they hear the new epoch and send everything again).
Status CarryCredentials(sync::Database& db, const std::string& live, RestoreReport& report) {
  {
    TB_ASSIGN_OR_RETURN(auto* attach, db.Prepare("ATTACH DATABASE ?1 AS live"));
    attach->Bind(1, live);
    TB_RETURN_IF_ERROR(attach->Run());
  }
  struct Detach {
    sync::Database& db;
    ~Detach() { (void)db.Exec("DETACH DATABASE live"); }
  } detach{db};
  TB_RETURN_IF_ERROR(db.Exec("SELECT count(*) FROM live.nodes"));  // readable at all
  // Only columns both know: the backup may come from an older hub than the data replaced.
  static constexpr std::string_view kCredentials[] = {
      "enroll_hash", "secret_hash", "revoked", "public_key", "retired_secret_hash",
      "wipe_told_at", "escrow", "escrow_key"};
  const auto in_copy = Columns(db, "main"), in_live = Columns(db, "live");
  std::string set, cols = "code, name, kind, township, created_at";
  for (const std::string_view name : kCredentials) {
    const std::string c(name);
    if (std::find(in_copy.begin(), in_copy.end(), c) == in_copy.end() ||
        std::find(in_live.begin(), in_live.end(), c) == in_live.end())
      continue;
    set += (set.empty() ? "" : ", ") + c + " = l." + c;
    cols += ", " + c;
  }
  TB_ASSIGN_OR_RETURN(auto tx, sync::Transaction::Begin(db));
  TB_RETURN_IF_ERROR(db.Exec("UPDATE main.nodes SET " + set +
                             " FROM live.nodes AS l WHERE l.code = main.nodes.code"));
  report.nodes_updated = db.Changes();
  TB_RETURN_IF_ERROR(db.Exec("INSERT INTO main.nodes (" + cols + ") SELECT " + cols +
                             " FROM live.nodes WHERE code NOT IN (SELECT code FROM main.nodes)"));
  report.nodes_added = db.Changes();
  TB_RETURN_IF_ERROR(tx->Commit());
  report.credentials_carried = true;
  return Status::Ok();
}

}  // namespace

Status BackupHub(const std::string& data_dir, const std::string& out) {
  if (::access(HubDb(data_dir).c_str(), F_OK) != 0) return NotFound(kNoHubData, {data_dir});
  TB_ASSIGN_OR_RETURN(auto db, sync::Database::Open(HubDb(data_dir), {.create = false}));
  return sync::BackupDatabase(*db, out);
}

Result<RestoreReport> RestoreHub(const std::string& backup, const std::string& data_dir,
                                 bool replace) {
  TB_RETURN_IF_ERROR(CheckHubData(backup));
  auto lock = ServeLock::Take(data_dir, /*exclusive=*/true);
  if (!lock.ok()) return lock.status();
  const std::string aside = HubDb(data_dir) + ".before-restore";
  RestoreReport report;
  // A new epoch, and where the backup's log ends, in the copy before it is in place:
  // every node that hears it goes back to there and sends again what came after.
  TB_RETURN_IF_ERROR(sync::RestoreDatabase(
      backup, HubDb(data_dir), replace, kHubFiles, {}, [&](const std::string& copy) -> Status {
        TB_ASSIGN_OR_RETURN(auto db, sync::Database::Open(copy, {.create = false}));
        TB_RETURN_IF_ERROR(db->Exec(
            "INSERT INTO hub_meta (key, value) VALUES ('epoch', lower(hex(randomblob(8)))), "
            "('epoch_base', (SELECT coalesce(max(seq), 0) FROM hub_log)) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
        // The data replaced, now kept aside; damaged data is the usual reason to restore:
        // then the backup's credentials stand, and the admin is told.
        std::error_code ec;
        if (std::filesystem::exists(aside, ec)) {
          if (Status carried = CarryCredentials(*db, aside, report); !carried.ok())
            report.not_carried = carried;
        }
        return db->Exec("PRAGMA wal_checkpoint(TRUNCATE)");
      }));
  return report;
}

Result<ServeLock> ServeLock::Take(const std::string& data_dir, bool exclusive) {
  const std::string path = data_dir + "/hub.serve-lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Status(ErrorCode::kIoError, kLockFile, {path, std::strerror(errno)});
  if (::flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK)
      return Status(ErrorCode::kBusy, kServing, {data_dir, "systemctl stop tongban-hub"});
    return Status(ErrorCode::kIoError, kLockFile, {path, std::strerror(err)});
  }
  return ServeLock(fd);
}

ServeLock::ServeLock(ServeLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

ServeLock::~ServeLock() {
  if (fd_ >= 0) ::close(fd_);  // closing lets the lock go
}

}  // namespace tongban::central
