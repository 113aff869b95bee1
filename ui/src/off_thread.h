// OffThread: work that blocks on a device or a local service (CUPS, SANE) runs on
// Qt's thread pool, and its result comes back on the owner's thread, unless the
// owner is gone by then. Store work goes through StoreThread instead.
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QtConcurrent/QtConcurrentRun>
#include <memory>
#include <optional>

namespace tongban::desk {

template <typename T, typename Work, typename Done>
void OffThread(QObject* owner, Work work, Done done) {
  auto result = std::make_shared<std::optional<T>>();
  auto* watcher = new QFutureWatcher<void>(owner);
  QObject::connect(watcher, &QFutureWatcherBase::finished, owner,
                   [watcher, result, done = std::move(done)]() mutable {
                     watcher->deleteLater();
                     if (*result) done(std::move(**result));  // empty only if `work` threw
                   });
  watcher->setFuture(
      QtConcurrent::run([result, work = std::move(work)]() mutable { *result = work(); }));
}

}  // namespace tongban::desk
