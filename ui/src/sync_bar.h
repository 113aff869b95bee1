// SyncBar: what the always-visible sync bar shows, and "sync now".
//
// Status (queue depth, last success, open conflicts, last error) is read with
// NodeReplica::GetStatus on the interactive store thread, every kRefreshMs and
// after each sync. "Sync now" runs NodeSync's RunOnce on the sync thread, which
// has its own store connection, so searches and intake go on while the network
// is slow; push and pull progress arrive as queued calls.
// "Online" means the last attempt reached the hub; the desk never probes the
// network by itself, except for the periodic sync the station turned on in
// the settings (SetAutoSyncInterval), which runs the same RunOnce as "sync now".
#pragma once

#include <QObject>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <optional>
#include <vector>

#include "store_thread.h"
#include "tongban/node/messages/sync_messages.h"
#include "tongban/node/store/node_replica.h"

namespace tongban::desk {

class SyncBar : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("SyncBar is owned by DeskSession")
  Q_PROPERTY(bool known READ known NOTIFY changed)
  Q_PROPERTY(bool enrolled READ enrolled NOTIFY changed)
  Q_PROPERTY(bool online READ online NOTIFY changed)
  Q_PROPERTY(QString hubUrl READ hubUrl NOTIFY changed)
  Q_PROPERTY(qint64 queueDepth READ queueDepth NOTIFY changed)
  Q_PROPERTY(QString oldestUnsent READ oldestUnsent NOTIFY changed)
  Q_PROPERTY(QString lastSuccess READ lastSuccess NOTIFY changed)
  Q_PROPERTY(QString lastAttempt READ lastAttempt NOTIFY changed)
  Q_PROPERTY(QString lastError READ lastError NOTIFY changed)
  Q_PROPERTY(qint64 openConflicts READ openConflicts NOTIFY changed)
  Q_PROPERTY(qint64 rejected READ rejected NOTIFY changed)
  Q_PROPERTY(bool running READ running NOTIFY changed)
  Q_PROPERTY(double progress READ progress NOTIFY changed)
  Q_PROPERTY(QString progressText READ progressText NOTIFY changed)
  Q_PROPERTY(QString outcome READ outcome NOTIFY changed)
  Q_PROPERTY(bool autoSync READ autoSync NOTIFY changed)
  // A change the hub holds back, a station clock that is off, or a software update due:
  // what it is and what to do.
  Q_PROPERTY(QString notice READ notice NOTIFY changed)
  // The latest changes the hub refused for good, one line each, newest first.
  Q_PROPERTY(QString refusals READ refusals NOTIFY changed)

 public:
  static constexpr int kRefreshMs = 15000;

  SyncBar(StoreThread* store, StoreThread* sync_thread, QObject* parent = nullptr);

  bool known() const { return known_; }  // a status has been read
  bool enrolled() const { return !hub_url_.isEmpty(); }
  bool online() const { return online_; }
  QString hubUrl() const { return hub_url_; }
  qint64 queueDepth() const { return queue_depth_; }
  QString oldestUnsent() const { return oldest_unsent_; }
  QString lastSuccess() const { return last_success_; }
  QString lastAttempt() const { return last_attempt_; }
  QString lastError() const { return last_error_; }
  qint64 openConflicts() const { return open_conflicts_; }
  qint64 rejected() const { return rejected_; }
  bool running() const { return running_; }
  double progress() const { return progress_; }  // 0..1, or -1 while the total is unknown
  QString progressText() const { return progress_text_; }
  QString outcome() const { return outcome_; }  // what the last "sync now" did
  bool autoSync() const { return auto_interval_ms_ > 0; }
  QString notice() const;
  QString refusals() const;

  // Starts or stops the periodic status refresh and auto-sync (on while someone is logged in).
  void SetActive(bool on);
  // Syncs by itself every `ms` while active and enrolled; 0 turns it off. A
  // sync still running when the time comes is not doubled.
  void SetAutoSyncInterval(int ms);
  // The language notices are rendered in (they come as codes from the store).
  void SetLanguage(node::Language language);

  Q_INVOKABLE void refresh();
  Q_INVOKABLE void syncNow();

 signals:
  void changed();
  // A sync brought changes from the hub: lists are out of date.
  void pulled();
  // The hub revoked this node and took what it sent: the station is to be erased.
  void revoked();

 private:
  struct Snapshot;
  void Apply(const Snapshot& s);

  StoreThread* store_;
  StoreThread* sync_thread_;
  QTimer timer_;
  QTimer auto_timer_;
  int auto_interval_ms_ = 0;
  bool active_ = false;
  bool known_ = false;
  bool online_ = false;
  QString hub_url_;
  qint64 queue_depth_ = 0;
  QString oldest_unsent_, last_success_, last_attempt_, last_error_;
  qint64 open_conflicts_ = 0;
  qint64 rejected_ = 0;
  bool running_ = false;
  double progress_ = 0;
  QString progress_text_;
  QString outcome_;
  node::Language language_ = node::Language::kChinese;
  std::optional<node::HubNote> held_;
  std::vector<node::HubNote> refused_;
  std::optional<std::int64_t> clock_offset_ms_;
  int update_due_schema_ = 0;  // the hub's newer replication schema: an update is due
  int spoken_schema_ = 0;
};

}  // namespace tongban::desk
