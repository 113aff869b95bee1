// IntakeMaterialsModel: the materials checklist of the item being received.
//
// Each row offers the states the catalog allows at intake: in hand, missing
// under 容缺受理 (item and material both tolerate it), replaced by a written
// commitment (告知承诺, likewise) or not brought. The node checks the same
// flags again at intake (NodeStore::Intake); offering only what it accepts
// spares the clerk a refusal.
#pragma once

#include <QAbstractListModel>
#include <QStringList>
#include <QtQml/qqmlregistration.h>
#include <vector>

#include "tongban/node/domain/catalog.h"
#include "tongban/node/store/node_store.h"

namespace tongban::desk {

// States a clerk may choose for `spec` of `item` at intake, most usual first.
std::vector<node::MaterialState> IntakeOptions(const node::ServiceItem& item,
                                               const node::MaterialSpec& spec);

class IntakeMaterialsModel : public QAbstractListModel {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("IntakeMaterialsModel is owned by IntakeForm")
  Q_PROPERTY(int count READ count NOTIFY changed)
  Q_PROPERTY(bool missingRequired READ missingRequired NOTIFY changed)

 public:
  enum Roles {
    CodeRole = Qt::UserRole + 1,
    NameRole,
    NoteRole,
    RequiredRole,
    CopiesRole,  // "原件 1 份，复印件 1 份"
    StateRole,
    StateLabelRole,
    OptionsRole,       // QStringList of state names
    OptionLabelsRole,  // the same, for people
  };

  explicit IntakeMaterialsModel(QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  int count() const { return static_cast<int>(rows_.size()); }
  // A required material the applicant did not bring and may not owe: no case
  // can be received, the one-time notice is printed instead.
  bool missingRequired() const;

  void Load(const node::ServiceItem& item);
  void Clear();
  // A proxy applies: materials marked for proxies become required.
  void SetProxy(bool proxy);
  // False when `state` is not one of the row's options.
  bool SetState(int row, node::MaterialState state);
  std::vector<node::MaterialInput> Inputs() const;
  // Codes of the materials in hand (for the one-time notice of an application not received).
  std::vector<std::string> Held() const;

 signals:
  void changed();

 private:
  struct Row {
    node::MaterialSpec spec;
    node::MaterialState state = node::MaterialState::kReceived;
    std::vector<node::MaterialState> options;
  };
  bool proxy_ = false;
  std::vector<Row> rows_;
};

}  // namespace tongban::desk
