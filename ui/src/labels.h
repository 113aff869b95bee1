// Words the desk shows for the node's codes (roles, actions, material states),
// in Chinese by default and translatable (context "Labels"). Formatting only:
// which action or state is allowed is always the node's decision.
#pragma once

#include <QString>
#include <string>
#include <string_view>

#include "tongban/node/domain/case.h"
#include "tongban/node/domain/service_modes.h"
#include "tongban/node/domain/staff.h"
#include "tongban/node/domain/work_calendar.h"
#include "tongban/node/messages/language.h"
#include "tongban/node/store/office_names.h"
#include "tongban/status.h"

namespace tongban::desk {

inline QString Q(std::string_view s) {
  return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}
inline std::string S(const QString& s) { return s.toStdString(); }

// The node's own Chinese label of a code, through the translator: in Chinese
// it is the node's word itself, so a label the node renames is never stale.
QString NodeLabel(std::string_view label);
QString StatusLabel(node::CaseStatus status);
QString AppointmentStateText(node::AppointmentState state);
QString VisitStateText(node::VisitState state);
QString ShipmentStateText(node::ShipmentState state);
QString EscalationKindText(node::EscalationKind kind);

QString RoleLabel(node::Role role);
QString NodeKindLabel(node::NodeKind kind);
// An office by name and code ("青山区民政局（C-MZ）"); the township center above this
// node by its kind; one this node cannot name by its code.
QString OfficeLabel(const node::OfficeNames& offices, const std::string& code);
QString ChannelLabel(node::Channel channel);
// "accept" -> "受理"; also the timeline's non-transition events ("intake", "materials").
QString ActionLabel(std::string_view action);
QString MaterialStateLabel(node::MaterialState state);
QString CommitmentLabel(node::CommitmentKind kind, node::CommitmentState state);
// The words of a rating score (好差评): 1 非常不满意 … 5 非常满意.
QString RatingWords(int score);
// "2026-02-12 09:30", or "" for 0.
QString DateTimeText(node::Millis t);

// The language the node's messages are rendered in; the desk's settings set it.
void SetMessageLanguage(node::Language language);
node::Language MessageLanguage();
// What went wrong, in the desk's language (the node raises keys with arguments).
QString ErrorText(const Status& status);

}  // namespace tongban::desk
