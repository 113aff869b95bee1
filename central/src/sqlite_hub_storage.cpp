// The SQLite backend of the hub's storage (hub_repository.h): plain reads and writes.
// Layout: docs/protocol.md, "Hub storage".
#include <charconv>
#include <filesystem>

#include "record_codec.h"
#include "tongban/central/hub_repository.h"
#include "tongban/sync/scan_transfer.h"
#include "tongban/sync/sqlite.h"
#include "tongban/sync/wal_checkpointer.h"

namespace tongban::central {
namespace {

// {1}: the command that enrolls it again, the same in every language.
constexpr MessageDef kNodeExists{"hub.node_exists",
                                 "a node with code {0} exists already; to enroll it again (a "
                                 "station restored from a backup, a new laptop for a lost one) "
                                 "run '{1}'"};
constexpr MessageDef kNoNode{"hub.no_node", "no node with code {0}"};
constexpr MessageDef kClockDamaged{"hub.clock_damaged",
                                   "hub data is damaged: hub_meta hlc_last is not a number: {0}"};
constexpr MessageDef kNoConflict{"hub.no_conflict", "no conflict #{0}"};
constexpr MessageDef kCannotCreate{"hub.cannot_create_dir", "cannot create {0}: {1}"};
constexpr MessageDef kCtxOpen{"hub.ctx_open_storage", "open hub data in {0}"};
constexpr MessageDef kCtxCaseRecord{"hub.ctx_case_record", "a record of a case"};
constexpr MessageDef kCtxLogEntry{"hub.ctx_log_entry", "hub log entry {0}"};
constexpr MessageDef kCtxRecord{"hub.ctx_record", "a {0:table} record"};
constexpr MessageDef kCtxConflict{"hub.ctx_conflict", "conflict #{0}"};

using nlohmann::json;
using sync::Change;
using sync::Hlc;
using sync::RowId;
using sync::Statement;

// Numbered hub migrations, each producing the user_version it names. Every table
// and column says what it is for. Migration 1 is the layout hubs had before
// migrations were numbered, so it creates only what is missing.
constexpr sync::Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE IF NOT EXISTS hub_meta (   -- hub settings: hlc_last, admin_token_hash
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS nodes (      -- every enrolled or announced node
  code            TEXT PRIMARY KEY,     -- node code
  name            TEXT NOT NULL,        -- display name
  kind            TEXT NOT NULL,        -- station | township | county-office | field
  township        TEXT NOT NULL,        -- township center above the node
  enroll_hash     BLOB,                 -- hash of the one-time enrollment code; NULL once used
  secret_hash     BLOB,                 -- hash of the node secret; NULL until enrolled
  revoked         INTEGER NOT NULL DEFAULT 0, -- 1: sends what it holds, then erases; 2: erases at once
  created_at      INTEGER NOT NULL,     -- Unix ms
  last_seen       INTEGER,              -- Unix ms of the last authenticated request
  acked_seq       INTEGER NOT NULL DEFAULT 0, -- last node change applied (dedup and order)
  acked_hlc       INTEGER NOT NULL DEFAULT 0, -- its HLC: a node restored from a backup is told
  pulled_cursor   INTEGER NOT NULL DEFAULT 0, -- hub sequence the node has been served up to
  changes_applied INTEGER NOT NULL DEFAULT 0, -- count of applied node changes
  rejected        INTEGER NOT NULL DEFAULT 0  -- count of refused node changes
);
CREATE TABLE IF NOT EXISTS records (    -- current state of every synchronised record
  tbl     TEXT NOT NULL,                -- synced table
  row     BLOB NOT NULL,                -- 16-byte global row id
  scope_a TEXT,                         -- node allowed to see it ('*' = every node)
  scope_b TEXT,                         -- second node allowed (processing office)
  deleted INTEGER NOT NULL DEFAULT 0,   -- tombstone
  fields  BLOB NOT NULL,                -- MessagePack map column -> [value, version, node, user]
  PRIMARY KEY (tbl, row)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hub_log (    -- every accepted change, in hub order; nodes pull from it
  seq        INTEGER PRIMARY KEY,       -- hub sequence (the pull cursor)
  origin     TEXT NOT NULL,             -- author node ('hub' for publications, corrections, resolutions)
  origin_seq INTEGER NOT NULL,          -- the author's change seq (0 for the hub)
  hlc        INTEGER NOT NULL,          -- HLC of the change
  tbl        TEXT NOT NULL,             -- synced table
  row        BLOB NOT NULL,             -- record
  op         INTEGER NOT NULL,          -- 0 upsert, 1 delete
  user       TEXT NOT NULL,             -- author login
  fields     BLOB NOT NULL,             -- MessagePack [column, value, version, ...]
  scope_a    TEXT,                      -- who receives it (as records.scope_a)
  scope_b    TEXT                       -- second receiver
);
CREATE INDEX IF NOT EXISTS hub_log_by_scope_a ON hub_log (scope_a, seq);
CREATE INDEX IF NOT EXISTS hub_log_by_scope_b ON hub_log (scope_b, seq);
CREATE TABLE IF NOT EXISTS conflicts (  -- the conflict inbox
  id             INTEGER PRIMARY KEY,   -- conflict number
  tbl            TEXT NOT NULL,         -- table
  row            BLOB NOT NULL,         -- record
  col            TEXT NOT NULL,         -- field ('*' = whole record)
  label          TEXT NOT NULL,         -- case number or other context for people
  local_value    BLOB,                  -- MessagePack value the pushing node wrote
  local_node     TEXT NOT NULL,         -- pushing node
  local_user     TEXT NOT NULL,         -- its author
  local_hlc      INTEGER NOT NULL,      -- its HLC
  hub_value      BLOB,                  -- MessagePack value the hub had
  hub_node       TEXT NOT NULL,         -- who wrote the hub value
  hub_user       TEXT NOT NULL,         -- its author
  hub_hlc        INTEGER NOT NULL,      -- its version
  base_hlc       INTEGER NOT NULL,      -- version the pushing node edited against
  provisional    BLOB,                  -- MessagePack value all nodes hold until resolved
  status         TEXT NOT NULL,         -- open | resolved
  resolution     TEXT,                  -- local | hub | value
  resolved_value BLOB,                  -- MessagePack chosen value
  note           TEXT,                  -- the admin's note
  resolved_by    TEXT,                  -- admin
  created_at     INTEGER NOT NULL,      -- Unix ms
  resolved_at    INTEGER,               -- Unix ms
  scope_a        TEXT,                  -- nodes holding the record, for per-node counts
  scope_b        TEXT
);
CREATE INDEX IF NOT EXISTS conflicts_by_status ON conflicts (status);
CREATE TABLE IF NOT EXISTS scans (      -- scan content sent by nodes, by content address
  sha256       TEXT PRIMARY KEY,        -- lower-case hex SHA-256 of the whole content
  size         INTEGER NOT NULL,        -- declared total bytes
  mime         TEXT NOT NULL,           -- image/jpeg | image/png | application/pdf
  held         INTEGER NOT NULL,        -- bytes received, a prefix: where the next chunk starts
  complete     INTEGER NOT NULL DEFAULT 0, -- 1 once every byte is here and matches sha256
  origin       TEXT NOT NULL,           -- node that sent the first chunk
  created_at   INTEGER NOT NULL,        -- Unix ms of the first chunk
  completed_at INTEGER                  -- Unix ms of the check that made it complete
);
CREATE TABLE IF NOT EXISTS scan_chunks ( -- the bytes of scans, in the pieces they arrived in
  id     INTEGER PRIMARY KEY,           -- storage order
  sha256 TEXT NOT NULL,                 -- scans.sha256
  at     INTEGER NOT NULL,              -- offset of the piece's first byte in the content
  data   BLOB NOT NULL,                 -- the bytes (at most 1 MiB)
  UNIQUE (sha256, at)
);
CREATE TABLE IF NOT EXISTS scan_refs (  -- case_scans records by the content they name: who may send and fetch it
  sha256 TEXT NOT NULL,                 -- content address the record names
  row    BLOB NOT NULL,                 -- records.row of the case_scans record
  PRIMARY KEY (sha256, row)
) WITHOUT ROWID;
)sql"},
    {2, R"sql(
CREATE TABLE node_holds (               -- a node's change the hub held back (recoverable refusal)
  node       TEXT PRIMARY KEY,          -- nodes.code
  seq        INTEGER NOT NULL,          -- the node's change seq held (nothing after it applied)
  code       TEXT NOT NULL,             -- why: clock_ahead | parent_missing
  since      INTEGER NOT NULL           -- Unix ms the hub first held this change
);
)sql"},
    {3, R"sql(
CREATE TABLE refused_rows (             -- rows refused for good before the hub held them
  tbl        TEXT NOT NULL,             -- synced table
  row        BLOB NOT NULL,             -- 16-byte global row id
  node       TEXT NOT NULL,             -- node whose change was refused
  code       TEXT NOT NULL,             -- why: out_of_scope | invalid_field | ... (first refusal)
  refused_at INTEGER NOT NULL,          -- Unix ms of the first refusal
  PRIMARY KEY (tbl, row)
) WITHOUT ROWID;
)sql"},
    {4, R"sql(
-- cases: the office that last handed the case on (it may still log that step)
ALTER TABLE records ADD COLUMN handed_on_by TEXT;
)sql"},
    {5, R"sql(
-- child records: the row of the case they belong to, so a reroute finds them by index
ALTER TABLE records ADD COLUMN case_row BLOB;
CREATE INDEX records_by_case ON records (case_row) WHERE case_row IS NOT NULL;
)sql"},
    {6, R"sql(
-- node_holds: the held change's HLC, so a hold keeps its since when the node renumbers it
ALTER TABLE node_holds ADD COLUMN hlc INTEGER NOT NULL DEFAULT 0;
)sql"},
    {7, R"sql(
CREATE TABLE audit_log (              -- each node's audit trail as it sent it (sync/audit_chain.h)
  node      TEXT NOT NULL,            -- the node that wrote the entry
  seq       INTEGER NOT NULL,         -- 1, 2, … on that node
  at_ms     INTEGER NOT NULL,
  user      TEXT NOT NULL,
  action    TEXT NOT NULL,
  target    TEXT NOT NULL,
  detail    TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL,
  PRIMARY KEY (node, seq)
) WITHOUT ROWID;
)sql"},
    {8, R"sql(
-- nodes: the node's SM2 public key (DER), which its signed pushes and bundles are checked
-- against; NULL for a node enrolled before key pairs (it signs nothing, and is not asked to)
ALTER TABLE nodes ADD COLUMN public_key BLOB;
)sql"},
    {9, R"sql(
-- nodes: an encrypted station's escrow code, sealed (SM2) to the county's escrow key, which
-- the hub never holds; and the id (SHA-256 of the key) it is sealed to. NULL until sent.
ALTER TABLE nodes ADD COLUMN escrow BLOB;
ALTER TABLE nodes ADD COLUMN escrow_key TEXT;
)sql"},
    {10, R"sql(
-- nodes: when a revoked node was told to erase its data (after that every request is refused)
ALTER TABLE nodes ADD COLUMN wipe_told_at INTEGER;
)sql"},
    {11, R"sql(
-- hub_meta node_keys_required: '1' serves only nodes with key pairs (Hub::AllowKeyless). A
-- new hub starts so; an older one only if none of its enrolled, unrevoked nodes lacks a key.
INSERT OR IGNORE INTO hub_meta (key, value)
SELECT 'node_keys_required',
       CASE WHEN EXISTS (SELECT 1 FROM nodes WHERE secret_hash IS NOT NULL AND revoked = 0
                                               AND public_key IS NULL) THEN '0' ELSE '1' END;
)sql"},
    {12, R"sql(
-- nodes: the secret of a revoked node before it was enrolled again (a lost laptop): a
-- request with it is answered with the order to erase
ALTER TABLE nodes ADD COLUMN retired_secret_hash BLOB;
)sql"},
    {13, R"sql(
-- nodes: what a node said of itself at its last pull (sync/request_tags.h)
ALTER TABLE nodes ADD COLUMN software TEXT;         -- its version
ALTER TABLE nodes ADD COLUMN clock_offset_ms INTEGER; -- its clock minus the hub's
)sql"},
    {14, R"sql(
-- hub_meta epoch: names this hub's data; a restore from a backup gives a new one, and a
-- node that hears another goes back to where the hub stands (Replica::NoteHubEpoch)
INSERT OR IGNORE INTO hub_meta (key, value) VALUES ('epoch', lower(hex(randomblob(8))));
)sql"},
    {15, R"sql(
ALTER TABLE nodes ADD COLUMN schema INTEGER; -- the replication schema it spoke at its last pull
)sql"},
    {16, R"sql(
-- records: stored in insertion order with the key as an index beside them. A record runs to
-- 800 bytes; kept in key order, three tables' records went in between one another and each
-- insert rebalanced full pages, where a row appended to the last page costs little.
CREATE TABLE records_by_arrival (
  tbl          TEXT NOT NULL,           -- synced table
  row          BLOB NOT NULL,           -- 16-byte global row id
  scope_a      TEXT,                    -- node allowed to see it ('*' = every node)
  scope_b      TEXT,                    -- second node allowed (processing office)
  deleted      INTEGER NOT NULL DEFAULT 0, -- tombstone
  fields       BLOB NOT NULL,           -- MessagePack [authors, fields] (record_codec.h)
  handed_on_by TEXT,                    -- cases: the office that last handed the case on
  case_row     BLOB                     -- child records: the row of their case
);
INSERT INTO records_by_arrival (tbl, row, scope_a, scope_b, deleted, fields, handed_on_by, case_row)
  SELECT tbl, row, scope_a, scope_b, deleted, fields, handed_on_by, case_row FROM records;
DROP TABLE records;
ALTER TABLE records_by_arrival RENAME TO records;
CREATE UNIQUE INDEX records_by_key ON records (tbl, row);
CREATE INDEX records_by_case ON records (case_row) WHERE case_row IS NOT NULL;
)sql"},
};
std::string Pack(const json& j) {
  const auto b = json::to_msgpack(j);
  return std::string(b.begin(), b.end());
}

json Unpack(std::string_view blob) {
  if (blob.empty()) return json();
  json j = json::from_msgpack(blob.begin(), blob.end(), true, false);
  return j.is_discarded() ? json() : j;
}

// "(scope_a IN (?n, ...) OR scope_b IN (?n, ...))" for the filter's audience, its
// parameters numbered from `first` (bound by BindScope).
std::string ScopeWhere(const ScopeFilter& f, int first) {
  std::string list;
  for (std::size_t i = 0; i < f.to.size(); ++i)
    list += (i ? ", ?" : "?") + std::to_string(first + static_cast<int>(i));
  if (list.empty()) return "0";
  return "(scope_a IN (" + list + ") OR scope_b IN (" + list + "))";
}

void BindScope(Statement& st, const ScopeFilter& f, int first) {
  for (std::size_t i = 0; i < f.to.size(); ++i) st.Bind(first + static_cast<int>(i), f.to[i]);
}

// A record from the columns scope_a, scope_b, deleted, fields, handed_on_by, case_row
// starting at column `at`.
Result<HubRecord> RecordAt(Statement& st, int at, std::string_view table, const RowId& row) {
  HubRecord r;
  r.exists = true;
  r.scope_a = st.Text(at);
  r.scope_b = st.Text(at + 1);
  r.deleted = st.Int(at + 2) != 0;
  TB_ASSIGN_OR_RETURN(r.fields, DecodeRecordFields(st.Blob(at + 3), table, row));
  r.handed_on_by = st.Text(at + 4);
  if (st.Blob(at + 5).size() == 16) r.case_row = RowId::FromBytes(st.Blob(at + 5).data());
  return r;
}

class SqliteTransaction final : public RepositoryTransaction {
 public:
  explicit SqliteTransaction(std::unique_ptr<sync::Transaction> tx) : tx_(std::move(tx)) {}
  Status Commit() override { return tx_->Commit(); }

 private:
  std::unique_ptr<sync::Transaction> tx_;
};

class SqliteHubStorage final : public HubStorage {
 public:
  explicit SqliteHubStorage(std::unique_ptr<sync::Database> db) : db_(std::move(db)) {}

  Status Init(SqliteHubOptions options) {
    TB_RETURN_IF_ERROR(db_->Exec("PRAGMA journal_mode = WAL"));
    TB_RETURN_IF_ERROR(db_->Exec("PRAGMA synchronous = FULL"));
    TB_RETURN_IF_ERROR(db_->Exec("PRAGMA cache_size = -8000"));
    TB_RETURN_IF_ERROR(sync::ApplyMigrations(*db_, kMigrations, "hub data", "tongban-central"));
    TB_RETURN_IF_ERROR(IndexExistingScans());
    if (options.background_checkpoints) {
      TB_ASSIGN_OR_RETURN(checkpointer_, sync::WalCheckpointer::Start(*db_));
    }
    return Status::Ok();
  }

  // ---------------------------------------------------------------- nodes

  Status InsertNode(const NodeInfo& n, const std::string& enroll_hash, Millis now) override {
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                      "INSERT INTO nodes (code, name, kind, township, enroll_hash, "
                                      "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    st->Bind(1, n.code).Bind(2, n.name).Bind(3, n.kind).Bind(4, n.township).BindBlob(5, enroll_hash);
    st->Bind(6, now);
    Status s = st->Run();
    if (s.code() == ErrorCode::kAlreadyExists)
      return Status(ErrorCode::kAlreadyExists, kNodeExists,
                    {n.code, "tongban-central station reenroll --code " + n.code});
    return s;
  }

  Result<std::optional<NodeCredentials>> LoadCredentials(const std::string& code) override {
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("SELECT enroll_hash, secret_hash, revoked, public_key, "
                                               "wipe_told_at IS NOT NULL, retired_secret_hash "
                                               "FROM nodes WHERE code = ?1"));
    st->Bind(1, code);
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    std::optional<NodeCredentials> out;
    if (row)
      out = NodeCredentials{std::string(st->Blob(0)), std::string(st->Blob(1)),
                            std::string(st->Blob(3)), st->Int(2) != 0, st->Int(2) == 2,
                            st->Int(4) != 0, std::string(st->Blob(5))};
    st->Reset();
    return out;
  }

  Status SaveSecret(const std::string& code, const std::string& secret_hash, Millis now) override {
    TB_ASSIGN_OR_RETURN(auto* up, db_->Prepare("UPDATE nodes SET enroll_hash = NULL, secret_hash = "
                                               "?2, last_seen = ?3 WHERE code = ?1"));
    up->Bind(1, code).BindBlob(2, secret_hash).Bind(3, now);
    return up->Run();
  }

  Status SaveNodeKey(const std::string& code, const std::string& public_key) override {
    TB_ASSIGN_OR_RETURN(auto* up, db_->Prepare("UPDATE nodes SET public_key = ?2 WHERE code = ?1"));
    up->Bind(1, code);
    if (public_key.empty()) up->BindNull(2);
    else up->BindBlob(2, public_key);
    return up->Run();
  }

  Status MarkWipeTold(const std::string& code, Millis now) override {
    TB_ASSIGN_OR_RETURN(auto* up, db_->Prepare("UPDATE nodes SET wipe_told_at = ?2 WHERE code = ?1 "
                                               "AND revoked > 0 AND wipe_told_at IS NULL"));
    up->Bind(1, code).Bind(2, now);
    return up->Run();
  }

  Status SaveNodeReport(const std::string& code, const NodeReport& report) override {
    TB_ASSIGN_OR_RETURN(auto* up, db_->Prepare("UPDATE nodes SET software = ?2, clock_offset_ms = ?3, "
                                               "schema = coalesce(?4, schema) WHERE code = ?1"));
    up->Bind(1, code).Bind(2, report.software);
    if (report.clock_offset_ms) up->Bind(3, *report.clock_offset_ms);
    else up->BindNull(3);
    if (report.schema > 0) up->Bind(4, report.schema);
    else up->BindNull(4);
    return up->Run();
  }

  Status ReopenEnrollment(const std::string& code, const std::string& enroll_hash,
                          bool retire_secret) override {
    // The right-hand sides read the row as it was: the old secret is what gets retired.
    TB_ASSIGN_OR_RETURN(auto* up, db_->Prepare(
                                      "UPDATE nodes SET enroll_hash = ?2, secret_hash = NULL, "
                                      "public_key = NULL, revoked = 0, wipe_told_at = NULL, "
                                      "retired_secret_hash = CASE WHEN ?3 THEN secret_hash "
                                      "ELSE retired_secret_hash END WHERE code = ?1"));
    up->Bind(1, code).BindBlob(2, enroll_hash).Bind(3, retire_secret ? 1 : 0);
    TB_RETURN_IF_ERROR(up->Run());
    if (db_->Changes() == 0) return NotFound(kNoNode, {code});
    return Status::Ok();
  }

  Status SaveEscrow(const std::string& code, const NodeEscrow& escrow) override {
    TB_ASSIGN_OR_RETURN(auto* up, db_->Prepare("UPDATE nodes SET escrow_key = ?2, escrow = ?3 "
                                               "WHERE code = ?1"));
    up->Bind(1, code).Bind(2, escrow.key_id).BindBlob(3, escrow.sealed);
    return up->Run();
  }

  Result<std::optional<NodeEscrow>> LoadEscrow(const std::string& code) override {
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("SELECT escrow_key, escrow FROM nodes "
                                               "WHERE code = ?1 AND escrow IS NOT NULL"));
    st->Bind(1, code);
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    std::optional<NodeEscrow> out;
    if (row) out = NodeEscrow{st->Text(0), std::string(st->Blob(1))};
    st->Reset();
    return out;
  }

  Status RevokeNode(const std::string& code, bool now) override {
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("UPDATE nodes SET revoked = max(revoked, ?2), enroll_hash = NULL "
                                               "WHERE code = ?1"));
    st->Bind(1, code).Bind(2, now ? 2 : 1);
    TB_RETURN_IF_ERROR(st->Run());
    if (db_->Changes() == 0) return NotFound(kNoNode, {code});
    return Status::Ok();
  }

  Result<std::vector<NodeInfo>> ListNodes() override { return QueryNodes(""); }

  Result<NodeInfo> GetNode(const std::string& code) override {
    TB_ASSIGN_OR_RETURN(auto list, QueryNodes(code));
    if (list.empty()) return NotFound(kNoNode, {code});
    return list[0];
  }

  Result<std::string> LoadSetting(const std::string& key) override { return Meta(key); }
  Status SaveSetting(const std::string& key, const std::string& value) override {
    return SetMeta(key, value);
  }

  // ------------------------------------------------- HubRepository (apply path)

  Result<std::unique_ptr<RepositoryTransaction>> Begin() override {
    TB_ASSIGN_OR_RETURN(auto tx, sync::Transaction::Begin(*db_));
    return std::unique_ptr<RepositoryTransaction>(new SqliteTransaction(std::move(tx)));
  }

  Result<Hlc> LoadClock() override {
    TB_ASSIGN_OR_RETURN(std::string last, Meta("hlc_last"));
    Hlc v = 0;
    const auto [end, ec] = std::from_chars(last.data(), last.data() + last.size(), v);
    if (!last.empty() && (ec != std::errc() || end != last.data() + last.size()))
      return Corruption(kClockDamaged, {last});
    return v;
  }

  Status SaveClock(Hlc last) override { return SetMeta("hlc_last", std::to_string(last)); }

  Result<PushProgress> LoadProgress(const std::string& node) override {
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                      "SELECT acked_seq, acked_hlc, h.seq, h.code, h.since, h.hlc FROM "
                                      "nodes LEFT JOIN node_holds h ON h.node = nodes.code WHERE "
                                      "nodes.code = ?1"));
    st->Bind(1, node);
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    PushProgress p;
    if (row) {
      p.acked_seq = st->Int(0);
      p.acked_hlc = static_cast<Hlc>(st->Int(1));
      if (!st->IsNull(2))
        p.hold = NodeHold{st->Int(2), st->Text(3), st->Int(4), static_cast<Hlc>(st->Int(5))};
    }
    st->Reset();
    if (!row) return NotFound(kNoNode, {node});
    return p;
  }

  Status SaveProgress(const std::string& node, const PushProgress& p, int applied, int refused,
                      Millis now) override {
    TB_ASSIGN_OR_RETURN(auto* up, db_->Prepare(
                                      "UPDATE nodes SET acked_seq = ?2, acked_hlc = ?3, "
                                      "changes_applied = changes_applied + ?4, rejected = "
                                      "rejected + ?5, last_seen = ?6 WHERE code = ?1"));
    up->Bind(1, node).Bind(2, p.acked_seq).Bind(3, static_cast<std::int64_t>(p.acked_hlc));
    up->Bind(4, applied).Bind(5, refused).Bind(6, now);
    TB_RETURN_IF_ERROR(up->Run());
    if (!p.hold) {
      TB_ASSIGN_OR_RETURN(auto* del, db_->Prepare("DELETE FROM node_holds WHERE node = ?1"));
      del->Bind(1, node);
      return del->Run();
    }
    TB_ASSIGN_OR_RETURN(auto* hold, db_->Prepare(
                                        "INSERT INTO node_holds (node, seq, code, since, hlc) "
                                        "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (node) DO UPDATE "
                                        "SET seq = excluded.seq, code = excluded.code, since = "
                                        "excluded.since, hlc = excluded.hlc"));
    hold->Bind(1, node).Bind(2, p.hold->seq).Bind(3, p.hold->code).Bind(4, p.hold->since);
    hold->Bind(5, static_cast<std::int64_t>(p.hold->hlc));
    return hold->Run();
  }

  Result<HubRecord> LoadRecord(const std::string& table, const RowId& row) override {
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("SELECT scope_a, scope_b, deleted, fields, "
                                               "handed_on_by, case_row FROM records WHERE tbl = "
                                               "?1 AND row = ?2"));
    st->Bind(1, table).BindBlob(2, row.View());
    TB_ASSIGN_OR_RETURN(bool found, st->Step());
    Result<HubRecord> r = found ? RecordAt(*st, 0, table, row) : HubRecord{};
    st->Reset();
    return r;
  }

  Result<std::optional<CaseScope>> LoadCaseScope(const RowId& case_row) override {
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("SELECT scope_a, scope_b, handed_on_by FROM "
                                               "records WHERE tbl = 'cases' AND row = ?1"));
    st->BindBlob(1, case_row.View());
    TB_ASSIGN_OR_RETURN(bool found, st->Step());
    std::optional<CaseScope> scope;
    if (found) scope = CaseScope{st->Text(0), st->Text(1), st->Text(2)};
    st->Reset();
    return scope;
  }

  Result<bool> WasRefused(const std::string& table, const RowId& row) override {
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("SELECT 1 FROM refused_rows WHERE tbl = ?1 AND "
                                               "row = ?2"));
    st->Bind(1, table).BindBlob(2, row.View());
    TB_ASSIGN_OR_RETURN(bool found, st->Step());
    st->Reset();
    return found;
  }

  Status RememberRefusal(const std::string& table, const RowId& row, const std::string& node,
                         const std::string& code, Millis now) override {
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                      "INSERT OR IGNORE INTO refused_rows (tbl, row, node, code, "
                                      "refused_at) VALUES (?1, ?2, ?3, ?4, ?5)"));
    st->Bind(1, table).BindBlob(2, row.View()).Bind(3, node).Bind(4, code).Bind(5, now);
    return st->Run();
  }

  Result<std::vector<HubEngine::Child>> LoadCaseChildren(const RowId& case_row) override {
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("SELECT tbl, row, scope_a, scope_b, deleted, "
                                               "fields, handed_on_by, case_row FROM records "
                                               "WHERE case_row = ?1 AND tbl != 'cases'"));
    st->BindBlob(1, case_row.View());
    std::vector<HubEngine::Child> children;
    for (;;) {
      TB_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      TB_ASSIGN_OR_RETURN(const RowId id, st->Id(1).WithContext(kCtxCaseRecord));
      HubEngine::Child child{st->Text(0), id, {}};
      auto record = RecordAt(*st, 2, child.table, child.row);
      if (!record.ok()) {
        st->Reset();
        return record.status();
      }
      child.record = std::move(record).value();
      children.push_back(std::move(child));
    }
    st->Reset();
    return children;
  }

  Status SaveRecord(const std::string& table, const RowId& row, const HubRecord& r) override {
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                      "INSERT INTO records (tbl, row, scope_a, scope_b, deleted, "
                                      "fields, handed_on_by, case_row) VALUES (?1, ?2, ?3, ?4, "
                                      "?5, ?6, ?7, ?8) ON CONFLICT (tbl, row) DO UPDATE SET "
                                      "scope_a = excluded.scope_a, scope_b = excluded.scope_b, "
                                      "deleted = excluded.deleted, fields = excluded.fields, "
                                      "handed_on_by = excluded.handed_on_by, case_row = "
                                      "excluded.case_row"));
    st->Bind(1, table).BindBlob(2, row.View()).Bind(3, r.scope_a).Bind(4, r.scope_b);
    st->Bind(5, r.deleted ? 1 : 0).BindBlob(6, EncodeRecordFields(r.fields));
    if (r.handed_on_by.empty()) st->BindNull(7); else st->Bind(7, r.handed_on_by);
    if (r.case_row) st->BindBlob(8, r.case_row->View()); else st->BindNull(8);
    return st->Run();
  }

  Status AppendLog(const LogEntry& e) override {
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                      "INSERT INTO hub_log (origin, origin_seq, hlc, tbl, row, op, "
                                      "user, fields, scope_a, scope_b) VALUES (?1, ?2, ?3, ?4, ?5, "
                                      "?6, ?7, ?8, ?9, ?10)"));
    st->Bind(1, e.origin).Bind(2, e.origin_seq).Bind(3, static_cast<std::int64_t>(e.hlc));
    st->Bind(4, e.table).BindBlob(5, e.row.View()).Bind(6, static_cast<int>(e.op)).Bind(7, e.user);
    st->BindBlob(8, EncodeLogFields(e.fields)).Bind(9, e.scope_a);
    if (e.scope_b.empty()) st->BindNull(10); else st->Bind(10, e.scope_b);
    return st->Run();
  }

  Status AddConflict(const std::string& table, const RowId& row, const HubRecord& r,
                     const ConflictEntry& c, Millis now) override {
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                      "INSERT INTO conflicts (tbl, row, col, label, local_value, "
                                      "local_node, local_user, local_hlc, hub_value, hub_node, "
                                      "hub_user, hub_hlc, base_hlc, provisional, status, "
                                      "created_at, scope_a, scope_b) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                                      "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'open', ?15, ?16, ?17)"));
    const json label = table == "cases" ? r.Value("case_no") : json();
    st->Bind(1, table).BindBlob(2, row.View()).Bind(3, c.column);
    st->Bind(4, label.is_string() ? label.get<std::string>() : table + " " + row.Hex().substr(0, 8));
    st->BindBlob(5, Pack(c.local_value)).Bind(6, c.local_node).Bind(7, c.local_user);
    st->Bind(8, static_cast<std::int64_t>(c.local_hlc));
    st->BindBlob(9, Pack(c.hub ? c.hub->value : json())).Bind(10, c.hub ? c.hub->node : "");
    st->Bind(11, c.hub ? c.hub->user : "").Bind(12, static_cast<std::int64_t>(c.hub ? c.hub->version : 0));
    st->Bind(13, static_cast<std::int64_t>(c.base_hlc)).BindBlob(14, Pack(c.provisional));
    st->Bind(15, now).Bind(16, r.scope_a).Bind(17, r.scope_b);
    return st->Run();
  }

  Status IndexScan(const RowId& row, const HubRecord& r) override {
    const json sha = r.Value("sha256");
    if (!sha.is_string() || !sync::IsSha256Hex(sha.get<std::string>())) return Status::Ok();
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("INSERT OR IGNORE INTO scan_refs (sha256, row) "
                                               "VALUES (?1, ?2)"));
    st->Bind(1, sha.get<std::string>()).BindBlob(2, row.View());
    return st->Run();
  }

  Result<std::int64_t> CountOpenConflicts(const ScopeFilter& scope) override {
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("SELECT COUNT(*) FROM conflicts WHERE status = "
                                               "'open' AND " + ScopeWhere(scope, 1)));
    BindScope(*st, scope, 1);
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    const std::int64_t n = row ? st->Int(0) : 0;
    st->Reset();
    return n;
  }

  Result<std::vector<sync::ConflictMark>> ListOpenConflictMarks(const ScopeFilter& scope,
                                                                int limit) override {
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("SELECT tbl, row, col, id FROM conflicts WHERE "
                                               "status = 'open' AND " + ScopeWhere(scope, 2) +
                                               " ORDER BY id LIMIT ?1"));
    st->Bind(1, static_cast<std::int64_t>(limit));
    BindScope(*st, scope, 2);
    std::vector<sync::ConflictMark> out;
    while (true) {
      TB_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      TB_ASSIGN_OR_RETURN(sync::RowId id, st->Id(1));
      out.push_back({st->Text(0), id, st->Text(2), st->Int(3)});
    }
    st->Reset();
    return out;
  }

  Status SavePulledCursor(const std::string& node, std::int64_t cursor, Millis now) override {
    TB_ASSIGN_OR_RETURN(auto* up, db_->Prepare("UPDATE nodes SET pulled_cursor = ?2, last_seen = ?3 "
                                               "WHERE code = ?1"));
    up->Bind(1, node).Bind(2, cursor).Bind(3, now);
    return up->Run();
  }

  // ---------------------------------------------------------------- log

  Result<std::optional<Hlc>> LoggedChangeHlc(const std::string& node, std::int64_t origin_seq) override {
    // Newest first: a node enrolled again may have numbered a change like an older one.
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("SELECT hlc FROM hub_log WHERE origin = ?1 AND "
                                               "origin_seq = ?2 ORDER BY seq DESC LIMIT 1"));
    st->Bind(1, node).Bind(2, origin_seq);
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    std::optional<Hlc> out;
    if (row) out = static_cast<Hlc>(st->Int(0));
    st->Reset();
    return out;
  }

  Result<std::vector<LoggedEntry>> ReadLog(const PullQuery& q) override {
    const ScopeFilter& f = q.filter;
    const int n = static_cast<int>(f.to.size());
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                      "SELECT seq, origin, origin_seq, hlc, tbl, row, op, user, "
                                      "fields, scope_a, scope_b FROM hub_log WHERE seq > ?1 AND "
                                      "(?2 = '' OR origin != ?2) AND " + ScopeWhere(f, 3) +
                                      " ORDER BY seq LIMIT ?" + std::to_string(3 + n)));
    st->Bind(1, q.after).Bind(2, f.not_from);
    BindScope(*st, f, 3);
    st->Bind(3 + n, q.limit + 1);
    std::vector<LoggedEntry> out;
    for (;;) {
      TB_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      LoggedEntry l;
      l.seq = st->Int(0);
      LogEntry& e = l.entry;
      e.origin = st->Text(1);
      e.origin_seq = st->Int(2);
      e.hlc = static_cast<Hlc>(st->Int(3));
      e.table = st->Text(4);
      TB_ASSIGN_OR_RETURN(e.row, st->Id(5).WithContext(kCtxLogEntry, {std::to_string(l.seq)}));
      e.op = static_cast<LogOp>(st->Int(6));
      e.user = st->Text(7);
      auto fields = DecodeLogFields(st->Blob(8), e.table, e.row);
      if (!fields.ok()) {
        st->Reset();
        return fields.status().WithContext(kCtxLogEntry, {std::to_string(l.seq)});
      }
      e.fields = std::move(fields).value();
      e.scope_a = st->Text(9);
      e.scope_b = st->Text(10);
      out.push_back(std::move(l));
    }
    st->Reset();
    return out;
  }

  Result<std::int64_t> NewestLogSeq() override {
    TB_ASSIGN_OR_RETURN(auto* mx, db_->Prepare("SELECT COALESCE(MAX(seq), 0) FROM hub_log"));
    TB_ASSIGN_OR_RETURN(bool r, mx->Step());
    const std::int64_t seq = r ? mx->Int(0) : 0;
    mx->Reset();
    return seq;
  }

  Status ForEachRecord(const std::string& table, const ScopeFilter* scope,
                       const RecordVisitor& fn) override {
    // Pages in key order: `fn` may use the repository (the statement is cached), and a
    // hub of a million records is never held in memory at once.
    constexpr int kPage = 512;
    const int first_scope = 5;
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                      "SELECT tbl, row, scope_a, scope_b, deleted, fields, "
                                      "handed_on_by, case_row FROM records WHERE (?1 = '' OR tbl = "
                                      "?1) AND (tbl, row) > (?2, ?3)" +
                                      (scope ? " AND " + ScopeWhere(*scope, first_scope) : "") +
                                      " ORDER BY tbl, row LIMIT ?4"));
    std::string after_table;
    RowId after_row{};
    for (;;) {
      st->Bind(1, table).Bind(2, after_table).BindBlob(3, after_row.View()).Bind(4, kPage);
      if (scope) BindScope(*st, *scope, first_scope);
      std::vector<std::pair<std::string, std::pair<RowId, HubRecord>>> rows;
      for (;;) {
        TB_ASSIGN_OR_RETURN(bool row, st->Step());
        if (!row) break;
        std::string tbl = st->Text(0);
        auto id = st->Id(1);
        auto r = id.ok() ? RecordAt(*st, 2, tbl, *id) : Result<HubRecord>(id.status());
        if (!r.ok()) {
          st->Reset();
          return r.status().WithContext(kCtxRecord, {tbl});
        }
        rows.push_back({std::move(tbl), {*id, std::move(r).value()}});
      }
      st->Reset();
      for (const auto& [tbl, rec] : rows) TB_RETURN_IF_ERROR(fn(tbl, rec.first, rec.second));
      if (rows.size() < static_cast<std::size_t>(kPage)) return Status::Ok();
      after_table = rows.back().first;
      after_row = rows.back().second.first;
    }
  }

  // ---------------------------------------------------------------- conflicts

  Result<std::vector<ConflictRecord>> ListConflicts(bool open_only) override {
    return QueryConflicts(open_only ? "WHERE status = 'open'" : "", 0);
  }

  Result<ConflictRecord> GetConflict(std::int64_t id) override {
    TB_ASSIGN_OR_RETURN(auto list, QueryConflicts("WHERE id = ?1", id));
    if (list.empty()) return NotFound(kNoConflict, {std::to_string(id)});
    return list[0];
  }

  Status SaveResolution(const ConflictRecord& done) override {
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                      "UPDATE conflicts SET status = ?2, resolution = ?3, "
                                      "resolved_value = ?4, note = ?5, resolved_by = ?6, "
                                      "resolved_at = ?7 WHERE id = ?1"));
    st->Bind(1, done.id).Bind(2, done.status).Bind(3, done.resolution);
    st->BindBlob(4, Pack(done.resolved_value)).Bind(5, done.note).Bind(6, done.resolved_by);
    st->Bind(7, done.resolved_at.value_or(0));
    return st->Run();
  }

  // ---------------------------------------------------------------- scans

  Result<std::vector<CaseScope>> ScanNamedBy(const std::string& sha256) override {
    // Scopes are read from the records, so a case handed on takes its scans along.
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                      "SELECT r.scope_a, r.scope_b FROM scan_refs s JOIN records r "
                                      "ON r.tbl = 'case_scans' AND r.row = s.row WHERE s.sha256 = "
                                      "?1 AND r.deleted = 0"));
    st->Bind(1, sha256);
    std::vector<CaseScope> out;
    for (;;) {
      TB_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      out.push_back(CaseScope{st->Text(0), st->Text(1), ""});
    }
    st->Reset();
    return out;
  }

  Result<std::optional<sync::AuditEntry>> LastAudit(const std::string& node) override {
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(std::string("SELECT ") + sync::kAuditColumns +
                                               " FROM audit_log WHERE node = ?1 "
                                               "ORDER BY seq DESC LIMIT 1"));
    st->Bind(1, node);
    TB_ASSIGN_OR_RETURN(auto entries, sync::ReadAuditRows(*st));
    if (entries.empty()) return std::optional<sync::AuditEntry>();
    return std::optional<sync::AuditEntry>(entries.front());
  }

  Status AppendAudit(const std::vector<sync::AuditEntry>& entries) override {
    TB_ASSIGN_OR_RETURN(auto* ins, db_->Prepare(
                                       "INSERT INTO audit_log (node, seq, at_ms, user, action, "
                                       "target, detail, prev_hash, hash) VALUES "
                                       "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
    for (const auto& e : entries) {
      ins->Bind(1, e.node).Bind(2, e.seq).Bind(3, e.at_ms).Bind(4, e.user).Bind(5, e.action);
      ins->Bind(6, e.target).Bind(7, e.detail).Bind(8, e.prev_hash).Bind(9, e.hash);
      TB_RETURN_IF_ERROR(ins->Run());
    }
    return Status::Ok();
  }

  Result<std::vector<sync::AuditEntry>> AuditEntries(const std::string& node,
                                                    std::int64_t after_seq, int limit) override {
    TB_ASSIGN_OR_RETURN(auto* st,
                        db_->Prepare(std::string("SELECT ") + sync::kAuditColumns +
                                     " FROM audit_log WHERE node = ?1 AND seq > ?2 ORDER BY seq "
                                     "LIMIT ?3"));
    st->Bind(1, node).Bind(2, after_seq).Bind(3, limit);
    return sync::ReadAuditRows(*st);
  }

  Result<std::vector<std::string>> AuditedNodes() override {
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("SELECT DISTINCT node FROM audit_log ORDER BY node"));
    std::vector<std::string> out;
    for (;;) {
      TB_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      out.push_back(st->Text(0));
    }
    st->Reset();
    return out;
  }

  Result<ScanContent> LoadScan(const std::string& sha256) override {
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("SELECT size, mime, held, complete FROM scans "
                                               "WHERE sha256 = ?1"));
    st->Bind(1, sha256);
    TB_ASSIGN_OR_RETURN(bool found, st->Step());
    ScanContent c;
    c.sha256 = sha256;
    if (found) {
      c.size = static_cast<std::uint64_t>(st->Int(0));
      c.mime = st->Text(1);
      c.held = static_cast<std::uint64_t>(st->Int(2));
      c.complete = st->Int(3) != 0;
    }
    st->Reset();
    return c;
  }

  Status StartScan(const std::string& sha256, std::uint64_t size, const std::string& mime,
                   const std::string& node, Millis now) override {
    TB_RETURN_IF_ERROR(DropScan(sha256));
    TB_ASSIGN_OR_RETURN(auto* ins, db_->Prepare(
                                       "INSERT INTO scans (sha256, size, mime, held, origin, "
                                       "created_at) VALUES (?1, ?2, ?3, 0, ?4, ?5)"));
    ins->Bind(1, sha256).Bind(2, static_cast<std::int64_t>(size)).Bind(3, mime).Bind(4, node);
    ins->Bind(5, now);
    return ins->Run();
  }

  Status AppendChunk(const std::string& sha256, std::uint64_t at, std::string_view data) override {
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("INSERT INTO scan_chunks (sha256, at, data) "
                                               "VALUES (?1, ?2, ?3)"));
    st->Bind(1, sha256).Bind(2, static_cast<std::int64_t>(at)).BindBlob(3, data);
    return st->Run();
  }

  Status SaveScanState(const std::string& sha256, std::uint64_t held, bool complete,
                       Millis now) override {
    TB_ASSIGN_OR_RETURN(auto* up, db_->Prepare("UPDATE scans SET held = ?2, complete = ?3, "
                                               "completed_at = ?4 WHERE sha256 = ?1"));
    up->Bind(1, sha256).Bind(2, static_cast<std::int64_t>(held)).Bind(3, complete ? 1 : 0);
    if (complete) up->Bind(4, now); else up->BindNull(4);
    return up->Run();
  }

  Status DropScan(const std::string& sha256) override {
    TB_ASSIGN_OR_RETURN(auto* chunks, db_->Prepare("DELETE FROM scan_chunks WHERE sha256 = ?1"));
    chunks->Bind(1, sha256);
    TB_RETURN_IF_ERROR(chunks->Run());
    TB_ASSIGN_OR_RETURN(auto* row, db_->Prepare("DELETE FROM scans WHERE sha256 = ?1"));
    row->Bind(1, sha256);
    return row->Run();
  }

  Result<std::string> DigestOfHeld(const std::string& sha256) override {
    return sync::DigestOfStoredChunks(*db_, sha256);
  }

  Result<std::string> ReadScan(const std::string& sha256, std::uint64_t offset,
                               std::size_t max) override {
    return sync::ReadStoredChunks(*db_, sha256, offset, max);
  }

  Result<HubStats> Stats() override {
    HubStats s;
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                      "SELECT (SELECT COALESCE(MAX(seq), 0) FROM hub_log), (SELECT "
                                      "COUNT(*) FROM records), (SELECT COUNT(*) FROM conflicts "
                                      "WHERE status = 'open')"));
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    if (row) {
      s.log_seq = st->Int(0);
      s.records = st->Int(1);
      s.open_conflicts = st->Int(2);
    }
    st->Reset();
    return s;
  }

 private:
  // A hub whose records predate scan_refs indexes them once.
  Status IndexExistingScans() {
    TB_ASSIGN_OR_RETURN(std::string done, Meta("scan_refs_built"));
    if (!done.empty()) return Status::Ok();
    TB_ASSIGN_OR_RETURN(auto tx, sync::Transaction::Begin(*db_));
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("SELECT row, fields FROM records WHERE tbl = "
                                               "'case_scans'"));
    std::vector<std::pair<RowId, HubRecord>> found;
    for (;;) {
      TB_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      TB_ASSIGN_OR_RETURN(const RowId id, st->Id(0).WithContext(kCtxRecord, {"case_scans"}));
      auto fields = DecodeRecordFields(st->Blob(1), "case_scans", id);
      if (!fields.ok()) {
        st->Reset();
        return fields.status();
      }
      HubRecord r;
      r.fields = std::move(fields).value();
      found.emplace_back(id, std::move(r));
    }
    st->Reset();
    for (const auto& [row, r] : found) TB_RETURN_IF_ERROR(IndexScan(row, r));
    TB_RETURN_IF_ERROR(SetMeta("scan_refs_built", "1"));
    return tx->Commit();
  }

  Result<std::string> Meta(const std::string& key) {
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("SELECT value FROM hub_meta WHERE key = ?1"));
    st->Bind(1, key);
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    std::string v = row ? st->Text(0) : "";
    st->Reset();
    return v;
  }

  Status SetMeta(const std::string& key, const std::string& value) {
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("INSERT INTO hub_meta (key, value) VALUES (?1, ?2) "
                                               "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    st->Bind(1, key).Bind(2, value);
    return st->Run();
  }

  Result<std::vector<NodeInfo>> QueryNodes(const std::string& code) {
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                      "SELECT nodes.code, name, kind, township, secret_hash IS NOT NULL, "
                                      "revoked, created_at, last_seen, acked_seq, pulled_cursor, "
                                      "changes_applied, rejected, acked_hlc, h.seq, h.code, "
                                      "h.since, software, clock_offset_ms, schema FROM nodes LEFT JOIN "
                                      "node_holds h ON h.node = "
                                      "nodes.code WHERE ?1 = '' OR nodes.code = ?1 ORDER BY nodes.code"));
    st->Bind(1, code);
    std::vector<NodeInfo> out;
    for (;;) {
      TB_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      NodeInfo n;
      n.code = st->Text(0);
      n.name = st->Text(1);
      n.kind = st->Text(2);
      n.township = st->Text(3);
      n.enrolled = st->Int(4) != 0;
      n.revoked = st->Int(5) != 0;
      n.created_at = st->Int(6);
      if (!st->IsNull(7)) n.last_seen = st->Int(7);
      n.acked_seq = st->Int(8);
      n.pulled_cursor = st->Int(9);
      n.changes_applied = st->Int(10);
      n.rejected = st->Int(11);
      n.acked_hlc = static_cast<Hlc>(st->Int(12));
      if (!st->IsNull(13)) n.held = HeldChange{st->Int(13), st->Text(14), st->Int(15)};
      n.software = st->Text(16);
      if (!st->IsNull(17)) n.clock_offset_ms = st->Int(17);
      if (!st->IsNull(18)) n.schema = static_cast<int>(st->Int(18));
      out.push_back(std::move(n));
    }
    return out;
  }

  Result<std::vector<ConflictRecord>> QueryConflicts(const std::string& where, std::int64_t id) {
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare(
                                      "SELECT id, tbl, row, col, label, local_value, local_node, "
                                      "local_user, local_hlc, hub_value, hub_node, hub_user, "
                                      "hub_hlc, base_hlc, provisional, status, resolution, "
                                      "resolved_value, note, resolved_by, created_at, resolved_at "
                                      "FROM conflicts " + where + " ORDER BY id"));
    if (id) st->Bind(1, id);
    std::vector<ConflictRecord> out;
    for (;;) {
      TB_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      ConflictRecord c;
      c.id = st->Int(0);
      c.table = st->Text(1);
      TB_ASSIGN_OR_RETURN(c.row, st->Id(2).WithContext(kCtxConflict, {std::to_string(c.id)}));
      c.column = st->Text(3);
      c.label = st->Text(4);
      c.local_value = Unpack(st->Blob(5));
      c.local_node = st->Text(6);
      c.local_user = st->Text(7);
      c.local_hlc = static_cast<Hlc>(st->Int(8));
      c.hub_value = Unpack(st->Blob(9));
      c.hub_node = st->Text(10);
      c.hub_user = st->Text(11);
      c.hub_hlc = static_cast<Hlc>(st->Int(12));
      c.base_hlc = static_cast<Hlc>(st->Int(13));
      c.provisional = Unpack(st->Blob(14));
      c.status = st->Text(15);
      c.resolution = st->Text(16);
      c.resolved_value = Unpack(st->Blob(17));
      c.note = st->Text(18);
      c.resolved_by = st->Text(19);
      c.created_at = st->Int(20);
      if (!st->IsNull(21)) c.resolved_at = st->Int(21);
      out.push_back(std::move(c));
    }
    st->Reset();
    for (auto& c : out) {
      TB_ASSIGN_OR_RETURN(c.base_value, BaseValue(c));
    }
    return out;
  }

  // The value the pushing node edited against: the hub's log holds every accepted version.
  Result<std::optional<json>> BaseValue(const ConflictRecord& c) {
    if (c.base_hlc == 0) return std::optional<json>();
    TB_ASSIGN_OR_RETURN(auto* st, db_->Prepare("SELECT fields FROM hub_log WHERE tbl = ?1 AND "
                                               "row = ?2 AND op = 0 ORDER BY seq DESC"));
    st->Bind(1, c.table).BindBlob(2, c.row.View());
    std::optional<json> found;
    for (;;) {
      TB_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      const json fields = Unpack(st->Blob(0));
      for (std::size_t i = 0; fields.is_array() && i + 2 < fields.size(); i += 3)
        if (fields[i] == c.column && fields[i + 2] == c.base_hlc) found = fields[i + 1];
      if (found) break;
    }
    st->Reset();
    return found;
  }

  std::unique_ptr<sync::Database> db_;
  std::unique_ptr<sync::WalCheckpointer> checkpointer_;  // stops before db_ closes
};

}  // namespace

Result<std::unique_ptr<HubStorage>> OpenSqliteHubStorage(const std::string& data_dir,
                                                         SqliteHubOptions options) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return Status(ErrorCode::kIoError, kCannotCreate, {data_dir, ec.message()});
  TB_ASSIGN_OR_RETURN(auto db, sync::Database::Open(data_dir + "/hub.db"));
  auto storage = std::make_unique<SqliteHubStorage>(std::move(db));
  TB_RETURN_IF_ERROR(storage->Init(options).WithContext(kCtxOpen, {data_dir}));
  return std::unique_ptr<HubStorage>(std::move(storage));
}

}  // namespace tongban::central
