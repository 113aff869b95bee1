// ScanDesk: scanning a material at the window. The clerk picks the station's scanner
// (SANE), scans page after page with a preview of each, and the pages become one PDF
// attached to the material (CaseDetail::attachScannedPdf), which syncs to the
// processing office like any scan. The pages stay in memory until attached, so a
// scanner that vanishes mid-job loses none of the pages already scanned.
#pragma once

#include <QImage>
#include <QMutex>
#include <QObject>
#include <QQuickImageProvider>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>
#include <atomic>
#include <memory>

namespace tongban::desk {

// The scanned pages, shared with the preview's image provider (its own threads).
class ScannedPages {
 public:
  int Count() const;
  QImage At(int index) const;
  void Add(QImage page);
  void DropLast();
  void Clear();
  QList<QImage> All() const;

 private:
  mutable QMutex mu_;
  QList<QImage> pages_;
};

// image://scanpreview/<serial>/<page>
class ScanPreview : public QQuickImageProvider {
 public:
  explicit ScanPreview(std::shared_ptr<ScannedPages> pages);
  QImage requestImage(const QString& id, QSize* size, const QSize& requested) override;

 private:
  std::shared_ptr<ScannedPages> pages_;
};

class ScanDesk : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("ScanDesk is owned by DeskSession")
  // [{name, label}]
  Q_PROPERTY(QVariantList scanners READ scanners NOTIFY scannersChanged)
  Q_PROPERTY(int chosen READ chosen WRITE setChosen NOTIFY scannersChanged)
  Q_PROPERTY(bool lookingForScanners READ lookingForScanners NOTIFY scannersChanged)
  Q_PROPERTY(bool color READ color WRITE setColor NOTIFY stateChanged)
  Q_PROPERTY(int pageCount READ pageCount NOTIFY pagesChanged)
  Q_PROPERTY(QString previewKey READ previewKey NOTIFY pagesChanged)
  Q_PROPERTY(bool scanning READ scanning NOTIFY stateChanged)
  Q_PROPERTY(QString error READ error NOTIFY stateChanged)

 public:
  static constexpr int kDpi = 200;  // legible for forms and IDs, small enough to sync

  explicit ScanDesk(QObject* parent = nullptr);
  ~ScanDesk() override;  // stops a scan on its way: the helper is killed, not awaited

  std::shared_ptr<ScannedPages> pages() const { return pages_; }
  QVariantList scanners() const { return scanners_; }
  int chosen() const { return chosen_; }
  void setChosen(int index);
  bool lookingForScanners() const { return looking_; }
  bool color() const { return color_; }
  void setColor(bool color);
  int pageCount() const { return pages_->Count(); }
  QString previewKey() const { return QString::number(serial_); }
  bool scanning() const { return scanning_; }
  QString error() const { return error_; }

  Q_INVOKABLE void findScanners();
  // Scans the next page from the chosen scanner; `scanned(ok)` follows.
  Q_INVOKABLE void scanPage();
  // Stops the page on its way (a scanner that hangs); the pages before it stay.
  Q_INVOKABLE void stopScan();
  Q_INVOKABLE void dropLastPage();
  Q_INVOKABLE void clear();
  // The pages as one PDF, in memory only (it shows a resident's papers: never a file
  // outside the store), for attaching; empty with `error` set when it cannot be made.
  Q_INVOKABLE QByteArray pdf();

 signals:
  void scannersChanged();
  void pagesChanged();
  void stateChanged();
  void scanned(bool ok);

 private:
  void SetError(const QString& error);

  std::shared_ptr<ScannedPages> pages_ = std::make_shared<ScannedPages>();
  QVariantList scanners_;
  int chosen_ = -1;
  bool looking_ = false;
  bool color_ = false;
  bool scanning_ = false;
  std::shared_ptr<std::atomic<bool>> stop_;  // of the page on its way
  std::shared_ptr<std::atomic<bool>> stop_list_ = std::make_shared<std::atomic<bool>>(false);
  int serial_ = 0;
  int generation_ = 0;  // bumped by clear(): a scan started before belongs to nothing now
  QString error_;
};

}  // namespace tongban::desk
