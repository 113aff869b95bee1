#include "hub_admin.h"

#include <QDateTime>
#include <fstream>
#include <sstream>

#include "labels.h"
#include "tongban/node/domain/catalog.h"
#include "tongban/node/domain/work_calendar.h"

namespace tongban::desk {

struct HubAdmin::Client {
  std::unique_ptr<HubAdminClient> api;
};

// In the station's zone, as every node page shows times, whatever zone this PC is set to.
QString StationTime(const QDateTime& t, const char* format) {
  return t.toOffsetFromUtc(static_cast<int>(node::kChinaUtcOffsetMs / 1000))
      .toString(QString::fromLatin1(format));
}

QString LocalTimeText(const std::string& iso) {
  const QDateTime t = QDateTime::fromString(Q(iso), Qt::ISODate);
  if (!t.isValid()) return Q(iso);
  return StationTime(t, "yyyy-MM-dd HH:mm");
}

QString HlcText(const std::string& at) {
  // "2026-11-22T12:15:54+08:00"; a hub one version behind sends the version itself,
  // "2026-11-22T04:15:54.887Z#0" (wall time and logical counter): people need the time.
  const std::string wall = at.substr(0, at.find('#'));
  if (wall.empty() || wall.rfind("1970-01-01T00:00:00", 0) == 0) return {};  // no version at all
  const QDateTime t = QDateTime::fromString(Q(wall), Qt::ISODateWithMs);
  if (!t.isValid()) return Q(at);
  return StationTime(t, "yyyy-MM-dd HH:mm:ss");
}

QString FieldLabel(const std::string& table, const std::string& column) {
  if (column == "*") return HubAdmin::tr("整条记录（一方删除，一方修改）");
  struct Entry {
    const char* table;
    const char* column;
    const char* label;
  };
  static constexpr Entry kLabels[] = {
      {"cases", "applicant_phone", QT_TRANSLATE_NOOP("tongban::desk::HubAdmin", "申请人联系电话")},
      {"cases", "applicant_name", QT_TRANSLATE_NOOP("tongban::desk::HubAdmin", "申请人姓名")},
      {"cases", "status", QT_TRANSLATE_NOOP("tongban::desk::HubAdmin", "办件状态")},
      {"cases", "result", QT_TRANSLATE_NOOP("tongban::desk::HubAdmin", "办理结果")},
      {"cases", "green_reason", QT_TRANSLATE_NOOP("tongban::desk::HubAdmin", "绿色通道原因")},
      {"cases", "processing_office", QT_TRANSLATE_NOOP("tongban::desk::HubAdmin", "办理机构")},
      {"cases", "due_at", QT_TRANSLATE_NOOP("tongban::desk::HubAdmin", "办结期限")},
      {"cases", "delivery", QT_TRANSLATE_NOOP("tongban::desk::HubAdmin", "送达方式")},
      {"cases", "note", QT_TRANSLATE_NOOP("tongban::desk::HubAdmin", "备注")},
      {"appointments", "state", QT_TRANSLATE_NOOP("tongban::desk::HubAdmin", "预约状态")},
      {"visits", "state", QT_TRANSLATE_NOOP("tongban::desk::HubAdmin", "上门状态")},
      {"shipments", "state", QT_TRANSLATE_NOOP("tongban::desk::HubAdmin", "邮件状态")},
      {"staff", "role", QT_TRANSLATE_NOOP("tongban::desk::HubAdmin", "人员岗位")},
  };
  for (const auto& e : kLabels)
    if (table == e.table && column == e.column) return HubAdmin::tr(e.label);
  if (table == "case_materials") return HubAdmin::tr("材料 %1").arg(Q(column));
  return Q(table + "." + column);
}

namespace {
constexpr MessageDef kCannotOpen{"desk.cannot_open_file", "cannot open {0}"};
constexpr MessageDef kFileTooLarge{"desk.file_too_large", "{0} is larger than 8 MiB"};

// A case status value in words ("accepted" -> 已受理); other values as the hub sent them.
QString ValueText(const HubConflict& c, const ConflictSide& side) {
  if (side.null) return HubAdmin::tr("（无）");
  if (c.table == "cases" && c.column == "status")
    if (auto s = node::ParseCaseStatus(side.value); s.ok()) return StatusLabel(*s);
  return Q(side.value);
}

QString Label(const HubConflict& c) {
  return c.label.empty() ? Q(c.table + " " + c.row.substr(0, 12)) : Q(c.label);
}

}  // namespace

// ------------------------------------------------------------ ConflictListModel

ConflictListModel::ConflictListModel(QObject* parent) : QAbstractListModel(parent) {}

int ConflictListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : count();
}

QVariant ConflictListModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const HubConflict& c = rows_[static_cast<std::size_t>(index.row())];
  switch (role) {
    case Qt::DisplayRole:
    case LabelRole: return Label(c);
    case ConflictIdRole: return static_cast<int>(c.id);
    case FieldRole: return FieldLabel(c.table, c.column);
    case StationValueRole: return ValueText(c, c.local);
    case StationNodeRole: return Q(c.local.node);
    case HubValueRole: return ValueText(c, c.hub);
    case HubNodeRole: return Q(c.hub.node);
    case ProvisionalRole:
      return c.provisional_null ? HubAdmin::tr("（无）") : ValueText(c, ConflictSide{c.provisional});
    case StatusRole: return Q(c.status);
    case CreatedRole: return LocalTimeText(c.created_at);
    default: return {};
  }
}

QHash<int, QByteArray> ConflictListModel::roleNames() const {
  return {{ConflictIdRole, "conflictId"}, {LabelRole, "label"},
          {FieldRole, "field"},           {StationValueRole, "stationValue"},
          {StationNodeRole, "stationNode"}, {HubValueRole, "hubValue"},
          {HubNodeRole, "hubNode"},       {ProvisionalRole, "provisional"},
          {StatusRole, "status"},         {CreatedRole, "created"}};
}

void ConflictListModel::Set(std::vector<HubConflict> rows) {
  beginResetModel();
  rows_ = std::move(rows);
  endResetModel();
  emit countChanged();
}

const HubConflict* ConflictListModel::Find(std::int64_t id) const {
  for (const auto& c : rows_)
    if (c.id == id) return &c;
  return nullptr;
}

int ConflictListModel::idAt(int row) const {
  if (row < 0 || row >= count()) return 0;
  return static_cast<int>(rows_[static_cast<std::size_t>(row)].id);
}

// ------------------------------------------------------------ HubNodeListModel

HubNodeListModel::HubNodeListModel(QObject* parent) : QAbstractListModel(parent) {}

int HubNodeListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : count();
}

QVariant HubNodeListModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const HubNode& n = rows_[static_cast<std::size_t>(index.row())];
  switch (role) {
    case Qt::DisplayRole:
    case NameRole: return Q(n.name);
    case CodeRole: return Q(n.code);
    case KindLabelRole: {
      auto kind = node::ParseNodeKind(n.kind);
      return kind.ok() ? NodeKindLabel(*kind) : Q(n.kind);
    }
    case LastSeenRole: return n.last_seen.empty() ? QString() : LocalTimeText(n.last_seen);
    case LagRole: return static_cast<qint64>(n.lag);
    case AppliedRole: return static_cast<qint64>(n.changes_applied);
    case RejectedRole: return static_cast<qint64>(n.rejected);
    case RevokedRole: return n.revoked;
    case EnrolledRole: return n.enrolled;
    default: return {};
  }
}

QHash<int, QByteArray> HubNodeListModel::roleNames() const {
  return {{CodeRole, "code"},         {NameRole, "name"},       {KindLabelRole, "kindLabel"},
          {LastSeenRole, "lastSeen"}, {LagRole, "lag"},         {AppliedRole, "applied"},
          {RejectedRole, "rejected"}, {RevokedRole, "revoked"}, {EnrolledRole, "enrolled"}};
}

void HubNodeListModel::Set(std::vector<HubNode> rows) {
  beginResetModel();
  rows_ = std::move(rows);
  endResetModel();
  emit countChanged();
}

// ------------------------------------------------------------ HubAdmin

HubAdmin::HubAdmin(StoreThread* store, QObject* parent)
    : QObject(parent),
      store_(store),
      net_(std::make_unique<StoreThread>(QStringLiteral("tongban-hub-admin"))),
      conflicts_(this),
      nodes_(this) {}

// The network thread is joined first: a request under way ends at its timeout.
HubAdmin::~HubAdmin() { net_.reset(); }

void HubAdmin::SetSession(std::optional<node::Session> session, const QString& station) {
  session_ = std::move(session);
  station_ = station;
  if (!session_) disconnectHub();
}

void HubAdmin::setShowResolved(bool on) {
  if (on == show_resolved_) return;
  show_resolved_ = on;
  emit changed();
  if (connected_) refresh();
}

QVariantMap HubAdmin::current() const {
  const HubConflict* c = conflicts_.Find(current_id_);
  if (!c) return {};
  const bool resolved = c->status == "resolved";
  QString resolution;
  if (resolved) {
    const QString by = c->take == "local" ? tr("采用站点的值")
                       : c->take == "hub" ? tr("采用中心的值")
                                          : tr("采用新值 %1").arg(Q(c->resolved_value));
    resolution = tr("%1（%2，%3）：%4").arg(by, Q(c->resolved_by), LocalTimeText(c->resolved_at), Q(c->note));
  }
  return QVariantMap{
      {"id", static_cast<int>(c->id)},
      {"label", Label(*c)},
      {"field", FieldLabel(c->table, c->column)},
      {"table", Q(c->table)},
      {"row", Q(c->row)},
      {"stationValue", ValueText(*c, c->local)},
      {"stationNode", Q(c->local.node)},
      {"stationUser", Q(c->local.user)},
      {"stationAt", HlcText(c->local.at)},
      {"hubValue", ValueText(*c, c->hub)},
      {"hubNode", Q(c->hub.node)},
      {"hubUser", Q(c->hub.user)},
      {"hubAt", HlcText(c->hub.at)},
      {"baseVersion", HlcText(c->base_version)},
      {"baseValue", c->base_known ? Q(c->base_value) : QString()},
      {"provisional", c->provisional_null ? tr("（无）") : ValueText(*c, ConflictSide{c->provisional})},
      {"numeric", c->numeric},
      {"created", LocalTimeText(c->created_at)},
      {"resolved", resolved},
      {"resolution", resolution},
  };
}

void HubAdmin::Begin() {
  ++busy_;
  error_.clear();
  message_.clear();
  emit changed();
}

void HubAdmin::End() {
  --busy_;
  emit changed();
}

QString HubAdmin::Words(const Status& s) const {
  switch (s.code()) {
    case ErrorCode::kUnavailable:
      return tr("连不上县级中心 %1：%2。请检查网络，稍后再试。").arg(url_, ErrorText(s));
    case ErrorCode::kPermissionDenied:
      return tr("管理令牌不正确或已失效。请向县级中心索取新的令牌（tongban-central admin-token）。");
    default: return tr("操作未完成：%1").arg(ErrorText(s));
  }
}

void HubAdmin::loadLink() {
  struct Link {
    std::string url, pin, ca_file;
  };
  Begin();
  store_->Run(
      this,
      [](StoreContext& ctx) -> Result<Link> {
        if (!ctx.store()) return NoStationOpen();
        Link l;
        TB_ASSIGN_OR_RETURN(l.url, ctx.store()->Meta("hub_url"));
        TB_ASSIGN_OR_RETURN(l.pin, ctx.store()->Meta("hub_pin"));
        TB_ASSIGN_OR_RETURN(l.ca_file, ctx.store()->Meta("hub_ca_file"));
        return l;
      },
      [this](Result<Link> r) {
        if (r.ok()) {
          if (Q(r->url) != url_) disconnectHub();
          url_ = Q(r->url);
          pin_ = Q(r->pin);
          ca_file_ = Q(r->ca_file);
          link_known_ = true;
        } else {
          error_ = tr("操作未完成：%1").arg(ErrorText(r.status()));
        }
        End();
      });
}

void HubAdmin::connectHub(const QString& token) {
  if (url_.isEmpty() || token.trimmed().isEmpty()) return;
  Begin();
  const quint64 generation = ++generation_;
  auto client = std::make_shared<Client>();
  net_->Run(
      this,
      [client, url = S(url_), pin = S(pin_), ca = S(ca_file_), token = S(token.trimmed()),
       all = show_resolved_](StoreContext& ctx) -> Result<Snapshot> {
        TB_ASSIGN_OR_RETURN(client->api, HubAdminClient::Connect(url, pin, ca, token, ctx.cancel()));
        Snapshot snap;
        TB_ASSIGN_OR_RETURN(snap.conflicts, client->api->Conflicts(all));
        TB_ASSIGN_OR_RETURN(snap.nodes, client->api->Nodes());
        return snap;
      },
      [this, client, generation](Result<Snapshot> r) {
        if (generation == generation_) {
          if (r.ok()) {
            client_ = client;
            connected_ = true;
            Apply(std::move(*r));
          } else {
            error_ = Words(r.status());
          }
        }
        End();
      });
}

void HubAdmin::disconnectHub() {
  ++generation_;
  client_.reset();
  const bool was = connected_ || conflicts_.count() > 0;
  connected_ = false;
  current_id_ = 0;
  conflicts_.Set({});
  nodes_.Set({});
  if (was) emit changed();
}

void HubAdmin::refresh() {
  if (!client_) return;
  Begin();
  const quint64 generation = generation_;
  net_->Run(
      this,
      [client = client_, all = show_resolved_](StoreContext&) -> Result<Snapshot> {
        Snapshot snap;
        TB_ASSIGN_OR_RETURN(snap.conflicts, client->api->Conflicts(all));
        TB_ASSIGN_OR_RETURN(snap.nodes, client->api->Nodes());
        return snap;
      },
      [this, generation](Result<Snapshot> r) {
        if (generation == generation_) {
          if (r.ok()) Apply(std::move(*r));
          else error_ = Words(r.status());
        }
        End();
      });
}

void HubAdmin::Apply(Snapshot snap) {
  conflicts_.Set(std::move(snap.conflicts));
  nodes_.Set(std::move(snap.nodes));
  // Keep the chosen conflict when it is still listed, else the first one.
  if (!conflicts_.Find(current_id_)) current_id_ = conflicts_.idAt(0);
}

void HubAdmin::select(int id) {
  if (!conflicts_.Find(id)) return;
  current_id_ = id;
  message_.clear();
  emit changed();
}

void HubAdmin::resolve(const QString& take, const QString& value, const QString& note) {
  if (!client_ || !conflicts_.Find(current_id_) || note.trimmed().isEmpty()) return;
  Take how = Take::kValue;
  if (take == QLatin1String("station")) how = Take::kStation;
  else if (take == QLatin1String("hub")) how = Take::kHub;
  else if (take != QLatin1String("value")) return;
  const QString admin = session_ ? QStringLiteral("%1@%2").arg(Q(session_->login), station_) : station_;
  Begin();
  const quint64 generation = generation_;
  const std::int64_t id = current_id_;
  net_->Run(
      this,
      [client = client_, id, how, value = S(value), note = S(note.trimmed()), admin = S(admin),
       all = show_resolved_](StoreContext&) -> Result<Snapshot> {
        TB_RETURN_IF_ERROR(client->api->Resolve(id, how, value, note, admin).status());
        Snapshot snap;
        TB_ASSIGN_OR_RETURN(snap.conflicts, client->api->Conflicts(all));
        TB_ASSIGN_OR_RETURN(snap.nodes, client->api->Nodes());
        return snap;
      },
      [this, generation, id](Result<Snapshot> r) {
        if (generation == generation_) {
          if (r.ok()) {
            Apply(std::move(*r));
            message_ = tr("冲突 #%1 已解决，各站下次同步时采用。").arg(id);
            emit resolved(static_cast<int>(id));
          } else {
            error_ = Words(r.status());
          }
        }
        End();
      });
}

void HubAdmin::publishCatalog(const QString& path) {
  Publish(path, [](HubAdminClient& api, const std::string& text) -> Result<QString> {
    TB_ASSIGN_OR_RETURN(auto n, api.PublishCatalog(text));
    return tr("事项目录已发布：新增 %1 项，更新 %2 项，未变 %3 项。各站下次同步时收到。")
        .arg(n.added)
        .arg(n.updated)
        .arg(n.unchanged);
  });
}

void HubAdmin::publishCalendar(const QString& path, const QString& name, const QString& appliesTo) {
  Publish(path, [name = S(name.trimmed()), to = S(appliesTo.simplified().remove(' '))](
                    HubAdminClient& api, const std::string& text) -> Result<QString> {
    TB_RETURN_IF_ERROR(api.PublishCalendar(name, to, text));
    return tr("日历 %1 已发布（%2）。各站同步后按新日历重算办结期限。")
        .arg(Q(name), to.empty() ? tr("全部站点") : Q(to));
  });
}

void HubAdmin::Publish(const QString& path,
                       std::function<Result<QString>(HubAdminClient&, const std::string&)> publish) {
  if (!client_ || path.trimmed().isEmpty()) return;
  constexpr std::streamsize kMaxFile = 8 << 20;
  Begin();
  const quint64 generation = generation_;
  net_->Run(
      this,
      [client = client_, path = S(path.trimmed()), publish = std::move(publish)](
          StoreContext&) -> Result<QString> {
        std::string text;
        if (path == "sample") {
          text = std::string(node::SampleCatalogJson());
        } else {
          std::ifstream in(path, std::ios::binary);
          if (!in) return NotFound(kCannotOpen, {path});
          std::ostringstream buf;
          buf << in.rdbuf();
          text = buf.str();
          if (static_cast<std::streamsize>(text.size()) > kMaxFile)
            return InvalidArgument(kFileTooLarge, {path});
        }
        return publish(*client->api, text);
      },
      [this, generation](Result<QString> r) {
        if (generation == generation_) {
          if (r.ok()) message_ = *r;
          else error_ = Words(r.status());
        }
        End();
      });
}

}  // namespace tongban::desk
