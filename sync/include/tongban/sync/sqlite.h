// A thin RAII layer over SQLite used by the node store and the hub store.
//
// Contract: a Database is owned by one thread at a time (not thread safe).
// Every SQLite error becomes a Status whose message a person can act on:
// "database is locked by another program", "disk is full", "file is not a
// Tongban database or is corrupt". Writes go through Transaction, which rolls
// back unless Commit() succeeded.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <span>
#include <string_view>
#include <unordered_map>

#include "tongban/status.h"
#include "tongban/sync/page_cipher.h"
#include "tongban/sync/row_id.h"

namespace tongban::sync {

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds by 1-based index. Text and blobs are copied by SQLite.
  Statement& Bind(int index, std::int64_t v);
  Statement& Bind(int index, int v) { return Bind(index, static_cast<std::int64_t>(v)); }
  Statement& Bind(int index, double v);
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, const std::string& text) { return Bind(index, std::string_view(text)); }
  Statement& BindBlob(int index, std::string_view bytes);
  Statement& BindNull(int index);
  Statement& Bind(int index, const std::optional<std::string>& text);

  // Advances one row: true when a row is available, false when done.
  Result<bool> Step();
  // Runs to completion, ignoring rows, and resets the statement so it can be bound and
  // run again (SQLite refuses binds on a finished statement).
  Status Run();
  void Reset();

  std::int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Double(int col) const { return sqlite3_column_double(stmt_, col); }
  std::string Text(int col) const;
  std::string_view Blob(int col) const;
  // A 16-byte record id; a damaged one (another length, NULL) is Corruption, never a read
  // past the blob.
  Result<RowId> Id(int col) const;
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::optional<std::string> OptText(int col) const {
    return IsNull(col) ? std::nullopt : std::optional<std::string>(Text(col));
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

struct OpenOptions {
  bool create = true;          // create the file if missing
  bool read_only = false;
  int busy_timeout_ms = 5000;  // wait this long for another writer before failing
  // The station's data key: every page of the file, its WAL and journal is sealed with
  // it (sealed_vfs.h). Null: a plain file. A plain file opened with a key, or a sealed
  // one with the wrong key, is refused at Open with a message saying which.
  const DataKey* key = nullptr;
};

class Database {
 public:
  static Result<std::unique_ptr<Database>> Open(const std::string& path, OpenOptions options = {});
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Status Exec(std::string_view sql);
  // A prepared statement cached for the life of the Database, reset and unbound.
  Result<Statement*> Prepare(std::string_view sql);
  // Converts the last error of this connection into a Status.
  Status LastError(std::string_view context) const;

  std::int64_t LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }
  const std::string& path() const { return path_; }
  sqlite3* raw() { return db_; }

 private:
  Database(sqlite3* db, std::string path, std::shared_ptr<void> key_lease)
      : db_(db), path_(std::move(path)), key_lease_(std::move(key_lease)) {}
  sqlite3* db_;
  std::string path_;
  std::shared_ptr<void> key_lease_;  // the key lent to the VFS while the file is open
  std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
};

// Maps an SQLite result code (and the OS errno behind it) to a Status with a
// plain-language message. An I/O error caused by a page that failed its integrity check
// (sealed_vfs.h) says so and names the page.
Status SqliteStatus(int rc, std::string_view detail, std::string_view context, int sys_errno = 0);

// Encrypts a plain database file in place with `key`: a sealed copy is written beside
// it and renamed over it, so a power cut leaves either the plain file or the sealed
// one, whole. No other program may have the file open (it is locked exclusively).
Status SealDatabase(const std::string& path, const DataKey& key);

// Pages sealed on their way to disk and checked on their way back, by every sealed
// file of this process since it started: what encryption costs is counted in pages.
struct SealedPageCounts {
  std::uint64_t sealed = 0;
  std::uint64_t opened = 0;
};
SealedPageCounts SealedPagesSoFar();

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless committed.
class Transaction {
 public:
  static Result<std::unique_ptr<Transaction>> Begin(Database& db);
  ~Transaction();
  Status Commit();

 private:
  explicit Transaction(Database& db) : db_(db) {}
  Database& db_;
  bool done_ = false;
};

// One numbered schema migration: the SQL that produces PRAGMA user_version `version`.
struct Migration {
  int version;
  const char* sql;
};

// Applies every migration above the file's user_version, each in its own
// transaction. A file written by a newer build (user_version above the last
// migration) is refused with FailedPrecondition naming `what` and `program`.
Status ApplyMigrations(Database& db, std::span<const Migration> migrations, std::string_view what,
                       std::string_view program);

}  // namespace tongban::sync
