#include "labels.h"

#include <QCoreApplication>
#include <atomic>

#include "tongban/node/messages/status_text.h"

namespace tongban::desk {
namespace {

// The translation context of every label ("Labels"), as lupdate sees it too.
class Labels {
  Q_DECLARE_TR_FUNCTIONS(Labels)
};

// Looks up a label held in a variable (listed with QT_TRANSLATE_NOOP).
QString T(const char* text) { return QCoreApplication::translate("Labels", text); }

// The labels the node gives its codes (case_state_machine.cpp, service_modes.cpp),
// listed only so lupdate offers them for translation; NodeLabel looks them up.
[[maybe_unused]] constexpr const char* kNodeLabels[] = {
    QT_TRANSLATE_NOOP("Labels", "已收件"),   QT_TRANSLATE_NOOP("Labels", "补正告知"),
    QT_TRANSLATE_NOOP("Labels", "已补正"),   QT_TRANSLATE_NOOP("Labels", "已受理"),
    QT_TRANSLATE_NOOP("Labels", "特别程序"), QT_TRANSLATE_NOOP("Labels", "准予办结"),
    QT_TRANSLATE_NOOP("Labels", "不予许可"), QT_TRANSLATE_NOOP("Labels", "已撤回"),
    QT_TRANSLATE_NOOP("Labels", "已撤销"),   QT_TRANSLATE_NOOP("Labels", "已送达"),
    QT_TRANSLATE_NOOP("Labels", "已归档"),   QT_TRANSLATE_NOOP("Labels", "已预约"),
    QT_TRANSLATE_NOOP("Labels", "已签到"),   QT_TRANSLATE_NOOP("Labels", "爽约"),
    QT_TRANSLATE_NOOP("Labels", "已转办件"), QT_TRANSLATE_NOOP("Labels", "已取消"),
    QT_TRANSLATE_NOOP("Labels", "待上门"),   QT_TRANSLATE_NOOP("Labels", "已上门"),
    QT_TRANSLATE_NOOP("Labels", "未见到"),   QT_TRANSLATE_NOOP("Labels", "已登记"),
    QT_TRANSLATE_NOOP("Labels", "已寄出"),   QT_TRANSLATE_NOOP("Labels", "已签收"),
    QT_TRANSLATE_NOOP("Labels", "已退回"),   QT_TRANSLATE_NOOP("Labels", "已丢失"),
    QT_TRANSLATE_NOOP("Labels", "办件超期"), QT_TRANSLATE_NOOP("Labels", "承诺超期"),
    QT_TRANSLATE_NOOP("Labels", "整改超期"), QT_TRANSLATE_NOOP("Labels", "服务态度"),
    QT_TRANSLATE_NOOP("Labels", "办事效率"), QT_TRANSLATE_NOOP("Labels", "一次告知清楚"),
    QT_TRANSLATE_NOOP("Labels", "少跑腿"),   QT_TRANSLATE_NOOP("Labels", "窗口环境"),
    QT_TRANSLATE_NOOP("Labels", "公正廉洁"), QT_TRANSLATE_NOOP("Labels", "待出件"),
    // 不予受理, 申请撤回 and 容缺办结 are action labels too (ActionLabel).
};

}  // namespace

QString NodeLabel(std::string_view label) {
  const std::string text(label);
  return T(text.c_str());
}

QString StatusLabel(node::CaseStatus status) { return NodeLabel(node::CaseStatusLabel(status)); }
QString AppointmentStateText(node::AppointmentState state) {
  return NodeLabel(node::AppointmentStateLabel(state));
}
QString VisitStateText(node::VisitState state) { return NodeLabel(node::VisitStateLabel(state)); }
QString ShipmentStateText(node::ShipmentState state) {
  return NodeLabel(node::ShipmentStateLabel(state));
}
QString EscalationKindText(node::EscalationKind kind) {
  return NodeLabel(node::EscalationKindLabel(kind));
}

QString RoleLabel(node::Role role) {
  switch (role) {
    case node::Role::kClerk: return Labels::tr("窗口人员");
    case node::Role::kProcessor: return Labels::tr("审批人员");
    case node::Role::kField: return Labels::tr("外勤人员");
    case node::Role::kAdmin: return Labels::tr("管理员");
  }
  return {};
}

QString NodeKindLabel(node::NodeKind kind) {
  switch (kind) {
    case node::NodeKind::kStation: return Labels::tr("便民服务站");
    case node::NodeKind::kTownship: return Labels::tr("乡镇便民服务中心");
    case node::NodeKind::kCountyOffice: return Labels::tr("县级部门");
    case node::NodeKind::kField: return Labels::tr("上门服务终端");
  }
  return {};
}

QString OfficeLabel(const node::OfficeNames& offices, const std::string& code) {
  const QString name = QString::fromStdString(
      offices.NameOf(code, NodeKindLabel(node::NodeKind::kTownship).toStdString()));
  if (name.isEmpty()) return QString::fromStdString(code);
  return Labels::tr("%1（%2）").arg(name, QString::fromStdString(code));
}

QString ChannelLabel(node::Channel channel) {
  switch (channel) {
    case node::Channel::kWindow: return Labels::tr("窗口");
    case node::Channel::kOnline: return Labels::tr("网上");
    case node::Channel::kDoor: return Labels::tr("上门");
    case node::Channel::kPost: return Labels::tr("邮递");
  }
  return {};
}

QString ActionLabel(std::string_view action) {
  // Marked "action": the same words as a status ("补正告知") may read differently.
  struct Label {
    const char* source;
    const char* comment;
  };
  struct Entry {
    std::string_view action;
    Label label;
  };
  static constexpr Entry kLabels[] = {
      {"intake", QT_TRANSLATE_NOOP3("Labels", "收件", "action")},
      {"accept", QT_TRANSLATE_NOOP3("Labels", "受理", "action")},
      {"not_accept", QT_TRANSLATE_NOOP3("Labels", "不予受理", "action")},
      {"request_supplement", QT_TRANSLATE_NOOP3("Labels", "补正告知", "action")},
      {"supply", QT_TRANSLATE_NOOP3("Labels", "已补正", "action")},
      {"start_special_procedure", QT_TRANSLATE_NOOP3("Labels", "启动特别程序", "action")},
      {"end_special_procedure", QT_TRANSLATE_NOOP3("Labels", "结束特别程序", "action")},
      {"approve", QT_TRANSLATE_NOOP3("Labels", "准予办结", "action")},
      {"approve_with_tolerance", QT_TRANSLATE_NOOP3("Labels", "容缺办结", "action")},
      {"deny", QT_TRANSLATE_NOOP3("Labels", "不予许可", "action")},
      {"request_withdrawal", QT_TRANSLATE_NOOP3("Labels", "申请撤回", "action")},
      {"withdraw", QT_TRANSLATE_NOOP3("Labels", "撤回", "action")},
      {"refuse_withdrawal", QT_TRANSLATE_NOOP3("Labels", "驳回撤回申请", "action")},
      {"issue_result", QT_TRANSLATE_NOOP3("Labels", "出具结果", "action")},
      {"deliver", QT_TRANSLATE_NOOP3("Labels", "送达出件", "action")},
      {"revoke", QT_TRANSLATE_NOOP3("Labels", "撤销", "action")},
      {"close", QT_TRANSLATE_NOOP3("Labels", "归档", "action")},
      {"complete_on_spot", QT_TRANSLATE_NOOP3("Labels", "当场办结", "action")},
      {"materials", QT_TRANSLATE_NOOP3("Labels", "材料更新", "action")},
      {"appointment", QT_TRANSLATE_NOOP3("Labels", "预约转办件", "action")},
      {"shipment", QT_TRANSLATE_NOOP3("Labels", "邮寄", "action")},
      {"rating", QT_TRANSLATE_NOOP3("Labels", "评价", "action")},
      {"rectified", QT_TRANSLATE_NOOP3("Labels", "差评整改完成", "action")},
      {"reroute", QT_TRANSLATE_NOOP3("Labels", "转办", "action")},
      {"deadline_recomputed", QT_TRANSLATE_NOOP3("Labels", "期限重算", "action")},
      {"conflict_resolved", QT_TRANSLATE_NOOP3("Labels", "冲突裁决", "action")},
      {"scan", QT_TRANSLATE_NOOP3("Labels", "材料扫描件", "action")},
      {"update_phone", QT_TRANSLATE_NOOP3("Labels", "修改电话", "action")},
      {"print", QT_TRANSLATE_NOOP3("Labels", "打印文书", "action")},
  };
  for (const auto& e : kLabels)
    if (e.action == action) return QCoreApplication::translate("Labels", e.label.source, e.label.comment);
  return Q(action);
}

QString MaterialStateLabel(node::MaterialState state) {
  switch (state) {
    case node::MaterialState::kReceived: return Labels::tr("已收取");
    case node::MaterialState::kTolerated: return Labels::tr("容缺后补");
    case node::MaterialState::kCommitted: return Labels::tr("告知承诺");
    case node::MaterialState::kSupplied: return Labels::tr("已补交");
    case node::MaterialState::kVerified: return Labels::tr("已核验");
    case node::MaterialState::kAbsent: return Labels::tr("未提供");
  }
  return {};
}

QString CommitmentLabel(node::CommitmentKind kind, node::CommitmentState state) {
  if (kind == node::CommitmentKind::kRectification) {
    switch (state) {
      case node::CommitmentState::kOpen: return Labels::tr("差评整改（整改中）");
      case node::CommitmentState::kFulfilled: return Labels::tr("差评整改（已整改）");
      case node::CommitmentState::kBreached: return Labels::tr("差评整改（逾期未整改）");
    }
  }
  const QString k = kind == node::CommitmentKind::kTolerance ? Labels::tr("容缺受理") : Labels::tr("告知承诺");
  switch (state) {
    case node::CommitmentState::kOpen: return k + Labels::tr("（待补交）");
    case node::CommitmentState::kFulfilled: return k + Labels::tr("（已履行）");
    case node::CommitmentState::kBreached: return k + Labels::tr("（已违诺）");
  }
  return k;
}

QString RatingWords(int score) {
  switch (score) {
    case 1: return Labels::tr("非常不满意");
    case 2: return Labels::tr("不满意");
    case 3: return Labels::tr("基本满意");
    case 4: return Labels::tr("满意");
    case 5: return Labels::tr("非常满意");
  }
  return {};
}

QString DateTimeText(node::Millis t) {
  if (t == 0) return {};
  return Q(node::FormatLocalDateTime(t));
}

namespace {
std::atomic<node::Language> message_language{node::Language::kChinese};
}  // namespace

void SetMessageLanguage(node::Language language) { message_language = language; }
node::Language MessageLanguage() { return message_language; }

QString ErrorText(const Status& status) { return Q(node::RenderStatus(status, MessageLanguage())); }

}  // namespace tongban::desk
