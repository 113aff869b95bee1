// CaseListModel: cases from NodeStore::Search as a lazily fetched list.
//
// Scope::All lists every case newest first and pages with CaseQuery::before_id,
// kPageSize rows per fetchMore, so 100,000 cases scroll without loading them.
// `query` is typed by the clerk; after kDebounceMs of quiet it becomes a search
// by case number, ID number or name prefix (CaseQueryFromText). A name search
// is ordered by name, which before_id cannot page: it loads one page of up to
// kMaxRows and says so in `truncated`.
// Scope::Today is the home queue: cases received today, green channel first.
//
// All reads run on the StoreThread; rows arrive by queued calls. A result for
// an older query is dropped, so fast typing never shows stale rows.
#pragma once

#include <QAbstractListModel>
#include <QTimer>
#include <QtQml/qqmlregistration.h>
#include <optional>
#include <vector>

#include "case_row.h"
#include "store_thread.h"

namespace tongban::desk {

// What a clerk typed, as a store query: a case number ("QS-JX01-20261122-0001"),
// a resident ID or credit code (18 characters, or an old 15-digit ID), else a
// name prefix. Empty text gives an empty query (every case).
node::CaseQuery CaseQueryFromText(const QString& text);

// The data and role names of CaseListModel, shared by every list of CaseRow
// (so one QML delegate, CaseRow.qml, shows them all).
QVariant CaseRowData(const CaseRow& row, int role);
QHash<int, QByteArray> CaseRowRoleNames();

class CaseListModel : public QAbstractListModel {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("CaseListModel is owned by DeskSession")
  Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
  Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
  Q_PROPERTY(int count READ count NOTIFY countChanged)
  Q_PROPERTY(int greenCount READ greenCount NOTIFY countChanged)
  Q_PROPERTY(bool truncated READ truncated NOTIFY countChanged)
  Q_PROPERTY(QString error READ error NOTIFY errorChanged)

 public:
  enum class Scope { All, Today };
  Q_ENUM(Scope)

  enum Roles {
    IdRole = Qt::UserRole + 1,
    CaseNoRole,
    ItemNameRole,
    ApplicantNameRole,
    MaskedIdRole,
    StatusRole,
    StatusLabelRole,
    GreenRole,
    ReceivedRole,
    DueRole,
    DueProvisionalRole,
    TimerStateRole,
  };

  static constexpr int kPageSize = 100;
  static constexpr int kMaxRows = 1000;  // NodeStore::Search's largest page
  static constexpr int kDebounceMs = 150;

  CaseListModel(StoreThread* store, Scope scope, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;
  bool canFetchMore(const QModelIndex& parent) const override;
  void fetchMore(const QModelIndex& parent) override;

  QString query() const { return query_; }
  void setQuery(const QString& query);
  bool loading() const { return fetching_ || debounce_.isActive(); }
  int count() const { return static_cast<int>(rows_.size()); }
  int greenCount() const;
  bool truncated() const { return truncated_; }
  QString error() const { return error_; }
  Scope scope() const { return scope_; }

  // Reloads from the first page now (after login, after a write).
  Q_INVOKABLE void refresh();
  Q_INVOKABLE QString caseNoAt(int row) const;
  // The QR code of a receipt or notice, as a barcode scanner types it: the case number
  // to open, or empty with `error` saying why (not such a code, a misread check).
  Q_INVOKABLE QString scannedCase(const QString& text);
  // Whether `text` has the shape of such a code (Enter on a name search is not a scan).
  Q_INVOKABLE bool looksScanned(const QString& text) const;

 signals:
  void queryChanged();
  void loadingChanged();
  void countChanged();
  void errorChanged();

 private:
  struct Page {
    bool first = false;  // replaces the rows instead of appending
    std::vector<CaseRow> rows;
    bool exhausted = false;
    bool truncated = false;
  };

  bool Keyset() const;  // pages with before_id (id order), else one bounded page
  void Request(bool first);
  void Apply(Result<Page> page);
  void SetFetching(bool on);
  void SetError(const QString& error);

  StoreThread* store_;
  const Scope scope_;
  QString query_;
  node::CaseQuery base_;  // query_ as parsed when the search started
  QTimer debounce_;
  std::vector<CaseRow> rows_;
  quint64 generation_ = 0;
  bool started_ = false;  // refresh() has run: before that nothing is fetched
  bool fetching_ = false;
  bool applying_ = false;     // a page is going into rows_
  bool more_wanted_ = false;  // fetchMore was called meanwhile
  bool exhausted_ = true;
  bool truncated_ = false;
  QString error_;
};

}  // namespace tongban::desk
