#include "tongban/node/store/node_replica.h"

#include <sodium.h>

#include <algorithm>
#include <map>
#include <set>

#include "change_log.h"
#include "tongban/node/domain/case.h"
#include "store_util.h"
#include "tongban/node/store/station_keys.h"
#include "tongban/sync/scope_digest.h"
#include "tongban/sync/sqlite.h"

namespace tongban::node {
namespace {

using nlohmann::json;
using sync::Hlc;

constexpr const char* kAcked = "sync_acked_seq";
constexpr const char* kCursor = "sync_pull_cursor";
constexpr const char* kHubEpoch = "hub_epoch";  // of the hub's data (Replica::NoteHubEpoch)
constexpr const char* kAskHub = "sync_ask_hub";  // "1": ask where the hub stands (ReplicaState)
constexpr const char* kConflicts = "sync_open_conflicts";
constexpr const char* kHeld = "sync_held";  // JSON {seq, code, args, since}; "" when none
constexpr const char* kUpdateDue = "hub_schema_newer";  // "HUB/SPOKEN" when the hub's is newer

// Messages (Chinese in node/src/messages/catalog_services.cpp).
constexpr MessageDef kMetaNotNumber{"station_replica.meta_not_number",
                                    "node_meta {0} is not a number: {1}"};
constexpr MessageDef kMoveStale{"station_replica.move_stale",
                                "moving change {0} after change {1}, but the hub acknowledged up "
                                "to {2}"};
constexpr MessageDef kRestampStale{"station_replica.restamp_stale",
                                   "re-stamping after change {0}, but the hub acknowledged up to "
                                   "{1}"};
constexpr MessageDef kCtxApplyMaterials{"station_replica.ctx_apply_materials",
                                        "apply case_materials"};
constexpr MessageDef kCtxApply{"station_replica.ctx_apply", "apply {0:table}"};
constexpr MessageDef kUnknownColumn{"station_replica.unknown_column",
                                    "hub sent unknown column {0:table}.{1}"};
constexpr MessageDef kBadVersions{"station_replica.bad_versions",
                                  "{0:table} record {1} has bad versions"};
constexpr MessageDef kUnknownTable{"station_replica.unknown_table",
                                   "hub sent a change to unknown table '{0}'"};
constexpr MessageDef kPurgeUnknownTable{"station_replica.purge_unknown_table",
                                        "hub asked to purge unknown table '{0}'"};
constexpr MessageDef kCtxRecord{"station_replica.ctx_record", "a {0:table} record"};

// A number the replica keeps in node_meta (0 when unset); a damaged value is an error
// naming its key, never an exception.
// A Status as raised (code, key, arguments, contexts), so a later reader renders it in
// its own language; words from elsewhere keep their English text.
std::string RaisedJson(const Status& s) {
  const auto message = [](const Message& m) {
    return json{{"key", m.key}, {"args", m.args}, {"text", m.text}};
  };
  json contexts = json::array();
  for (const auto& c : s.context()) contexts.push_back(message(c));
  return json{{"code", static_cast<int>(s.code())}, {"what", message(s.what())}, {"context", contexts}}
      .dump(-1, ' ', false, json::error_handler_t::replace);
}

// The Status RaisedJson wrote; `english` alone when it holds none (an older version wrote it).
Status FromRaisedJson(const std::string& raised, const std::string& english) {
  const json j = json::parse(raised, nullptr, false);
  const auto message = [](const json& m) {
    Message out;
    if (!m.is_object()) return out;
    out.key = m.value("key", "");
    out.text = m.value("text", "");
    if (m.contains("args") && m["args"].is_array())
      for (const auto& a : m["args"]) out.args.push_back(a.is_string() ? a.get<std::string>() : a.dump());
    return out;
  };
  const int code = j.is_object() ? j.value("code", 0) : 0;
  if (code <= 0 || code > static_cast<int>(ErrorCode::kInternal))
    return Status(ErrorCode::kUnavailable, english);
  Status s = Status::Raised(static_cast<ErrorCode>(code), message(j["what"]));
  if (j.contains("context") && j["context"].is_array())
    for (auto it = j["context"].rbegin(); it != j["context"].rend(); ++it) s = s.WithContext(message(*it));
  return s;
}

Result<std::int64_t> MetaInt(NodeStore& store, std::string_view key) {
  TB_ASSIGN_OR_RETURN(std::string text, store.Meta(std::string(key)));
  if (text.empty()) return std::int64_t{0};
  const auto v = ParseStoredNumber<std::int64_t>(text);
  if (!v) return Corruption(kMetaNotNumber, {std::string(key), text});
  return *v;
}

constexpr int kUnsentPage = 20'000;  // unsent changes read at once while a pull protects them

std::string Packed(const json& j) {
  const auto b = json::to_msgpack(j);
  return std::string(b.begin(), b.end());
}


// Fields of local changes the hub has not acknowledged: (table, row) -> columns ("*" = all).
using Pending = std::map<std::pair<std::string, sync::RowId>, std::set<std::string>>;

}  // namespace

Result<sync::ReplicaState> NodeReplica::State() {
  sync::ReplicaState s;
  TB_ASSIGN_OR_RETURN(s.acked_seq, MetaInt(store_, kAcked));
  TB_ASSIGN_OR_RETURN(s.pull_cursor, MetaInt(store_, kCursor));
  TB_ASSIGN_OR_RETURN(const std::string ask, store_.Meta(kAskHub));
  s.ask_hub = ask == "1";
  TB_ASSIGN_OR_RETURN(auto* st, store_.database().Prepare("SELECT COALESCE(MAX(seq), 0) FROM change_log"));
  TB_ASSIGN_OR_RETURN(bool row, st->Step());
  s.last_seq = row ? st->Int(0) : 0;
  st->Reset();
  return s;
}

Result<std::vector<sync::Change>> NodeReplica::LocalChanges(std::int64_t after_seq, int limit) {
  TB_ASSIGN_OR_RETURN(auto changes, store_.ReadChanges(after_seq, limit));
  if (speak_schema_ < kReplicationSchemaVersion)
    for (auto& c : changes)
      if (const TableSpec* spec = SpecByName(c.table))
        std::erase_if(c.fields, [&](const sync::FieldChange& f) {
          return !InSchema(spec->id, f.column, speak_schema_);
        });
  return changes;
}

Result<int> NodeReplica::NoteHubSchema(int hub_newest, int spoken) {
  const bool due = hub_newest > spoken;
  const std::string note = due ? std::to_string(hub_newest) + "/" + std::to_string(spoken) : "";
  // Written when it changes, not every round.
  TB_ASSIGN_OR_RETURN(const std::string known, store_.Meta(kUpdateDue));
  if (known != note) TB_RETURN_IF_ERROR(store_.SetMeta(kUpdateDue, note));
  return due ? hub_newest : 0;
}

Result<std::string> NodeReplica::HubEpoch() { return store_.Meta(kHubEpoch); }

Status NodeReplica::NoteHubEpoch(const std::string& epoch, bool restored, std::int64_t base_seq) {
  TB_ASSIGN_OR_RETURN(auto tx, sync::Transaction::Begin(store_.database()));
  if (restored) {
    // The push asks where the hub stands before it trusts its acknowledgement (and checks
    // it against this log); the cursor goes back to where the backup's log ended, from
    // which the hub numbers its entries anew.
    TB_ASSIGN_OR_RETURN(const auto state, State());
    TB_RETURN_IF_ERROR(store_.SetMeta(kAskHub, "1"));
    TB_RETURN_IF_ERROR(store_.SetMeta(
        kCursor, std::to_string(std::min(state.pull_cursor, std::max<std::int64_t>(0, base_seq)))));
    // The audit trail goes up again from where the hub stands (asked first), the scans
    // attached here from the start: the hub skips what it still holds.
    TB_RETURN_IF_ERROR(store_.SetMeta(kAuditAskHubMeta, "1"));
    TB_RETURN_IF_ERROR(store_.database().Exec(
        "UPDATE scan_content SET uploaded = 0 WHERE attached = 1 AND uploaded = 1"));
  }
  TB_RETURN_IF_ERROR(store_.SetMeta(kHubEpoch, epoch));
  return tx->Commit();
}

Status NodeReplica::Acknowledge(const sync::PushReply& reply) {
  auto& db = store_.database();
  TB_ASSIGN_OR_RETURN(auto tx, sync::Transaction::Begin(db));
  TB_RETURN_IF_ERROR(store_.SetMeta(kAcked, std::to_string(reply.acked_seq)));
  TB_RETURN_IF_ERROR(store_.SetMeta(kAskHub, ""));  // the hub said where it stands
  TB_RETURN_IF_ERROR(store_.SetMeta(kConflicts, std::to_string(reply.open_conflicts)));
  TB_ASSIGN_OR_RETURN(auto* st, db.Prepare("INSERT OR REPLACE INTO sync_rejections (seq, reason, "
                                           "at, code, args) VALUES (?1, ?2, ?3, ?4, ?5)"));
  for (const auto& r : reply.rejected) {
    st->Bind(1, r.seq).Bind(2, r.reason).Bind(3, store_.wall_.NowMillis());
    st->Bind(4, r.code).Bind(5, json(r.args).dump());
    TB_RETURN_IF_ERROR(st->Run());
    st->Reset();
  }
  TB_RETURN_IF_ERROR(NoteHeld(reply));
  return tx->Commit();
}

namespace {

std::vector<std::string> ArgsFrom(const json& j) {
  std::vector<std::string> out;
  if (j.is_array())
    for (const auto& a : j)
      if (a.is_string()) out.push_back(a.get<std::string>());
  return out;
}

// A stored hold; nullopt when none (or unreadable: it is only a note, rewritten at the
// next push).
std::optional<HubNote> ParseHeld(const std::string& text) {
  if (text.empty()) return std::nullopt;
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object() || !j.contains("seq") || !j["seq"].is_number_integer() ||
      !j.contains("code") || !j["code"].is_string() || !j.contains("since") ||
      !j["since"].is_number_integer())
    return std::nullopt;
  return HubNote{j["seq"].get<std::int64_t>(), j["code"].get<std::string>(),
                 ArgsFrom(j.value("args", json())), j["since"].get<Millis>()};
}

}  // namespace

Status NodeReplica::NoteHeld(const sync::PushReply& reply) {
  TB_ASSIGN_OR_RETURN(auto text, store_.Meta(kHeld));
  const auto kept = ParseHeld(text);
  if (!reply.held) {
    // Kept until the acknowledgement passes it: an empty probe push says nothing of it.
    if (kept && reply.acked_seq < kept->seq) return Status::Ok();
    return text.empty() ? Status::Ok() : store_.SetMeta(kHeld, "");
  }
  const bool same = kept && kept->seq == reply.held->seq && kept->code == reply.held->code;
  const Millis since = same ? kept->since : store_.wall_.NowMillis();
  return store_.SetMeta(kHeld, json{{"seq", reply.held->seq},
                                    {"code", reply.held->code},
                                    {"args", reply.held->args},
                                    {"since", since}}
                                   .dump());
}

Result<std::int64_t> NodeReplica::DeferHeld(std::int64_t acked_seq, std::int64_t held_seq) {
  TB_ASSIGN_OR_RETURN(auto tx, sync::Transaction::Begin(store_.database()));
  TB_ASSIGN_OR_RETURN(auto state, State());
  // Only changes the hub does not hold may move.
  if (state.acked_seq != acked_seq)
    return FailedPrecondition(kMoveStale, {std::to_string(held_seq), std::to_string(acked_seq),
                                           std::to_string(state.acked_seq)});
  // Changes that left on a stick the hub has not acknowledged keep their numbers: that
  // bundle may still be imported, and its numbers must mean the same changes.
  TB_ASSIGN_OR_RETURN(std::int64_t exported, MetaInt(store_, kBundleExportedKey));
  if (exported > acked_seq) return held_seq;
  TB_ASSIGN_OR_RETURN(auto deferred, store_.log_->DeferHeld(acked_seq, held_seq));
  const std::int64_t moved_to = deferred.held_at;
  // A reopened store resumes after the last change or hlc_last: keep the newest stamp there.
  TB_ASSIGN_OR_RETURN(std::int64_t observed, MetaInt(store_, "hlc_last"));
  if (deferred.newest > static_cast<sync::Hlc>(observed))
    TB_RETURN_IF_ERROR(store_.log_->PersistClock(deferred.newest));
  // The note of the hold follows the change, so its first "since" stays.
  TB_ASSIGN_OR_RETURN(auto text, store_.Meta(kHeld));
  if (auto kept = ParseHeld(text); kept && kept->seq == held_seq) {
    json j = json::parse(text);
    j["seq"] = moved_to;
    TB_RETURN_IF_ERROR(store_.SetMeta(kHeld, j.dump()));
  }
  TB_RETURN_IF_ERROR(tx->Commit());
  return moved_to;
}

Status NodeReplica::HeardHubTime(std::int64_t hub_ms) {
  if (hub_ms <= 0) return Status::Ok();  // an older hub does not say
  const auto kept = store_.corrected_.offset();
  const auto next = sync::NextOffset(kept, store_.raw_wall_clock().NowMillis(), hub_ms);
  if (kept && *kept == next) return Status::Ok();
  TB_RETURN_IF_ERROR(store_.SetMeta(std::string(kClockOffsetKey), sync::FormatClockOffset(next)));
  store_.corrected_.SetOffset(next);
  return Status::Ok();
}

Result<std::int64_t> NodeReplica::RestampUnsent(std::int64_t acked_seq) {
  TB_ASSIGN_OR_RETURN(auto tx, sync::Transaction::Begin(store_.database()));
  TB_ASSIGN_OR_RETURN(auto state, State());
  // Only changes the hub does not hold may take new timestamps.
  if (state.acked_seq != acked_seq)
    return FailedPrecondition(kRestampStale,
                              {std::to_string(acked_seq), std::to_string(state.acked_seq)});
  TB_ASSIGN_OR_RETURN(auto done, store_.log_->Restamp(acked_seq, store_.wall_));
  if (done.changes == 0) return 0;
  TB_RETURN_IF_ERROR(store_.log_->PersistClock(done.last));
  TB_RETURN_IF_ERROR(tx->Commit());
  // Only once committed: a failed re-stamping leaves the clock where the log says.
  store_.clock_.Rebase(done.last);
  return done.changes;
}

Status NodeReplica::ReplaceConflictMarks(const std::vector<sync::ConflictMark>& marks) {
  auto& db = store_.database();
  TB_RETURN_IF_ERROR(db.Exec("DELETE FROM conflict_marks"));
  TB_ASSIGN_OR_RETURN(auto* st, db.Prepare("INSERT OR REPLACE INTO conflict_marks (tbl, row, col, "
                                           "id) VALUES (?1, ?2, ?3, ?4)"));
  for (const auto& m : marks) {
    st->Bind(1, m.table).BindBlob(2, m.row.View()).Bind(3, m.column).Bind(4, m.id);
    TB_RETURN_IF_ERROR(st->Run());
  }
  return Status::Ok();
}

Status NodeReplica::DeleteRecord(const TableSpec& spec, const sync::RowId& row) {
  auto& db = store_.database();
  if (spec.id == SyncedTable::kCases) {
    // Every record that belongs to the case goes with it.
    for (const auto& child : ReplicatedTables()) {
      if (child.scope != ScopeRule::kParentCase) continue;
      TB_ASSIGN_OR_RETURN(auto* st, db.Prepare("DELETE FROM " + std::string(child.name) +
                                               " WHERE case_uid = ?1"));
      st->BindBlob(1, row.View());
      TB_RETURN_IF_ERROR(st->Run());
    }
  }
  const std::string key = spec.id == SyncedTable::kCaseMaterials ? "case_uid" : "uid";
  TB_ASSIGN_OR_RETURN(auto* st, db.Prepare("DELETE FROM " + std::string(spec.name) + " WHERE " +
                                           key + " = ?1"));
  st->BindBlob(1, row.View());
  TB_RETURN_IF_ERROR(st->Run());
  TB_ASSIGN_OR_RETURN(auto* kept, db.Prepare("DELETE FROM kept_fields WHERE tbl = ?1 AND row = ?2"));
  kept->Bind(1, std::string(spec.name)).BindBlob(2, row.View());
  return kept->Run();
}

Status NodeReplica::KeepField(const std::string& table, const sync::RowId& row,
                              const sync::FieldChange& f) {
  if (f.column.empty() || f.column.size() > 64 || !IsUtf8Text(f.column))
    return Corruption(kUnknownColumn, {table, f.column});
  TB_ASSIGN_OR_RETURN(auto* st, store_.database().Prepare(
                                    "INSERT INTO kept_fields (tbl, row, col, value, version) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (tbl, row, col) DO "
                                    "UPDATE SET value = excluded.value, version = excluded.version "
                                    "WHERE excluded.version > kept_fields.version"));
  const auto packed = json::to_msgpack(f.value);
  st->Bind(1, table).BindBlob(2, row.View()).Bind(3, f.column);
  st->BindBlob(4, std::string_view(reinterpret_cast<const char*>(packed.data()), packed.size()));
  st->Bind(5, static_cast<std::int64_t>(f.base));
  return st->Run().WithContext(kCtxApply, {table});
}

Status NodeReplica::ApplyRecord(const TableSpec& spec, const sync::Change& change,
                                const std::vector<const sync::FieldChange*>& fields) {
  auto& db = store_.database();
  const std::string table(spec.name);
  if (spec.id == SyncedTable::kCaseMaterials) {
    // A field only moves forward: an older version than the one held is ignored.
    TB_ASSIGN_OR_RETURN(auto* st, db.Prepare(
                                      "INSERT INTO case_materials (case_uid, code, state, _hlc) "
                                      "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (case_uid, code) DO "
                                      "UPDATE SET state = excluded.state, _hlc = excluded._hlc "
                                      "WHERE excluded._hlc > case_materials._hlc"));
    for (const auto* f : fields) {
      st->BindBlob(1, change.row.View()).Bind(2, f->column);
      BindJson(*st, 3, f->value);
      st->Bind(4, static_cast<std::int64_t>(f->base));
      TB_RETURN_IF_ERROR(st->Run().WithContext(kCtxApplyMaterials));
      st->Reset();
    }
    return Status::Ok();
  }
  // Columns known to this build. A field of a later schema (a hub that sent it anyway) is
  // kept aside in kept_fields as it came, the newest version winning, and never sent; the
  // migration that brings the column in is where it would be read back.
  std::vector<std::pair<int, const sync::FieldChange*>> cols;
  for (const auto* f : fields) {
    const int idx = ColumnIndex(spec.id, f->column);
    if (idx < 0) {
      TB_RETURN_IF_ERROR(KeepField(table, change.row, *f));
      continue;
    }
    cols.emplace_back(idx, f);
  }
  if (cols.empty()) return Status::Ok();
  if (spec.append_only) {
    std::string sql = "INSERT OR IGNORE INTO " + table + " (uid, _hlc";
    std::string params = "?1, ?2";
    for (std::size_t i = 0; i < cols.size(); ++i) {
      sql += ", " + std::string(spec.columns[cols[i].first]);
      params += ", ?" + std::to_string(i + 3);
    }
    TB_ASSIGN_OR_RETURN(auto* st, db.Prepare(sql + ") VALUES (" + params + ")"));
    // The record's version is its fields' (a snapshot re-sent later keeps the original).
    Hlc version = 0;
    for (const auto& c : cols) version = std::max(version, c.second->base);
    st->BindBlob(1, change.row.View()).Bind(2, static_cast<std::int64_t>(version));
    for (std::size_t i = 0; i < cols.size(); ++i) BindJson(*st, static_cast<int>(i) + 3, cols[i].second->value);
    return st->Run().WithContext(kCtxApply, {table});
  }

  TB_ASSIGN_OR_RETURN(auto* sel, db.Prepare("SELECT _hlc, _colv FROM " + table + " WHERE uid = ?1"));
  sel->BindBlob(1, change.row.View());
  TB_ASSIGN_OR_RETURN(bool exists, sel->Step());
  std::map<int, Hlc> colv;
  Hlc insert_hlc = 0;
  if (exists) {
    insert_hlc = static_cast<Hlc>(sel->Int(0));
    if (!DecodeFieldVersions(sel->Blob(1), colv))
      return Corruption(kBadVersions, {table, change.row.Hex()});
  }
  sel->Reset();
  if (exists) {
    // A field only moves forward: a version older than the one held is ignored.
    std::erase_if(cols, [&](const auto& c) {
      const auto it = colv.find(c.first);
      return c.second->base <= (it == colv.end() ? insert_hlc : it->second);
    });
    if (cols.empty()) return Status::Ok();
  }
  for (const auto& [idx, f] : cols) colv[idx] = f->base;  // in a pull, base = the field's version
  json colv_arr = json::array();
  for (const auto& [idx, v] : colv) {
    colv_arr.push_back(idx);
    colv_arr.push_back(v);
  }

  if (!exists) {
    if (spec.id == SyncedTable::kCatalogItems) {
      // The hub publishes the catalog: its copy of an item version replaces a local one.
      json code, version;
      for (const auto& [idx, f] : cols) {
        if (spec.columns[idx] == "impl_code") code = f->value;
        if (spec.columns[idx] == "version") version = f->value;
      }
      TB_ASSIGN_OR_RETURN(auto* del, db.Prepare("DELETE FROM catalog_items WHERE impl_code = ?1 "
                                                "AND version = ?2"));
      BindJson(*del, 1, code);
      BindJson(*del, 2, version);
      TB_RETURN_IF_ERROR(del->Run());
    }
    // _hlc 0 and every field version in _colv: the record's versions are exactly the hub's.
    std::string sql = "INSERT INTO " + table + " (uid, _hlc, _colv";
    std::string params = "?1, 0, ?2";
    for (std::size_t i = 0; i < cols.size(); ++i) {
      sql += ", " + std::string(spec.columns[cols[i].first]);
      params += ", ?" + std::to_string(i + 3);
    }
    TB_ASSIGN_OR_RETURN(auto* st, db.Prepare(sql + ") VALUES (" + params + ")"));
    st->BindBlob(1, change.row.View()).BindBlob(2, Packed(colv_arr));
    for (std::size_t i = 0; i < cols.size(); ++i) BindJson(*st, static_cast<int>(i) + 3, cols[i].second->value);
    return st->Run().WithContext(kCtxApply, {table});
  }
  std::string sql = "UPDATE " + table + " SET _colv = ?1";
  for (std::size_t i = 0; i < cols.size(); ++i)
    sql += ", " + std::string(spec.columns[cols[i].first]) + " = ?" + std::to_string(i + 3);
  TB_ASSIGN_OR_RETURN(auto* st, db.Prepare(sql + " WHERE uid = ?2"));
  st->BindBlob(1, Packed(colv_arr)).BindBlob(2, change.row.View());
  for (std::size_t i = 0; i < cols.size(); ++i) BindJson(*st, static_cast<int>(i) + 3, cols[i].second->value);
  return st->Run().WithContext(kCtxApply, {table});
}

Result<std::optional<NodeReplica::StaffPassword>> NodeReplica::ReadStaffPassword(
    const sync::RowId& row) {
  TB_ASSIGN_OR_RETURN(auto* st, store_.database().Prepare("SELECT login, pw_hash FROM staff WHERE uid = ?1"));
  st->BindBlob(1, row.View());
  TB_ASSIGN_OR_RETURN(bool found, st->Step());
  std::optional<StaffPassword> out;
  if (found) out = StaffPassword{row, st->Text(0), st->Text(1)};
  st->Reset();
  return out;
}

Status NodeReplica::CountIssuedNumbers(const sync::PullReply& reply) {
  // A case number of this station the hub holds (issued before a restore, or by the lost
  // laptop this one replaces) is never issued again: the day's counter goes past it.
  const std::string& own = store_.identity().code;
  for (const auto& change : reply.changes) {
    if (change.table != SpecOf(SyncedTable::kCases).name) continue;
    for (const auto& f : change.fields) {
      if (f.column != "case_no" || !f.value.is_string()) continue;
      const auto parts = ParseCaseNumber(f.value.get<std::string>());
      if (!parts || parts->station != own) continue;
      TB_ASSIGN_OR_RETURN(auto* up, store_.database().Prepare(
                                        "INSERT INTO case_counters (day, last) VALUES (?1, ?2) "
                                        "ON CONFLICT (day) DO UPDATE SET last = max(last, excluded.last)"));
      up->Bind(1, FormatDate(parts->day)).Bind(2, static_cast<std::int64_t>(parts->sequence));
      TB_RETURN_IF_ERROR(up->Run());
    }
  }
  return Status::Ok();
}

Status NodeReplica::ApplyPull(const sync::PullReply& reply) {
  auto& db = store_.database();
  TB_ASSIGN_OR_RETURN(auto tx, sync::Transaction::Begin(db));
  // What this pull observes is stored on top of the file's clock, not this connection's.
  TB_RETURN_IF_ERROR(store_.LoadClock());
  TB_ASSIGN_OR_RETURN(auto state, State());
  Pending pending;
  // Every unsent change, however many (a large import leaves more than one read returns),
  // read page by page: a pull never overwrites a field the node has not sent yet.
  for (std::int64_t after = state.acked_seq; after < state.last_seq;) {
    TB_ASSIGN_OR_RETURN(auto unsent, store_.ReadChanges(after, kUnsentPage));
    if (unsent.empty()) break;
    for (const auto& c : unsent) {
      auto& cols = pending[{c.table, c.row}];
      if (c.op == sync::ChangeOp::kDelete) cols.insert("*");
      for (const auto& f : c.fields) cols.insert(f.column);
    }
    after = unsent.back().seq;
  }
  const sync::Hlc clock_limit =
      sync::HybridClock::Make(store_.wall_.NowMillis() + 24LL * 3600 * 1000, 0);
  // Accounts whose password this pull may set: an encrypted station's key file must learn
  // of a password changed on another machine (StationKeys::MarkChangedElsewhere).
  std::vector<StaffPassword> passwords_before;
  const bool sealed = store_.key_.has_value();
  for (const auto& change : reply.changes) {
    if (!sealed || change.table != SpecOf(SyncedTable::kStaff).name) continue;
    TB_ASSIGN_OR_RETURN(auto before, ReadStaffPassword(change.row));
    if (before) passwords_before.push_back(std::move(*before));
  }
  for (const auto& change : reply.changes) {
    // A timestamp more than a day ahead is applied but not adopted by this clock.
    if (change.hlc <= clock_limit) store_.clock_.Observe(change.hlc);
    const TableSpec* spec = SpecByName(change.table);
    if (!spec) return Corruption(kUnknownTable, {change.table});
    const auto p = pending.find({change.table, change.row});
    if (change.op == sync::ChangeOp::kDelete) {
      if (p == pending.end()) TB_RETURN_IF_ERROR(DeleteRecord(*spec, change.row));
      continue;
    }
    std::vector<const sync::FieldChange*> fields;
    for (const auto& f : change.fields)
      if (p == pending.end() || (!p->second.contains(f.column) && !p->second.contains("*")))
        fields.push_back(&f);
    if (!fields.empty()) TB_RETURN_IF_ERROR(ApplyRecord(*spec, change, fields));
  }
  TB_RETURN_IF_ERROR(CountIssuedNumbers(reply));
  for (const auto& purge : reply.purges) {
    const TableSpec* spec = SpecByName(purge.table);
    if (!spec) return Corruption(kPurgeUnknownTable, {purge.table});
    // Unsent local changes stay in the change log and are still pushed.
    TB_RETURN_IF_ERROR(DeleteRecord(*spec, purge.row));
  }
  // The cursor only moves forward (an old reply bundle read again changes nothing);
  // ResetPullCursor is the one way back.
  TB_RETURN_IF_ERROR(store_.SetMeta(kCursor, std::to_string(std::max(reply.cursor, state.pull_cursor))));
  TB_RETURN_IF_ERROR(store_.SetMeta(kConflicts, std::to_string(reply.open_conflicts)));
  if (reply.conflict_marks) TB_RETURN_IF_ERROR(ReplaceConflictMarks(*reply.conflict_marks));
  const bool new_calendar =
      std::any_of(reply.changes.begin(), reply.changes.end(),
                  [](const sync::Change& c) { return c.table == SpecOf(SyncedTable::kCalendars).name; });
  // A calendar from the hub moves every open deadline counted on it, in this same commit
  // (a failure retries the whole pull).
  Status done = new_calendar ? FollowPublishedCalendar() : Status::Ok();
  // Marked before the commit: if the pull then rolls back, the old password is still the
  // account's, and the next sign-in with it re-wraps the key and clears the mark.
  for (const auto& before : passwords_before) {
    if (!done.ok()) break;
    auto now = ReadStaffPassword(before.row);
    if (!now.ok()) done = now.status();
    else if (!*now)  // the account was removed elsewhere: its password opens nothing here
      done = store_.EditKeys([&](StationKeys& k) { return k.Forget(before.login); });
    else if ((*now)->hash != before.hash)
      done = store_.EditKeys([&](StationKeys& k) { return k.MarkChangedElsewhere((*now)->login); });
  }
  if (done.ok()) done = store_.log_->PersistClock(store_.clock_.last());
  if (done.ok()) done = tx->Commit();
  if (!done.ok() && new_calendar) {
    tx.reset();  // rolled back: the calendar in memory goes back to what the file holds
    (void)store_.LoadCalendar();
  }
  return done;
}

Status NodeReplica::FollowPublishedCalendar() {
  TB_RETURN_IF_ERROR(store_.LoadCalendar());
  const Session system{"system", "system", Role::kAdmin};
  TB_ASSIGN_OR_RETURN(std::int64_t actor, store_.log_->ActorId(store_.identity_.code, system.login));
  return store_.RecomputeDeadlinesIn(system, "calendar published by the hub", store_.clock_.Now(),
                                     actor)
      .status();
}

Status NodeReplica::RecordAttempt(const Status& outcome) {
  const std::string now = std::to_string(store_.wall_.NowMillis());
  TB_RETURN_IF_ERROR(store_.SetMeta("sync_last_attempt", now));
  if (outcome.ok()) {
    TB_RETURN_IF_ERROR(store_.SetMeta("sync_last_success", now));
    return store_.SetMeta("sync_last_error", "");
  }
  TB_RETURN_IF_ERROR(store_.SetMeta("sync_last_error_raised", RaisedJson(outcome)));
  return store_.SetMeta("sync_last_error", outcome.message());
}

Result<SyncStatus> NodeReplica::GetStatus() {
  SyncStatus s;
  TB_ASSIGN_OR_RETURN(auto state, State());
  s.queue_depth = state.last_seq - state.acked_seq;
  s.pull_cursor = state.pull_cursor;
  TB_ASSIGN_OR_RETURN(s.hub_url, store_.Meta("hub_url"));
  TB_ASSIGN_OR_RETURN(s.last_error, store_.Meta("sync_last_error"));
  if (!s.last_error.empty()) {
    TB_ASSIGN_OR_RETURN(const std::string raised, store_.Meta("sync_last_error_raised"));
    s.last_failure = FromRaisedJson(raised, s.last_error);
  }
  TB_ASSIGN_OR_RETURN(s.open_conflicts, MetaInt(store_, kConflicts));
  TB_ASSIGN_OR_RETURN(std::int64_t success, MetaInt(store_, "sync_last_success"));
  if (success) s.last_success_at = success;
  TB_ASSIGN_OR_RETURN(std::int64_t attempt, MetaInt(store_, "sync_last_attempt"));
  if (attempt) s.last_attempt_at = attempt;
  // Another process (the CLI's sync) may have heard the hub since this store opened.
  TB_RETURN_IF_ERROR(store_.LoadClockOffset());
  if (const auto offset = store_.corrected_.offset()) s.clock_offset_ms = offset->offset_ms;
  TB_ASSIGN_OR_RETURN(auto held, store_.Meta(kHeld));
  s.held = ParseHeld(held);
  TB_ASSIGN_OR_RETURN(const std::string due, store_.Meta(kUpdateDue));
  if (const auto slash = due.find('/'); slash != std::string::npos) {  // "HUB/SPOKEN"
    s.update_due_schema = std::atoi(due.c_str());
    s.spoken_schema = std::atoi(due.c_str() + slash + 1);
  }
  if (s.queue_depth > 0) {
    TB_ASSIGN_OR_RETURN(auto first, store_.ReadChanges(state.acked_seq, 1));
    if (!first.empty()) s.oldest_unsent_at = sync::HybridClock::Millis(first[0].hlc);
  }
  TB_ASSIGN_OR_RETURN(auto* st, store_.database().Prepare("SELECT COUNT(*) FROM sync_rejections"));
  TB_ASSIGN_OR_RETURN(bool row, st->Step());
  s.rejected = row ? st->Int(0) : 0;
  st->Reset();
  TB_ASSIGN_OR_RETURN(auto* latest, store_.database().Prepare(
                                        "SELECT seq, code, args, at FROM sync_rejections ORDER "
                                        "BY at DESC, seq DESC LIMIT 5"));
  for (;;) {
    TB_ASSIGN_OR_RETURN(row, latest->Step());
    if (!row) break;
    s.refusals.push_back({latest->Int(0), latest->Text(1),
                          ArgsFrom(json::parse(latest->Text(2), nullptr, false)), latest->Int(3)});
  }
  return s;
}

Status NodeReplica::ResetPullCursor() { return store_.SetMeta(kCursor, "0"); }

Result<std::string> NodeReplica::Digest() {
  sync::ScopeDigest digest;
  auto& db = store_.database();
  for (const auto& spec : ReplicatedTables()) {
    const std::string table(spec.name);
    std::string sql =
        spec.id == SyncedTable::kCaseMaterials
            ? "SELECT case_uid, MAX(_hlc), NULL FROM case_materials GROUP BY case_uid"
            : "SELECT uid, _hlc, " + std::string(spec.has_colv ? "_colv" : "NULL") + " FROM " + table;
    TB_ASSIGN_OR_RETURN(auto* st, db.Prepare(sql));
    for (;;) {
      TB_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      Hlc max = static_cast<Hlc>(st->Int(1));
      TB_ASSIGN_OR_RETURN(const sync::RowId uid, st->Id(0).WithContext(kCtxRecord, {table}));
      std::map<int, Hlc> later;
      if (!DecodeFieldVersions(st->Blob(2), later))
        return Corruption(kBadVersions, {table, uid.Hex()});
      for (const auto& [idx, v] : later) max = std::max(max, v);
      digest.Add(table, uid, max);
    }
  }
  return digest.Finish();
}

}  // namespace tongban::node
