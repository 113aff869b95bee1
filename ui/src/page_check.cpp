#include "page_check.h"

#include <QColor>
#include <QQuickItem>
#include <QRegularExpression>
#include <QVariant>
#include <algorithm>
#include <vector>

namespace tongban::desk {
namespace {

struct ShownText {
  const QQuickItem* item;
  QString text;
  QRectF rect;  // where its glyphs are drawn, in window coordinates
  int order;    // place in painting order
};

// A filled shape that hides what was painted before it (a card, a bar, a button).
struct Cover {
  const QQuickItem* item;
  QRectF rect;
  int order;
};

struct Shown {
  std::vector<ShownText> texts;
  std::vector<Cover> covers;
  int next = 0;
};

bool IsTextItem(const QQuickItem* item) {
  return item->inherits("QQuickText") || item->inherits("QQuickTextInput") ||
         item->inherits("QQuickTextEdit");
}

// Seen at all: visible with every ancestor, not transparent.
bool Seen(const QQuickItem* item) {
  if (!item->isVisible()) return false;
  for (const QQuickItem* i = item; i; i = i->parentItem())
    if (i->opacity() <= 0.01) return false;
  return true;
}

// The part of the window the item may paint in: clipping ancestors cut it.
QRectF VisibleArea(const QQuickItem* item, const QRectF& window) {
  QRectF area = window;
  for (const QQuickItem* i = item->parentItem(); i; i = i->parentItem())
    if (i->clip()) area &= i->mapRectToScene(QRectF(0, 0, i->width(), i->height()));
  return area;
}

// The glyphs' box: the content size placed by the alignment inside the item.
QRectF GlyphRect(const QQuickItem* item) {
  const qreal w = item->width(), h = item->height();
  const qreal cw = std::min(w, item->property("contentWidth").toReal());
  const qreal ch = std::min(h, item->property("contentHeight").toReal());
  const int ha = item->property("effectiveHorizontalAlignment").isValid()
                     ? item->property("effectiveHorizontalAlignment").toInt()
                     : item->property("horizontalAlignment").toInt();
  const int va = item->property("verticalAlignment").toInt();
  const qreal x = (ha & Qt::AlignRight) ? w - cw : (ha & Qt::AlignHCenter) ? (w - cw) / 2 : 0;
  const qreal y = (va & Qt::AlignBottom) ? h - ch : (va & Qt::AlignVCenter) ? (h - ch) / 2 : 0;
  return item->mapRectToScene(QRectF(x, y, cw, ch));
}

// Walks the items in painting order: a parent before its children, children by z.
void Collect(const QQuickItem* item, const QRectF& window, Shown& out) {
  if (!Seen(item)) return;
  const int order = out.next++;
  if (IsTextItem(item)) {
    const QString text = item->property("text").toString().trimmed();
    const QRectF rect = GlyphRect(item) & VisibleArea(item, window);
    if (!text.isEmpty() && rect.width() > 1 && rect.height() > 1)
      out.texts.push_back({item, text, rect, order});
  } else if (item->inherits("QQuickRectangle") &&
             item->property("color").value<QColor>().alphaF() >= 0.5) {
    const QRectF rect =
        item->mapRectToScene(QRectF(0, 0, item->width(), item->height())) & VisibleArea(item, window);
    if (rect.width() > 1 && rect.height() > 1) out.covers.push_back({item, rect, order});
  }
  QList<QQuickItem*> children = item->childItems();
  std::stable_sort(children.begin(), children.end(),
                   [](const QQuickItem* a, const QQuickItem* b) { return a->z() < b->z(); });
  for (const QQuickItem* child : children) Collect(child, window, out);
}

bool Related(const QQuickItem* a, const QQuickItem* b) {
  for (const QQuickItem* i = a; i; i = i->parentItem())
    if (i == b) return true;
  for (const QQuickItem* i = b; i; i = i->parentItem())
    if (i == a) return true;
  return false;
}

// English words a Chinese reader would meet. Not words here: codes (QS-JX01, M05),
// file types, key names, the other language's name in the language list, file paths, logins
// (wangli@QS-JX01) and a command to type (“tongban init --central …”).
QStringList EnglishWords(QString text) {
  static const QRegularExpression names(
      QStringLiteral("(/[^\\s]+)|([A-Za-z0-9_.-]+@)|(tongban(-central)?[^”\"]*)"));
  text.remove(names);
  static const QRegularExpression word(QStringLiteral("[A-Za-z][A-Za-z0-9-]*"));
  static const QStringList kNames = {QStringLiteral("English"), QStringLiteral("PDF"),
                                     QStringLiteral("JPEG"), QStringLiteral("PNG"),
                                     QStringLiteral("Tongban"), QStringLiteral("Ctrl"),
                                     QStringLiteral("Enter"), QStringLiteral("Esc")};
  QStringList out;
  for (auto it = word.globalMatch(text); it.hasNext();) {
    const QString w = it.next().captured();
    const bool code = w.contains(QRegularExpression(QStringLiteral("[0-9]"))) || w == w.toUpper();
    if (w.size() >= 3 && !code && !kNames.contains(w)) out << w;
  }
  return out;
}

QString Short(const QString& text) { return text.size() > 40 ? text.left(40) + "…" : text; }

}  // namespace

QStringList PageProblems(QQuickWindow* window, const QString& page, bool chinese) {
  return ItemProblems(window->contentItem(),
                      QStringLiteral("page %1 (%2)").arg(page, chinese ? "zh_CN" : "en"), chinese);
}

QStringList ItemProblems(const QQuickItem* root, const QString& where, bool chinese) {
  QStringList problems;
  const QRectF area = root->mapRectToScene(QRectF(0, 0, root->width(), root->height()));
  Shown all;
  Collect(root, area, all);
  const std::vector<ShownText>& shown = all.texts;
  for (std::size_t i = 0; i < shown.size(); ++i) {
    const ShownText& a = shown[i];
    if (chinese)
      if (const QStringList words = EnglishWords(a.text); !words.isEmpty())
        problems << QStringLiteral("%1: English in \"%2\": %3")
                        .arg(where, Short(a.text), words.join(QStringLiteral(", ")));
    const QRectF whole = GlyphRect(a.item);
    if (whole.right() > area.right() + 1 || whole.bottom() > area.bottom() + 1)
      problems << QStringLiteral("%1: \"%2\" runs past the edge").arg(where, Short(a.text));
    for (const Cover& c : all.covers) {
      const QRectF hidden = a.rect & c.rect;
      if (c.order > a.order && hidden.width() > 2 && hidden.height() > 2 && !Related(a.item, c.item))
        problems << QStringLiteral("%1: \"%2\" is hidden behind a %3 shape")
                        .arg(where, Short(a.text), QString::fromUtf8(c.item->metaObject()->className()));
    }
    for (std::size_t j = i + 1; j < shown.size(); ++j) {
      const ShownText& b = shown[j];
      const QRectF both = a.rect & b.rect;
      if (both.width() > 2 && both.height() > 2 && !Related(a.item, b.item))
        problems << QStringLiteral("%1: \"%2\" and \"%3\" overlap")
                        .arg(where, Short(a.text), Short(b.text));
    }
  }
  return problems;
}

}  // namespace tongban::desk
