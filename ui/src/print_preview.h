// PrintPreview: the pages of a printed document as images for the print sheet,
// rendered with Poppler. QML asks for image://printpreview/<page>/<serial>/<path>
// (DocumentPrinter::previewKey); the provider holds no state, so it may run on
// the engine's image threads.
#pragma once

#include <QQuickImageProvider>

namespace tongban::desk {

class PrintPreview : public QQuickImageProvider {
 public:
  PrintPreview();
  QImage requestImage(const QString& id, QSize* size, const QSize& requested) override;
};

}  // namespace tongban::desk
