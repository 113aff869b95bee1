// What a person would notice on a shown page, checked by code: words of the other
// language, texts drawn over each other, cut short or cut off by the window, and
// controls out of reach. The desk's --self-test runs it on every page in both
// languages and at the window size given.
#pragma once

#include <QObject>
#include <QQuickItem>
#include <QQuickWindow>
#include <QString>
#include <QStringList>

namespace tongban::desk {

// Problems on the page shown in `window`, each naming the page and the texts:
// in Chinese (`chinese` true), a visible text holding an English word (three Latin
// letters or more that are not a code, a name of this station or a file type);
// in both languages, two visible texts that overlap, a text that a filled shape
// painted after it hides (the sync bar over a page that does not fit), a text that
// runs past the window's edge, a text cut short (elided, `truncated`), and a button,
// choice or field that a shape hides or that runs past the edge.
QStringList PageProblems(QQuickWindow* window, const QString& page, bool chinese);

// The same for what `root` shows, within its own bounds; `where` starts each problem.
QStringList ItemProblems(const QQuickItem* root, const QString& where, bool chinese);

// ItemProblems for Qt Quick tests: pageCheck.problems(item, true).
class PageCheck : public QObject {
  Q_OBJECT
 public:
  using QObject::QObject;
  Q_INVOKABLE QStringList problems(QQuickItem* root, bool chinese) const {
    return root ? ItemProblems(root, root->objectName(), chinese) : QStringList{"no item"};
  }
};

}  // namespace tongban::desk
