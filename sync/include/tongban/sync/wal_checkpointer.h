// WalCheckpointer: moves a busy writer's WAL checkpoints onto a thread of their own.
//
// By default SQLite checkpoints inside the commit that takes the WAL past 1,000 pages,
// so one writer's commit in every few also copies the WAL into the database and syncs
// it. The hub applies pushes on one writer connection; with this, that copying runs
// beside it on the other core (a passive checkpoint never blocks the writer). Should the
// WAL still outgrow `hard_pages` (the thread cannot keep up), the writer checkpoints
// itself as before, so the file stays bounded.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "tongban/status.h"
#include "tongban/sync/sqlite.h"

namespace tongban::sync {

class WalCheckpointer {
 public:
  struct Options {
    int pages = 1000;        // wake the thread once the WAL holds this many pages
    int hard_pages = 16000;  // the writer checkpoints itself beyond this
  };

  // `writer` must be in WAL mode and outlive this object.
  static Result<std::unique_ptr<WalCheckpointer>> Start(Database& writer, Options options);
  static Result<std::unique_ptr<WalCheckpointer>> Start(Database& writer) {
    return Start(writer, Options{});
  }
  ~WalCheckpointer();  // stops the thread; the hook goes back to SQLite's own
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Checkpoints by the thread that copied pages back, so far (for tests and figures).
  int checkpoints() const;

 private:
  WalCheckpointer(Database& writer, std::unique_ptr<Database> own, Options options);
  static int OnCommit(void* self, sqlite3* db, const char* schema, int pages);
  void Run();

  Database& writer_;
  std::unique_ptr<Database> own_;  // the thread's connection
  Options options_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool due_ = false;
  bool stop_ = false;
  int checkpoints_ = 0;
  std::thread thread_;
};

}  // namespace tongban::sync
