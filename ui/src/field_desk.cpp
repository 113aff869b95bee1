#include "field_desk.h"

#include <algorithm>

#include "tongban/sync/hybrid_clock.h"

namespace tongban::desk {

FieldDesk::FieldDesk(StoreThread* store, QObject* parent)
    : DeskController(store, parent),
      visits_({"ref", "day", "today", "itemCode", "itemName", "applicantName", "applicantId",
               "maskedId", "phone", "address", "purpose", "plannedBy", "fieldNode", "state",
               "stateLabel", "outcome", "visitedAt", "caseNo", "here"},
              this) {}

void FieldDesk::setShowDone(bool on) {
  if (on == show_done_) return;
  show_done_ = on;
  emit changed();
  refresh();
}

void FieldDesk::refresh() {
  const quint64 generation = ++generation_;
  Start(
      [all = show_done_](node::NodeStore& store, const node::Session&) -> Result<View> {
        TB_ASSIGN_OR_RETURN(auto visits, store.ListVisits());
        TB_ASSIGN_OR_RETURN(auto items, store.ListItems());
        std::stable_sort(visits.begin(), visits.end(),
                         [](const auto& a, const auto& b) { return a.planned_day < b.planned_day; });
        const node::Date today = node::LocalDate(store.NowMillis());
        const std::string here = store.identity().code;
        View v;
        for (const auto& visit : visits) {
          const bool open = visit.state == node::VisitState::kPlanned;
          if (open) ++v.planned;
          if (!open && !all) continue;
          QString item;
          for (const auto& it : items)
            if (it.impl_code == visit.item_code) item = Q(it.name);
          v.visits << QVariantMap{
              {"ref", Q(visit.ref)},
              {"day", Q(node::FormatDate(visit.planned_day))},
              {"today", visit.planned_day == today},
              {"itemCode", Q(visit.item_code)},
              {"itemName", item},
              {"applicantName", Q(visit.applicant_name)},
              {"applicantId", Q(visit.applicant_id)},
              {"maskedId", Q(node::MaskIdNumber(visit.applicant_id))},
              {"phone", Q(node::MaskPhone(visit.applicant_phone))},
              {"address", Q(visit.address)},
              {"purpose", Q(visit.purpose)},
              {"plannedBy", Q(visit.planned_by)},
              {"fieldNode", Q(visit.field_node)},
              {"state", Q(node::VisitStateName(visit.state))},
              {"stateLabel", VisitStateText(visit.state)},
              {"outcome", Q(visit.outcome)},
              {"visitedAt", visit.visited_at ? DateTimeText(*visit.visited_at) : QString()},
              {"caseNo", Q(visit.case_no)},
              {"here", visit.field_node == here}};
        }
        return v;
      },
      [this, generation](View v) {
        if (generation != generation_) return;
        planned_ = v.planned;
        visits_.Set(std::move(v.visits));
        emit changed();
      });
}

void FieldDesk::record(const QString& ref, const QString& outcome, const QString& note) {
  auto state = node::ParseVisitState(S(outcome));
  if (!state.ok()) return;
  StartWrite([ref = S(ref), state = *state, note = S(note.trimmed())](node::NodeStore& store,
                                                                 const node::Session& by) {
    return store.RecordVisit(by, ref, state, note);
  },
        [this](node::Visit v) {
          refresh();
          SetMessage(tr("已记录：%1，%2").arg(Q(v.applicant_name), VisitStateText(v.state)));
        });
}

}  // namespace tongban::desk
