#include "schema.h"

#include <iterator>
#include <string>

namespace tongban::node {
namespace {

using sync::Migration;

// Every table and column says what it is for. Synchronised tables carry
// `uid` (global row id), `_hlc` (HLC of the insert: the version of every field
// not listed in `_colv`) and `_colv` (MessagePack map column -> HLC of the last
// write, for fields written after the insert).
constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE node_meta (              -- this node's identity and clocks, one row per key
  key   TEXT PRIMARY KEY,             -- 'code', 'name', 'kind', 'township', 'hlc_last'
  value TEXT NOT NULL                 -- the value, as text
);

CREATE TABLE actors (                 -- (node, login) pairs that authored changes; keeps the log small
  id    INTEGER PRIMARY KEY,          -- referenced by change_log.actor
  node  TEXT NOT NULL,                -- node code where the user acted
  login TEXT NOT NULL,                -- staff login, or 'system'
  UNIQUE (node, login)
);

CREATE TABLE change_log (             -- every captured mutation, in commit order (docs/change-log.md)
  seq     INTEGER PRIMARY KEY,        -- local position; sync reads from a cursor on it
  hlc     INTEGER NOT NULL,           -- hybrid logical clock of the mutation
  tbl     INTEGER NOT NULL,           -- synced table id (1 cases, 2 case_materials, 3 case_events, 4 commitments, 5 catalog_items, 6 staff)
  row_uid BLOB NOT NULL,              -- 16-byte global id of the record
  op      INTEGER NOT NULL,           -- 0 upsert of the listed fields, 1 delete (tombstone)
  actor   INTEGER NOT NULL REFERENCES actors(id), -- author node and user
  fields  BLOB                        -- MessagePack array [key, value, base_hlc, ...]; NULL for a tombstone
);

CREATE TABLE staff (                  -- staff accounts that may log in on this node
  id      INTEGER PRIMARY KEY,        -- local row id
  uid     BLOB NOT NULL UNIQUE,       -- global row id
  login   TEXT NOT NULL UNIQUE,       -- login name
  name    TEXT NOT NULL,              -- display name
  role    TEXT NOT NULL,              -- clerk | processor | field | admin
  pw_hash TEXT NOT NULL,              -- Argon2id hash in libsodium's string form
  active  INTEGER NOT NULL DEFAULT 1, -- 0 = disabled, may not log in
  node    TEXT NOT NULL,              -- home node code of the account
  _hlc    INTEGER NOT NULL,           -- version of the insert
  _colv   BLOB                        -- later field versions
);

CREATE TABLE catalog_items (          -- every version of every service item known to this node
  id        INTEGER PRIMARY KEY,      -- local row id
  uid       BLOB NOT NULL UNIQUE,     -- global row id
  impl_code TEXT NOT NULL,            -- 实施编码, the item's identity
  version   INTEGER NOT NULL,         -- item version; cases keep the one they were received under
  name      TEXT NOT NULL,            -- item name, for search
  body      TEXT NOT NULL,            -- the item as tongban-catalog/1 JSON
  _hlc      INTEGER NOT NULL,         -- version of the insert
  _colv     BLOB,                     -- later field versions
  UNIQUE (impl_code, version)
);

CREATE TABLE cases (                  -- 办件: one row per case received or routed here
  id                 INTEGER PRIMARY KEY, -- local row id (list order, paging)
  uid                BLOB NOT NULL UNIQUE, -- global row id
  case_no            TEXT NOT NULL UNIQUE, -- station-issued number CODE-YYYYMMDD-NNNN
  county_no          TEXT,            -- county-wide number, when the hub assigns one
  item_code          TEXT NOT NULL,   -- impl_code of the service item
  item_version       INTEGER NOT NULL, -- item version the case was received under
  item_name          TEXT NOT NULL,   -- item name at that version
  applicant_kind     TEXT NOT NULL,   -- person | enterprise
  applicant_name     TEXT NOT NULL,   -- person or enterprise name
  applicant_id       TEXT NOT NULL,   -- resident ID or unified social credit code
  applicant_phone    TEXT,            -- contact phone
  id_override_reason TEXT,            -- why a failing credit code was accepted
  agent              TEXT,            -- JSON of the agent and authorization (代办), or NULL
  channel            TEXT NOT NULL,   -- window | online | door | post
  priority           TEXT NOT NULL,   -- normal | green
  green_reason       TEXT,            -- why the green channel applies
  receiving_station  TEXT NOT NULL,   -- node code where the case was received
  processing_office  TEXT NOT NULL,   -- node code of the back office that processes it
  status             TEXT NOT NULL,   -- case status (see case_state_machine.h)
  received_at        INTEGER NOT NULL, -- Unix ms of reception
  accepted_at        INTEGER,         -- Unix ms of acceptance by the office
  due_at             INTEGER NOT NULL, -- Unix ms when the promised limit runs out
  due_provisional    INTEGER NOT NULL DEFAULT 0, -- 1 when the deadline crosses a year without holiday data
  due_unit           TEXT NOT NULL,   -- workday | day | hour
  result             TEXT,            -- result or reason text
  delivery           TEXT,            -- window | post | door
  _hlc               INTEGER NOT NULL, -- version of the insert
  _colv              BLOB             -- later field versions
);
CREATE INDEX cases_by_applicant_id ON cases (applicant_id);
CREATE INDEX cases_by_applicant_name ON cases (applicant_name);
CREATE INDEX cases_by_status_due ON cases (status, due_at);

CREATE TABLE case_materials (         -- material states of a case; synced as one record per case, one field per material
  case_uid BLOB NOT NULL REFERENCES cases(uid), -- the case
  code     TEXT NOT NULL,             -- material code in the item version
  state    TEXT NOT NULL,             -- received | tolerated | committed | supplied | verified | absent
  _hlc     INTEGER NOT NULL,          -- version of this field
  PRIMARY KEY (case_uid, code)
) WITHOUT ROWID;

CREATE TABLE case_events (            -- append-only timeline of every case
  case_uid    BLOB NOT NULL REFERENCES cases(uid), -- the case
  uid         BLOB NOT NULL,          -- global row id (time-ordered)
  at          INTEGER NOT NULL,       -- Unix ms
  node        TEXT NOT NULL,          -- node code where it happened
  user        TEXT NOT NULL,          -- login of who did it
  action      TEXT NOT NULL,          -- intake, accept, approve, …
  from_status TEXT,                   -- status before
  to_status   TEXT,                   -- status after
  detail      TEXT,                   -- reason or note
  _hlc        INTEGER NOT NULL,       -- version of the insert
  PRIMARY KEY (case_uid, uid)
) WITHOUT ROWID;

CREATE TABLE commitments (            -- 容缺 and 告知承诺 commitments to supply materials later
  id              INTEGER PRIMARY KEY, -- local row id
  uid             BLOB NOT NULL UNIQUE, -- global row id
  case_uid        BLOB NOT NULL REFERENCES cases(uid), -- the case
  kind            TEXT NOT NULL,      -- tolerance | written
  materials       TEXT NOT NULL,      -- comma-separated material codes owed
  due             INTEGER NOT NULL,   -- Unix ms deadline
  due_provisional INTEGER NOT NULL DEFAULT 0, -- 1 when counted on a year without holiday data
  state           TEXT NOT NULL,      -- open | fulfilled | breached
  _hlc            INTEGER NOT NULL,   -- version of the insert
  _colv           BLOB                -- later field versions
);
CREATE INDEX commitments_by_case ON commitments (case_uid);
CREATE INDEX commitments_by_state_due ON commitments (state, due);

CREATE TABLE case_counters (          -- per-day case sequence of this station (local only, never synced)
  day  TEXT PRIMARY KEY,              -- YYYYMMDD local date
  last INTEGER NOT NULL               -- last sequence issued that day
);

CREATE TABLE calendar_overrides (     -- local working-day overrides that win over national data
  date    TEXT PRIMARY KEY,           -- YYYY-MM-DD
  working INTEGER NOT NULL,           -- 1 work, 0 off
  reason  TEXT NOT NULL               -- why
);
)sql"},
    {2, R"sql(
CREATE TABLE sync_rejections (        -- local changes the hub refused (out of scope, invalid); shown in sync status
  seq    INTEGER PRIMARY KEY,         -- change_log.seq of the refused change
  reason TEXT NOT NULL,               -- the hub's reason
  at     INTEGER NOT NULL             -- Unix ms when the refusal arrived
);
)sql"},
    {3, R"sql(
-- Case lookups by county number must not scan; name search reads in list order without a sort.
CREATE INDEX cases_by_county_no ON cases (county_no) WHERE county_no IS NOT NULL;
DROP INDEX cases_by_applicant_name;
CREATE INDEX cases_by_applicant_name ON cases (applicant_name, id DESC);
)sql"},
    {4, R"sql(
-- The service modes beyond the window (issue 4). Synced tables follow the same layout as cases.
CREATE TABLE appointment_rules (      -- which slots a station offers (local settings, never synced)
  id           INTEGER PRIMARY KEY,   -- local row id
  item_code    TEXT NOT NULL,         -- impl_code, or '*' for every item that takes appointments
  day_kind     TEXT NOT NULL,         -- workday | offday (weekends and holidays: off-hours service)
  start_minute INTEGER NOT NULL,      -- first slot start, minutes after local midnight
  end_minute   INTEGER NOT NULL,      -- no slot starts at or after this minute
  slot_minutes INTEGER NOT NULL,      -- length of one slot
  capacity     INTEGER NOT NULL       -- bookings one slot takes
);

CREATE TABLE appointments (           -- 预约办: bookings at a station
  id              INTEGER PRIMARY KEY, -- local row id
  uid             BLOB NOT NULL UNIQUE, -- global row id
  node            TEXT NOT NULL,      -- station that owns the booking
  item_code       TEXT NOT NULL,      -- impl_code of the item
  item_name       TEXT NOT NULL,      -- item name when booked
  start_at        INTEGER NOT NULL,   -- Unix ms of the slot start
  minutes         INTEGER NOT NULL,   -- slot length
  off_hours       INTEGER NOT NULL,   -- 1 when outside office hours (weekend, holiday, evening)
  applicant_name  TEXT NOT NULL,      -- who comes
  applicant_id    TEXT NOT NULL,      -- resident ID or credit code
  applicant_phone TEXT,               -- for reminders
  state           TEXT NOT NULL,      -- booked | checked_in | no_show | converted | cancelled
  case_uid        BLOB,               -- the case it became, once converted
  note            TEXT,               -- why cancelled, remarks
  _hlc            INTEGER NOT NULL,   -- version of the insert
  _colv           BLOB                -- later field versions
);
CREATE INDEX appointments_by_start ON appointments (start_at);

CREATE TABLE visits (                 -- 上门办: a visit planned for a field laptop and its outcome
  id              INTEGER PRIMARY KEY, -- local row id
  uid             BLOB NOT NULL UNIQUE, -- global row id
  planned_by      TEXT NOT NULL,      -- node that planned the visit
  field_node      TEXT NOT NULL,      -- field node (laptop) that makes it
  item_code       TEXT,               -- item the visit is for, if known
  applicant_name  TEXT NOT NULL,      -- who is visited
  applicant_id    TEXT,               -- resident ID, if known
  applicant_phone TEXT,               -- contact phone
  address         TEXT NOT NULL,      -- where
  planned_day     TEXT NOT NULL,      -- YYYY-MM-DD
  purpose         TEXT,               -- what to do there
  state           TEXT NOT NULL,      -- planned | visited | failed | cancelled
  outcome         TEXT,               -- what happened, in words
  visited_at      INTEGER,            -- Unix ms of the visit
  visited_by      TEXT,               -- login of the field worker
  case_uid        BLOB,               -- case received at the door, if any
  _hlc            INTEGER NOT NULL,   -- version of the insert
  _colv           BLOB                -- later field versions
);
CREATE INDEX visits_by_day ON visits (planned_day);

CREATE TABLE shipments (              -- 邮递办: materials in or results out by post
  id         INTEGER PRIMARY KEY,     -- local row id
  uid        BLOB NOT NULL UNIQUE,    -- global row id
  case_uid   BLOB NOT NULL REFERENCES cases(uid), -- the case
  direction  TEXT NOT NULL,           -- in (materials from the applicant) | out (result to them)
  carrier    TEXT NOT NULL,           -- postal carrier, e.g. 中国邮政 EMS
  waybill    TEXT NOT NULL,           -- waybill number
  address    TEXT NOT NULL,           -- postal address
  state      TEXT NOT NULL,           -- created | sent | delivered | returned | lost
  created_at INTEGER NOT NULL,        -- Unix ms
  _hlc       INTEGER NOT NULL,        -- version of the insert
  _colv      BLOB                     -- later field versions
);
CREATE INDEX shipments_by_case ON shipments (case_uid);
CREATE INDEX shipments_by_waybill ON shipments (waybill);

CREATE TABLE shipment_events (        -- tracking events of a shipment (append-only)
  id           INTEGER PRIMARY KEY,   -- local row id
  uid          BLOB NOT NULL UNIQUE,  -- global row id
  case_uid     BLOB NOT NULL REFERENCES cases(uid), -- the case
  shipment_uid BLOB NOT NULL,         -- the shipment
  at           INTEGER NOT NULL,      -- Unix ms
  state        TEXT NOT NULL,         -- state the shipment reached
  place        TEXT,                  -- where
  note         TEXT,                  -- remarks
  _hlc         INTEGER NOT NULL       -- version of the insert
);
CREATE INDEX shipment_events_by_shipment ON shipment_events (shipment_uid, at);

CREATE TABLE ratings (                -- 好差评: the applicant's rating of a case (append-only)
  id         INTEGER PRIMARY KEY,     -- local row id
  uid        BLOB NOT NULL UNIQUE,    -- global row id
  case_uid   BLOB NOT NULL REFERENCES cases(uid), -- the case
  score      INTEGER NOT NULL,        -- 1 (very bad) to 5 (very good)
  indicators TEXT,                    -- comma-separated indicator codes ticked
  comment    TEXT,                    -- free text
  rated_at   INTEGER NOT NULL,        -- Unix ms
  node       TEXT NOT NULL,           -- node where the rating was given
  channel    TEXT NOT NULL,           -- window | online | door | post
  _hlc       INTEGER NOT NULL         -- version of the insert
);
CREATE INDEX ratings_by_case ON ratings (case_uid);

CREATE TABLE escalations (            -- 超时问责: a timer that ran out, supervised by the hub
  id        INTEGER PRIMARY KEY,      -- local row id
  uid       BLOB NOT NULL UNIQUE,     -- global row id, derived from the timer (same on every node)
  case_uid  BLOB NOT NULL REFERENCES cases(uid), -- the case
  kind      TEXT NOT NULL,            -- case_overdue | commitment_overdue | rectification_overdue
  due       INTEGER NOT NULL,         -- Unix ms the timer ran out
  opened_at INTEGER NOT NULL,         -- equals due: every node derives the same record
  office    TEXT NOT NULL,            -- node answerable for it
  state     TEXT NOT NULL,            -- open | closed
  note      TEXT,                     -- how it was dealt with
  _hlc      INTEGER NOT NULL,         -- version of the insert
  _colv     BLOB                      -- later field versions
);
CREATE INDEX escalations_by_case ON escalations (case_uid);

CREATE TABLE calendars (              -- working-day calendars and overrides the hub publishes
  id           INTEGER PRIMARY KEY,   -- local row id
  uid          BLOB NOT NULL UNIQUE,  -- global row id
  name         TEXT NOT NULL,         -- e.g. 'national-2027' or 'flood-QS-JX-2026'
  applies_to   TEXT,                  -- comma-separated node codes; NULL = every node
  body         TEXT NOT NULL,         -- tongban-calendar/1 JSON (docs/formats.md)
  published_at INTEGER NOT NULL,      -- Unix ms
  _hlc         INTEGER NOT NULL,      -- version of the insert
  _colv        BLOB                   -- later field versions
);

CREATE TABLE case_scans (             -- scans attached to a case's materials; content in scan storage
  id        INTEGER PRIMARY KEY,      -- local row id
  uid       BLOB NOT NULL UNIQUE,     -- global row id
  case_uid  BLOB NOT NULL REFERENCES cases(uid), -- the case
  material  TEXT NOT NULL,            -- material code in the item version
  sha256    TEXT NOT NULL,            -- content address (lower-case hex)
  size      INTEGER NOT NULL,         -- bytes
  mime      TEXT NOT NULL,            -- image/jpeg | image/png | application/pdf
  file_name TEXT,                     -- original file name
  added_at  INTEGER NOT NULL,         -- Unix ms
  added_by  TEXT NOT NULL,            -- login of who attached it
  _hlc      INTEGER NOT NULL          -- version of the insert
);
CREATE INDEX case_scans_by_case ON case_scans (case_uid);
CREATE INDEX case_scans_by_sha ON case_scans (sha256);
)sql"},
    {5, R"sql(
-- Scan content, apart from the synced case_scans records (docs/protocol.md, "Scans").
-- Never synced as records: content travels by chunked transfer or in bundles.
CREATE TABLE scan_content (           -- scan bytes this node holds or is fetching, by content address
  sha256   TEXT PRIMARY KEY,          -- lower-case hex SHA-256 of the whole content
  size     INTEGER NOT NULL,          -- total bytes
  mime     TEXT NOT NULL,             -- image/jpeg | image/png | application/pdf
  held     INTEGER NOT NULL,          -- bytes held, a prefix: where a download resumes
  complete INTEGER NOT NULL DEFAULT 0, -- 1 once every byte is here and matches sha256
  attached INTEGER NOT NULL DEFAULT 0, -- 1 when attached on this node: this node sends it to the hub
  uploaded INTEGER NOT NULL DEFAULT 0, -- 1 once the hub confirmed it holds the whole (never sent again)
  added_at INTEGER NOT NULL           -- Unix ms the first byte was stored here
);
CREATE INDEX scan_content_to_upload ON scan_content (sha256) WHERE attached = 1 AND uploaded = 0;

CREATE TABLE scan_chunks (            -- the bytes of scan_content, in pieces of at most 1 MiB
  id     INTEGER PRIMARY KEY,         -- storage order
  sha256 TEXT NOT NULL REFERENCES scan_content(sha256) ON DELETE CASCADE, -- the content
  at     INTEGER NOT NULL,            -- offset of the piece's first byte in the content
  data   BLOB NOT NULL,               -- the bytes
  UNIQUE (sha256, at)
);
)sql"},
    {6, R"sql(
-- Refusals keep the hub's code and arguments, rendered in the clerk's language
-- (docs/protocol.md, "Refusals and holds"); rows from before have code ''.
ALTER TABLE sync_rejections ADD COLUMN code TEXT NOT NULL DEFAULT '';  -- out_of_scope, invalid_field, ...
ALTER TABLE sync_rejections ADD COLUMN args TEXT NOT NULL DEFAULT '[]'; -- the code's arguments, JSON array of strings
)sql"},
    {7, R"sql(
CREATE TABLE conflict_marks (         -- fields waiting in the hub's conflict inbox, as the last pull said (replaced whole; not synced)
  tbl  TEXT NOT NULL,                 -- synced table name
  row  BLOB NOT NULL,                 -- global row id
  col  TEXT NOT NULL,                 -- field ('*' = the whole record)
  id   INTEGER NOT NULL,              -- the hub's conflict number
  PRIMARY KEY (tbl, row, col)
) WITHOUT ROWID;
)sql"},
    {8, R"sql(
CREATE TABLE login_failures (         -- wrong passwords in a row, per account on this node (not synced)
  login    TEXT PRIMARY KEY,          -- staff login
  failures INTEGER NOT NULL,          -- wrong passwords since the last right one
  last_ms  INTEGER NOT NULL           -- Unix ms of the latest; the wait counts from it
) WITHOUT ROWID;
)sql"},
    {9, R"sql(
CREATE TABLE audit_log (              -- who viewed a full ID, printed, exported or changed records (sync/audit_chain.h)
  seq       INTEGER PRIMARY KEY,      -- 1, 2, … on this node; sent to the hub in order
  at_ms     INTEGER NOT NULL,         -- Unix ms, corrected clock
  node      TEXT NOT NULL,            -- this node's code when written
  user      TEXT NOT NULL,            -- login of who did it
  action    TEXT NOT NULL,            -- view_id | print | export | change | set_password
  target    TEXT NOT NULL,            -- case number, sha256, or the changed records
  detail    TEXT NOT NULL,            -- JSON of the action's data
  prev_hash TEXT NOT NULL,            -- hash of entry seq - 1
  hash      TEXT NOT NULL             -- SM3 of this entry and prev_hash
);
)sql"},
    {10, R"sql(
CREATE TABLE legacy_imports (         -- cases brought in from a legacy system, one per legacy number (not synced)
  legacy_no   TEXT PRIMARY KEY,       -- the legacy system's number, as the file gave it
  case_no     TEXT NOT NULL,          -- the case it became on this node
  fingerprint BLOB NOT NULL           -- SHA-256 of the imported row, to tell a changed re-import
) WITHOUT ROWID;
)sql"},
    {11, R"sql(
-- Replication schema 3 (docs/protocol.md, "Versions").
ALTER TABLE cases ADD COLUMN note TEXT;  -- the clerk's remark on the case (备注), or NULL

CREATE TABLE kept_fields (            -- fields of synced records this build does not know, kept as the hub sent them (not synced)
  tbl     TEXT NOT NULL,              -- synced table name
  row     BLOB NOT NULL,              -- global row id
  col     TEXT NOT NULL,              -- the field's name
  value   BLOB,                       -- MessagePack of the value
  version INTEGER NOT NULL,           -- its version at the hub
  PRIMARY KEY (tbl, row, col)
) WITHOUT ROWID;
)sql"},
};

}  // namespace

Status MigrateSchema(sync::Database& db) {
  static_assert(std::size(kMigrations) == kSchemaVersion, "one migration per schema version");
  return sync::ApplyMigrations(db, kMigrations, "database", "Tongban");
}

}  // namespace tongban::node
