#include "scan_desk.h"

#include <QBuffer>
#include <QPainter>
#include <QPdfWriter>
#include <optional>

#include "labels.h"
#include "off_thread.h"
#include "sane_scanner.h"

namespace tongban::desk {
namespace {

QImage ToImage(const ScannedPage& p) {
  const int bytes_per_line = p.width * (p.color ? 3 : 1);
  QImage image(p.pixels.data(), p.width, p.height, bytes_per_line,
               p.color ? QImage::Format_RGB888 : QImage::Format_Grayscale8);
  QImage owned = image.copy();  // the pixels' buffer goes with the ScannedPage
  const int dots_per_metre = static_cast<int>(p.dpi / 0.0254 + 0.5);
  owned.setDotsPerMeterX(dots_per_metre);
  owned.setDotsPerMeterY(dots_per_metre);
  return owned;
}


}  // namespace

int ScannedPages::Count() const {
  QMutexLocker lock(&mu_);
  return static_cast<int>(pages_.size());
}

QImage ScannedPages::At(int index) const {
  QMutexLocker lock(&mu_);
  return index >= 0 && index < pages_.size() ? pages_[index] : QImage();
}

void ScannedPages::Add(QImage page) {
  QMutexLocker lock(&mu_);
  pages_.append(std::move(page));
}

void ScannedPages::DropLast() {
  QMutexLocker lock(&mu_);
  if (!pages_.isEmpty()) pages_.removeLast();
}

void ScannedPages::Clear() {
  QMutexLocker lock(&mu_);
  pages_.clear();
}

QList<QImage> ScannedPages::All() const {
  QMutexLocker lock(&mu_);
  return pages_;
}

ScanPreview::ScanPreview(std::shared_ptr<ScannedPages> pages)
    : QQuickImageProvider(QQuickImageProvider::Image), pages_(std::move(pages)) {}

QImage ScanPreview::requestImage(const QString& id, QSize* size, const QSize& requested) {
  const QImage page = pages_->At(id.section(QLatin1Char('/'), 1, 1).toInt());
  if (page.isNull()) return {};
  const QImage out = requested.width() > 0 ? page.scaledToWidth(requested.width(), Qt::SmoothTransformation)
                                           : page;
  if (size) *size = out.size();
  return out;
}

ScanDesk::ScanDesk(QObject* parent) : QObject(parent) {}

ScanDesk::~ScanDesk() {
  if (stop_) *stop_ = true;
  *stop_list_ = true;  // a listing that hangs on the network ends with the desk
}

void ScanDesk::setChosen(int index) {
  if (index == chosen_ || index < 0 || index >= scanners_.size()) return;
  chosen_ = index;
  emit scannersChanged();
}

void ScanDesk::setColor(bool color) {
  if (color == color_) return;
  color_ = color;
  emit stateChanged();
}

void ScanDesk::SetError(const QString& error) {
  error_ = error;
  emit stateChanged();
}

void ScanDesk::findScanners() {
  if (looking_) return;
  looking_ = true;
  emit scannersChanged();
  OffThread<Result<std::vector<ScannerDevice>>>(this, [stop = stop_list_] { return ListScanners(*stop); },
                                                [this](Result<std::vector<ScannerDevice>> found) {
    const QString before = chosen_ >= 0 && chosen_ < scanners_.size()
                               ? scanners_[chosen_].toMap().value(QStringLiteral("name")).toString()
                               : QString();
    scanners_.clear();
    chosen_ = -1;
    if (!found.ok() && found.status().code() != ErrorCode::kCancelled) SetError(ErrorText(found.status()));
    else if (found.ok()) error_.clear();
    const std::vector<ScannerDevice> devices = found.ok() ? *found : std::vector<ScannerDevice>{};
    for (std::size_t i = 0; i < devices.size(); ++i) {
      scanners_.append(QVariantMap{{"name", Q(devices[i].name)}, {"label", Q(devices[i].label).trimmed()}});
      if (chosen_ < 0 || Q(devices[i].name) == before) chosen_ = static_cast<int>(i);
    }
    looking_ = false;
    emit scannersChanged();
  });
}

void ScanDesk::scanPage() {
  if (scanning_ || chosen_ < 0 || chosen_ >= scanners_.size()) return;
  const QVariantMap s = scanners_[chosen_].toMap();
  scanning_ = true;
  error_.clear();
  stop_ = std::make_shared<std::atomic<bool>>(false);
  emit stateChanged();
  OffThread<Result<ScannedPage>>(
      this,
      [device = S(s.value(QStringLiteral("name")).toString()), color = color_, stop = stop_] {
        return ScanPage(device, kDpi, color, *stop);
      },
      [this, label = s.value(QStringLiteral("label")).toString(), generation = generation_](
          Result<ScannedPage> page) {
        scanning_ = false;
        // Cleared meanwhile (another material, a logout), or stopped by the clerk:
        // nothing to keep and nothing to explain.
        if (generation != generation_ ||
            (!page.ok() && page.status().code() == ErrorCode::kCancelled)) {
          emit stateChanged();
          emit scanned(false);
          return;
        }
        if (!page.ok()) {
          // The pages scanned so far stay: plug the scanner back in and go on.
          const QString failed = tr("扫描仪“%1”没有扫完这一页：%2。").arg(label, ErrorText(page.status()));
          SetError(pages_->Count() == 0 ? failed
                                        : failed + tr("已扫的 %1 页都还在。").arg(pages_->Count()));
          emit scanned(false);
          return;
        }
        pages_->Add(ToImage(*page));
        ++serial_;
        emit stateChanged();
        emit pagesChanged();
        emit scanned(true);
      });
}

void ScanDesk::stopScan() {
  if (scanning_ && stop_) *stop_ = true;
}

void ScanDesk::dropLastPage() {
  pages_->DropLast();
  ++serial_;
  emit pagesChanged();
}

void ScanDesk::clear() {
  ++generation_;  // a page still on its way belongs to what was cleared
  if (stop_) *stop_ = true;
  pages_->Clear();
  ++serial_;
  error_.clear();
  emit stateChanged();
  emit pagesChanged();
}

QByteArray ScanDesk::pdf() {
  const QList<QImage> pages = pages_->All();
  if (pages.isEmpty()) return {};
  QByteArray bytes;
  {
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    writer.setCreator(QStringLiteral("Tongban"));
    writer.setResolution(kDpi);
    QPainter painter;
    for (int i = 0; i < pages.size(); ++i) {
      const QImage& page = pages[i];
      // Each page at its scanned size (at the resolution the scanner used), so a PDF page
      // is the paper that was scanned.
      const double dpi = page.dotsPerMeterX() > 0 ? page.dotsPerMeterX() * 0.0254 : kDpi;
      writer.setPageSize(QPageSize(QSizeF(page.width() * 25.4 / dpi, page.height() * 25.4 / dpi),
                                   QPageSize::Millimeter));
      writer.setPageMargins({0, 0, 0, 0});
      if (i == 0) {
        if (!painter.begin(&writer)) break;
      } else {
        writer.newPage();
      }
      const double scale = kDpi / dpi;  // the writer's units are kDpi dots
      painter.drawImage(QRectF(0, 0, page.width() * scale, page.height() * scale), page);
    }
    if (painter.isActive()) painter.end();
  }
  if (bytes.isEmpty()) {
    SetError(tr("无法把扫描页写成 PDF（内存是否不足？）"));
    return {};
  }
  return bytes;
}

}  // namespace tongban::desk
