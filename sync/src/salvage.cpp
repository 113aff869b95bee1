#include "tongban/sync/salvage.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <cctype>
#include <filesystem>
#include <limits>
#include <optional>

#include "tongban/sync/durable_file.h"

namespace tongban::sync {
namespace {

constexpr MessageDef kCheckFailed{"sync.check_failed", "the database is damaged: {0}"};
constexpr MessageDef kSchemaUnreadable{"sync.salvage_schema",
                                       "the schema of {0} cannot be read ({1}); nothing can be "
                                       "salvaged from it"};
constexpr MessageDef kTargetExists{"sync.salvage_target_exists", "{0} exists already"};
constexpr MessageDef kCopyFailed{"sync.salvage_copy_failed", "cannot copy into {0}: {1}"};

std::string Quote(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// A raw statement, finalized on scope exit: values are copied with sqlite3_value as
// they are, whatever their type.
struct Raw {
  sqlite3_stmt* stmt = nullptr;
  Raw() = default;
  Raw(const Raw&) = delete;
  Raw& operator=(const Raw&) = delete;
  ~Raw() { sqlite3_finalize(stmt); }
};

bool Prepare(sqlite3* db, const std::string& sql, Raw& out) {
  return sqlite3_prepare_v2(db, sql.c_str(), -1, &out.stmt, nullptr) == SQLITE_OK;
}

// What a failed read means: a damaged page (go on after it) or anything else (stop).
bool IsDamage(int rc) {
  const int primary = rc & 0xff;
  return primary == SQLITE_IOERR || primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

struct SchemaEntry {
  std::string type, name, sql;
};

class Copier {
 public:
  Copier(sqlite3* from, sqlite3* to, std::string to_path)
      : from_(from), to_(to), to_path_(std::move(to_path)) {}

  Status CopyTable(const std::string& table, bool rowid, SalvageReport::Table& report) {
    const std::string q = Quote(table);
    Raw columns;
    if (!Prepare(from_, "SELECT * FROM " + q + " LIMIT 0", columns)) {
      report.damaged = true;  // its first page cannot be read: every row is lost
      return Status::Ok();
    }
    const int n = sqlite3_column_count(columns.stmt);
    std::string marks;
    for (int i = 0; i < n; ++i) marks += i ? ",?" : "?";
    Raw insert;
    if (!Prepare(to_, "INSERT INTO " + q + " VALUES (" + marks + ")", insert))
      return Failed();
    if (!rowid) return CopyAll(q, n, insert, report);
    return CopyByRowid(q, n, insert, report);
  }

 private:
  Status Failed() { return Status(ErrorCode::kIoError, kCopyFailed, {to_path_, sqlite3_errmsg(to_)}); }

  Status Insert(Raw& insert, sqlite3_stmt* row, int first, int n) {
    sqlite3_reset(insert.stmt);
    for (int i = 0; i < n; ++i) sqlite3_bind_value(insert.stmt, i + 1, sqlite3_column_value(row, first + i));
    return sqlite3_step(insert.stmt) == SQLITE_DONE ? Status::Ok() : Failed();
  }

  // WITHOUT ROWID: one ordered scan; the rows after a damaged page are lost.
  Status CopyAll(const std::string& q, int n, Raw& insert, SalvageReport::Table& report) {
    Raw read;
    if (!Prepare(from_, "SELECT * FROM " + q, read)) {
      report.damaged = true;
      return Status::Ok();
    }
    int rc;
    while ((rc = sqlite3_step(read.stmt)) == SQLITE_ROW) {
      TB_RETURN_IF_ERROR(Insert(insert, read.stmt, 0, n));
      ++report.copied;
    }
    if (rc != SQLITE_DONE) {
      if (!IsDamage(rc)) return Failed();
      report.damaged = true;
    }
    return Status::Ok();
  }

  // Rowid tables: read in rowid order; at a damaged page, find the next rowid that can be
  // read and go on from there.
  Status CopyByRowid(const std::string& q, int n, Raw& insert, SalvageReport::Table& report) {
    Raw read, probe;
    if (!Prepare(from_, "SELECT rowid, * FROM " + q + " WHERE rowid >= ?1 ORDER BY rowid", read) ||
        !Prepare(from_, "SELECT rowid FROM " + q + " WHERE rowid >= ?1 ORDER BY rowid LIMIT 1", probe)) {
      report.damaged = true;
      return Status::Ok();
    }
    std::int64_t next = std::numeric_limits<std::int64_t>::min();
    for (;;) {
      sqlite3_reset(read.stmt);
      sqlite3_bind_int64(read.stmt, 1, next);
      std::optional<std::int64_t> last;
      int rc;
      while ((rc = sqlite3_step(read.stmt)) == SQLITE_ROW) {
        last = sqlite3_column_int64(read.stmt, 0);
        TB_RETURN_IF_ERROR(Insert(insert, read.stmt, 1, n));
        ++report.copied;
      }
      if (rc == SQLITE_DONE) return Status::Ok();
      if (!IsDamage(rc)) return Failed();
      report.damaged = true;
      // The first rowid not read: past the last row copied, or past `next` itself when the
      // very first row failed (an overflow page), so every turn moves on.
      const std::int64_t from_here = last ? *last : next;
      if (from_here == std::numeric_limits<std::int64_t>::max()) return Status::Ok();
      const auto resume = NextReadable(probe, from_here + 1);
      if (!resume) return Status::Ok();
      next = *resume;
    }
  }

  // The smallest rowid at or after `at` whose page can be read; nullopt when none is.
  // Jumps grow twice as large past damaged pages, then a bisection finds the first seek
  // that reads again.
  std::optional<std::int64_t> NextReadable(Raw& probe, std::int64_t at) {
    // nullopt: the seek met damage; a value: the rowid found (or max when there is none).
    const auto seek = [&](std::int64_t x) -> std::optional<std::int64_t> {
      sqlite3_reset(probe.stmt);
      sqlite3_bind_int64(probe.stmt, 1, x);
      const int rc = sqlite3_step(probe.stmt);
      if (rc == SQLITE_ROW) return sqlite3_column_int64(probe.stmt, 0);
      if (rc == SQLITE_DONE) return std::numeric_limits<std::int64_t>::max();
      return std::nullopt;
    };
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    std::int64_t failed = at - 1, step = 1, x = at;
    std::optional<std::int64_t> found;
    while (!(found = seek(x))) {
      failed = x;
      if (x > kMax - step) return std::nullopt;
      x += step;
      step = step > kMax / 2 ? step : step * 2;
    }
    while (x - failed > 1) {
      const std::int64_t mid = failed + (x - failed) / 2;
      if (auto f = seek(mid)) {
        x = mid;
        found = f;
      } else {
        failed = mid;
      }
    }
    if (*found == kMax) return std::nullopt;
    return found;
  }

  sqlite3* from_;
  sqlite3* to_;
  std::string to_path_;
};

}  // namespace

Status CheckEveryPage(Database& db) {
  TB_ASSIGN_OR_RETURN(auto* st, db.Prepare("PRAGMA integrity_check"));
  std::optional<std::string> problem;
  for (;;) {
    Result<bool> row = st->Step();
    if (!row.ok()) {
      st->Reset();
      return row.status();
    }
    if (!*row) break;
    if (!problem && st->Text(0) != "ok") problem = st->Text(0);
  }
  st->Reset();
  if (problem) return Corruption(kCheckFailed, {*problem});
  return Status::Ok();
}

std::vector<std::string> SalvageReport::damaged_tables() const {
  std::vector<std::string> out;
  for (const auto& t : tables)
    if (t.damaged) out.push_back(t.name);
  return out;
}

Result<SalvageReport> Salvage(Database& from, const std::string& to_path, const DataKey* key) {
  std::error_code ec;
  if (std::filesystem::exists(to_path, ec)) return Status(ErrorCode::kAlreadyExists, kTargetExists, {to_path});
  std::vector<SchemaEntry> schema;
  std::int64_t user_version = 0;
  {
    Raw st;
    int rc = SQLITE_ERROR;
    if (Prepare(from.raw(),
                "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND "
                "substr(name, 1, 7) <> 'sqlite_' ORDER BY rowid",
                st)) {
      while ((rc = sqlite3_step(st.stmt)) == SQLITE_ROW)
        schema.push_back({reinterpret_cast<const char*>(sqlite3_column_text(st.stmt, 0)),
                          reinterpret_cast<const char*>(sqlite3_column_text(st.stmt, 1)),
                          reinterpret_cast<const char*>(sqlite3_column_text(st.stmt, 2))});
    }
    Raw version;
    if (rc != SQLITE_DONE || !Prepare(from.raw(), "PRAGMA user_version", version) ||
        sqlite3_step(version.stmt) != SQLITE_ROW)
      return Corruption(kSchemaUnreadable, {from.path(), sqlite3_errmsg(from.raw())});
    user_version = sqlite3_column_int64(version.stmt, 0);
  }

  TB_ASSIGN_OR_RETURN(auto to, Database::Open(to_path, {.create = true, .key = key}));
  // One file, no WAL beside it: the copy is renamed into place whole.
  TB_RETURN_IF_ERROR(to->Exec("PRAGMA journal_mode = DELETE"));
  TB_ASSIGN_OR_RETURN(auto tx, Transaction::Begin(*to));
  SalvageReport report;
  Copier copier(from.raw(), to->raw(), to_path);
  // Tables and their rows first, then indexes, triggers and views, built from the rows;
  // AUTOINCREMENT's high-water marks too, so no number is handed out twice.
  for (const auto& e : schema) {
    if (e.type != "table") continue;
    TB_RETURN_IF_ERROR(to->Exec(e.sql));
    report.tables.push_back({e.name});
    std::string upper = e.sql;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const bool rowid = upper.find("WITHOUT ROWID") == std::string::npos;
    TB_RETURN_IF_ERROR(copier.CopyTable(e.name, rowid, report.tables.back()));
  }
  for (const auto& e : schema)
    if (e.type != "table") TB_RETURN_IF_ERROR(to->Exec(e.sql));
  {
    Raw has;
    if (Prepare(to->raw(), "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'", has) &&
        sqlite3_step(has.stmt) == SQLITE_ROW) {
      SalvageReport::Table seq{"sqlite_sequence"};
      TB_RETURN_IF_ERROR(copier.CopyTable("sqlite_sequence", true, seq));
    }
  }
  TB_RETURN_IF_ERROR(to->Exec("PRAGMA user_version = " + std::to_string(user_version)));
  TB_RETURN_IF_ERROR(tx->Commit());
  return report;
}

Result<std::optional<SalvageReport>> SalvageInPlace(
    const std::string& path, const DataKey* key,
    const std::function<Status(Database& salvaged, const SalvageReport& report)>& fixup) {
  const std::string copy = path + ".salvage", kept = path + ".damaged";
  std::error_code ec;
  const auto drop = [&](Status st) {
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) std::filesystem::remove(copy + suffix, ec);
    return st;
  };
  (void)drop(Status::Ok());  // what a salvage cut short left behind
  TB_ASSIGN_OR_RETURN(auto from, Database::Open(path, {.create = false, .busy_timeout_ms = 0, .key = key}));
  // Held until the copy has replaced the file: nobody else reads or writes it meanwhile.
  TB_RETURN_IF_ERROR(from->Exec("PRAGMA locking_mode = EXCLUSIVE"));
  // Out of WAL mode when the log can be checkpointed; a damaged log stays, read as it is.
  if (!from->Exec("PRAGMA journal_mode = DELETE").ok())
    TB_RETURN_IF_ERROR(from->Exec("BEGIN EXCLUSIVE; COMMIT"));
  const Status damage = CheckEveryPage(*from);
  if (damage.ok()) return std::optional<SalvageReport>();
  if (damage.code() != ErrorCode::kCorruption) return damage;
  auto report = Salvage(*from, copy, key);
  if (!report.ok()) return drop(report.status());
  {
    auto salvaged = Database::Open(copy, {.create = false, .key = key});
    if (!salvaged.ok()) return drop(salvaged.status());
    if (Status st = fixup ? fixup(**salvaged, *report) : Status::Ok(); !st.ok()) return drop(st);
  }
  if (const int fd = ::open(copy.c_str(), O_RDONLY | O_CLOEXEC); fd < 0 || ::fsync(fd) != 0) {
    const int err = errno;
    if (fd >= 0) ::close(fd);
    return drop(Status(ErrorCode::kIoError, kCopyFailed, {copy, std::strerror(err)}));
  } else {
    ::close(fd);
  }
  // The damaged file stays reachable under its own name, then the copy takes the place.
  for (const char* suffix : {"", "-wal", "-journal"}) std::filesystem::remove(kept + suffix, ec);
  if (::link(path.c_str(), kept.c_str()) != 0)
    return drop(Status(ErrorCode::kIoError, kCopyFailed, {kept, std::strerror(errno)}));
  if (std::filesystem::exists(path + "-wal", ec)) std::filesystem::copy_file(path + "-wal", kept + "-wal", ec);
  for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(path + suffix, ec);
  TB_RETURN_IF_ERROR(RenameDurably(copy, path));
  return std::optional<SalvageReport>(std::move(*report));
}

}  // namespace tongban::sync
