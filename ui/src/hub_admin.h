// HubAdmin: the admin console on the desk — the county hub's conflict inbox
// and its stations, through the hub's admin API (HubAdminClient).
//
// The hub address, pin and CA file come from the node's own hub link (read on
// the store thread); the admin token is typed once per desk session and kept
// in memory only: a front-desk laptop is no place for a credential that can
// rewrite every station's data. Every request runs on the console's own
// worker thread, so the GUI never waits for the network and a slow hub never
// delays the desk's store work.
#pragma once

#include <QAbstractListModel>
#include <QObject>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "hub_admin_client.h"
#include "store_thread.h"

namespace tongban::desk {

// The conflict inbox, newest first as the hub lists it.
class ConflictListModel : public QAbstractListModel {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("ConflictListModel is owned by HubAdmin")
  Q_PROPERTY(int count READ count NOTIFY countChanged)

 public:
  enum Roles {
    ConflictIdRole = Qt::UserRole + 1,
    LabelRole,        // the case number, or the record's table and row
    FieldRole,        // the field in words ("联系电话")
    StationValueRole,
    StationNodeRole,
    HubValueRole,
    HubNodeRole,
    ProvisionalRole,
    StatusRole,       // "open" | "resolved"
    CreatedRole,
  };

  explicit ConflictListModel(QObject* parent = nullptr);
  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  int count() const { return static_cast<int>(rows_.size()); }
  void Set(std::vector<HubConflict> rows);
  const HubConflict* Find(std::int64_t id) const;
  Q_INVOKABLE int idAt(int row) const;

 signals:
  void countChanged();

 private:
  std::vector<HubConflict> rows_;
};

// The hub's nodes: last contact, lag, changes applied and refused.
class HubNodeListModel : public QAbstractListModel {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("HubNodeListModel is owned by HubAdmin")
  Q_PROPERTY(int count READ count NOTIFY countChanged)

 public:
  enum Roles {
    CodeRole = Qt::UserRole + 1,
    NameRole,
    KindLabelRole,
    LastSeenRole,  // local time, "" when never seen
    LagRole,
    AppliedRole,
    RejectedRole,
    RevokedRole,
    EnrolledRole,
  };

  explicit HubNodeListModel(QObject* parent = nullptr);
  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  int count() const { return static_cast<int>(rows_.size()); }
  void Set(std::vector<HubNode> rows);

 signals:
  void countChanged();

 private:
  std::vector<HubNode> rows_;
};

// "2026-11-22T03:10:00Z" as local "2026-11-22 11:10"; other text unchanged.
QString LocalTimeText(const std::string& iso);
// A version stamp as the hub writes it ("2026-11-22T04:15:54.887Z#0") as local
// time to the second; "" for the zero stamp (the field had no version before).
QString HlcText(const std::string& hlc);
// A column of a synced table in words ("applicant_phone" -> "联系电话").
QString FieldLabel(const std::string& table, const std::string& column);

class HubAdmin : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("HubAdmin is owned by DeskSession")
  Q_PROPERTY(QString hubUrl READ hubUrl NOTIFY changed)
  Q_PROPERTY(bool linkKnown READ linkKnown NOTIFY changed)
  Q_PROPERTY(bool connected READ connected NOTIFY changed)
  Q_PROPERTY(bool busy READ busy NOTIFY changed)
  Q_PROPERTY(QString error READ error NOTIFY changed)
  Q_PROPERTY(QString message READ message NOTIFY changed)
  Q_PROPERTY(bool showResolved READ showResolved WRITE setShowResolved NOTIFY changed)
  Q_PROPERTY(ConflictListModel* conflicts READ conflicts CONSTANT)
  Q_PROPERTY(HubNodeListModel* nodes READ nodes CONSTANT)
  Q_PROPERTY(int currentId READ currentId NOTIFY changed)
  Q_PROPERTY(QVariantMap current READ current NOTIFY changed)
  Q_PROPERTY(bool hubPublishes READ hubPublishes CONSTANT)

 public:
  HubAdmin(StoreThread* store, QObject* parent = nullptr);
  ~HubAdmin() override;

  // Who resolves (recorded with each resolution as "login@station"); nullopt logs out of the hub too.
  void SetSession(std::optional<node::Session> session, const QString& station);

  QString hubUrl() const { return url_; }
  bool linkKnown() const { return link_known_; }
  bool connected() const { return connected_; }
  bool busy() const { return busy_ > 0; }
  QString error() const { return error_; }
  QString message() const { return message_; }
  bool showResolved() const { return show_resolved_; }
  void setShowResolved(bool on);
  ConflictListModel* conflicts() { return &conflicts_; }
  HubNodeListModel* nodes() { return &nodes_; }
  int currentId() const { return static_cast<int>(current_id_); }
  // The chosen conflict: label, field, table, row, station/hub values with node,
  // user and time, baseVersion, provisional, status, resolution words.
  QVariantMap current() const;
  // Whether the console can publish the catalog and calendars (the hub's
  // POST /v1/admin/catalog and /v1/admin/calendar).
  bool hubPublishes() const { return true; }

  // Reads the hub address from the node's link.
  Q_INVOKABLE void loadLink();
  // Checks the token by reading the inbox and the nodes; `connected` follows, or `error`.
  Q_INVOKABLE void connectHub(const QString& token);
  Q_INVOKABLE void disconnectHub();
  Q_INVOKABLE void refresh();
  Q_INVOKABLE void select(int id);
  // `take`: "station", "hub" or "value" (then `value`); `note` is required.
  Q_INVOKABLE void resolve(const QString& take, const QString& value, const QString& note);
  // Publishes a tongban-catalog/1 file, or "sample" for the catalog shipped with Tongban.
  Q_INVOKABLE void publishCatalog(const QString& path);
  // Publishes a tongban-calendar/1 file as `name` for `appliesTo` (node codes, comma-separated; empty: all).
  Q_INVOKABLE void publishCalendar(const QString& path, const QString& name, const QString& appliesTo);

 signals:
  void changed();
  // A conflict was resolved at the hub (nodes take it on their next sync).
  void resolved(int id);

 private:
  struct Client;
  struct Snapshot {
    std::vector<HubConflict> conflicts;
    std::vector<HubNode> nodes;
  };
  void Begin();
  void End();
  QString Words(const Status& status) const;
  void Apply(Snapshot snap);
  // Runs `publish` with the file's text on the network thread; `message` on success.
  void Publish(const QString& path, std::function<Result<QString>(HubAdminClient&, const std::string&)> publish);

  StoreThread* store_;
  std::unique_ptr<StoreThread> net_;
  std::shared_ptr<Client> client_;  // used on net_ only; created there by connectHub
  std::optional<node::Session> session_;
  QString station_;
  QString url_, pin_, ca_file_;
  bool link_known_ = false;
  bool connected_ = false;
  int busy_ = 0;
  quint64 generation_ = 0;  // bumped on disconnect: late answers are dropped
  QString error_, message_;
  bool show_resolved_ = false;
  ConflictListModel conflicts_;
  HubNodeListModel nodes_;
  std::int64_t current_id_ = 0;
};

}  // namespace tongban::desk
