#include "print_preview.h"

#include <QUrl>
#include <memory>
#include <poppler-qt6.h>

namespace tongban::desk {

PrintPreview::PrintPreview() : QQuickImageProvider(QQuickImageProvider::Image) {}

QImage PrintPreview::requestImage(const QString& id, QSize* size, const QSize& requested) {
  // <page>/<serial>/<percent-encoded path>
  const int first = id.indexOf(QLatin1Char('/'));
  const int second = id.indexOf(QLatin1Char('/'), first + 1);
  if (first < 0 || second < 0) return {};
  const int page = id.left(first).toInt();
  const QString file = QUrl::fromPercentEncoding(id.mid(second + 1).toLatin1());
  const std::unique_ptr<Poppler::Document> doc = Poppler::Document::load(file);
  if (!doc || doc->isLocked() || page < 0 || page >= doc->numPages()) return {};
  doc->setRenderHint(Poppler::Document::Antialiasing);
  doc->setRenderHint(Poppler::Document::TextAntialiasing);
  const std::unique_ptr<Poppler::Page> p = doc->page(page);
  if (!p) return {};
  // As wide as the sheet asks for (A4 at 72 points an inch otherwise).
  const QSizeF points = p->pageSizeF();
  const double dpi = requested.width() > 0 ? 72.0 * requested.width() / points.width() : 72.0;
  QImage image = p->renderToImage(dpi, dpi);
  if (size) *size = image.size();
  return image;
}

}  // namespace tongban::desk
