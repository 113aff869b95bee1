#include "case_detail.h"

#include <QFile>

#include <QCoreApplication>
#include <QUrl>
#include <algorithm>

#include "case_row.h"
#include "labels.h"
#include "tongban/node/domain/identity.h"
#include "tongban/node/domain/notice.h"
#include "tongban/node/messages/event_text.h"
#include "tongban/node/store/scan_store.h"
#include "tongban/sync/hybrid_clock.h"

namespace tongban::desk {
namespace {

// Fields of `table` in conflict, by column ("applicant_phone", or a material's code),
// for the page to mark.
QStringList ConflictColumns(const node::CaseRecord& c, std::string_view table) {
  QStringList out;
  for (const auto& f : c.conflicts)
    if (f.table == table) out << Q(f.column);
  return out;
}

// What waits in the hub's conflict inbox, named as the case page names the fields.
QStringList ConflictLabels(const node::CaseRecord& c) {
  static const std::pair<const char*, const char*> kCaseFields[] = {
      {"status", QT_TRANSLATE_NOOP("CaseDetail", "办件状态")},
      {"applicant_phone", QT_TRANSLATE_NOOP("CaseDetail", "联系电话")},
      {"applicant_name", QT_TRANSLATE_NOOP("CaseDetail", "申请人")},
      {"processing_office", QT_TRANSLATE_NOOP("CaseDetail", "承办部门")},
      {"delivery", QT_TRANSLATE_NOOP("CaseDetail", "送达方式")},
      {"result", QT_TRANSLATE_NOOP("CaseDetail", "办理结果")},
      {"note", QT_TRANSLATE_NOOP("CaseDetail", "备注")},
      {"due_at", QT_TRANSLATE_NOOP("CaseDetail", "办结期限")},
  };
  QStringList out;
  for (const auto& f : c.conflicts) {
    QString label;
    if (f.column == "*") {
      label = CaseDetail::tr("整条记录");
    } else if (f.table == "case_materials") {
      QString name = Q(f.column);
      for (const auto& m : c.materials)
        if (m.code == f.column) name = Q(m.name);
      label = CaseDetail::tr("材料“%1”").arg(name);
    } else if (f.table == "commitments") {
      label = CaseDetail::tr("承诺");
    } else {
      label = Q(f.column);
      for (const auto& [column, words] : kCaseFields)
        if (f.column == column) label = QCoreApplication::translate("CaseDetail", words);
    }
    if (!out.contains(label)) out << label;
  }
  return out;
}

bool NeedsReason(std::string_view action, node::CaseStatus from, node::Actor actor) {
  for (const auto& r : node::TransitionRules()) {
    if (r.action != action) continue;
    if (std::find(r.from.begin(), r.from.end(), from) == r.from.end()) continue;
    if (std::find(r.actors.begin(), r.actors.end(), actor) == r.actors.end()) continue;
    return r.needs_reason;
  }
  return false;
}

// "还剩 3 个工作日", "今天到期", "已超期 2 个工作日", "还剩 5 小时".
QString Remaining(const node::CaseRecord& c, const node::WorkCalendar& cal, node::Millis now) {
  if (!DeadlineApplies(c.status)) return {};
  if (c.due_unit == "hour") {
    const qint64 hours = (c.due_at - now) / node::kMsPerHour;
    if (now >= c.due_at) return CaseDetail::tr("已超时 %1 小时").arg((now - c.due_at) / node::kMsPerHour);
    return hours > 0 ? CaseDetail::tr("还剩 %1 小时").arg(hours) : CaseDetail::tr("不足 1 小时");
  }
  const node::Date today = node::LocalDate(now);
  const node::Date last = node::LocalDate(c.due_at - 1);
  if (now >= c.due_at) {
    const int late = c.due_unit == "day" ? static_cast<int>((today - last).count())
                                         : cal.WorkdaysBetween(last, today);
    return c.due_unit == "day" ? CaseDetail::tr("已超期 %1 天").arg(late) : CaseDetail::tr("已超期 %1 个工作日").arg(late);
  }
  if (today == last) return CaseDetail::tr("今天到期");
  if (c.due_unit == "day") return CaseDetail::tr("还剩 %1 天").arg((last - today).count());
  return CaseDetail::tr("还剩 %1 个工作日").arg(cal.WorkdaysBetween(today, last));
}

// The material state this person may record next: the window records a
// material handed in later, the back office verifies what it holds.
// TODO(node): the rule lives in NodeStore::UpdateMaterials; offer it as a call.
node::MaterialState MaterialMove(node::MaterialState state, const std::optional<node::Session>& by) {
  const auto actor = by ? node::ActorForRole(by->role) : std::nullopt;
  if (!actor) return state;
  if (*actor == node::Actor::kStation &&
      (node::IsOwed(state) || state == node::MaterialState::kAbsent))
    return node::MaterialState::kSupplied;
  if (*actor == node::Actor::kBackOffice &&
      (state == node::MaterialState::kReceived || state == node::MaterialState::kSupplied))
    return node::MaterialState::kVerified;
  return state;
}

}  // namespace

QString ShipmentStateWords(node::ShipmentDirection direction, node::ShipmentState state) {
  const bool in = direction == node::ShipmentDirection::kIn;
  switch (state) {
    case node::ShipmentState::kSent:
      return in ? CaseDetail::tr("申请人已寄出") : ShipmentStateText(state);
    case node::ShipmentState::kDelivered:
      return in ? CaseDetail::tr("已收到") : CaseDetail::tr("申请人已签收");
    case node::ShipmentState::kReturned:
      return in ? CaseDetail::tr("已退回申请人") : ShipmentStateText(state);
    case node::ShipmentState::kCreated:
    case node::ShipmentState::kLost:
      break;
  }
  return ShipmentStateText(state);
}

QVariantMap ShipmentView(const node::Shipment& s) {
  QVariantList moves;
  for (node::ShipmentState to : node::ShipmentNextSteps(s.state))
    moves << QVariantMap{{"state", Q(node::ShipmentStateName(to))}, {"label", ShipmentStateText(to)}};
  QString last;
  if (!s.events.empty()) {
    const auto& e = s.events.back();
    last = CaseDetail::tr("%1 %2 %3").arg(DateTimeText(e.at), ShipmentStateText(e.state), Q(e.place)).trimmed();
  }
  return QVariantMap{
      {"ref", Q(s.ref)},
      {"caseNo", Q(s.case_no)},
      {"direction", Q(node::ShipmentDirectionName(s.direction))},
      {"directionLabel", s.direction == node::ShipmentDirection::kIn ? CaseDetail::tr("寄来材料")
                                                                     : CaseDetail::tr("寄出结果")},
      {"carrier", Q(s.carrier)},
      {"waybill", Q(s.waybill)},
      {"address", Q(s.address)},
      {"state", Q(node::ShipmentStateName(s.state))},
      {"stateLabel", ShipmentStateText(s.state)},
      {"stateText", ShipmentStateWords(s.direction, s.state)},
      {"created", DateTimeText(s.created_at)},
      {"last", last},
      {"moves", moves},
  };
}

std::vector<std::string_view> ActionsFor(const node::CaseRecord& c, const node::ServiceItem& item,
                                         const node::Session& by, const node::NodeIdentity& here) {
  const auto actor = node::ActorForRole(by.role);
  if (!actor) return {};
  // Where a move may be made, as NodeStore::Transition enforces it.
  // TODO(node): offer this as one call (NodeStore::ActionsFor) so the rule lives once.
  if (*actor == node::Actor::kBackOffice && c.processing_office != here.code) return {};
  if (*actor == node::Actor::kStation && c.receiving_station != here.code &&
      here.kind != node::NodeKind::kField)
    return {};
  const node::TransitionContext ctx{*actor, item.mode == node::ServiceMode::kInstant, true};
  return node::AvailableActions(c.status, ctx);
}

CaseDetail::CaseDetail(StoreThread* store, QObject* parent) : QObject(parent), store_(store) {}

void CaseDetail::SetSession(std::optional<node::Session> session) {
  session_ = std::move(session);
  full_id_.clear();  // the next person sees it masked
  if (loaded()) reload();
}

Result<CaseDetail::View> CaseDetail::MakeView(node::NodeStore& store, const node::CaseRecord& c,
                                              const std::optional<node::Session>& by) {
  TB_ASSIGN_OR_RETURN(auto item, store.GetItem(c.item_code, c.item_version));
  TB_ASSIGN_OR_RETURN(const node::OfficeNames offices, node::LoadOfficeNames(store));
  const node::Millis now = store.NowMillis();
  View v;
  QString agent;
  if (c.agent)
    agent = CaseDetail::tr("%1（%2，授权书 %3）")
                .arg(Q(c.agent->name), Q(node::MaskIdNumber(c.agent->id_number)),
                     Q(c.agent->authorization));
  v.info = QVariantMap{
      {"caseNo", Q(c.case_no)},
      {"countyNo", c.county_no ? Q(*c.county_no) : QString()},
      {"itemName", Q(c.item_name)},
      {"itemInstant", item.mode == node::ServiceMode::kInstant},
      {"department", Q(item.department)},
      {"applicantName", Q(c.applicant_name)},
      {"maskedId", Q(node::MaskIdNumber(c.applicant_id))},
      {"enterprise", c.applicant_kind == node::PartyKind::kEnterprise},
      {"phone", Q(node::MaskPhone(c.applicant_phone))},
      {"status", Q(node::CaseStatusName(c.status))},
      {"statusLabel", StatusLabel(c.status)},
      {"green", c.priority == node::Priority::kGreen},
      {"greenReason", Q(c.green_reason)},
      {"channel", ChannelLabel(c.channel)},
      {"received", DateTimeText(c.received_at)},
      {"accepted", c.accepted_at ? DateTimeText(*c.accepted_at) : QString()},
      {"due", Q(node::FormatDue(c.due_at, c.due_unit))},
      {"dueProvisional", c.due_provisional},
      {"timerState", TimerStateFor(c.status, c.accepted_at.value_or(c.received_at), c.due_at, now)},
      {"remaining", Remaining(c, store.calendar(), now)},
      {"receivingStation", Q(c.receiving_station)},
      {"processingOffice", Q(c.processing_office)},
      {"receivingStationLabel", OfficeLabel(offices, c.receiving_station)},
      {"processingOfficeLabel", OfficeLabel(offices, c.processing_office)},
      {"result", Q(c.result)},
      {"note", Q(c.note)},
      {"agent", agent},
      {"conflicts", ConflictLabels(c)},
      {"conflictColumns", ConflictColumns(c, "cases")},
      {"conflictMaterials", ConflictColumns(c, "case_materials")},
      {"statusInConflict",
       std::any_of(c.conflicts.begin(), c.conflicts.end(),
                   [](const node::ConflictField& f) { return f.table == "cases" && f.column == "status"; })},
  };
  bool owes = false;
  for (const auto& m : c.materials) {
    owes = owes || node::IsOwed(m.state);
    const node::MaterialState move = MaterialMove(m.state, by);
    const bool movable = move != m.state;
    v.materials.push_back(QVariantMap{
        {"code", Q(m.code)},
        {"name", Q(m.name)},
        {"required", m.required},
        {"state", Q(node::MaterialStateName(m.state))},
        {"stateLabel", MaterialStateLabel(m.state)},
        {"owed", node::IsOwed(m.state)},
        {"move", movable ? Q(node::MaterialStateName(move)) : QString()},
        {"moveLabel", !movable ? QString()
                      : move == node::MaterialState::kSupplied ? CaseDetail::tr("登记补交")
                                                               : CaseDetail::tr("核验")}});
  }
  for (const auto& k : c.commitments) {
    QStringList names;
    for (const auto& code : k.materials) {
      const auto* spec = item.FindMaterial(code);
      names << (spec ? Q(spec->name) : Q(code));
    }
    v.commitments.push_back(QVariantMap{
        {"label", CommitmentLabel(k.kind, k.state)},
        {"rectification", k.kind == node::CommitmentKind::kRectification},
        {"materials", names.join(QStringLiteral("、"))},
        {"due", Q(node::FormatDate(node::LocalDate(k.due - 1)))},
        {"provisional", k.due_provisional},
        {"open", k.state == node::CommitmentState::kOpen}});
  }
  for (const auto& e : c.events) {
    auto to = node::ParseCaseStatus(e.to_status);
    // Events that are no move (materials, post, ratings) leave the status as it was.
    const bool moved = e.from_status != e.to_status || e.action == "intake";
    v.events.push_back(QVariantMap{{"at", DateTimeText(e.at)},
                                   {"action", Q(e.action)},
                                   {"actionLabel", ActionLabel(e.action)},
                                   {"user", Q(e.user)},
                                   {"node", Q(e.node)},
                                   {"toLabel", moved && to.ok() ? StatusLabel(*to) : QString()},
                                   // Kinds and data, or the reason a person gave, in the
                                   // desk's language.
                                   {"detail", Q(node::RenderEventDetail(e.action, e.detail,
                                                                        MessageLanguage()))}});
  }
  if (by) {
    const auto actor = node::ActorForRole(by->role);
    for (auto a : ActionsFor(c, item, *by, store.identity()))
      v.actions.push_back(QVariantMap{{"action", Q(a)},
                                      {"label", ActionLabel(a)},
                                      {"needsReason", actor && NeedsReason(a, c.status, *actor)}});
  }
  TB_ASSIGN_OR_RETURN(auto ratings, store.RatingsOf(c.case_no));
  for (const auto& r : ratings) {
    QStringList indicators;
    for (const auto& code : r.indicators)
      for (const auto& i : node::RatingIndicators())
        if (i.code == code) indicators << NodeLabel(i.label);
    v.ratings.push_back(QVariantMap{{"score", r.score},
                                    {"words", RatingWords(r.score)},
                                    {"indicators", indicators.join(QStringLiteral("、"))},
                                    {"comment", Q(r.comment)},
                                    {"at", DateTimeText(r.rated_at)}});
  }
  TB_ASSIGN_OR_RETURN(auto shipments, store.ListShipments(c.case_no));
  for (const auto& sh : shipments) v.shipments.push_back(ShipmentView(sh));
  node::ScanStore scan_store(store);
  TB_ASSIGN_OR_RETURN(auto scans, scan_store.List(c.case_no));
  for (const auto& sc : scans)
    v.scans.push_back(QVariantMap{{"material", Q(sc.material)},
                                  {"fileName", Q(sc.file_name)},
                                  {"kb", static_cast<qlonglong>((sc.size + 1023) / 1024)},
                                  {"held", sc.held},
                                  {"atHub", sc.at_hub}});
  if (owes)
    v.notice = Q(node::RenderNoticeText(
        node::NoticeForCase(c, item, store.identity().name, node::LocalDate(now))));
  return v;
}

void CaseDetail::Clear() {
  full_id_.clear();
  info_.clear();
  materials_.clear();
  commitments_.clear();
  events_.clear();
  actions_.clear();
  ratings_.clear();
  shipments_.clear();
  scans_.clear();
  notice_.clear();
}

void CaseDetail::load(const QString& caseNo) {
  if (caseNo.isEmpty()) return;
  if (caseNo != case_no_) Clear();
  case_no_ = caseNo;
  loading_ = true;
  error_.clear();
  emit changed();
  const quint64 generation = ++generation_;
  store_->Run(
      this,
      [no = S(caseNo), by = session_](StoreContext& ctx) -> Result<View> {
        if (!ctx.store()) return NoStationOpen();
        TB_ASSIGN_OR_RETURN(auto c, ctx.store()->GetCase(no));
        return MakeView(*ctx.store(), c, by);
      },
      [this, generation](Result<View> v) {
        if (generation != generation_) return;
        loading_ = false;
        Show(std::move(v), false);
      });
}

void CaseDetail::revealId() {
  if (case_no_.isEmpty() || !session_) return;
  store_->Run(
      this,
      [no = S(case_no_), by = *session_](StoreContext& ctx) -> Result<std::string> {
        if (!ctx.store()) return NoStationOpen();
        return ctx.store()->RevealApplicantId(by, no);
      },
      [this, no = case_no_](Result<std::string> id) {
        if (no != case_no_) return;  // another case opened meanwhile
        if (!id.ok()) error_ = ErrorText(id.status());
        else full_id_ = Q(*id);
        emit changed();
      });
}

void CaseDetail::hideId() {
  full_id_.clear();
  emit changed();
}

void CaseDetail::runAction(const QString& action, const QString& reason) {
  Write([no = S(case_no_), action = S(action), reason = S(reason.trimmed())](
            node::NodeStore& store, const node::Session& by) {
    return store.Transition(by, no, action, reason);
  });
}

void CaseDetail::updateMaterial(const QString& code, const QString& state) {
  auto parsed = node::ParseMaterialState(S(state));
  if (!parsed.ok()) return;
  Write([no = S(case_no_), input = node::MaterialInput{S(code), *parsed}](
            node::NodeStore& store, const node::Session& by) {
    return store.UpdateMaterials(by, no, {input});
  });
}

void CaseDetail::attachScan(const QString& material, const QString& path) {
  QString file = path.trimmed();
  if (file.startsWith(QStringLiteral("file://"))) file = QUrl(file).toLocalFile();
  if (material.isEmpty() || file.isEmpty()) return;
  Write([no = S(case_no_), code = S(material), f = S(file)](
            node::NodeStore& store, const node::Session& by) -> Result<node::CaseRecord> {
    node::ScanStore scans(store);
    TB_RETURN_IF_ERROR(scans.Attach(by, no, code, f).status());
    return store.GetCase(no);
  });
}

void CaseDetail::attachScannedPdf(const QString& material, const QByteArray& pdf) {
  if (material.isEmpty() || pdf.isEmpty()) return;
  const bool started = Write(
      [no = S(case_no_), code = S(material), bytes = pdf.toStdString(),
       name = S(tr("扫描件")) + ".pdf"](node::NodeStore& store,
                                       const node::Session& by) -> Result<node::CaseRecord> {
        node::ScanStore scans(store);
        TB_RETURN_IF_ERROR(scans.AttachBytes(by, no, code, bytes, name).status());
        return store.GetCase(no);
      },
      [this](bool ok) { emit scannedAttached(ok); });
  if (!started) emit scannedAttached(false);
}

bool CaseDetail::Write(
    std::function<Result<node::CaseRecord>(node::NodeStore&, const node::Session&)> write,
    std::function<void(bool)> after) {
  if (!session_ || case_no_.isEmpty() || acting_) return false;
  acting_ = true;
  error_.clear();
  emit changed();
  const quint64 generation = ++generation_;
  store_->Run(
      this,
      [write = std::move(write), by = session_](StoreContext& ctx) -> Result<View> {
        if (!ctx.store()) return NoStationOpen();
        TB_ASSIGN_OR_RETURN(auto c, write(*ctx.store(), *by));
        return MakeView(*ctx.store(), c, by);
      },
      [this, generation, after = std::move(after)](Result<View> v) {
        acting_ = false;
        const bool ok = v.ok();
        if (after) after(ok);
        if (generation != generation_) {
          emit changed();
          return;
        }
        Show(std::move(v), true);
        if (ok) emit caseChanged(case_no_);
      });
  return true;
}

void CaseDetail::Show(Result<View> v, bool keep_on_error) {
  if (!v.ok()) {
    error_ = ErrorText(v.status());
    if (!keep_on_error) Clear();
    emit changed();
    return;
  }
  error_.clear();
  info_ = std::move(v->info);
  materials_ = std::move(v->materials);
  commitments_ = std::move(v->commitments);
  events_ = std::move(v->events);
  actions_ = std::move(v->actions);
  ratings_ = std::move(v->ratings);
  shipments_ = std::move(v->shipments);
  scans_ = std::move(v->scans);
  notice_ = std::move(v->notice);
  emit changed();
}

}  // namespace tongban::desk
