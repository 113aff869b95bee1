// Backups of the hub's SQLite data: a consistent copy taken while it serves (SQLite's
// online backup), and putting one back while it is stopped. A restore gives the data a
// new epoch; each node hears it in its next hello, goes back to where the hub stands and
// sends again what the hub lost (Replica::NoteHubEpoch), so nothing a node holds is lost.
#pragma once

#include <string>

#include "tongban/status.h"

namespace tongban::central {

// Copies the hub's data in `data_dir` to `out` (a new file, 0600).
Status BackupHub(const std::string& data_dir, const std::string& out);

// What a restore took over from the data it replaced.
struct RestoreReport {
  // Credentials are the replaced data's, not the backup's: a node revoked or enrolled
  // again since the backup stays so, and a node announced since is still known.
  bool credentials_carried = false;
  int nodes_updated = 0, nodes_added = 0;
  Status not_carried;  // why not, when there was data to take them from
};

// Puts the backup at `backup` in place as the hub's data in `data_dir`, after checking
// it is whole hub data. Refused while a hub serves that folder; an existing hub.db is
// kept beside as hub.db.before-restore when `replace`, else refused. Each node's
// credentials are taken over from the data replaced when it can be read.
Result<RestoreReport> RestoreHub(const std::string& backup, const std::string& data_dir, bool replace);

// Held (shared) by `tongban-central serve` for as long as it serves `data_dir`, and
// (exclusive) by a restore, so a restore never puts a file under a running hub.
class ServeLock {
 public:
  static Result<ServeLock> Take(const std::string& data_dir, bool exclusive);
  ServeLock(ServeLock&& other) noexcept;
  ServeLock& operator=(ServeLock&&) = delete;
  ~ServeLock();

 private:
  explicit ServeLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace tongban::central
