// RecordListModel: a list of records formatted on the store thread, one
// QVariantMap per row; the keys, fixed when the model is made, are its roles.
//
// The appointment, slot, visit and shipment lists are all this one model with
// different keys, so every QML delegate sees plain required properties and the
// controllers that fill them (AppointmentDesk, FieldDesk, ShipmentDesk) hold
// no model code of their own. A key a row lacks reads as an empty string.
#pragma once

#include <QAbstractListModel>
#include <QStringList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace tongban::desk {

class RecordListModel : public QAbstractListModel {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("RecordListModel is owned by a desk controller")
  Q_PROPERTY(int count READ count NOTIFY countChanged)

 public:
  explicit RecordListModel(QStringList keys, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  int count() const { return static_cast<int>(rows_.size()); }
  const QStringList& keys() const { return keys_; }
  // Replaces every row (a model reset).
  void Set(QList<QVariantMap> rows);

  // The row as a map ({} outside the list).
  Q_INVOKABLE QVariantMap get(int row) const;
  // The first row whose `key` equals `value`, -1 when none.
  Q_INVOKABLE int indexOf(const QString& key, const QVariant& value) const;

 signals:
  void countChanged();

 private:
  QStringList keys_;
  QList<QVariantMap> rows_;
};

}  // namespace tongban::desk
