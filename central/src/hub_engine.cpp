#include "tongban/central/hub_engine.h"

#include <algorithm>

namespace tongban::central {
namespace {

constexpr MessageDef kNeedsNote{"hub.resolve_needs_note", "a resolution needs a note saying why"};
constexpr MessageDef kResolved{"hub.conflict_resolved_already", "conflict #{0} is resolved already"};
constexpr MessageDef kStatusChoice{"hub.resolve_status_choice",
                                   "a case's status can only be resolved to one a node reached: "
                                   "{0} (--take local) or {1} (--take hub), not {2}"};

using nlohmann::json;
using node::ScopeRule;
using node::TableSpec;
using sync::Change;
using sync::Hlc;
using sync::RowId;

json Incoming(const Change& c, std::string_view column) {
  for (const auto& f : c.fields)
    if (f.column == column) return f.value;
  return json();
}

// A name from the wire, fit for a refusal's arguments: bytes that are not UTF-8 are
// replaced, so a node can show the refusal and store it as text.
std::string Printable(const std::string& name) {
  if (node::IsUtf8Text(name)) return name;
  const std::string quoted = json(name).dump(-1, ' ', false, json::error_handler_t::replace);
  return quoted.substr(1, quoted.size() - 2);
}

// Refuse or hold: the plan says why and writes nothing.
Verdict Decline(WritePlan& plan, Verdict v, std::string code, std::vector<std::string> args,
                std::string reason) {
  plan.verdict = v;
  plan.code = std::move(code);
  plan.args = std::move(args);
  plan.reason = std::move(reason);
  plan.save = false;
  plan.log.clear();
  plan.conflicts.clear();
  return v;
}

}  // namespace

const FieldState* HubRecord::Field(std::string_view column) const {
  auto it = fields.find(column);
  return it == fields.end() ? nullptr : &it->second;
}

json HubRecord::Value(std::string_view column) const {
  const FieldState* f = Field(column);
  return f ? f->value : json();
}

Hlc HubRecord::MaxVersion() const {
  Hlc m = 0;
  for (const auto& [col, f] : fields) m = std::max(m, f.version);
  return m;
}

Hlc HubRecord::MaxVersion(node::SyncedTable table, int schema) const {
  Hlc m = 0;
  for (const auto& [col, f] : fields)
    if (node::InSchema(table, col, schema)) m = std::max(m, f.version);
  return m;
}

std::optional<RowId> HubEngine::ParentOf(const TableSpec& spec, const Change& c,
                                         const HubRecord& record) {
  if (spec.scope != ScopeRule::kParentCase) return std::nullopt;
  // A case's materials are one record under the case's own row id.
  if (spec.id == node::SyncedTable::kCaseMaterials) return c.row;
  json parent = Incoming(c, "case_uid");
  if (parent.is_null()) parent = record.Value("case_uid");
  if (!parent.is_binary() || parent.get_binary().size() != 16) return std::nullopt;
  return RowId::FromBytes(parent.get_binary().data());
}

Verdict HubEngine::CheckScope(const std::string& node, const TableSpec& spec, const Change& c,
                              HubRecord& r, const ParentCase& parent,
                              WritePlan& plan) const {
  const std::string table(spec.name);
  const std::string who = "node " + node;
  auto out_of_scope = [&](const std::string& why) {
    return Decline(plan, Verdict::kRefuse, "out_of_scope", {table}, why);
  };
  switch (spec.scope) {
    case ScopeRule::kEveryone:
      return Decline(plan, Verdict::kRefuse, "hub_owned", {table},
                     table + " is published by the hub; " + who + " may not change it");
    case ScopeRule::kOwnerNode: {
      const json owner = r.exists ? json(r.scope_a) : Incoming(c, "node");
      if (owner != node) return out_of_scope(who + " may change only its own " + table);
      r.scope_a = node;
      return Verdict::kApply;
    }
    case ScopeRule::kRoute: {
      if (!r.exists) {
        if (Incoming(c, spec.route_from) != node)
          return out_of_scope(who + " may create only " + table + " it originates");
        r.scope_a = node;
        const json to = Incoming(c, spec.route_to);
        r.scope_b = to.is_string() ? to.get<std::string>() : "";
        return Verdict::kApply;
      }
      if (r.scope_a != node && r.scope_b != node)
        return out_of_scope(table + " record is outside the scope of " + who);
      const json from = Incoming(c, spec.route_from);
      if (!from.is_null() && from != r.scope_a)
        return out_of_scope("the " + std::string(spec.route_from) + " of " + table +
                            " cannot change");
      // Only a case may be handed on (Reroute); other routed records keep their node.
      const json to = Incoming(c, spec.route_to);
      if (spec.id != node::SyncedTable::kCases && !to.is_null() && to != r.scope_b)
        return out_of_scope("the " + std::string(spec.route_to) + " of " + table +
                            " cannot change");
      return Verdict::kApply;
    }
    case ScopeRule::kParentCase: {
      const std::optional<RowId> case_row = ParentOf(spec, c, r);
      if (!case_row)
        return Decline(plan, Verdict::kRefuse, "invalid_field", {table, "case_uid"},
                       table + " record names no case it belongs to");
      // A case refused for good never arrives: waiting for it would stop the node's
      // queue for ever, so what belongs to it is refused for good too.
      if (!parent.scope && parent.refused)
        return Decline(plan, Verdict::kRefuse, "parent_refused", {table},
                       table + " record belongs to a case the hub refused");
      if (!parent.scope)
        return Decline(plan, Verdict::kHold, "parent_missing", {table},
                       table + " record belongs to a case the hub does not hold yet");
      const CaseScope& scope = *parent.scope;
      // The office that handed the case on may still add that step to its timeline, in
      // whichever batch it arrives: nothing else, as it no longer works on the case.
      const bool handing_on =
          spec.id == node::SyncedTable::kCaseEvents && scope.handed_on_by == node;
      if (scope.a != node && scope.b != node && !handing_on)
        return out_of_scope("case is outside the scope of " + who);
      r.scope_a = scope.a;
      r.scope_b = scope.b;
      r.case_row = case_row;  // stored, so a reroute finds the case's records by index
      return Verdict::kApply;
    }
  }
  return out_of_scope("unknown scope rule");
}

std::optional<NodeHold> HubEngine::NextHold(const std::optional<NodeHold>& current,
                                            std::int64_t acked_seq,
                                            const std::optional<sync::Held>& held, Millis now,
                                            sync::Hlc held_hlc) {
  if (held) {
    const bool same_change =
        current && (current->seq == held->seq || (held_hlc != 0 && current->hlc == held_hlc));
    return NodeHold{held->seq, held->code, same_change ? current->since : now, held_hlc};
  }
  if (current && acked_seq < current->seq) return current;
  return std::nullopt;
}

WritePlan HubEngine::Plan(const std::string& node, const Change& c, HubRecord record,
                          const ParentCase& parent, HubTime& time, int schema) const {
  const bool held_here = record.exists;
  WritePlan plan = PlanChange(node, c, std::move(record), parent, time, schema);
  plan.remember_refusal = plan.verdict == Verdict::kRefuse && !held_here;
  return plan;
}

WritePlan HubEngine::PlanChange(const std::string& node, const Change& c, HubRecord r,
                                const ParentCase& parent, HubTime& time, int schema) const {
  const Millis hub_now = time.now;
  WritePlan plan;
  if (c.node != node) {
    Decline(plan, Verdict::kRefuse, "foreign_author", {Printable(c.node)},
            "change names another author node");
    return plan;
  }
  const TableSpec* spec = node::SpecByName(c.table);
  if (!spec) {
    Decline(plan, Verdict::kRefuse, "unknown_table", {Printable(c.table)},
            "unknown table '" + Printable(c.table) + "'");
    return plan;
  }
  if (c.op == sync::ChangeOp::kUpsert)
    for (const auto& f : c.fields)
      if (Status st = node::ValidateField(c.table, f.column, f.value, schema); !st.ok()) {
        Decline(plan, Verdict::kRefuse, "invalid_field", {c.table, Printable(f.column)},
                st.message());
        return plan;
      }
  // A clock far ahead would win every later conflict and drag every node's clock
  // along; held, not refused, so nothing is lost once the author's clock is right.
  const Millis at = sync::HybridClock::Millis(c.hlc);
  if (at > hub_now + kMaxClockAheadMs) {
    Decline(plan, Verdict::kHold, "clock_ahead",
            {std::to_string(at), std::to_string(hub_now), std::to_string(kMaxClockAheadMs)},
            "node " + node + "'s clock is more than a day ahead (" +
                sync::HybridClock::Format(c.hlc) + "); fix its date and time");
    return plan;
  }
  const std::string old_office = r.scope_b;
  if (CheckScope(node, *spec, c, r, parent, plan) != Verdict::kApply) return plan;
  time.Observe(c.hlc);

  if (c.op == sync::ChangeOp::kDelete) {
    if (r.deleted) return plan;
    const Hlc base = c.fields.empty() ? 0 : c.fields[0].base;
    // Against what the node could have seen: the fields of the version it speaks.
    if (r.exists && r.MaxVersion(spec->id, schema) > base) {
      // Deleted without seeing a later edit: a conflict. The edit wins for now, nothing
      // is lost, and the deleting node receives the record again.
      plan.conflicts.push_back({"*", "deleted", c.node, c.user, c.hlc, std::nullopt, base, "kept"});
      plan.log.push_back(Snapshot(c.table, c.row, r, node, time.Issue()));
      plan.record = std::move(r);
      return plan;
    }
    r.deleted = true;
    r.exists = true;
    plan.save = true;
    plan.log.push_back(
        {node, c.seq, c.hlc, c.table, c.row, LogOp::kDelete, c.user, {}, r.scope_a, r.scope_b});
    plan.record = std::move(r);
    return plan;
  }

  bool revived = false;
  if (r.deleted) {
    // An edit of a record another node deleted: a conflict; the edit revives the record
    // and every node holding it gets it whole again.
    plan.conflicts.push_back({"*", "edited", c.node, c.user, c.hlc, std::nullopt, 0, "kept"});
    r.deleted = false;
    revived = true;
  }
  const sync::RecordLookup lookup = [&r](std::string_view col) { return r.Value(col); };
  std::vector<LogField> applied;     // fields that took effect, sent on to the other nodes
  std::vector<LogField> correction;  // hub values the author must take back
  std::vector<LogField> reissued;    // values re-versioned for every node, the author too
  for (const auto& f : c.fields) {
    const FieldState* held = r.Field(f.column);
    std::optional<sync::FieldVersion> hub;
    if (held) hub = sync::FieldVersion{held->value, held->version, held->node};
    const auto result = sync::MergeField(c.table, f.column, hub, {f.value, f.base, c.hlc, c.node},
                                         order_, lookup);
    const FieldState before = held ? *held : FieldState{};
    if (sync::IncomingWins(result.action)) {
      // A winner no newer than the version it replaces (a later stage made earlier, or two
      // nodes that issued one HLC) would be ignored by the nodes holding that version:
      // nodes order versions by HLC alone.
      const bool stale = hub && c.hlc <= hub->version;
      if (stale) {
        // The fresh version is the hub's, not the author's: the author may stamp its next
        // edit with the very same HLC, which must not pass for a replay of this one.
        const Hlc fresh = time.Issue();
        r.fields[f.column] = {f.value, fresh, kHubNode, c.user};
        reissued.push_back({f.column, f.value, fresh});
      } else {
        r.fields[f.column] = {f.value, c.hlc, c.node, c.user};
        applied.push_back({f.column, f.value, c.hlc});
      }
    } else if (hub && !(hub->version == c.hlc && hub->node == c.node)) {
      // The author must take the hub's value back. A hub value older than the author's
      // edit is re-issued under a fresh version, for every node holding the record.
      if (hub->version > c.hlc) {
        correction.push_back({f.column, hub->value, hub->version});
      } else {
        const Hlc fresh = time.Issue();
        r.fields[f.column].version = fresh;
        r.fields[f.column].node = kHubNode;  // a hub version (see above)
        reissued.push_back({f.column, hub->value, fresh});
      }
    }
    if (sync::IsConflict(result.action))
      plan.conflicts.push_back({f.column, f.value, c.node, c.user, c.hlc,
                                held ? std::optional<FieldState>(before) : std::nullopt, f.base,
                                r.Value(f.column)});
  }
  // A new processing office: the old one is told to purge, the new one gets the full record.
  const bool is_case = spec->id == node::SyncedTable::kCases;
  if (is_case) {
    const json office = r.Value("processing_office");
    if (office.is_string()) r.scope_b = office.get<std::string>();
  }
  const bool rerouted = is_case && !old_office.empty() && old_office != r.scope_b;
  if (rerouted) r.handed_on_by = old_office;  // stored with the scope: batches may split here
  r.exists = true;
  plan.save = true;
  plan.names_scan = spec->id == node::SyncedTable::kCaseScans;
  // A case handed to a new office reaches it whole through the reroute's snapshot; the
  // change itself goes to the nodes that already held the case.
  if (!applied.empty())
    plan.log.push_back({node, c.seq, c.hlc, c.table, c.row, LogOp::kUpsert, c.user,
                        std::move(applied), r.scope_a, rerouted ? old_office : r.scope_b});
  if (!correction.empty())
    plan.log.push_back({kHubNode, 0, c.hlc, c.table, c.row, LogOp::kUpsert, c.user,
                        std::move(correction), node, ""});
  if (!reissued.empty())
    plan.log.push_back({kHubNode, 0, time.last, c.table, c.row, LogOp::kUpsert, "system",
                        std::move(reissued), r.scope_a, r.scope_b});
  if (rerouted) plan.rerouted_from = old_office;
  if (revived) {
    const Hlc now = time.Issue();
    plan.log.push_back(Snapshot(c.table, c.row, r, r.scope_a, now));
    if (!r.scope_b.empty()) plan.log.push_back(Snapshot(c.table, c.row, r, r.scope_b, now));
  }
  plan.record = std::move(r);
  return plan;
}

LogEntry HubEngine::Snapshot(const std::string& table, const RowId& row, const HubRecord& rec,
                             const std::string& to, Hlc at) {
  LogEntry e{kHubNode, 0, at, table, row, LogOp::kUpsert, "system", {}, to, ""};
  for (const auto& [col, f] : rec.fields) e.fields.push_back({col, f.value, f.version});
  return e;
}

std::vector<LogEntry> HubEngine::PlanReroute(const RowId& case_row, const HubRecord& kase,
                                             const std::string& old_office,
                                             std::vector<Child>& children, HubTime& time) {
  const Hlc hlc = time.Issue();
  std::vector<LogEntry> out;
  out.push_back({kHubNode, 0, hlc, "cases", case_row, LogOp::kPurge, "system", {}, old_office, ""});
  out.push_back(Snapshot("cases", case_row, kase, kase.scope_b, hlc));
  for (auto& child : children) {
    child.record.scope_a = kase.scope_a;
    child.record.scope_b = kase.scope_b;
    // A tombstone follows the case too and stays a tombstone: every record of a case
    // carries the case's scope (digests, scans and conflict counts read it), and moving
    // must not bring a deleted record back to life. The new office never held it, so it
    // is sent nothing; an edit that revives it later reaches the case's nodes as any does.
    if (!child.record.deleted)
      out.push_back(Snapshot(child.table, child.row, child.record, kase.scope_b, hlc));
  }
  return out;
}

WritePlan HubEngine::PlanPublish(const std::string& table, const RowId& row, HubRecord r,
                                 const std::vector<PublishedField>& fields,
                                 const std::string& user, HubTime& time) {
  WritePlan plan;
  std::vector<const PublishedField*> changed;
  for (const auto& f : fields)
    if (!r.exists || r.Value(f.column) != f.value) changed.push_back(&f);
  if (changed.empty()) return plan;  // published again as it is: nodes hold it already
  const Hlc hlc = time.Issue();
  std::vector<LogField> logged;
  for (const PublishedField* f : changed) {
    r.fields[f->column] = FieldState{f->value, hlc, kHubNode, user};
    logged.push_back({f->column, f->value, hlc});
  }
  if (!r.exists) r.scope_a = kEveryone;
  r.exists = true;
  plan.save = true;
  plan.log.push_back({kHubNode, 0, hlc, table, row, LogOp::kUpsert, user, std::move(logged),
                      r.scope_a, r.scope_b});
  plan.record = std::move(r);
  return plan;
}

Result<HubEngine::Resolution> HubEngine::PlanResolution(const ConflictRecord& c, HubRecord r,
                                                        std::vector<Child> children, Take take,
                                                        const json& value,
                                                        const std::string& note,
                                                        const std::string& admin,
                                                        HubTime& time) {
  if (note.empty()) return InvalidArgument(kNeedsNote);
  if (c.status != "open")
    return FailedPrecondition(kResolved, {std::to_string(c.id)});
  const json chosen =
      take == Take::kLocal ? c.local_value : take == Take::kHub ? c.hub_value : value;
  if (c.column != "*") TB_RETURN_IF_ERROR(node::ValidateField(c.table, c.column, chosen));
  // A case's status is where its history brought it on some node: a status no node reached
  // would leave a timeline that never leads there.
  if (c.table == "cases" && c.column == "status" && chosen != c.local_value &&
      chosen != c.hub_value)
    return InvalidArgument(kStatusChoice,
                           {c.local_value.dump(), c.hub_value.dump(), chosen.dump()});
  Resolution plan;
  plan.conflict = c;
  plan.conflict.status = "resolved";
  plan.conflict.resolution = take == Take::kLocal ? "local" : take == Take::kHub ? "hub" : "value";
  plan.conflict.resolved_value = chosen;
  plan.conflict.note = note;
  plan.conflict.resolved_by = admin;
  plan.conflict.resolved_at = time.now;
  // An edit against a delete kept the record when it was pushed: resolving only closes it.
  if (c.column == "*") return plan;

  // A new change: its fresh version wins over what every node holds, by fast-forward.
  const Hlc hlc = time.Issue();
  const std::string old_office = r.scope_b;
  r.fields[c.column] = FieldState{chosen, hlc, kHubNode, admin};
  const bool office = c.table == "cases" && c.column == "processing_office" && chosen.is_string();
  if (office) r.scope_b = chosen.get<std::string>();
  const bool rerouted = office && !old_office.empty() && old_office != r.scope_b;
  if (rerouted) r.handed_on_by = old_office;
  plan.save = true;
  // The old office is told to purge and the new one gets the case whole (PlanReroute), so
  // the change itself goes only to the nodes that keep the case.
  plan.log.push_back({kHubNode, 0, hlc, c.table, c.row, LogOp::kUpsert, admin,
                      {{c.column, chosen, hlc}}, r.scope_a, rerouted ? "" : r.scope_b});
  if (rerouted) {
    for (auto& e : PlanReroute(c.row, r, old_office, children, time)) plan.log.push_back(std::move(e));
    plan.children = std::move(children);
  }
  // The resolution enters the case's timeline on every node that holds the case: who,
  // when, the note and, for a status, the status chosen.
  const std::optional<RowId> kase = c.table == "cases" ? std::optional<RowId>(c.row) : r.case_row;
  if (kase) {
    Child event{"case_events", ResolutionEventRow(time.now, c.id), {}};
    const Hlc version = time.Issue();
    const json status = c.table == "cases" ? r.Value("status") : json();
    const json before = c.column == "status" ? c.provisional : status;
    event.record.exists = true;
    event.record.scope_a = r.scope_a;
    event.record.scope_b = r.scope_b;
    event.record.case_row = kase;
    const std::vector<std::pair<std::string, json>> values = {
        {"case_uid", json::binary(std::vector<std::uint8_t>(kase->bytes.begin(), kase->bytes.end()))},
        {"at", time.now},
        {"node", kHubNode},
        {"user", admin},
        {"action", kConflictResolvedAction},
        {"from_status", before},
        {"to_status", status},
        {"detail", note}};
    std::vector<LogField> fields;
    for (const auto& [column, v] : values) {
      event.record.fields[column] = FieldState{v, version, kHubNode, admin};
      fields.push_back({column, v, version});
    }
    plan.log.push_back({kHubNode, 0, version, event.table, event.row, LogOp::kUpsert, admin,
                        std::move(fields), r.scope_a, r.scope_b});
    plan.children.push_back(std::move(event));
  }
  plan.record = std::move(r);
  return plan;
}

RowId HubEngine::ResolutionEventRow(Millis now, std::int64_t conflict_id) {
  // Time-ordered like every row id, and one per conflict (a conflict is resolved once).
  RowId row;
  for (int i = 0; i < 6; ++i) row.bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(now >> (40 - 8 * i));
  row.bytes[6] = 0x7c;  // "resolution" rows: apart from any id a node generates
  for (int i = 0; i < 8; ++i)
    row.bytes[static_cast<std::size_t>(8 + i)] = static_cast<std::uint8_t>(conflict_id >> (56 - 8 * i));
  return row;
}

bool HubEngine::ResolutionMovesChildren(const ConflictRecord& c) {
  return c.table == "cases" && c.column == "processing_office";
}

ScopeFilter HubEngine::ScopeOf(const std::string& node) { return ScopeFilter{{node, kEveryone}, ""}; }

PullQuery HubEngine::PlanPullQuery(const std::string& node, const sync::PullRequest& req) {
  PullQuery q;
  q.after = req.cursor;
  q.filter = ScopeOf(node);
  // A node has its own changes already, unless it was restored from a backup and asks.
  if (!req.include_own) q.filter.not_from = node;
  q.limit = std::clamp(req.limit, 1, kMaxPullLimit);
  q.schema = req.schema;
  return q;
}

sync::PullReply HubEngine::PlanPullReply(const PullQuery& q, std::vector<LoggedEntry> entries,
                                         std::int64_t newest_seq, Millis now) {
  sync::PullReply reply;
  reply.hub_ms = now;
  reply.cursor = q.after;
  int served = 0;  // changes and purges alike count toward the limit
  for (LoggedEntry& logged : entries) {
    LogEntry& e = logged.entry;
    const bool purge = e.op == LogOp::kPurge;
    if (served == q.limit || (purge ? !reply.changes.empty() : !reply.purges.empty())) {
      reply.more = true;
      break;
    }
    ++served;
    reply.cursor = logged.seq;
    if (purge) {  // addressed to this node: it no longer works on the record
      reply.purges.push_back(sync::Purge{e.table, e.row});
      continue;
    }
    Change c;
    c.seq = logged.seq;
    c.node = std::move(e.origin);
    c.hlc = e.hlc;
    c.table = std::move(e.table);
    c.row = e.row;
    c.op = e.op == LogOp::kDelete ? sync::ChangeOp::kDelete : sync::ChangeOp::kUpsert;
    c.user = std::move(e.user);
    // A node one version behind gets the fields it knows; the others stay at the hub, and
    // its edits, which name only what they change, leave them as they are.
    // (A node of the newest version knows every field: no lookups on the common path.)
    const bool older = q.schema < node::kReplicationSchemaVersion;
    const TableSpec* spec = older ? node::SpecByName(c.table) : nullptr;
    for (auto& f : e.fields)
      if (!spec || node::InSchema(spec->id, f.column, q.schema))
        c.fields.push_back(sync::FieldChange{std::move(f.column), std::move(f.value), f.version});
    if (c.op == sync::ChangeOp::kUpsert && c.fields.empty() && !e.fields.empty())
      continue;  // only fields it does not know changed
    reply.changes.push_back(std::move(c));
  }
  // Nothing more for this node: skip past what others wrote in the meantime.
  if (!reply.more) reply.cursor = std::max(reply.cursor, newest_seq);
  return reply;
}

bool HubEngine::MayTransferScan(const std::string& node, const std::vector<CaseScope>& named_by,
                                bool office_only) {
  for (const CaseScope& s : named_by)
    if (s.b == node || (!office_only && s.a == node)) return true;
  return false;
}

}  // namespace tongban::central

