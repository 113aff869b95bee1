#include "tongban/central/hub_push.h"

namespace tongban::central {
namespace {

// Writes what the engine decided for one change.
Status Execute(HubRepository& repo, HubEngine& engine, const sync::Change& c, WritePlan& plan,
               Millis now) {
  if (plan.save) TB_RETURN_IF_ERROR(repo.SaveRecord(c.table, c.row, plan.record));
  for (const auto& conflict : plan.conflicts)
    TB_RETURN_IF_ERROR(repo.AddConflict(c.table, c.row, plan.record, conflict, now));
  if (plan.names_scan) TB_RETURN_IF_ERROR(repo.IndexScan(c.row, plan.record));
  for (const auto& entry : plan.log) TB_RETURN_IF_ERROR(repo.AppendLog(entry));
  if (plan.rerouted_from) {
    TB_ASSIGN_OR_RETURN(auto children, repo.LoadCaseChildren(c.row));
    const auto entries = engine.PlanReroute(c.row, plan.record, *plan.rerouted_from, children);
    for (const auto& child : children)
      TB_RETURN_IF_ERROR(repo.SaveRecord(child.table, child.row, child.record));
    for (const auto& entry : entries) TB_RETURN_IF_ERROR(repo.AppendLog(entry));
  }
  return Status::Ok();
}

}  // namespace

Result<sync::PushReply> ApplyPushBatch(HubRepository& repo, HubEngine& engine,
                                       sync::HybridClock& clock, const std::string& node,
                                       const sync::PushRequest& req, Millis hub_now) {
  sync::PushReply reply;
  TB_ASSIGN_OR_RETURN(auto tx, repo.Begin());
  TB_ASSIGN_OR_RETURN(sync::Hlc last_clock, repo.LoadClock());
  clock.Observe(last_clock);
  TB_ASSIGN_OR_RETURN(PushProgress progress, repo.LoadProgress(node));
  int refused = 0;
  sync::Hlc held_hlc = 0;  // of the change held, if one is
  for (const sync::Change& c : req.changes) {
    if (c.seq <= progress.acked_seq) {
      ++reply.duplicates;  // a replay: already applied, changes nothing
      continue;
    }
    if (c.seq != progress.acked_seq + 1) break;  // a gap: the node resends from acked_seq
    TB_ASSIGN_OR_RETURN(HubRecord record, repo.LoadRecord(c.table, c.row));
    ParentCase parent;
    if (const node::TableSpec* spec = node::SpecByName(c.table))
      if (auto id = HubEngine::ParentOf(*spec, c, record)) {
        // Read from storage, where a case written earlier in this batch already is: the
        // scope is the same whichever batch its records come in.
        TB_ASSIGN_OR_RETURN(parent.scope, repo.LoadCaseScope(*id));
        if (!parent.scope) {
          TB_ASSIGN_OR_RETURN(parent.refused, repo.WasRefused("cases", *id));
        }
      }
    WritePlan plan = engine.Plan(node, c, std::move(record), parent, hub_now);
    if (plan.verdict == Verdict::kHold) {
      reply.held = sync::Held{c.seq, plan.code, plan.args, plan.reason};
      held_hlc = c.hlc;
      break;
    }
    if (plan.verdict == Verdict::kRefuse) {
      // Written at once: a child later in this same batch reads it back.
      if (plan.remember_refusal)
        TB_RETURN_IF_ERROR(repo.RememberRefusal(c.table, c.row, node, plan.code, hub_now));
      reply.rejected.push_back(sync::Rejection{c.seq, plan.reason, plan.code, plan.args});
      ++refused;
    } else {
      TB_RETURN_IF_ERROR(
          Execute(repo, engine, c, plan, hub_now).WithContext("change " + std::to_string(c.seq)));
      reply.conflicts += static_cast<int>(plan.conflicts.size());
      ++reply.applied;
    }
    progress.acked_seq = c.seq;
    progress.acked_hlc = c.hlc;
  }
  progress.hold =
      HubEngine::NextHold(progress.hold, progress.acked_seq, reply.held, hub_now, held_hlc);
  TB_RETURN_IF_ERROR(repo.SaveProgress(node, progress, reply.applied, refused));
  TB_RETURN_IF_ERROR(repo.SaveClock(clock.last()));
  TB_RETURN_IF_ERROR(tx->Commit());
  reply.acked_seq = progress.acked_seq;
  reply.acked_hlc = progress.acked_hlc;
  reply.hub_ms = hub_now;
  TB_ASSIGN_OR_RETURN(reply.open_conflicts, repo.OpenConflictsFor(node));
  return reply;
}

}  // namespace tongban::central
