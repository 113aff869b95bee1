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

// Something a person works: a button, a choice, a field (an empty field has no text to check).
struct ShownControl {
  const QQuickItem* item;
  QRectF rect;  // its visible part, in window coordinates
  int order;
};

struct Shown {
  std::vector<ShownText> texts;
  std::vector<ShownControl> controls;
  std::vector<Cover> covers;
  int next = 0;
};

bool IsTextItem(const QQuickItem* item) {
  return item->inherits("QQuickText") || item->inherits("QQuickTextInput") ||
         item->inherits("QQuickTextEdit");
}

bool IsControl(const QQuickItem* item) {
  return item->inherits("QQuickAbstractButton") || item->inherits("QQuickComboBox") ||
         item->inherits("QQuickSpinBox") || item->inherits("QQuickTextField") ||
         item->inherits("QQuickTextArea");
}

QRectF SceneRect(const QQuickItem* item) {
  return item->mapRectToScene(QRectF(0, 0, item->width(), item->height()));
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

// The glyphs' box: the content size placed by the alignment inside the item. `drawn`:
// as painted, which may be wider than the item when the text neither wraps nor elides.
QRectF GlyphRect(const QQuickItem* item, bool drawn = false) {
  const qreal w = item->width(), h = item->height();
  const qreal content_w = item->property("contentWidth").toReal();
  const qreal cw = drawn ? content_w : std::min(w, content_w);
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
  if (IsControl(item)) {
    const QRectF rect = SceneRect(item) & VisibleArea(item, window);
    if (rect.width() > 1 && rect.height() > 1) out.controls.push_back({item, rect, order});
  }
  if (IsTextItem(item)) {
    const QString text = item->property("text").toString().trimmed();
    const QRectF rect = GlyphRect(item) & VisibleArea(item, window);
    if (!text.isEmpty() && rect.width() > 1 && rect.height() > 1)
      out.texts.push_back({item, text, rect, order});
  } else if (item->inherits("QQuickRectangle") &&
             item->property("color").value<QColor>().alphaF() >= 0.5) {
    const QRectF rect = SceneRect(item) & VisibleArea(item, window);
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

bool InList(const QQuickItem* item) {
  for (const QQuickItem* i = item->parentItem(); i; i = i->parentItem())
    if (i->inherits("QQuickItemView")) return true;
  return false;
}

QString Short(const QString& text) { return text.size() > 40 ? text.left(40) + "…" : text; }

// A control by what it says: its text, else its placeholder, else its object name or type.
QString ControlName(const QQuickItem* item) {
  for (const char* p : {"text", "displayText", "placeholderText"})
    if (const QString t = item->property(p).toString().trimmed(); !t.isEmpty()) return Short(t);
  if (!item->objectName().isEmpty()) return item->objectName();
  return QString::fromUtf8(item->metaObject()->className());
}

// The first shape painted after `order` over `rect` that is not part of `item`.
const Cover* CoveredBy(const QQuickItem* item, const QRectF& rect, int order,
                       const std::vector<Cover>& covers) {
  for (const Cover& c : covers) {
    const QRectF hidden = rect & c.rect;
    if (c.order > order && hidden.width() > 2 && hidden.height() > 2 && !Related(item, c.item))
      return &c;
  }
  return nullptr;
}

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
    // Elided or cut to fewer lines: the reader sees "Green channel o…". Rows of a list
    // may elide a long record (an item's name, an address): the record opens whole.
    if (a.item->property("truncated").toBool() && !InList(a.item))
      problems << QStringLiteral("%1: \"%2\" is cut short").arg(where, Short(a.text));
    // Wider than the panel that clips it: "wangli@QS" with the rest cut off, no "…".
    if (!InList(a.item) &&
        GlyphRect(a.item, true).right() > VisibleArea(a.item, area).right() + 1)
      problems << QStringLiteral("%1: \"%2\" is cut off at the right").arg(where, Short(a.text));
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
  // A button or field under the sync bar, or off the window, cannot be reached.
  for (const ShownControl& c : all.controls) {
    const QRectF whole = SceneRect(c.item);
    if (whole.right() > area.right() + 1 || whole.bottom() > area.bottom() + 1)
      problems << QStringLiteral("%1: the control \"%2\" runs past the edge").arg(where, ControlName(c.item));
    if (const Cover* cover = CoveredBy(c.item, c.rect, c.order, all.covers))
      problems << QStringLiteral("%1: the control \"%2\" is hidden behind a %3 shape")
                      .arg(where, ControlName(c.item),
                           QString::fromUtf8(cover->item->metaObject()->className()));
  }
  return problems;
}

}  // namespace tongban::desk
