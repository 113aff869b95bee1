#include "change_log.h"

#include "tongban/sync/clock_skew.h"

#include <algorithm>
#include <cassert>
#include <limits>
#include <optional>
#include <set>

namespace tongban::node {

using nlohmann::json;

namespace {

// Messages (Chinese in node/src/messages/catalog_services.cpp).
constexpr MessageDef kNotUtf8{"station_changes.not_utf8",
                              "the text for {0:table}.{1} is not UTF-8 (typed in another "
                              "encoding?); type it again"};
constexpr MessageDef kCtxChangeLog{"station_changes.ctx_change_log", "change log"};
constexpr MessageDef kCtxInsert{"station_changes.ctx_insert", "insert into {0:table}"};
constexpr MessageDef kCtxUpdate{"station_changes.ctx_update", "update {0:table}"};
constexpr MessageDef kCtxMaterials{"station_changes.ctx_materials", "case materials"};
constexpr MessageDef kCtxRestampChange{"station_changes.ctx_restamp_change", "re-stamp change {0}"};
constexpr MessageDef kCtxRestampMaterials{"station_changes.ctx_restamp_materials",
                                          "re-stamp case materials"};
constexpr MessageDef kCtxRestamp{"station_changes.ctx_restamp", "re-stamp {0:table}"};
constexpr MessageDef kRecordMissing{"station_changes.record_missing",
                                    "{0:table} record {1} does not exist"};
constexpr MessageDef kBadVersions{"station_changes.bad_versions",
                                  "{0:table} record {1} has bad versions"};
constexpr MessageDef kBadVersionsNoId{"station_changes.bad_versions_no_id",
                                      "{0:table} record has bad versions"};
constexpr MessageDef kUnknownTable{"station_changes.unknown_table",
                                   "change {0} names unknown table {1}"};
constexpr MessageDef kUnreadableFields{"station_changes.unreadable_fields",
                                       "change {0} has unreadable fields"};
constexpr MessageDef kBadBaseVersion{"station_changes.bad_base_version",
                                     "change {0} has a bad base version"};
constexpr MessageDef kNotWaiting{"station_changes.not_waiting",
                                 "change {0} is not waiting to be sent"};
constexpr MessageDef kBadRowId{"station_changes.bad_row_id", "change {0} has a bad row id"};
constexpr MessageDef kUnknownColumn{"station_changes.unknown_column",
                                    "change {0} names an unknown column"};

}  // namespace

bool DecodeFieldVersions(std::string_view blob, std::map<int, sync::Hlc>& out) {
  if (blob.empty()) return true;
  const json arr = json::from_msgpack(blob.begin(), blob.end(), true, false);
  if (!arr.is_array() || arr.size() % 2 != 0) return false;
  for (std::size_t i = 0; i < arr.size(); i += 2) {
    if (!arr[i].is_number_unsigned() || !arr[i + 1].is_number_unsigned()) return false;
    out[arr[i].get<int>()] = arr[i + 1].get<sync::Hlc>();
  }
  return true;
}

void BindJson(sync::Statement& st, int index, const json& v) {
  switch (v.type()) {
    case json::value_t::null: st.BindNull(index); break;
    case json::value_t::boolean: st.Bind(index, v.get<bool>() ? 1 : 0); break;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: st.Bind(index, v.get<std::int64_t>()); break;
    case json::value_t::number_float: st.Bind(index, v.get<double>()); break;
    case json::value_t::binary: {
      const auto& b = v.get_binary();
      st.BindBlob(index, std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
      break;
    }
    default: st.Bind(index, v.is_string() ? v.get<std::string>() : v.dump()); break;
  }
}


Result<std::int64_t> ChangeLog::ActorId(const std::string& node, const std::string& login) {
  // Looked up first: the common case writes nothing.
  TB_ASSIGN_OR_RETURN(auto* sel, db_.Prepare("SELECT id FROM actors WHERE node = ?1 AND login = ?2"));
  sel->Bind(1, node).Bind(2, login);
  TB_ASSIGN_OR_RETURN(bool found, sel->Step());
  if (found) {
    const std::int64_t id = sel->Int(0);
    sel->Reset();
    return id;
  }
  TB_ASSIGN_OR_RETURN(auto* ins, db_.Prepare("INSERT INTO actors (node, login) VALUES (?1, ?2)"));
  ins->Bind(1, node).Bind(2, login);
  TB_RETURN_IF_ERROR(ins->Run());
  return db_.LastInsertRowId();
}

namespace {

// Text that is not UTF-8 (typed on a terminal in another encoding) would be refused by
// the hub for good; it is refused here, where the clerk can still type it again.
bool AllText(const json& v) {
  if (v.is_string()) return IsUtf8Text(v.get_ref<const std::string&>());
  if (v.is_array() || v.is_object())
    for (const auto& e : v)
      if (!AllText(e)) return false;
  return true;
}

}  // namespace

Status ChangeLog::Append(SyncedTable t, const sync::RowId& uid, sync::ChangeOp op,
                         std::int64_t actor, sync::Hlc hlc, const json& fields) {
  const TableSpec& spec = SpecOf(t);
  if (++touched_.records <= Touched::kTouchedNamed)
    touched_.named.push_back(std::to_string(static_cast<int>(t)) + ":" + uid.Hex());
  // What the hub publishes to every node (the catalog, calendars) never goes back: the hub
  // refuses it. A station that began offline keeps its own copy until the hub's arrives.
  if (spec.scope == ScopeRule::kEveryone) return Status::Ok();
  for (std::size_t i = 0; fields.is_array() && i + 1 < fields.size(); i += 3)
    if (!AllText(fields[i + 1])) {
      const std::string column = fields[i].is_number_unsigned() &&
                                         fields[i].get<std::size_t>() < spec.columns.size()
                                     ? std::string(spec.columns[fields[i].get<std::size_t>()])
                                     : std::string("?");
      return InvalidArgument(kNotUtf8, {std::string(spec.name), column});
    }
  TB_ASSIGN_OR_RETURN(auto* st, db_.Prepare("INSERT INTO change_log (hlc, tbl, row_uid, op, actor, "
                                            "fields) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  st->Bind(1, static_cast<std::int64_t>(hlc))
      .Bind(2, static_cast<int>(t))
      .BindBlob(3, uid.View())
      .Bind(4, static_cast<int>(op))
      .Bind(5, actor);
  if (fields.is_null() || fields.empty()) {
    st->BindNull(6);
  } else {
    const auto packed = json::to_msgpack(fields);
    st->BindBlob(6, std::string_view(reinterpret_cast<const char*>(packed.data()), packed.size()));
  }
  TB_RETURN_IF_ERROR(st->Run().WithContext(kCtxChangeLog));
  touched_.last_seq = db_.LastInsertRowId();
  if (touched_.first_seq == 0) touched_.first_seq = touched_.last_seq;
  return Status::Ok();
}

Status ChangeLog::Insert(SyncedTable t, const sync::RowId& uid, const std::vector<json>& values,
                         sync::Hlc hlc, std::int64_t actor) {
  const TableSpec& spec = SpecOf(t);
  assert(values.size() == spec.columns.size());
  std::string sql = "INSERT INTO " + std::string(spec.name) + " (uid";
  std::string params = "?1";
  for (std::size_t i = 0; i < spec.columns.size(); ++i) {
    sql += ", " + std::string(spec.columns[i]);
    params += ", ?" + std::to_string(i + 2);
  }
  sql += ", _hlc) VALUES (" + params + ", ?" + std::to_string(spec.columns.size() + 2) + ")";
  TB_ASSIGN_OR_RETURN(auto* st, db_.Prepare(sql));
  st->BindBlob(1, uid.View());
  json fields = json::array();
  for (std::size_t i = 0; i < values.size(); ++i) {
    BindJson(*st, static_cast<int>(i) + 2, values[i]);
    if (values[i].is_null()) continue;  // absent fields need not travel
    fields.push_back(static_cast<int>(i));
    fields.push_back(values[i]);
    fields.push_back(0);
  }
  st->Bind(static_cast<int>(values.size()) + 2, static_cast<std::int64_t>(hlc));
  TB_RETURN_IF_ERROR(st->Run().WithContext(kCtxInsert, {std::string(spec.name)}));
  return Append(t, uid, sync::ChangeOp::kUpsert, actor, hlc, fields);
}

Result<ChangeLog::FieldVersions> ChangeLog::ReadVersions(SyncedTable t, const sync::RowId& uid) {
  const std::string table(SpecOf(t).name);
  TB_ASSIGN_OR_RETURN(auto* sel, db_.Prepare("SELECT _hlc, _colv FROM " + table + " WHERE uid = ?1"));
  sel->BindBlob(1, uid.View());
  TB_ASSIGN_OR_RETURN(bool found, sel->Step());
  if (!found) return NotFound(kRecordMissing, {table, uid.Hex()});
  FieldVersions out;
  out.insert_hlc = static_cast<sync::Hlc>(sel->Int(0));
  const bool ok = sel->IsNull(1) || DecodeFieldVersions(sel->Blob(1), out.later);
  sel->Reset();
  if (!ok) return Corruption(kBadVersions, {table, uid.Hex()});
  return out;
}

Status ChangeLog::Update(SyncedTable t, const sync::RowId& uid,
                         const std::vector<std::pair<std::string_view, json>>& updates,
                         sync::Hlc hlc, std::int64_t actor) {
  const TableSpec& spec = SpecOf(t);
  assert(spec.has_colv);
  const std::string table(spec.name);
  TB_ASSIGN_OR_RETURN(FieldVersions versions, ReadVersions(t, uid));
  const sync::Hlc insert_hlc = versions.insert_hlc;
  std::map<int, sync::Hlc> colv = std::move(versions.later);

  std::string sql = "UPDATE " + table + " SET ";
  json fields = json::array();
  int param = 1;
  for (const auto& [column, value] : updates) {
    const int idx = ColumnIndex(t, column);
    assert(idx >= 0 && "unknown column");
    const auto it = colv.find(idx);
    const sync::Hlc base = it == colv.end() ? insert_hlc : it->second;
    fields.push_back(idx);
    fields.push_back(value);
    fields.push_back(base);
    colv[idx] = hlc;
    sql += std::string(column) + " = ?" + std::to_string(param++) + ", ";
  }
  sql += "_colv = ?" + std::to_string(param) + " WHERE uid = ?" + std::to_string(param + 1);
  json colv_arr = json::array();
  for (const auto& [idx, version] : colv) {
    colv_arr.push_back(idx);
    colv_arr.push_back(version);
  }
  TB_ASSIGN_OR_RETURN(auto* up, db_.Prepare(sql));
  int i = 1;
  for (const auto& kv : updates) BindJson(*up, i++, kv.second);
  const auto packed = json::to_msgpack(colv_arr);
  up->BindBlob(i++, std::string_view(reinterpret_cast<const char*>(packed.data()), packed.size()));
  up->BindBlob(i, uid.View());
  TB_RETURN_IF_ERROR(up->Run().WithContext(kCtxUpdate, {table}));
  return Append(t, uid, sync::ChangeOp::kUpsert, actor, hlc, fields);
}

Status ChangeLog::Delete(SyncedTable t, const sync::RowId& uid, sync::Hlc hlc,
                         std::int64_t actor) {
  const TableSpec& spec = SpecOf(t);
  assert(spec.has_colv);
  const std::string table(spec.name);
  TB_ASSIGN_OR_RETURN(FieldVersions versions, ReadVersions(t, uid));
  sync::Hlc latest = versions.insert_hlc;
  for (const auto& [idx, v] : versions.later) latest = std::max(latest, v);
  TB_ASSIGN_OR_RETURN(auto* del, db_.Prepare("DELETE FROM " + table + " WHERE uid = ?1"));
  del->BindBlob(1, uid.View());
  TB_RETURN_IF_ERROR(del->Run());
  // The tombstone's one pseudo-field "*" carries the base version.
  return Append(t, uid, sync::ChangeOp::kDelete, actor, hlc, json::array({"*", nullptr, latest}));
}

Status ChangeLog::SetMaterials(const sync::RowId& case_uid,
                               const std::vector<std::pair<std::string, std::string>>& states,
                               sync::Hlc hlc, std::int64_t actor) {
  TB_ASSIGN_OR_RETURN(auto* sel, db_.Prepare("SELECT _hlc FROM case_materials WHERE case_uid = ?1 "
                                             "AND code = ?2"));
  TB_ASSIGN_OR_RETURN(auto* up, db_.Prepare(
                                    "INSERT INTO case_materials (case_uid, code, state, _hlc) "
                                    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (case_uid, code) DO "
                                    "UPDATE SET state = excluded.state, _hlc = excluded._hlc"));
  json fields = json::array();
  for (const auto& [code, state] : states) {
    sel->BindBlob(1, case_uid.View()).Bind(2, code);
    TB_ASSIGN_OR_RETURN(bool found, sel->Step());
    const sync::Hlc base = found ? static_cast<sync::Hlc>(sel->Int(0)) : 0;
    sel->Reset();
    up->BindBlob(1, case_uid.View()).Bind(2, code).Bind(3, state).Bind(
        4, static_cast<std::int64_t>(hlc));
    TB_RETURN_IF_ERROR(up->Run().WithContext(kCtxMaterials));
    up->Reset();
    fields.push_back(code);
    fields.push_back(state);
    fields.push_back(base);
  }
  return Append(SyncedTable::kCaseMaterials, case_uid, sync::ChangeOp::kUpsert, actor, hlc, fields);
}

Status ChangeLog::PersistClock(sync::Hlc last) {
  TB_ASSIGN_OR_RETURN(auto* st, db_.Prepare("INSERT INTO node_meta (key, value) VALUES "
                                            "('hlc_last', ?1) ON CONFLICT (key) DO UPDATE SET "
                                            "value = excluded.value"));
  st->Bind(1, std::to_string(last));
  return st->Run();
}

Result<ChangeLog::Restamped> ChangeLog::Restamp(std::int64_t after_seq, sync::WallClock& wall) {
  struct Unsent {
    std::int64_t seq;
    sync::Hlc hlc;
    int tbl;
    std::string uid;
    json fields;  // flat triples [key, value, base, ...]; null when the row has none
  };
  std::vector<Unsent> unsent;
  std::set<sync::Hlc> old;
  TB_ASSIGN_OR_RETURN(auto* sel, db_.Prepare("SELECT seq, hlc, tbl, row_uid, fields FROM "
                                             "change_log WHERE seq > ?1 ORDER BY seq"));
  sel->Bind(1, after_seq);
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, sel->Step());
    if (!row) break;
    Unsent u{sel->Int(0), static_cast<sync::Hlc>(sel->Int(1)), static_cast<int>(sel->Int(2)),
             std::string(sel->Blob(3)), json()};
    if (u.tbl < 1 || u.tbl > static_cast<int>(ReplicatedTables().size()))
      return Corruption(kUnknownTable, {std::to_string(u.seq), std::to_string(u.tbl)});
    if (!sel->IsNull(4)) {
      const auto blob = sel->Blob(4);
      u.fields = json::from_msgpack(blob.begin(), blob.end(), true, false);
      if (!u.fields.is_array() || u.fields.size() % 3 != 0)
        return Corruption(kUnreadableFields, {std::to_string(u.seq)});
    }
    old.insert(u.hlc);
    unsent.push_back(std::move(u));
  }
  sel->Reset();

  // Above the last change the hub took from this node, and above every version an edit
  // was made against that is not itself being re-stamped: a new version must be newer
  // than the one it replaces. Versions more than a day ahead are another clock's fault
  // and would only have these changes held again.
  sync::Hlc floor = 0;
  TB_ASSIGN_OR_RETURN(auto* prev, db_.Prepare("SELECT hlc FROM change_log WHERE seq <= ?1 "
                                              "ORDER BY seq DESC LIMIT 1"));
  prev->Bind(1, after_seq);
  TB_ASSIGN_OR_RETURN(bool found, prev->Step());
  if (found) floor = static_cast<sync::Hlc>(prev->Int(0));
  prev->Reset();
  const sync::Hlc cap = sync::HybridClock::Make(wall.NowMillis() + 24LL * 3600 * 1000, 0);
  for (const auto& u : unsent)
    for (std::size_t i = 2; i < u.fields.size(); i += 3) {
      if (!u.fields[i].is_number_unsigned())
        return Corruption(kBadBaseVersion, {std::to_string(u.seq)});
      const auto base = u.fields[i].get<sync::Hlc>();
      if (!old.contains(base) && base <= cap) floor = std::max(floor, base);
    }

  // Nothing to gain when the changes do not run ahead of where fresh stamps would start
  // (a version they must follow is itself ahead): they stay as they are.
  const std::int64_t start_ms = std::max(wall.NowMillis(), sync::HybridClock::Millis(floor));
  if (unsent.empty() ||
      sync::HybridClock::Millis(unsent.back().hlc) <= start_ms + sync::kClockToleranceMs)
    return Restamped{0, 0};
  sync::HybridClock fresh(wall, floor);
  std::map<sync::Hlc, sync::Hlc> renamed;  // old timestamp -> new, in log order
  for (const auto& u : unsent)
    if (!renamed.contains(u.hlc)) renamed[u.hlc] = fresh.Now();

  TB_ASSIGN_OR_RETURN(auto* up, db_.Prepare("UPDATE change_log SET hlc = ?1, fields = ?2 "
                                            "WHERE seq = ?3"));
  std::set<std::pair<int, std::string>> records;
  for (auto& u : unsent) {
    for (std::size_t i = 2; i < u.fields.size(); i += 3)
      if (const auto it = renamed.find(u.fields[i].get<sync::Hlc>()); it != renamed.end())
        u.fields[i] = it->second;
    up->Bind(1, static_cast<std::int64_t>(renamed.at(u.hlc))).Bind(3, u.seq);
    if (u.fields.is_null()) {
      up->BindNull(2);
    } else {
      const auto packed = json::to_msgpack(u.fields);
      up->BindBlob(2, std::string_view(reinterpret_cast<const char*>(packed.data()), packed.size()));
    }
    TB_RETURN_IF_ERROR(up->Run().WithContext(kCtxRestampChange, {std::to_string(u.seq)}));
    up->Reset();
    records.emplace(u.tbl, u.uid);
  }
  for (const auto& [tbl, uid] : records)
    TB_RETURN_IF_ERROR(RenameVersions(static_cast<SyncedTable>(tbl), uid, renamed));
  return Restamped{static_cast<std::int64_t>(unsent.size()), fresh.last()};
}

Status ChangeLog::RenameVersions(SyncedTable t, std::string_view uid,
                                 const std::map<sync::Hlc, sync::Hlc>& renamed) {
  auto rename = [&renamed](sync::Hlc v) {
    const auto it = renamed.find(v);
    return it == renamed.end() ? v : it->second;
  };
  const TableSpec& spec = SpecOf(t);
  if (t == SyncedTable::kCaseMaterials) {
    // One version per material of the case.
    std::vector<std::pair<std::string, sync::Hlc>> moved;
    TB_ASSIGN_OR_RETURN(auto* sel, db_.Prepare("SELECT code, _hlc FROM case_materials WHERE "
                                               "case_uid = ?1"));
    sel->BindBlob(1, uid);
    for (;;) {
      TB_ASSIGN_OR_RETURN(bool row, sel->Step());
      if (!row) break;
      const auto v = static_cast<sync::Hlc>(sel->Int(1));
      if (rename(v) != v) moved.emplace_back(sel->Text(0), rename(v));
    }
    TB_ASSIGN_OR_RETURN(auto* up, db_.Prepare("UPDATE case_materials SET _hlc = ?1 WHERE "
                                              "case_uid = ?2 AND code = ?3"));
    for (const auto& [code, v] : moved) {
      up->Bind(1, static_cast<std::int64_t>(v)).BindBlob(2, uid).Bind(3, code);
      TB_RETURN_IF_ERROR(up->Run().WithContext(kCtxRestampMaterials));
      up->Reset();
    }
    return Status::Ok();
  }
  const std::string table(spec.name);
  TB_ASSIGN_OR_RETURN(auto* sel, db_.Prepare("SELECT _hlc" + std::string(spec.has_colv ? ", _colv" : "") +
                                             " FROM " + table + " WHERE uid = ?1"));
  sel->BindBlob(1, uid);
  TB_ASSIGN_OR_RETURN(bool found, sel->Step());
  if (!found) return Status::Ok();  // deleted since: its tombstone carries the versions
  const auto insert_hlc = static_cast<sync::Hlc>(sel->Int(0));
  std::map<int, sync::Hlc> colv;
  const bool ok = !spec.has_colv || sel->IsNull(1) || DecodeFieldVersions(sel->Blob(1), colv);
  const bool had_colv = spec.has_colv && !sel->IsNull(1);
  sel->Reset();
  if (!ok) return Corruption(kBadVersionsNoId, {table});
  bool moved = rename(insert_hlc) != insert_hlc;
  for (auto& [idx, v] : colv) {
    moved = moved || rename(v) != v;
    v = rename(v);
  }
  if (!moved) return Status::Ok();
  if (!had_colv) {
    TB_ASSIGN_OR_RETURN(auto* up, db_.Prepare("UPDATE " + table + " SET _hlc = ?1 WHERE uid = ?2"));
    up->Bind(1, static_cast<std::int64_t>(rename(insert_hlc))).BindBlob(2, uid);
    return up->Run().WithContext(kCtxRestamp, {table});
  }
  json colv_arr = json::array();
  for (const auto& [idx, v] : colv) {
    colv_arr.push_back(idx);
    colv_arr.push_back(v);
  }
  const auto packed = json::to_msgpack(colv_arr);
  TB_ASSIGN_OR_RETURN(auto* up, db_.Prepare("UPDATE " + table + " SET _hlc = ?1, _colv = ?2 "
                                            "WHERE uid = ?3"));
  up->Bind(1, static_cast<std::int64_t>(rename(insert_hlc)))
      .BindBlob(2, std::string_view(reinterpret_cast<const char*>(packed.data()), packed.size()))
      .BindBlob(3, uid);
  return up->Run().WithContext(kCtxRestamp, {table});
}

namespace {

// The case a change belongs to: the case itself, or the case its record names. None for
// records outside any case.
std::optional<sync::RowId> CaseOf(const sync::Change& c) {
  const TableSpec* spec = SpecByName(c.table);
  if (!spec) return std::nullopt;
  if (spec->id == SyncedTable::kCases || spec->id == SyncedTable::kCaseMaterials) return c.row;
  if (spec->scope != ScopeRule::kParentCase) return std::nullopt;
  for (const auto& f : c.fields)
    if (f.column == "case_uid" && f.value.is_binary() && f.value.get_binary().size() == 16)
      return sync::RowId::FromBytes(f.value.get_binary().data());
  return std::nullopt;
}

}  // namespace

Result<ChangeLog::Deferred> ChangeLog::DeferHeld(std::int64_t after_seq, std::int64_t held_seq) {
  // Every unsent change: a held one is rare, and the queue is bounded by the push limit.
  TB_ASSIGN_OR_RETURN(auto unsent, Read(after_seq, std::numeric_limits<int>::max()));
  std::set<std::pair<std::string, sync::RowId>> records;
  std::set<sync::RowId> cases;
  std::vector<std::int64_t> ahead, behind;
  sync::Hlc newest = 0;
  for (const auto& c : unsent) {
    newest = std::max(newest, c.hlc);
    const auto kase = CaseOf(c);
    const bool depends = c.seq == held_seq || records.contains({c.table, c.row}) ||
                         (kase && cases.contains(*kase));
    if (!depends || c.seq < held_seq) {
      ahead.push_back(c.seq);
      continue;
    }
    behind.push_back(c.seq);
    records.insert({c.table, c.row});
    if (kase) cases.insert(*kase);
  }
  if (behind.empty() || behind.front() != held_seq)
    return FailedPrecondition(kNotWaiting, {std::to_string(held_seq)});
  // Out of the way first (negative numbers), then into place in the new order.
  TB_ASSIGN_OR_RETURN(auto* away, db_.Prepare("UPDATE change_log SET seq = -seq WHERE seq > ?1"));
  away->Bind(1, after_seq);
  TB_RETURN_IF_ERROR(away->Run());
  TB_ASSIGN_OR_RETURN(auto* place, db_.Prepare("UPDATE change_log SET seq = ?1 WHERE seq = ?2"));
  std::int64_t next = after_seq;
  std::int64_t held_at = 0;
  for (const auto* part : {&ahead, &behind})
    for (std::int64_t seq : *part) {
      if (seq == held_seq) held_at = next + 1;
      place->Bind(1, ++next).Bind(2, -seq);
      TB_RETURN_IF_ERROR(place->Run());
      place->Reset();
    }
  return Deferred{held_at, newest};
}

Result<std::vector<sync::Change>> ChangeLog::Read(std::int64_t after_seq, int limit) {
  TB_ASSIGN_OR_RETURN(auto* st, db_.Prepare(
                                    "SELECT c.seq, c.hlc, c.tbl, c.row_uid, c.op, a.node, a.login, "
                                    "c.fields FROM change_log c JOIN actors a ON a.id = c.actor "
                                    "WHERE c.seq > ?1 ORDER BY c.seq LIMIT ?2"));
  st->Bind(1, after_seq).Bind(2, limit);
  std::vector<sync::Change> out;
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    sync::Change c;
    c.seq = st->Int(0);
    c.hlc = static_cast<sync::Hlc>(st->Int(1));
    const int tbl = static_cast<int>(st->Int(2));
    if (tbl < 1 || tbl > static_cast<int>(ReplicatedTables().size()))
      return Corruption(kUnknownTable, {std::to_string(c.seq), std::to_string(tbl)});
    const TableSpec& spec = SpecOf(static_cast<SyncedTable>(tbl));
    c.table = spec.name;
    const auto uid = st->Blob(3);
    if (uid.size() != 16) return Corruption(kBadRowId, {std::to_string(c.seq)});
    c.row = sync::RowId::FromBytes(uid.data());
    c.op = static_cast<sync::ChangeOp>(st->Int(4));
    c.node = st->Text(5);
    c.user = st->Text(6);
    if (!st->IsNull(7)) {
      const auto blob = st->Blob(7);
      const json arr = json::from_msgpack(blob.begin(), blob.end(), true, false);
      if (!arr.is_array() || arr.size() % 3 != 0)
        return Corruption(kUnreadableFields, {std::to_string(c.seq)});
      for (std::size_t i = 0; i < arr.size(); i += 3) {
        sync::FieldChange f;
        if (arr[i].is_string()) {
          f.column = arr[i].get<std::string>();
        } else if (arr[i].is_number_unsigned() && arr[i].get<std::size_t>() < spec.columns.size()) {
          f.column = spec.columns[arr[i].get<std::size_t>()];
        } else {
          return Corruption(kUnknownColumn, {std::to_string(c.seq)});
        }
        if (!arr[i + 2].is_number_unsigned())
          return Corruption(kBadBaseVersion, {std::to_string(c.seq)});
        f.value = arr[i + 1];
        f.base = arr[i + 2].get<sync::Hlc>();
        c.fields.push_back(std::move(f));
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace tongban::node
