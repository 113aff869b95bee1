#include "intake_form.h"

#include <QCoreApplication>
#include <algorithm>

#include "labels.h"
#include "tongban/node/domain/identity.h"
#include "tongban/node/domain/notice.h"
#include "tongban/sync/hybrid_clock.h"

namespace tongban::desk {
namespace {

QString T(const char* text) { return QCoreApplication::translate("IntakeForm", text); }

}  // namespace

QString ReceiptText(const node::CaseRecord& c, const QString& station_name,
                    const QString& clerk_name) {
  QString out = T("受理回执") + "\n";
  out += T("受理地点：%1（%2）").arg(station_name, Q(c.receiving_station)) + "\n";
  out += T("办件编号：%1").arg(Q(c.case_no)) + "\n";
  out += T("办理事项：%1").arg(Q(c.item_name)) + "\n";
  out += T("申请人：%1　证件号码：%2").arg(Q(c.applicant_name), Q(node::MaskIdNumber(c.applicant_id))) +
         "\n";
  out += T("收件时间：%1").arg(DateTimeText(c.received_at)) + "\n";
  out += T("办结期限：%1%2")
             .arg(Q(node::FormatDue(c.due_at, c.due_unit)), c.due_provisional ? T("（暂定）") : QString()) +
         "\n";
  if (c.priority == node::Priority::kGreen)
    out += T("绿色通道：%1").arg(Q(c.green_reason)) + "\n";
  out += T("收取材料：") + "\n";
  int i = 0;
  for (const auto& m : c.materials) {
    if (m.state == node::MaterialState::kAbsent) continue;
    out += QStringLiteral("  %1. %2 — %3\n").arg(++i).arg(Q(m.name), MaterialStateLabel(m.state));
  }
  out += T("经办人：%1").arg(clerk_name) + "\n";
  out += T("请妥善保管本回执，凭办件编号查询办理进度。") + "\n";
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

bool IntakeForm::canIntake() const {
  if (!session_) return false;
  const auto actor = node::ActorForRole(session_->role);
  return actor && *actor == node::Actor::kStation;
}

bool IntakeForm::canSubmit() const {
  return canIntake() && item_ && !submitting_ && !name_.trimmed().isEmpty() && id_ok_ &&
         !missingRequired() && (!green_ || !green_reason_.trimmed().isEmpty());
}

// The node's own checks (pure functions), so the message matches what Intake would say.
void IntakeForm::Validate() {
  const std::string id = node::NormalizeIdNumber(S(id_));
  if (id.empty()) {
    id_ok_ = false;
    id_message_.clear();
    return;
  }
  const Status s = enterprise_ ? node::ValidateCreditCode(id) : node::ValidateResidentId(id);
  id_ok_ = s.ok();
  id_message_ = s.ok() ? QString() : Q(s.message());
}

void IntakeForm::selectItem(const QString& code) {
  SetError({});
  store_->Run(
      this,
      [code = S(code)](StoreContext& ctx) -> Result<node::ServiceItem> {
        if (!ctx.store()) return FailedPrecondition("no station database is open");
        return ctx.store()->GetItem(code);
      },
      [this](Result<node::ServiceItem> r) {
        if (!r.ok()) {
          SetError(Q(r.status().message()));
          return;
        }
        item_ = std::move(*r);
        materials_.Load(*item_);
        case_no_.clear();
        receipt_.clear();
        notice_.clear();
        emit changed();
      });
}

bool IntakeForm::setMaterialState(int row, const QString& state) {
  auto parsed = node::ParseMaterialState(S(state));
  return parsed.ok() && materials_.SetState(row, *parsed);
}

void IntakeForm::submit() {
  if (!canSubmit()) return;
  node::IntakeRequest req;
  req.item_code = item_->impl_code;
  req.applicant_kind = enterprise_ ? node::PartyKind::kEnterprise : node::PartyKind::kPerson;
  req.applicant_name = S(name_.trimmed());
  req.applicant_id = S(id_);
  req.applicant_phone = S(phone_.trimmed());
  req.green_channel = green_;
  if (green_) req.green_reason = S(green_reason_.trimmed());
  req.materials = materials_.Inputs();
  submitting_ = true;
  SetError({});
  emit changed();

  struct Received {
    node::CaseRecord record;
    std::string notice;  // empty when nothing is owed
  };
  store_->Run(
      this,
      [req, by = *session_](StoreContext& ctx) -> Result<Received> {
        if (!ctx.store()) return FailedPrecondition("no station database is open");
        node::NodeStore& store = *ctx.store();
        TB_ASSIGN_OR_RETURN(node::CaseRecord c, store.Intake(by, req));
        Received out{c, {}};
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
          SetError(Q(r.status().message()));
          emit changed();
          return;
        }
        case_no_ = Q(r->record.case_no);
        receipt_ = ReceiptText(r->record, station_name_, session_ ? Q(session_->name) : QString());
        notice_ = Q(r->notice);
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
  Validate();
  case_no_.clear();
  receipt_.clear();
  notice_.clear();
  error_.clear();
  if (item_) materials_.Load(*item_);
  emit changed();
}

void IntakeForm::SetError(const QString& error) {
  if (error_ == error) return;
  error_ = error;
  emit changed();
}

}  // namespace tongban::desk
