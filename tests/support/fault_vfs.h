// FaultVfs: an SQLite VFS that loses power on purpose, in the spirit of LevelDB's
// fault-injection env.
//
// It wraps the platform VFS ("unix") and, for files under a watched folder, remembers
// what a power cut would take away: every write and truncate since the file's last
// xSync (as the pre-image of the bytes it changed) and, for a file it saw created,
// whether its directory entry was synced yet. SQLite's unix VFS syncs the directory
// only at the first xSync of a new rollback journal, super-journal or WAL; a sync of
// any file in a folder then makes the entries of every file there durable. So a file
// created and never covered by such a sync vanishes in a power cut.
//
// A power cut comes at the N-th write, truncate or sync of a watched file after
// CrashAfter(N) (that operation fails and does not happen), or at once with
// SimulatePowerLoss(). From then on every read, write, sync, lock and open of a
// watched file fails with an SQLITE_IOERR code, so the connections above "die"
// without touching the files again. The test then closes every connection and calls
// Recover(), which puts each watched file back to what its last sync left (unsynced
// writes undone, the size restored, never-synced files removed) and removes the -shm
// files: their content is rebuilt by SQLite from the WAL, as after a real reboot.
//
// Not modelled: deletes are taken as durable at once (SQLite deletes only a WAL or
// journal whose content is already in the database, so bringing one back would
// replay what is there); torn sector writes (everything unsynced is dropped whole);
// files outside the watched folders, which pass through untouched (the hub in a test
// is another machine and keeps its power).
//
// Threads: every method is safe to call from any thread; SQLite may call in from
// several connections at once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "tongban/status.h"

namespace tongban::test {

class FaultVfs {
 public:
  // Registers the VFS under the name "tongban-fault" as the process default, so every
  // sqlite3_open_v2 without a VFS name goes through it. Call before the first open.
  // Registered once per process; later calls return the same object.
  static FaultVfs& Install();

  // Files whose path starts with `folder` (an absolute path) are recorded and may
  // lose power; other files pass through. A file is recorded from its next open.
  void Watch(const std::string& folder);
  // Forgets `folder` and every file state under it (call after removing the folder).
  void Unwatch(const std::string& folder);

  // The power fails at the `n`-th write, truncate or sync of a watched file from now
  // (n >= 1); 0 disarms. The failing operation does not happen.
  void CrashAfter(std::int64_t n);
  // The power fails now, between two operations.
  void SimulatePowerLoss();
  bool crashed() const;

  // Brings every watched file back to its last synced state and lets I/O through
  // again. Every connection to a watched file must be closed first: a handle still
  // open is an error (its process would have died with the power).
  Status Recover();

  // Writes, truncates and syncs of watched files so far (armed or not), for a test
  // that wants to place a crash within a range it measured.
  std::int64_t operations() const;

  FaultVfs(const FaultVfs&) = delete;
  FaultVfs& operator=(const FaultVfs&) = delete;
  ~FaultVfs();

  class Impl;

 private:
  FaultVfs();
  std::unique_ptr<Impl> impl_;
};

}  // namespace tongban::test
