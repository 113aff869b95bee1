#include "record_list_model.h"

namespace tongban::desk {

RecordListModel::RecordListModel(QStringList keys, QObject* parent)
    : QAbstractListModel(parent), keys_(std::move(keys)) {}

int RecordListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : count();
}

QVariant RecordListModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const QVariantMap& row = rows_[index.row()];
  const int key = role == Qt::DisplayRole ? 0 : role - (Qt::UserRole + 1);
  if (key < 0 || key >= keys_.size()) return {};
  return row.value(keys_[key], QString());
}

QHash<int, QByteArray> RecordListModel::roleNames() const {
  QHash<int, QByteArray> out;
  for (int i = 0; i < keys_.size(); ++i) out.insert(Qt::UserRole + 1 + i, keys_[i].toUtf8());
  return out;
}

void RecordListModel::Set(QList<QVariantMap> rows) {
  beginResetModel();
  rows_ = std::move(rows);
  endResetModel();
  emit countChanged();
}

QVariantMap RecordListModel::get(int row) const {
  if (row < 0 || row >= count()) return {};
  return rows_[row];
}

int RecordListModel::indexOf(const QString& key, const QVariant& value) const {
  for (int i = 0; i < count(); ++i)
    if (rows_[i].value(key) == value) return i;
  return -1;
}

}  // namespace tongban::desk
