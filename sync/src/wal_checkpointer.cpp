#include "tongban/sync/wal_checkpointer.h"

namespace tongban::sync {

Result<std::unique_ptr<WalCheckpointer>> WalCheckpointer::Start(Database& writer,
                                                                Options options) {
  TB_ASSIGN_OR_RETURN(auto own, Database::Open(writer.path(), {.create = false}));
  // A connection opens the WAL at its first read; before that a checkpoint finds none
  // and does nothing.
  TB_RETURN_IF_ERROR(own->Exec("SELECT count(*) FROM sqlite_schema"));
  std::unique_ptr<WalCheckpointer> out(new WalCheckpointer(writer, std::move(own), options));
  // Replaces SQLite's own hook, which is what runs the checkpoint inside a commit.
  sqlite3_wal_hook(writer.raw(), &WalCheckpointer::OnCommit, out.get());
  out->thread_ = std::thread([self = out.get()] { self->Run(); });
  return out;
}

WalCheckpointer::WalCheckpointer(Database& writer, std::unique_ptr<Database> own,
                                 Options options)
    : writer_(writer), own_(std::move(own)), options_(options) {}

WalCheckpointer::~WalCheckpointer() {
  sqlite3_wal_autocheckpoint(writer_.raw(), 1000);  // SQLite's default hook again
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

int WalCheckpointer::checkpoints() const {
  std::lock_guard lock(mu_);
  return checkpoints_;
}

// Runs in the writer's commit, with its connection's lock held: only wakes the thread,
// unless the WAL has grown past the hard bound.
int WalCheckpointer::OnCommit(void* self, sqlite3* db, const char* schema, int pages) {
  auto* me = static_cast<WalCheckpointer*>(self);
  if (pages >= me->options_.hard_pages) {
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    return SQLITE_OK;
  }
  if (pages >= me->options_.pages) {
    {
      std::lock_guard lock(me->mu_);
      me->due_ = true;
    }
    me->wake_.notify_one();
  }
  return SQLITE_OK;
}

void WalCheckpointer::Run() {
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait(lock, [&] { return due_ || stop_; });
    if (stop_) return;
    due_ = false;
    lock.unlock();
    // Busy (a backup's checkpoint, say) is no failure: the next commit wakes us again.
    int log = 0, copied = 0;
    const int rc = sqlite3_wal_checkpoint_v2(own_->raw(), "main", SQLITE_CHECKPOINT_PASSIVE,
                                             &log, &copied);
    lock.lock();
    if (rc == SQLITE_OK && copied > 0) ++checkpoints_;
  }
}

}  // namespace tongban::sync
