#include "intake_form.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <algorithm>

#include "labels.h"
#include "tongban/node/domain/identity.h"
#include "tongban/node/domain/notice.h"
#include "tongban/sync/hybrid_clock.h"

namespace tongban::desk {
QString ReceiptText(const node::CaseRecord& c, const QString& station_name,
                    const QString& clerk_name) {
  QString out = IntakeForm::tr("受理回执") + "\n";
  out += IntakeForm::tr("受理地点：%1（%2）").arg(station_name, Q(c.receiving_station)) + "\n";
  out += IntakeForm::tr("办件编号：%1").arg(Q(c.case_no)) + "\n";
  out += IntakeForm::tr("办理事项：%1").arg(Q(c.item_name)) + "\n";
  out += IntakeForm::tr("申请人：%1　证件号码：%2").arg(Q(c.applicant_name), Q(node::MaskIdNumber(c.applicant_id))) +
         "\n";
  if (c.agent)
    out += IntakeForm::tr("代办人：%1　证件号码：%2　授权书：%3")
               .arg(Q(c.agent->name), Q(node::MaskIdNumber(c.agent->id_number)),
                    Q(c.agent->authorization)) +
           "\n";
  if (c.channel != node::Channel::kWindow) out += IntakeForm::tr("收件方式：%1").arg(ChannelLabel(c.channel)) + "\n";
  out += IntakeForm::tr("收件时间：%1").arg(DateTimeText(c.received_at)) + "\n";
  out += IntakeForm::tr("办结期限：%1%2")
             .arg(Q(node::FormatDue(c.due_at, c.due_unit)), c.due_provisional ? IntakeForm::tr("（暂定）") : QString()) +
         "\n";
  if (c.priority == node::Priority::kGreen)
    out += IntakeForm::tr("绿色通道：%1").arg(Q(c.green_reason)) + "\n";
  out += IntakeForm::tr("收取材料：") + "\n";
  int i = 0;
  for (const auto& m : c.materials) {
    if (m.state == node::MaterialState::kAbsent) continue;
    out += QStringLiteral("  %1. %2 — %3\n").arg(++i).arg(Q(m.name), MaterialStateLabel(m.state));
  }
  out += IntakeForm::tr("经办人：%1").arg(clerk_name) + "\n";
  out += IntakeForm::tr("请妥善保管本回执，凭办件编号查询办理进度。") + "\n";
  return out;
}

IntakeForm::IntakeForm(StoreThread* store, QObject* parent)
    : QObject(parent), store_(store), materials_(this) {
  connect(&materials_, &IntakeMaterialsModel::changed, this, &IntakeForm::changed);
}

void IntakeForm::SetSession(std::optional<node::Session> session, const QString& station_name) {
  session_ = std::move(session);
  station_name_ = station_name;
  emit changed();
}

QString IntakeForm::itemCode() const { return item_ ? Q(item_->impl_code) : QString(); }
QString IntakeForm::itemName() const { return item_ ? Q(item_->name) : QString(); }
QString IntakeForm::itemDepartment() const { return item_ ? Q(item_->department) : QString(); }
bool IntakeForm::itemInstant() const {
  return item_ && item_->mode == node::ServiceMode::kInstant;
}

void IntakeForm::setEnterprise(bool on) {
  if (on == enterprise_) return;
  enterprise_ = on;
  Validate();
  emit changed();
}

void IntakeForm::setApplicantName(const QString& name) {
  if (name == name_) return;
  name_ = name;
  emit changed();
}

void IntakeForm::setApplicantId(const QString& id) {
  if (id == id_) return;
  id_ = id;
  Validate();
  emit changed();
}

void IntakeForm::setApplicantPhone(const QString& phone) {
  if (phone == phone_) return;
  phone_ = phone;
  emit changed();
}

void IntakeForm::setGreen(bool on) {
  if (on == green_) return;
  green_ = on;
  emit changed();
}

void IntakeForm::setGreenReason(const QString& reason) {
  if (reason == green_reason_) return;
  green_reason_ = reason;
  emit changed();
}

void IntakeForm::setNote(const QString& note) {
  if (note == note_) return;
  note_ = note;
  emit changed();
}

QStringList IntakeForm::heldCodes() const {
  QStringList out;
  for (const auto& code : materials_.Held()) out << Q(code);
  return out;
}

bool IntakeForm::itemAllowsProxy() const {
  return item_ && item_->allows.proxy && !item_->in_person_only;
}

void IntakeForm::setHasAgent(bool on) {
  if (on == has_agent_) return;
  has_agent_ = on;
  materials_.SetProxy(on);  // the authorization is required with a proxy
  emit changed();
}

void IntakeForm::setAgentName(const QString& name) {
  if (name == agent_name_) return;
  agent_name_ = name;
  emit changed();
}

void IntakeForm::setAgentId(const QString& id) {
  if (id == agent_id_) return;
  agent_id_ = id;
  Validate();
  emit changed();
}

void IntakeForm::setAgentPhone(const QString& phone) {
  if (phone == agent_phone_) return;
  agent_phone_ = phone;
  emit changed();
}

void IntakeForm::setAgentAuthorization(const QString& ref) {
  if (ref == agent_authorization_) return;
  agent_authorization_ = ref;
  emit changed();
}

void IntakeForm::setAgentScope(const QString& scope) {
  if (scope == agent_scope_) return;
  agent_scope_ = scope;
  emit changed();
}

void IntakeForm::setAgentExpires(const QString& date) {
  if (date == agent_expires_) return;
  agent_expires_ = date;
  Validate();
  emit changed();
}

bool IntakeForm::canOverrideId() const {
  return enterprise_ && !id_ok_ && !id_message_.isEmpty();
}

void IntakeForm::setIdOverrideReason(const QString& reason) {
  if (reason == id_override_reason_) return;
  id_override_reason_ = reason;
  emit changed();
}

QString IntakeForm::channel() const { return Q(node::ChannelName(channel_)); }

void IntakeForm::setChannel(const QString& channel) {
  auto parsed = node::ParseChannel(S(channel));
  if (!parsed.ok() || *parsed == channel_) return;
  channel_ = *parsed;
  emit changed();
}

QString IntakeForm::channelLabel() const { return ChannelLabel(channel_); }

bool IntakeForm::canIntake() const {
  if (!session_) return false;
  const auto actor = node::ActorForRole(session_->role);
  return actor && *actor == node::Actor::kStation;
}

bool IntakeForm::canSubmit() const { return !submitting_ && submitProblem().isEmpty(); }

QString IntakeForm::agentProblem() const {
  if (!has_agent_) return {};
  if (agent_name_.trimmed().isEmpty()) return IntakeForm::tr("请填写代办人姓名");
  if (!agent_id_message_.isEmpty()) return IntakeForm::tr("代办人身份证号码：%1").arg(agent_id_message_);
  if (!agent_id_ok_) return IntakeForm::tr("请填写代办人身份证号码");
  if (agent_authorization_.trimmed().isEmpty()) return IntakeForm::tr("请填写授权委托书编号");
  if (agent_scope_.trimmed().isEmpty()) return IntakeForm::tr("请填写委托范围（授权委托书上写明的事项）");
  if (!agent_expires_message_.isEmpty()) return agent_expires_message_;
  return {};
}

// The same checks as canSubmit, in the order a clerk fills the form in.
QString IntakeForm::submitProblem() const {
  if (!canIntake()) return IntakeForm::tr("只有窗口工作人员可以收件");
  if (!item_) return IntakeForm::tr("请先选择事项");
  if (name_.trimmed().isEmpty()) return IntakeForm::tr("请填写申请人姓名");
  const bool id = id_ok_ || (canOverrideId() && !id_override_reason_.trimmed().isEmpty());
  if (!id) return enterprise_ ? IntakeForm::tr("请填写正确的统一社会信用代码")
                              : IntakeForm::tr("请填写正确的身份证号码");
  if (const QString agent = agentProblem(); !agent.isEmpty())
    return IntakeForm::tr("代办人信息未填完：%1").arg(agent);
  if (missingRequired()) return IntakeForm::tr("缺少必需材料");
  if (green_ && green_reason_.trimmed().isEmpty()) return IntakeForm::tr("请填写绿色通道的理由");
  return {};
}

// Today by this PC's clock: a hint as the clerk types; Intake judges by the node's
// corrected clock.
static node::Date Today() { return node::LocalDate(sync::SystemWallClock::Instance().NowMillis()); }

// The node's own checks (pure functions), so the message matches what Intake would say.
void IntakeForm::Validate() {
  const std::string id = node::NormalizeIdNumber(S(id_));
  if (id.empty()) {
    id_ok_ = false;
    id_message_.clear();
  } else {
    const Status s = enterprise_ ? node::ValidateCreditCode(id) : node::ValidateBirthDate(id, Today());
    id_ok_ = s.ok();
    id_message_ = s.ok() ? QString() : ErrorText(s);
  }
  const std::string agent = node::NormalizeIdNumber(S(agent_id_));
  const Status a = agent.empty() ? Status::Ok() : node::ValidateBirthDate(agent, Today());
  agent_id_ok_ = !agent.empty() && a.ok();
  agent_id_message_ = a.ok() ? QString() : ErrorText(a);
  agent_expires_message_.clear();
  const QString expires = agent_expires_.trimmed();
  if (!expires.isEmpty()) {
    static const QRegularExpression kShape(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
    auto d = node::ParseDate(S(expires));
    if (!kShape.match(expires).hasMatch())
      agent_expires_message_ = IntakeForm::tr("有效期请写成 年-月-日，如 2027-12-31");
    else if (!d.ok())
      agent_expires_message_ = IntakeForm::tr("没有这一天：%1").arg(expires);
    else if (*d < Today())
      agent_expires_message_ = IntakeForm::tr("授权委托书已于 %1 到期").arg(expires);
  }
}

void IntakeForm::selectItem(const QString& code) {
  SetError({});
  store_->Run(
      this,
      [code = S(code)](StoreContext& ctx) -> Result<node::ServiceItem> {
        if (!ctx.store()) return NoStationOpen();
        return ctx.store()->GetItem(code);
      },
      [this](Result<node::ServiceItem> r) {
        if (!r.ok()) {
          SetError(ErrorText(r.status()));
          return;
        }
        item_ = std::move(*r);
        if (!itemAllowsProxy()) has_agent_ = false;
        materials_.SetProxy(has_agent_);
        materials_.Load(*item_);
        case_no_.clear();
        case_status_.clear();
        receipt_.clear();
        notice_.clear();
        emit changed();
      });
}

bool IntakeForm::setMaterialState(int row, const QString& state) {
  auto parsed = node::ParseMaterialState(S(state));
  return parsed.ok() && materials_.SetState(row, *parsed);
}

node::IntakeRequest IntakeForm::Request() const {
  node::IntakeRequest req;
  req.item_code = item_->impl_code;
  req.applicant_kind = enterprise_ ? node::PartyKind::kEnterprise : node::PartyKind::kPerson;
  req.applicant_name = S(name_.trimmed());
  req.applicant_id = S(id_);
  req.applicant_phone = S(phone_.trimmed());
  if (!id_ok_) req.id_override_reason = S(id_override_reason_.trimmed());
  if (has_agent_) {
    node::Agent a;
    a.name = S(agent_name_.trimmed());
    a.id_number = S(agent_id_);
    a.phone = S(agent_phone_.trimmed());
    a.authorization = S(agent_authorization_.trimmed());
    a.scope = S(agent_scope_.trimmed());
    if (auto d = node::ParseDate(S(agent_expires_.trimmed())); d.ok()) a.expires = *d;
    req.agent = std::move(a);
  }
  req.channel = channel_;
  req.green_channel = green_;
  if (green_) req.green_reason = S(green_reason_.trimmed());
  req.note = S(note_.trimmed());
  req.materials = materials_.Inputs();
  return req;
}

void IntakeForm::submit() {
  if (!canSubmit()) return;
  const node::IntakeRequest req = Request();
  submitting_ = true;
  SetError({});
  emit changed();

  struct Received {
    node::CaseRecord record;
    std::string notice;      // empty when nothing is owed
    Status visit_error;  // the case is in, but the visit could not be recorded
  };
  const std::string appointment = S(appointment_ref_), visit = S(visit_ref_);
  const std::string visit_note = S(IntakeForm::tr("上门收件"));
  store_->Run(
      this,
      [req, appointment, visit, visit_note, by = *session_](StoreContext& ctx) -> Result<Received> {
        if (!ctx.store()) return NoStationOpen();
        node::NodeStore& store = *ctx.store();
        node::CaseRecord c;
        if (!appointment.empty()) {
          TB_ASSIGN_OR_RETURN(c, store.ConvertAppointment(by, appointment, req));
        } else {
          TB_ASSIGN_OR_RETURN(c, store.Intake(by, req));
        }
        Received out{c, {}, {}};
        if (!visit.empty()) {
          auto v = store.RecordVisit(by, visit, node::VisitState::kVisited, visit_note, c.case_no);
          if (!v.ok()) out.visit_error = v.status();
        }
        const bool owes = std::any_of(c.materials.begin(), c.materials.end(),
                                      [](const node::CaseMaterial& m) { return node::IsOwed(m.state); });
        if (owes) {
          TB_ASSIGN_OR_RETURN(auto item, store.GetItem(c.item_code, c.item_version));
          out.notice = node::RenderNoticeText(node::NoticeForCase(
              c, item, store.identity().name, node::LocalDate(c.received_at)));
        }
        return out;
      },
      [this](Result<Received> r) {
        submitting_ = false;
        if (!r.ok()) {
          SetError(ErrorText(r.status()));
          emit changed();
          return;
        }
        case_no_ = Q(r->record.case_no);
        case_status_ = StatusLabel(r->record.status);
        receipt_ = ReceiptText(r->record, station_name_, session_ ? Q(session_->name) : QString());
        notice_ = Q(r->notice);
        // Received: the appointment or visit is done with (or says why not).
        appointment_ref_.clear();
        visit_ref_.clear();
        if (!r->visit_error.ok())
          SetError(IntakeForm::tr("办件已收件，但上门记录未保存：%1").arg(ErrorText(r->visit_error)));
        emit changed();
        emit submitted(case_no_);
      });
}

void IntakeForm::prepareNotice() {
  if (!item_) return;
  const node::Millis now = sync::SystemWallClock::Instance().NowMillis();
  notice_ = Q(node::RenderNoticeText(
      node::NoticeForItem(*item_, materials_.Held(), S(station_name_), node::LocalDate(now))));
  case_no_.clear();
  case_status_.clear();
  receipt_.clear();
  emit changed();
}

void IntakeForm::clear() {
  enterprise_ = false;
  name_.clear();
  id_.clear();
  phone_.clear();
  green_ = false;
  green_reason_.clear();
  note_.clear();
  has_agent_ = false;
  materials_.SetProxy(false);
  agent_name_.clear();
  agent_id_.clear();
  agent_phone_.clear();
  agent_authorization_.clear();
  agent_scope_.clear();
  agent_expires_.clear();
  id_override_reason_.clear();
  channel_ = node::Channel::kWindow;
  appointment_ref_.clear();
  visit_ref_.clear();
  Validate();
  case_no_.clear();
  case_status_.clear();
  receipt_.clear();
  notice_.clear();
  error_.clear();
  if (item_) materials_.Load(*item_);
  emit changed();
}

void IntakeForm::Prefill(const QString& itemCode, const QString& name, const QString& id,
                         const QString& phone) {
  name_ = name;
  id_ = id;
  phone_ = phone;
  Validate();
  emit changed();
  if (!itemCode.isEmpty() && itemCode != this->itemCode()) selectItem(itemCode);
}

void IntakeForm::startFromAppointment(const QString& ref, const QString& itemCode,
                                      const QString& name, const QString& id,
                                      const QString& phone) {
  clear();
  appointment_ref_ = ref;
  Prefill(itemCode, name, id, phone);
}

void IntakeForm::startFromVisit(const QString& ref, const QString& itemCode, const QString& name,
                                const QString& id, const QString& phone) {
  clear();
  visit_ref_ = ref;
  channel_ = node::Channel::kDoor;
  Prefill(itemCode, name, id, phone);
}

void IntakeForm::SetError(const QString& error) {
  if (error_ == error) return;
  error_ = error;
  emit changed();
}

}  // namespace tongban::desk
