#include "tongban/sync/sqlite.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "page_cache.h"
#include "sealed_vfs.h"
#include "tongban/sync/durable_file.h"

namespace tongban::sync {
namespace {

constexpr MessageDef kLocked{"sync.db_locked",
                             "{0}: database is locked by another program; try again in a moment"};
constexpr MessageDef kDiskFull{"sync.db_disk_full", "{0}: disk is full; nothing was saved"};
constexpr MessageDef kNotDb{"sync.db_corrupt", "{0}: file is not a Tongban database or is corrupt"};
constexpr MessageDef kCannotOpen{"sync.db_cannot_open", "{0}: cannot open database file ({1})"};
constexpr MessageDef kReadOnly{"sync.db_read_only", "{0}: database file is read-only"};
constexpr MessageDef kIoError{"sync.db_io_error", "{0}: disk read/write error ({1})"};
constexpr MessageDef kIdDamaged{"sync.db_id_damaged",
                                "a stored record id is damaged ({0} bytes, not 16); restore the "
                                "database from a backup"};
constexpr MessageDef kSchemaNewer{"sync.db_schema_newer",
                                  "{0} schema version {1} is newer than this program ({2}); please "
                                  "update {3}"};
constexpr MessageDef kCtxMigration{"sync.ctx_schema_migration", "schema migration {0}"};
constexpr MessageDef kPageDamaged{"sync.db_page_damaged",
                                  "{0}: page {1} of {2} fails its integrity check: the file was "
                                  "damaged or changed outside Tongban; nothing of it was used"};
constexpr MessageDef kLogDamaged{"sync.db_log_damaged",
                                 "{0}: {1} fails its integrity check: the file was damaged or "
                                 "changed outside Tongban; nothing of it was used"};
constexpr MessageDef kWrongKey{"sync.db_wrong_key",
                               "{0}: the key does not open {1}, or its first page is damaged"};
constexpr MessageDef kNotSealed{"sync.db_not_sealed",
                                "{0}: {1} is not encrypted, but a key was given for it"};
constexpr MessageDef kKeyMissing{"sync.db_key_missing", "{0}: {1} was opened without its key"};
constexpr MessageDef kSealRefused{"sync.db_seal_refused",
                                  "{0}: {1} cannot be encrypted: its pages are {2} bytes, not {3}"};

Status SealStatus(const SealFailure& f, const std::string& ctx) {
  switch (f.kind) {
    case SealFailure::Kind::kPlainFile:
      return FailedPrecondition(kNotSealed, {ctx, f.file});
    case SealFailure::Kind::kKeyMissing:
      return Status(ErrorCode::kInternal, kKeyMissing, {ctx, f.file});
    case SealFailure::Kind::kDamaged:
      break;
  }
  if (f.page == 1) return PermissionDenied(kWrongKey, {ctx, f.file});
  if (f.page == 0) return Corruption(kLogDamaged, {ctx, f.file});
  return Corruption(kPageDamaged, {ctx, std::to_string(f.page), f.file});
}

// A file name as an SQLite URI ("file:" and the absolute path, with ?, # and %
// escaped), so parameters can follow it.
std::string FileUri(const std::string& path) {
  std::string uri = "file:";
  for (char c : std::filesystem::absolute(path).string()) {
    if (c == '?' || c == '#' || c == '%') {
      static constexpr char kHex[] = "0123456789abcdef";
      uri += '%';
      uri += kHex[(static_cast<unsigned char>(c) >> 4) & 15];
      uri += kHex[static_cast<unsigned char>(c) & 15];
    } else {
      uri += c;
    }
  }
  return uri;
}

}  // namespace

Status SqliteStatus(int rc, std::string_view detail, std::string_view context, int sys_errno) {
  const std::string ctx(context);
  // SQLite reports a failed write or shared-memory allocation as an I/O error;
  // the OS's errno tells when the real cause is a full disk.
  if (sys_errno == ENOSPC || sys_errno == EDQUOT) rc = SQLITE_FULL;
  if ((rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_CORRUPT ||
      (rc & 0xff) == SQLITE_CANTOPEN)
    if (auto failure = TakeSealFailure()) return SealStatus(*failure, ctx);
  switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
      return Status::Ok();
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status(ErrorCode::kBusy, kLocked, {ctx});
    case SQLITE_FULL:
      return Status(ErrorCode::kDiskFull, kDiskFull, {ctx});
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status(ErrorCode::kCorruption, kNotDb, {ctx});
    case SQLITE_CANTOPEN:
      return Status(ErrorCode::kIoError, kCannotOpen, {ctx, std::string(detail)});
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return Status(ErrorCode::kIoError, kReadOnly, {ctx});
    case SQLITE_IOERR:
      return Status(ErrorCode::kIoError, kIoError, {ctx, std::string(detail)});
    case SQLITE_CONSTRAINT:
      return Status(ErrorCode::kAlreadyExists, ctx + ": " + std::string(detail));
    default:
      return Status(ErrorCode::kInternal, ctx + ": " + std::string(detail));
  }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::Bind(int index, std::int64_t v) {
  sqlite3_bind_int64(stmt_, index, v);
  return *this;
}
Statement& Statement::Bind(int index, double v) {
  sqlite3_bind_double(stmt_, index, v);
  return *this;
}
Statement& Statement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::BindBlob(int index, std::string_view bytes) {
  sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}
Statement& Statement::Bind(int index, const std::optional<std::string>& text) {
  return text ? Bind(index, std::string_view(*text)) : BindNull(index);
}

Result<bool> Statement::Step() {
  (void)TakeSealFailure();  // one left by an earlier statement (a checkpoint at close) is not this one's
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Status st = SqliteStatus(rc, sqlite3_errmsg(db_), "database", sqlite3_system_errno(db_));
  sqlite3_reset(stmt_);
  return st;
}

Status Statement::Run() {
  for (;;) {
    auto r = Step();
    if (!r.ok()) return r.status();
    if (!*r) {
      sqlite3_reset(stmt_);  // keeps the bindings; Reset() also clears them
      return Status::Ok();
    }
  }
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Statement::Text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  const int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n))
           : std::string();
}

std::string_view Statement::Blob(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  const int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string_view(static_cast<const char*>(p), static_cast<std::size_t>(n))
           : std::string_view();
}

Result<RowId> Statement::Id(int col) const {
  const std::string_view b = Blob(col);
  if (b.size() != 16)
    return Corruption(kIdDamaged, {std::to_string(b.size())});
  return RowId::FromBytes(b.data());
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, OpenOptions options) {
  InstallPageCache();
  int flags = options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (options.create && !options.read_only) flags |= SQLITE_OPEN_CREATE;
  flags |= SQLITE_OPEN_NOMUTEX;
  std::string name = path;
  const char* vfs = nullptr;
  std::shared_ptr<SealedKeyLease> lease;
  if (options.key) {
    lease = std::make_shared<SealedKeyLease>(*options.key);
    name = FileUri(path) + "?tbkey=" + std::to_string(lease->slot());
    vfs = SealedVfsName();
    flags |= SQLITE_OPEN_URI;
  }
  (void)TakeSealFailure();  // a failure left from an earlier file is not this one's
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(name.c_str(), &raw, flags, vfs);
  if (rc != SQLITE_OK) {
    Status st = SqliteStatus(rc, raw ? sqlite3_errmsg(raw) : "out of memory", "open " + path,
                             raw ? sqlite3_system_errno(raw) : 0);
    sqlite3_close(raw);
    return st;
  }
  sqlite3_extended_result_codes(raw, 0);
  sqlite3_busy_timeout(raw, options.busy_timeout_ms);
  std::unique_ptr<Database> db(new Database(raw, path, std::move(lease)));
  if (options.key) {
    // Every page keeps room for its seal; temporary tables and sorts stay in memory,
    // never in a plain temporary file.
    int reserve = kSealedReserve;
    sqlite3_file_control(raw, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve);
    TB_RETURN_IF_ERROR(db->Exec("PRAGMA temp_store = MEMORY").WithContext("open " + path));
    TB_RETURN_IF_ERROR(db->Exec("PRAGMA page_size = " + std::to_string(kSealedPageSize))
                           .WithContext("open " + path));
    // Reads the first page now, so a wrong key or a plain file is told at once.
    TB_RETURN_IF_ERROR(db->Exec("SELECT count(*) FROM sqlite_schema").WithContext("open " + path));
  }
  return db;
}

Status SealDatabase(const std::string& path, const DataKey& key) {
  const std::string sealed = path + ".sealing";
  const std::string ctx = "seal " + path;
  std::error_code ec;
  std::filesystem::remove(sealed, ec);  // what a sealing the power cut short left behind
  const auto drop = [&](Status st) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(sealed + suffix, ec);
    return st;
  };
  TB_ASSIGN_OR_RETURN(auto plain, Database::Open(path, {.create = false, .busy_timeout_ms = 0}));
  // Held until the sealed copy has replaced the file: nobody reads or writes it meanwhile.
  // Leaving WAL mode needs every other connection closed, so a desk or a sync still using
  // the station is told, not lost; the plain file then has no WAL to leave behind.
  TB_RETURN_IF_ERROR(plain->Exec("PRAGMA locking_mode = EXCLUSIVE").WithContext(ctx));
  TB_RETURN_IF_ERROR(plain->Exec("PRAGMA journal_mode = DELETE").WithContext(ctx));
  TB_RETURN_IF_ERROR(plain->Exec("BEGIN EXCLUSIVE; COMMIT").WithContext(ctx));
  {
    TB_ASSIGN_OR_RETURN(auto* size, plain->Prepare("PRAGMA page_size"));
    TB_ASSIGN_OR_RETURN(bool row, size->Step());
    const std::int64_t page_size = row ? size->Int(0) : 0;
    size->Reset();
    if (page_size != kSealedPageSize)
      return FailedPrecondition(kSealRefused, {ctx, path, std::to_string(page_size),
                                               std::to_string(kSealedPageSize)});
  }
  int reserve = kSealedReserve;
  sqlite3_file_control(plain->raw(), "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve);
  {
    // VACUUM INTO writes every page anew through the sealed VFS, with the reserve asked.
    SealedKeyLease lease(key);
    TB_ASSIGN_OR_RETURN(auto* into, plain->Prepare("VACUUM INTO ?1"));
    into->Bind(1, FileUri(sealed) + "?vfs=" + SealedVfsName() + "&tbkey=" +
                      std::to_string(lease.slot()));
    if (Status st = into->Run(); !st.ok()) return drop(st.WithContext(ctx));
  }
  {
    // The copy must open with the key before it replaces anything.
    auto check = Database::Open(sealed, {.create = false, .key = &key});
    if (!check.ok()) return drop(check.status());
    if (Status st = (*check)->Exec("PRAGMA journal_mode = WAL"); !st.ok()) return drop(st);
  }
  for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(sealed + suffix, ec);
  // VACUUM INTO need not sync what it wrote: the copy is on the disk before it replaces
  // the plain file.
  if (const int fd = ::open(sealed.c_str(), O_RDONLY | O_CLOEXEC); fd < 0 || ::fsync(fd) != 0) {
    const int err = errno;
    if (fd >= 0) ::close(fd);
    return drop(SqliteStatus(SQLITE_IOERR, std::strerror(err), ctx, err));
  } else {
    ::close(fd);
  }
  std::filesystem::remove(path + "-shm", ec);
  return RenameDurably(sealed, path);
}  // the plain connection closes here, on the file it had: nothing of it is named `path` now

Database::~Database() {
  cache_.clear();
  sqlite3_close(db_);
}

Status Database::Exec(std::string_view sql) {
  char* err = nullptr;
  const std::string s(sql);
  (void)TakeSealFailure();
  const int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  Status st = SqliteStatus(rc, err ? err : "", "database", sqlite3_system_errno(db_));
  sqlite3_free(err);
  return st;
}

Result<Statement*> Database::Prepare(std::string_view sql) {
  std::string key(sql);
  auto it = cache_.find(key);
  if (it != cache_.end()) {
    it->second->Reset();
    return it->second.get();
  }
  sqlite3_stmt* stmt = nullptr;
  const int rc =
      sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT,
                         &stmt, nullptr);
  if (rc != SQLITE_OK)
    return SqliteStatus(rc, sqlite3_errmsg(db_), "prepare", sqlite3_system_errno(db_));
  auto owned = std::make_unique<Statement>(db_, stmt);
  Statement* p = owned.get();
  cache_.emplace(std::move(key), std::move(owned));
  return p;
}

Status Database::LastError(std::string_view context) const {
  return SqliteStatus(sqlite3_errcode(db_), sqlite3_errmsg(db_), context,
                      sqlite3_system_errno(db_));
}

Result<std::unique_ptr<Transaction>> Transaction::Begin(Database& db) {
  TB_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  return std::unique_ptr<Transaction>(new Transaction(db));
}

Transaction::~Transaction() {
  if (!done_) (void)db_.Exec("ROLLBACK");
}

Status Transaction::Commit() {
  Status st = db_.Exec("COMMIT");
  if (st.ok()) done_ = true;
  return st;
}

Status ApplyMigrations(Database& db, std::span<const Migration> migrations, std::string_view what,
                       std::string_view program) {
  TB_ASSIGN_OR_RETURN(auto* st, db.Prepare("PRAGMA user_version"));
  TB_ASSIGN_OR_RETURN(bool row, st->Step());
  const int current = row ? static_cast<int>(st->Int(0)) : 0;
  st->Reset();
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  if (current > latest)
    return FailedPrecondition(kSchemaNewer, {std::string(what), std::to_string(current),
                                             std::to_string(latest), std::string(program)});
  for (const Migration& m : migrations) {
    if (m.version <= current) continue;
    TB_ASSIGN_OR_RETURN(auto tx, Transaction::Begin(db));
    TB_RETURN_IF_ERROR(db.Exec(m.sql).WithContext(kCtxMigration, {std::to_string(m.version)}));
    TB_RETURN_IF_ERROR(db.Exec("PRAGMA user_version = " + std::to_string(m.version)));
    TB_RETURN_IF_ERROR(tx->Commit());
  }
  return Status::Ok();
}

}  // namespace tongban::sync
