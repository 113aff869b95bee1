// ItemListModel: the station's service catalog (latest version of each item),
// and ItemFilterModel, the same list narrowed by what the clerk types: part
// of the name, of the implementation or basic code, or pinyin initials.
#pragma once

#include <QAbstractListModel>
#include <QSortFilterProxyModel>
#include <QtQml/qqmlregistration.h>
#include <vector>

#include "store_thread.h"

namespace tongban::desk {

class ItemListModel : public QAbstractListModel {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("ItemListModel is owned by DeskSession")
  Q_PROPERTY(int count READ count NOTIFY countChanged)
  Q_PROPERTY(QString error READ error NOTIFY countChanged)

 public:
  enum Roles {
    CodeRole = Qt::UserRole + 1,  // impl_code, the item's identity
    BasicCodeRole,
    NameRole,
    DepartmentRole,
    DepartmentTagRole,
    InstantRole,     // 即办 (else 承诺件)
    LimitRole,       // "5 个工作日", "即办"
    InitialsRole,    // pinyin initials of the name
    MaterialCountRole,
  };

  struct Item {
    QString code;
    QString basicCode;
    QString name;
    QString department;
    QString departmentTag;
    bool instant = false;
    QString limit;
    QString initials;
    int materials = 0;
  };

  explicit ItemListModel(StoreThread* store, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  int count() const { return static_cast<int>(items_.size()); }
  QString error() const { return error_; }
  const std::vector<Item>& items() const { return items_; }

  Q_INVOKABLE void refresh();

 signals:
  void countChanged();

 private:
  StoreThread* store_;
  std::vector<Item> items_;
  QString error_;
};

class ItemFilterModel : public QSortFilterProxyModel {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("ItemFilterModel is owned by DeskSession")
  Q_PROPERTY(QString text READ text WRITE setText NOTIFY textChanged)
  Q_PROPERTY(int count READ count NOTIFY countChanged)

 public:
  explicit ItemFilterModel(ItemListModel* source, QObject* parent = nullptr);

  QString text() const { return text_; }
  void setText(const QString& text);
  int count() const { return rowCount(); }
  Q_INVOKABLE QString codeAt(int row) const;
  // Row of the item with impl_code `code` in the filtered list, -1 when hidden.
  Q_INVOKABLE int rowOfCode(const QString& code) const;

 signals:
  void textChanged();
  void countChanged();

 protected:
  bool filterAcceptsRow(int source_row, const QModelIndex& source_parent) const override;

 private:
  QString text_;
};

}  // namespace tongban::desk
