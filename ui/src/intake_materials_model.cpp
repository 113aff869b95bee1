#include "intake_materials_model.h"

#include <QCoreApplication>
#include <algorithm>

#include "labels.h"

namespace tongban::desk {

using node::MaterialState;

std::vector<MaterialState> IntakeOptions(const node::ServiceItem& item,
                                         const node::MaterialSpec& spec) {
  std::vector<MaterialState> out{MaterialState::kReceived};
  if (item.allows.tolerance && spec.tolerable) out.push_back(MaterialState::kTolerated);
  if (item.allows.commitment && spec.commitment_ok) out.push_back(MaterialState::kCommitted);
  out.push_back(MaterialState::kAbsent);
  return out;
}

IntakeMaterialsModel::IntakeMaterialsModel(QObject* parent) : QAbstractListModel(parent) {}

int IntakeMaterialsModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : count();
}

QVariant IntakeMaterialsModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const Row& r = rows_[static_cast<std::size_t>(index.row())];
  switch (role) {
    case Qt::DisplayRole:
    case NameRole: return Q(r.spec.name);
    case CodeRole: return Q(r.spec.code);
    case NoteRole: return Q(r.spec.note);
    case RequiredRole: return r.spec.RequiredFor(proxy_);
    case CopiesRole:
      return QCoreApplication::translate("IntakeMaterialsModel", "原件 %1 份，复印件 %2 份")
          .arg(r.spec.originals)
          .arg(r.spec.copies);
    case StateRole: return Q(node::MaterialStateName(r.state));
    case StateLabelRole: return MaterialStateLabel(r.state);
    case OptionsRole: {
      QStringList names;
      for (auto s : r.options) names << Q(node::MaterialStateName(s));
      return names;
    }
    case OptionLabelsRole: {
      QStringList labels;
      for (auto s : r.options) labels << MaterialStateLabel(s);
      return labels;
    }
    default: return {};
  }
}

QHash<int, QByteArray> IntakeMaterialsModel::roleNames() const {
  return {{CodeRole, "code"},         {NameRole, "name"},
          {NoteRole, "note"},         {RequiredRole, "mandatory"},
          {CopiesRole, "copies"},     {StateRole, "state"},
          {StateLabelRole, "stateLabel"}, {OptionsRole, "options"},
          {OptionLabelsRole, "optionLabels"}};
}

bool IntakeMaterialsModel::missingRequired() const {
  return std::any_of(rows_.begin(), rows_.end(), [this](const Row& r) {
    return r.spec.RequiredFor(proxy_) && r.state == MaterialState::kAbsent;
  });
}

void IntakeMaterialsModel::Load(const node::ServiceItem& item) {
  beginResetModel();
  rows_.clear();
  for (const auto& spec : item.materials) {
    Row r{spec, spec.RequiredFor(proxy_) ? MaterialState::kReceived : MaterialState::kAbsent,
          IntakeOptions(item, spec)};
    rows_.push_back(std::move(r));
  }
  endResetModel();
  emit changed();
}

void IntakeMaterialsModel::SetProxy(bool proxy) {
  if (proxy == proxy_) return;
  proxy_ = proxy;
  // The authorization becomes required with a proxy: presumed received, as required
  // materials are, and back to not given without one.
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    Row& r = rows_[i];
    if (!r.spec.for_proxy || r.spec.required) continue;
    r.state = proxy ? MaterialState::kReceived : MaterialState::kAbsent;
    const QModelIndex at = index(static_cast<int>(i));
    emit dataChanged(at, at, {RequiredRole, StateRole, StateLabelRole});
  }
  emit changed();
}

void IntakeMaterialsModel::Clear() {
  beginResetModel();
  rows_.clear();
  endResetModel();
  emit changed();
}

bool IntakeMaterialsModel::SetState(int row, MaterialState state) {
  if (row < 0 || row >= count()) return false;
  Row& r = rows_[static_cast<std::size_t>(row)];
  if (std::find(r.options.begin(), r.options.end(), state) == r.options.end()) return false;
  if (r.state == state) return true;
  r.state = state;
  const QModelIndex i = index(row);
  emit dataChanged(i, i, {StateRole, StateLabelRole});
  emit changed();
  return true;
}

std::vector<node::MaterialInput> IntakeMaterialsModel::Inputs() const {
  std::vector<node::MaterialInput> out;
  for (const auto& r : rows_) out.push_back({r.spec.code, r.state});
  return out;
}

std::vector<std::string> IntakeMaterialsModel::Held() const {
  std::vector<std::string> out;
  for (const auto& r : rows_)
    if (r.state == MaterialState::kReceived) out.push_back(r.spec.code);
  return out;
}

}  // namespace tongban::desk
