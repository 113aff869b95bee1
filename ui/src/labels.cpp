#include "labels.h"

#include <QCoreApplication>

namespace tongban::desk {
namespace {

QString T(const char* text) { return QCoreApplication::translate("Labels", text); }

}  // namespace

QString RoleLabel(node::Role role) {
  switch (role) {
    case node::Role::kClerk: return T("窗口人员");
    case node::Role::kProcessor: return T("审批人员");
    case node::Role::kField: return T("外勤人员");
    case node::Role::kAdmin: return T("管理员");
  }
  return {};
}

QString NodeKindLabel(node::NodeKind kind) {
  switch (kind) {
    case node::NodeKind::kStation: return T("便民服务站");
    case node::NodeKind::kTownship: return T("乡镇便民服务中心");
    case node::NodeKind::kCountyOffice: return T("县级部门");
    case node::NodeKind::kField: return T("外勤终端");
  }
  return {};
}

QString ChannelLabel(node::Channel channel) {
  switch (channel) {
    case node::Channel::kWindow: return T("窗口");
    case node::Channel::kOnline: return T("网上");
    case node::Channel::kDoor: return T("上门");
    case node::Channel::kPost: return T("邮递");
  }
  return {};
}

QString ActionLabel(std::string_view action) {
  struct Entry {
    std::string_view action;
    const char* label;
  };
  static constexpr Entry kLabels[] = {
      {"intake", QT_TRANSLATE_NOOP("Labels", "收件")},
      {"accept", QT_TRANSLATE_NOOP("Labels", "受理")},
      {"not_accept", QT_TRANSLATE_NOOP("Labels", "不予受理")},
      {"request_supplement", QT_TRANSLATE_NOOP("Labels", "补正告知")},
      {"supply", QT_TRANSLATE_NOOP("Labels", "已补正")},
      {"start_special_procedure", QT_TRANSLATE_NOOP("Labels", "启动特别程序")},
      {"end_special_procedure", QT_TRANSLATE_NOOP("Labels", "结束特别程序")},
      {"approve", QT_TRANSLATE_NOOP("Labels", "准予办结")},
      {"approve_with_tolerance", QT_TRANSLATE_NOOP("Labels", "容缺办结")},
      {"deny", QT_TRANSLATE_NOOP("Labels", "不予许可")},
      {"request_withdrawal", QT_TRANSLATE_NOOP("Labels", "申请撤回")},
      {"withdraw", QT_TRANSLATE_NOOP("Labels", "撤回")},
      {"refuse_withdrawal", QT_TRANSLATE_NOOP("Labels", "驳回撤回申请")},
      {"issue_result", QT_TRANSLATE_NOOP("Labels", "出具结果")},
      {"deliver", QT_TRANSLATE_NOOP("Labels", "送达出件")},
      {"revoke", QT_TRANSLATE_NOOP("Labels", "撤销")},
      {"close", QT_TRANSLATE_NOOP("Labels", "归档")},
      {"complete_on_spot", QT_TRANSLATE_NOOP("Labels", "当场办结")},
      {"materials", QT_TRANSLATE_NOOP("Labels", "材料更新")},
      {"update_phone", QT_TRANSLATE_NOOP("Labels", "修改电话")},
  };
  for (const auto& e : kLabels)
    if (e.action == action) return T(e.label);
  return Q(action);
}

QString MaterialStateLabel(node::MaterialState state) {
  switch (state) {
    case node::MaterialState::kReceived: return T("已收取");
    case node::MaterialState::kTolerated: return T("容缺后补");
    case node::MaterialState::kCommitted: return T("告知承诺");
    case node::MaterialState::kSupplied: return T("已补交");
    case node::MaterialState::kVerified: return T("已核验");
    case node::MaterialState::kAbsent: return T("未提供");
  }
  return {};
}

QString CommitmentLabel(node::CommitmentKind kind, node::CommitmentState state) {
  const QString k = kind == node::CommitmentKind::kTolerance ? T("容缺受理") : T("告知承诺");
  switch (state) {
    case node::CommitmentState::kOpen: return k + T("（待补交）");
    case node::CommitmentState::kFulfilled: return k + T("（已履行）");
    case node::CommitmentState::kBreached: return k + T("（已违诺）");
  }
  return k;
}

QString DateTimeText(node::Millis t) {
  if (t == 0) return {};
  return Q(node::FormatLocalDateTime(t));
}

}  // namespace tongban::desk
