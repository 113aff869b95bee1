#include "item_list_model.h"

#include <QCoreApplication>

#include "labels.h"
#include "pinyin_initials.h"

namespace tongban::desk {
namespace {

QString LimitText(const node::ServiceItem& item) {
  if (item.mode == node::ServiceMode::kInstant)
    return QCoreApplication::translate("ItemListModel", "即办");
  const int n = item.promised_limit.value;
  switch (item.promised_limit.unit) {
    case node::TimeUnit::kWorkday:
      return QCoreApplication::translate("ItemListModel", "%1 个工作日").arg(n);
    case node::TimeUnit::kDay: return QCoreApplication::translate("ItemListModel", "%1 天").arg(n);
    case node::TimeUnit::kHour:
      return QCoreApplication::translate("ItemListModel", "%1 小时").arg(n);
  }
  return {};
}

}  // namespace

ItemListModel::ItemListModel(StoreThread* store, QObject* parent)
    : QAbstractListModel(parent), store_(store) {}

int ItemListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : count();
}

QVariant ItemListModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const Item& it = items_[static_cast<std::size_t>(index.row())];
  switch (role) {
    case Qt::DisplayRole:
    case NameRole: return it.name;
    case CodeRole: return it.code;
    case BasicCodeRole: return it.basicCode;
    case DepartmentRole: return it.department;
    case DepartmentTagRole: return it.departmentTag;
    case InstantRole: return it.instant;
    case LimitRole: return it.limit;
    case InitialsRole: return it.initials;
    case MaterialCountRole: return it.materials;
    default: return {};
  }
}

QHash<int, QByteArray> ItemListModel::roleNames() const {
  return {{CodeRole, "code"},           {BasicCodeRole, "basicCode"},
          {NameRole, "name"},           {DepartmentRole, "department"},
          {DepartmentTagRole, "departmentTag"}, {InstantRole, "instant"},
          {LimitRole, "limit"},         {InitialsRole, "initials"},
          {MaterialCountRole, "materialCount"}};
}

void ItemListModel::refresh() {
  store_->Run(
      this,
      [](StoreContext& ctx) -> Result<std::vector<Item>> {
        if (!ctx.store()) return NoStationOpen();
        TB_ASSIGN_OR_RETURN(auto items, ctx.store()->ListItems());
        std::vector<Item> out;
        out.reserve(items.size());
        for (const auto& it : items) {
          out.push_back(Item{Q(it.impl_code), Q(it.basic_code), Q(it.name), Q(it.department),
                             Q(it.department_tag), it.mode == node::ServiceMode::kInstant,
                             LimitText(it), Q(PinyinInitials(it.name)),
                             static_cast<int>(it.materials.size())});
        }
        return out;
      },
      [this](Result<std::vector<Item>> r) {
        beginResetModel();
        if (r.ok()) {
          items_ = std::move(*r);
          error_.clear();
        } else {
          items_.clear();
          error_ = ErrorText(r.status());
        }
        endResetModel();
        emit countChanged();
      });
}

ItemFilterModel::ItemFilterModel(ItemListModel* source, QObject* parent)
    : QSortFilterProxyModel(parent) {
  setSourceModel(source);
  connect(this, &QAbstractItemModel::rowsInserted, this, &ItemFilterModel::countChanged);
  connect(this, &QAbstractItemModel::rowsRemoved, this, &ItemFilterModel::countChanged);
  connect(this, &QAbstractItemModel::modelReset, this, &ItemFilterModel::countChanged);
  connect(this, &QAbstractItemModel::layoutChanged, this, &ItemFilterModel::countChanged);
}

void ItemFilterModel::setText(const QString& text) {
  if (text == text_) return;
  text_ = text;
  invalidateFilter();
  emit textChanged();
  emit countChanged();
}

QString ItemFilterModel::codeAt(int row) const {
  return data(index(row, 0), ItemListModel::CodeRole).toString();
}

int ItemFilterModel::rowOfCode(const QString& code) const {
  if (code.isEmpty()) return -1;
  for (int row = 0; row < rowCount(); ++row)
    if (codeAt(row) == code) return row;
  return -1;
}

bool ItemFilterModel::filterAcceptsRow(int source_row, const QModelIndex& source_parent) const {
  const QString t = text_.trimmed();
  if (t.isEmpty()) return true;
  const QModelIndex i = sourceModel()->index(source_row, 0, source_parent);
  auto role = [&](int r) { return sourceModel()->data(i, r).toString(); };
  return role(ItemListModel::NameRole).contains(t, Qt::CaseInsensitive) ||
         role(ItemListModel::CodeRole).contains(t, Qt::CaseInsensitive) ||
         role(ItemListModel::BasicCodeRole).contains(t, Qt::CaseInsensitive) ||
         role(ItemListModel::InitialsRole).contains(t, Qt::CaseInsensitive) ||
         role(ItemListModel::DepartmentTagRole) == t;
}

}  // namespace tongban::desk
